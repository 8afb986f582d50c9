// `lkmine search`, `thread`, `show`, `series` and `export`: reading the index.
#include "cli/cmd_show.hpp"
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/safe_output.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/copies.hpp"
#include "core/index/store.hpp"
#include "core/mail/date.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/msgid.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_review.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>

namespace lkmine::cli {
namespace {

Result<StoreReader> open_store(const std::string& db, const char* cmd) {
    auto store = StoreReader::open(db);
    if (!store) std::cerr << "lkmine " << cmd << ": " << store.error() << "\n";
    return store;
}

std::string pad(std::string s, std::size_t width) {
    // Width in code points, so names with accents line up.
    std::size_t cps = 0, cut = s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == width) {
                cut = i;
                break;
            }
            ++cps;
        }
    }
    s.resize(cut);
    if (cps < width) s.append(width - cps, ' ');
    return s;
}

std::string who(const Address& a) {
    return safe_line(a.name.empty() ? a.email : a.name);
}

std::string badges(const MailSummary& m) {
    std::string b;
    const SubjectInfo& s = m.subject_info;
    if (s.is_patch && !s.is_reply) {
        b += " [PATCH";
        if (s.revision > 1) b += " v" + std::to_string(s.revision);
        if (s.total) b += " " + std::to_string(s.index) + "/" + std::to_string(s.total);
        b += "]";
    }
    for (const auto& f : m.flags)
        if (f == "recovered" || f == "duplicate-differs" || f == "no-message-id" ||
            f == "truncated" || f == "copy")
            b += " [" + f + "]";
    return b;
}

// The day shown is the day d: finds (UTC) unless the reader asked for local dates.
void print_summary_line(const MailSummary& m, bool local) {
    std::string date = pad(format_for_display(m.date, local), 21);
    std::cout << date << "  " << pad(who(m.from), 22) << "  " << safe_line(m.subject) << "\n";
    std::cout << std::string(23, ' ') << "<" << m.message_id << ">";
    if (!m.lists.empty()) {
        std::cout << "  ";
        for (std::size_t i = 0; i < m.lists.size(); ++i)
            std::cout << (i ? "," : "") << m.lists[i];
    }
    std::cout << badges(m) << "\n";
}

const char* count_words(SearchPage::Count c) {
    return c == SearchPage::Count::exact      ? ""
           : c == SearchPage::Count::at_least ? "at least "
                                              : "about ";
}

// A mail show can print: copy `copy` of msgid, not a ghost.
Result<StoredMail> shown_mail(StoreReader& store, const std::string& msgid, std::size_t copy) {
    auto mail = get_copy(store, msgid, copy);
    if (mail && mail->summary.ghost)
        return make_error("<" + mail->summary.message_id +
                          "> is a missing mail: other mails refer to it, but no indexed source "
                          "holds it (see lkmine thread)");
    return mail;
}

// MSGID "-": the Message-IDs are read from standard input, one a line, with the store opened
// once (a script asking about thousands of mails starts lkmine once, not once per mail).
bool reads_ids_from_stdin(const MailCmdOptions& opt) {
    return opt.msgid == "-";
}

// One JSON line per id read from standard input, in input order: `one`'s answer, or
// {"message_id", "error"} when there is none. Exit 1 when any id had no answer.
int answer_each_id(const MailCmdOptions& opt, const char* cmd,
                   const std::function<Result<std::string>(const std::string&)>& one) {
    if (!opt.json) {
        std::cerr << "lkmine " << cmd << ": MSGID - (Message-IDs from standard input) needs "
                  << "--json (one JSON line per Message-ID)\n";
        return 2;
    }
    int status = 0;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::string msgid = msgid_from_arg(line);
        auto answer = one(msgid);
        if (answer) {
            std::cout << *answer << "\n";
        } else {
            std::cout << error_to_json(msgid, answer.error()) << "\n";
            status = 1;
        }
    }
    std::cout.flush();
    return status;
}

} // namespace

int run_search(const SearchCmdOptions& opt) {
    auto store = open_store(opt.db, "search");
    if (!store) return 1;
    SearchOptions so;
    so.limit = opt.limit;
    so.threads = opt.threads;
    so.sort = opt.sort == "relevance" ? SearchOptions::Sort::relevance : SearchOptions::Sort::date;
    auto page = store->search(opt.query, so);
    if (!page) {
        std::cerr << "lkmine search: " << page.error() << "\n";
        return 1;
    }
    for (const auto& m : page->results) {
        if (opt.json)
            std::cout << summary_to_json(m) << "\n";
        else
            print_summary_line(m, opt.local);
    }
    if (!opt.json)
        std::cerr << page->results.size() << " of " << count_words(page->count)
                  << page->estimated_total << (opt.threads ? " threads\n" : " results\n");
    return 0;
}

