// The commit stage's git diff-tree child replaced every few commits (commits_per_git_child):
// across the restarts every commit of a generated history is indexed once, with git's patch id.
#include "core/index/store.hpp"
#include "core/stages/link_stage.hpp"
#include "tests/support/git_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

// Every commit document of the index: sha -> how many documents carry it.
std::map<std::string, int> indexed_commits(const std::string& db) {
    std::map<std::string, int> out;
    auto r = StoreReader::open(db);
    EXPECT_TRUE(r) << (r ? "" : r.error());
    if (!r) return out;
    SearchOptions so;
    so.limit = 100000;
    auto page = r->search("type:commit", so);
    EXPECT_TRUE(page) << (page ? "" : page.error());
    if (page)
        for (const auto& m : page->results)
            ++out[m.message_id];
    return out;
}

TEST(CommitStage, GitChildRestartsLoseAndRepeatNoCommit) {
    test::TempDir tmp;
    fs::path repo = tmp.path() / "linux", db = tmp.path() / "db";
    auto g = test::sh(LKMINE_SOURCE_DIR, "python3 bench/gen-kernel-history.py '" + repo.string() +
                                             "' --commits 80 >/dev/null 2>&1");
    ASSERT_EQ(g.status, 0) << "gen-kernel-history.py failed";
    {
        auto w = StoreWriter::open(db.string());
        ASSERT_TRUE(w) << w.error();
        ASSERT_TRUE(w->commit());
    }
    LinkStageOptions o;
    o.git = repo.string();
    o.commits_per_git_child = 3;
    o.jobs = 2;
    auto s = update_link_index(db.string(), o);
    ASSERT_TRUE(s) << s.error();
    for (const auto& n : s->notes)
        EXPECT_EQ(n.find("libgit2"), std::string::npos) << n; // every diff came from git

    auto all = test::lines(test::must(repo, "git rev-list HEAD"));
    ASSERT_GT(all.size(), 80u);
    EXPECT_EQ(s->commits_added, all.size());
    // One child per 3 commits (a chunk is 3 commits, the next one asked of the same child
    // only while it has been given fewer than 3).
    EXPECT_EQ(s->git_children, (all.size() + 2) / 3);

    auto got = indexed_commits(db.string());
    EXPECT_EQ(got.size(), all.size()) << "commits missing from the index";
    for (const auto& sha : all)
        EXPECT_EQ(got[sha], 1) << sha << " indexed " << got[sha] << " times";

    // git's patch id of every non-merge commit (none for an empty diff) is the stored one.
    std::map<std::string, std::string> pid_of; // sha -> patch id
    for (const auto& line :
         test::lines(test::must(repo, "git log -p --no-merges | git patch-id --stable")))
        pid_of[line.substr(41, 40)] = line.substr(0, 40);
    auto nonmerge = test::lines(test::must(repo, "git rev-list --no-merges HEAD"));
    ASSERT_GE(pid_of.size(), nonmerge.size() - 2);
    for (const auto& sha : nonmerge) {
        auto c = commit_report(db.string(), sha);
        ASSERT_TRUE(c) << c.error();
        EXPECT_EQ(c->commit.patch_id, pid_of[sha]) << sha;
    }
}

} // namespace
} // namespace lkmine
