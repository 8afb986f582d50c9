// Lookups over the prefix table of schema.hpp.
#include "core/index/schema.hpp"

namespace lkmine {

std::vector<PrefixInfo> prefix_table() {
    return std::vector<PrefixInfo>(std::begin(kPrefixes), std::end(kPrefixes));
}

std::vector<PrefixInfo> prefix_rows(std::string_view name) {
    std::vector<PrefixInfo> rows;
    for (const auto& p : kPrefixes)
        if (name == p.name) rows.push_back(p);
    return rows;
}

std::string prefix_names() {
    std::string out;
    std::string_view last;
    for (const auto& p : kPrefixes) {
        if (last == p.name) continue;
        last = p.name;
        if (!out.empty()) out += ' ';
        out += p.name;
        out += ':';
    }
    return out;
}

std::string_view term_prefix_of(std::string_view term) {
    std::string_view best;
    auto take = [&](std::string_view p) {
        if (!p.empty() && p.size() > best.size() && term.substr(0, p.size()) == p) best = p;
    };
    for (const auto& row : kPrefixes)
        take(row.term_prefix);
    for (const auto& p : kInternalPrefixes)
        take(p.term_prefix);
    return best;
}

} // namespace lkmine
