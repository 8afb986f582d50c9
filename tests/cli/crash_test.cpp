// Crash safety: `lkmine index` killed with SIGKILL at several moments, then run again to the end,
// gives exactly the mails of a clean run; the index answers searches right after each kill.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace lkmine::test {
namespace {

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
        if (k.after_commit && wait_commit_or_exit(db, pid, last, 120, 100)) break;
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

// Mails reusing a Message-ID with other content are documents of their own ("copies"): kills
// between commits must neither lose nor duplicate them. 2,400 mails, every 8th a later mail
// under an earlier one's id with another subject, every 12th an identical re-delivery.
TEST(CrashSafety, KilledIndexKeepsEveryCopyOnce) {
    TempDir t;
    fs::path inbox = t / "inbox", db = t / "db";
    std::vector<std::string> mails;
    std::multiset<std::string> want; // one entry per document: ids of copies appear again
    for (int i = 0; i < 2400; ++i) {
        if (i % 8 == 7) {
            std::string id = "m" + std::to_string(i - 5) + "@copies.example";
            mails.push_back(make_mail(id, "other content " + std::to_string(i)));
            want.insert(id);
        } else if (i % 12 == 11) {
            mails.push_back(mails[static_cast<std::size_t>(i - 3)]);
        } else {
            std::string id = "m" + std::to_string(i) + "@copies.example";
            mails.push_back(make_mail(id, "mail " + std::to_string(i)));
            want.insert(id);
        }
    }
    make_v2_inbox(inbox, mails);
    std::size_t last = 0;
    for (int round = 0; round < 3; ++round) {
        pid_t pid = spawn_lkmine({"index", "--db", db.string(), "--batch", "50", inbox.string()},
                                 t / "index.log");
        if (wait_commit_or_exit(db, pid, last, 60, 20)) break;
        kill(pid, SIGKILL);
        wait_for(pid);
        std::size_t now = committed_mails(db);
        EXPECT_GE(now, last) << "a kill lost committed mails";
        EXPECT_EQ(stats(db).mails, all_ids(db).size()) << "round " << round;
        last = now;
        std::printf("[ info ] killed: %zu mails committed\n", now);
    }
    auto r = lkmine({"index", "--db", db.string(), inbox.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(stats(db).mails, want.size());
    EXPECT_EQ(all_ids(db), want);
    auto m = lkmine({"search", "--db", db.string(), "--json", "m:m2@copies.example"});
    EXPECT_EQ(std::count(m.out.begin(), m.out.end(), '\n'), 2) << m.out; // the first and its copy
}

} // namespace
} // namespace lkmine::test
