// Damaged input: a corrupt epoch and an unreadable file are errors naming them, the rest is
// indexed, and the exit code says something went wrong.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace lkmine::test {
namespace {

// The epoch with every object loose (a pack unpacked), so one object can be taken away.
fs::path loose_epoch_copy(const TempDir& t) {
    copy_tree(lore_sample() / "linux-demo", t / "inbox");
    fs::path git = t / "inbox/git/0.git";
    auto r = sh("cd " + quote(git.string()) +
                " && for p in objects/pack/*.pack; do [ -f \"$p\" ] || continue;"
                " mv \"$p\" ../x.pack && rm objects/pack/*.idx"
                " && git unpack-objects -q < ../x.pack && rm ../x.pack; done");
    EXPECT_EQ(r.status, 0) << r.err;
    return git;
}

std::string rev_parse(const fs::path& git, const std::string& rev) {
    auto r = sh("git --git-dir=" + quote(git.string()) + " rev-parse " + quote(rev));
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out.substr(0, 40);
}

bool reading_is_blocked_by_mode() {
    TempDir t;
    write_bytes(t / "f", "x");
    fs::permissions(t / "f", fs::perms::none);
    int fd = open((t / "f").c_str(), O_RDONLY);
    if (fd >= 0) close(fd);
    return fd < 0; // root (CAP_DAC_OVERRIDE) reads it anyway
}

TEST(Errors, EpochWithAMissingBlobStopsThereAndTheOtherSourcesAreIndexed) {
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora/default");
    TempDir t;
    fs::path git = loose_epoch_copy(t);
    // The 16th mail's blob (commits in order: master~16 is the 16th of 32).
    std::string blob = rev_parse(git, "master~16:m");
    ASSERT_EQ(blob.size(), 40u);
    fs::remove(git / "objects" / blob.substr(0, 2) / blob.substr(2));

    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string(),
                     (shared_corpora() / "notmuch-test-corpora/default").string()});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(git.filename().string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(blob.substr(0, 7)), std::string::npos) << "names the object\n" << r.err;
    // 15 mails before the damage, and the notmuch Maildir (52) in full.
    EXPECT_EQ(stats(t / "db").mails, 15u + 52u);

    // Repaired (the object is back), the next run goes on from the mail that failed.
    copy_tree(lore_sample() / "linux-demo/git/0.git", t / "fresh.git");
    fs::remove_all(git);
    fs::rename(t / "fresh.git", git);
    r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 17u) << r.out;
    EXPECT_EQ(stats(t / "db").mails, 32u + 52u);
}

TEST(Errors, TruncatedPackIsAnErrorNotACrash) {
    TempDir t;
    copy_tree(lore_sample() / "linux-demo", t / "inbox");
    auto repack =
        sh("git --git-dir=" + quote((t / "inbox/git/0.git").string()) + " repack -a -d -q");
    ASSERT_EQ(repack.status, 0) << repack.err;
    fs::path pack;
    for (const auto& e : fs::directory_iterator(t / "inbox/git/0.git/objects/pack"))
        if (e.path().extension() == ".pack") pack = e.path();
    ASSERT_FALSE(pack.empty());
    fs::resize_file(pack, fs::file_size(pack) / 2);
    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string(),
                     sample_mail("01-").string()});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_EQ(r.signal, 0);
    EXPECT_NE(r.err.find("0.git"), std::string::npos) << r.err;
    // The single mail given after it is indexed whatever happened to the epoch.
    auto s = lkmine({"search", "--db", (t / "db").string(), "--json",
                     "m:ZaT3xK9mQe1vBn2c@ringbuf.example.org"});
    EXPECT_NE(s.out.find("ZaT3xK9mQe1vBn2c"), std::string::npos) << s.out << s.err;
}

// As root chmod 000 blocks nothing: run the indexer as nobody instead, when setpriv can.
std::vector<std::string> unprivileged_prefix(bool& possible) {
    possible = true;
    if (reading_is_blocked_by_mode()) return {};
    if (getuid() == 0 &&
        run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"}).status == 0)
        return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    possible = false;
    return {};
}

TEST(Errors, UnreadableFileInAMaildirIsNamedAndRetried) {
    bool possible = false;
    auto prefix = unprivileged_prefix(possible);
    if (!possible) GTEST_SKIP() << "root without setpriv: chmod 000 blocks nothing";
    TempDir t;
    fs::permissions(t.path(), fs::perms::all); // the unprivileged indexer writes its db here
    fs::path md = t / "md";
    fs::create_directories(md / "cur");
    fs::create_directories(md / "new");
    fs::copy_file(sample_mail("01-"), md / "cur/1.host:2,S");
    fs::copy_file(sample_mail("02-"), md / "cur/2.host:2,S");
    fs::copy_file(sample_mail("03-"), md / "cur/3.host:2,S");
    sh("chmod -R a+rX " + quote(md.string()));
    fs::permissions(md / "cur/2.host:2,S", fs::perms::none);
    auto index = [&] {
        std::vector<std::string> argv = prefix;
        argv.insert(argv.end(), {LKMINE_BINARY, "index", "--db", (t / "db").string(), md.string()});
        return run(argv);
    };
    auto r = index();
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("cur/2.host:2,S"), std::string::npos) << r.err;
    EXPECT_EQ(stats(t / "db").mails, 2u);

    fs::permissions(md / "cur/2.host:2,S", fs::perms::owner_read | fs::perms::others_read);
    r = index();
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 1u) << "the file is read once it can be\n" << r.out;
    EXPECT_EQ(stats(t / "db").mails, 3u);
}

} // namespace
} // namespace lkmine::test
