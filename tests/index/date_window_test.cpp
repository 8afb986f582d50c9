// Year/month terms: d: ranges through them, and date-ordered searches that look at the newest
// months first must give exactly the page a search of everything gives; the thread count of a
// --threads page.
#include "core/index/store.hpp"
#include "tests/support/fscrypt_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <set>
#include <vector>

namespace lkmine::store_detail {
std::int64_t day_number(std::int64_t epoch);
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
} // namespace lkmine::store_detail

namespace lkmine {
namespace {

using test::fscrypt_items;
using test::TempDir;

TEST(DateTerms, DayOfAnInstantIsItsUtcDay) {
    using store_detail::day_number, store_detail::days_from_civil;
    EXPECT_EQ(day_number(0), 0);                                     // 1970-01-01T00:00:00Z
    EXPECT_EQ(day_number(1659311999), days_from_civil(2022, 7, 31)); // 23:59:59Z
    EXPECT_EQ(day_number(1659312000), days_from_civil(2022, 8, 1));  // 00:00:00Z
    EXPECT_EQ(day_number(951782400), days_from_civil(2000, 2, 29));  // a leap day
    EXPECT_EQ(day_number(-1), -1);                                   // 1969-12-31T23:59:59Z
    EXPECT_EQ(day_number(4102444800), days_from_civil(2100, 1, 1));  // 2100 is no leap year
    EXPECT_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1);
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
            EXPECT_EQ(whole->days_searched, 0u);
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
                    if (page->days_searched) {
                        ++windowed;
                        EXPECT_GE(page->estimated_total, offset + limit) << q;
                    }
                }
        }
    }
    // The windows really served most pages; the rest fell back to the whole index.
    EXPECT_GT(windowed, 100u);
    std::printf("pages from the newest days alone: %zu\n", windowed);
}

// A long OR list runs once over the whole index (each date window would repeat all of it) and
// gives the same page; a query past the bounds is refused, saying why.
TEST_F(DateWindows, LongOrListsRunOnceAndOversizedQueriesAreRefused) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto r = StoreReader::open(dir_->str());
    ASSERT_TRUE(r.ok()) << r.error();
    std::string ors = "s:fscrypt";
    // Capitalised, so matched as written: a lowercase word absent from the index would be
    // dropped by the stem expansion before the query runs.
    for (int i = 0; i < 2000; ++i)
        ors += " OR s:Nosuchword" + std::to_string(i);
    SearchOptions o;
    o.limit = 20;
    auto plain = r->search("s:fscrypt", o);
    auto many = r->search(ors, o);
    ASSERT_TRUE(plain.ok() && many.ok()) << ors.size();
    EXPECT_GT(plain->days_searched, 0u) << "a short query looks at the newest days first";
    EXPECT_EQ(many->days_searched, 0u) << "2,000 ORs run once";
    EXPECT_EQ(ids(*many), ids(*plain));
    auto too_long = r->search(std::string(kMaxQueryBytes + 1, 'a'), o);
    ASSERT_FALSE(too_long.ok());
    EXPECT_NE(too_long.error().find("query too long"), std::string::npos) << too_long.error();
    std::string words;
    for (std::size_t i = 0; i <= kMaxQueryWords; ++i)
        words += "a ";
    auto too_many = r->search(words, o);
    ASSERT_FALSE(too_many.ok());
    EXPECT_NE(too_many.error().find("too many words"), std::string::npos) << too_many.error();
}

// dt: through the date terms is exact to the second at both ends, as the value range alone was;
// d: takes the whole days of its bounds, as on lore.
TEST_F(DateWindows, DateRangesAreExactAtTheirEnds) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto r = StoreReader::open(dir_->str());
    ASSERT_TRUE(r.ok()) << r.error();
    SearchOptions all;
    all.limit = 1000000;
    auto every = r->search("", all);
    ASSERT_TRUE(every.ok());
    ASSERT_GT(every->results.size(), 1000u);
    // Bounds taken from real mails, inside a day, so the ragged ends matter.
    const auto& newer = every->results[every->results.size() / 3];
    const auto& older = every->results[every->results.size() * 2 / 3];
    auto stamp = [](std::int64_t t) { return "@" + std::to_string(t); };
    auto expect_range = [&](const std::string& q, std::int64_t lo, std::int64_t hi) {
        auto got = r->search(q, all);
        ASSERT_TRUE(got.ok()) << got.error();
        std::vector<std::string> expect;
        for (const auto& m : every->results)
            if (m.date.epoch >= lo && m.date.epoch <= hi) expect.push_back(m.message_id);
        EXPECT_EQ(ids(*got), expect) << q;
        EXPECT_GT(expect.size(), 400u) << q;
    };
    std::int64_t lo = older.date.epoch, hi = newer.date.epoch;
    expect_range("dt:" + stamp(lo) + ".." + stamp(hi), lo, hi);
    expect_range("d:" + stamp(lo) + ".." + stamp(hi), store_detail::day_number(lo) * 86400,
                 (store_detail::day_number(hi) + 1) * 86400 - 1);
    expect_range("dt:" + stamp(lo) + "..", lo, INT64_MAX);
    expect_range("d:" + stamp(lo) + "..", store_detail::day_number(lo) * 86400, INT64_MAX);
    expect_range("dt:.." + stamp(hi), INT64_MIN, hi);
}

// "20 of about 1000 threads" for 207 was the estimate; the count is now the threads there are.
TEST_F(DateWindows, ThreadCountIsExact) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto r = StoreReader::open(dir_->str());
    ASSERT_TRUE(r.ok()) << r.error();
    for (const char* q : {"s:fscrypt", "f:ebiggers", "b:lock", "*"}) {
        SearchOptions all;
        all.threads = true;
        all.limit = 1000000;
        auto every = r->search(q, all);
        ASSERT_TRUE(every.ok()) << every.error();
        std::set<std::string> threads;
        for (const auto& m : every->results)
            threads.insert(m.thread_id);
        ASSERT_EQ(threads.size(), every->results.size()) << q << ": one result per thread";
        ASSERT_GT(threads.size(), 20u) << q;
        SearchOptions page = all;
        page.limit = 20;
        auto first = r->search(q, page);
        ASSERT_TRUE(first.ok()) << first.error();
        EXPECT_EQ(first->results.size(), 20u) << q;
        EXPECT_EQ(first->estimated_total, threads.size()) << q;
        EXPECT_EQ(first->count, SearchPage::Count::exact) << q;
    }
}

} // namespace
} // namespace lkmine
