// Year/month terms: d: ranges through them, and date-ordered searches that look at the newest
// months first must give exactly the page a search of everything gives.
#include "core/store.hpp"
#include "tests/core/fscrypt_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace lkmine::store_detail {
std::int64_t month_number(std::int64_t epoch);
}

namespace lkmine {
namespace {

using test::fscrypt_items;
using test::TempDir;

TEST(DateTerms, MonthOfAnInstantIsItsUtcMonth) {
    using store_detail::month_number;
    EXPECT_EQ(month_number(0), 1970 * 12);              // 1970-01-01T00:00:00Z
    EXPECT_EQ(month_number(1659311999), 2022 * 12 + 6); // 2022-07-31T23:59:59Z
    EXPECT_EQ(month_number(1659312000), 2022 * 12 + 7); // 2022-08-01T00:00:00Z
    EXPECT_EQ(month_number(951782400), 2000 * 12 + 1);  // 2000-02-29T00:00:00Z
    EXPECT_EQ(month_number(-1), 1969 * 12 + 11);        // 1969-12-31T23:59:59Z
    EXPECT_EQ(month_number(4102444800), 2100 * 12);     // 2100-01-01T00:00:00Z
}

std::vector<std::string> ids(const SearchPage& p) {
    std::vector<std::string> out;
    for (const auto& m : p.results)
        out.push_back(m.message_id);
    return out;
}

class DateWindows : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("windows");
        test::build(dir_->str(), 2, 0, fscrypt_items().size());
    }
    static void TearDownTestSuite() { delete dir_; }
    static TempDir* dir_;
};
TempDir* DateWindows::dir_ = nullptr;

// Every page of every query equals the same slice of the whole date-ordered list (which the
// reader can only produce by searching everything: no window holds a million results).
TEST_F(DateWindows, EveryPageEqualsTheSliceOfTheWholeList) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto r = StoreReader::open(dir_->str());
    ASSERT_TRUE(r.ok()) << r.error();
    std::size_t windowed = 0;
    for (const char* q :
         {"", "s:fscrypt", "f:ebiggers", "dfn:crypto", "b:\"encryption policy\"", "s:\"PATCH v2\"",
          "nq:inode", "flag:patch", "type:ghost", "d:20190101..20191231", "nosuchwordanywhere"}) {
        for (bool threads : {false, true}) {
            SearchOptions all;
            all.limit = 1000000;
            all.threads = threads;
            auto whole = r->search(q, all);
            ASSERT_TRUE(whole.ok()) << q << ": " << whole.error();
            EXPECT_EQ(whole->months_searched, 0u);
            auto expect = ids(*whole);
            for (std::size_t limit : {1, 5, 20, 50})
                for (std::size_t offset : {0, 7, 40}) {
                    SearchOptions o;
                    o.limit = limit, o.offset = offset, o.threads = threads;
                    auto page = r->search(q, o);
                    ASSERT_TRUE(page.ok()) << q;
                    std::vector<std::string> slice;
                    for (std::size_t i = offset; i < std::min(expect.size(), offset + limit); ++i)
                        slice.push_back(expect[i]);
                    EXPECT_EQ(ids(*page), slice) << "'" << q << "' limit " << limit << " offset "
                                                 << offset << (threads ? " threads" : "");
                    if (page->months_searched) {
                        ++windowed;
                        EXPECT_GE(page->estimated_total, offset + limit) << q;
                    }
                }
        }
    }
    // The windows really served most pages; the rest fell back to the whole index.
    EXPECT_GT(windowed, 100u);
    std::printf("pages from the newest months alone: %zu\n", windowed);
}

// d: through month terms is exact to the second at both ends, as the value range alone was.
TEST_F(DateWindows, DateRangeIsExactAtItsEnds) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto r = StoreReader::open(dir_->str());
    ASSERT_TRUE(r.ok()) << r.error();
    SearchOptions all;
    all.limit = 1000000;
    auto every = r->search("", all);
    ASSERT_TRUE(every.ok());
    ASSERT_GT(every->results.size(), 1000u);
    // Bounds taken from real mails, in the middle of a month, so the ragged ends matter.
    const auto& newer = every->results[every->results.size() / 3];
    const auto& older = every->results[every->results.size() * 2 / 3];
    auto stamp = [](std::int64_t t) { return "@" + std::to_string(t); };
    std::string q = "d:" + stamp(older.date.epoch) + ".." + stamp(newer.date.epoch);
    auto got = r->search(q, all);
    ASSERT_TRUE(got.ok()) << got.error();
    std::vector<std::string> expect;
    for (const auto& m : every->results)
        if (m.date.epoch >= older.date.epoch && m.date.epoch <= newer.date.epoch)
            expect.push_back(m.message_id);
    EXPECT_EQ(ids(*got), expect);
    EXPECT_GT(expect.size(), 400u);
    auto since = r->search("d:" + stamp(newer.date.epoch) + "..", all);
    ASSERT_TRUE(since.ok());
    std::size_t n = 0;
    for (const auto& m : every->results)
        n += m.date.epoch >= newer.date.epoch;
    EXPECT_EQ(since->results.size(), n);
}

} // namespace
} // namespace lkmine
