// compose_reply, quote_review and finalize_mail on small in-memory mails.
#include "core/mail/outgoing.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/reply.hpp"
#include "core/mail/review_quote.hpp"
#include "core/mail/rfc2047.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

const Identity kMe{"Jane Reviewer", "jane@example.org"};

const std::string kPatchMail = "From: Alice <alice@example.com>\n"
                               "To: Bob <bob@example.com>, Jane <JANE@example.org>\n"
                               "Cc: linux-mm@kvack.org, Bob <bob@example.com>\n"
                               "Subject: [PATCH v2 1/2] mm: fix foo\n"
                               "Date: Mon, 18 Jul 2022 10:00:00 -0400\n"
                               "Message-ID: <p1@example.com>\n"
                               "In-Reply-To: <cover@example.com>\n"
                               "References: <cover@example.com>\n"
                               "List-Post: <mailto:linux-mm@kvack.org>\n"
                               "\n"
                               "Fix foo.\n"
                               "\n"
                               "Signed-off-by: Alice <alice@example.com>\n"
                               "---\n"
                               "diff --git a/mm/foo.c b/mm/foo.c\n"
                               "index 1111111..2222222 100644\n"
                               "--- a/mm/foo.c\n"
                               "+++ b/mm/foo.c\n"
                               "@@ -10,7 +10,8 @@ int foo(void)\n"
                               " a\n"
                               " b\n"
                               " c\n"
                               "-d\n"
                               "+d2\n"
                               "+d3\n"
                               " e\n"
                               " f\n"
                               " g\n"
                               "@@ -40,3 +41,3 @@ int bar(void)\n"
                               " x\n"
                               "-y\n"
                               "+y2\n"
                               " z\n"
                               "-- \n"
                               "2.35.1\n";

std::vector<std::string> emails(const std::vector<Address>& list) {
    std::vector<std::string> out;
    for (const auto& a : list)
        out.push_back(a.email);
    return out;
}

TEST(Reply, RecipientsThreadingSubjectAndQuote) {
    auto d = compose_reply(kPatchMail, kMe);
    ASSERT_TRUE(d) << d.error();
    EXPECT_EQ(emails(d->to), std::vector<std::string>{"alice@example.com"});
    // Bob once, Jane (any case) never, the list once (it is also List-Post).
    EXPECT_EQ(emails(d->cc), (std::vector<std::string>{"bob@example.com", "linux-mm@kvack.org"}));
    EXPECT_EQ(d->in_reply_to, "p1@example.com");
    EXPECT_EQ(d->references, (std::vector<std::string>{"cover@example.com", "p1@example.com"}));
    EXPECT_EQ(d->subject, "Re: [PATCH v2 1/2] mm: fix foo");
    EXPECT_TRUE(d->body.starts_with("On Mon, 18 Jul 2022 at 10:00, Alice <alice@example.com> "
                                    "wrote:\n> Fix foo.\n>\n> Signed-off-by:"))
        << d->body;
    EXPECT_NE(d->body.find("> +d3\n"), std::string::npos);
    EXPECT_EQ(d->body.find("2.35.1"), std::string::npos); // the signature is left out
}

TEST(Reply, ReplyToAndListPostAreFollowed) {
    std::string mail = "From: Bot <bot@example.com>\nReply-To: Team <team@example.com>\n"
                       "To: jane@example.org\nSubject: Re: RE: Aw: report\n"
                       "List-Post: <mailto:list@example.com>\nMessage-ID: <r@x>\n\nhello\n";
    auto d = compose_reply(mail, kMe, {{}, {"Acked-by"}, 3});
    ASSERT_TRUE(d);
    EXPECT_EQ(emails(d->to), std::vector<std::string>{"team@example.com"});
    EXPECT_EQ(emails(d->cc), (std::vector<std::string>{"bot@example.com", "list@example.com"}));
    EXPECT_EQ(d->subject, "Re: report");
    EXPECT_EQ(d->references, std::vector<std::string>{"r@x"});
    EXPECT_TRUE(d->body.ends_with("> hello\n\nAcked-by: Jane Reviewer <jane@example.org>\n"))
        << d->body;
}

TEST(Reply, SubjectGetsOneRe) {
    EXPECT_EQ(reply_subject("Re: Re: [PATCH] x"), "Re: [PATCH] x");
    EXPECT_EQ(reply_subject("RE:x"), "Re: x");
    EXPECT_EQ(reply_subject("[PATCH] Re: x"), "Re: [PATCH] Re: x");
    EXPECT_EQ(reply_subject("Reply: x"), "Re: Reply: x");
}

TEST(ReviewQuote, LinesByPostImageNumber) {
    Message m = parse_message({kPatchMail, {}});
    ASSERT_EQ(m.patches.size(), 1u);
    // 13 is "+d2": the "-d" it replaces comes with it.
    auto s = find_diff_lines(m, "foo.c", 13, 13);
    ASSERT_TRUE(s) << s.error();
    auto lines = [&](const DiffSpan& sp) {
        std::string out, t = m.patches[0].text;
        std::size_t n = 0, p = 0;
        while (p < t.size()) {
            std::size_t e = t.find('\n', p);
            if (n >= sp.first && n <= sp.last) out += t.substr(p, e - p) + "|";
            p = e + 1, ++n;
        }
        return out;
    };
    EXPECT_EQ(lines(*s), "-d|+d2|");
    EXPECT_EQ(lines(*find_diff_lines(m, "mm/foo.c", 42, 42)), "-y|+y2|");
    auto bad = find_diff_lines(m, "foo.c", 100, 101);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("10-17, 41-43"), std::string::npos) << bad.error();
    EXPECT_FALSE(find_diff_lines(m, "oo.c", 13, 13)); // a path component, not a suffix
}

