// The byte test that rules a phrase out on a raw mail before any parse: it must never rule
// out a mail whose text holds the phrase; and the pair hashes that rule it out from the index.
#include "core/index/phrase_pairs.hpp"
#include "core/index/raw_phrase.hpp"

#include <gtest/gtest.h>

namespace lkmine::store_detail {
namespace {

using Words = std::vector<std::string>;
const Words kNullPointer{"null", "pointer"};

std::string mail(std::string_view headers, std::string_view body) {
    return "From: a@example.com\nSubject: s\n" + std::string(headers) + "\n" + std::string(body);
}

TEST(RawPhrase, WordsInARowWithAnyNonWordBytesBetween) {
    EXPECT_TRUE(raw_may_hold_run(mail("", "a NULL pointer here\n"), kNullPointer));
    EXPECT_TRUE(raw_may_hold_run(mail("", "> a null\n> > pointer\n"), kNullPointer));
    EXPECT_TRUE(raw_may_hold_run(mail("", "+\tif (!p) /* null-pointer */\n"), kNullPointer));
    EXPECT_TRUE(raw_may_hold_run(mail("", "use-after-free\n"), Words{"use", "after", "free"}));
    // A word the tokenizer drops (over 64 bytes) leaves its neighbours in a row.
    EXPECT_TRUE(
        raw_may_hold_run(mail("", "null " + std::string(65, 'x') + " pointer\n"), kNullPointer));
}

TEST(RawPhrase, WordsApartOrInsideOtherWordsAreRuledOut) {
    EXPECT_FALSE(raw_may_hold_run(mail("", "null is not a pointer\n"), kNullPointer));
    EXPECT_FALSE(raw_may_hold_run(mail("", "nullx pointer\n"), kNullPointer));
    EXPECT_FALSE(raw_may_hold_run(mail("", "anull pointer\n"), kNullPointer));
    EXPECT_FALSE(raw_may_hold_run(mail("", "null pointers\n"), kNullPointer));
    EXPECT_FALSE(
        raw_may_hold_run(mail("", "null " + std::string(64, 'x') + " pointer\n"), kNullPointer));
    EXPECT_FALSE(raw_may_hold_run("", kNullPointer));
}

TEST(RawPhrase, EncodedOrConvertedTextIsLeftToTheParse) {
    EXPECT_TRUE(raw_may_hold_run(
        mail("Content-Transfer-Encoding: quoted-printable\n", "null=20pointer\n"), kNullPointer));
    EXPECT_TRUE(raw_may_hold_run(mail("Content-Transfer-Encoding: base64\n", "bnVsbCBwb2ludGVy\n"),
                                 kNullPointer));
    EXPECT_TRUE(
        raw_may_hold_run(mail("Content-Type: text/html\n", "null&nbsp;pointer\n"), kNullPointer));
    EXPECT_TRUE(
        raw_may_hold_run(mail("Content-Type: text/plain; charset=utf-7\n", "x\n"), kNullPointer));
    EXPECT_FALSE(raw_may_hold_run(mail("Content-Transfer-Encoding: 8bit\n", "null, then pointer\n"),
                                  kNullPointer));
}

} // namespace
} // namespace lkmine::store_detail

namespace lkmine::store_detail {
namespace {

// A mail's pair value holds each pair once, tied to its prefix and order.
TEST(PhrasePairs, DistinctPairsTiedToPrefixAndOrder) {
    auto h = [](std::string_view p, std::string_view a, std::string_view b) {
        return pair_hash(p, word_hash(a), word_hash(b));
    };
    PairSet set;
    for (int i = 0; i < 3; ++i)
        set.add(h("XQUOT", "data", "race"));
    set.add(h("XDFB", "null", "pointer"));
    for (int i = 0; i < 5000; ++i) // a big patch: the table grows
        set.add(h("XDFCTX", "w" + std::to_string(i), "x"));
    std::string v = set.encode();
    EXPECT_EQ(v.size(), 6u * 5002);
    EXPECT_TRUE(holds_pair(v, h("XQUOT", "data", "race")));
    EXPECT_TRUE(holds_pair(v, h("XDFB", "null", "pointer")));
    EXPECT_TRUE(holds_pair(v, h("XDFCTX", "w4999", "x")));
    EXPECT_FALSE(holds_pair(v, h("XQUOT", "race", "data")));   // order
    EXPECT_FALSE(holds_pair(v, h("XDFA", "null", "pointer"))); // prefix
    EXPECT_FALSE(holds_pair(v, h("XDFCTX", "w5000", "x")));
    EXPECT_FALSE(holds_pair("", h("XQUOT", "data", "race")));
    EXPECT_LT(h("XQUOT", "data", "race"), std::uint64_t{1} << 48);
}

} // namespace
} // namespace lkmine::store_detail