int run_thread(const MailCmdOptions& opt) {
    auto store = open_store(opt.db, "thread");
    if (!store) return 1;
    if (reads_ids_from_stdin(opt))
        return answer_each_id(opt, "thread", [&](const std::string& msgid) -> Result<std::string> {
            auto tree = store->thread(msgid);
            if (!tree) return tree.error_info();
            return thread_to_json(*tree);
        });
    auto tree = store->thread(msgid_from_arg(opt.msgid));
    if (!tree) {
        std::cerr << "lkmine thread: " << tree.error() << "\n";
        return 1;
    }
    if (opt.json) {
        std::cout << thread_to_json(*tree) << "\n";
        return 0;
    }
    std::string wanted = msgid_from_arg(opt.msgid);
    for (const auto& e : tree->entries) {
        std::string indent(static_cast<std::size_t>(e.depth) * 2, ' ');
        const MailSummary& m = e.mail;
        std::string mark = m.message_id == wanted ? "* " : "  ";
        if (m.ghost) {
            std::cout << mark << indent << "[missing] <" << m.message_id << ">\n";
            continue;
        }
        bool copy = std::find(m.flags.begin(), m.flags.end(), "copy") != m.flags.end();
        std::cout << mark << indent << (copy ? "[same Message-ID, other content] " : "")
                  << safe_line(m.subject) << "  -- " << who(m.from) << ", "
                  << format_for_display(m.date, opt.local) << "\n";
    }
    std::cerr << tree->entries.size() << " mails in thread " << tree->thread_id << "\n";
    return 0;
}

int run_show(const MailCmdOptions& opt) {
    return run_show_copy(opt, 1);
}

int run_show_copy(const MailCmdOptions& opt, std::size_t copy) {
    auto store = open_store(opt.db, "show");
    if (!store) return 1;
    if (reads_ids_from_stdin(opt))
        return answer_each_id(opt, "show", [&](const std::string& msgid) -> Result<std::string> {
            auto mail = shown_mail(*store, msgid, copy);
            if (!mail) return mail.error_info();
            return message_to_json(parse_message({mail->raw, {mail->origin, ""}}));
        });
    std::string msgid = msgid_from_arg(opt.msgid);
    auto mail = shown_mail(*store, msgid, copy);
    if (!mail) {
        std::cerr << "lkmine show: " << mail.error() << "\n";
        return 1;
    }
    if (opt.raw) {
        raw_stdout() << mail->raw;
        return 0;
    }
    Message m = parse_message({mail->raw, {mail->origin, ""}});
    if (opt.json) {
        std::cout << message_to_json(m) << "\n";
        return 0;
    }
    std::cout << "From:       " << safe_line(m.from.name.empty() ? "" : m.from.name + " ") << "<"
              << safe_line(m.from.email) << ">\n";
    std::cout << "Date:       " << format_for_display(m.date, opt.local, true);
    if (!m.date_text.empty()) std::cout << " (sent " << safe_line(m.date_text) << ")";
    std::cout << "\n";
    std::cout << "Subject:    " << safe_line(m.subject) << "\n";
    std::cout << "Message-ID: <" << m.message_id << ">\n";
    if (!m.in_reply_to.empty()) std::cout << "In-Reply-To: <" << m.in_reply_to << ">\n";
    if (!mail->summary.lists.empty()) {
        std::cout << "Lists:     ";
        for (const auto& l : mail->summary.lists)
            std::cout << " " << l;
        std::cout << "\n";
    }
    std::cout << "Origin:     " << mail->origin << "\n";
    for (const auto& f : mail->summary.flags)
        if (f == "truncated")
            std::cout << "Truncated:  only the first " << mail->raw.size()
                      << " bytes were indexed: the mail was over the size cap "
                         "(lkmine index --max-mail-size)\n";
    if (std::size_t copies = mail_copies(*store, msgid); copies > 1)
        std::cout << "Copies:     " << copies
                  << " different mails use this Message-ID; this is copy " << copy
                  << " (lkmine show --copy N)\n";
    for (const auto& c : mail->other_copies)
        std::cout << "Also at:    " << c << "\n";
    for (const auto& a : m.attachments)
        std::cout << "Attachment: " << safe_line(a.filename) << " (" << safe_line(a.content_type)
                  << ", " << a.size << " bytes)\n";
    std::cout << "\n" << m.body_text;
    if (!m.body_text.empty() && m.body_text.back() != '\n') std::cout << "\n";
    for (const auto& p : m.patches)
        if (p.source == "attachment") std::cout << "\n--- attached patch ---\n" << p.text;
    return 0;
}

