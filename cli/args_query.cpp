// Subcommands that search: search (with the query language help), commit, patch.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "core/index/schema.hpp"

#include <CLI/CLI.hpp>

#include <set>

namespace lkmine::cli {

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
        "error). Free text (s: b: bs: nq: q: and bare words) matches by English stem, as on\n"
        "lore: s:fix finds fixes and fixed, s:kasan finds KASan's; \"quoted phrases\" and\n"
        "Capitalised words match as written. b:, nq: and bare words cover the diff too.\n"
        "Phrases over quoted text and diff lines (q:\"a b\", b:\"a b\") match words in a row.\n"
        "A query searches mails; type:commit, or a prefix only commits have (upstream:\n"
        "reverts: stable: ref:), searches commits: stable:6.1 dfn:mm.\n"
        "dfn: matches any run of path components (dfn:linux/fscrypt.h finds\n"
        "include/linux/fscrypt.h); rebuild an index made before schema 2 (lkmine stats) for it.\n";
    return out;
}

} // namespace

void add_query_commands(CLI::App& app, CommandLine& cl) {
    auto& search = cl.keep<SearchCmdOptions>();
    CLI::App* s = app.add_subcommand("search", "Search the index.\n" + query_help());
    add_db(s, cl.db);
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
        search.db = cl.db;
        cl.exit_code = run_search(search);
    });

    auto& commit = cl.keep<CommitCmdOptions>();
    CLI::App* cm = app.add_subcommand(
        "commit", "Everything about a commit on one screen: subject, author, date, first release; "
                  "the mails it was posted as (each revision of the series, with reviews and "
                  "trailers), how the merged commit differs from the last posted revision, later "
                  "commits that fix it, syzbot bisections that blame it, mails that mention it.");
    add_db(cm, cl.db);
    cm->add_option("SHA", commit.id, "Commit id: any unique abbreviation (>= 4 hex digits)")
        ->required();
    cm->add_flag("--json", commit.json,
                 "{sha, subject, author, committer, date, commit_date, patch_id, release, parents, "
                 "files, trailers[], mails[{message_id, subject, from, date, method, score}], "
                 "mentions[], series[{revision, head, patches[{..., trailers[]}]}], "
                 "interdiff{message_id, identical, text}, fixed_by[{sha, subject, author, date, "
                 "mails[]}], fixes[], fixes_unindexed[], bisections[], notes[]}");
    cm->callback([&] {
        commit.db = cl.db;
        cl.exit_code = run_commit(commit);
    });
    CLI::App* pt = app.add_subcommand(
        "patch", "What became of a patch mail: the commits it was merged as (and how each link "
                 "was found), their release; or that it was not merged, and for how long.");
    add_db(pt, cl.db);
    pt->add_option(
          "MSGID", commit.id,
          "A Message-ID (with or without <>) or a lore URL (https://lore.kernel.org/r/MSGID)")
        ->required();
    pt->add_flag("--json", commit.json,
                 "{message_id, subject, from, date, is_patch, merged, commits[{sha, method, score, "
                 "subject, author, date, release}], mentions[], days_unmerged}");
    pt->callback([&] {
        commit.db = cl.db;
        cl.exit_code = run_patch(commit);
    });
}

} // namespace lkmine::cli
