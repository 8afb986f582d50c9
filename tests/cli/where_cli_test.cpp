// "Where is it now": `lkmine index` over several trees and refs (mainline with two stable
// branches, linux-next, a maintainer tree), built with git here, and the trail `lkmine commit`
// and `lkmine patch` show in text and JSON: posted -> applied in mm -> linux-next -> mainline
// release -> stable backports -> fixed by / reverted by, plus the upstream: and stable: terms.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/support/where_trees.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace lkmine::test {
namespace {

using nlohmann::json;

// The trees (tests/support/where_trees.hpp): every commit and tag has its own date.
const char* kBuild = kWhereTreesScript;

class WhereCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        auto b = sh("cd " + quote(dir_->path().string()) + " && bash -c " + quote(kBuild));
        ASSERT_EQ(b.status, 0) << b.out << b.err;
        auto r = lkmine({"index",
                         "-q",
                         "--db",
                         db(),
                         "--git",
                         path("linux"),
                         "--git",
                         path("linux-next"),
                         "--git",
                         path("mm"),
                         "--git-ref",
                         "linux:master",
                         "--git-ref",
                         "linux-6.1.y",
                         "--git-ref",
                         "linux-6.2.y",
                         "--git-ref",
                         "linux-next:master",
                         "--git-ref",
                         "mm:mm-stable",
                         path("posted.mbox")});
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string path(const std::string& name) { return (dir_->path() / name).string(); }
    static std::string db() { return path("db"); }
    static std::string git(const std::string& args) {
        auto r = sh("cd " + quote(path("linux")) + " && git " + args);
        EXPECT_EQ(r.status, 0) << args << r.err;
        while (!r.out.empty() && r.out.back() == '\n')
            r.out.pop_back();
        return r.out;
    }
    static json commit_json(const std::string& sha) {
        auto r = lkmine({"commit", "--db", db(), "--json", sha});
        EXPECT_EQ(r.status, 0) << r.err;
        return json::parse(r.out);
    }
    // Commits are found when the query asks for type:commit (a search lists mails by default).
    static std::set<std::string> search(const std::string& q) {
        auto r = lkmine({"search", "--db", db(), "--json", q});
        EXPECT_EQ(r.status, 0) << q << r.err;
        std::set<std::string> out;
        for (const auto& line : split_lines(r.out)) {
            if (line.empty()) continue;
            auto j = json::parse(line);
            if (j.contains("message_id")) out.insert(j["message_id"].get<std::string>());
        }
        return out;
    }
    static std::vector<std::string> split_lines(const std::string& s) {
        std::vector<std::string> out;
        std::size_t pos = 0;
        while (pos <= s.size()) {
            auto e = s.find('\n', pos);
            if (e == std::string::npos) e = s.size();
            out.push_back(s.substr(pos, e - pos));
            pos = e + 1;
        }
        return out;
    }
    static TempDir* dir_;
};
TempDir* WhereCli::dir_ = nullptr;

