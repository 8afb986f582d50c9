// The `lkmine` command line: the one file that includes CLI11; maps arguments onto commands.
#include "cli/commands.hpp"
#include "cli/safe_output.hpp"
#include "core/index/schema.hpp"
#include "ingest/db_path.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <set>

namespace {

// The query language help, generated from the schema table so it never drifts.
std::string query_help() {
    std::string out = "QUERY uses lore/lei prefixes (AND by default; OR, NOT, \"phrases\", "
                      "wildcards foo*):\n";
    std::set<std::string> seen;
    for (const auto& p : lkmine::kPrefixes) {
        if (!seen.insert(p.name).second) continue;
        std::string name = std::string(p.name) + ":";
        out +=
            "  " + name + std::string(name.size() < 10 ? 10 - name.size() : 1, ' ') + p.help + "\n";
    }
    out +=
        "Prefix names are read in any case (F:x is f:x); a prefix needs a value (f: alone is an\n"
        "error). Words match as written: no English stemming yet (s:fix does not find fixes).\n"
        "Quoted text has no positions: q:\"a b\" means both words anywhere in it, not a phrase.\n"
        "dfn: matches any run of path components (dfn:linux/fscrypt.h finds\n"
        "include/linux/fscrypt.h); rebuild an index made before schema 2 (lkmine stats) for it.\n";
    return out;
}

void add_db(CLI::App* cmd, std::string& db) {
    cmd->add_option("--db", db, "Index directory (default: $LKMINE_DB, else $XDG_DATA_HOME/lkmine)")
        ->default_str(lkmine::default_db_path());
}

} // namespace

