// Tests for splitting raw mails into header fields and body offset, including hostile input.
#include "core/mail/header.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace lkmine;

TEST(Header, SplitsFieldsAndFindsBody) {
    const std::string mail = "From: Liam <liam@oracle.com>\n"
                             "Subject: [PATCH] maple_tree: fix\n"
                             "  sparse warnings\n"
                             "To: linux-mm@kvack.org\n"
                             "\n"
                             "body line\n";
    const HeaderBlock b = split_headers(mail);
    ASSERT_EQ(b.fields.size(), 3u);
    EXPECT_EQ(b.fields[0].name, "From");
    EXPECT_EQ(b.fields[0].value, "Liam <liam@oracle.com>");
    EXPECT_EQ(b.fields[1].value, "[PATCH] maple_tree: fix  sparse warnings");
    EXPECT_EQ(mail.substr(b.body_offset), "body line\n");
    EXPECT_TRUE(b.warnings.empty());
}

TEST(Header, CrlfMboxLineAndCaseInsensitiveLookup) {
    const std::string mail = "From mboxrd@z Thu Jan  1 00:00:00 1970\r\n"
                             "Message-ID: <a@b>\r\n"
                             "subject: one\r\n"
                             "Received: x\r\n"
                             "RECEIVED: y\r\n"
                             "\r\n"
                             "body";
    const HeaderBlock b = split_headers(mail);
    ASSERT_EQ(b.fields.size(), 4u);
    EXPECT_EQ(b.fields[0].value, "<a@b>");
    ASSERT_NE(find_header(b, "SUBJECT"), nullptr);
    EXPECT_EQ(find_header(b, "Subject")->value, "one");
    EXPECT_EQ(find_header(b, "X-Missing"), nullptr);
    const auto received = find_headers(b, "received");
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[1]->value, "y");
    EXPECT_EQ(mail.substr(b.body_offset), "body");
}

TEST(Header, MissingBlankLineAndOddNames) {
    // A line that is no field and no continuation ends the header: it is the body.
    const std::string mail = "Subject: hi\nDate : Mon, 18 Jul 2022 10:55:12 -0700\nhello there\n";
    const HeaderBlock b = split_headers(mail);
    ASSERT_EQ(b.fields.size(), 2u);
    EXPECT_EQ(b.fields[1].name, "Date"); // obsolete "name :" form
    EXPECT_EQ(mail.substr(b.body_offset), "hello there\n");
    ASSERT_EQ(b.warnings.size(), 1u);
    EXPECT_EQ(b.warnings[0].kind, "no-blank-line");

    const HeaderBlock only = split_headers("Subject: no body");
    ASSERT_EQ(only.fields.size(), 1u);
    EXPECT_EQ(only.body_offset, 16u);
    EXPECT_TRUE(split_headers("").fields.empty());
    EXPECT_EQ(split_headers("\nbody").body_offset, 1u);
    EXPECT_EQ(split_headers("Subject:\n  folded only\n\n").fields[0].value, "folded only");
}

TEST(Header, LongAndManyHeadersAreBounded) {
    std::string mail = "Subject: " + std::string(3u << 20, 'x') + "\nTo: a@b\n\nbody";
    HeaderBlock b = split_headers(mail);
    ASSERT_EQ(b.fields.size(), 2u);
    EXPECT_EQ(b.fields[0].value.size(), max_header_bytes);
    ASSERT_EQ(b.warnings.size(), 1u);
    EXPECT_EQ(b.warnings[0].kind, "long-header");
    EXPECT_EQ(mail.substr(b.body_offset), "body");

    std::string many;
    for (int i = 0; i < 12000; ++i)
        many += "X-N: " + std::to_string(i) + "\n";
    many += "\nbody";
    b = split_headers(many);
    EXPECT_EQ(b.fields.size(), max_header_fields);
    ASSERT_EQ(b.warnings.size(), 1u);
    EXPECT_EQ(b.warnings[0].kind, "too-many-headers");
    EXPECT_EQ(many.substr(b.body_offset), "body");
}

TEST(Header, NulBytesAndBinaryDoNotCrash) {
    const std::string mail("Subject: a\0b\nTo: x\n\n\0\0", 22);
    const HeaderBlock b = split_headers(mail);
    ASSERT_EQ(b.fields.size(), 2u);
    EXPECT_EQ(b.fields[0].value, std::string("a\0b", 3));
}

TEST(Header, RealMailsOfTheMapleTreeThread) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    const auto mail = test::read_file(test::shared_corpora() / "maple-tree-thread" /
                                      "01-liam-patch-sparse-fixes.eml");
    const HeaderBlock b = split_headers(mail);
    ASSERT_NE(find_header(b, "Message-ID"), nullptr);
    ASSERT_NE(find_header(b, "Subject"), nullptr);
    EXPECT_NE(find_header(b, "Subject")->value.find("maple_tree"), std::string::npos);
    EXPECT_TRUE(b.body_offset > 0 && b.body_offset < mail.size());
    // The body starts right after the first empty line.
    const std::size_t blank = mail.find("\n\n");
    EXPECT_EQ(b.body_offset, blank + 2);
}

TEST(Header, ScanSpeedOnFourKilobyteMails) {
    std::string mail;
    for (int i = 0; i < 20; ++i)
        mail += "X-Header-" + std::to_string(i) + ": some value of moderate length here\n";
    mail += "Subject: [PATCH v2 1/3] mm: speed\n folded\n\n";
    mail += std::string(4096 - mail.size(), 'b');
    const int n = 100000;
    std::size_t total = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
        total += split_headers(mail).fields.size();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(total, static_cast<std::size_t>(n) * 21);
    std::printf("header scan: %.0f mails/s (4 KB, 21 fields)\n", n / s);
    // Loose bound: catches a quadratic scan, not a busy shared machine or a sanitizer build.
    EXPECT_GT(n / s, 5000.0);
}
