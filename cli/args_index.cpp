// Subcommands that build and keep the index: index, stats, shards, compact.
#include "cli/args.hpp"
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

namespace lkmine::cli {

void add_index_commands(CLI::App& app, CommandLine& cl) {
    auto& index = cl.keep<IndexCmdOptions>();
    CLI::App* ix = app.add_subcommand(
        "index",
        "Index mail sources: public-inbox inboxes or epochs (v1, v2, a mirror root of "
        "many inboxes), mbox files, Maildirs, single or flattened mails, directories of "
        "mail files. Each is recognised by its content. Re-running reads only what is new; "
        "an interrupted run resumes where its last commit ended.");
    add_db(ix, cl.db);
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
    ix->add_option("--release-pattern", index.release_pattern,
                   "Glob of the tags that are releases (e.g. 'v*', 'liburing-*'): a commit's "
                   "release is the first such tag containing it, by tag date (default: every "
                   "tag; kept in the index for later runs)");
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
        index.db = cl.db;
        if (index.sources.empty() && index.bisect_logs.empty() && index.git.empty())
            throw CLI::ValidationError("SOURCE",
                                       "give at least one SOURCE, --git REPO or --bisect-logs DIR");
        cl.exit_code = run_index(index);
    });

    auto& stats = cl.keep<StatsCmdOptions>();
    CLI::App* st =
        app.add_subcommand("stats", "Counts of the index: mails, threads, ghosts, sources.");
    add_db(st, cl.db);
    st->add_flag("--json", stats.json,
                 "{mails, threads, ghosts, duplicates, sources[{key, state, unreadable}], "
                 "problems[{source, key, message}], bytes, shards[], date_terms}");
    st->add_flag("--problems", stats.problems,
                 "List each mail a source could not read (missing git object, unreadable "
                 "file): the next index run tries them again");
    st->callback([&] {
        stats.db = cl.db;
        cl.exit_code = run_stats(stats);
    });

    auto& shards = cl.keep<ShardsCmdOptions>();
    CLI::App* sh = app.add_subcommand(
        "shards", "The shards of the index: local ones and remote ones served by xapian-tcpsrv.");
    sh->require_subcommand(1);
    CLI::App* shl = sh->add_subcommand("list", "Each shard with its documents and size.");
    add_db(shl, cl.db);
    shl->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_list(shards);
    });
    CLI::App* sha = sh->add_subcommand(
        "add", "Add a remote shard (another host's index, served with xapian-tcpsrv --port PORT "
               "DIR/shard*) to every search of this index.");
    add_db(sha, cl.db);
    sha->add_option("--remote", shards.remote, "HOST:PORT of the xapian-tcpsrv")->required();
    sha->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_add(shards);
    });

    auto& compact = cl.keep<CompactCmdOptions>();
    CLI::App* cp = app.add_subcommand(
        "compact", "Compact every local shard (like xapian-compact) and swap it in atomically; "
                   "fails while lkmine index runs.");
    add_db(cp, cl.db);
    cp->add_flag("-q,--quiet", compact.quiet, "No size report");
    cp->callback([&] {
        compact.db = cl.db;
        cl.exit_code = run_compact(compact);
    });
}

} // namespace lkmine::cli
