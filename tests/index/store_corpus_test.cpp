// The store on real mail: the maple-tree LKML thread (22 .eml files) indexed and threaded.
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

struct Row {
    std::string file, message_id, subject, in_reply_to;
};

std::string strip(std::string s) {
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
    return s;
}

// INDEX.tsv: file, message_id, date, from, subject, in_reply_to, read_file_id.
std::vector<Row> read_index(const fs::path& p) {
    std::istringstream in(test::read_file(p));
    std::string line;
    std::getline(in, line);
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::size_t b = 0;
        for (std::size_t e; (e = line.find('\t', b)) != std::string::npos; b = e + 1)
            f.push_back(line.substr(b, e - b));
        f.push_back(line.substr(b));
        if (f.size() >= 6) rows.push_back({f[0], strip(f[1]), f[4], strip(f[5])});
    }
    return rows;
}

TEST(StoreCorpus, MapleTreeThreadParentsFollowInReplyTo) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    fs::path base = test::shared_corpora() / "maple-tree-thread";
    auto rows = read_index(base / "INDEX.tsv");
    ASSERT_EQ(rows.size(), 22u);
    fs::path dir = fs::temp_directory_path() / ("lkmine-corpus-" + std::to_string(getpid()));
    fs::remove_all(dir);
    {
        auto w = StoreWriter::open(dir.string());
        ASSERT_TRUE(w.ok()) << w.error();
        for (const auto& r : rows) {
            RawMessage raw{test::read_file(base / r.file), {r.file, ""}};
            Message m = parse_message(raw);
            ASSERT_EQ(m.message_id, r.message_id) << r.file;
            auto added = w->add(m, raw.bytes, {"linux-mm.kvack.org"});
            ASSERT_TRUE(added.ok()) << added.error();
            EXPECT_EQ(*added, AddOutcome::added) << r.file;
        }
        ASSERT_TRUE(w->commit().ok());
    }
    auto reader = StoreReader::open(dir.string());
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(reader->stats().mails, 22u);
    std::map<std::string, std::string> subject_of;
    for (const auto& r : rows)
        subject_of[r.message_id] = r.subject;
    int checked = 0;
    for (const auto& r : rows) {
        auto t = reader->thread(r.message_id);
        ASSERT_TRUE(t.ok()) << t.error();
        int me = -1;
        for (std::size_t i = 0; i < t->entries.size(); ++i)
            if (t->entries[i].mail.message_id == r.message_id) me = static_cast<int>(i);
        ASSERT_GE(me, 0) << r.file;
        EXPECT_EQ(t->entries[me].mail.subject, r.subject);
        if (r.in_reply_to.empty() || !subject_of.count(r.in_reply_to)) continue;
        int parent = t->entries[me].parent;
        ASSERT_GE(parent, 0) << r.file << " should sit under " << r.in_reply_to;
        EXPECT_EQ(t->entries[parent].mail.message_id, r.in_reply_to) << r.file;
        ++checked;
    }
    EXPECT_GE(checked, 15);
    auto page = reader->search("s:maple_tree f:liam.howlett@oracle.com l:linux-mm.kvack.org", {});
    ASSERT_TRUE(page.ok()) << page.error();
    EXPECT_GT(page->results.size(), 3u);
    for (const auto& m : page->results)
        EXPECT_EQ(m.from.email, "liam.howlett@oracle.com");
    fs::remove_all(dir);
}

} // namespace
} // namespace lkmine
