// The `lkmine` command line: the one file that includes CLI11; maps arguments onto commands.
#include <CLI/CLI.hpp>

#include <iostream>
#include <set>

#include "core/schema.hpp"
#include "indexer/commands.hpp"
#include "indexer/db_path.hpp"

namespace {

// The query language help, generated from the schema table so it never drifts.
std::string query_help() {
    std::string out = "QUERY uses lore/lei prefixes (AND by default; OR, NOT, \"phrases\", "
                      "wildcards foo*):\n";
    std::set<std::string> seen;
    for (const auto& p : lkmine::kPrefixes) {
        if (!seen.insert(p.name).second) continue;
        std::string name = std::string(p.name) + ":";
        out += "  " + name + std::string(name.size() < 10 ? 10 - name.size() : 1, ' ') + p.help + "\n";
    }
    return out;
}

void add_db(CLI::App* cmd, std::string& db) {
    cmd->add_option("--db", db, "Index directory (default: $LKMINE_DB, else $XDG_DATA_HOME/lkmine)")
        ->default_str(lkmine::default_db_path());
}

} // namespace

int main(int argc, char** argv) {
    using namespace lkmine::cli;
    CLI::App app{"lkmine: mine Linux kernel mailing lists. Index lore archives (public-inbox), mbox "
                 "files and Maildirs, search them with lore's query language, follow threads and "
                 "patch series."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "lkmine 0.1.0");
    app.footer("Run 'lkmine COMMAND --help' for the options of a command.");
    int exit_code = 0;
    std::string db = lkmine::default_db_path();

    ParseOptions parse;
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
    p->callback([&] { exit_code = run_parse(parse); });

    IndexCmdOptions index;
    CLI::App* ix = app.add_subcommand(
        "index", "Index mail sources: public-inbox inboxes or epochs (v1, v2, a mirror root of "
                 "many inboxes), mbox files, Maildirs, single or flattened mails, directories of "
                 "mail files. Each is recognised by its content. Re-running reads only what is new; "
                 "an interrupted run resumes where its last commit ended.");
    add_db(ix, db);
    ix->add_option("SOURCE", index.sources, "Paths to index")->required();
    ix->add_option("-j,--jobs", index.jobs, "Parse threads (default: one per core)");
    ix->add_flag("-q,--quiet", index.quiet, "No progress line and no summary");
    ix->callback([&] {
        index.db = db;
        exit_code = run_index(index);
    });

    SearchCmdOptions search;
    CLI::App* s = app.add_subcommand("search", "Search the index.\n" + query_help());
    add_db(s, db);
    s->add_option("QUERY", search.query, "The query; '*' or '' for every mail")->required();
    s->add_flag("--json", search.json,
                "One JSON object per result: message_id, subject, from, date, thread_id, lists, ...");
    s->add_option("-n,--limit", search.limit, "Results to show")->default_val(50);
    s->add_option("--sort", search.sort, "date (newest first) or relevance")
        ->check(CLI::IsMember({"date", "relevance"}))
        ->default_val("date");
    s->add_flag("--threads", search.threads, "One result per thread");
    s->callback([&] {
        search.db = db;
        exit_code = run_search(search);
    });

    MailCmdOptions mail;
    auto add_mail_cmd = [&](const char* name, const char* help, int (*fn)(const MailCmdOptions&)) {
        CLI::App* c = app.add_subcommand(name, help);
        add_db(c, db);
        c->add_option("MSGID", mail.msgid,
                      "A Message-ID (with or without <>) or a lore URL "
                      "(https://lore.kernel.org/LIST/MSGID/ or /r/MSGID)")
            ->required();
        c->callback([&, fn] {
            mail.db = db;
            exit_code = fn(mail);
        });
        return c;
    };
    add_mail_cmd("thread", "Show the whole thread of a mail as a tree; missing mails are shown as such.",
                 run_thread)
        ->add_flag("--json", mail.json,
                   "A tree of nodes {message_id, subject, from, date, ghost, children[]}");
    CLI::App* show = add_mail_cmd("show", "Show one mail: headers and decoded body.", run_show);
    show->add_flag("--raw", mail.raw, "Print the raw mail exactly as indexed");
    show->add_flag("--json", mail.json, "The parsed mail as JSON (as lkmine parse --json)");
    add_mail_cmd("series", "List the revisions of the patch series a mail belongs to, and their patches.",
                 run_series)
        ->add_flag("--json", mail.json, "JSON: {revisions: [{revision, cover, patches[]}]}");

    ExportCmdOptions exp;
    CLI::App* e = app.add_subcommand(
        "export", "Export the whole threads of the mails a query matches as an mboxrd file, ready "
                  "for git am or a mail reader.");
    add_db(e, db);
    e->add_option("QUERY", exp.query, "The query")->required();
    e->add_option("--mbox", exp.mbox, "Output file; - for standard output")->required();
    e->callback([&] {
        exp.db = db;
        exit_code = run_export(exp);
    });

    StatsCmdOptions stats;
    CLI::App* st = app.add_subcommand("stats", "Counts of the index: mails, threads, ghosts, sources.");
    add_db(st, db);
    st->add_flag("--json", stats.json, "{mails, threads, ghosts, duplicates, sources[], bytes}");
    st->callback([&] {
        stats.db = db;
        exit_code = run_stats(stats);
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        return app.exit(err);
    }
    return exit_code;
}
