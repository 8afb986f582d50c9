// Year, month and day terms (XDY2022, XDM202207, XDD20220719) on every dated document, and the
// queries that use them: d:/dt: ranges driven by terms instead of a scan of every date value,
// and date-ordered searches that look at the newest days first.
#include "core/index/detail/xapian.hpp"

#include <cstdio>
#include <cstdlib>

namespace lkmine::store_detail {
namespace {

constexpr const char* kYear = prefix_of("year");
constexpr const char* kMonth = prefix_of("month");
constexpr const char* kDay = prefix_of("day");
// Far enough that no real mail is later; years without mail have no posting list and cost
// nothing in an OR.
constexpr std::int64_t kLastYear = 2199;

struct Civil {
    std::int64_t y;
    unsigned m, d;
};

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::string date_term(const char* prefix, const Civil& c, int fields) {
    char buf[40];
    if (fields == 1)
        std::snprintf(buf, sizeof buf, "%s%04lld", prefix, static_cast<long long>(c.y));
    else if (fields == 2)
        std::snprintf(buf, sizeof buf, "%s%04lld%02u", prefix, static_cast<long long>(c.y), c.m);
    else
        std::snprintf(buf, sizeof buf, "%s%04lld%02u%02u", prefix, static_cast<long long>(c.y), c.m,
                      c.d);
    return buf;
}

std::int64_t next_month(const Civil& c) {
    return c.m == 12 ? days_from_civil(c.y + 1, 1, 1) : days_from_civil(c.y, c.m + 1, 1);
}

} // namespace

std::int64_t day_number(std::int64_t epoch) {
    return epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400;
}

void add_date_terms(Xapian::Document& doc, std::int64_t epoch) {
    Civil c = civil_from_days(day_number(epoch));
    if (c.y < 0 || c.y > kLastYear) return; // a broken date: only the value range finds it
    doc.add_boolean_term(date_term(kYear, c, 1));
    doc.add_boolean_term(date_term(kMonth, c, 2));
    doc.add_boolean_term(date_term(kDay, c, 3));
}

Xapian::Query days_query(std::int64_t first, std::int64_t last) {
    first = std::max(first, days_from_civil(0, 1, 1));
    last = std::min(last, days_from_civil(kLastYear + 1, 1, 1) - 1);
    std::vector<Xapian::Query> parts;
    for (std::int64_t day = first; day <= last;) {
        Civil c = civil_from_days(day);
        std::int64_t year_end = days_from_civil(c.y + 1, 1, 1), month_end = next_month(c);
        if (c.m == 1 && c.d == 1 && year_end - 1 <= last) {
            parts.emplace_back(date_term(kYear, c, 1));
            day = year_end;
        } else if (c.d == 1 && month_end - 1 <= last) {
            parts.emplace_back(date_term(kMonth, c, 2));
            day = month_end;
        } else {
            parts.emplace_back(date_term(kDay, c, 3));
            ++day;
        }
    }
    if (parts.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query date_range_query(std::int64_t lo, std::int64_t hi, bool has_hi, bool exact) {
    using Q = Xapian::Query;
    auto ser = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
    std::int64_t first = day_number(lo);
    std::int64_t last = has_hi ? day_number(hi) : days_from_civil(kLastYear + 1, 1, 1) - 1;
    std::vector<Q> parts{days_query(first, last)};
    // dt: trims a bound inside a day with a one-sided value check. One-sided, because Xapian
    // estimates a value range's size from its width and lets the smallest part of an AND lead:
    // a narrow range would scan every date value of the index (50-140 ms on 1M mails) where a
    // wide bound is only asked about the candidates the terms give.
    if (exact && lo != first * 86400) parts.emplace_back(Q::OP_VALUE_GE, slot::date, ser(lo));
    if (exact && has_hi && hi != (last + 1) * 86400 - 1)
        parts.emplace_back(Q::OP_VALUE_LE, slot::date, ser(hi));
    return parts.size() == 1 ? parts[0] : Q(Q::OP_FILTER, parts.begin(), parts.end());
}

int schema_of(const Xapian::Database& db) {
    return std::atoi(db.get_metadata(kSchemaKey).c_str());
}

std::string date_terms_key() {
    return "lkmine:date-terms-v2";
}

} // namespace lkmine::store_detail
