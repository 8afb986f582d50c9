// Checks where `lkmine am` puts the trailers it adds to a patch's commit message.
#include "core/stages/am.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

TEST(AmBody, TrailersJoinTheLastTrailerBlockBeforeTheDiffstat) {
    const std::string body = "Fix the thing.\n\nSigned-off-by: A <a@example.com>\n---\n"
                             " x.c | 2 +-\n\ndiff --git a/x.c b/x.c\n";
    EXPECT_EQ(add_trailers_to_body(body, {{"Reviewed-by", "B <b@example.com>"},
                                          {"Link", "https://lore.kernel.org/r/1@x"}}),
              "Fix the thing.\n\nSigned-off-by: A <a@example.com>\n"
              "Reviewed-by: B <b@example.com>\nLink: https://lore.kernel.org/r/1@x\n---\n"
              " x.c | 2 +-\n\ndiff --git a/x.c b/x.c\n");
}

TEST(AmBody, AMessageWithoutTrailersGetsItsOwnBlockAndNoAddedLinesStayAsIs) {
    const std::string body = "Fix the thing.\n\ndiff --git a/x.c b/x.c\n";
    EXPECT_EQ(add_trailers_to_body(body, {{"Acked-by", "C <c@example.com>"}}),
              "Fix the thing.\n\nAcked-by: C <c@example.com>\ndiff --git a/x.c b/x.c\n");
    EXPECT_EQ(add_trailers_to_body(body, {}), body);
}

} // namespace
} // namespace lkmine
