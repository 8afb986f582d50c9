// The lkmine subcommands as plain functions; main.cpp maps the command line onto them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lkmine::cli {

// Every command returns the process exit code: 0 ok, 1 failure (a message on stderr).

struct ParseOptions {
    std::vector<std::string> files;
    bool json = false;
    bool body = false; // print the decoded body text too
};
int run_parse(const ParseOptions& opt);

struct IndexCmdOptions {
    std::string db;
    std::vector<std::string> sources;
    unsigned jobs = 0;
    unsigned shards = 0;      // of a new index; 0: ingest::default_shards()
    std::size_t batch = 2000; // documents per shard per commit
    bool quiet = false;
    std::string bisect_logs;          // directory (or file) of syzbot bisection logs
    std::string git, git_range;       // kernel repository and range for the link stage
    std::string link_methods = "all"; // trailer,patch-id,blob,fuzzy
};
int run_index(const IndexCmdOptions& opt);

struct ShardsCmdOptions {
    std::string db, remote; // remote: HOST:PORT for `shards add`
};
int run_shards_list(const ShardsCmdOptions& opt);
int run_shards_add(const ShardsCmdOptions& opt);

struct CompactCmdOptions {
    std::string db;
    bool quiet = false;
};
int run_compact(const CompactCmdOptions& opt);

struct SearchCmdOptions {
    std::string db, query;
    bool json = false, threads = false;
    bool local = false; // dates in the reader's zone instead of UTC
    std::size_t limit = 50;
    std::string sort = "date";
};
int run_search(const SearchCmdOptions& opt);

struct MailCmdOptions {
    std::string db, msgid;
    bool json = false, raw = false;
    bool local = false; // dates in the reader's zone instead of UTC
};
int run_thread(const MailCmdOptions& opt);
int run_show(const MailCmdOptions& opt);
int run_series(const MailCmdOptions& opt);

// `lkmine range-diff` (cmd_range_diff.cpp): from, to are Message-IDs of any mail of a revision;
// an empty `to` compares the revision before `from`'s with it.
struct RangeDiffCmdOptions {
    std::string db, from, to;
    bool json = false;
    bool local = false; // dates in the reader's zone instead of UTC
};
int run_range_diff(const RangeDiffCmdOptions& opt);

// `lkmine am` (cmd_am.cpp): one revision of a series as a git am-ready mbox (output "-":
// standard output), applied with `git am` in `apply` when given.
struct AmCmdOptions {
    std::string db, msgid, output = "-", apply;
    int revision = 0; // 0: the newest
    bool link = false;
};
int run_am(const AmCmdOptions& opt);
int write_am(const AmCmdOptions& opt, const std::string& msgid, const char* cmd);

struct ExportCmdOptions {
    std::string db, query, mbox;
    bool am = false; // the series of the first patch found, am-ready, instead of whole threads
};
int run_export(const ExportCmdOptions& opt);

struct StatsCmdOptions {
    std::string db;
    bool json = false;
    bool problems = false; // list every unreadable mail, not only the count per source
};
int run_stats(const StatsCmdOptions& opt);

// syzbot (cmd_syzbot.cpp).
struct BisectLogCmdOptions {
    std::string file;
    bool json = false;
};
int run_bisect_log(const BisectLogCmdOptions& opt);
struct CrashTitleCmdOptions {
    std::string file;
};
int run_crash_title(const CrashTitleCmdOptions& opt);
struct SymptomCmdOptions {
    std::string db, text;
    bool json = false;
};
int run_symptom(const SymptomCmdOptions& opt);

// Commits and links (cmd_commit.cpp): the two answers of the link stage.
struct CommitCmdOptions {
    std::string db, id; // a commit abbreviation, or a Message-ID / lore URL for `patch`
    bool json = false;
};
int run_commit(const CommitCmdOptions& opt);
int run_patch(const CommitCmdOptions& opt);

// `lkmine reply` (cmd_reply.cpp): a kernel-style reply-all to one indexed mail, optionally with
// review comments on its diff lines and trailers, edited in $EDITOR, then sent or saved.
struct ReplyCmdOptions {
    std::string db, msgid;
    std::vector<std::string> comments; // FILE:LINE[-LINE]=TEXT
    bool reviewed_by = false, acked_by = false, tested_by = false;
    std::string output;      // a file (.eml), or "-" for standard output
    std::string send_with;   // "sendmail" or "git-send-email"
    std::string sendmail;    // overrides the configured sendmail command
    std::string message_id;  // for reproducible tests; fresh when empty
    std::size_t context = 3; // diff lines quoted before each comment's lines
    bool no_edit = false, json = false;
};
int run_reply(const ReplyCmdOptions& opt);

} // namespace lkmine::cli