TEST_F(WhereCli, FixTrailFromPostingToStable) {
    std::string fix = git("log --format=%H -1 --grep='^mm: fix leak' master");
    std::string b1 = git("rev-parse linux-6.1.y~1");
    json j = commit_json(fix.substr(0, 12));
    ASSERT_EQ(j["sha"], fix);
    const json& w = j["where"];
    ASSERT_EQ(w["posted"].size(), 1u) << w.dump(2);
    EXPECT_EQ(w["posted"][0]["message_id"], "fix-leak-v2@example.org");
    EXPECT_EQ(w["posted"][0]["revision"], 2);
    EXPECT_EQ(w["applied"]["trees"], json::array({"mm:mm-stable"}));
    EXPECT_EQ(w["applied"]["date"].get<std::string>().substr(0, 10), "2023-01-03");
    EXPECT_EQ(w["next"]["refs"], json::array({"linux-next:master"}));
    EXPECT_EQ(w["next"]["tag"], "next-20230105");
    EXPECT_EQ(w["mainline"]["release"], "v6.2");
    EXPECT_EQ(w["mainline"]["first_tag"], "v6.2-rc1");
    ASSERT_EQ(w["stable"].size(), 1u) << w.dump(2);
    EXPECT_EQ(w["stable"][0]["series"], "6.1");
    EXPECT_EQ(w["stable"][0]["sha"], b1);
    EXPECT_EQ(w["stable"][0]["tag"], "v6.1.1");
    EXPECT_EQ(w["stable"][0]["how"], "upstream-line");
    ASSERT_EQ(w["fixed_by"].size(), 1u);
    EXPECT_EQ(w["fixed_by"][0]["sha"], git("rev-parse v6.3-rc1^{commit}"));
    EXPECT_TRUE(w["reverted_by"].empty());

    auto t = lkmine({"commit", "--db", db(), fix.substr(0, 12)});
    ASSERT_EQ(t.status, 0) << t.err;
    for (const std::string& want : std::vector<std::string>{
             "posted       v2 ", "applied      in mm:mm-stable, 2023-01-03",
             "linux-next   linux-next:master (first in next-20230105)",
             "mainline     v6.2 (first in v6.2-rc1)",
             "stable 6.1   " + b1.substr(0, 12) + " in v6.1.1, 2023-01-11 (upstream-line)"})
        EXPECT_NE(t.out.find(want), std::string::npos) << want << "\n" << t.out;
}

TEST_F(WhereCli, BackportsByLineAndByPatchId) {
    std::string g = git("rev-parse v6.3-rc1^{commit}");
    json w = commit_json(g)["where"];
    std::map<std::string, json> by_series;
    for (const auto& b : w["stable"])
        by_series[b["series"]] = b;
    ASSERT_EQ(by_series.size(), 2u) << w.dump(2);
    EXPECT_EQ(by_series["6.1"]["sha"], git("rev-parse linux-6.1.y"));
    EXPECT_EQ(by_series["6.1"]["how"], "patch-id"); // no upstream line: same patch id
    EXPECT_EQ(by_series["6.1"]["tag"], "v6.1.2");
    EXPECT_EQ(by_series["6.2"]["sha"], git("rev-parse linux-6.2.y"));
    EXPECT_EQ(by_series["6.2"]["how"], "upstream-line");
    EXPECT_EQ(by_series["6.2"]["tag"], "v6.2.1");
    EXPECT_EQ(w["mainline"]["release"], "v6.3");
    EXPECT_EQ(w["mainline"]["first_tag"], "v6.3-rc1");
    // Only in mainline: no maintainer tree, not in the linux-next snapshot.
    EXPECT_TRUE(w["applied"]["trees"].empty());
    EXPECT_TRUE(w["next"]["refs"].empty());

    // The backport itself says what it backports.
    json b = commit_json(git("rev-parse linux-6.2.y"))["where"];
    EXPECT_EQ(b["upstream"]["sha"], g);
    EXPECT_EQ(b["upstream"]["how"], "upstream-line");
    EXPECT_EQ(b["refs"], json::array({json{{"ref", "linux:linux-6.2.y"}, {"kind", "stable 6.2"}}}));
}

TEST_F(WhereCli, RevertedBy) {
    std::string tracing = git("log --format=%H -1 --grep='^mm: add tracing' master");
    std::string revert = git("log --format=%H -1 --grep='This reverts' master");
    json w = commit_json(tracing)["where"];
    ASSERT_EQ(w["reverted_by"].size(), 1u) << w.dump(2);
    EXPECT_EQ(w["reverted_by"][0]["sha"], revert);
    auto t = lkmine({"commit", "--db", db(), tracing});
    EXPECT_NE(t.out.find("reverted by  " + revert.substr(0, 12)), std::string::npos) << t.out;
}

