// Tests for charset conversion: aliases, fallbacks, invalid input, and the UTF-8 repair rules.
#include "core/base/charset.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace lkmine;

TEST(Charset, Latin1IsReadAsWindows1252) {
    // "Peslo\xFC" is Nicolas de Peslo\u00FCan's name in lkml mails; 0x80 is the euro sign only
    // in windows-1252, which is what mailers labelled iso-8859-1 really send.
    EXPECT_EQ(to_utf8("Peslo\xFC"
                      "an",
                      "ISO-8859-1"),
              "Peslo\xC3\xBC"
              "an");
    EXPECT_EQ(to_utf8("\x80 5", "iso-8859-1"), "\xE2\x82\xAC 5");
    EXPECT_EQ(to_utf8("\x93quoted\x94", "latin1"), "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    EXPECT_EQ(to_utf8("caf\xE9", "Windows-1252"), "caf\xC3\xA9");
}

TEST(Charset, NamesAreCaseInsensitiveAndAliased) {
    bool ok = false;
    EXPECT_EQ(to_utf8("M\xC3\xBC", "UTF8", &ok), "M\xC3\xBC");
    EXPECT_TRUE(ok);
    EXPECT_EQ(to_utf8("M\xC3\xBC", "Utf-8", &ok), "M\xC3\xBC");
    EXPECT_EQ(to_utf8("\xE4", "ISO-8859-15", &ok), "\xC3\xA4");
    EXPECT_TRUE(ok);
    // KOI8-R "\xF0\xD2\xC9\xD7\xC5\xD4" is "Привет".
    EXPECT_EQ(to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"),
              "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST(Charset, EastAsianCharsetsUseTheirSupersets) {
    // GB2312 bytes of "中文"; ks_c_5601-1987 (Outlook's name for cp949) bytes of "한국".
    EXPECT_EQ(to_utf8("\xD6\xD0\xCE\xC4", "gb2312"), "\xE4\xB8\xAD\xE6\x96\x87");
    EXPECT_EQ(to_utf8("\xC7\xD1\xB1\xB9", "ks_c_5601-1987"), "\xED\x95\x9C\xEA\xB5\xAD");
    // "\x81\x30\x81\x30" is a GB18030 four-byte sequence (U+0080) that GB2312 lacks: mailers
    // label GB18030 text gb2312, so the superset must be used.
    EXPECT_EQ(to_utf8("\x81\x30\x81\x30", "GB2312"), "\xC2\x80");
    // ISO-2022-JP is stateful: ESC $ B switches to JIS X 0208. "\x24\x22" is "あ".
    EXPECT_EQ(to_utf8("\x1b$B$\"\x1b(B", "iso-2022-jp"), "\xE3\x81\x82");
    EXPECT_EQ(to_utf8("\x82\xA0", "shift_jis"), "\xE3\x81\x82");
}

TEST(Charset, UnknownCharsetFallsBack) {
    bool ok = true;
    EXPECT_EQ(to_utf8("caf\xC3\xA9", "x-no-such-charset", &ok), "caf\xC3\xA9");
    EXPECT_FALSE(ok);
    ok = true;
    EXPECT_EQ(to_utf8("caf\xE9", "x-no-such-charset", &ok), "caf\xC3\xA9");
    EXPECT_FALSE(ok);
    // unknown-8bit and x-unknown are declared guesses, not errors.
    ok = false;
    EXPECT_EQ(to_utf8("caf\xE9", "unknown-8bit", &ok), "caf\xC3\xA9");
    EXPECT_TRUE(ok);
    EXPECT_EQ(to_utf8("caf\xC3\xA9", "x-unknown"), "caf\xC3\xA9");
    EXPECT_EQ(to_utf8("caf\xE9", "us-ascii"), "caf\xC3\xA9");
}

TEST(Charset, InvalidSequencesBecomeReplacementCharacters) {
    EXPECT_EQ(to_utf8("a\xFF"
                      "b",
                      "utf-8"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(to_utf8("\xC3", "utf-8"), "\xEF\xBF\xBD");                         // truncated
    EXPECT_EQ(to_utf8("\xED\xA0\x80", "utf-8").find("\xED"), std::string::npos); // surrogate
    // Truncated and invalid multibyte input through iconv.
    EXPECT_EQ(to_utf8("\xD6", "gb2312"), "\xEF\xBF\xBD");
    const std::string out = to_utf8("\xD6\xD0\xFF\xD6\xD0", "euc-cn");
    EXPECT_TRUE(is_valid_utf8(out));
    EXPECT_EQ(out.substr(0, 3), "\xE4\xB8\xAD");
    EXPECT_EQ(out.substr(out.size() - 3), "\xE4\xB8\xAD");
    EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Charset, OutputHasNoNulBytes) {
    const std::string in("a\0b", 3);
    EXPECT_EQ(to_utf8(in, "utf-8"), "ab");
    EXPECT_EQ(to_utf8(in, "iso-8859-1"), "ab");
    EXPECT_EQ(to_utf8(in, "koi8-r"), "ab");
    const std::string utf16("\x00"
                            "a\x00"
                            "b",
                            4);
    EXPECT_EQ(to_utf8(utf16, "utf-16be"), "ab");
}

TEST(Charset, ValidUtf8Check) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x90\xA7"));  // penguin U+1F427
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate U+D800
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));         // truncated euro
}

TEST(Charset, SanitizeKeepsUtf8AndGuessesLegacyText) {
    EXPECT_EQ(sanitize_utf8("Micha\xC5\x82 Miros\xC5\x82"
                            "aw"),
              "Micha\xC5\x82 Miros\xC5\x82"
              "aw");
    // No multibyte sequence at all: 8-bit legacy text, read as windows-1252.
    EXPECT_EQ(sanitize_utf8("J\xF6rn Engel"), "J\xC3\xB6rn Engel");
    // Mostly UTF-8 with a stray byte: only the stray byte is replaced.
    EXPECT_EQ(sanitize_utf8("J\xC3\xB6rn \xF6"), "J\xC3\xB6rn \xEF\xBF\xBD");
}

TEST(Charset, LongAndManyConversionsStayCorrect) {
    std::string big;
    for (int i = 0; i < 100000; ++i)
        big += "\xD6\xD0";
    const std::string out = to_utf8(big, "gb2312");
    EXPECT_EQ(out.size(), 300000u);
    for (int i = 0; i < 1000; ++i)
        ASSERT_EQ(to_utf8("\xE4", "iso-8859-2"), "\xC3\xA4");
}
