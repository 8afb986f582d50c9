// Source detection by content: inboxes, epochs, mirror roots, mbox, Maildir, single and flattened
// mails, directories of loose files, and paths that are not there.
#include "ingest/source.hpp"
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lkmine::test {
namespace {

std::vector<std::string> keys_of(const std::vector<std::unique_ptr<Source>>& sources) {
    std::vector<std::string> keys;
    for (const auto& s : sources)
        keys.push_back(s->key());
    return keys;
}

std::string canon(const fs::path& p) {
    return fs::canonical(p).string();
}

// Files a source would read: estimate() once started from scratch.
std::size_t files_to_read(Source& s) {
    EXPECT_TRUE(s.start("", {}).ok());
    return s.estimate();
}

TEST(Detect, V2InboxDirectoryGivesItsEpoch) {
    auto found = detect_sources((lore_sample() / "linux-demo").string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key(), "epoch:" + canon(lore_sample() / "linux-demo/git/0.git"));
    EXPECT_NE((*found)[0]->describe().find("linux-demo"), std::string::npos);
}

TEST(Detect, SingleEpochGitDirectory) {
    auto found = detect_sources((lore_sample() / "linux-demo/git/0.git").string());
    ASSERT_TRUE(found.ok()) << found.error();
    EXPECT_EQ(keys_of(*found),
              std::vector<std::string>{"epoch:" + canon(lore_sample() / "linux-demo/git/0.git")});
}

TEST(Detect, MirrorRootGivesEveryInbox) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-tip-commits");
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring");
    auto found = detect_sources((shared_corpora() / "public-inbox").string());
    ASSERT_TRUE(found.ok()) << found.error();
    const fs::path iou = shared_corpora() / "public-inbox/io-uring/git/0.git";
    std::vector<std::string> want{"epoch:" + canon(iou), "epoch:" + canon(fscrypt_epoch()),
                                  "epoch:" + canon(tip_epoch())};
    EXPECT_EQ(keys_of(*found), want);
    ASSERT_EQ(found->size(), 3u);
    EXPECT_NE((*found)[0]->describe().find("io-uring"), std::string::npos);
    EXPECT_NE((*found)[1]->describe().find("linux-fscrypt"), std::string::npos);
    EXPECT_NE((*found)[2]->describe().find("linux-tip-commits"), std::string::npos);
}

TEST(Detect, MboxFile) {
    auto found = detect_sources((lore_sample() / "linux-demo.mbox").string());
    ASSERT_TRUE(found.ok()) << found.error();
    EXPECT_EQ(keys_of(*found),
              std::vector<std::string>{"mbox:" + canon(lore_sample() / "linux-demo.mbox")});
}

TEST(Detect, MaildirWithFlags) {
    TempDir t;
    fs::create_directories(t / "md/cur");
    fs::create_directories(t / "md/new");
    fs::create_directories(t / "md/tmp");
    fs::copy_file(sample_mail("01-"), t / "md/cur/1710000000.1.host:2,S");
    fs::copy_file(sample_mail("02-"), t / "md/cur/1710000001.2.host:2,RS");
    fs::copy_file(sample_mail("03-"), t / "md/new/1710000002.3.host");
    fs::copy_file(sample_mail("04-"), t / "md/tmp/1710000003.4.host"); // being delivered
    auto found = detect_sources((t / "md").string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key(), "maildir:" + canon(t / "md"));
    EXPECT_EQ(files_to_read(*(*found)[0]), 3u) << "cur/ and new/, not tmp/";
}

TEST(Detect, NotmuchMaildirTree) {
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora/default");
    auto found = detect_sources((shared_corpora() / "notmuch-test-corpora/default").string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key().rfind("maildir:", 0), 0u) << (*found)[0]->key();
    // find notmuch-test-corpora/default -type f | wc -l
    EXPECT_EQ(files_to_read(*(*found)[0]), 53u);
}

TEST(Detect, SingleEmlFile) {
    auto found = detect_sources(sample_mail("30-").string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key(), "file:" + canon(sample_mail("30-")));
    EXPECT_EQ(files_to_read(*(*found)[0]), 1u);
}

TEST(Detect, FlattenedMailIsOneMailNotAnMbox) {
    LKMINE_REQUIRE_CORPUS("seeds/004_3fb08d2b406b8ea0.txt");
    fs::path seed = shared_corpora() / "seeds/004_3fb08d2b406b8ea0.txt";
    auto found = detect_sources(seed.string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key(), "file:" + canon(seed));
}

TEST(Detect, LooseFilesSkipNonMail) {
    TempDir t;
    fs::create_directories(t / "dir/sub");
    fs::copy_file(sample_mail("10-"), t / "dir/a.eml");
    fs::copy_file(sample_mail("11-"), t / "dir/sub/b.txt");
    write_bytes(t / "dir/README", "Notes about these mails.\nNothing to index here.\n");
    write_bytes(t / "dir/data.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
    write_bytes(t / "dir/empty", "");
    write_bytes(t / "dir/todo.txt", "TODO: review the v2 series\nthen reply\n"); // "Name: value"

    auto found = detect_sources((t / "dir").string());
    ASSERT_TRUE(found.ok()) << found.error();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0]->key(), "files:" + canon(t / "dir"));
    EXPECT_EQ(files_to_read(*(*found)[0]), 2u);

    // Indexing it gives the two mails and no error for the rest.
    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "dir").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(stats(t / "db").mails, 2u);
}

TEST(Detect, MissingPathIsAnErrorNamingIt) {
    TempDir t;
    std::string missing = (t / "no-such-archive").string();
    auto found = detect_sources(missing);
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().find(missing), std::string::npos) << found.error();

    auto r = lkmine({"index", "--db", (t / "db").string(), missing});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
}

TEST(Detect, DirectoryWithoutMailIsAnError) {
    TempDir t;
    fs::create_directories(t / "dir");
    write_bytes(t / "dir/notes.txt", "just some notes\n");
    auto found = detect_sources((t / "dir").string());
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().find((t / "dir").string()), std::string::npos) << found.error();
    EXPECT_NE(found.error().find("no mail"), std::string::npos) << found.error();
}

} // namespace
} // namespace lkmine::test
