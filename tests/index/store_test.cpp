// The Xapian store: searching by every prefix, threads in every order of arrival, dedup, resume
// state.
#include "core/index/copies.hpp"
#include "core/index/store.hpp"
#include "core/patch/diff.hpp"
#include "tests/support/search_ids.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, on tmpfs when there is one (commits fsync).
class TempDir {
  public:
    TempDir() {
        fs::path base = fs::is_directory("/dev/shm") && access("/dev/shm", W_OK) == 0
                            ? fs::path("/dev/shm")
                            : fs::temp_directory_path();
        static int n = 0;
        path_ =
            base / ("lkmine-store-test-" + std::to_string(getpid()) + "-" + std::to_string(n++));
        fs::remove_all(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string str() const { return path_.string(); }

  private:
    fs::path path_;
};

Message make(std::string id, std::string subject, std::int64_t date,
             std::vector<std::string> refs = {}, std::string body = "Hello.\n") {
    Message m;
    m.message_id = std::move(id);
    m.subject = subject;
    m.subject_info.clean = subject;
    m.date.epoch = date;
    m.date.valid = true;
    m.date_text = "2024-01-01T00:00:00+00:00";
    m.references = std::move(refs);
    if (!m.references.empty()) m.in_reply_to = m.references.back();
    m.from = {"Some One", "some.one@example.org"};
    m.body_text = std::move(body);
    m.origin = {"test.mbox", std::to_string(date)};
    return m;
}

std::string raw_of(const Message& m) {
    return "Message-ID: <" + m.message_id + ">\n\n" + m.body_text;
}

StoreReader reader(const TempDir& d) {
    auto r = StoreReader::open(d.str());
    EXPECT_TRUE(r.ok()) << r.error();
    return std::move(*r);
}

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>; // what a search finds
using test::search_ids;

// A patch mail as git send-email writes it, and a reply quoting it.
Message patch_mail() {
    std::string diff = "diff --git a/fs/ext4/super.c b/fs/ext4/super.c\n"
                       "index 1234567..89abcde 100644\n"
                       "--- a/fs/ext4/super.c\n"
                       "+++ b/fs/ext4/super.c\n"
                       "@@ -10,3 +10,3 @@ static int ext4_fill_super(struct super_block *sb)\n"
                       " \tint err;\n"
                       "-\terr = old_replay_call(sb);\n"
                       "+\terr = jbd2_journal_replay_fixed(sb);\n"
                       " \treturn err;\n";
    Message m = make("20240105.patch@suse.cz", "[PATCH v2 1/3] ext4: fix journal replay",
                     1704412800, {"20240105.cover@suse.cz"},
                     "This fixes a deadlock in the replay path.\n\n"
                     "Fixes: 0123456789ab (\"ext4: old\")\n"
                     "Reviewed-by: Ritesh Harjani <ritesh.list@gmail.com>\n"
                     "Reported-by: syzbot+abc123def@syzkaller.appspotmail.com\n"
                     "Signed-off-by: Jan Kara <jack@suse.cz>\n---\n" +
                         diff);
    m.subject_info = {{"PATCH"}, 2, 1, 3, false, true, "ext4: fix journal replay"};
    m.from = {"Jan Kara", "jack@suse.cz"};
    m.to = {{"", "linux-ext4@vger.kernel.org"}};
    m.cc = {{"Theodore Ts'o", "tytso@mit.edu"}};
    m.list_ids = {"linux-ext4.vger.kernel.org"};
    m.trailers = {{"Fixes", "0123456789ab (\"ext4: old\")"},
                  {"Reviewed-by", "Ritesh Harjani <ritesh.list@gmail.com>"},
                  {"Reported-by", "syzbot+abc123def@syzkaller.appspotmail.com"},
                  {"Signed-off-by", "Jan Kara <jack@suse.cz>"}};
    m.patches = find_patches(m.body_text, "inline");
    return m;
}

Message reply_mail() {
    Message m = make("reply.1@mit.edu", "Re: [PATCH v2 1/3] ext4: fix journal replay", 1704499200,
                     {"20240105.cover@suse.cz", "20240105.patch@suse.cz"},
                     "> This fixes a deadlock zebra in the replay path.\n\nLooks good, applied.\n");
    m.subject_info.is_reply = true;
    m.from = {"Theodore Ts'o", "tytso@mit.edu"};
    m.list_ids = {"linux-ext4.vger.kernel.org"};
    return m;
}

class StoreSearch : public ::testing::Test {
  protected:
    void SetUp() override {
        auto w = StoreWriter::open(dir_.str());
        ASSERT_TRUE(w.ok()) << w.error();
        auto p = patch_mail(), r = reply_mail();
        ASSERT_EQ(p.patches.size(), 1u) << "diff.cpp did not find the inline patch";
        ASSERT_EQ(*w->add(p, raw_of(p), {}), AddOutcome::added);
        ASSERT_EQ(*w->add(r, raw_of(r), {}), AddOutcome::added);
        ASSERT_TRUE(w->commit().ok());
    }
    TempDir dir_;
};

const std::string kPatch = "20240105.patch@suse.cz", kReply = "reply.1@mit.edu";

TEST_F(StoreSearch, SubjectWordsAndPhrases) {
    auto r = reader(dir_);
    EXPECT_EQ(search_ids(r, "s:journal"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "s:\"journal replay\""), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "s:\"replay journal\""), IdSet{});
    EXPECT_EQ(search_ids(r, "s:jour*"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "s:re"), IdSet{kReply});
}

TEST_F(StoreSearch, Addresses) {
    auto r = reader(dir_);
    EXPECT_EQ(search_ids(r, "f:jack@suse.cz"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "f:Jack@SUSE.cz"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "f:kara"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "f:\"Jan Kara\""), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "f:ka*"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "t:linux-ext4@vger.kernel.org"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "c:tytso@mit.edu"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "a:tytso@mit.edu"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "f:tytso f:kara"), IdSet{});
    EXPECT_EQ(search_ids(r, "rb:ritesh.list@gmail.com"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "ab:ritesh.list@gmail.com"), IdSet{});
}

