// The stem table (schema 6) on real mail: it lists exactly the stemmed-prefix words of each
// shard under their English stem, and searches through it answer as the walks of the index
// words did (an index without the table is searched with those walks).
#include "core/index/detail/xapian.hpp"
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "tests/support/search_ids.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;
using store_detail::english_stem;
using store_detail::kStemmedPrefixes;

// The 22 mails of the maple-tree LKML thread (prose, quotes, diffs) in an index of 2 shards;
// `piecewise`: a commit after each mail and a second writer for the second half, so entries
// written by one commit or run gain the words of later ones.
fs::path index_maple_tree(const fs::path& dir, bool piecewise = false) {
    fs::path base = test::shared_corpora() / "maple-tree-thread";
    WriterOptions opt;
    opt.shards = 2;
    std::vector<fs::path> mails;
    for (const auto& e : fs::directory_iterator(base))
        if (e.path().extension() == ".eml") mails.push_back(e.path());
    std::sort(mails.begin(), mails.end());
    std::optional<Result<StoreWriter>> w;
    for (std::size_t i = 0; i < mails.size(); ++i) {
        if (!w || (piecewise && i == mails.size() / 2)) {
            w.reset(); // the first writer is closed before the second opens
            w.emplace(StoreWriter::open(dir.string(), opt));
            EXPECT_TRUE(w->ok()) << w->error();
        }
        RawMessage raw{test::read_file(mails[i]), {mails[i].filename().string(), ""}, {}};
        EXPECT_TRUE((*w)->add(parse_message(raw), raw.bytes, {"linux-mm.kvack.org"}).ok());
        if (piecewise) EXPECT_TRUE((*w)->commit().ok());
    }
    EXPECT_TRUE((*w)->commit().ok());
    return dir;
}

// stem -> terms, as the index holds them (a walk of every stemmed prefix's terms).
std::map<std::string, std::set<std::string>> walked_terms(const Xapian::Database& shard) {
    std::map<std::string, std::set<std::string>> out;
    for (std::string_view prefix : kStemmedPrefixes)
        for (auto t = shard.allterms_begin(std::string(prefix));
             t != shard.allterms_end(std::string(prefix)); ++t) {
            const std::string term = *t;
            std::string_view word = std::string_view(term).substr(prefix.size());
            // A term of another prefix that starts like this one ("XDFPRE" in "XDFP..."): its
            // word would not start with a lowercase letter.
            if (!store_detail::stems_word(word)) continue;
            out[english_stem(word)].insert(term);
        }
    return out;
}

std::string word_of(const std::string& term) {
    for (std::string_view prefix : kStemmedPrefixes)
        if (term.starts_with(prefix) && store_detail::stems_word(term.substr(prefix.size())))
            return term.substr(prefix.size());
    return term;
}

// stem -> words, as the index holds them.
std::map<std::string, std::set<std::string>> walked(const Xapian::Database& shard) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& [stem, terms] : walked_terms(shard))
        for (const auto& t : terms)
            out[stem].insert(word_of(t));
    return out;
}

// stem -> words, as the table lists them.
std::map<std::string, std::set<std::string>> tabled(const Xapian::Database& shard) {
    std::map<std::string, std::set<std::string>> out;
    const std::string prefix = "lkmine:stem:";
    for (auto k = shard.metadata_keys_begin(prefix); k != shard.metadata_keys_end(prefix); ++k) {
        std::string stem = (*k).substr(prefix.size());
        for (auto& t : store_detail::stem_table_terms(shard, stem))
            out[stem].insert(t);
    }
    return out;
}

TEST(StemTable, ListsEveryStemmedWordOfEachShardUnderItsStem) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    for (bool piecewise : {false, true}) {
        fs::path dir = fs::temp_directory_path() / ("lkmine-stemtable-" + std::to_string(getpid()));
        fs::remove_all(dir);
        index_maple_tree(dir, piecewise);
        std::size_t words = 0;
        for (int n = 0; n < 2; ++n) {
            Xapian::Database shard((dir / ("shard" + std::to_string(n))).string());
            EXPECT_EQ(shard.get_metadata(store_detail::stem_table_key()), "1");
            auto index = walked(shard);
            EXPECT_EQ(tabled(shard), index) << "shard" << n << (piecewise ? ", piecewise" : "");
            for (const auto& [stem, terms] : index)
                words += terms.size();
        }
        EXPECT_GT(words, 2000u); // prose, quotes and diffs of 22 mails
        fs::remove_all(dir);
    }
}

// The same index searched with its table, on a copy with the table as indexes before
// 2026-12 wrote it (terms, not words), and on a copy without the table's flag with the walks
// of the index words: the same mails for every word of the subjects and for words of the
// bodies, bare and under each free-text prefix.
TEST(StemTable, SearchesAnswerAsTheWalksDid) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    fs::path dir = fs::temp_directory_path() / ("lkmine-stemsearch-" + std::to_string(getpid()));
    fs::remove_all(dir);
    index_maple_tree(dir / "table");
    fs::copy(dir / "table", dir / "walks", fs::copy_options::recursive);
    fs::copy(dir / "table", dir / "terms", fs::copy_options::recursive);
    std::set<std::string> queries;
    for (int n = 0; n < 2; ++n) {
        std::string shard = "shard" + std::to_string(n);
        Xapian::WritableDatabase db((dir / "walks" / shard).string());
        db.set_metadata(store_detail::stem_table_key(), "");
        db.commit();
        Xapian::WritableDatabase old((dir / "terms" / shard).string());
        std::size_t i = 0;
        for (const auto& [stem, terms] : walked_terms(db)) {
            std::string entry;
            for (const auto& t : terms) {
                entry += (entry.empty() ? "" : "\n") + t;
                if (t.starts_with("S") || i++ % 7 == 0) queries.insert(word_of(t));
            }
            if (store_detail::stem_in_table(stem)) old.set_metadata("lkmine:stem:" + stem, entry);
        }
        old.commit();
    }
    for (const char* op : {"and", "or", "not", "xor", "near", "adj"}) // operators, not words
        queries.erase(op);
    auto with_table = StoreReader::open((dir / "table").string());
    auto with_terms = StoreReader::open((dir / "terms").string());
    auto with_walks = StoreReader::open((dir / "walks").string());
    ASSERT_TRUE(with_table.ok() && with_terms.ok() && with_walks.ok());
    ASSERT_GT(queries.size(), 300u);
    std::size_t matched = 0;
    for (const auto& w : queries)
        for (const std::string& q : {w, "s:" + w, "b:" + w, "q:" + w, "nq:" + w}) {
            auto a = test::search_ids(*with_walks, q);
            EXPECT_EQ(test::search_ids(*with_table, q), a) << q;
            EXPECT_EQ(test::search_ids(*with_terms, q), a) << q << " (table of terms)";
            matched += !a.empty();
        }
    EXPECT_GT(matched, queries.size()); // most words match somewhere
    fs::remove_all(dir);
}

} // namespace
} // namespace lkmine
