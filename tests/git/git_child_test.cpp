// Tests of git_rev_list and run_git (git as a child run to its end) against libgit2's walk on
// a repository with release tags on two lines of history, the walk the commit stage makes for
// each new tag (its commits that no earlier tag contains).
#include "core/git/git_child.hpp"
#include "core/git/repo.hpp"
#include "tests/support/git_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lkmine {
namespace {

using test::must;

// master: a, v1, b, v2 (merging a stable branch's fix), c, v3; stable: v1.1 off v1.
const char* script = R"SH(set -e
git init -q -b master r && cd r
c() { echo "$1" >> f && git add f && git commit -qm "$1"; }
c a && git tag v1 && c b
git checkout -q -b stable v1 && echo fix > g && git add g && git commit -qm fix && git tag v1.1
git checkout -q master && git merge -q --no-ff stable -m 'merge stable' && git tag v2
c c && c d && git tag v3 && c e
)SH";

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

TEST(GitRevList, SameCommitsAsLibgit2sWalkForEachTagAfterTheEarlierOnes) {
    test::TempDir tmp;
    must(tmp.path(), script);
    auto repo = GitRepo::open((tmp.path() / "r").string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto tags = repo->tags("v*");
    ASSERT_TRUE(tags.ok()) << tags.error();
    ASSERT_EQ(tags->size(), 4u);
    std::vector<std::string> earlier;
    std::vector<std::size_t> counts;
    for (const auto& [name, sha] : *tags) {
        auto by_git = git_rev_list(repo->dir(), sha, earlier);
        ASSERT_TRUE(by_git.ok()) << by_git.error();
        auto by_libgit2 = repo->walk_new(sha, earlier);
        ASSERT_TRUE(by_libgit2.ok()) << by_libgit2.error();
        EXPECT_EQ(sorted(*by_git), sorted(*by_libgit2)) << name;
        counts.push_back(by_git->size());
        earlier.push_back(sha);
    }
    // v1: a; v1.1: fix; v2: b and the merge; v3: c, d. e is in no tag.
    EXPECT_EQ(counts, (std::vector<std::size_t>{1, 1, 2, 2}));
    // An id the repository lacks hides nothing, as in walk_new.
    earlier.push_back(std::string(40, '0'));
    auto head = repo->resolve("HEAD");
    ASSERT_TRUE(head.ok());
    auto rest = git_rev_list(repo->dir(), *head, earlier);
    ASSERT_TRUE(rest.ok()) << rest.error();
    EXPECT_EQ(*rest, (std::vector<std::string>{*head}));
}

TEST(GitRevList, GitsOwnErrorWhenTheTipIsNoCommit) {
    test::TempDir tmp;
    must(tmp.path(), script);
    auto got = git_rev_list((tmp.path() / "r").string(), std::string(40, '1'), {});
    ASSERT_FALSE(got.ok());
    EXPECT_NE(got.error().find("names no commit"), std::string::npos) << got.error();
    EXPECT_NE(got.error().find("1111111111"), std::string::npos) << got.error();
    auto none = run_git((tmp.path() / "nowhere").string(), {"rev-parse", "HEAD"});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("nowhere"), std::string::npos) << none.error();
}

} // namespace
} // namespace lkmine
