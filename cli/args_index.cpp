// Subcommands that build and keep the index: index, stats, check, shards, compact.
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
                   "them; also verifies commit ids mentioned in mails. Repeat for several trees "
                   "(mainline first, then linux-next, stable, maintainer trees): each commit is "
                   "stored once with the refs and first v*/next-* tags that contain it. "
                   "SHA-256 repositories cannot be read (libgit2 1.5)")
        ->allow_extra_args(false); // one value per --git: mail SOURCEs may follow
    ix->add_option("--git-ref", index.git_refs,
                   "Ref to index, repeatable: REF (in every --git tree that has it) or TREE:REF "
                   "(TREE = the tree's directory name). A tree no ref names gives its HEAD. "
                   "linux-X.Y.y branches are stable X.Y (backports tied to their upstream "
                   "commit), a tree or ref named next/linux-next is linux-next, other refs of "
                   "the first tree are mainline, of the others maintainer trees")
        ->allow_extra_args(false);
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
                   "Documents per shard per commit (and commits per commit in the --git commit "
                   "stage): a kill loses at most one batch of work, "
                   "and memory grows with it (DESIGN.md: 500-2000 is Xapian's sweet spot)")
        ->default_val(2000)
        ->check(CLI::Range(1, 1000000));
    ix->add_option("--max-mail-size", index.max_mail_size,
                   "Largest mail indexed whole, in bytes (suffixes k, M, G: 1024-based); a "
                   "larger mail from any source is cut after its last whole line that fits, "
                   "with a warning and the flag `truncated` (search flag:truncated)")
        ->default_str("64M")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40));
    ix->add_flag("-q,--quiet", index.quiet, "No progress line and no summary");
    ix->add_option("--shards", index.shards,
                   "Shards of a new index, written in parallel (default: one per core, at most 2); "
                   "fixed once the index exists")
        ->check(CLI::Range(1, 64));
    ix->callback([&] {
        index.db = cl.db;
        if (index.sources.empty() && index.bisect_logs.empty() && index.git.empty())
            throw CLI::ValidationError(
                "SOURCE",
                "give at least one SOURCE, --git REPO or --bisect-logs DIR (a search host of "
                "remote shards only: lkmine shards init, then lkmine shards add --remote)");
        cl.exit_code = run_index(index);
    });

    auto& stats = cl.keep<StatsCmdOptions>();
    CLI::App* st =
        app.add_subcommand("stats", "Counts of the index: mails, threads, ghosts, sources.");
    add_db(st, cl.db);
    st->add_flag(
        "--json", stats.json,
        "{mails, threads, ghosts, duplicates, truncated, sources[{key, state, unreadable}], "
        "problems[{source, key, message}], bytes, shards[], date_terms}");
    st->add_flag("--problems", stats.problems,
                 "List each mail a source could not read (missing git object, unreadable "
                 "file): the next index run tries them again");
    st->callback([&] {
        stats.db = cl.db;
        cl.exit_code = run_stats(stats);
    });

    auto& check = cl.keep<CheckCmdOptions>();
    CLI::App* ck = app.add_subcommand(
        "check", "Verify the index: every shard present and openable, each shard's document "
                 "count against what its last commit recorded, the shards at one commit, and a "
                 "sample of raw mails read back (from the index or their git epoch). Exit 0: "
                 "sound; 1: damaged or no index; 3: sound, but some raw mails cannot be read "
                 "(an archive moved).");
    add_db(ck, cl.db);
    ck->add_flag("--json", check.json,
                 "{ok, declared_shards, shards[{name, present, openable, documents, recorded, "
                 "generation, error}], mails, sampled, unreadable[], problems[]}");
    ck->add_option("--sample", check.sample, "Raw mails read back, spread over the index (0: none)")
        ->default_val(200)
        ->check(CLI::Range(std::size_t{0}, std::size_t{10000000}));
    ck->add_flag("--deep", check.deep, "Also Xapian's check of every table of every shard (slow)");
    ck->callback([&] {
        check.db = cl.db;
        cl.exit_code = run_check(check);
    });

    auto& shards = cl.keep<ShardsCmdOptions>();
    CLI::App* sh = app.add_subcommand(
        "shards", "The shards of the index: local ones and remote ones served by xapian-tcpsrv.");
    sh->require_subcommand(1);
    CLI::App* shl = sh->add_subcommand(
        "list", "Each shard with its documents and size, or why it is unreachable (exit 3).");
    add_db(shl, cl.db);
    shl->add_flag("--json", shards.json,
                  "One JSON object per shard: {name, remote, address (HOST:PORT) | path, "
                  "documents, bytes, reachable, error}");
    shl->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_list(shards);
    });
    CLI::App* shi = sh->add_subcommand(
        "init", "Make an index that holds no local shard: a search host for remote shards.");
    add_db(shi, cl.db);
    shi->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_init(shards);
    });
    CLI::App* sha = sh->add_subcommand(
        "add", "Add a remote shard (one shard of another host's index, served with xapian-tcpsrv "
               "--port PORT DIR/shardN) to every search of this index; a fresh --db becomes an "
               "index with no local shard.");
    add_db(sha, cl.db);
    sha->add_option("--remote", shards.remote, "HOST:PORT of the xapian-tcpsrv")->required();
    sha->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_add(shards);
    });
    CLI::App* shr = sh->add_subcommand("remove", "Take a remote shard out of every search.");
    add_db(shr, cl.db);
    shr->add_option("--remote", shards.remote, "HOST:PORT as given to shards add")->required();
    shr->callback([&] {
        shards.db = cl.db;
        cl.exit_code = run_shards_remove(shards);
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
