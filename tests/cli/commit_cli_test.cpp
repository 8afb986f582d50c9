// `lkmine index --git`, `lkmine commit` and `lkmine patch` on the project sample
// (corpora/README.md): the JSON a user scripts against, and the errors they meet.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lkmine::test {
namespace {

using nlohmann::json;

const std::string kIoctl = "558ddf0842cfa4df6dced9ffde150b81787d4144";
const std::string kV1Ioctl = "20240205-ringbuf-resize-v1-2-3c9f1e2d7a44@example.com";
const std::string kV2Ioctl = "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com";
const std::string kV2Sysfs = "20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com";

class CommitCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        auto k =
            sh("bash " + quote(std::string(LKMINE_SOURCE_DIR) + "/corpora/build-kernel-sample.sh") +
               " " + quote(repo()) + " >/dev/null 2>&1");
        ASSERT_EQ(k.status, 0) << k.err;
        auto r = lkmine({"index", "-q", "--db", db(), "--git", repo(),
                         (lore_sample() / "linux-demo").string()});
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return (dir_->path() / "db").string(); }
    static std::string repo() { return (dir_->path() / "kernel").string(); }
    static TempDir* dir_;
};
TempDir* CommitCli::dir_ = nullptr;

TEST_F(CommitCli, CommitShowsItsMailsFixesAndRelease) {
    auto r = lkmine({"commit", "--db", db(), "--json", "558ddf0842cf"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["sha"], kIoctl);
    EXPECT_EQ(j["subject"], "lkdemo: add LKDEMO_IOC_RESIZE ioctl");
    EXPECT_EQ(j["release"], "v0.2");
    EXPECT_EQ(j["patch_id"], "743f5dc5bc35d35dc1f18bc215f162b8c175dc8c"); // corpora/README.md
    std::map<std::string, std::string> methods;
    for (const auto& m : j["mails"])
        methods[m["message_id"]] = m["method"];
    EXPECT_EQ(methods[kV2Ioctl], "patch-id");
    EXPECT_EQ(methods[kV1Ioctl], "revision"); // v1 2/3 differs; found through its series
    for (const auto& m : j["mails"])          // the revision was posted, not merged: never certain
        EXPECT_EQ(m["confidence"], m["method"] == "revision" ? "possible" : "certain") << m;
    std::set<std::string> fixers;
    for (const auto& f : j["fixed_by"])
        fixers.insert(f["sha"]);
    EXPECT_EQ(fixers, (std::set<std::string>{"957f7aa6e62ca9f5fa9ff132d1b58537f68954dd",
                                             "cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc"}));
    EXPECT_TRUE(j["interdiff"]["identical"]);
    ASSERT_EQ(j["bisections"].size(), 1u); // syzbot's bisection result mail
    EXPECT_EQ(j["bisections"][0]["extid"], "3f1c2a9e8b7d6c5e4f0a");
    // The text answer fits on one screen.
    auto t = lkmine({"commit", "--db", db(), "558ddf08"});
    ASSERT_EQ(t.status, 0) << t.err;
    EXPECT_LE(std::count(t.out.begin(), t.out.end(), '\n'), 50) << t.out;
    EXPECT_NE(t.out.find("Reviewed-by: Priya Raman"), std::string::npos) << t.out;
    // Each kept trailer as often as git finds it in the message (the view decoded the commit
    // twice and listed every trailer twice).
    auto g = sh("git -C " + quote(repo()) + " log -1 --format=%B " + kIoctl +
                " | git interpret-trailers --parse | grep -E "
                "'^(Fixes|Link|Closes|Reported-by|Message-Id|change-id|Reviewed-by|Acked-by|"
                "Tested-by|Stable-dep-of): '");
    ASSERT_EQ(g.status, 0) << g.err;
    std::multiset<std::string> by_git, by_lkmine;
    for (std::size_t at = 0, nl; (nl = g.out.find('\n', at)) != std::string::npos; at = nl + 1)
        by_git.insert(g.out.substr(at, nl - at));
    for (const auto& tr : j["trailers"])
        by_lkmine.insert(tr["key"].get<std::string>() + ": " + tr["value"].get<std::string>());
    EXPECT_FALSE(by_git.empty());
    EXPECT_EQ(by_lkmine, by_git);
}

TEST_F(CommitCli, PatchFindsTheFuzzyCommit) {
    auto r = lkmine({"patch", "--db", db(), "--json", "<" + kV2Sysfs + ">"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["message_id"], kV2Sysfs);
    ASSERT_EQ(j["commits"].size(), 1u);
    EXPECT_EQ(j["commits"][0]["sha"], "a4389c2eb5022e4690b73daff46841ca04f06cb4");
    EXPECT_EQ(j["commits"][0]["method"], "fuzzy");
    EXPECT_GE(j["commits"][0]["score"].get<double>(), 0.8);
    // Same author at the same second (git am's author date) and the same diff: certain.
    EXPECT_EQ(j["commits"][0]["confidence"], "certain");
    auto t = lkmine({"patch", "--db", db(), "<" + kV2Sysfs + ">"});
    ASSERT_EQ(t.status, 0) << t.err;
    EXPECT_NE(t.out.find("\nmerged as a4389c2eb502"), std::string::npos) << t.out;
    // A lore URL works too.
    auto u = lkmine({"patch", "--db", db(), "--json", "https://lore.kernel.org/r/" + kV2Ioctl});
    ASSERT_EQ(u.status, 0) << u.err;
    EXPECT_EQ(json::parse(u.out)["commits"][0]["sha"], kIoctl);
}

TEST_F(CommitCli, ClearErrors) {
    auto unknown = lkmine({"commit", "--db", db(), "0123456789ab"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.err.find("not in the index"), std::string::npos) << unknown.err;
    TempDir t;
    auto init = sh("git init -q --object-format=sha256 " + quote((t.path() / "r").string()));
    ASSERT_EQ(init.status, 0) << init.err;
    auto s = lkmine(
        {"index", "-q", "--db", (t.path() / "db").string(), "--git", (t.path() / "r").string()});
    EXPECT_EQ(s.status, 1);
    EXPECT_NE(s.err.find("SHA-256"), std::string::npos) << s.err;
    auto bad = lkmine({"index", "-q", "--db", db(), "--git", repo(), "--link-methods", "psychic"});
    EXPECT_EQ(bad.status, 2); // a usage error (lkmine(1): exit codes)
    EXPECT_NE(bad.err.find("unknown link method"), std::string::npos) << bad.err;
}

// With commit links in the index, the culprit's patch thread is where it was posted (v2 2/3,
// a patch-id link), not the mails that only mention the culprit (the Fixes: patches).
TEST_F(CommitCli, SymptomCulpritThreadIsWhereTheCulpritWasPosted) {
    auto r = lkmine(
        {"symptom", "--db", db(), "--json", "KASAN: slab-use-after-free Read in ringbuf_pop"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    std::vector<std::string> culprit_mails;
    for (const auto& t : j["patches"])
        if (t["role"] == "culprit") {
            EXPECT_EQ(t["method"], "commit-link");
            for (const auto& id : t["message_ids"])
                culprit_mails.push_back(id);
        }
    EXPECT_EQ(culprit_mails, std::vector<std::string>{kV2Ioctl});
}

// A commit that only resembles the mail (one line edited, another author date) is shown as a
// possible merge, never as a fact.
TEST(PatchCli, BelowTheConfidenceThresholdSaysPossiblyMergedAs) {
    TempDir t;
    const std::string repo = (t.path() / "r").string(), db = (t.path() / "db").string();
    auto g = sh("set -e; git init -q " + quote(repo) + "; cd " + quote(repo) +
                "; export GIT_AUTHOR_NAME='Ann Author' GIT_AUTHOR_EMAIL=ann@example.org"
                " GIT_COMMITTER_NAME=M GIT_COMMITTER_EMAIL=m@example.org;"
                " seq 1 30 | sed 's/^/int line_/; s/$/;/' > ring.c; git add ring.c;"
                " GIT_AUTHOR_DATE='2024-03-01T10:00:00Z' GIT_COMMITTER_DATE='2024-03-01T10:00:00Z'"
                " git commit -qm 'ring: base'; sed -i '10a int ring_fill(void);\\nint "
                "ring_size(void);\\nint ring_drain(void);\\nint ring_peek_edited(void);' "
                "ring.c; GIT_AUTHOR_DATE='2024-03-07T10:00:00Z' "
                "GIT_COMMITTER_DATE='2024-03-08T10:00:00Z' git commit -qam 'ring: add the fill "
                "and size helpers'; git tag ring-1.0");
    ASSERT_EQ(g.status, 0) << g.err;
    write_bytes(t.path() / "list.mbox",
                "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
                "From: Ann Author <ann@example.org>\n"
                "Subject: [PATCH] ring: add the fill and size helpers\n"
                "Date: Mon, 4 Mar 2024 09:00:00 +0000\n"
                "Message-ID: <ring-1@example.org>\n\n"
                "Helpers.\n---\n"
                "diff --git a/ring.c b/ring.c\n"
                "--- a/ring.c\n+++ b/ring.c\n"
                "@@ -9,2 +9,6 @@\n int line_9;\n int line_10;\n+int ring_fill(void);\n"
                "+int ring_size(void);\n+int ring_drain(void);\n+int ring_peek(void);\n");
    auto r = lkmine({"index", "-q", "--db", db, "--git", repo, (t.path() / "list.mbox").string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    auto j = lkmine({"patch", "--db", db, "--json", "ring-1@example.org"});
    ASSERT_EQ(j.status, 0) << j.err;
    json p = json::parse(j.out);
    ASSERT_EQ(p["commits"].size(), 1u) << j.out;
    EXPECT_EQ(p["commits"][0]["method"], "fuzzy");
    EXPECT_EQ(p["commits"][0]["confidence"], "possible");
    auto text = lkmine({"patch", "--db", db, "ring-1@example.org"});
    EXPECT_NE(text.out.find("possibly merged as"), std::string::npos) << text.out;
    auto c = lkmine({"commit", "--db", db, "--json", p["commits"][0]["sha"]});
    ASSERT_EQ(c.status, 0) << c.err;
    json cj = json::parse(c.out);
    ASSERT_EQ(cj["mails"].size(), 1u) << c.out;
    EXPECT_EQ(cj["mails"][0]["confidence"], "possible");
    // Releases are tags of any name (here a lightweight ring-1.0) unless a pattern restricts.
    EXPECT_EQ(p["commits"][0]["release"], "ring-1.0");
    auto again = lkmine({"index", "-q", "--db", db, "--git", repo, "--release-pattern", "v*"});
    ASSERT_EQ(again.status, 0) << again.err;
    auto v = lkmine({"patch", "--db", db, "--json", "ring-1@example.org"});
    ASSERT_EQ(v.status, 0) << v.err;
    EXPECT_EQ(json::parse(v.out)["commits"][0]["release"], "");
}

} // namespace
} // namespace lkmine::test
