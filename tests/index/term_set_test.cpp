// The writer's term set (stem table notes): the same answers as std::set over many words,
// through its growths, prefixes of one another, the empty word and a clear.
#include "core/index/term_set.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lkmine::store_detail {
namespace {

TEST(TermSet, AnswersAsAnOrderedSetThroughGrowthAndClear) {
    TermSet set;
    std::set<std::string> truth;
    // Words that share starts and lengths ("XQUOTrace", "XQUOTraces", ...), many times the
    // first table's size, each inserted twice.
    for (int round = 0; round < 2; ++round)
        for (int i = 0; i < 20000; ++i) {
            std::string w = (i % 3 ? "XQUOT" : "XDFB") + std::string("race") +
                            std::string(static_cast<std::size_t>(i % 7), 's') +
                            std::to_string(i / 7);
            EXPECT_EQ(set.insert(w), truth.insert(w).second) << w;
        }
    EXPECT_TRUE(set.insert(""));
    EXPECT_FALSE(set.insert(""));
    EXPECT_EQ(set.size(), truth.size() + 1);
    for (const auto& w : truth)
        ASSERT_TRUE(set.contains(w)) << w;
    EXPECT_FALSE(set.contains("XQUOTrace"));
    EXPECT_FALSE(set.contains("XQUOTraces0x"));
    set.clear();
    EXPECT_EQ(set.size(), 0u);
    EXPECT_FALSE(set.contains(*truth.begin()));
    EXPECT_TRUE(set.insert(*truth.begin()));
}

} // namespace
} // namespace lkmine::store_detail