TEST_F(WhereCli, PatchShowsTheTrailOfItsCommit) {
    auto r = lkmine({"patch", "--db", db(), "--json", "fix-leak-v2@example.org"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_EQ(j["commits"].size(), 1u) << j.dump(2);
    const json& w = j["commits"][0]["where"];
    EXPECT_EQ(w["mainline"]["release"], "v6.2");
    EXPECT_EQ(w["next"]["tag"], "next-20230105");
    ASSERT_EQ(w["stable"].size(), 1u);
    EXPECT_EQ(w["stable"][0]["tag"], "v6.1.1");
    auto t = lkmine({"patch", "--db", db(), "fix-leak-v2@example.org"});
    EXPECT_NE(t.out.find("mainline     v6.2 (first in v6.2-rc1)"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("stable 6.1"), std::string::npos) << t.out;
}

TEST_F(WhereCli, EachCommitOnceWithItsRefs) {
    // base, fix, tracing (both trees pulled them fast-forward), revert, fix of the fix, and
    // three backports: 8 commits, each one document.
    EXPECT_EQ(search("type:commit").size(), 8u);
    std::string base = git("rev-parse v6.1^{commit}");
    json w = commit_json(base)["where"];
    std::set<std::string> refs;
    for (const auto& r : w["refs"])
        refs.insert(r["ref"]);
    EXPECT_EQ(refs, (std::set<std::string>{"linux:master", "linux:linux-6.1.y", "linux:linux-6.2.y",
                                           "linux-next:master", "mm:mm-stable"}));
    EXPECT_EQ(w["mainline"]["first_tag"], "v6.1");
}

TEST_F(WhereCli, UpstreamAndStableTerms) {
    std::string fix = git("log --format=%H -1 --grep='^mm: fix leak' master");
    std::string g = git("rev-parse v6.3-rc1^{commit}");
    EXPECT_EQ(search("type:commit upstream:" + g.substr(0, 10)),
              (std::set<std::string>{git("rev-parse linux-6.1.y"), git("rev-parse linux-6.2.y")}));
    EXPECT_EQ(search("type:commit upstream:" + fix),
              (std::set<std::string>{git("rev-parse linux-6.1.y~1")}));
    // Fixes under mm/ that 6.1 has (itself or by a backport) and those it lacks.
    auto in61 = search("type:commit dfn:mm stable:6.1");
    EXPECT_TRUE(in61.count(fix) && in61.count(g));
    std::string tracing = git("log --format=%H -1 --grep='^mm: add tracing' master");
    // Without type:, a prefix only commits have searches commits (it found nothing: mails).
    EXPECT_EQ(search("dfn:mm stable:6.1"), in61);
    EXPECT_EQ(search("Stable:6.1 dfn:mm"), in61);
    EXPECT_EQ(search("upstream:" + fix), search("type:commit upstream:" + fix));
    auto not61 = search("type:commit dfn:mm NOT stable:6.1");
    EXPECT_TRUE(not61.count(tracing)) << "tracing never went to 6.1";
    EXPECT_FALSE(not61.count(fix));
    EXPECT_EQ(search("type:commit reverts:" + tracing.substr(0, 8)),
              (std::set<std::string>{git("log --format=%H -1 --grep='This reverts' master")}));
}

TEST_F(WhereCli, IncrementalRunAddsOnlyTheNew) {
    auto again =
        lkmine({"index", "--db", db(), "--git", path("linux"), "--git", path("linux-next"), "--git",
                path("mm"), "--git-ref", "linux:master", "--git-ref", "linux-6.1.y", "--git-ref",
                "linux-6.2.y", "--git-ref", "linux-next:master", "--git-ref", "mm:mm-stable"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_NE(again.out.find("0 new"), std::string::npos) << again.out;
    EXPECT_EQ(search("type:commit").size(), 8u);
    auto bad = lkmine({"index", "--db", db(), "--git", path("linux"), "--git-ref", "nosuch"});
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.err.find("--git-ref nosuch names no ref"), std::string::npos) << bad.err;
}

} // namespace
} // namespace lkmine::test
