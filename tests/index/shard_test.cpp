// Sharded indexes on real mail (linux-fscrypt epoch): the same searches, threads and counts as
// one shard; resume after a kill between shard commits; remote shards through xapian-tcpsrv.
#include "core/git/repo.hpp"
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "tests/support/fscrypt_fixture.hpp"
#include "tests/support/search_ids.hpp"
#include "tests/support/tcp_shards.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

using test::build;
using test::fscrypt_items;
using test::index_range;
using test::Item;
using test::kMails;
using test::search_ids;
using test::TempDir;

const std::vector<std::string> kQueries = {"",
                                           "s:fscrypt",
                                           "f:ebiggers",
                                           "dfn:crypto",
                                           "b:\"encryption policy\"",
                                           "type:ghost",
                                           "l:linux-fscrypt",
                                           "s:\"PATCH v2\"",
                                           "nq:inode",
                                           "flag:patch",
                                           "dfb:fscrypt_context",
                                           "d:20190101..20200101"};

// What a user sees: search results, every mail's thread (as parent links, display order aside)
// and the counts.
struct Snapshot {
    std::map<std::string, std::set<std::string>> results;
    std::map<std::string, std::set<std::string>> threads; // mail -> "child<-parent" lines
    std::size_t mails = 0, threads_n = 0, ghosts = 0, duplicates = 0;
};

Snapshot snapshot(const std::string& dir) {
    Snapshot s;
    auto r = StoreReader::open(dir);
    EXPECT_TRUE(r.ok()) << r.error();
    if (!r) return s;
    for (const auto& q : kQueries)
        s.results[q] = search_ids(*r, q);
    for (const auto& id : s.results[""]) {
        auto t = r->thread(id);
        EXPECT_TRUE(t.ok()) << id;
        if (!t) continue;
        auto& lines = s.threads[id];
        for (const auto& e : t->entries)
            lines.insert(e.mail.message_id + "<-" +
                         (e.parent >= 0 ? t->entries[e.parent].mail.message_id : "") + " " +
                         std::to_string(e.depth));
    }
    StoreStats st = r->stats();
    s.mails = st.mails, s.threads_n = st.threads, s.ghosts = st.ghosts,
    s.duplicates = st.duplicates;
    return s;
}

void expect_same(const Snapshot& a, const Snapshot& b) {
    EXPECT_EQ(a.mails, b.mails);
    EXPECT_EQ(a.threads_n, b.threads_n);
    EXPECT_EQ(a.ghosts, b.ghosts);
    EXPECT_EQ(a.duplicates, b.duplicates);
    for (const auto& [q, res] : a.results)
        EXPECT_EQ(res, b.results.at(q)) << "query '" << q << "'";
    std::size_t differ = 0;
    for (const auto& [id, lines] : a.threads)
        if (!b.threads.count(id) || b.threads.at(id) != lines) ++differ;
    EXPECT_EQ(differ, 0u) << "mails whose thread tree differs";
}

const Snapshot& one_shard_snapshot() {
    static Snapshot s = [] {
        TempDir d("one");
        build(d.str(), 1, 0, fscrypt_items().size());
        return snapshot(d.str());
    }();
    return s;
}

TEST(Shards, TwoAndThreeShardsAnswerLikeOne) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    ASSERT_EQ(fscrypt_items().size(), kMails);
    const Snapshot& one = one_shard_snapshot();
    // The reference itself must be rich enough for the comparison to mean something.
    EXPECT_GT(one.mails, 1200u);
    EXPECT_LT(one.threads_n, one.mails / 2);
    EXPECT_GT(one.ghosts, 0u);
    for (const auto& q : {"s:fscrypt", "dfn:crypto", "f:ebiggers"})
        EXPECT_GT(one.results.at(q).size(), 50u) << q;
    for (unsigned n : {2u, 3u}) {
        TempDir d("n" + std::to_string(n));
        build(d.str(), n, 0, fscrypt_items().size());
        expect_same(one, snapshot(d.str()));
        auto shards = list_shards(d.str());
        ASSERT_EQ(shards.size(), n);
        std::size_t total = 0;
        for (const auto& s : shards) {
            EXPECT_TRUE(s.error.empty()) << s.error;
            // fnv1a(Message-ID) spreads documents evenly
            EXPECT_GT(s.documents, one.mails / n / 2) << s.name;
            total += s.documents;
        }
        EXPECT_EQ(total, one.mails + one.ghosts);
    }
}

