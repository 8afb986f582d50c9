// Damaged input: an unreadable object or file is flagged, named and retried by the next run, the
// rest is indexed, and the exit code says the run was partial (3).
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <set>

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

std::set<std::string> id_set(const fs::path& db) {
    auto ids = all_ids(db);
    return {ids.begin(), ids.end()};
}

// One blob missing (a partial clone): that mail is flagged and every other mail is indexed, the
// run says "partial" (exit 3), and once the object is back exactly that mail is added.
TEST(Errors, EpochWithAMissingBlobIsFlaggedAndEveryOtherMailIndexed) {
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora/default");
    TempDir t;
    fs::path git = loose_epoch_copy(t);
    Truth whole = truth({"--epoch", git.string()});
    ASSERT_EQ(whole.read, 32u);
    // The 16th mail's blob (commits in order: master~16 is the 16th of 32).
    std::string commit = rev_parse(git, "master~16");
    std::string blob = rev_parse(git, "master~16:m");
    ASSERT_EQ(blob.size(), 40u);
    fs::path object = git / "objects" / blob.substr(0, 2) / blob.substr(2);
    fs::rename(object, t / "kept-object");
    Truth readable = truth({"--epoch", git.string()}); // git's view: the blob is missing
    ASSERT_EQ(readable.read, 31u);

    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string(),
                     (shared_corpora() / "notmuch-test-corpora/default").string()});
    EXPECT_EQ(r.status, 3) << "partial\n" << r.out << r.err;
    EXPECT_NE(r.err.find("commit " + commit + " blob " + blob), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("1 unreadable (see lkmine stats --problems)"), std::string::npos) << r.out;
    // Every readable mail of the epoch (the 16 after the hole too) and the notmuch Maildir.
    EXPECT_EQ(stats(t / "db").mails, readable.mails + 52u);
    auto before = id_set(t / "db");
    for (const auto& id : readable.ids)
        EXPECT_TRUE(before.count(id)) << id;
    auto st = lkmine({"stats", "--db", (t / "db").string(), "--json"});
    auto j = nlohmann::json::parse(st.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << st.out;
    ASSERT_EQ(j["problems"].size(), 1u) << st.out;
    EXPECT_NE(j["problems"][0]["key"].get<std::string>().find(blob), std::string::npos);
    auto text = lkmine({"stats", "--db", (t / "db").string(), "--problems"});
    EXPECT_NE(text.out.find(blob), std::string::npos) << text.out;

    // Still missing: flagged again, nothing else read again.
    r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string()});
    EXPECT_EQ(r.status, 3) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 0u) << r.out;

    // The object fetched since: the next run adds exactly that mail.
    fs::rename(t / "kept-object", object);
    r = lkmine({"index", "--db", (t / "db").string(), (t / "inbox").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 1u) << r.out;
    auto after = id_set(t / "db");
    std::vector<std::string> added;
    for (const auto& id : after)
        if (!before.count(id)) added.push_back(id);
    ASSERT_EQ(added.size(), 1u);
    EXPECT_TRUE(whole.ids.count(added[0]) && !readable.ids.count(added[0])) << added[0];
    EXPECT_EQ(stats(t / "db").mails, whole.mails + 52u);
    st = lkmine({"stats", "--db", (t / "db").string(), "--json"});
    EXPECT_NE(st.out.find("\"problems\":[]"), std::string::npos) << st.out;
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

TEST(Errors, NonexistentSourceCreatesNoIndex) {
    TempDir t;
    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "nonexistent").string()});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("nonexistent"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(t / "db")) << "an index was created for nothing";
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
    EXPECT_EQ(r.status, 3) << r.out << r.err;
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