int main(int argc, char** argv) {
    using namespace lkmine::cli;
    CLI::App app{
        "lkmine: mine Linux kernel mailing lists. Index lore archives (public-inbox), mbox "
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
        "index",
        "Index mail sources: public-inbox inboxes or epochs (v1, v2, a mirror root of "
        "many inboxes), mbox files, Maildirs, single or flattened mails, directories of "
        "mail files. Each is recognised by its content. Re-running reads only what is new; "
        "an interrupted run resumes where its last commit ended.");
    add_db(ix, db);
    ix->add_option("SOURCE", index.sources,
                   "Paths to index; syzbot mails among them are recognised (reports, bisection "
                   "results, #syz commands, Reported-by fixes, crash titles in any mail)");
    ix->add_option("--bisect-logs", index.bisect_logs,
                   "Directory (or file) of syzbot bisection logs saved from the dashboard "
                   "(bisect.txt); each is tied to its bug by culprit or crash title");
    ix->add_option("--git", index.git,
                   "Kernel git repository: index its commits (incremental) and link mails to "
                   "them; also verifies commit ids mentioned in mails. SHA-256 repositories "
                   "cannot be read (libgit2 1.5)");
    ix->add_option(
        "--git-range", index.git_range,
        "Commits to index: A..B, A.. (to HEAD), B (all its history); default: all of HEAD");
    ix->add_option("--link-methods", index.link_methods,
                   "Mail -> commit link methods, comma separated: trailer, patch-id, blob, fuzzy "
                   "(default: all)")
        ->default_val("all");
    ix->add_option("-j,--jobs", index.jobs, "Parse threads, 1-256 (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    ix->add_option("--batch", index.batch,
                   "Documents per shard per commit: a kill loses at most one batch of work, "
                   "and memory grows with it (DESIGN.md: 500-2000 is Xapian's sweet spot)")
        ->default_val(2000)
        ->check(CLI::Range(1, 1000000));
    ix->add_flag("-q,--quiet", index.quiet, "No progress line and no summary");
    ix->add_option("--shards", index.shards,
                   "Shards of a new index, written in parallel (default: one per core, at most 2); "
                   "fixed once the index exists")
        ->check(CLI::Range(1, 64));
    ix->callback([&] {
        index.db = db;
        if (index.sources.empty() && index.bisect_logs.empty() && index.git.empty())
            throw CLI::ValidationError("SOURCE",
                                       "give at least one SOURCE, --git REPO or --bisect-logs DIR");
        exit_code = run_index(index);
    });

    SearchCmdOptions search;
    CLI::App* s = app.add_subcommand("search", "Search the index.\n" + query_help());
    add_db(s, db);
    s->add_option("QUERY", search.query, "The query; '*' or '' for every mail")->required();
    s->add_flag(
        "--json", search.json,
        "One JSON object per result: message_id, subject, from, date, thread_id, lists, ...");
    s->add_option("-n,--limit", search.limit, "Results to show, 1-1000000")
        ->default_val(50)
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    s->add_option("--sort", search.sort, "date (newest first) or relevance")
        ->check(CLI::IsMember({"date", "relevance"}))
        ->default_val("date");
    s->add_flag("--threads", search.threads, "One result per thread");
    s->add_flag("--local", search.local,
                "Dates in your own time zone (default: UTC, the days d: searches by)");
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
        c->add_flag("--local", mail.local,
                    "Dates in your own time zone (default: UTC, the days d: searches by)");
        c->callback([&, fn] {
            mail.db = db;
            exit_code = fn(mail);
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
    add_mail_cmd("series",
                 "List the revisions of the patch series a mail belongs to, and their patches.",
                 run_series)
        ->add_flag("--json", mail.json, "JSON: {revisions: [{revision, cover, patches[]}]}");

    RangeDiffCmdOptions rdiff;
    CLI::App* rd = app.add_subcommand(
        "range-diff",
        "What changed between two revisions of a patch series, patch by patch, like git "
        "range-diff: each patch of the first revision paired with its version in the second "
        "(same changes, same subject, else the most similar diff). '=' same changes, '!' "
        "changed (the interdiff follows, indented: '-' first revision only, '+' second only), "
        "'<' dropped, '>' new.");
    add_db(rd, db);
    rd->add_option("MSGID_A", rdiff.from,
                   "Any mail of the first revision: its cover letter, a patch or a reply (a "
                   "Message-ID or a lore URL)")
        ->required();
    rd->add_option("MSGID_B", rdiff.to,
                   "Any mail of the second revision; without it, the revision before MSGID_A's "
                   "is compared with MSGID_A's");
    rd->add_flag("--json", rdiff.json,
                 "{from{revision, date, head, patches}, to{...}, pairs[{status, method, "
                 "a{index, message_id, subject}, b{...}, interdiff}]}");
    rd->add_flag("--local", rdiff.local,
                 "Dates in your own time zone (default: UTC, the days d: searches by)");
    rd->callback([&] {
        rdiff.db = db;
        exit_code = run_range_diff(rdiff);
    });

    ExportCmdOptions exp;
    CLI::App* e = app.add_subcommand(
        "export", "Export the whole threads of the mails a query matches as an mboxrd file, ready "
                  "for git am or a mail reader.");
    add_db(e, db);
    e->add_option("QUERY", exp.query, "The query")->required();
    e->add_option("--mbox", exp.mbox, "Output file; - for standard output")->required();
    e->add_flag("--am", exp.am,
                "Only the patches of the newest revision of the series the first patch found "
                "belongs to, reviewers' trailers added, as lkmine am writes them");
    e->callback([&] {
        exp.db = db;
        exit_code = run_export(exp);
    });

    AmCmdOptions am;
    CLI::App* a = app.add_subcommand(
        "am", "Write one revision of a patch series (the newest, or -v N) as an mbox ready for "
              "git am: its patches in order, no cover letter, no replies; trailers given in "
              "replies to a patch and to the cover letter are added as b4 am -t adds them. "
              "Refuses a revision with missing patches and names them.");
    add_db(a, db);
    a->add_option("MSGID", am.msgid, "Any mail of the series (a Message-ID or a lore URL)")
        ->required();
    a->add_option("-v,--revision", am.revision, "Revision to take (default: the newest)");
    a->add_option("-o,--output", am.output, "Output mbox; - for standard output")->default_val("-");
    a->add_flag("-l,--add-link", am.link,
                "Add Link: https://lore.kernel.org/r/MSGID to each patch");
    a->add_option("--apply", am.apply, "Run git am with the result in this repository");
    a->callback([&] {
        am.db = db;
        exit_code = run_am(am);
    });

    BisectLogCmdOptions bisect;
    CLI::App* bl = app.add_subcommand(
        "bisect-log", "Read a syzbot bisection log: tested commits with their verdicts and crash "
                      "titles, the culprit, and why the result may be unreliable.");
    bl->add_option("FILE", bisect.file, "The log (bisect.txt); - reads standard input")->required();
    bl->add_flag(
        "--json", bisect.json,
        "{kind, start_commit, syzkaller_commit, compiler, tested[{commit, subject, label, "
        "compiler, verdict, runs[{n, result, title}]}], steps[], culprit{sha, author, date, "
        "subject, message}, candidates[], cc[], crash{title, lines[]}, revisions_tested, "
        "time{total, build, test}, warnings[], notes[]}");
    bl->callback([&] { exit_code = run_bisect_log(bisect); });

    CrashTitleCmdOptions crash;
    CLI::App* ct = app.add_subcommand(
        "crash-title", "Print the crash title (syzkaller's naming) of a kernel console log or a "
                       "mail, and nothing else; exit 1 when there is no crash.");
    ct->add_option("FILE", crash.file, "Console log or mail; - reads standard input")->required();
    ct->callback([&] { exit_code = run_crash_title(crash); });

    SymptomCmdOptions symptom;
    CLI::App* sy = app.add_subcommand(
        "symptom", "From a crash title to everything about it: the syzbot bugs with that symptom "
                   "(first and last seen, reports, fixed or open), their bisections (culprit, "
                   "tested commits, titles, warnings when unreliable), the patch threads of the "
                   "culprit and of the fixes, and the people's discussions.");
    add_db(sy, db);
    sy->add_option("TEXT", symptom.text, "A crash title, a part of one, or some of its words")
        ->required();
    sy->add_flag(
        "--json", symptom.json,
        "{query, normalized, bugs[{extid, title, first_seen, last_seen, reports, mails, "
        "status, fixes[]}], bisections[{kind, extid, culprit, sources, tested[{commit, "
        "label, verdict, runs, crashed, titles}], warnings, notes}], patches[{role, method, "
        "thread_id, subject, date, message_id, message_ids}], discussions[...]}");
    sy->callback([&] {
        symptom.db = db;
        exit_code = run_symptom(symptom);
    });

    CommitCmdOptions commit;
    CLI::App* cm = app.add_subcommand(
        "commit", "Everything about a commit on one screen: subject, author, date, first release; "
                  "the mails it was posted as (each revision of the series, with reviews and "
                  "trailers), how the merged commit differs from the last posted revision, later "
                  "commits that fix it, syzbot bisections that blame it, mails that mention it.");
    add_db(cm, db);
    cm->add_option("SHA", commit.id, "Commit id: any unique abbreviation (>= 4 hex digits)")
        ->required();
    cm->add_flag("--json", commit.json,
                 "{sha, subject, author, committer, date, commit_date, patch_id, release, parents, "
                 "files, trailers[], mails[{message_id, subject, from, date, method, score}], "
                 "mentions[], series[{revision, head, patches[{..., trailers[]}]}], "
                 "interdiff{message_id, identical, text}, fixed_by[{sha, subject, author, date, "
                 "mails[]}], fixes[], fixes_unindexed[], bisections[], notes[]}");
    cm->callback([&] {
        commit.db = db;
        exit_code = run_commit(commit);
    });
    CLI::App* pt = app.add_subcommand(
        "patch", "What became of a patch mail: the commits it was merged as (and how each link "
                 "was found), their release; or that it was not merged, and for how long.");
    add_db(pt, db);
    pt->add_option(
          "MSGID", commit.id,
          "A Message-ID (with or without <>) or a lore URL (https://lore.kernel.org/r/MSGID)")
        ->required();
    pt->add_flag("--json", commit.json,
                 "{message_id, subject, from, date, is_patch, merged, commits[{sha, method, score, "
                 "subject, author, date, release}], mentions[], days_unmerged}");
    pt->callback([&] {
        commit.db = db;
        exit_code = run_patch(commit);
    });

    StatsCmdOptions stats;
    CLI::App* st =
        app.add_subcommand("stats", "Counts of the index: mails, threads, ghosts, sources.");
    add_db(st, db);
    st->add_flag("--json", stats.json,
                 "{mails, threads, ghosts, duplicates, sources[{key, state, unreadable}], "
                 "problems[{source, key, message}], bytes, shards[], date_terms}");
    st->add_flag("--problems", stats.problems,
                 "List each mail a source could not read (missing git object, unreadable "
                 "file): the next index run tries them again");
    st->callback([&] {
        stats.db = db;
        exit_code = run_stats(stats);
    });

    ShardsCmdOptions shards;
    CLI::App* sh = app.add_subcommand(
        "shards", "The shards of the index: local ones and remote ones served by xapian-tcpsrv.");
    sh->require_subcommand(1);
    CLI::App* shl = sh->add_subcommand("list", "Each shard with its documents and size.");
    add_db(shl, db);
    shl->callback([&] {
        shards.db = db;
        exit_code = run_shards_list(shards);
    });
    CLI::App* sha = sh->add_subcommand(
        "add", "Add a remote shard (another host's index, served with xapian-tcpsrv --port PORT "
               "DIR/shard*) to every search of this index.");
    add_db(sha, db);
    sha->add_option("--remote", shards.remote, "HOST:PORT of the xapian-tcpsrv")->required();
    sha->callback([&] {
        shards.db = db;
        exit_code = run_shards_add(shards);
    });

    CompactCmdOptions compact;
    CLI::App* cp = app.add_subcommand(
        "compact", "Compact every local shard (like xapian-compact) and swap it in atomically; "
                   "fails while lkmine index runs.");
    add_db(cp, db);
    cp->add_flag("-q,--quiet", compact.quiet, "No size report");
    cp->callback([&] {
        compact.db = db;
        exit_code = run_compact(compact);
    });

    SafeOutput safe_output;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        // --help and --version are 0; every usage error is 2, as documented.
        return app.exit(err) == 0 ? 0 : 2;
    } catch (const std::exception& err) {
        // A bug or an exhausted resource, not the user's doing: a message, never an abort.
        std::cerr << "lkmine: internal error: " << err.what()
                  << "\n(what was committed to the index is kept; please report this)\n";
        return 1;
    }
    return exit_code;
}
