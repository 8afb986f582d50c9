// Helpers for the indexer tests: running the lkmine CLI and shell commands, temp dirs, the lore
// sample, and the independent truth (tests/indexer/mail_truth.py) to compare the index against.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace lkmine::test {

namespace fs = std::filesystem;

struct RunResult {
    int status = -1; // exit code; -1 when killed by a signal or timed out
    int signal = 0;  // the signal that ended it, if any
    bool timed_out = false;
    long max_rss_kb = 0; // the process's peak resident set (wait4's ru_maxrss)
    std::string out, err;
};

// Runs argv (no shell), capturing stdout and stderr; killed after `timeout` seconds.
RunResult run(const std::vector<std::string>& argv, double timeout = 300);
// The lkmine binary built with this test (LKMINE_BINARY) with these arguments.
RunResult lkmine(const std::vector<std::string>& args, double timeout = 300);
// /bin/sh -c cmd with no user or system git config; stdout and stderr captured.
RunResult sh(const std::string& cmd, double timeout = 120);
std::string quote(const std::string& s); // for sh(): single-quoted

// Starts lkmine in the background with stdout and stderr going to `log`; returns its pid.
pid_t spawn_lkmine(const std::vector<std::string>& args, const fs::path& log);
// Waits for pid; returns the raw wait status.
int wait_for(pid_t pid);

// A fresh directory, removed (with any chmod 000 inside undone) when it goes out of scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& rel) const { return path_ / rel; }

  private:
    fs::path path_;
};

// corpora/build-lore-sample.sh run once per process into a temp dir: the directory holding
// linux-demo/ (inbox), linux-demo/git/0.git (epoch) and linux-demo.mbox. Read-only for tests:
// copy it (copy_tree) before changing anything.
const fs::path& lore_sample();
void copy_tree(const fs::path& from, const fs::path& to);
fs::path sample_mails_dir();                         // corpora/lore-sample/mails
fs::path sample_mail(const std::string& file_start); // the .eml whose name starts so
std::string read_bytes(const fs::path& p);
void write_bytes(const fs::path& p, const std::string& bytes);

struct Counts {
    std::size_t mails = 0, threads = 0, ghosts = 0, sources = 0;
};
Counts stats(const fs::path& db); // `lkmine stats --json`, asserting it worked
std::multiset<std::string> all_ids(const fs::path& db); // `search --json '*'`: every message_id

// "indexed N mails" from `lkmine index` output; SIZE_MAX when absent.
std::size_t indexed_count(const std::string& out);

struct Truth {
    std::size_t read = 0, mails = 0, threads = 0, ghosts = 0;
    std::set<std::string> ids;
};
// Mails `lkmine stats` says are committed in db; 0 while there is no index yet.
std::size_t committed_mails(const fs::path& db);
// Waits until db holds more than `last` committed mails or the indexer `pid` exits (true: it
// exited, reaped) or `seconds` pass, polling every `poll_ms`.
bool wait_commit_or_exit(const fs::path& db, pid_t pid, std::size_t last, int seconds, int poll_ms);

// tests/cli/mail_truth.py over these arguments (--epoch DIR, --mbox FILE, FILE...).
Truth truth(const std::vector<std::string>& args);

fs::path fscrypt_epoch();
fs::path tip_epoch();

// A public-inbox v2 inbox at `inbox` (inbox/git/0.git, bare) whose epoch holds `mails`, one
// commit per mail writing it as the blob 'm', in order; built with git fast-import, so any
// bytes go in as they are. Fails the test when git fails.
void make_v2_inbox(const fs::path& inbox, const std::vector<std::string>& mails);

// A small RFC 5322 mail with a fixed Date, for the incremental tests.
std::string make_mail(const std::string& msgid, const std::string& subject,
                      const std::string& in_reply_to = "");

} // namespace lkmine::test
