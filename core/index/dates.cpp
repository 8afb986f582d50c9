// Date bounds for the d:/dt: query prefixes: absolute (YYYYMMDD, YYYY-MM-DD, ...) and relative
// (2.weeks.ago).
#include "core/index/detail/xapian.hpp"

#include <charconv>

namespace lkmine::store_detail {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    auto r = std::from_chars(s.data() + pos, s.data() + pos + n, out);
    return r.ec == std::errc() && r.ptr == s.data() + pos + n;
}

unsigned days_in_month(int y, int m) {
    static const unsigned d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

// Fields written, the rest defaulted to the start (or end) of the period they leave open.
bool absolute(std::string_view s, bool end, std::int64_t& out) {
    int y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0;
    int given = 0; // 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second
    std::string compact;
    for (char c : s)
        if (c != '-' && c != ':' && c != 'T' && c != ' ') compact += c;
    if (compact.size() != s.size() && s.size() >= 10 && (s[4] != '-' || s[7] != '-')) return false;
    if (compact.find_first_not_of("0123456789") != std::string::npos) return false;
    static const std::size_t lengths[] = {4, 6, 8, 10, 12, 14};
    for (int i = 0; i < 6; ++i)
        if (compact.size() == lengths[i]) given = i + 1;
    if (!given || !digits(compact, 0, 4, y)) return false;
    if ((given >= 2 && !digits(compact, 4, 2, mo)) || (given >= 3 && !digits(compact, 6, 2, d)) ||
        (given >= 4 && !digits(compact, 8, 2, h)) || (given >= 5 && !digits(compact, 10, 2, mi)) ||
        (given >= 6 && !digits(compact, 12, 2, se)))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(days_in_month(y, mo)) || h > 23 ||
        mi > 59 || se > 60)
        return false;
    if (end) {
        if (given < 2) mo = 12;
        if (given < 3) d = static_cast<int>(days_in_month(y, mo));
        if (given < 4) h = 23;
        if (given < 5) mi = 59;
        if (given < 6) se = 59;
    }
    out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

std::int64_t unit_seconds(std::string_view u) {
    if (!u.empty() && u.back() == 's') u.remove_suffix(1);
    if (u == "second" || u == "sec") return 1;
    if (u == "minute" || u == "min") return 60;
    if (u == "hour") return 3600;
    if (u == "day") return 86400;
    if (u == "week") return 7 * 86400;
    if (u == "month") return 30 * 86400;
    if (u == "year") return 365 * 86400;
    return 0;
}

// "2.weeks.ago", "last.week", "yesterday", "today", "now".
bool relative(std::string_view s, std::int64_t now, std::int64_t& out) {
    if (s == "now") return out = now, true;
    if (s == "today") return out = now - now % 86400, true;
    if (s == "yesterday") return out = now - now % 86400 - 86400, true;
    if (s.substr(0, 5) == "last.") {
        auto u = unit_seconds(s.substr(5));
        return u ? (out = now - u, true) : false;
    }
    if (s.size() < 5 || s.substr(s.size() - 4) != ".ago") return false;
    s.remove_suffix(4);
    auto dot = s.find('.');
    if (dot == std::string_view::npos) return false;
    std::int64_t n = 0;
    auto r = std::from_chars(s.data(), s.data() + dot, n);
    auto u = unit_seconds(s.substr(dot + 1));
    if (r.ec != std::errc() || r.ptr != s.data() + dot || !u || n < 0 || n > 1000000) return false;
    out = now - n * u;
    return true;
}

} // namespace

bool parse_date_bound(std::string_view text, bool end, std::int64_t now, std::int64_t& out) {
    if (text.empty()) return false;
    if (text[0] == '@') {
        auto r = std::from_chars(text.data() + 1, text.data() + text.size(), out);
        return r.ec == std::errc() && r.ptr == text.data() + text.size();
    }
    if (relative(text, now, out)) {
        // A relative single value ("d:last.week") means "since then"; as an end it is a moment.
        return true;
    }
    return absolute(text, end, out);
}

} // namespace lkmine::store_detail
