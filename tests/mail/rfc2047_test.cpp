// Tests for RFC 2047 header decoding on subjects and names as they appear in kernel list mail.
#include "core/base/charset.hpp"
#include "core/mail/rfc2047.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

using namespace lkmine;

TEST(Rfc2047, PlainTextIsUnchanged) {
    EXPECT_EQ(decode_header_text("[PATCH v3 2/7] mm: fix the maple tree"),
              "[PATCH v3 2/7] mm: fix the maple tree");
    EXPECT_EQ(decode_header_text(""), "");
    // A lone "=?" or "?=" is text.
    EXPECT_EQ(decode_header_text("what =? is ?= this"), "what =? is ?= this");
}

TEST(Rfc2047, QuotedPrintableSubjectFromLkml) {
    // notmuch-test-corpora/lkml: a whole subject sent as one Q word.
    EXPECT_EQ(decode_header_text("=?UTF-8?q?=5BPATCH=2029/44=5D=20drivers/staging=3A=20Remove="
                                 "20unnecessary=20semicolons?="),
              "[PATCH 29/44] drivers/staging: Remove unnecessary semicolons");
    EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?Nicolas_de_Peslo=FCan?="),
              "Nicolas de Peslo\xC3\xBC"
              "an");
}

TEST(Rfc2047, Base64AndMixedText) {
    // mu-testdata subjects.
    EXPECT_EQ(decode_header_text("=?UTF-8?B?TW90w7ZyaGVhZA==?="), "Mot\xC3\xB6rhead");
    EXPECT_EQ(decode_header_text("Greetings from =?UTF-8?B?TG90aGzDs3JpZW4=?="),
              "Greetings from Lothl\xC3\xB3rien");
    EXPECT_EQ(decode_header_text("Essai =?iso-8859-1?Q?accentu=E9?="), "Essai accentu\xC3\xA9");
    // Missing padding and line-wrapped base64 are accepted.
    EXPECT_EQ(decode_header_text("=?utf-8?b?bWFsbW9ib3Jn?="), "malmoborg");
    EXPECT_EQ(decode_header_text("=?utf-8?b?TW90w7ZyaGVhZA?="), "Mot\xC3\xB6rhead");
}

TEST(Rfc2047, WhitespaceBetweenAdjacentWordsIsDropped) {
    EXPECT_EQ(decode_header_text("=?utf-8?q?a?= =?utf-8?q?b?="), "ab");
    EXPECT_EQ(decode_header_text("=?utf-8?q?a?=\r\n =?iso-8859-1?q?b?="), "ab");
    // ...but not text between them, nor the space before the first word.
    EXPECT_EQ(decode_header_text("=?utf-8?q?a?=  x  =?utf-8?q?b?="), "a  x  b");
    EXPECT_EQ(decode_header_text("Re: =?utf-8?q?Antoine_Beaupr=C3=A9?= wrote"),
              "Re: Antoine Beaupr\xC3\xA9 wrote");
}

TEST(Rfc2047, MultibyteCharacterSplitAcrossWords) {
    // git send-email and others split long words by bytes, not characters.
    EXPECT_EQ(decode_header_text("=?utf-8?q?=C3?= =?utf-8?q?=A4?="), "\xC3\xA4");
    EXPECT_EQ(decode_header_text("=?UTF-8?B?5Lit?= =?utf-8?B?5paH?="), "\xE4\xB8\xAD\xE6\x96\x87");
    // "中" is E4 B8 AD: base64 of E4 alone is "5A==", of B8 AD "uK0=".
    EXPECT_EQ(decode_header_text("=?UTF-8?B?5A==?=\n =?UTF-8?B?uK0=?="), "\xE4\xB8\xAD");
}

