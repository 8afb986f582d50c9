// The syzbot stage and `symptom` on the project sample, the seed bisection log and the real
// syzbot mails: bugs per extid, bisections with their warnings, culprit and fix threads.
#include "core/index/store.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/symptom_report.hpp"
#include "core/stages/syzbot_stage.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("lkmine-syz-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string str() const { return path_.string(); }

  private:
    fs::path path_;
};

Message parse_file(const fs::path& p) {
    return parse_message(RawMessage{test::read_file(p), {p.string(), ""}, {}});
}

fs::path sample_mail(const char* name) {
    return test::project_corpora() / "lore-sample/mails" / name;
}

void index_raw(const std::string& dir, const std::vector<RawMessage>& raws) {
    auto w = StoreWriter::open(dir);
    ASSERT_TRUE(w) << w.error();
    for (const auto& r : raws) {
        Message m = parse_message(r);
        ASSERT_TRUE(w->add(m, r.bytes, {}));
    }
    ASSERT_TRUE(w->commit());
}

std::vector<RawMessage> sample_raws() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(test::project_corpora() / "lore-sample/mails"))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<RawMessage> out;
    for (const auto& f : files)
        out.push_back(RawMessage{test::read_file(f), {f.string(), ""}, {}});
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

const SymptomThread* thread_with(const std::vector<SymptomThread>& list, const std::string& msgid) {
    for (const auto& t : list)
        if (has(t.message_ids, msgid)) return &t;
    return nullptr;
}

constexpr const char* kExtid = "3f1c2a9e8b7d6c5e4f0a";
constexpr const char* kCulprit = "558ddf0842cfa4df6dced9ffde150b81787d4144";

TEST(SyzbotFacts, SampleMails) {
    Message report = parse_file(sample_mail("40-syzbot-report.eml"));
    EXPECT_EQ(report.syzbot.kind, "report");
    EXPECT_EQ(report.syzbot.extid, kExtid);
    ASSERT_FALSE(report.syzbot.symptoms.empty());
    EXPECT_EQ(report.syzbot.symptoms.front(), "KASAN: slab-use-after-free Read in ringbuf_pop");

    Message bisected = parse_file(sample_mail("41-syzbot-bisected.eml"));
    EXPECT_EQ(bisected.syzbot.kind, "cause_bisection");
    EXPECT_EQ(bisected.syzbot.culprit_sha, kCulprit);

    Message fix = parse_file(sample_mail("44-priya-patch-syzbot-fix.eml"));
    EXPECT_TRUE(has(fix.syzbot.reported_by, kExtid));

    Message syz_fix = parse_file(sample_mail("46-priya-syz-fix.eml"));
    EXPECT_TRUE(
        has(syz_fix.syzbot.fix_titles, "lkdemo: hold the device lock across ringbuf_resize()"));

    Message plain = parse_file(sample_mail("01-joerg-ringbuf-grow-at-runtime.eml"));
    EXPECT_TRUE(plain.syzbot.empty());
}