TEST(Shards, CountIsFixedAtCreation) {
    TempDir d("fixed");
    ASSERT_TRUE(StoreWriter::open(d.str(), WriterOptions{2}).ok());
    auto again = StoreWriter::open(d.str(), WriterOptions{3});
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("has 2 shards"), std::string::npos) << again.error();
    auto keep = StoreWriter::open(d.str());
    ASSERT_TRUE(keep.ok()) << keep.error();
    EXPECT_EQ(keep->shard_count(), 2u);
}

// A kill after shard0 committed generation g+1 but before shard1 did: simulated exactly by
// putting back shard1's copy from generation g.
TEST(Shards, ResumeAfterOneShardMissedTheLastCommit) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const std::size_t n = fscrypt_items().size();
    TempDir d("lost");
    build(d.str(), 2, 0, 700);
    fs::path shard1 = fs::path(d.str()) / "shard1", saved = fs::path(d.str()) / "saved1";
    fs::copy(shard1, saved, fs::copy_options::recursive);
    {
        auto w = StoreWriter::open(d.str());
        ASSERT_TRUE(w.ok()) << w.error();
        index_range(*w, 700, 1100, 100000); // one commit, one generation
    }
    fs::remove_all(shard1);
    fs::rename(saved, shard1);
    {
        auto w = StoreWriter::open(d.str());
        ASSERT_TRUE(w.ok()) << w.error();
        EXPECT_EQ(w->source_state("test"), "700"); // the generation every shard has
        index_range(*w, std::stoul(w->source_state("test")), n, 400);
    }
    expect_same(one_shard_snapshot(), snapshot(d.str()));
}

// kill -9 at random moments while indexing with two shards, resume each time: the same mails,
// threads and counts as a clean run.
TEST(Shards, KillNineAtRandomMomentsThenResume) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const std::size_t n = fscrypt_items().size();
    TempDir d("kill");
    std::mt19937 rng(std::random_device{}());
    int killed = 0;
    for (int round = 0; round < 4; ++round) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            auto w = StoreWriter::open(d.str(), WriterOptions{2});
            if (!w) _exit(2);
            std::size_t from = std::stoul("0" + w->source_state("test"));
            for (std::size_t i = from; i < n; ++i) {
                const Item& it = fscrypt_items()[i];
                if (it.deletion) {
                    if (!w->remove(it.msg)) _exit(3);
                } else if (!w->add(StoreWriter::prepare(it.msg, it.raw, {"linux-fscrypt"}))) {
                    _exit(3);
                }
                if ((i + 1) % 150 == 0 || i + 1 == n) {
                    w->set_source_state("test", std::to_string(i + 1));
                    if (!w->commit()) _exit(4);
                }
            }
            _exit(0);
        }
        auto delay = std::uniform_int_distribution<int>(100, 1500)(rng);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        if (kill(pid, SIGKILL) == 0) ++killed;
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status)) {
            ASSERT_EQ(WEXITSTATUS(status), 0);
        }
    }
    {
        auto w = StoreWriter::open(d.str());
        ASSERT_TRUE(w.ok()) << w.error();
        index_range(*w, std::stoul("0" + w->source_state("test")), n, 400);
    }
    EXPECT_GT(killed, 0);
    expect_same(one_shard_snapshot(), snapshot(d.str()));
}