TEST(Rfc2047, LanguageSuffixAndCharsets) {
    EXPECT_EQ(decode_header_text("=?utf-8*en?Q?Hello_W=C3=B6rld?="), "Hello W\xC3\xB6rld");
    EXPECT_EQ(decode_header_text("=?gb2312?B?1tDOxA==?="), "\xE4\xB8\xAD\xE6\x96\x87");
    EXPECT_EQ(decode_header_text("=?ISO-2022-JP?B?GyRCJCIbKEI=?="), "\xE3\x81\x82");
    EXPECT_EQ(decode_header_text("=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?="),
              "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST(Rfc2047, GluedWordsAreDecoded) {
    // Common on LKML: "Re:=?utf-8?...?=" and names glued to quotes.
    EXPECT_EQ(decode_header_text("foo=?utf-8?q?b=C3=A4r?=baz"), "foob\xC3\xA4rbaz");
    EXPECT_EQ(decode_header_text("Re:=?utf-8?q?_caf=C3=A9?="), "Re: caf\xC3\xA9");
}

TEST(Rfc2047, MalformedWordsStayText) {
    EXPECT_EQ(decode_header_text("=?utf-8?x?bad?="), "=?utf-8?x?bad?=");
    EXPECT_EQ(decode_header_text("=?utf-8?q?unterminated"), "=?utf-8?q?unterminated");
    EXPECT_EQ(decode_header_text("=??q?nocharset?="), "=??q?nocharset?=");
    // Spaces inside a Q word are a writer's bug we still read (mu-testdata "ötzi" sender).
    EXPECT_EQ(decode_header_text("=?iso-8859-1?Q? \"=F6tzi\" ?="), " \"\xC3\xB6tzi\" ");
    // A bad hex escape is kept literally; an invalid byte in UTF-8 becomes U+FFFD.
    EXPECT_EQ(decode_header_text("=?utf-8?q?100=ZZ?="), "100=ZZ");
    EXPECT_EQ(decode_header_text("=?utf-8?q?a=FFb?="), "a\xEF\xBF\xBD"
                                                       "b");
}

TEST(Rfc2047, RawEightBitTextIsSanitized) {
    EXPECT_EQ(decode_header_text("Re: J\xC3\xB6rn"), "Re: J\xC3\xB6rn");
    EXPECT_EQ(decode_header_text("Re: J\xF6rn"), "Re: J\xC3\xB6rn");
    EXPECT_TRUE(is_valid_utf8(decode_header_text("\xFF\xFE=?utf-8?q?=FF?=\xC3")));
}

TEST(Rfc2047, UnfoldRemovesOnlyLineBreaks) {
    EXPECT_EQ(unfold("[PATCH] mm: a very long\r\n subject"), "[PATCH] mm: a very long subject");
    EXPECT_EQ(unfold("a\n\tb"), "a\tb");
    EXPECT_EQ(decode_header_text("Re: foo\n bar"), "Re: foo bar");
}

TEST(Rfc2047, PathologicalInputIsLinear) {
    std::string s;
    for (int i = 0; i < 200000; ++i)
        s += "=?a?q?x";
    EXPECT_TRUE(decode_header_text(s) == s); // returns quickly: no "?=" anywhere
    std::string words;
    for (int i = 0; i < 50000; ++i)
        words += "=?utf-8?q?x?= ";
    EXPECT_TRUE(decode_header_text(words) == std::string(50000, 'x') + " ");
}

TEST(Rfc2047, RandomInputAlwaysGivesValidUtf8) {
    // Fragments of real encoded words shuffled with random bytes: whatever the mix, the
    // result must be valid UTF-8 (it goes into Xapian terms and JSON).
    const char* pieces[] = {
        "=?", "?=", "?q?",  "?B?",  "utf-8", "gb2312", "iso-2022-jp",        "=C3",   "=A4",
        "_",  " ",  "\xFF", "\xC3", "5Lit",  "\x1b$B", "=?utf-8?q?=E4=B8?=", "\r\n ", "\""};
    std::uint32_t seed = 12345;
    const auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    for (int round = 0; round < 3000; ++round) {
        std::string s;
        const int n = static_cast<int>(next() % 24);
        for (int i = 0; i < n; ++i) {
            if (next() % 4 == 0)
                s += static_cast<char>(next() >> 16);
            else
                s += pieces[(next() >> 8) % (sizeof pieces / sizeof *pieces)];
        }
        ASSERT_TRUE(is_valid_utf8(decode_header_text(s))) << round;
        ASSERT_TRUE(is_valid_utf8(to_utf8(s, "iso-2022-jp"))) << round;
        ASSERT_TRUE(is_valid_utf8(to_utf8(s, "gb2312"))) << round;
        ASSERT_TRUE(is_valid_utf8(sanitize_utf8(s))) << round;
    }
}
