// The stem table: per shard, the index words of each English stem, kept by the writers so that
// a query reads a word's siblings in one go instead of walking the words of every prefix.
#include "core/index/detail/xapian.hpp"

#include <algorithm>
#include <iterator>

namespace lkmine::store_detail {
namespace {

constexpr std::string_view kKeyPrefix = "lkmine:stem:";
// Xapian refuses longer metadata keys (its B-tree key limit, less a margin).
constexpr std::size_t kMaxKey = 240;
// Words a writer remembers as being in its shard's table (~30 bytes each).
constexpr std::size_t kMaxKnown = 4'000'000;

std::string key_of(std::string_view stem) {
    return std::string(kKeyPrefix) + std::string(stem);
}

std::vector<std::string> split_terms(const std::string& value) {
    std::vector<std::string> out;
    std::size_t b = 0;
    while (b < value.size()) {
        auto e = value.find('\n', b);
        if (e == std::string::npos) e = value.size();
        out.emplace_back(value, b, e - b);
        b = e + 1;
    }
    return out;
}

} // namespace

std::string stem_table_key() {
    return "lkmine:stem-table";
}

bool stem_in_table(std::string_view stem) {
    return kKeyPrefix.size() + stem.size() <= kMaxKey;
}

void StemNotes::note(const Xapian::Document& doc) {
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        std::string_view prefix = stemmed_prefix_of(term);
        if (prefix.empty()) continue;
        std::string_view word = std::string_view(term).substr(prefix.size());
        if (!stems_word(word) || !known_.insert(word)) continue;
        auto stem = english_stem(word);
        if (stem_in_table(stem)) pending_[stem].emplace_back(word);
    }
}

// Each stem's entry gains the words it lacks; an entry that lacks none is not rewritten.
void StemNotes::flush(Xapian::WritableDatabase& db) {
    for (auto& [stem, terms] : pending_) {
        auto key = key_of(stem);
        auto have = split_terms(db.get_metadata(key)); // sorted, as written below
        std::sort(terms.begin(), terms.end());
        std::vector<std::string> all;
        all.reserve(have.size() + terms.size());
        std::set_union(have.begin(), have.end(), terms.begin(), terms.end(),
                       std::back_inserter(all));
        if (all.size() == have.size()) continue;
        std::string value;
        for (const auto& t : all)
            value += (value.empty() ? "" : "\n") + t;
        db.set_metadata(key, value);
    }
    pending_.clear();
    if (known_.size() > kMaxKnown) known_.clear();
}

std::vector<std::string> stem_table_terms(const Xapian::Database& shard, std::string_view stem) {
    return split_terms(shard.get_metadata(key_of(stem)));
}

} // namespace lkmine::store_detail
