// The byte test that rules a phrase out on a raw mail before any parse: it must never rule
// out a mail whose text holds the phrase.
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