TEST(SyzbotStore, SampleSymptom) {
    TempDir dir;
    index_raw(dir.str(), sample_raws());
    auto log = test::read_file(test::project_corpora() / "syzbot-sample/bisect.txt");
    auto stage = update_syzbot_index(dir.str(), {{"syzbot-sample/bisect.txt", log}});
    ASSERT_TRUE(stage) << stage.error();
    EXPECT_EQ(stage->bugs, 1u);
    EXPECT_EQ(stage->logs_linked, 1u);

    auto r = StoreReader::open(dir.str());
    ASSERT_TRUE(r);
    auto rep = symptom_report(*r, "slab-use-after-free Read in ringbuf_pop");
    ASSERT_TRUE(rep) << rep.error();
    ASSERT_EQ(rep->bugs.size(), 1u);
    const SymptomBug& bug = rep->bugs[0];
    EXPECT_EQ(bug.extid, kExtid);
    EXPECT_EQ(bug.reports, 1);
    EXPECT_EQ(bug.status, "fixed");
    EXPECT_EQ(bug.report_message_id, "0000000000003e8a4f0612b8c1d4@google.com");
    bool by_reported = false, by_syz_fix = false;
    for (const auto& f : bug.fixes) {
        by_reported |= f.method == "reported-by" &&
                       f.message_id == "20240301111027.40517-1-priya.raman@example.org";
        by_syz_fix |= f.method == "syz-fix" &&
                      f.title == "lkdemo: hold the device lock across ringbuf_resize()";
    }
    EXPECT_TRUE(by_reported);
    EXPECT_TRUE(by_syz_fix);

    // The result mail and the saved log are one bisection.
    ASSERT_EQ(rep->bisections.size(), 1u);
    const SymptomBisection& b = rep->bisections[0];
    EXPECT_EQ(b.culprit.sha, kCulprit);
    EXPECT_EQ(b.kind, "cause");
    EXPECT_EQ(b.extid, kExtid);
    EXPECT_TRUE(has(b.sources, "mail:000000000000b7c45e0612cf0a93@google.com"));
    EXPECT_TRUE(has(b.sources, "log:syzbot-sample/bisect.txt"));
    ASSERT_EQ(b.tested.size(), 4u); // 957f7aa6, e5b4ee78 (v0.1), 558ddf08, 113cce29
    EXPECT_EQ(b.tested[1].label, "v0.1");
    EXPECT_EQ(b.tested[1].verdict, "good");
    EXPECT_EQ(b.tested[2].commit, kCulprit);
    EXPECT_EQ(b.tested[2].verdict, "bad");
    EXPECT_TRUE(has(b.tested[2].titles, "KASAN: slab-use-after-free Write in ringbuf_push"));
    // Read/Write variants of one use-after-free are a note, not a warning.
    EXPECT_TRUE(b.warnings.empty()) << b.warnings.front();

    const SymptomThread* culprit =
        thread_with(rep->patches, "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com");
    ASSERT_NE(culprit, nullptr);
    EXPECT_EQ(culprit->role, "culprit");
    const SymptomThread* fix =
        thread_with(rep->patches, "20240301111027.40517-1-priya.raman@example.org");
    ASSERT_NE(fix, nullptr);
    EXPECT_EQ(fix->role, "fix");
    EXPECT_NE(thread_with(rep->discussions, "c41f0e2a-5d7b-4b98-8e36-1a2b9c0d7e65@example.org"),
              nullptr);
    EXPECT_NE(thread_with(rep->discussions, "d2c3b4a5-9687-4f1e-8d2c-3b4a59687f1e@example.org"),
              nullptr);
    for (const auto& t : rep->discussions)
        for (const auto& id : t.message_ids)
            EXPECT_EQ(id.find("@google.com"), std::string::npos) << id;

    // Search results stay mails: the report and bisection documents are not listed.
    auto page = r->search("symptom:ringbuf_pop", {});
    ASSERT_TRUE(page);
    for (const auto& m : page->results)
        EXPECT_FALSE(m.message_id.empty());

    // Running the stage again rebuilds, never duplicates.
    ASSERT_TRUE(update_syzbot_index(dir.str(), {}));
    auto again = symptom_report(*StoreReader::open(dir.str()),
                                "KASAN: slab-use-after-free Read in ringbuf_pop (2)");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->bugs.size(), 1u);
    EXPECT_EQ(again->bisections.size(), 1u);
}

TEST(SyzbotStore, SeedLogAlone) {
    LKMINE_REQUIRE_CORPUS("seeds");
    TempDir dir;
    auto path = test::shared_corpora() / "seeds/000_b459dd56b6cfba70.txt";
    auto stage = update_syzbot_index(dir.str(), {{path.string(), test::read_file(path)}});
    ASSERT_TRUE(stage) << stage.error();
    auto rep = symptom_report(*StoreReader::open(dir.str()), "Bad rss-counter state");
    ASSERT_TRUE(rep) << rep.error();
    EXPECT_TRUE(rep->bugs.empty());
    ASSERT_EQ(rep->bisections.size(), 1u);
    const SymptomBisection& b = rep->bisections[0];
    EXPECT_EQ(b.culprit.sha.substr(0, 12), "7f466032dc9e");
    EXPECT_EQ(b.tested.size(), 16u); // "testing commit" lines of the log, counted by hand
    ASSERT_FALSE(b.warnings.empty());
    EXPECT_NE(b.warnings.front().find("WARNING in __mmdrop"), std::string::npos)
        << b.warnings.front();
}