int run_series(const MailCmdOptions& opt) {
    auto store = open_store(opt.db, "series");
    if (!store) return 1;
    std::string msgid = msgid_from_arg(opt.msgid);
    auto revs = find_series(*store, msgid);
    if (!revs) {
        std::cerr << "lkmine series: " << revs.error() << "\n";
        return 1;
    }
    for (auto& r : *revs)
        read_reviews(*store, r);
    if (opt.json) {
        std::cout << series_to_json(msgid, *revs) << "\n";
        return 0;
    }
    auto given = [](const std::vector<GivenTrailer>& ts, const char* indent) {
        for (const auto& g : ts)
            std::cout << indent << safe_line(g.trailer.key) << ": " << safe_line(g.trailer.value)
                      << "  (" << g.where << ", from " << who(g.by) << ")\n";
    };
    for (const auto& r : *revs) {
        std::cout << "v" << r.revision << "  "
                  << format_for_display(r.head.date, opt.local).substr(0, 10) << "  "
                  << safe_line(r.head.subject) << "\n    <" << r.head.message_id << ">  by "
                  << who(r.head.from) << "\n    tied by " << r.tie
                  << (r.tied_to.empty() ? "" : " to <" + r.tied_to + ">") << "\n";
        if (!r.series_trailers.empty()) std::cout << "    for the whole series:\n";
        given(r.series_trailers, "          ");
        for (std::size_t i = 0; i < r.patches.size(); ++i) {
            const MailSummary& p = r.patches[i];
            std::cout << "    " << (p.message_id == msgid ? "* " : "  ") << safe_line(p.subject)
                      << "\n";
            if (i < r.patch_trailers.size()) given(r.patch_trailers[i], "          ");
        }
    }
    return 0;
}

int run_export(const ExportCmdOptions& opt) {
    auto store = open_store(opt.db, "export");
    if (!store) return 1;
    if (opt.am) {
        auto hits = store->search(opt.query, SearchOptions{});
        if (!hits) {
            std::cerr << "lkmine export: " << hits.error() << "\n";
            return 1;
        }
        for (const auto& h : hits->results)
            if (h.subject_info.is_patch && !h.subject_info.is_reply) {
                AmCmdOptions am;
                am.db = opt.db;
                am.output = opt.mbox;
                return write_am(am, h.message_id, "export");
            }
        std::cerr << "lkmine export: no patch mail matches\n";
        return 1;
    }
    SearchOptions so;
    so.limit = 100000;
    so.threads = true;
    auto page = store->search(opt.query, so);
    if (!page) {
        std::cerr << "lkmine export: " << page.error() << "\n";
        return 1;
    }
    std::ofstream file;
    std::ostream* out = &raw_stdout();
    if (opt.mbox != "-") {
        file.open(opt.mbox, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::cerr << "lkmine export: cannot write " << opt.mbox << "\n";
            return 1;
        }
        out = &file;
    }
    std::set<std::string> threads_done;
    std::size_t mails = 0, missing = 0;
    // A mail whose raw bytes cannot be read (its archive moved) is named, never dropped quietly.
    auto lost = [&](const std::string& why) {
        if (++missing <= 20) std::cerr << "lkmine export: warning: " << safe_line(why) << "\n";
    };
    for (const auto& hit : page->results) {
        if (!threads_done.insert(hit.thread_id).second) continue;
        auto tree = store->thread(hit.message_id);
        if (!tree) {
            lost("thread of <" + hit.message_id + ">: " + tree.error());
            continue;
        }
        for (const auto& e : tree->entries) {
            if (e.mail.ghost) continue;
            auto mail = store->get(e.mail.message_id);
            if (!mail) {
                lost(mail.error());
                continue;
            }
            *out << mboxrd_entry(mail->raw);
            ++mails;
        }
    }
    out->flush();
    if (!*out) {
        std::cerr << "lkmine export: writing " << opt.mbox << " failed\n";
        return 1;
    }
    if (missing > 20) std::cerr << "lkmine export: warning: ... and " << missing - 20 << " more\n";
    std::cerr << "exported " << mails << " mails in " << threads_done.size() << " threads to "
              << opt.mbox;
    if (missing) std::cerr << "; " << missing << " mails could not be read and are missing";
    std::cerr << "\n";
    // 1: nothing could be exported; 3: some mails are missing from the mbox (as index's 3).
    if (missing) return mails ? 3 : 1;
    return 0;
}

} // namespace lkmine::cli
