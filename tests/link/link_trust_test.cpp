// Links a user can trust: the weak methods respect time, direction (reverts) and repository.
#include "core/link/link.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t posted = 1700000000; // the mail's Date:

struct Side {
    PatchSide s;
    Side(std::string id, std::string subject, std::int64_t date) {
        s.id = std::move(id);
        s.author = {"Ann Author", "ann@example.org"};
        s.date = date;
        s.subject_norm = std::move(subject);
    }
    Side& diff(std::vector<std::string> files, std::vector<std::string> added,
               std::vector<std::string> removed = {}) {
        s.files = std::move(files);
        s.added = std::move(added);
        s.removed = std::move(removed);
        s.has_diff = true;
        return *this;
    }
    Side& blobs(std::vector<std::string> b) {
        s.post_blobs = std::move(b);
        return *this;
    }
    Side& pid(std::string p) {
        s.patch_id = std::move(p);
        return *this;
    }
    Side& committed(std::int64_t when) {
        s.commit_date = when;
        return *this;
    }
};

std::vector<std::string> shas(const std::vector<Link>& links) {
    std::vector<std::string> out;
    for (const auto& l : links)
        out.push_back(l.sha);
    return out;
}

const unsigned blob = link_bit(LinkMethod::blob), fuzzy = link_bit(LinkMethod::fuzzy),
               pid = link_bit(LinkMethod::patch_id);
const std::string helper_blob = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c";
const std::vector<std::string> helper_lines = {"static inline void io_uring_prep_linkat(...)", "{",
                                               "\tio_uring_prep_rw(IORING_OP_LINKAT);", "}"};

TEST(RevertDepth, CountsRevertsAndReapplies) {
    EXPECT_EQ(revert_depth("liburing.h: add linkat prep helper"), 0);
    EXPECT_EQ(revert_depth("revert \"liburing.h: add foo helper\""), 1);
    EXPECT_EQ(revert_depth("Revert \"Revert \"io_uring: fix x\"\""), 2);
    EXPECT_EQ(revert_depth("Reapply \"io_uring: fix x\""), 2);
    EXPECT_EQ(revert_depth("revert: io_uring: drop y"), 1);
    EXPECT_EQ(revert_depth("reverted-list: keep order"), 0);
    EXPECT_EQ(revert_depth("revert_map: fix"), 0);
}

TEST(LinkConfidence, ExactMethodsAreCertainWeakOnesSayPossible) {
    EXPECT_EQ(link_confidence("trailer", 1.0), LinkConfidence::certain);
    EXPECT_EQ(link_confidence("patch-id", 1.0), LinkConfidence::certain);
    EXPECT_EQ(link_confidence("blob", 1.0), LinkConfidence::certain);
    EXPECT_EQ(link_confidence("blob", 0.01), LinkConfidence::possible);
    EXPECT_EQ(link_confidence("fuzzy", 0.99), LinkConfidence::certain);
    EXPECT_EQ(link_confidence("fuzzy", 0.85), LinkConfidence::possible);
    EXPECT_EQ(link_confidence("revision", 1.0), LinkConfidence::possible);
    EXPECT_EQ(link_confidence_name(LinkConfidence::possible), "possible");
}

// The same post-image is written by the patch's commit and by a Revert of a later change.
TEST(LinkTrust, BlobLinkIsNotARevertThatRestoresTheSameFile) {
    PatchSide mail = Side("m@x", "liburing.h: add linkat prep helper", posted)
                         .diff({"src/include/liburing.h"}, helper_lines)
                         .blobs({helper_blob.substr(0, 7)})
                         .s;
    Linker linker;
    linker.add_commit(Side("aaaa1111", "liburing.h: add linkat prep helper", posted)
                          .diff({"src/include/liburing.h"}, helper_lines)
                          .blobs({helper_blob})
                          .committed(posted + day)
                          .s);
    linker.add_commit(
        Side("bbbb2222", "revert \"liburing.h: add renameat prep helper\"", posted + 9 * day)
            .diff({"src/include/liburing.h"}, {},
                  {"static inline void io_uring_prep_renameat(...)"})
            .blobs({helper_blob})
            .committed(posted + 9 * day)
            .s);
    EXPECT_EQ(shas(linker.match(mail, blob)), std::vector<std::string>{"aaaa1111"});
}

// A commit committed a year before the mail existed before it: not its merge.
TEST(LinkTrust, WeakMethodsRefuseACommitCommittedLongBeforeTheMail) {
    PatchSide mail = Side("m@x", "liburing.h: add linkat prep helper", posted)
                         .diff({"src/include/liburing.h"}, helper_lines)
                         .blobs({helper_blob.substr(0, 7)})
                         .s;
    Linker old;
    old.add_commit(Side("cccc3333", "liburing.h: add linkat prep helper", posted - 300 * day)
                       .diff({"src/include/liburing.h"}, helper_lines)
                       .blobs({helper_blob})
                       .committed(posted - 300 * day)
                       .s);
    EXPECT_TRUE(old.match(mail, blob).empty());
    EXPECT_TRUE(old.match(mail, fuzzy).empty());

    // ... unless the commit's author date is the mail's to the second (git am wrote it; the
    // mail is a late repost of what was applied).
    Linker same;
    same.add_commit(Side("dddd4444", "liburing.h: add linkat prep helper", posted)
                        .diff({"src/include/liburing.h"}, helper_lines)
                        .blobs({helper_blob})
                        .committed(posted - 300 * day)
                        .s);
    EXPECT_EQ(shas(same.match(mail, blob)), std::vector<std::string>{"dddd4444"});
}