TEST_F(StoreSearch, BodyQuotedAndUnquoted) {
    auto r = reader(dir_);
    EXPECT_EQ(search_ids(r, "b:deadlock"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "nq:deadlock"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "q:deadlock"), IdSet{kReply});
    EXPECT_EQ(search_ids(r, "q:zebra"), IdSet{kReply});
    EXPECT_EQ(search_ids(r, "nq:zebra"), IdSet{});
    EXPECT_EQ(search_ids(r, "nq:\"looks good\""), IdSet{kReply});
    EXPECT_EQ(search_ids(r, "bs:applied"), IdSet{kReply});
    EXPECT_EQ(search_ids(r, "deadlock replay"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "journal AND NOT applied"), IdSet{kPatch});
    // As on lore, nq: (and b:) is the non-quoted body: prose and the diff; q: is not.
    EXPECT_EQ(search_ids(r, "nq:old_replay_call"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "q:old_replay_call"), IdSet{});
}

TEST_F(StoreSearch, DiffTerms) {
    auto r = reader(dir_);
    EXPECT_EQ(search_ids(r, "dfn:fs/ext4/super.c"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfn:super.c"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfn:fs/ext4/*"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfn:inode.c"), IdSet{});
    EXPECT_EQ(search_ids(r, "dfa:old_replay_call"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfb:old_replay_call"), IdSet{});
    EXPECT_EQ(search_ids(r, "dfb:jbd2_journal_replay_fixed"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfctx:err"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfhh:ext4_fill_super"), IdSet{kPatch});
    // Mails abbreviate blob ids; a full id from git finds them, and so does a shorter one.
    EXPECT_EQ(search_ids(r, "dfpre:1234567890abcdef1234567890abcdef12345678"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfpost:89abcde"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "dfpost:1234567"), IdSet{});
    auto pid = patch_mail().patches.at(0).patch_id;
    ASSERT_EQ(pid.size(), 40u);
    EXPECT_EQ(search_ids(r, "patchid:" + pid), IdSet{kPatch});
}

TEST_F(StoreSearch, IdsListsSeriesAndTrailers) {
    auto r = reader(dir_);
    EXPECT_EQ(search_ids(r, "m:<20240105.patch@suse.cz>"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "mid:20240105.patch@suse.cz"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "l:linux-ext4.vger.kernel.org"), (IdSet{kPatch, kReply}));
    EXPECT_EQ(search_ids(r, "l:linux-mm.kvack.org"), IdSet{});
    EXPECT_EQ(search_ids(r, "v:2"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "v:1"), IdSet{});
    EXPECT_EQ(search_ids(r, "series:<20240105.cover@suse.cz>"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "fixes:0123456789abcdef0123456789abcdef01234567"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "syz:syzbot+abc123def"), IdSet{kPatch});
    EXPECT_EQ(search_ids(r, "flag:patch"), IdSet{kPatch});
    // The cover letter was never seen: it is a ghost, found only when asked for by type.
    EXPECT_EQ(search_ids(r, "m:20240105.cover@suse.cz"), IdSet{});
    EXPECT_EQ(search_ids(r, "type:ghost"), IdSet{"20240105.cover@suse.cz"});
    auto p = r.get(kPatch);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(search_ids(r, "thread:" + p->summary.thread_id), (IdSet{kPatch, kReply}));
}

TEST_F(StoreSearch, EmptyQueryListsMailsNewestFirst) {
    auto r = reader(dir_);
    for (std::string q : {"", "*", "  "}) {
        auto page = r.search(q, {});
        ASSERT_TRUE(page.ok());
        ASSERT_EQ(page->results.size(), 2u) << q;
        EXPECT_EQ(page->results[0].message_id, kReply);
        EXPECT_EQ(page->results[1].subject, "[PATCH v2 1/3] ext4: fix journal replay");
        EXPECT_EQ(page->results[1].from.email, "jack@suse.cz");
        EXPECT_EQ(page->results[1].patches, 1);
        EXPECT_EQ(page->results[1].lists, Ids{"linux-ext4.vger.kernel.org"});
        EXPECT_EQ(page->results[1].subject_info.revision, 2);
    }
    SearchOptions one;
    one.threads = true;
    auto page = r.search("", one);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->results.size(), 1u);
    SearchOptions second;
    second.limit = 1;
    second.offset = 1;
    page = r.search("", second);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->results.size(), 1u);
    EXPECT_EQ(page->results[0].message_id, kPatch);
}

TEST_F(StoreSearch, BadQueriesAreErrors) {
    auto r = reader(dir_);
    auto q = r.search("foo:bar", {});
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.error().find("unknown prefix 'foo:'"), std::string::npos) << q.error();
    q = r.search("d:xyz..", {});
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.error().find("bad date 'xyz' in d:"), std::string::npos) << q.error();
    q = r.search("dfpre:zz", {});
    ASSERT_FALSE(q.ok());
    // A prefix inside a phrase is just text.
    EXPECT_TRUE(r.search("\"foo:bar\"", {}).ok());
}

TEST_F(StoreSearch, ThreadShowsGhostRootJoiningNothingAndStoredRaw) {
    auto r = reader(dir_);
    auto t = r.thread(kReply);
    ASSERT_TRUE(t.ok()) << t.error();
    // The reply's References put the patch under the cover letter no source holds: the cover
    // is shown as a ghost, even with one child.
    ASSERT_EQ(t->entries.size(), 3u);
    EXPECT_EQ(t->entries[0].mail.message_id, "20240105.cover@suse.cz");
    EXPECT_TRUE(t->entries[0].mail.ghost);
    EXPECT_EQ(t->entries[1].mail.message_id, kPatch);
    EXPECT_EQ(t->entries[1].depth, 1);
    EXPECT_EQ(t->entries[2].mail.message_id, kReply);
    EXPECT_EQ(t->entries[2].depth, 2);
    EXPECT_EQ(t->entries[2].parent, 1);
    auto m = r.get(kPatch);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->raw, raw_of(patch_mail()));
    EXPECT_EQ(m->origin, "test.mbox:1704412800");
    EXPECT_FALSE(r.get("nope@nowhere").ok());
}

TEST(StoreDates, RangesAbsoluteAndRelative) {
    TempDir dir;
    std::int64_t now = std::time(nullptr);
    {
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w.ok());
        for (auto m : {make("jan@x", "january", 1704067200),  // 2024-01-01 00:00:00
                       make("feb@x", "february", 1707955200), // 2024-02-15 00:00:00
                       make("mar@x", "march", 1711929599),    // 2024-03-31 23:59:59
                       make("recent@x", "recent", now - 3 * 86400)})
            ASSERT_TRUE(w->add(m, raw_of(m), {}).ok());
        ASSERT_TRUE(w->commit().ok());
    }
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, "d:20240101..20240131"), IdSet{"jan@x"});
    EXPECT_EQ(search_ids(r, "d:2024-02-01..2024-03-31"), (IdSet{"feb@x", "mar@x"}));
    EXPECT_EQ(search_ids(r, "d:..20240331"), (IdSet{"feb@x", "jan@x", "mar@x"}));
    EXPECT_EQ(search_ids(r, "d:20240331"), IdSet{"mar@x"});
    EXPECT_EQ(search_ids(r, "dt:20240331235959.."), (IdSet{"mar@x", "recent@x"}));
    EXPECT_EQ(search_ids(r, "dt:20240101000001..20240331235958"), IdSet{"feb@x"});
    EXPECT_EQ(search_ids(r, "d:1.week.ago.."), IdSet{"recent@x"});
    EXPECT_EQ(search_ids(r, "d:last.week"), IdSet{"recent@x"});
    EXPECT_EQ(search_ids(r, "d:..2.days.ago s:recent"), IdSet{"recent@x"});
    EXPECT_EQ(search_ids(r, "d:..4.days.ago s:recent"), IdSet{});
}

