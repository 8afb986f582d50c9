// Year and month terms (XDY2022, XDM202207) on every dated document, and the queries that use
// them: d: ranges driven by terms instead of a scan of every date value, and date-ordered
// searches that look at the newest months first.
#include "core/store_xapian.hpp"

#include <cstdio>

namespace lkmine::store_detail {
namespace {

constexpr const char* kYear = "XDY";
constexpr const char* kMonth = "XDM";
// Far enough that no real mail is later; years without mail have no posting list and cost
// nothing in an OR.
constexpr int kLastYear = 2199;

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::string year_term(std::int64_t y) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%04lld", kYear, static_cast<long long>(y));
    return buf;
}

std::string month_term(std::int64_t month) {
    char buf[32];
    std::int64_t y = month / 12, m = month % 12 + 1;
    std::snprintf(buf, sizeof buf, "%s%04lld%02lld", kMonth, static_cast<long long>(y),
                  static_cast<long long>(m));
    return buf;
}

} // namespace

std::int64_t month_number(std::int64_t epoch) {
    std::int64_t days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400;
    std::int64_t y = 0;
    unsigned m = 0;
    civil_from_days(days, y, m);
    return y * 12 + (m - 1);
}

void add_date_terms(Xapian::Document& doc, std::int64_t epoch) {
    std::int64_t month = month_number(epoch);
    if (month < 0) return; // before year 0: a broken date, found by the value range alone
    doc.add_boolean_term(year_term(month / 12));
    doc.add_boolean_term(month_term(month));
}

// Whole years where a year lies entirely inside [first, last], months at the ragged ends.
Xapian::Query months_query(std::int64_t first, std::int64_t last) {
    std::vector<Xapian::Query> parts;
    first = std::max<std::int64_t>(first, 0);
    last = std::min<std::int64_t>(last, std::int64_t{kLastYear} * 12 + 11);
    for (std::int64_t m = first; m <= last;) {
        if (m % 12 == 0 && m + 11 <= last) {
            parts.emplace_back(year_term(m / 12));
            m += 12;
        } else {
            parts.emplace_back(month_term(m));
            ++m;
        }
    }
    if (parts.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query date_range_query(std::int64_t lo, std::int64_t hi, bool has_hi) {
    auto ser = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
    Xapian::Query exact =
        has_hi ? Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot::date, ser(lo), ser(hi))
               : Xapian::Query(Xapian::Query::OP_VALUE_GE, slot::date, ser(lo));
    if (month_number(lo) < 0) return exact;
    std::int64_t last = has_hi ? month_number(hi) : std::int64_t{kLastYear} * 12 + 11;
    // The terms pick the candidate documents; the value range trims the ragged days.
    return Xapian::Query(Xapian::Query::OP_FILTER, months_query(month_number(lo), last), exact);
}

std::string date_terms_key() {
    return "lkmine:date-terms";
}

} // namespace lkmine::store_detail