std::vector<RawMessage> mbox_raws(const char* name) {
    auto data = test::read_file(test::shared_corpora() / "syzbot-mails" / name);
    return split_mbox(data);
}

TEST(SyzbotStore, RealSyzbotMails) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    TempDir dir;
    {
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w) << w.error();
        for (const char* name : {"syzbot-sent-mails.mbox", "syzbot-thread-replies.mbox",
                                 "reported-by-syzbot-patches.mbox"})
            for (const auto& raw : mbox_raws(name))
                ASSERT_TRUE(w->add(parse_message(raw), raw.bytes, {}));
        ASSERT_TRUE(w->commit());
    }
    auto stage = update_syzbot_index(dir.str(), {});
    ASSERT_TRUE(stage) << stage.error();
    std::cout << "bugs " << stage->bugs << ", with a report mail " << stage->reported_bugs
              << ", bisection results " << stage->bisections << ", syzbot mails " << stage->mails
              << "\n";
    // Counted with Python's mailbox module: 377 non-reply syzbot mails from syzbot+<hex> (the
    // other 46 starters are syzbot+list<hash> monthly summaries), each a distinct bug; "found a
    // reproducer" follow-ups (Re:) are reports too, and 416 extids sent mails at all.
    EXPECT_GE(stage->reported_bugs, 377u);
    EXPECT_LE(stage->reported_bugs, 416u);
    // 416 extids sent mails, 60 more only named by Reported-by patches; a few more only in the
    // To/Cc of people's replies.
    EXPECT_GE(stage->bugs, 476u);
    EXPECT_LE(stage->bugs, 520u);
    // Bodies with "syzbot has bisected this issue" (41) or "suspects this issue/bug was fixed
    // by" (42), counted with Python.
    EXPECT_EQ(stage->bisections, 83u);

    auto r = StoreReader::open(dir.str());
    ASSERT_TRUE(r);
    // Hand-picked: one report, two Reported-by patches; the 14 replies are in the first patch's
    // thread, so they show as that fix thread, not as a separate discussion.
    auto rep = symptom_report(*r, "KASAN: out-of-bounds Read in ext4_xattr_set_entry");
    ASSERT_TRUE(rep) << rep.error();
    auto bug = std::find_if(rep->bugs.begin(), rep->bugs.end(),
                            [](const SymptomBug& b) { return b.extid == "f792df426ff0f5ceb8d1"; });
    ASSERT_NE(bug, rep->bugs.end());
    EXPECT_EQ(bug->reports, 1);
    EXPECT_EQ(bug->status, "fixed");
    int reported_by = 0;
    for (const auto& f : bug->fixes)
        reported_by += f.method == "reported-by";
    EXPECT_EQ(reported_by, 2);
    const SymptomThread* fix = thread_with(rep->patches, "Zu+8aQBJgMn7xVws@thinkpad.lan");
    ASSERT_NE(fix, nullptr);
    EXPECT_GE(fix->thread_size, 15u);

    // Replies in the report's own thread (MANIFEST.tsv: 12 replies by tytso, dvyukov, ...).
    auto stall = symptom_report(*r, "INFO: rcu detected stall in ext4_write_checks");
    ASSERT_TRUE(stall);
    ASSERT_EQ(stall->bugs.size(), 1u);
    EXPECT_EQ(stall->bugs[0].status, "open");
    const SymptomThread* talk = thread_with(stall->discussions, "20190626184251.GE3116@mit.edu");
    ASSERT_NE(talk, nullptr);
    EXPECT_EQ(talk->message_ids.size(), 12u); // the 12 "Re:" rows of syzbot-thread-replies

    // A cause bisection known only from its result mail.
    auto dl = symptom_report(*r, "possible deadlock in __do_page_fault");
    ASSERT_TRUE(dl);
    ASSERT_FALSE(dl->bisections.empty());
    EXPECT_EQ(dl->bisections[0].culprit.sha.substr(0, 12), "69d61f577d14");
    EXPECT_EQ(dl->bisections[0].extid, "606e524a3ca9617cf8c0");

    auto words = symptom_report(*r, "task hung v9fs_file_fsync");
    ASSERT_TRUE(words);
    EXPECT_TRUE(std::any_of(words->bugs.begin(), words->bugs.end(),
                            [](const SymptomBug& b) { return b.extid == "d1b5dace43896bc386c3"; }));
}