// Expected thread of each mail: the connected component of the reference graph among the
// mails added so far (ids that were only referenced join components but are not members).
std::map<std::string, std::set<std::string>> components(const std::vector<Message>& added) {
    std::map<std::string, std::string> parent;
    auto find = [&](std::string x) {
        if (!parent.count(x)) parent[x] = x;
        while (parent[x] != x)
            x = parent[x];
        return x;
    };
    for (const auto& m : added) {
        auto me = find(m.message_id);
        for (const auto& r : m.references)
            parent[find(r)] = me = find(me);
    }
    std::map<std::string, std::set<std::string>> by_root, out;
    for (const auto& m : added)
        by_root[find(m.message_id)].insert(m.message_id);
    for (const auto& m : added)
        out[m.message_id] = by_root[find(m.message_id)];
    return out;
}

std::set<std::string> thread_members(StoreReader& r, const std::string& id) {
    auto t = r.thread(id);
    EXPECT_TRUE(t.ok()) << t.error();
    std::set<std::string> out;
    if (t)
        for (const auto& e : t->entries)
            if (!e.mail.ghost) out.insert(e.mail.message_id);
    return out;
}

std::string render(const ThreadTree& t) {
    std::string out;
    for (const auto& e : t.entries)
        out += std::string(e.depth, ' ') + e.mail.message_id + (e.mail.ghost ? "?" : "") + "\n";
    return out;
}

