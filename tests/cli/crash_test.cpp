// Crash safety: `lkmine index` killed with SIGKILL at several moments, then run again to the end,
// gives exactly the mails of a clean run; the index answers searches right after each kill.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace lkmine::test {
namespace {

using Clock = std::chrono::steady_clock;

// After a kill the index must open and agree with itself: stats and the list of every mail.
void expect_usable_after_kill(const fs::path& db, const std::string& when) {
    if (!fs::exists(db)) return; // killed before it created anything
    auto s = lkmine({"search", "--db", db.string(), "--json", "-n", "3", "s:fscrypt"});
    EXPECT_EQ(s.status, 0) << when << ": " << s.err;
    Counts c = stats(db);
    auto ids = all_ids(db);
    EXPECT_EQ(ids.size(), c.mails) << when;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << when;
}

struct Kill {
    std::string when;
    bool after_commit; // wait until stats shows more mails than at the last kill...
    double delay;      // ...then this many seconds more
};

TEST(CrashSafety, KilledIndexResumesToTheCleanResult) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    TempDir t;
    fs::path db = t / "db";
    std::string epoch = fscrypt_epoch().string();
    // Before the first commit, mid-batch after a commit, and again after a later commit: the
    // moments are taken from what is committed, so they hold on a slow or a fast machine.
    std::vector<Kill> kills{{"0.3 s in", false, 0.3},
                            {"after a commit", true, 0.7},
                            {"after another commit", true, 1.5}};
    std::size_t last = 0;
    for (auto& k : kills) {
        // Small batches: several commits happen within the 7.5k mails, so each kill can land
        // between two of them.
        pid_t pid =
            spawn_lkmine({"index", "--db", db.string(), "--batch", "300", epoch}, t / "index.log");
        auto deadline = Clock::now() + std::chrono::seconds(120);
        bool finished = false;
        while (k.after_commit && committed_mails(db) <= last) {
            int st;
            if (waitpid(pid, &st, WNOHANG) == pid) {
                finished = true;
                break;
            }
            if (Clock::now() > deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (finished) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(k.delay));
        kill(pid, SIGKILL);
        int st = wait_for(pid);
        EXPECT_TRUE(WIFSIGNALED(st)) << k.when << ": it ended before the kill";
        expect_usable_after_kill(db, "killed " + k.when);
        std::size_t now = committed_mails(db);
        EXPECT_GE(now, last) << "a kill lost committed mails (" << k.when << ")";
        last = now;
        std::printf("[ info ] killed %s: %zu mails committed\n", k.when.c_str(), now);
    }
    EXPECT_GT(last, 0u) << "no kill happened after a commit: the test checked little";
    EXPECT_LT(last, 7546u) << "every kill came too late";

    auto r = lkmine({"index", "--db", db.string(), epoch});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    Truth want = truth({"--epoch", epoch}); // equal to a clean run (FscryptEpochWhileSearching)
    Counts c = stats(db);
    EXPECT_EQ(c.mails, want.mails);
    EXPECT_EQ(c.threads, want.threads);
    EXPECT_EQ(c.ghosts, want.ghosts);
    auto ids = all_ids(db);
    EXPECT_EQ(ids.size(), want.mails) << "a mail listed twice";
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), want.ids);
}

} // namespace
} // namespace lkmine::test
