// The stemmed prefix of a term, spelled out for speed in stems.cpp, against the list it spells
// (kStemmedPrefixes): every stemmed prefix is found, and no other prefix of the schema is.
#include "core/index/detail/xapian.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkmine::store_detail {
namespace {

// The rule as kStemmedPrefixes states it: the listed prefix the term starts with, a word after.
std::string_view by_the_list(std::string_view term) {
    for (std::string_view p : kStemmedPrefixes)
        if (term.size() > p.size() && term.starts_with(p)) return p;
    return {};
}

TEST(StemmedPrefix, EveryStemmedPrefixAndNoOther) {
    std::vector<std::string> terms = {"", "S", "X", "XD", "XDF", "XDFP", "XQUO", "XN", "XDFPO"};
    for (std::string_view p : kStemmedPrefixes) {
        EXPECT_EQ(stemmed_prefix_of(std::string(p) + "word"), p);
        EXPECT_EQ(stemmed_prefix_of(p), "") << p; // no word
        for (std::size_t n = 1; n <= p.size(); ++n)
            terms.push_back(std::string(p.substr(0, n)) + "w");
    }
    for (const auto& row : kPrefixes) {
        std::string p = row.term_prefix;
        for (std::string w : {"word", "Word", "1", "_x", "\xc3\xa9t\xc3\xa9"})
            terms.push_back(p + w);
    }
    for (const auto& t : terms)
        EXPECT_EQ(stemmed_prefix_of(t), by_the_list(t)) << t;
}

} // namespace
} // namespace lkmine::store_detail