TEST(StoreThreads, EveryOrderOfArrivalGivesTheReferenceComponents) {
    // R <- A <- B; X (replying to R) arrives in any order, and C only names X, so C joins
    // R's thread only once X is there: before that, C's thread holds the ghost X.
    std::vector<Message> mails{make("R@x", "root", 1), make("A@x", "Re: root", 2, {"R@x"}),
                               make("B@x", "Re: root", 3, {"R@x", "A@x"}),
                               make("X@x", "Re: root", 4, {"R@x"}),
                               make("C@x", "Re: root", 5, {"X@x"})};
    std::vector<int> perm{0, 1, 2, 3, 4};
    int orders = 0;
    do {
        TempDir dir;
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w.ok()) << w.error();
        std::vector<Message> added;
        for (int i : perm) {
            ASSERT_EQ(*w->add(mails[i], raw_of(mails[i]), {}), AddOutcome::added);
            ASSERT_TRUE(w->commit().ok());
            added.push_back(mails[i]);
            auto r = reader(dir);
            for (const auto& [id, want] : components(added))
                ASSERT_EQ(thread_members(r, id), want) << "order #" << orders << " at " << id;
        }
        auto r = reader(dir);
        auto t = r.thread("C@x");
        ASSERT_TRUE(t.ok());
        EXPECT_EQ(render(*t), "R@x\n A@x\n  B@x\n X@x\n  C@x\n") << "order #" << orders;
        EXPECT_EQ(r.stats().threads, 1u);
        EXPECT_EQ(r.stats().ghosts, 0u);
        ++orders;
    } while (std::next_permutation(perm.begin(), perm.end()));
    EXPECT_EQ(orders, 120);
}

