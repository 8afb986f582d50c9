// Date parsing by token classification, so field order and missing parts do not matter much.
#include "core/mail/date.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace lkmine {
namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_word(std::string_view w) {
    std::string out(w);
    for (char& c : out)
        c = lower(c);
    return out;
}

int month_of(const std::string& w) {
    static constexpr std::array<const char*, 12> names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    static constexpr std::array<const char*, 12> full = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (int m = 0; m < 12; ++m)
        if (w == names[m] || w == full[m] || (m == 8 && w == "sept")) return m + 1;
    return 0;
}

bool is_weekday(const std::string& w) {
    static constexpr std::array<const char*, 7> names = {"mon", "tue", "wed", "thu",
                                                         "fri", "sat", "sun"};
    for (const char* n : names)
        if (w.size() >= 3 && w.compare(0, 3, n) == 0 && (w.size() == 3 || w.size() > 5))
            return true;
    return w == "tues" || w == "thur" || w == "thurs";
}

// Offset in minutes of a zone name; false when the word is not a zone.
bool zone_of(const std::string& w, int& minutes) {
    struct Zone {
        const char* name;
        int hours;
    };
    static constexpr std::array<Zone, 13> zones = {{{"ut", 0},
                                                    {"utc", 0},
                                                    {"gmt", 0},
                                                    {"z", 0},
                                                    {"est", -5},
                                                    {"edt", -4},
                                                    {"cst", -6},
                                                    {"cdt", -5},
                                                    {"mst", -7},
                                                    {"mdt", -6},
                                                    {"pst", -8},
                                                    {"pdt", -7},
                                                    {"wet", 0}}};
    for (const Zone& z : zones)
        if (w == z.name) {
            minutes = z.hours * 60;
            return true;
        }
    // Military letters had their signs reversed in RFC 822, so RFC 5322 says read them as
    // +0000 ("-0000": no zone information).
    if (w.size() == 1 && is_alpha(w[0]) && w[0] != 'j') {
        minutes = 0;
        return true;
    }
    return false;
}

struct Fields {
    int year = -1, month = 0, day = 0;
    int hour = -1, minute = 0, second = 0;
    bool have_zone = false, numeric_zone = false;
    int offset = 0;
    int pm = 0; // 1 am, 2 pm
    bool bad = false;
};

// "10:55:12", "10:55", "10.55.12"
bool parse_time(std::string_view t, Fields& f) {
    int parts[3] = {0, 0, 0};
    int n = 0;
    std::size_t k = 0;
    while (k < t.size() && n < 3) {
        const std::size_t b = k;
        int v = 0;
        while (k < t.size() && is_digit(t[k]) && k - b < 3)
            v = v * 10 + (t[k++] - '0');
        if (k == b) return false;
        parts[n++] = v;
        if (k < t.size() && (t[k] == ':' || t[k] == '.'))
            ++k;
        else
            break;
    }
    if (k != t.size() || n < 2) return false;
    f.hour = parts[0];
    f.minute = parts[1];
    f.second = parts[2];
    return true;
}

// "+0200", "-0700", "+02:00", "+02", "+2"
bool parse_offset(std::string_view t, int& minutes) {
    if (t.size() < 2 || (t[0] != '+' && t[0] != '-')) return false;
    const int sign = t[0] == '-' ? -1 : 1;
    std::string digits;
    for (std::size_t k = 1; k < t.size(); ++k) {
        if (is_digit(t[k]))
            digits += t[k];
        else if (!(t[k] == ':' && k == 3))
            return false;
    }
    int h = 0, m = 0;
    if (digits.size() == 4) {
        h = std::stoi(digits.substr(0, 2));
        m = std::stoi(digits.substr(2, 2));
    } else if (digits.size() == 1 || digits.size() == 2) {
        h = std::stoi(digits);
    } else if (digits.size() == 3) { // "+200"
        h = std::stoi(digits.substr(0, 1));
        m = std::stoi(digits.substr(1, 2));
    } else {
        return false;
    }
    if (h > 23 || m > 59) return false;
    minutes = sign * (h * 60 + m);
    return true;
}

void number_token(std::string_view t, Fields& f) {
    if (t.size() > 4) {
        f.bad = true;
        return;
    }
    int v = 0;
    for (char c : t)
        v = v * 10 + (c - '0');
    const auto two_digit_year = [](int y) { return y < 50 ? 2000 + y : 1900 + y; };
    if (t.size() >= 3 || v > 31 || f.day != 0) {
        if (f.year >= 0)
            f.bad = true;
        else if (t.size() == 4)
            f.year = v;
        else if (t.size() == 3)
            f.year = v + 1900; // RFC 5322 obs-year: 3 digits add 1900
        else
            f.year = two_digit_year(v);
    } else {
        f.day = v;
    }
}

void word_token(const std::string& w, Fields& f) {
    int minutes = 0;
    if (const int m = month_of(w); m) {
        if (f.month) f.bad = true;
        f.month = m;
    } else if (is_weekday(w)) {
    } else if (w == "am" || w == "pm") {
        f.pm = w == "am" ? 1 : 2;
    } else if (zone_of(w, minutes)) {
        if (!f.numeric_zone) { // "GMT+0200": the number says more than the name
            f.offset = minutes;
            f.have_zone = true;
        }
    }
    // other words (time zone names we do not know, "at", "de") are ignored
}

