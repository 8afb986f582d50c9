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

std::uint64_t h(std::string_view p, std::string_view a, std::string_view b) {
    return pair_hash(p, word_hash(a), word_hash(b));
}

// A chunk's words as the writer gives them (terms.cpp add_chunk).
void chunk(PairRun& run, std::string_view prefix, const Words& words) {
    run.chunk();
    for (std::size_t i = 1; i < words.size(); ++i)
        run.add(prefix, word_hash(words[i - 1]), word_hash(words[i]));
}

// A mail's pair value holds its pairs in text order, each tied to its prefix and order.
TEST(PhrasePairs, PairsTiedToPrefixAndOrder) {
    PairRun run;
    chunk(run, "XQUOT", {"data", "race", "data", "race"});
    chunk(run, "XDFB", {"null", "pointer"});
    for (int i = 0; i < 5000; ++i) // a big patch
        chunk(run, "XDFCTX", {"w" + std::to_string(i), "x"});
    std::string v = run.encode();
    EXPECT_EQ(v.size(), 6u * 5004);
    EXPECT_TRUE(holds_pair(v, h("XQUOT", "data", "race")));
    EXPECT_TRUE(holds_pair(v, h("XDFB", "null", "pointer")));
    EXPECT_TRUE(holds_pair(v, h("XDFCTX", "w4999", "x")));
    EXPECT_FALSE(holds_pair(v, h("XQUOT", "pointer", "null"))); // order
    EXPECT_FALSE(holds_pair(v, h("XDFA", "null", "pointer")));  // prefix
    EXPECT_FALSE(holds_pair(v, h("XDFCTX", "w5000", "x")));
    EXPECT_FALSE(holds_pair("", h("XQUOT", "data", "race")));
    EXPECT_LT(h("XQUOT", "data", "race"), std::uint64_t{1} << 48);
}

// A longer phrase is there when its pairs follow each other within one chunk: not when they
// stand in two chunks, in other places of one chunk, or under another prefix.
TEST(PhrasePairs, ThreeWordsAreConsecutivePairs) {
    PairRun run;
    chunk(run, "XQUOT", {"we", "use", "after", "that", "free", "it"});
    chunk(run, "XQUOT", {"after", "free"}); // "use after" + "after free" apart
    chunk(run, "XQUOT", {"heap", "spray", "then", "spray", "kills"});
    chunk(run, "XDFA", {"a", "use", "after", "free", "here"});
    chunk(run, "XDFB", {"the", "null"});
    chunk(run, "XDFB", {"null", "pointer", "dereference"}); // starts with the last word before
    chunk(run, "XDFCTX", {"x", "y"});
    chunk(run, "XDFCTX", {"z"}); // no pair of its own
    chunk(run, "XDFCTX", {"y", "z"});
    const std::string v = run.encode();
    auto chain = [&](std::string_view p, const Words& w) {
        std::vector<std::uint64_t> pairs;
        for (std::size_t i = 1; i < w.size(); ++i)
            pairs.push_back(h(p, w[i - 1], w[i]));
        return holds_chain(v, pairs);
    };
    EXPECT_TRUE(chain("XQUOT", {"use", "after"}));
    EXPECT_TRUE(chain("XQUOT", {"after", "free"}));
    EXPECT_FALSE(chain("XQUOT", {"use", "after", "free"}));
    EXPECT_TRUE(chain("XDFA", {"use", "after", "free"}));
    EXPECT_TRUE(chain("XDFA", {"a", "use", "after", "free", "here"}));
    EXPECT_FALSE(chain("XDFA", {"use", "after", "free", "there"}));
    EXPECT_FALSE(chain("XDFB", {"use", "after", "free"}));
    EXPECT_TRUE(chain("XQUOT", {"spray", "then", "spray"}));
    EXPECT_FALSE(chain("XQUOT", {"heap", "spray", "kills"}));
    EXPECT_TRUE(chain("XDFB", {"null", "pointer", "dereference"}));
    EXPECT_FALSE(chain("XDFB", {"the", "null", "pointer"})); // across two diff lines
    EXPECT_FALSE(chain("XDFCTX", {"x", "y", "z"}));          // across three
    EXPECT_TRUE(chain("XDFCTX", {"y", "z"}));
    EXPECT_EQ(v.size(), 6u * (5 + 1 + 4 + 4 + 1 + 1 + 2 + 1 + 1 + 1)); // two cuts
}

} // namespace
} // namespace lkmine::store_detail