// Mails arriving in batches (replies before their parents, threads merging later), a stage
// after each batch, then mails removed: the incremental stage must leave exactly the documents
// a full rebuild writes.
TEST(SyzbotStore, IncrementalStageEqualsFullRebuild) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    std::vector<RawMessage> raws;
    for (const char* name : {"syzbot-sent-mails.mbox", "syzbot-thread-replies.mbox",
                             "reported-by-syzbot-patches.mbox"})
        for (auto& raw : mbox_raws(name))
            raws.push_back(std::move(raw));
    std::mt19937 rng(7);
    std::shuffle(raws.begin(), raws.end(), rng);
    TempDir dir;
    auto rebuilt = [&] {
        auto before = syzbot_documents(*StoreReader::open(dir.str()));
        auto full = update_syzbot_index(dir.str(), {}, true);
        EXPECT_TRUE(full && !full->incremental);
        auto after = syzbot_documents(*StoreReader::open(dir.str()));
        EXPECT_EQ(before.size(), after.size());
        std::size_t differ = 0;
        for (std::size_t i = 0; i < std::min(before.size(), after.size()); ++i)
            if (before[i] != after[i] && differ++ == 0)
                ADD_FAILURE() << "incremental:\n" << before[i] << "\nfull:\n" << after[i];
        EXPECT_EQ(differ, 0u);
        return after.size();
    };
    const std::size_t cuts[] = {0, 300, 500, 520, 700, 900, raws.size()};
    std::size_t partial = 0;
    for (std::size_t c = 0; c + 1 < std::size(cuts); ++c) {
        {
            auto w = StoreWriter::open(dir.str());
            ASSERT_TRUE(w) << w.error();
            for (std::size_t i = cuts[c]; i < cuts[c + 1]; ++i)
                ASSERT_TRUE(w->add(parse_message(raws[i]), raws[i].bytes, {}));
            ASSERT_TRUE(w->commit());
        }
        auto stage = update_syzbot_index(dir.str(), {});
        ASSERT_TRUE(stage) << stage.error();
        EXPECT_EQ(stage->incremental, c > 0);
        if (stage->incremental && stage->bugs < stage->total_bugs) ++partial;
        if (c == 3) { // midway, and later runs go on from a rebuild
            EXPECT_GT(rebuilt(), 100u);
        }
    }
    EXPECT_GE(partial, 4u); // the later batches rebuilt only some bugs
    // A reply naming no syzbot address (so only its thread ties it to the bug) with a
    // "#syz fix:" line: the bug must gain that fix.
    std::string report_id;
    for (const auto& raw : raws) {
        Message m = parse_message(raw);
        if (m.syzbot.kind == "report" &&
            m.from.email.find("syzkaller.appspotmail.com") != std::string::npos)
            report_id = m.message_id;
    }
    ASSERT_FALSE(report_id.empty());
    {
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w);
        std::string text = "From: A Maintainer <maint@example.org>\n"
                           "To: linux-kernel@vger.kernel.org\n"
                           "Subject: Re: a crash\n"
                           "Date: Mon, 4 Mar 2024 10:00:00 +0000\n"
                           "Message-ID: <late-fix-reply@example.org>\n"
                           "In-Reply-To: <" +
                           report_id + ">\n\nFixed upstream.\n\n#syz fix: lkdemo: the late fix\n";
        RawMessage raw{text, {"late.eml", ""}, {}};
        Message m = parse_message(raw);
        ASSERT_FALSE(m.syzbot.fix_titles.empty());
        ASSERT_TRUE(w->add(m, raw.bytes, {}));
        ASSERT_TRUE(w->commit());
    }
    auto late = update_syzbot_index(dir.str(), {});
    ASSERT_TRUE(late);
    EXPECT_TRUE(late->incremental);
    EXPECT_GE(late->bugs, 1u);
    rebuilt();
    // Nothing new: nothing rebuilt.
    auto idle = update_syzbot_index(dir.str(), {});
    ASSERT_TRUE(idle);
    EXPECT_TRUE(idle->incremental);
    EXPECT_EQ(idle->bugs, 0u);
    // Mails taken out (a purge turns them into ghosts): their bugs change.
    {
        auto w = StoreWriter::open(dir.str());
        ASSERT_TRUE(w);
        std::set<std::string> bugs; // five bugs lose a report sent by syzbot
        for (const auto& raw : raws) {
            Message m = parse_message(raw);
            if (m.syzbot.kind == "report" && bugs.size() < 5 &&
                m.from.email.find("syzkaller.appspotmail.com") != std::string::npos &&
                bugs.insert(m.syzbot.extid).second) {
                ASSERT_TRUE(w->remove(m));
            }
        }
        ASSERT_EQ(bugs.size(), 5u);
        ASSERT_TRUE(w->commit());
    }
    auto after_removal = update_syzbot_index(dir.str(), {});
    ASSERT_TRUE(after_removal);
    EXPECT_TRUE(after_removal->incremental);
    // Each of the five is rewritten, or gone when that report was its only mail.
    EXPECT_EQ(after_removal->bugs + (idle->total_bugs - after_removal->total_bugs), 5u);
    rebuilt();
}

} // namespace
} // namespace lkmine

