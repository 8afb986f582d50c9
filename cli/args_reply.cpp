// The `reply` subcommand: a kernel-style reply-all with review comments, sent or saved.
#include "cli/args.hpp"
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

namespace lkmine::cli {

void add_reply_commands(CLI::App& app, CommandLine& cl) {
    auto& r = cl.keep<ReplyCmdOptions>();
    CLI::App* c = app.add_subcommand(
        "reply",
        "Reply to an indexed mail the way kernel lists expect: To the author (Reply-To "
        "respected), Cc every other recipient and the list, In-Reply-To and References set, "
        "'Re:' subject, 'On DATE, AUTHOR wrote:' and the mail quoted with '> '. With "
        "--comment, only the commented diff lines are quoted, each comment after its lines. "
        "The reply opens in $VISUAL/$EDITOR (emptying it aborts), then goes to --send-with, "
        "to --output, or to standard output. Identity and senders: docs/REPLY.md.");
    add_db(c, cl.db);
    c->add_option("MSGID", r.msgid, "The mail to reply to (a Message-ID or a lore URL)")
        ->required();
    c->add_option("--comment", r.comments,
                  "FILE:LINE[-LINE]=TEXT: a review comment after these lines of the mail's "
                  "patch (post-image line numbers, as in the hunk's +N; FILE may be the last "
                  "components of the path); repeatable")
        ->type_name("FILE:LINE=TEXT");
    c->add_flag("--reviewed-by", r.reviewed_by, "End with Reviewed-by: YOU");
    c->add_flag("--acked-by", r.acked_by, "End with Acked-by: YOU");
    c->add_flag("--tested-by", r.tested_by, "End with Tested-by: YOU");
    c->add_option("--context", r.context, "Diff lines quoted before each comment's lines")
        ->default_val(3);
    auto* out = c->add_option("-o,--output", r.output,
                              "Save the reply as an .eml file (- for standard output)");
    c->add_option("--send-with", r.send_with,
                  "Send it: sendmail (a sendmail-compatible program, msmtp -t by default) or "
                  "git-send-email")
        ->check(CLI::IsMember({"sendmail", "git-send-email"}))
        ->excludes(out);
    c->add_option("--sendmail", r.sendmail,
                  "The sendmail-compatible command, e.g. 'msmtp -a work -t' (default: the "
                  "config file's, else msmtp -t, else /usr/sbin/sendmail -t -i)");
    c->add_flag("--no-edit", r.no_edit, "Do not open an editor: send or save as composed");
    c->add_flag("--json", r.json,
                "Print {message_id, subject, from, to, cc, in_reply_to, references, date, "
                "delivered{method, to}} instead of the mail");
    c->add_option("--message-id", r.message_id,
                  "Use this Message-ID instead of a fresh one (for reproducible tests; "
                  "$LKMINE_DATE sets the Date the same way)");
    c->callback([&] {
        r.db = cl.db;
        cl.exit_code = run_reply(r);
    });
}

} // namespace lkmine::cli