TEST(Shards, RemoteShardThroughXapianTcpsrvAnswersLikeLocal) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    if (!test::have_xapian_tcpsrv()) GTEST_SKIP() << "xapian-tcpsrv (xapian-tools) not installed";
    signal(SIGPIPE, SIG_IGN); // Xapian's remote client writes to sockets a server may close
    TempDir a("remote-a"), b("remote-b"), local("remote-local");
    build(a.str(), 2, 0, 750);
    build(b.str(), 2, 750, 1500);
    // The reference: the same four shards opened locally through a stub.
    fs::create_directories(local.str());
    {
        std::ofstream stub(fs::path(local.str()) / "XAPIANDB");
        for (const auto& d : {a.str(), b.str()})
            for (int i = 0; i < 2; ++i)
                stub << "auto " << d << "/shard" << i << "\n";
    }
    test::TcpServer server({b.str() + "/shard0", b.str() + "/shard1"});
    std::string where = server.address();
    Status added = make_error("not tried");
    for (int i = 0; i < 100 && !added; ++i) { // the server needs a moment to listen
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        added = add_remote_shard(a.str(), where);
    }
    ASSERT_TRUE(added.ok()) << added.error();
    EXPECT_FALSE(add_remote_shard(a.str(), where).ok()); // already there

    auto shards = list_shards(a.str());
    ASSERT_EQ(shards.size(), 3u);
    EXPECT_TRUE(shards[2].remote);
    EXPECT_TRUE(shards[2].error.empty()) << shards[2].error;

    auto remote = StoreReader::open(a.str());
    auto near = StoreReader::open(local.str());
    ASSERT_TRUE(remote.ok()) << remote.error();
    ASSERT_TRUE(near.ok()) << near.error();
    auto all = search_ids(*near, "");
    EXPECT_GT(all.size(), 1200u);
    for (const auto& q : kQueries) {
        // A phrase over quoted text and diff lines is checked on the mails' text, which only
        // a local shard can do (phrase_check.cpp): with a remote shard b:"a b" covers own text
        // only, a subset of the local answer.
        if (q == "b:\"encryption policy\"") {
            auto r = search_ids(*remote, q), n = search_ids(*near, q);
            EXPECT_TRUE(std::includes(n.begin(), n.end(), r.begin(), r.end())) << q;
            EXPECT_FALSE(r.empty()) << q;
            continue;
        }
        EXPECT_EQ(search_ids(*remote, q), search_ids(*near, q)) << "query '" << q << "'";
    }
    // A mail only the remote shard holds is readable whole, with its thread.
    const Item& late = fscrypt_items()[1300];
    auto got = remote->get(late.msg.message_id);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(got->raw, late.raw);
    auto t1 = remote->thread(late.msg.message_id), t2 = near->thread(late.msg.message_id);
    ASSERT_TRUE(t1.ok() && t2.ok());
    EXPECT_EQ(t1->entries.size(), t2->entries.size());
}

TEST(Shards, CompactKeepsEveryDocumentAndShrinks) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    TempDir d("compact");
    build(d.str(), 2, 0, 600);
    auto before = list_shards(d.str());
    auto ids_before = [&] {
        auto r = StoreReader::open(d.str());
        return search_ids(*r, "s:fscrypt");
    }();
    std::vector<std::string> notes;
    Status st = compact_index(d.str(), [&](const std::string& l) { notes.push_back(l); });
    ASSERT_TRUE(st.ok()) << st.error();
    EXPECT_EQ(notes.size(), 2u);
    auto after = list_shards(d.str());
    ASSERT_EQ(after.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(after[i].documents, before[i].documents);
        EXPECT_LT(after[i].bytes, before[i].bytes);
    }
    auto r = StoreReader::open(d.str());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(search_ids(*r, "s:fscrypt"), ids_before);
    EXPECT_FALSE(fs::exists(fs::path(d.str()) / "shard0.compact"));
    // Another writer holds the lock: compaction refuses instead of racing it.
    auto w = StoreWriter::open(d.str());
    ASSERT_TRUE(w.ok());
    EXPECT_FALSE(compact_index(d.str(), {}).ok());
}

} // namespace
} // namespace lkmine
