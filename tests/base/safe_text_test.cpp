// The sanitiser for shown text: terminal controls, C1, bidi overrides and bad UTF-8 are shown as
// escapes, ordinary text of every script passes unchanged; and decoded headers stay one line.
#include "core/base/safe_text.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/rfc2047.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

using namespace lkmine;

TEST(SafeText, OrdinaryTextOfAnyScriptIsUnchanged) {
    const std::string text = "Grüße, Łukasz — 日本語 עברית\u200f العربية 🐧\n\tdiff --git a/x b/x\n"
                             "+\tif (a > b) \\\n";
    EXPECT_EQ(safe_text(text), text);
    EXPECT_EQ(safe_line("Jörg Rödel <joro@8bytes.org>"), "Jörg Rödel <joro@8bytes.org>");
}

TEST(SafeText, TerminalControlsAreShownAsEscapes) {
    EXPECT_EQ(safe_text("a\x1b[2J\x1b]0;pwned\x07z"), "a\\u001b[2J\\u001b]0;pwned\\u0007z");
    EXPECT_EQ(safe_text(std::string("nul\0del\x7f", 8)), "nul\\u0000del\\u007f");
    EXPECT_EQ(safe_text("over\rwrite"), "over\\u000dwrite");
    EXPECT_EQ(safe_text("crlf\r\nline\n"), "crlf\nline\n");
}

TEST(SafeText, C1ControlsAsUtf8AndAsRawBytes) {
    EXPECT_EQ(safe_text("csi \xC2\x9B"
                        "2J nel \xC2\x85"),
              "csi \\u009b2J nel \\u0085");
    // A raw 0x9B is not UTF-8: U+FFFD, never the byte an 8-bit terminal reads as CSI.
    EXPECT_EQ(safe_text("raw \x9b"
                        "2J"),
              "raw \xEF\xBF\xBD"
              "2J");
}

TEST(SafeText, BidiOverridesAndIsolatesAreShownNotApplied) {
    EXPECT_EQ(safe_line("\xE2\x80\xAElive\xE2\x80\xAC"), "\\u202elive\\u202c");
    EXPECT_EQ(safe_line("invoice\xE2\x80\xAEtxt.exe"), "invoice\\u202etxt.exe");
    EXPECT_EQ(safe_line("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u2066x\\u2069");
    EXPECT_EQ(safe_line("a\xE2\x80\xA8"
                        "b"),
              "a\\u2028b");
}

TEST(SafeText, InvalidUtf8BecomesReplacementCharacters) {
    EXPECT_EQ(safe_text("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong '/'
    EXPECT_EQ(safe_text("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_EQ(safe_text("cut \xE2\x80"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SafeText, OneLineFoldsLineBreaksAndTabs) {
    EXPECT_EQ(safe_line("a\r\nX-Injected: yes\nb\tc\rd"), "a X-Injected: yes b c d");
}

TEST(SafeText, StreamFilterHoldsSplitSequencesUntilComplete) {
    std::ostringstream sink;
    {
        SafeTextBuf filter(sink.rdbuf());
        std::ostream out(&filter);
        out << "ok \xE2\x80" << std::flush << "\xAE bidi \xC3" << std::flush << "\xA9 \r"
            << std::flush << "\n\x1b" << std::flush << "[6n end\r";
    }
    EXPECT_EQ(sink.str(), "ok \\u202e bidi \xC3\xA9 \n\\u001b[6n end\\u000d");
}

TEST(SafeText, JsonThroughTheFilterKeepsItsMeaning) {
    // The escapes are JSON escapes: a JSON string holding U+202E or DEL still reads the same.
    EXPECT_EQ(safe_text("{\"s\":\"a\xE2\x80\xAE\x7f\"}"), "{\"s\":\"a\\u202e\\u007f\"}");
}

TEST(HeaderLines, EncodedLineBreaksFoldToSpaces) {
    EXPECT_EQ(decode_header_text("=?utf-8?Q?hello=0D=0AX-Injected:_yes=0D=0A=0D=0Afake_body?="),
              "hello X-Injected: yes  fake body");
    EXPECT_EQ(decode_header_text("=?utf-8?B?aGVsbG8NClgtSW5qZWN0ZWQ6IHllcw==?="),
              "hello X-Injected: yes");
    EXPECT_EQ(decode_header_text("=?utf-8?Q?a=0Ab=0Dc?="), "a b c");
    // Folding of the raw header is unchanged: the break goes, its whitespace stays.
    EXPECT_EQ(decode_header_text("[PATCH] a\n b"), "[PATCH] a b");
}

TEST(HeaderLines, ParsedMailHasOneLineSubjectNameAndAttachmentName) {
    const std::string raw =
        "From: =?utf-8?Q?Nice=0D=0AX-Injected=3A_from?= <nice@example.org>\n"
        "Subject: =?utf-8?Q?hello=0D=0AX-Injected:_yes?=\n"
        "Message-ID: <inject@example.org>\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
        "--B\nContent-Type: text/plain\n\nbody\n--B\nContent-Type: application/octet-stream\n"
        "Content-Disposition: attachment; filename*=utf-8''evil%0D%0AX-Injected%3A%20n.txt\n\n"
        "data\n--B--\n";
    Message m = parse_message({raw, {"test", ""}});
    EXPECT_EQ(m.subject, "hello X-Injected: yes");
    EXPECT_EQ(m.from.name, "Nice X-Injected: from");
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].filename, "evil X-Injected: n.txt");
}
