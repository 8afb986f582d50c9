// Indexing each kind of source gives the mails, threads and ghosts an independent count expects,
// and searches find them; the real epochs are indexed whole and in time.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

namespace lkmine::test {
namespace {

std::set<std::string> as_set(const std::multiset<std::string>& ids) {
    return {ids.begin(), ids.end()};
}

// The sample as README's table and the headers say: 32 mails; threads 01-04, 05-07, v1 10-17,
// v2 20-26, 30-32, syzbot 40-43+46, fix 44-45; one ghost (the missing patch of 05-07).
void expect_sample_counts(const fs::path& db) {
    Counts c = stats(db);
    EXPECT_EQ(c.mails, 32u);
    EXPECT_EQ(c.threads, 7u);
    EXPECT_EQ(c.ghosts, 1u);
}

TEST(IndexCounts, SampleInboxMatchesHandCountAndTruth) {
    TempDir t;
    auto r =
        lkmine({"index", "--db", (t / "db").string(), (lore_sample() / "linux-demo").string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 32u) << r.out;
    expect_sample_counts(t / "db");
    Truth want = truth({"--epoch", (lore_sample() / "linux-demo/git/0.git").string()});
    EXPECT_EQ(want.mails, 32u);
    EXPECT_EQ(as_set(all_ids(t / "db")), want.ids);

    // Searches a user of the sample would run (corpora/README.md).
    auto s = lkmine({"search", "--db", (t / "db").string(), "--json", "s:ringbuf_resize"});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_NE(s.out.find("20240212-ringbuf-resize-v2-1-8b1d4f6a2e90@example.com"),
              std::string::npos);
    EXPECT_NE(s.out.find("20240205-ringbuf-resize-v1-1-3c9f1e2d7a44@example.com"),
              std::string::npos);
    s = lkmine({"search", "--db", (t / "db").string(), "--json",
                "m:ZaT3xK9mQe1vBn2c@ringbuf.example.org"});
    EXPECT_EQ(std::count(s.out.begin(), s.out.end(), '\n'), 1) << s.out;
}

TEST(IndexCounts, SampleMboxGivesTheSameIndex) {
    TempDir t;
    auto r = lkmine(
        {"index", "--db", (t / "db").string(), (lore_sample() / "linux-demo.mbox").string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 32u) << r.out;
    expect_sample_counts(t / "db");
    EXPECT_EQ(as_set(all_ids(t / "db")),
              truth({"--mbox", (lore_sample() / "linux-demo.mbox").string()}).ids);
}

TEST(IndexCounts, InboxAndMboxOfTheSameMailsDoNotDuplicate) {
    TempDir t;
    auto r = lkmine({"index", "--db", (t / "db").string(), (lore_sample() / "linux-demo").string(),
                     (lore_sample() / "linux-demo.mbox").string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 64u) << r.out;
    expect_sample_counts(t / "db");
    auto ids = all_ids(t / "db");
    EXPECT_EQ(ids.size(), 32u);
    EXPECT_EQ(as_set(ids).size(), 32u);
}

TEST(IndexCounts, NotmuchMaildirTree) {
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora/default");
    TempDir t;
    fs::path md = shared_corpora() / "notmuch-test-corpora/default";
    auto r = lkmine({"index", "--db", (t / "db").string(), md.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 53u) << r.out; // 53 files
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(md))
        if (e.is_regular_file()) files.push_back(e.path().string());
    Truth want = truth(files);
    EXPECT_EQ(want.mails, 52u); // notmuch's own tests: `notmuch count` is 52 on this corpus
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, want.mails);
    EXPECT_EQ(c.threads, want.threads);
    EXPECT_EQ(c.ghosts, want.ghosts);
    EXPECT_EQ(as_set(all_ids(t / "db")), want.ids);
}

TEST(IndexCounts, SingleAndFlattenedMails) {
    LKMINE_REQUIRE_CORPUS("seeds/004_3fb08d2b406b8ea0.txt");
    TempDir t;
    fs::path seed = shared_corpora() / "seeds/004_3fb08d2b406b8ea0.txt";
    auto r =
        lkmine({"index", "--db", (t / "db").string(), sample_mail("30-").string(), seed.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 2u) << r.out;
    EXPECT_EQ(stats(t / "db").mails, 2u);
    // The flattened mail is recovered (its headers found again on one line) and searchable.
    auto s = lkmine({"search", "--db", (t / "db").string(), "--json", "flag:recovered"});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(std::count(s.out.begin(), s.out.end(), '\n'), 1) << s.out;
    s = lkmine({"search", "--db", (t / "db").string(), "--json",
                "m:20240221031544.28310-1-kenji.sato@example.com"});
    EXPECT_NE(s.out.find("compat"), std::string::npos) << s.out;
}

// Also the check of searches from another process while the index is written: each one must
// work (exit 0) and, once the first commit is in, find mails.
TEST(IndexCounts, FscryptEpochWhileSearching) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    TempDir t;
    std::string db = (t / "db").string();
    pid_t pid = spawn_lkmine({"index", "--db", db, fscrypt_epoch().string()}, t / "index.log");
    Truth want = truth({"--epoch", fscrypt_epoch().string()}); // meanwhile
    EXPECT_EQ(want.read, 7548u);                               // git rev-list --count HEAD
    int searches = 0, with_results = 0, status = 0;
    bool committed = false;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        auto s = lkmine({"search", "--db", db, "--json", "-n", "5", "s:fscrypt"});
        ++searches;
        if (fs::exists(t / "db")) {
            // Before the first commit the index may not exist yet; after it, it must answer.
            if (committed) {
                EXPECT_EQ(s.status, 0) << s.err;
                EXPECT_FALSE(s.out.empty()) << "search " << searches << " found nothing";
            }
            if (s.status == 0 && !s.out.empty()) committed = true, ++with_results;
        }
        if (searches == 3 && done != pid) { // a second writer is turned away, not corrupting
            auto second = lkmine({"index", "--db", db, sample_mail("01-").string()});
            EXPECT_EQ(second.status, 1) << second.out;
            EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
        }
        EXPECT_EQ(s.signal, 0) << s.err;
        if (done == pid) break;
        usleep(200 * 1000);
    }
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_bytes(t / "index.log");
    std::string log = read_bytes(t / "index.log");
    EXPECT_EQ(indexed_count(log), 7548u) << log;
    EXPECT_GT(with_results, 1) << "no search saw a commit while indexing (" << searches << " ran)";
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, want.mails);
    EXPECT_EQ(c.threads, want.threads);
    EXPECT_EQ(c.ghosts, want.ghosts);
    auto ids = all_ids(t / "db");
    EXPECT_EQ(ids.size(), want.mails) << "search '*' lists each mail once";
    EXPECT_EQ(as_set(ids), want.ids);
    std::printf("[ info ] %d searches while indexing, %d with results\n", searches, with_results);
}

TEST(IndexCounts, WholeRealMirrorInOneRunAroundItsMissingBlob) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-tip-commits");
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring");
    TempDir t;
    const auto iou = shared_corpora() / "public-inbox/io-uring/git/0.git";
    // The oracle reads every blob git can read: io-uring lacks one (a partial mirror).
    Truth want = truth({"--epoch", fscrypt_epoch().string(), "--epoch", tip_epoch().string(),
                        "--epoch", iou.string()});
    auto t0 = std::chrono::steady_clock::now();
    auto r = lkmine(
        {"index", "--db", (t / "db").string(), (shared_corpora() / "public-inbox").string()}, 1500);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Partial: the one unreadable blob is named and counted, every other mail indexed.
    ASSERT_EQ(r.status, 3) << r.out << r.err;
    EXPECT_NE(r.err.find("cc2fb8c5589caec17495361c6822c72d4529aa83"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("1 unreadable"), std::string::npos) << r.out;
    EXPECT_EQ(indexed_count(r.out), want.read) << r.out;
    // Speed is measured in bench/ (docs/BENCHMARKS.md), not asserted here.
    std::printf("[ info ] three epochs: %.0f s\n", secs);
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, want.mails);
    EXPECT_EQ(c.sources, 3u);
    auto s = lkmine(
        {"search", "--db", (t / "db").string(), "--json", "--limit", "1", "l:linux-tip-commits"});
    EXPECT_EQ(s.status, 0);
    EXPECT_NE(s.out.find("linux-tip-commits"), std::string::npos) << s.out;
    std::printf("[ info ] %zu mails read in %.1f s\n", want.read, secs);
}

} // namespace
} // namespace lkmine::test
