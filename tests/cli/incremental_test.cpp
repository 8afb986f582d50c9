// Re-running `lkmine index` reads only what is new: epochs grown by new commits, mboxes appended
// to, Maildirs with new files or renamed for flags; a rewritten epoch is noticed and re-read.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

namespace lkmine::test {
namespace {

const std::string kMissingParent = "20240124084512.51733-1-sven.aalto@example.net";

RunResult index(const fs::path& db, const fs::path& source) {
    return lkmine({"index", "--db", db.string(), source.string()});
}

// Appends mails to the epoch's master branch as public-inbox does: one commit per mail, tree {m}.
void append_to_epoch(const fs::path& git_dir, const std::vector<std::string>& mails,
                     const fs::path& scratch) {
    std::string stream;
    long when = 1710150000;
    for (std::size_t i = 0; i < mails.size(); ++i) {
        stream += "blob\nmark :" + std::to_string(2 * i + 1) + "\ndata " +
                  std::to_string(mails[i].size()) + "\n" + mails[i] + "\n";
        stream += "commit refs/heads/master\ncommitter linux-demo <linux-demo@vger.example.org> " +
                  std::to_string(when++) + " +0000\ndata 4\nnew\n";
        if (i == 0) stream += "from refs/heads/master^0\n";
        stream += "M 100644 :" + std::to_string(2 * i + 1) + " m\n\n";
    }
    write_bytes(scratch, stream);
    auto r = sh("git --git-dir=" + quote(git_dir.string()) + " fast-import --quiet < " +
                quote(scratch.string()));
    ASSERT_EQ(r.status, 0) << r.err;
}

std::vector<std::string> three_new_mails() {
    return {make_mail(kMissingParent, "[PATCH] lkdemo: switch to module_misc_device()"),
            make_mail("new-thread-1@example.net", "lkdemo: a new question"),
            make_mail("new-thread-2@example.net", "Re: lkdemo: a new question",
                      "new-thread-1@example.net")};
}

TEST(Incremental, EpochGrownByNewCommits) {
    TempDir t;
    copy_tree(lore_sample(), t / "s");
    fs::path inbox = t / "s/linux-demo";
    auto r = index(t / "db", inbox);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(indexed_count(r.out), 32u) << r.out;

    append_to_epoch(inbox / "git/0.git", three_new_mails(), t / "stream");
    r = index(t / "db", inbox);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(indexed_count(r.out), 3u) << r.out;
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, 35u);
    EXPECT_EQ(c.ghosts, 0u) << "the missing parent arrived";
    EXPECT_EQ(c.threads, 8u) << "7 threads plus the new one";
    // The arrived parent now heads the thread its replies were in.
    auto th =
        lkmine({"thread", "--db", (t / "db").string(), "--json", "ZbDcYp1wKq3rT5uV@example.org"});
    EXPECT_EQ(th.status, 0) << th.err;
    EXPECT_EQ(th.out.find("\"ghost\":true"), std::string::npos) << th.out;
    EXPECT_NE(th.out.find(kMissingParent), std::string::npos) << th.out;

    r = index(t / "db", inbox);
    EXPECT_EQ(indexed_count(r.out), 0u) << r.out;
    EXPECT_EQ(stats(t / "db").mails, 35u);
}

TEST(Incremental, MboxAppendedTo) {
    TempDir t;
    fs::copy_file(lore_sample() / "linux-demo.mbox", t / "list.mbox");
    auto r = index(t / "db", t / "list.mbox");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(indexed_count(r.out), 32u) << r.out;

    std::string more;
    for (const auto& m : three_new_mails())
        more += "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + m + "\n";
    write_bytes(t / "list.mbox", read_bytes(t / "list.mbox") + more);
    r = index(t / "db", t / "list.mbox");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(indexed_count(r.out), 3u) << r.out;
    EXPECT_EQ(stats(t / "db").mails, 35u);

    r = index(t / "db", t / "list.mbox");
    EXPECT_EQ(indexed_count(r.out), 0u) << r.out;
}

TEST(Incremental, MaildirNewFilesAndFlagRenames) {
    TempDir t;
    fs::path md = t / "Mail/linux-demo";
    fs::create_directories(md / "cur");
    fs::create_directories(md / "new");
    fs::create_directories(md / "tmp");
    int n = 0;
    for (const auto& e : fs::directory_iterator(sample_mails_dir())) {
        std::string base = "17100000" + std::to_string(10 + n) + ".M" + std::to_string(n) + ".host";
        fs::copy_file(e.path(), md / (n % 2 ? "cur/" + base + ":2,S" : "cur/" + base + ":2,"));
        ++n;
    }
    ASSERT_EQ(n, 32);
    auto r = index(t / "db", md);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(indexed_count(r.out), 32u) << r.out;

    auto mails = three_new_mails();
    write_bytes(md / "new/1710200000.N1.host", mails[0]);
    write_bytes(md / "new/1710200001.N2.host", mails[1]);
    r = index(t / "db", md);
    EXPECT_EQ(indexed_count(r.out), 2u) << r.out;
    EXPECT_EQ(stats(t / "db").mails, 34u);

    // A mail reader marks mails seen: ':2,' -> ':2,S' in cur/, new/X -> cur/X:2,S.
    fs::rename(md / "cur/1710000010.M0.host:2,", md / "cur/1710000010.M0.host:2,S");
    fs::rename(md / "new/1710200000.N1.host", md / "cur/1710200000.N1.host:2,S");
    r = index(t / "db", md);
    EXPECT_EQ(indexed_count(r.out), 0u) << "renamed for flags: not read again\n" << r.out;

    write_bytes(md / "new/1710200002.N3.host", mails[2]);
    r = index(t / "db", md);
    EXPECT_EQ(indexed_count(r.out), 1u) << r.out;
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, 35u);
    EXPECT_EQ(c.ghosts, 0u);
}

TEST(Incremental, RewrittenEpochIsReadAgainWithoutDuplicates) {
    TempDir t;
    copy_tree(lore_sample(), t / "s");
    fs::path epoch = t / "s/linux-demo/git/0.git";
    auto r = index(t / "db", t / "s/linux-demo");
    ASSERT_EQ(r.status, 0) << r.err;

    // The same inbox built again without mail 13 (a purge): every later commit id changes.
    fs::create_directories(t / "c/lore-sample");
    fs::copy_file(project_corpora() / "build-lore-sample.sh", t / "c/build-lore-sample.sh");
    copy_tree(sample_mails_dir(), t / "c/lore-sample/mails");
    fs::remove(t / ("c/lore-sample/mails/" + sample_mail("13-").filename().string()));
    auto b = run({"bash", (t / "c/build-lore-sample.sh").string(), (t / "purged").string()});
    ASSERT_EQ(b.status, 0) << b.err;
    fs::remove_all(epoch);
    copy_tree(t / "purged/linux-demo/git/0.git", epoch);

    r = index(t / "db", t / "s/linux-demo");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("rewritten"), std::string::npos) << r.err;
    EXPECT_EQ(indexed_count(r.out), 31u) << r.out;
    EXPECT_NE(r.out.find("1 mails gone from a purged archive"), std::string::npos) << r.out;
    auto ids = all_ids(t / "db");
    EXPECT_EQ(ids.size(), 31u) << "the purged mail is gone, no mail twice";
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_EQ(stats(t / "db").mails, 31u);

    r = index(t / "db", t / "s/linux-demo");
    EXPECT_EQ(indexed_count(r.out), 0u) << "resumes from the new history\n" << r.out;
}

} // namespace
} // namespace lkmine::test