// A Revert patch is not the patch it reverts, even when only subjects are known.
TEST(LinkTrust, RevertMailIsNotTheCommitItReverts) {
    PatchSide mail = Side("r@x", "revert \"io_uring: fix the poll race\"", posted)
                         .diff({"io_uring/poll.c"}, {"old line"}, {"new line"})
                         .s;
    Linker linker; // commits read from a `git log` without diffs
    linker.add_commit(
        Side("eeee5555", "io_uring: fix the poll race", posted + day).committed(posted + day).s);
    EXPECT_TRUE(linker.match(mail, fuzzy).empty());
}

// A revert of a revert has the original's patch id; each links to its own commit only.
TEST(LinkTrust, RevertOfARevertIsNotTheOriginalByPatchId) {
    Linker linker;
    linker.add_commit(Side("ffff0001", "io_uring: fix the poll race", posted - 100 * day)
                          .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
                          .pid("pid-original")
                          .committed(posted - 99 * day)
                          .s);
    linker.add_commit(Side("ffff0002", "revert \"io_uring: fix the poll race\"", posted - 50 * day)
                          .diff({"io_uring/poll.c"}, {"old line"}, {"new line"})
                          .pid("pid-revert")
                          .committed(posted - 50 * day)
                          .s);
    linker.add_commit(Side("ffff0003", "revert \"revert \"io_uring: fix the poll race\"\"", posted)
                          .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
                          .pid("pid-original")
                          .committed(posted + day)
                          .s);
    PatchSide rr = Side("rr@x", "revert \"revert \"io_uring: fix the poll race\"\"", posted)
                       .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
                       .pid("pid-original")
                       .s;
    EXPECT_EQ(shas(linker.match(rr, pid)), std::vector<std::string>{"ffff0003"});
    PatchSide original = Side("o@x", "io_uring: fix the poll race", posted - 100 * day)
                             .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
                             .pid("pid-original")
                             .s;
    EXPECT_EQ(shas(linker.match(original, pid)), std::vector<std::string>{"ffff0001"});
}

// The same patch posted twice, applied twice (applied, reverted, re-applied): each posting is
// the commit carrying its date.
TEST(LinkTrust, ReappliedPatchLinksEachPostingToItsOwnCommit) {
    const std::int64_t again = posted + 60 * day;
    Linker linker;
    for (auto [sha, when] : {std::pair{"abab0001", posted}, std::pair{"abab0002", again}})
        linker.add_commit(Side(sha, "io_uring: fix the poll race", when)
                              .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
                              .pid("pid-same")
                              .committed(when + 2 * day)
                              .s);
    auto mail = [&](std::string id, std::int64_t when) {
        return Side(std::move(id), "io_uring: fix the poll race", when)
            .diff({"io_uring/poll.c"}, {"new line"}, {"old line"})
            .pid("pid-same")
            .s;
    };
    EXPECT_EQ(shas(linker.match(mail("first@x", posted), pid)),
              std::vector<std::string>{"abab0001"});
    EXPECT_EQ(shas(linker.match(mail("again@x", again), pid)),
              std::vector<std::string>{"abab0002"});
    // A repost whose date was not kept by git am: the commit made before it was posted loses.
    EXPECT_EQ(shas(linker.match(mail("resend@x", again + 3600), pid)),
              std::vector<std::string>{"abab0002"});
}

// A kernel patch on a list shared with userspace is not a userspace commit that carries the
// same uapi lines, when the kernel's files do not exist in the userspace tree.
TEST(LinkTrust, KernelPatchIsNotAUserspaceCommitOfTheSameLines) {
    const std::vector<std::string> uapi = {"\tIORING_OP_LINKAT,", "#define IORING_LINKAT_X 1",
                                           "\t__u32 linkat_flags;"};
    Linker liburing;
    liburing.add_commit(Side("1111aaaa", "io_uring: add linkat support", posted + 2 * day)
                            .diff({"src/include/liburing/io_uring.h"}, uapi)
                            .committed(posted + 2 * day)
                            .s);
    liburing.add_commit(Side("2222bbbb", "test: add linkat test", posted + 3 * day)
                            .diff({"test/linkat.c", "test/Makefile"}, {"int main(void)"})
                            .committed(posted + 3 * day)
                            .s);
    PatchSide kernel = Side("k@x", "io_uring: add linkat support", posted)
                           .diff({"include/uapi/linux/io_uring.h", "io_uring/fs.c"}, uapi)
                           .s;
    EXPECT_TRUE(liburing.match(kernel, fuzzy).empty());
    // The userspace patch itself still links.
    PatchSide user = Side("u@x", "io_uring: add linkat support", posted)
                         .diff({"src/include/liburing/io_uring.h"}, uapi)
                         .s;
    EXPECT_EQ(shas(liburing.match(user, fuzzy)), std::vector<std::string>{"1111aaaa"});
}

} // namespace
} // namespace lkmine
