// Upstream lines of stable backports as the stable trees write them, git revert's line, and
// stable branch names.
#include "core/patch/backport.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";

TEST(Backport, UpstreamLineForms) {
    EXPECT_EQ(upstream_commit("mm: fix it\n\ncommit " + kSha + " upstream.\n\nBody\n"), kSha);
    EXPECT_EQ(upstream_commit("x\n\n[ Upstream commit " + kSha + " ]\n"), kSha);
    EXPECT_EQ(upstream_commit("x\n\nUpstream commit " + kSha + ".\n"), kSha);
    EXPECT_EQ(upstream_commit("x\n\n(cherry picked from commit " + kSha + ")\n"), kSha);
    // Upper case hex is lowered; the id must be whole.
    EXPECT_EQ(upstream_commit("commit 0123456789ABCDEF0123456789abcdef01234567 upstream.\n"), kSha);
    EXPECT_EQ(upstream_commit("commit 0123456789ab upstream.\n"), "");
    // Prose that names a commit is no upstream line.
    EXPECT_EQ(upstream_commit("the commit " + kSha + " upstream broke it\n"), "");
    EXPECT_EQ(upstream_commit("no line here\n"), "");
}

TEST(Backport, RevertLine) {
    EXPECT_EQ(reverted_commit("Revert \"x\"\n\nThis reverts commit " + kSha + ".\n"), kSha);
    EXPECT_EQ(reverted_commit("Revert\n\nThis reverts commit 0123456789ab.\n"), "0123456789ab");
    EXPECT_EQ(reverted_commit("Revert\n\nThis reverts commit " + kSha + ", which broke it.\n"), "");
}

TEST(Backport, StableSeries) {
    EXPECT_EQ(stable_series("linux-6.1.y"), "6.1");
    EXPECT_EQ(stable_series("stable/linux-5.15.y"), "5.15");
    EXPECT_EQ(stable_series("refs/heads/linux-6.10.y"), "6.10");
    EXPECT_EQ(stable_series("master"), "");
    EXPECT_EQ(stable_series("linux-next"), "");
    EXPECT_EQ(stable_series("linux-6.y"), "");
}

} // namespace
} // namespace lkmine
