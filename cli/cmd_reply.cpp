// `lkmine reply`: compose a reply-all to an indexed mail, let the user edit it, send or save it.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/index/store.hpp"
#include "core/mail/msgid.hpp"
#include "core/mail/outgoing.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/reply.hpp"
#include "core/mail/review_quote.hpp"
#include "ingest/reply_send.hpp"
#include "ingest/reply_settings.hpp"

#include <iostream>

namespace lkmine::cli {
namespace {

int fail(const Error& e) {
    std::cerr << "lkmine reply: " << e.message << (e.hint.empty() ? "" : " (" + e.hint + ")")
              << "\n";
    return exit_code(e);
}

Result<ReplySettings> settings_for(const ReplyCmdOptions& opt) {
    auto s = load_reply_settings();
    if (!s) return s;
    if (s->identity.email.empty())
        return make_error("no identity to reply as", ErrorCode::usage,
                          "set git config user.email, $LKMINE_EMAIL, or email = in " +
                              reply_config_path() + "; see docs/REPLY.md");
    if (!opt.sendmail.empty()) s->sendmail = opt.sendmail;
    if (!opt.send_with.empty()) s->send_with = opt.send_with;
    if (!opt.output.empty()) s->send_with.clear(); // --output wins over a configured sender
    return s;
}

Result<ReplyOptions> reply_options(const ReplyCmdOptions& opt, const std::string& raw) {
    ReplyOptions ro;
    ro.context = opt.context;
    if (!opt.comments.empty()) {
        Message m = parse_message({raw, {}});
        for (const auto& arg : opt.comments) {
            auto c = parse_comment_arg(m, arg);
            if (!c) return c.error_info();
            ro.comments.push_back(*c);
        }
    }
    if (opt.reviewed_by) ro.trailers.push_back("Reviewed-by");
    if (opt.acked_by) ro.trailers.push_back("Acked-by");
    if (opt.tested_by) ro.trailers.push_back("Tested-by");
    return ro;
}

Result<std::string> parent_raw(const ReplyCmdOptions& opt) {
    auto store = StoreReader::open(opt.db);
    if (!store) return store.error_info();
    auto mail = store->get(msgid_from_arg(opt.msgid));
    if (!mail) return mail.error_info();
    if (mail->summary.ghost)
        return make_error("<" + mail->summary.message_id +
                              "> is a missing mail: no indexed "
                              "source holds it, so there is nothing to reply to",
                          ErrorCode::not_found);
    return mail->raw;
}

// Sends or saves; returns {method, where}.
Result<std::pair<std::string, std::string>>
deliver(const std::string& mail, const ReplyCmdOptions& opt, const ReplySettings& s) {
    if (!s.send_with.empty()) {
        auto cmd = send_reply(mail, s.send_with, s);
        if (!cmd) return cmd.error_info();
        return std::pair{s.send_with, *cmd};
    }
    if (!opt.output.empty() && opt.output != "-") {
        if (auto st = save_reply(mail, opt.output); !st) return st.error_info();
        return std::pair{std::string("file"), opt.output};
    }
    if (!opt.json) std::cout << mail;
    return std::pair{std::string("stdout"), std::string("-")};
}

} // namespace

int run_reply(const ReplyCmdOptions& opt) {
    auto settings = settings_for(opt);
    if (!settings) return fail(settings.error_info());
    auto raw = parent_raw(opt);
    if (!raw) return fail(raw.error_info());
    auto ro = reply_options(opt, *raw);
    if (!ro) return fail(ro.error_info());
    auto draft = compose_reply(*raw, settings->identity, *ro);
    if (!draft) return fail(draft.error_info());
    std::string text = draft_text(*draft);
    if (!opt.no_edit) {
        auto edited = edit_in_editor(text);
        if (!edited) return fail(edited.error_info());
        text = *edited;
    }
    Date date = reply_date();
    std::string id = opt.message_id.empty() ? new_message_id(date, settings->identity.email)
                                            : msgid_from_arg(opt.message_id);
    auto mail = finalize_mail(text, date, id);
    if (!mail) return fail(mail.error_info());
    auto where = deliver(*mail, opt, *settings);
    if (!where) return fail(where.error_info());
    Message sent = parse_message({*mail, {}});
    if (opt.json) {
        std::cout << reply_to_json(sent, where->first, where->second) << "\n";
    } else if (where->first != "stdout") {
        std::cerr << "lkmine reply: <" << sent.message_id << "> "
                  << (where->first == "file" ? "saved to " : "sent with ") << where->second << "\n";
    }
    return 0;
}

} // namespace lkmine::cli
