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

} // namespace
} // namespace lkmine
