// The Message-IDs a search of an open index returns, as a set: what the index tests compare.
#pragma once

#include "core/index/store.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lkmine::test {

inline std::set<std::string> search_ids(StoreReader& r, const std::string& q,
                                        std::size_t limit = 1000000) {
    SearchOptions opt;
    opt.limit = limit;
    auto page = r.search(q, opt);
    EXPECT_TRUE(page.ok()) << q << ": " << page.error();
    std::set<std::string> out;
    if (page.ok())
        for (const auto& m : page->results)
            out.insert(m.message_id);
    return out;
}

} // namespace lkmine::test
