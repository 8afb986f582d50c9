// Parsing of mail Date: headers (RFC 5322 plus the obsolete and broken forms on LKML).
#pragma once

#include "core/model/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace lkmine {

// Accepts an optional weekday, day/month in either order (asctime "Mon Jul 18 10:55:12 2022"),
// 2-digit years, missing seconds, numeric zones (+hhmm, +hh:mm, "GMT+0200"), zone names
// (UT, GMT, Z, EST..PDT, military letters read as +0000 per RFC 5322), comments such as
// "(UTC)", and a missing zone (taken as +0000). Invalid input gives valid == false.
Date parse_date(std::string_view text);

// "2022-07-18T10:55:12-07:00": the sender's local time and offset; "" when invalid.
std::string format_iso8601(const Date& date);

// For people reading a list: "2022-07-18 17:55 UTC" (the default, so it agrees with d:, whose
// days are UTC days), or with `local` the reader's own zone: "2022-07-18 19:55 CEST". Seconds
// on request; "" when invalid.
std::string format_for_display(const Date& date, bool local, bool seconds = false);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

} // namespace lkmine