TEST(StoreThreads, MissingRootKeepsSiblingsTogetherUntilItArrives) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto a = make("a@x", "Re: q", 2, {"root@x"}), b = make("b@x", "Re: q", 3, {"root@x"});
    auto other = make("other@x", "unrelated", 4);
    for (const auto* m : {&a, &b, &other})
        ASSERT_TRUE(w->add(*m, raw_of(*m), {}).ok());
    ASSERT_TRUE(w->commit().ok());
    {
        auto r = reader(dir);
        auto t = r.thread("a@x");
        ASSERT_TRUE(t.ok());
        EXPECT_EQ(render(*t), "root@x?\n a@x\n b@x\n");
        EXPECT_EQ(r.stats().ghosts, 1u);
        EXPECT_EQ(r.stats().mails, 3u);
        EXPECT_EQ(r.stats().threads, 2u);
    }
    auto root = make("root@x", "q", 1);
    ASSERT_EQ(*w->add(root, raw_of(root), {}), AddOutcome::added);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    auto t = r.thread("b@x");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(render(*t), "root@x\n a@x\n b@x\n");
    EXPECT_EQ(t->entries[0].mail.subject, "q");
    EXPECT_EQ(r.stats().ghosts, 0u);
    EXPECT_EQ(thread_members(r, "other@x"), std::set<std::string>{"other@x"});
}

TEST(StoreDedup, CrossPostIsOneMailOnEveryList) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto m = make("x@y", "cross", 1);
    m.list_ids = {"linux-mm.kvack.org"};
    ASSERT_EQ(*w->add(m, raw_of(m), {}), AddOutcome::added);
    m.list_ids = {"linux-fsdevel.vger.kernel.org"};
    ASSERT_EQ(*w->add(m, raw_of(m) + "X-Other-List: yes\n", {"extra.list.org"}),
              AddOutcome::duplicate_same);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, "l:linux-mm.kvack.org"), IdSet{"x@y"});
    EXPECT_EQ(search_ids(r, "l:linux-fsdevel.vger.kernel.org"), IdSet{"x@y"});
    EXPECT_EQ(search_ids(r, "l:extra.list.org"), IdSet{"x@y"});
    auto got = r.get("x@y");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->summary.lists,
              (Ids{"linux-mm.kvack.org", "linux-fsdevel.vger.kernel.org", "extra.list.org"}));
    EXPECT_EQ(got->raw, raw_of(m)); // the first copy's bytes
    EXPECT_TRUE(got->other_copies.empty());
    EXPECT_EQ(r.stats().mails, 1u);
    EXPECT_EQ(r.stats().duplicates, 0u);
}

