// Review comments anchored on the quoted hunks of a reply, and followed into a new diff.
#include "core/patch/review_comments.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

const char* kPatch = "diff --git a/io_uring/rw.c b/io_uring/rw.c\n"
                     "index 1111111..2222222 100644\n"
                     "--- a/io_uring/rw.c\n"
                     "+++ b/io_uring/rw.c\n"
                     "@@ -10,6 +10,8 @@ static int io_rw_init(struct io_kiocb *req)\n"
                     " \tint ret;\n"
                     " \n"
                     "-\tret = old_call(req);\n"
                     "+\tret = new_call(req, flags);\n"
                     "+\tif (ret < 0)\n"
                     "+\t\treturn ret;\n"
                     " \treturn 0;\n"
                     " }\n"
                     "@@ -40,3 +42,4 @@ static void io_rw_done(struct io_kiocb *req)\n"
                     " \tkfree(req->async_data);\n"
                     "+\treq->async_data = NULL;\n"
                     " }\n";

// A reply as reviewers write them: attribution, trimmed headers, tabs turned into spaces.
const char* kReply = "On 1/2/24 10:00, Author wrote:\n"
                     "> Makes rw nicer.\n"
                     ">\n"
                     "> Signed-off-by: Author <a@example.org>\n"
                     "> ---\n"
                     "> @@ -10,6 +10,8 @@ static int io_rw_init(struct io_kiocb *req)\n"
                     ">   int ret;\n"
                     "> -    ret = old_call(req);\n"
                     "> +    ret = new_call(req, flags);\n"
                     "\n"
                     "Where does flags come from?\n"
                     "\n"
                     "> +    if (ret < 0)\n"
                     "> +            return ret;\n"
                     "\n"
                     "...\n"
                     "\n"
                     ">       kfree(req->async_data);\n"
                     "> +     req->async_data = NULL;\n"
                     "\n"
                     "Not needed, the request is freed right after.\n"
                     "\n"
                     "Reviewed-by: Reviewer <r@example.org>\n"
                     "-- \n"
                     "Pavel\n";

TEST(ReviewComments, EachCommentAnchoredOnTheLinesAboveIt) {
    auto cs = parse_review_comments(kReply, kPatch);
    ASSERT_EQ(cs.size(), 2u); // "..." is no comment, the trailer and signature are not
    EXPECT_EQ(cs[0].text, "Where does flags come from?");
    EXPECT_EQ(cs[0].anchor.file, "io_uring/rw.c");
    EXPECT_EQ(cs[0].anchor.old_start, 10);
    EXPECT_EQ(cs[0].anchor.new_line, 12);
    EXPECT_EQ(cs[0].anchor.lines.back(), "+    ret = new_call(req, flags);");
    EXPECT_EQ(cs[1].text, "Not needed, the request is freed right after.");
    EXPECT_EQ(cs[1].anchor.hunk_header,
              "@@ -40,3 +42,4 @@ static void io_rw_done(struct io_kiocb *req)");
    EXPECT_EQ(cs[1].anchor.new_line, 43);
}

TEST(ReviewComments, FollowedIntoTheNextRevision) {
    auto cs = parse_review_comments(kReply, kPatch);
    ASSERT_EQ(cs.size(), 2u);
    std::string same = kPatch;
    EXPECT_EQ(follow_anchor(cs[0].anchor, same), "unchanged");
    std::string fixed = same;
    fixed.replace(fixed.find("new_call(req, flags)"), 20, "new_call(req, 0)");
    EXPECT_EQ(follow_anchor(cs[0].anchor, fixed), "changed");
    EXPECT_EQ(follow_anchor(cs[1].anchor, fixed), "unchanged");
    std::string dropped = same.substr(0, same.find("@@ -40,3"));
    EXPECT_EQ(follow_anchor(cs[1].anchor, dropped), "dropped");
    EXPECT_EQ(follow_anchor(cs[0].anchor, "diff --git a/other.c b/other.c\n"), "dropped");
}

TEST(ReviewComments, TheAuthorsAnswerToAComment) {
    auto cs = parse_review_comments(kReply, kPatch);
    ASSERT_EQ(cs.size(), 2u);
    const char* answer = "On 1/2/24, Reviewer wrote:\n"
                         ">> +    ret = new_call(req, flags);\n"
                         "> Where does flags come from?\n"
                         "\n"
                         "From the sqe, I will say so in v2.\n"
                         "\n"
                         "> Not needed, the request is freed right after.\n"
                         "\n"
                         "Right.\n";
    EXPECT_EQ(reply_to_comment(answer, cs[0]), "From the sqe, I will say so in v2.");
    EXPECT_EQ(reply_to_comment(answer, cs[1]), "Right.");
    EXPECT_EQ(reply_to_comment("no quotes here\n", cs[0]), "");
}

} // namespace
} // namespace lkmine