TEST(ReviewQuote, OnlyTheCommentedLinesWithHeadersOnce) {
    Message m = parse_message({kPatchMail, {}});
    auto c1 = parse_comment_arg(m, "foo.c:13-14=why two lines?");
    auto c2 = parse_comment_arg(m, "mm/foo.c:42=and here");
    ASSERT_TRUE(c1 && c2);
    auto q = quote_review(m, {*c2, *c1}, 1); // given out of order
    ASSERT_TRUE(q) << q.error();
    EXPECT_EQ(*q, "> diff --git a/mm/foo.c b/mm/foo.c\n"
                  "> index 1111111..2222222 100644\n"
                  "> --- a/mm/foo.c\n"
                  "> +++ b/mm/foo.c\n"
                  "> @@ -10,7 +10,8 @@ int foo(void)\n"
                  "[...]\n"
                  ">  c\n"
                  "> -d\n"
                  "> +d2\n"
                  "> +d3\n"
                  "\nwhy two lines?\n\n"
                  "> @@ -40,3 +41,3 @@ int bar(void)\n"
                  ">  x\n"
                  "> -y\n"
                  "> +y2\n"
                  "\nand here\n\n");
    EXPECT_FALSE(parse_comment_arg(m, "foo.c=x"));
    EXPECT_FALSE(parse_comment_arg(m, "foo.c:14-13=x"));
}

TEST(Outgoing, EncodesFoldsAndAddsMimeHeaders) {
    std::string draft = "From: Jürgen Groß <jg@example.org>\n"
                        "To: \"Doe, John\" <john@example.com>\n"
                        "Subject: Re: café crème\n"
                        "\n"
                        "Grüße\n";
    auto mail = finalize_mail(draft, Date{1658138400, 120, true}, "id@x");
    ASSERT_TRUE(mail) << mail.error();
    EXPECT_NE(mail->find("From: =?UTF-8?q?J=C3=BCrgen_Gro=C3=9F?= <jg@example.org>\n"),
              std::string::npos)
        << *mail;
    EXPECT_NE(mail->find("To: \"Doe, John\" <john@example.com>\n"), std::string::npos);
    EXPECT_NE(mail->find("Date: Mon, 18 Jul 2022 12:00:00 +0200\nMessage-ID: <id@x>\n"),
              std::string::npos)
        << *mail;
    EXPECT_NE(mail->find("charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\nGrüße\n"),
              std::string::npos);
    Message back = parse_message({*mail, {}});
    EXPECT_EQ(back.subject, "Re: café crème");
    EXPECT_EQ(back.from.name, "Jürgen Groß");
    EXPECT_EQ(back.to.at(0).name, "Doe, John");
}

TEST(Outgoing, LongWordsNeverSplitACharacter) {
    std::string name(40, 'x');
    for (int i = 0; i < 30; ++i)
        name += "é";
    std::string words = encode_header_words(name);
    std::size_t p = 0;
    while (p < words.size()) {
        std::size_t e = words.find(' ', p);
        if (e == std::string::npos) e = words.size();
        EXPECT_LE(e - p, 75u);
        p = e + 1;
    }
    EXPECT_EQ(decode_header_text(words), name);
}

TEST(Outgoing, RefusesWhatCannotBeSent) {
    Date d{0, 0, true};
    EXPECT_NE(finalize_mail(" \n\n", d, "i@x").error().find("empty"), std::string::npos);
    EXPECT_NE(finalize_mail("To: a@b\nSubject: s\n\n\n", d, "i@x").error().find("no body"),
              std::string::npos);
    EXPECT_NE(finalize_mail("Subject: s\n\nhi\n", d, "i@x").error().find("no To"),
              std::string::npos);
    EXPECT_NE(finalize_mail("To: a@b\nSubject: s\nnot a header\n\nhi\n", d, "i@x")
                  .error()
                  .find("not 'Name: value'"),
              std::string::npos);
    EXPECT_FALSE(finalize_mail("To: nobody\nSubject: s\n\nhi\n", d, "i@x"));
}

TEST(Outgoing, LongLinesGoQuotedPrintable) {
    std::string line(1200, 'a');
    auto mail = finalize_mail("To: a@b.c\nSubject: s\n\n" + line + "=\n", Date{0, 0, true}, "i@x");
    ASSERT_TRUE(mail);
    EXPECT_NE(mail->find("Content-Transfer-Encoding: quoted-printable\n"), std::string::npos);
    EXPECT_NE(mail->find("=3D\n"), std::string::npos);
    Message back = parse_message({*mail, {}});
    EXPECT_EQ(back.body_text, line + "=\n");
}

} // namespace
} // namespace lkmine
