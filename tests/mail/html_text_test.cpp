// HTML-only mails: their text indexed with script and style dropped (libxml2's HTML parser).
#include "core/mail/html_text.hpp"
#include "core/mail/parse.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

TEST(HtmlText, DropsScriptStyleAndHeadKeepsTheText) {
    std::string t =
        html_to_text("<html><head><title>page title</title><style>.x { color: red }</style>"
                     "<script>var secret = 1;</script></head><body><p>Hello &amp; welcome</p>"
                     "<script type=\"text/javascript\">alert(\"pwned\")</script><div>second "
                     "<b>line</b></div><STYLE>p{}</STYLE>&lt;not a tag&gt;</body></html>");
    EXPECT_NE(t.find("Hello & welcome\n"), std::string::npos) << t;
    EXPECT_NE(t.find("second line"), std::string::npos) << t;
    EXPECT_NE(t.find("<not a tag>"), std::string::npos) << t;
    for (const char* gone : {"alert", "pwned", "secret", "color", "p{}", "page title"})
        EXPECT_EQ(t.find(gone), std::string::npos) << gone << " in\n" << t;
}

TEST(HtmlText, KeepsPreformattedLinesAndReadsBrokenMarkup) {
    std::string t = html_to_text("<p>a<pre>line 1\n  line 2\n</pre><p>b <i>unclosed <div>c");
    EXPECT_NE(t.find("line 1\n  line 2\n"), std::string::npos) << t;
    EXPECT_NE(t.find("b unclosed"), std::string::npos) << t;
    EXPECT_NE(t.find("c"), std::string::npos) << t;
    // The text is UTF-8 already: a <meta> naming another charset must not re-decode it.
    std::string u = html_to_text("<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>");
    EXPECT_NE(u.find("caf\xc3\xa9"), std::string::npos) << u;
}

TEST(HtmlText, DeepNestingAndEmptyInputDoNotCrash) {
    std::string deep;
    for (int i = 0; i < 100000; ++i)
        deep += "<div>";
    deep += "bottom";
    EXPECT_NO_THROW(html_to_text(deep));
    EXPECT_EQ(html_to_text(""), "");
    EXPECT_NO_THROW(html_to_text(std::string("\0\0<p\0>x", 8)));
}

TEST(HtmlText, AnHtmlOnlyMailIsIndexedFromItsText) {
    std::string mail = "From: A <a@example.org>\nSubject: html only\nMessage-ID: <h@x>\n"
                       "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                       "<html><head><style>body { font-family: evil }</style></head><body>"
                       "<p>Please review the patch</p><script>document.write('tracking')"
                       "</script></body></html>\n";
    Message m = parse_message({mail, {"h.eml", ""}});
    EXPECT_NE(m.body_text.find("Please review the patch"), std::string::npos) << m.body_text;
    EXPECT_EQ(m.body_text.find("tracking"), std::string::npos) << m.body_text;
    EXPECT_EQ(m.body_text.find("font-family"), std::string::npos) << m.body_text;
}

} // namespace
} // namespace lkmine
