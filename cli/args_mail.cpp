// Subcommands that read mails and series: parse, thread, show, series, range-diff, export, am.
#include "cli/args.hpp"
#include "cli/cmd_show.hpp"
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

namespace lkmine::cli {

void add_mail_commands(CLI::App& app, CommandLine& cl) {
    auto& parse = cl.keep<ParseOptions>();
    CLI::App* p = app.add_subcommand(
        "parse", "Parse raw mails (a single mail, an mbox, or a flattened mail) and print what "
                 "lkmine understood: ids, decoded subject and addresses, date, lists, body, "
                 "attachments, patches with their git patch-id, trailers and warnings.");
    p->add_option("FILE", parse.files, "Mail files; - reads standard input")->required();
    p->add_flag("--json", parse.json,
                "One JSON object per mail (JSON lines): message_id, in_reply_to, references, "
                "subject, subject_info, from, to, cc, date, list_ids, body_text, attachments, "
                "patches, trailers, recovered, warnings");
    p->add_flag("--body", parse.body, "Also print the decoded body text");
    p->callback([&] { cl.exit_code = run_parse(parse); });

    auto& mail = cl.keep<MailCmdOptions>();
    auto add_mail_cmd = [&](const char* name, const char* help, int (*fn)(const MailCmdOptions&)) {
        CLI::App* c = app.add_subcommand(name, help);
        add_db(c, cl.db);
        c->add_option("MSGID", mail.msgid,
                      "A Message-ID (with or without <>) or a lore URL "
                      "(https://lore.kernel.org/LIST/MSGID/ or /r/MSGID); for show and thread "
                      "with --json, - reads them from standard input, one a line, and prints "
                      "one JSON line per id in order ({message_id, error} when it has none; "
                      "exit 1 then)")
            ->required();
        c->add_flag("--local", mail.local,
                    "Dates in your own time zone (default: UTC, the days d: searches by)");
        c->callback([&, fn] {
            mail.db = cl.db;
            cl.exit_code = fn(mail);
        });
        return c;
    };
    add_mail_cmd("thread",
                 "Show the whole thread of a mail as a tree; every mail the thread refers to "
                 "but no source holds is shown as [missing] where References places it.",
                 run_thread)
        ->add_flag("--json", mail.json,
                   "A tree of nodes {message_id, subject, from, date, ghost, children[]}");
    CLI::App* show = add_mail_cmd("show", "Show one mail: headers and decoded body.", run_show);
    show->add_flag("--raw", mail.raw, "Print the raw mail exactly as indexed");
    show->add_flag("--json", mail.json, "The parsed mail as JSON (as lkmine parse --json)");
    auto& copy = cl.keep<std::size_t>();
    copy = 1;
    show->add_option("--copy", copy,
                     "When several mails reuse the Message-ID with different content: which one "
                     "(1 = the first indexed, the one its thread uses; show lists how many)")
        ->check(CLI::PositiveNumber);
    show->callback([&] {
        mail.db = cl.db;
        cl.exit_code = run_show_copy(mail, copy);
    });
    add_mail_cmd("series",
                 "List the revisions of the patch series a mail belongs to, and their patches.",
                 run_series)
        ->add_flag("--json", mail.json,
                   "JSON: {message_id, revisions: [{revision, date, head, tie, patches[], ...}]} "
                   "(docs/JSON.md)");

    auto& rdiff = cl.keep<RangeDiffCmdOptions>();
    CLI::App* rd = app.add_subcommand(
        "range-diff",
        "What changed between two revisions of a patch series, patch by patch, like git "
        "range-diff: each patch of the first revision paired with its version in the second "
        "(same changes, same subject, else the most similar diff). '=' same changes, '!' "
        "changed (the interdiff follows, indented: '-' first revision only, '+' second only), "
        "'<' dropped, '>' new.");
    add_db(rd, cl.db);
    rd->add_option("MSGID_A", rdiff.from,
                   "Any mail of the first revision: its cover letter, a patch or a reply (a "
                   "Message-ID or a lore URL)")
        ->required();
    rd->add_option("MSGID_B", rdiff.to,
                   "Any mail of the second revision; without it, the revision before MSGID_A's "
                   "is compared with MSGID_A's");
    rd->add_flag("--json", rdiff.json,
                 "{from{revision, date, head, patch_count}, to{...}, pairs[{status, method, "
                 "a{index, message_id, subject}, b{...}, interdiff}]}");
    rd->add_flag("--local", rdiff.local,
                 "Dates in your own time zone (default: UTC, the days d: searches by)");
    rd->callback([&] {
        rdiff.db = cl.db;
        cl.exit_code = run_range_diff(rdiff);
    });

    auto& exp = cl.keep<ExportCmdOptions>();
    CLI::App* e = app.add_subcommand(
        "export", "Export the whole threads of the mails a query matches as an mboxrd file, ready "
                  "for git am or a mail reader. A mail whose raw bytes cannot be read (its "
                  "archive moved) is named on standard error; exit 3 when some are missing, 1 "
                  "when none could be exported.");
    add_db(e, cl.db);
    e->add_option("QUERY", exp.query, "The query")->required();
    e->add_option("--mbox", exp.mbox, "Output file; - for standard output")->required();
    e->add_flag("--am", exp.am,
                "Only the patches of the newest revision of the series the first patch found "
                "belongs to, reviewers' trailers added, as lkmine am writes them");
    e->callback([&] {
        exp.db = cl.db;
        cl.exit_code = run_export(exp);
    });

    auto& am = cl.keep<AmCmdOptions>();
    CLI::App* a = app.add_subcommand(
        "am", "Write one revision of a patch series (the newest, or -v N) as an mbox ready for "
              "git am: its patches in order, no cover letter, no replies; trailers given in "
              "replies to a patch and to the cover letter are added as b4 am -t adds them. "
              "Refuses a revision with missing patches and names them.");
    add_db(a, cl.db);
    a->add_option("MSGID", am.msgid, "Any mail of the series (a Message-ID or a lore URL)")
        ->required();
    a->add_option("-v,--revision", am.revision, "Revision to take (default: the newest)");
    a->add_option("-o,--output", am.output, "Output mbox; - for standard output")->default_val("-");
    a->add_flag("-l,--add-link", am.link,
                "Add Link: https://lore.kernel.org/r/MSGID to each patch");
    a->add_option("--apply", am.apply, "Run git am with the result in this repository");
    a->add_option("--range-diff", am.range_diff,
                  "Also write the range-diff against the previous revision to this file (- for "
                  "standard error, so the mbox on standard output stays clean)");
    a->callback([&] {
        am.db = cl.db;
        cl.exit_code = run_am(am);
    });
}

} // namespace lkmine::cli
