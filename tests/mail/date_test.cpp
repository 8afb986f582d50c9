// Tests for Date: parsing on RFC 5322 and the obsolete/broken forms seen on LKML.
#include "core/mail/date.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace lkmine;

namespace {
// Epoch values below were computed with Python's email.utils.parsedate_to_datetime.
std::string iso(std::string_view s) {
    return format_iso8601(parse_date(s));
}
} // namespace

TEST(Date, Rfc5322) {
    const Date d = parse_date("Mon, 18 Jul 2022 10:55:12 -0700");
    ASSERT_TRUE(d.valid);
    EXPECT_EQ(d.epoch, 1658166912);
    EXPECT_EQ(d.offset_minutes, -420);
    EXPECT_EQ(format_iso8601(d), "2022-07-18T10:55:12-07:00");
    // notmuch lkml corpus.
    EXPECT_EQ(parse_date("Sun, 14 Nov 2010 19:04:48 -0800").epoch, 1289790288);
    EXPECT_EQ(parse_date("Thu, 1 Jan 1970 00:00:00 +0000").epoch, 0);
    EXPECT_EQ(iso("Tue, 29 Feb 2000 23:59:59 +1400"), "2000-02-29T23:59:59+14:00");
    EXPECT_EQ(parse_date("Tue, 29 Feb 2000 23:59:59 +1400").epoch, 951818399);
}

TEST(Date, ObsoleteAndBrokenForms) {
    // 2-digit year, missing seconds, no weekday.
    EXPECT_EQ(parse_date("18 Jul 22 10:55 +0200").epoch, 1658134500);
    EXPECT_EQ(iso("18 Jul 99 10:55:00 +0000"), "1999-07-18T10:55:00+00:00");
    // asctime, no zone: read as UTC.
    EXPECT_EQ(parse_date("Mon Jul 18 10:55:12 2022").epoch, 1658141712);
    // asctime with a zone after the year, as git format-patch --stdout headers have.
    EXPECT_EQ(iso("Wed Apr 6 12:13:14 2022 +0200"), "2022-04-06T12:13:14+02:00");
    EXPECT_EQ(iso("mon, 18 JUL 2022   10:55:12   -0700"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("Mon,18 Jul 2022 10:55:12 -0700"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("18-Jul-2022 10:55:12 -0700"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("Monday, 18 July 2022 10:55:12 -0700"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("2022-07-18 10:55:12 +0530"), "2022-07-18T10:55:12+05:30");
    // A real linux-ext4 mail; Python's parsedate misreads it as 06:09:22 UTC.
    EXPECT_EQ(iso("Wed 29 May 2019 06:09:22 PM EDT"), "2019-05-29T18:09:22-04:00");
    EXPECT_EQ(iso("Wed, 29 May 2019 12:09:22 AM +0000"), "2019-05-29T00:09:22+00:00");
}

TEST(Date, Zones) {
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 +0000 (UTC)"), "2022-07-18T10:55:12+00:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 -0700 (PDT)"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 PDT"), "2022-07-18T10:55:12-07:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 EST"), "2022-07-18T10:55:12-05:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 cdt"), "2022-07-18T10:55:12-05:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 GMT"), "2022-07-18T10:55:12+00:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 UT"), "2022-07-18T10:55:12+00:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 GMT+0200"), "2022-07-18T10:55:12+02:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 +02:00"), "2022-07-18T10:55:12+02:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 (MDT)"), "2022-07-18T10:55:12-06:00");
    // Military letters: RFC 5322 says treat as +0000 (their signs were wrong in RFC 822).
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 Z"), "2022-07-18T10:55:12+00:00");
    EXPECT_EQ(iso("Mon, 18 Jul 2022 10:55:12 A"), "2022-07-18T10:55:12+00:00");
    EXPECT_EQ(parse_date("Mon, 18 Jul 2022 10:55:12 -0700").epoch -
                  parse_date("Mon, 18 Jul 2022 10:55:12 -0000").epoch,
              7 * 3600);
}

TEST(Date, OffsetsCrossingMidnightAndMonths) {
    const Date d = parse_date("Thu, 1 Jan 1970 00:30:00 +0100");
    EXPECT_EQ(d.epoch, -1800);
    EXPECT_EQ(format_iso8601(d), "1970-01-01T00:30:00+01:00");
    EXPECT_EQ(format_iso8601(Date{d.epoch, 0, true}), "1969-12-31T23:30:00+00:00");
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(Date, InvalidInput) {
    for (const char* bad :
         {"", "garbage", "Mon, 32 Jul 2022 10:55:12 -0700", "Mon, 29 Feb 2022 10:55:12 -0700",
          "Mon, 18 Foo 2022 10:55:12", "Mon, 18 Jul 2022 25:55:12 -0700", "18 Jul", "12345678",
          "Mon, 18 Jul 2022 10:61:12 +0000"}) {
        const Date d = parse_date(bad);
        EXPECT_FALSE(d.valid) << bad;
        EXPECT_EQ(format_iso8601(d), "") << bad;
    }
    EXPECT_FALSE(parse_date(std::string(1 << 20, '9')).valid);
}