namespace lkmine {
namespace {

// A fix patch posted as a reply in the report's own thread (common on real lists): the thread
// is the fix's, and still the bug's discussion, listing the people's mails but not the patch.
TEST(SyzbotStore, ReportThreadThatCarriesTheFixIsStillItsDiscussion) {
    TempDir dir;
    auto raws = sample_raws();
    for (auto& r : raws) {
        if (r.bytes.find("Message-ID: <20240301111027.40517-1-priya.raman@example.org>") ==
            std::string::npos)
            continue;
        const std::string at = "Message-ID: <20240301111027.40517-1-priya.raman@example.org>\n";
        auto pos = r.bytes.find(at);
        r.bytes.insert(pos + at.size(), "In-Reply-To: <0000000000003e8a4f0612b8c1d4@google.com>\n"
                                        "References: <0000000000003e8a4f0612b8c1d4@google.com>\n");
    }
    index_raw(dir.str(), raws);
    ASSERT_TRUE(update_syzbot_index(dir.str(), {}));
    auto r = StoreReader::open(dir.str());
    ASSERT_TRUE(r);
    auto rep = symptom_report(*r, "slab-use-after-free Read in ringbuf_pop");
    ASSERT_TRUE(rep) << rep.error();
    const SymptomThread* fix =
        thread_with(rep->patches, "20240301111027.40517-1-priya.raman@example.org");
    ASSERT_NE(fix, nullptr);
    const SymptomThread* talk =
        thread_with(rep->discussions, "c41f0e2a-5d7b-4b98-8e36-1a2b9c0d7e65@example.org");
    ASSERT_NE(talk, nullptr) << "the report thread is hidden behind its fix patch";
    EXPECT_EQ(talk->thread_id, fix->thread_id);
    EXPECT_NE(thread_with(rep->discussions, "d2c3b4a5-9687-4f1e-8d2c-3b4a59687f1e@example.org"),
              nullptr);
    for (const auto& id : talk->message_ids)
        EXPECT_NE(id, "20240301111027.40517-1-priya.raman@example.org"); // shown under patches
}

} // namespace
} // namespace lkmine