// A second mail reusing a Message-ID with other content is a mail of its own ("copy"): found
// by its own words and by m:, read by get(id, 2), counted, listed after the first in the
// thread; its identical re-delivery is deduplicated.
TEST(StoreDedup, DifferentContentIsItsOwnSearchableCopy) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto root = make("root@y", "root", 1);
    auto first = make("dup@y", "first words", 2, {"root@y"}, "original body\n");
    auto second = make("dup@y", "second words", 3, {"root@y"}, "edited body\n");
    second.origin = {"other.mbox", "4096"};
    auto reply = make("reply@y", "reply", 4, {"root@y", "dup@y"});
    ASSERT_EQ(*w->add(root, raw_of(root), {}), AddOutcome::added);
    ASSERT_EQ(*w->add(first, raw_of(first), {}), AddOutcome::added);
    ASSERT_EQ(*w->add(second, raw_of(second), {}), AddOutcome::duplicate_different);
    ASSERT_EQ(*w->add(second, raw_of(second), {}), AddOutcome::duplicate_same);
    ASSERT_EQ(*w->add(first, raw_of(first), {}), AddOutcome::duplicate_same);
    ASSERT_EQ(*w->add(reply, raw_of(reply), {}), AddOutcome::added);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, "s:first"), IdSet{"dup@y"});
    EXPECT_EQ(search_ids(r, "s:second"), IdSet{"dup@y"});
    EXPECT_EQ(search_ids(r, "b:edited"), IdSet{"dup@y"});
    auto both = r.search("m:dup@y", {});
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->results.size(), 2u); // one result per copy
    EXPECT_EQ(search_ids(r, "flag:duplicate-differs"), IdSet{"dup@y"});
    EXPECT_EQ(search_ids(r, "flag:copy"), IdSet{"dup@y"});
    auto got = r.get("dup@y");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->summary.subject, "first words");
    EXPECT_EQ(got->raw, raw_of(first));
    EXPECT_EQ(mail_copies(r, "dup@y"), 2u);
    EXPECT_EQ(mail_copies(r, "root@y"), 1u);
    EXPECT_EQ(got->other_copies, Ids{"other.mbox:4096"});
    auto& flags = got->summary.flags;
    EXPECT_NE(std::find(flags.begin(), flags.end(), "duplicate-differs"), flags.end());
    auto two = get_copy(r, "dup@y", 2);
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(two->summary.subject, "second words");
    EXPECT_EQ(two->raw, raw_of(second));
    EXPECT_EQ(two->origin, "other.mbox:4096");
    EXPECT_FALSE(get_copy(r, "dup@y", 3).ok());
    EXPECT_EQ(r.stats().mails, 4u);
    EXPECT_EQ(r.stats().duplicates, 1u);
    auto t = r.thread("reply@y");
    ASSERT_TRUE(t.ok());
    ASSERT_EQ(t->entries.size(), 4u);
    EXPECT_EQ(t->entries[1].mail.subject, "first words");
    EXPECT_EQ(t->entries[2].mail.subject, "second words"); // the copy, next to the first
    EXPECT_EQ(t->entries[2].depth, t->entries[1].depth);
    EXPECT_EQ(t->entries[2].parent, 0);
    EXPECT_EQ(t->entries[3].mail.message_id, "reply@y");
    EXPECT_EQ(t->entries[3].parent, 1); // a reply hangs under the first
}

TEST(StoreDedup, RawCopyReplacesRecoveredOneAndNotTheOtherWayRound) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto flat = make("r@y", "flattened", 1, {}, "flat body\n");
    flat.recovered = true;
    flat.origin = {"flat.txt", "1"};
    auto raw = make("r@y", "real subject", 1, {}, "real body\n");
    raw.origin = {"lore/0.git", "abc"};
    ASSERT_EQ(*w->add(flat, "flat", {}), AddOutcome::added);
    ASSERT_EQ(*w->add(raw, "raw bytes", {}), AddOutcome::replaced_recovered);
    ASSERT_EQ(*w->add(flat, "flat", {}), AddOutcome::duplicate_different);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    auto got = r.get("r@y");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->raw, "raw bytes");
    EXPECT_EQ(got->summary.subject, "real subject");
    EXPECT_EQ(got->origin, "lore/0.git:abc");
    EXPECT_EQ(got->other_copies, Ids{"flat.txt:1"});
    EXPECT_EQ(search_ids(r, "s:flattened"), IdSet{});
    EXPECT_EQ(search_ids(r, "flag:recovered"), IdSet{});
    EXPECT_EQ(r.stats().mails, 1u);
}

TEST(StoreDedup, MailWithoutMessageIdGetsAStableId) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto m = make("", "no id here", 1);
    ASSERT_EQ(*w->add(m, raw_of(m), {}), AddOutcome::added);
    ASSERT_EQ(*w->add(m, raw_of(m), {}), AddOutcome::duplicate_same);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    auto page = r.search("s:no flag:no-message-id", {});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->results.size(), 1u);
    const auto& id = page->results[0].message_id;
    EXPECT_EQ(id.rfind("lkmine-", 0), 0u) << id;
    EXPECT_EQ(id.size(), std::string("lkmine-@noid").size() + 40) << id;
    EXPECT_TRUE(r.get(id).ok());
}

