// The query language: date bounds and how each prefix of the schema table becomes Xapian terms.
#include "core/index/detail/xapian.hpp"
#include "core/index/schema.hpp"

#include <gtest/gtest.h>

namespace lkmine::store_detail {
namespace {

std::int64_t bound(std::string_view s, bool end, std::int64_t now = 1710000000) {
    std::int64_t out = -1;
    EXPECT_TRUE(parse_date_bound(s, end, now, out)) << s;
    return out;
}

bool parses(std::string_view s) {
    std::int64_t out;
    return parse_date_bound(s, false, 1710000000, out);
}

TEST(QueryDates, AbsoluteFormats) {
    // 2024-01-01T00:00:00Z is 1704067200 (date -ud 2024-01-01 +%s).
    EXPECT_EQ(bound("20240101", false), 1704067200);
    EXPECT_EQ(bound("20240101", true), 1704067200 + 86399);
    EXPECT_EQ(bound("2024-01-01", false), 1704067200);
    EXPECT_EQ(bound("20240101123456", false), 1704067200 + 12 * 3600 + 34 * 60 + 56);
    EXPECT_EQ(bound("2024-01-01T12:34:56", false), 1704067200 + 12 * 3600 + 34 * 60 + 56);
    EXPECT_EQ(bound("2024", false), 1704067200);
    EXPECT_EQ(bound("2024", true), 1735689599);   // 2024-12-31 23:59:59
    EXPECT_EQ(bound("202402", true), 1709251199); // leap day 2024-02-29 23:59:59
    EXPECT_EQ(bound("@1700000000", false), 1700000000);
}

TEST(QueryDates, Relative) {
    const std::int64_t now = 1710000000;
    EXPECT_EQ(bound("2.weeks.ago", false, now), now - 14 * 86400);
    EXPECT_EQ(bound("1.year.ago", false, now), now - 365 * 86400);
    EXPECT_EQ(bound("3.days.ago", true, now), now - 3 * 86400);
    EXPECT_EQ(bound("last.week", false, now), now - 7 * 86400);
    EXPECT_EQ(bound("yesterday", false, now), now - now % 86400 - 86400);
}

TEST(QueryDates, RejectsNonsense) {
    for (auto s : {"xyz", "2024-13-01", "20240230", "2024010", "2.fortnights.ago", "-1.day.ago", "",
                   "2024-01-01T25:00:00", "1.week.later"})
        EXPECT_FALSE(parses(s)) << s;
}

std::string parsed(std::string_view q) {
    auto r = parse_query(q, 1710000000);
    EXPECT_TRUE(r.ok()) << q << ": " << r.error();
    return r ? r->get_description() : "";
}

std::string error_of(std::string_view q) {
    auto r = parse_query(q, 1710000000);
    EXPECT_FALSE(r.ok()) << q << " parsed as " << (r ? r->get_description() : "");
    return r ? "" : r.error();
}

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

TEST(QueryParse, PrefixesMapToTheSchemaTerms) {
    EXPECT_TRUE(has(parsed("s:Journal"), "Sjournal"));
    EXPECT_TRUE(has(parsed("f:Jack@SUSE.cz"), "Ajack@suse.cz"));
    auto any = parsed("a:tytso");
    EXPECT_TRUE(has(any, "Atytso") && has(any, "XTOtytso") && has(any, "XCCtytso")) << any;
    EXPECT_TRUE(has(parsed("m:<abc@x>"), "Qabc@x"));
    EXPECT_TRUE(has(parsed("l:Linux-MM.kvack.org"), "XLlinux-mm.kvack.org"));
    EXPECT_TRUE(has(parsed("dfn:Documentation/Makefile"), "XDFNDocumentation/Makefile"));
    EXPECT_TRUE(has(parsed("rb:x@y.z"), "XRBx@y.z"));
    EXPECT_TRUE(has(parsed("q:zebra"), "XQUOTzebra"));
    auto b = parsed("b:zebra");
    EXPECT_TRUE(has(b, "XNQzebra") && has(b, "XQUOTzebra")) << b;
    EXPECT_TRUE(has(parsed("v:2"), "XV2"));
    EXPECT_TRUE(has(parsed("patchid:ABCDEF0123"), "XDFIDabcdef0123"));
    // Every prefix in the table is accepted by the parser.
    for (const auto& p : prefix_table()) {
        std::string q = std::string(p.name) + ":" +
                        (p.kind == PrefixInfo::range ? "20240101" : "0123456789abcdef");
        EXPECT_TRUE(parse_query(q, 1710000000).ok()) << q;
    }
}

TEST(QueryParse, MailsOnlyUnlessTypeIsAsked) {
    EXPECT_TRUE(has(parsed("foo"), "Tmail"));
    EXPECT_EQ(parsed(""), "Query(Tmail)");
    EXPECT_EQ(parsed(" * "), "Query(Tmail)");
    auto g = parsed("type:ghost");
    EXPECT_TRUE(has(g, "Tghost") && !has(g, "Tmail")) << g;
    // A prefix only commits have searches commits; the same words in a quoted phrase do not.
    for (const char* q : {"stable:6.1", "dfn:mm (Ref:linux:master)", "-reverts:abcdef12 s:x"}) {
        auto c = parsed(q);
        EXPECT_TRUE(has(c, "Tcommit") && !has(c, "Tmail")) << q << ": " << c;
    }
    for (const char* q : {"b:\"see ref: below\"", "s:stable:6.1"})
        EXPECT_TRUE(has(parsed(q), "Tmail")) << q;
}

TEST(QueryParse, OverlongMessageIdIsHashedLikeTheWriter) {
    std::string id(300, 'x');
    EXPECT_TRUE(has(parsed("m:" + id), id_term(id)));
    EXPECT_EQ(id_term(id).size(), 1 + std::string("lkmine-sha1-").size() + 40);
}

TEST(QueryParse, ErrorsNameTheProblem) {
    EXPECT_TRUE(has(error_of("frm:linus"), "unknown prefix 'frm:'"));
    EXPECT_TRUE(has(error_of("s:x d:xyz"), "bad date 'xyz' in d:"));
    EXPECT_TRUE(has(error_of("dt:20240101..soon"), "bad date 'soon' in dt:"));
    EXPECT_TRUE(has(error_of("commit:xyz"), "bad object id 'xyz' in commit:"));
    EXPECT_EQ(parse_query("\"frm:linus\"", 0).ok(), true);
}

TEST(Schema, TableIsConsistent) {
    EXPECT_EQ(prefix_rows("a").size(), 3u);
    EXPECT_TRUE(prefix_rows("nosuch").empty());
    auto names = prefix_names();
    for (auto n : {"s:",       "f:",      "t:",     "c:",       "a:",     "b:",      "bs:",
                   "nq:",      "q:",      "m:",     "mid:",     "l:",     "d:",      "dt:",
                   "dfn:",     "dfa:",    "dfb:",   "dfhh:",    "dfctx:", "dfpre:",  "dfpost:",
                   "patchid:", "commit:", "fixes:", "symptom:", "syz:",   "series:", "v:",
                   "rb:",      "ab:",     "tb:",    "type:",    "thread:"})
        EXPECT_TRUE(has(" " + names + " ", std::string(" ") + n + " ")) << n;
}

// Quoted text has no positions, so a phrase over it never matches: the parser leaves it out at
// any depth, and keeps the phrase over the mail's own prose.
TEST(QueryParse, PhrasesSkipPositionlessQuotedText) {
    for (const char* q : {"b:\"page fault\"", "(b:\"page fault\" s:mm) OR f:akpm",
                          "NOT (s:x AND (b:\"page fault\" OR nq:oops))"}) {
        std::string d = parsed(q);
        EXPECT_EQ(d.find("XQUOTpage"), std::string::npos) << q << ": " << d;
        EXPECT_NE(d.find("PHRASE 2 XNQfault"), std::string::npos) << q << ": " << d;
    }
}

} // namespace
} // namespace lkmine::store_detail
