// Clean stops: SIGTERM, SIGINT and SIGHUP sent to a real `lkmine index` commit what it read,
// say where it stopped, exit 128 + the signal, and the re-run ends with the clean result; bad
// -j and --limit values are usage errors, never an abort; exhausted memory or threads a message.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <fstream>
#include <thread>

namespace lkmine::test {
namespace {

struct Stop {
    int signal;
    const char* name;
};

TEST(CleanStop, SignalledIndexCommitsSaysWhereAndTheRerunResumes) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    TempDir t;
    fs::path db = t / "db";
    std::string epoch = fscrypt_epoch().string();
    std::size_t last = 0, read = 0;
    int stopped = 0;
    for (Stop s : {Stop{SIGTERM, "SIGTERM"}, Stop{SIGINT, "SIGINT"}, Stop{SIGHUP, "SIGHUP"}}) {
        fs::path log = t / (std::string(s.name) + ".log");
        pid_t pid = spawn_lkmine({"index", "--db", db.string(), "--batch", "300", epoch}, log);
        // Signal once this run has committed something of its own: mid-run, on any machine.
        if (wait_commit_or_exit(db, pid, last, 120, 50)) break;
        kill(pid, s.signal);
        int st = wait_for(pid);
        std::string out = read_bytes(log);
        ASSERT_TRUE(WIFEXITED(st)) << s.name << " killed it instead of stopping it\n" << out;
        EXPECT_EQ(WEXITSTATUS(st), 128 + s.signal) << out;
        EXPECT_NE(out.find(std::string("stopped by ") + s.name + " while reading"),
                  std::string::npos)
            << out;
        EXPECT_NE(out.find("Run the same command again to resume"), std::string::npos) << out;
        EXPECT_EQ(out.find("terminate called"), std::string::npos) << out;
        // What it read is committed (duplicates aside, the count it reports is the growth).
        std::size_t now = committed_mails(db);
        ASSERT_NE(indexed_count(out), SIZE_MAX) << out;
        EXPECT_LE(now - last, indexed_count(out)) << out;
        EXPECT_GT(now, last) << s.name;
        read += indexed_count(out);
        last = now;
        ++stopped;
        std::printf("[ info ] %s: %zu mails committed\n", s.name, now);
    }
    EXPECT_GT(stopped, 0) << "every run ended before its signal: the test checked nothing";
    EXPECT_LT(last, 7546u);

    auto r = lkmine({"index", "--db", db.string(), epoch});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    Truth want = truth({"--epoch", epoch});
    EXPECT_EQ(read + indexed_count(r.out), want.read) << "each mail read once over all runs";
    Counts c = stats(db);
    EXPECT_EQ(c.mails, want.mails);
    EXPECT_EQ(c.threads, want.threads);
    EXPECT_EQ(c.ghosts, want.ghosts);
    auto ids = all_ids(db);
    EXPECT_EQ(ids.size(), want.mails) << "a mail listed twice";
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), want.ids);
}

TEST(CleanStop, OutOfRangeJobsAndLimitAreUsageErrors) {
    TempDir t;
    const std::string db = (t / "db").string(), mail = sample_mail("01-").string();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"index", "--db", db, "-j", "100000", mail}, "--jobs: Value 100000 not in range"},
        {{"index", "--db", db, "-j", "0", mail}, "--jobs: Value 0 not in range"},
        {{"search", "--db", db, "--limit", "-1", "*"}, "--limit: Value -1 not in range"},
        {{"search", "--db", db, "-n", "0", "*"}, "--limit: Value 0 not in range"}};
    for (const auto& [args, message] : cases) {
        auto r = lkmine(args);
        EXPECT_EQ(r.status, 2) << message << "\n" << r.out << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(t / "db")) << "a usage error creates no index";
    auto r =
        lkmine({"index", "--db", (t / "db").string(), "-j", "256", sample_mail("01-").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 1u) << r.out;
}

// Resources exhausted under a real address-space limit (ulimit -v 200 MB, in which a mail is
// parsed and indexed with -j 2): an allocation that fails and threads that cannot start end
// with a message and exit 1, never an abort ("terminate called") or a signal; the top-level
// catch of main.cpp names the exception.
TEST(CleanStop, ExhaustedMemoryAndThreadsAreMessagesNotAborts) {
    TempDir t;
    const std::string big = (t / "big.eml").string(), mail = sample_mail("01-").string();
    {
        std::ofstream out(big, std::ios::binary);
        out << "From: a@example.org\nSubject: big\nMessage-ID: <big@example.org>\n\n";
        const std::string line(1000, 'y');
        for (int i = 0; i < 64000; ++i) // 64 MB: parse holds it whole, and its decoded copies
            out << line << '\n';
    }
    const std::string limit = "ulimit -v 200000; exec " + quote(LKMINE_BINARY) + " ";
    RunResult r = sh(limit + "parse " + quote(mail) + " >/dev/null");
    ASSERT_EQ(r.status, 0) << "the limit leaves room for a mail\n" << r.err;
    r = sh(limit + "parse " + quote(big) + " >/dev/null");
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("lkmine: internal error: std::bad_alloc"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    // 256 parse threads of 8 MB stacks do not fit; 2 do, and the stopped run is in no one's way.
    const std::string index = limit + "index --db " + quote((t / "db").string()) + " -j ";
    r = sh(index + "256 " + quote(mail));
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("cannot start the reader thread: Resource temporarily unavailable"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    r = sh(index + "2 " + quote(mail));
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 1u) << r.out;
}

} // namespace
} // namespace lkmine::test