TEST(StoreDedup, OverlongIdsAndTermsAreIndexed) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    std::string long_id(300, 'x');
    long_id += "@example.org";
    auto m = make(long_id, "long id " + std::string(400, 'y'), 1, {std::string(500, 'z') + "@p"},
                  std::string(1000, 'w') + " tail\n");
    m.list_ids = {std::string(300, 'l')};
    ASSERT_EQ(*w->add(m, raw_of(m), {}), AddOutcome::added);
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, "m:" + long_id), IdSet{long_id});
    EXPECT_EQ(search_ids(r, "tail"), IdSet{long_id});
    auto got = r.get(long_id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->summary.message_id, long_id);
}

TEST(StoreDedup, RemovedMailBecomesAGhostInItsThread) {
    TempDir dir;
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok());
    auto a = make("a@x", "spam", 1), b = make("b@x", "Re: spam", 2, {"a@x"}),
         c = make("c@x", "Re: spam", 3, {"a@x"});
    for (const auto* m : {&a, &b, &c})
        ASSERT_TRUE(w->add(*m, raw_of(*m), {}).ok());
    ASSERT_TRUE(w->remove(a).ok());
    ASSERT_TRUE(w->commit().ok());
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, "s:spam"), (IdSet{"b@x", "c@x"}));
    auto t = r.thread("b@x");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(render(*t), "a@x?\n b@x\n c@x\n");
}

TEST(StoreState, OnlyCommittedWorkSurvives) {
    TempDir dir;
    {
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w.ok());
        auto m = make("kept@x", "kept", 1);
        ASSERT_TRUE(w->add(m, raw_of(m), {}).ok());
        w->set_source_state("lore/linux-ext4/0", "commit-aaaa");
        ASSERT_TRUE(w->commit().ok());
        auto r = reader(dir);
        EXPECT_EQ(search_ids(r, ""), IdSet{"kept@x"});

        auto lost = make("lost@x", "lost", 2);
        ASSERT_TRUE(w->add(lost, raw_of(lost), {}).ok());
        w->set_source_state("lore/linux-ext4/0", "commit-bbbb");
        EXPECT_EQ(w->pending(), 1u);
        // A reader opened during a write sees the last commit.
        auto during = reader(dir);
        EXPECT_EQ(search_ids(during, ""), IdSet{"kept@x"});
        EXPECT_EQ(during.stats().sources, (std::vector<std::pair<std::string, std::string>>{
                                              {"lore/linux-ext4/0", "commit-aaaa"}}));
        // The writer holds the lock.
        auto second = StoreWriter::open(dir.str());
        ASSERT_FALSE(second.ok());
        EXPECT_NE(second.error().find("another lkmine index is running on"), std::string::npos)
            << second.error();
    } // destroyed without commit: like a kill
    auto w = StoreWriter::open(dir.str());
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->source_state("lore/linux-ext4/0"), "commit-aaaa");
    EXPECT_EQ(w->source_state("never-set"), "");
    auto r = reader(dir);
    EXPECT_EQ(search_ids(r, ""), IdSet{"kept@x"});
    // Thread ids keep counting after a reopen: a new unrelated mail gets its own thread.
    auto n = make("new@x", "new", 3);
    ASSERT_TRUE(w->add(n, raw_of(n), {}).ok());
    ASSERT_TRUE(w->commit().ok());
    ASSERT_TRUE(r.reopen().ok());
    EXPECT_EQ(search_ids(r, ""), (IdSet{"kept@x", "new@x"}));
    EXPECT_NE(r.get("new@x")->summary.thread_id, r.get("kept@x")->summary.thread_id);
}

TEST(StoreState, NoIndexIsAnErrorWithAHint) {
    auto r = StoreReader::open("/nonexistent/lkmine-index");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "no index at /nonexistent/lkmine-index: run lkmine index first");
}

} // namespace
} // namespace lkmine
