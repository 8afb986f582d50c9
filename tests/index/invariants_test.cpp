// Index invariants (schema.hpp) on a real index: the project's sample archive, the maple-tree
// thread and the seeds, with the syzbot stage and the link stage (the kernel-sample commits) run.
// Every document has one type term and one key term, a mail or ghost at most one thread term, and
// every term a prefix of the schema, and every mail a result line that agrees with its record.
#include "core/index/detail/xapian.hpp"
#include "core/index/schema.hpp"
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/syzbot_stage.hpp"
#include "tests/support/git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

void add_dir(StoreWriter& w, const fs::path& dir, std::size_t& added) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() != ".tsv" && e.path().extension() != ".md")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        RawMessage raw{test::read_file(f), {f.string(), ""}};
        auto r = w.add(parse_message(raw), raw.bytes, {});
        ASSERT_TRUE(r.ok()) << f << ": " << r.error();
        ++added;
    }
}

TEST(IndexInvariants, EveryDocumentKeepsTheSchema) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    fs::path dir = fs::temp_directory_path() / ("lkmine-invariants-" + std::to_string(getpid()));
    fs::remove_all(dir);
    std::size_t added = 0;
    {
        auto w = StoreWriter::open(dir.string(), WriterOptions{2});
        ASSERT_TRUE(w.ok()) << w.error();
        add_dir(*w, fs::path(LKMINE_SOURCE_DIR) / "corpora/lore-sample/mails", added);
        add_dir(*w, test::shared_corpora() / "maple-tree-thread", added);
        add_dir(*w, test::shared_corpora() / "seeds", added);
        ASSERT_TRUE(w->commit().ok());
    }
    ASSERT_GT(added, 50u);
    auto stage = update_syzbot_index(dir.string(), {});
    ASSERT_TRUE(stage.ok()) << stage.error();
    ASSERT_GT(stage->bugs, 0u); // the sample's syzbot report: report documents are checked too
    // The sample kernel's commits: commit documents (XREF, XNS, XFIXES, ...) are checked too.
    const fs::path repo = dir.string() + "-kernel";
    fs::remove_all(repo);
    auto built = test::sh(LKMINE_SOURCE_DIR, "bash corpora/build-kernel-sample.sh '" +
                                                 repo.string() + "' >/dev/null 2>&1");
    ASSERT_EQ(built.status, 0) << "build-kernel-sample.sh failed";
    LinkStageOptions lo;
    lo.git = repo.string();
    auto linked = update_link_index(dir.string(), lo);
    ASSERT_TRUE(linked.ok()) << linked.error();
    fs::remove_all(repo);

    Xapian::Database db = store_detail::open_shards(dir.string());
    std::map<std::string, std::size_t> by_type;
    std::size_t lines = 0;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Xapian::Document doc = db.get_document(*p);
        std::vector<std::string> types, keys, threads, unknown;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            std::string_view prefix = term_prefix_of(term);
            if (prefix.empty()) unknown.push_back(term);
            if (prefix == term::type) types.push_back(term);
            // A copy (same Message-ID, other content) is keyed by XCOPY, never by Q.
            if (prefix == term::id || prefix == store_detail::kCopyKeyPrefix) keys.push_back(term);
            if (prefix == term::thread) threads.push_back(term);
        }
        ASSERT_EQ(types.size(), 1u) << "document " << *p;
        EXPECT_EQ(keys.size(), 1u) << "document " << *p << " " << types[0];
        if (types[0] == "Tmail" || types[0] == "Tghost") {
            EXPECT_LE(threads.size(), 1u) << "document " << *p;
        }
        // A mail's result line (what search shows) says what its record and thread say, after
        // thread merges, copies and duplicate flags rewrote them.
        if (types[0] == "Tmail") {
            store_detail::DocRecord rec;
            ASSERT_TRUE(store_detail::decode_record(doc.get_data(), rec, false));
            rec.summary.thread_id = doc.get_value(slot::thread);
            EXPECT_EQ(doc.get_value(slot::line), store_detail::encode_line(rec.summary))
                << "document " << *p << " <" << rec.summary.message_id << ">";
            ++lines;
        }
        EXPECT_TRUE(unknown.empty()) << "document " << *p << " " << types[0]
                                     << ": term outside the schema: " << unknown.front();
        ++by_type[types[0]];
    }
    EXPECT_GT(by_type["Tmail"], 50u);
    EXPECT_EQ(lines, by_type["Tmail"]);
    EXPECT_GT(by_type["Tghost"], 0u);
    EXPECT_GT(by_type["Treport"], 0u);
    EXPECT_GT(by_type["Tcommit"], 5u);

    auto reader = StoreReader::open(dir.string());
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader->stats().schema, kSchemaVersion);
    fs::remove_all(dir);
}