// Splits into tokens: numbers, words, times, signed offsets; '-' between a day and a month
// name ("18-Jul-2022") and ISO dates ("2022-07-18") are handled by the caller.
void tokenize(std::string_view s, Fields& f) {
    std::size_t k = 0;
    int comment_depth = 0;
    std::string comment_zone;
    bool after_month = false; // "18-Jul-2022": the '-' before the year is no zone sign
    while (k < s.size()) {
        const char c = s[k];
        if (c == '(') {
            ++comment_depth;
            ++k;
            continue;
        }
        if (c == ')') {
            if (comment_depth) --comment_depth;
            ++k;
            continue;
        }
        std::size_t e = k;
        if (is_digit(c)) {
            while (e < s.size() && (is_digit(s[e]) || s[e] == ':' || s[e] == '.'))
                ++e;
            std::string_view t = s.substr(k, e - k);
            while (!t.empty() && t.back() == '.')
                t.remove_suffix(1);
            if (comment_depth == 0) {
                if (t.find(':') != std::string_view::npos ||
                    t.find('.') != std::string_view::npos) {
                    if (f.hour >= 0 || !parse_time(t, f)) f.bad = true;
                } else if (e < s.size() && s[e] == '-' && f.year < 0 && e - k == 4 &&
                           e + 6 <= s.size() && is_digit(s[e + 1])) {
                    // ISO 8601 "2022-07-18"
                    f.year = std::stoi(std::string(t));
                    f.month = (s[e + 1] - '0') * 10 + (is_digit(s[e + 2]) ? s[e + 2] - '0' : 0);
                    if (s[e + 3] == '-' && is_digit(s[e + 4]) && is_digit(s[e + 5]))
                        f.day = (s[e + 4] - '0') * 10 + (s[e + 5] - '0');
                    else
                        f.bad = true;
                    e += 6;
                    if (e < s.size() && (s[e] == 'T' || s[e] == 't')) ++e;
                } else {
                    number_token(t, f);
                }
            }
        } else if ((c == '+' || c == '-') && k + 1 < s.size() && is_digit(s[k + 1]) &&
                   !(c == '-' && after_month && k > 0 && is_alpha(s[k - 1]))) {
            e = k + 1;
            while (e < s.size() && (is_digit(s[e]) || s[e] == ':'))
                ++e;
            int minutes = 0;
            if (comment_depth == 0 && parse_offset(s.substr(k, e - k), minutes)) {
                f.offset = minutes;
                f.have_zone = f.numeric_zone = true;
            } else if (comment_depth == 0) {
                f.bad = true;
            }
        } else if (is_alpha(c)) {
            while (e < s.size() && is_alpha(s[e]))
                ++e;
            const std::string w = lower_word(s.substr(k, e - k));
            if (comment_depth == 0)
                word_token(w, f);
            else if (comment_zone.empty())
                comment_zone = w;
            after_month = comment_depth == 0 && month_of(w) != 0;
            k = e;
            continue;
        } else {
            ++e; // separators: space, ',', '-', '/', stray punctuation
        }
        k = e;
    }
    int minutes = 0;
    if (!f.have_zone && !comment_zone.empty() && zone_of(comment_zone, minutes)) {
        f.offset = minutes; // "Mon, 18 Jul 2022 10:55:12 (PDT)"
        f.have_zone = true;
    }
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yy + (m <= 2));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date parse_date(std::string_view text) {
    Date out;
    if (text.size() > 256) text = text.substr(0, 256); // a date never needs more
    Fields f;
    tokenize(text, f);
    if (f.bad || f.year < 0 || f.month == 0 || f.day == 0) return out;
    if (f.year < 1000 || f.year > 9999) return out;
    if (f.day > days_in_month(f.year, f.month)) return out;
    if (f.hour < 0) f.hour = 0; // date without a time: midnight
    if (f.pm == 2 && f.hour < 12) f.hour += 12;
    if (f.pm == 1 && f.hour == 12) f.hour = 0;
    if (f.hour > 23 || f.minute > 59 || f.second > 60) return out;
    if (f.second == 60) f.second = 59; // leap second; POSIX time has none
    const std::int64_t days =
        days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
    out.epoch = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second -
                static_cast<std::int64_t>(f.offset) * 60;
    out.offset_minutes = f.offset;
    out.valid = true;
    return out;
}

std::string format_iso8601(const Date& date) {
    if (!date.valid) return {};
    const std::int64_t local = date.epoch + static_cast<std::int64_t>(date.offset_minutes) * 60;
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t secs = local - days * 86400;
    int y, m, d;
    civil_from_days(days, y, m, d);
    const int off = date.offset_minutes < 0 ? -date.offset_minutes : date.offset_minutes;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60), date.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    return buf;
}

std::string format_for_display(const Date& date, bool local, bool seconds) {
    if (!date.valid) return {};
    char buf[64];
    if (local) {
        std::time_t t = static_cast<std::time_t>(date.epoch);
        std::tm tm{};
        if (!localtime_r(&t, &tm)) return {};
        // %Z names the zone ("CEST"); a zone without a name gets its offset.
        const char* fmt = seconds ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M %Z";
        std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
        if (n == 0 || buf[n - 1] == ' ')
            n = std::strftime(buf, sizeof buf,
                              seconds ? "%Y-%m-%d %H:%M:%S %z" : "%Y-%m-%d %H:%M %z", &tm);
        return std::string(buf, n);
    }
    const std::int64_t days = floor_div(date.epoch, 86400);
    const std::int64_t secs = date.epoch - days * 86400;
    int y, m, d;
    civil_from_days(days, y, m, d);
    int hh = static_cast<int>(secs / 3600), mm = static_cast<int>(secs / 60 % 60),
        ss = static_cast<int>(secs % 60);
    if (seconds)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d UTC", y, m, d, hh, mm, ss);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d UTC", y, m, d, hh, mm);
    return buf;
}

} // namespace lkmine
