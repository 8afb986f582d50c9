// segment_body(): the one segmentation the index, `lkmine parse` and the GUI share.
#include "core/mail/parse.hpp"
#include "core/mail/segments.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkmine {
namespace {

using Kind = BodySegment::Kind;

std::string text_of(std::string_view body, const BodySegment& s) {
    return std::string(body.substr(s.begin, s.end - s.begin));
}

TEST(Segments, QuoteDepthCountsMarkersWithBlanksBetween) {
    EXPECT_EQ(quote_depth("> a"), 1);
    EXPECT_EQ(quote_depth(" > a"), 1); // shown as quoted by mail readers: searched as quoted
    EXPECT_EQ(quote_depth("> > a"), 2);
    EXPECT_EQ(quote_depth(">>> a"), 3);
    EXPECT_EQ(quote_depth("a > b"), 0);
    EXPECT_EQ(quote_depth(""), 0);
}

TEST(Segments, ReplyWithQuotesTrailersAndSignature) {
    const std::string body = "On Mon, Ann wrote:\n"
                             "> first quoted\n"
                             " > still quoted, indented\n"
                             "> > older\n"
                             "\n"
                             "My answer.\n"
                             "\n"
                             "Reviewed-by: Bob <bob@example.com>\n"
                             "-- \n"
                             "Bob\n";
    auto segs = segment_body(body, {});
    ASSERT_EQ(segs.size(), 6u);
    EXPECT_EQ(segs[0].kind, Kind::prose);
    EXPECT_EQ(segs[1].kind, Kind::quote);
    EXPECT_EQ(segs[1].level, 1);
    EXPECT_EQ(text_of(body, segs[1]), "> first quoted\n > still quoted, indented\n");
    EXPECT_EQ(segs[2].kind, Kind::quote);
    EXPECT_EQ(segs[2].level, 2);
    EXPECT_EQ(segs[3].kind, Kind::prose);
    EXPECT_EQ(segs[4].kind, Kind::trailers);
    EXPECT_EQ(text_of(body, segs[4]), "Reviewed-by: Bob <bob@example.com>\n");
    EXPECT_EQ(segs[5].kind, Kind::signature);
    EXPECT_EQ(text_of(body, segs[5]), "-- \nBob\n");
    // The segments cover the body exactly, in order.
    std::size_t at = 0;
    for (const auto& s : segs) {
        EXPECT_EQ(s.begin, at);
        at = s.end;
    }
    EXPECT_EQ(at, body.size());
}

TEST(Segments, InlineDiffIsOnePatchSegment) {
    const std::string raw = "From: A <a@example.com>\n"
                            "Subject: [PATCH] x: fix y\n"
                            "Message-ID: <p1@example.com>\n"
                            "\n"
                            "Fix y.\n"
                            "\n"
                            "Signed-off-by: A <a@example.com>\n"
                            "---\n"
                            "diff --git a/x.c b/x.c\n"
                            "index 1111111..2222222 100644\n"
                            "--- a/x.c\n"
                            "+++ b/x.c\n"
                            "@@ -1,2 +1,2 @@\n"
                            " int a;\n"
                            "-> int b;\n"
                            "+int c;\n";
    Message m = parse_message(RawMessage{raw, {}, {}});
    ASSERT_EQ(m.patches.size(), 1u);
    auto segs = segment_body(m.body_text, m.patches);
    bool diff_seen = false;
    for (const auto& s : segs) {
        std::string t = text_of(m.body_text, s);
        if (s.kind == Kind::patch) {
            diff_seen = true;
            EXPECT_NE(t.find("-> int b;"), std::string::npos); // a diff line is never a quote
        } else {
            EXPECT_NE(s.kind, Kind::quote) << t;
        }
    }
    EXPECT_TRUE(diff_seen);
}

} // namespace
} // namespace lkmine