// Rewrites every shard of `dir` as an older lkmine left it: `keep(values)` the pair value of
// slot::pairs from the values of every pair slot (schema 8's) one after the other ("": none, and
// the other slots emptied; `keep` null: the values as they are), the schema set to `schema`.
// Returns the number of mails with pairs.
std::size_t downgrade(const fs::path& dir, const char* schema,
                      std::string (*keep)(const std::string&)) {
    const unsigned slots[] = {slot::pairs, slot::pairs_dfa, slot::pairs_dfb, slot::pairs_dfctx,
                              slot::pairs_dfhh};
    std::size_t had = 0;
    for (const char* shard : {"shard0", "shard1"}) {
        Xapian::WritableDatabase db((dir / shard).string());
        for (auto p = db.postlist_begin(""); keep && p != db.postlist_end(""); ++p) {
            Xapian::Document doc = db.get_document(*p);
            std::string all;
            for (unsigned s : slots) {
                std::string v = doc.get_value(s);
                if (v.empty()) continue;
                all += v;
                doc.remove_value(s);
            }
            if (all.empty()) continue;
            ++had;
            all = keep(all);
            if (!all.empty()) doc.add_value(slot::pairs, all);
            db.replace_document(*p, doc);
        }
        db.set_metadata(store_detail::kSchemaKey, schema);
        db.commit();
    }
    return had;
}

// Schema 7's value of a schema 8 one: the distinct pair hashes (6 bytes each) in the order of
// their first occurrence, without the 0s that cut chains.
std::string distinct_pairs(const std::string& run) {
    std::set<std::string> seen;
    std::string out;
    for (std::size_t p = 0; p + 6 <= run.size(); p += 6) {
        std::string h = run.substr(p, 6);
        if (h == std::string(6, '\0') || !seen.insert(h).second) continue;
        out += h;
    }
    return out;
}

// A phrase over quoted text or diff lines gets the same results from an index of schema 8 (its
// pairs in text order decide), of schema 7 (distinct pairs: three words or more are checked on
// the mail's text), of schema 7 with mails of schema 8 and of schema 5 (no pairs: every
// candidate checked on the text).
TEST(IndexInvariants, PhrasesOfOlderSchemasAsBefore) {
    fs::path dir = fs::temp_directory_path() / ("lkmine-nopairs-" + std::to_string(getpid()));
    fs::remove_all(dir);
    const std::string mails[] = {
        "From: A <a@example.com>\nSubject: Re: x\nMessage-ID: <q1@example.com>\n"
        "Date: Mon, 4 Jul 2022 10:00:00 +0000\n\n> We hit a data\n> race in the writer.\n\n"
        "Mine.\n\n> heap spray then spray kills\n\n> > a use after\n> free, then a use\n"
        "> after that, after free\n",
        "From: B <b@example.com>\nSubject: [PATCH] x\nMessage-ID: <d1@example.com>\n"
        "Date: Mon, 4 Jul 2022 11:00:00 +0000\n\nFix.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n"
        "+++ b/x.c\n@@ -1,2 +1,3 @@ static int data_fn(void)\n-\tint data; int x; /* race */\n"
        "+\t/* no data race now */\n+\tnow free it; /* data race */\n \treturn 0;\n",
    };
    {
        auto w = StoreWriter::open(dir.string(), WriterOptions{2});
        ASSERT_TRUE(w.ok()) << w.error();
        for (const auto& raw : mails)
            ASSERT_TRUE(w->add(parse_message(RawMessage{raw, {"t", ""}, {}}), raw, {}).ok());
        ASSERT_TRUE(w->commit().ok());
    }
    const char* queries[] = {"q:\"data race\"",
                             "b:\"data race\"",
                             "nq:\"data race\"",
                             "dfa:\"data race\"",
                             "q:\"heap spray kills\"",
                             "q:\"spray kills\"",
                             "q:\"race in the writer\"",
                             "dfb:\"no data race\"",
                             "q:\"use after free\"",
                             "q:\"free then a use\"",
                             "dfb:\"race now free\"",
                             "dfb:\"now free it\"",
                             "dfb:\"data race now free\"",
                             "q:\"spray then spray\""};
    auto results = [&] {
        std::vector<std::size_t> out;
        auto r = StoreReader::open(dir.string());
        EXPECT_TRUE(r.ok()) << r.error();
        if (!r.ok()) return out;
        for (const char* q : queries) {
            auto page = r->search(q, {});
            EXPECT_TRUE(page.ok()) << q << ": " << page.error();
            out.push_back(page.ok() ? page->results.size() : 99);
        }
        return out;
    };
    const std::vector<std::size_t> in_order = results();
    EXPECT_EQ(in_order, (std::vector<std::size_t>{1, 2, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1}));
    // A schema 7 index a newer lkmine added mails to: their pairs in order, in four slots.
    downgrade(dir, "7", nullptr);
    EXPECT_EQ(results(), in_order);
    EXPECT_EQ(downgrade(dir, "7", distinct_pairs), 2u); // both mails have pairs
    EXPECT_EQ(results(), in_order);
    EXPECT_EQ(downgrade(dir, "5", [](const std::string&) { return std::string(); }), 2u);
    EXPECT_EQ(results(), in_order);
    fs::remove_all(dir);
}

} // namespace
} // namespace lkmine
