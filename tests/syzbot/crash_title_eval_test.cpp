// Crash titles against real ground truth: syzbot's own subjects on every report mail of the
// shared corpora, and no crash title on ordinary mail (the figures of docs/CRASH-TITLES.md).
#include "tests/syzbot/crash_corpus.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

namespace {

using lkmine::test::crash_corpus;

bool verbose() {
    const char* v = std::getenv("LKMINE_CRASH_EVAL_VERBOSE");
    return v && *v && *v != '0';
}

// A title that still holds one of replace_dynamic()'s placeholders where syzkaller's own
// titles never have one: the frame or file name was lost.
bool has_placeholder(const std::string& t) {
    for (const char* p : {"NUM", "LINE", "ADDR"}) {
        for (std::size_t pos = t.find(p); pos != std::string::npos; pos = t.find(p, pos + 1)) {
            auto word = [&](std::size_t i) {
                return i < t.size() &&
                       (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_');
            };
            std::size_t end = pos + std::string_view(p).size();
            if ((pos == 0 || !word(pos - 1)) && !word(end)) return true;
        }
    }
    return false;
}

// syzkaller's alternative title ("alt" in pkg/report/linux.go) under which syzbot files a crash
// with an existing bug: "bad-access in F" for KASAN/KMSAN/KFENCE reports, page faults and general
// protection faults, "stall in F" for soft lockups and RCU stalls, "hang in F" for hung tasks.
// A report mail whose crash has another kind than the bug's first crash shows this crash and
// keeps the bug's subject: the subject is not the title of the crash in the body.
std::string alt_title(const std::string& t) {
    static const std::pair<const char*, const char*> groups[] = {
        {"KASAN: invalid-free", "invalid-free"},
        {"KASAN: ", "bad-access"},
        {"KMSAN: ", "bad-access"},
        {"KFENCE: ", "bad-access"},
        {"BUG: unable to handle kernel", "bad-access"},
        {"general protection fault", "bad-access"},
        {"Internal error", "bad-access"},
        {"Unhandled fault", "bad-access"},
        {"BUG: corrupted list", "bad-access"},
        {"UBSAN: array-index-out-of-bounds", "bad-access"},
        {"BUG: soft lockup", "stall"},
        {"INFO: rcu detected stall", "stall"},
        {"INFO: task hung", "hang"},
        {"INFO: task can't die", "hang"}};
    std::size_t in = t.rfind(" in ");
    if (in == std::string::npos) return "";
    for (const auto& [prefix, group] : groups)
        if (t.rfind(prefix, 0) == 0) return std::string(group) + t.substr(in);
    return "";
}

struct Rate {
    int total = 0, exact = 0;
    double share() const { return total ? double(exact) / total : 0; }
};

TEST(CrashTitleEval, SyzbotSubjectsAreTheTitles) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring/git/0.git");
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const auto& c = crash_corpus();
    std::map<std::string, Rate> by_source, body_by_source;
    Rate tagged, all, tagged_truth, all_truth;
    int retired = 0, alt = 0;
    for (const auto& r : c.reports) {
        bool ok = r.got == r.label;
        for (Rate* rate : {&by_source[r.source], &all})
            rate->total++, rate->exact += ok;
        if (r.tagged) tagged.total++, tagged.exact += ok;
        auto& b = body_by_source[r.source];
        b.total++, b.exact += r.got_body == r.label;
        // Where the subject is not syzkaller's current title of the body's crash: a format
        // syzkaller retired (its titles kept placeholders: "kernel BUG at fs/x.c:LINE!"), or
        // another crash of the bug filed under the alternative title.
        const bool is_retired = !ok && has_placeholder(r.label);
        const bool is_alt = !ok && !is_retired && !alt_title(r.label).empty() &&
                            alt_title(r.label) == alt_title(r.got);
        retired += is_retired;
        alt += is_alt;
        if (!is_retired && !is_alt) {
            all_truth.total++, all_truth.exact += ok;
            if (r.tagged) tagged_truth.total++, tagged_truth.exact += ok;
        }
        if (const char* dir = std::getenv("LKMINE_CRASH_EVAL_DUMP"); dir && !ok)
            std::ofstream(std::string(dir) + "/" + r.message_id + ".txt") << r.text;
        if (!ok && verbose())
            std::cout << (is_retired ? "RETIRED "
                          : is_alt   ? "ALT "
                                     : "MISS ")
                      << r.source << " <" << r.message_id << ">\n  syzbot: " << r.label
                      << "\n  lkmine: " << r.got << "\n";
    }
    for (const auto& [src, rate] : by_source)
        std::printf("%-14s reports %4d exact %4d (%.1f%%), whole body as a mail %.1f%%\n",
                    src.c_str(), rate.total, rate.exact, 100 * rate.share(),
                    100 * body_by_source[src].share());
    std::printf("[syzbot]-tagged %d exact %d (%.1f%%); all %d exact %d (%.1f%%)\n", tagged.total,
                tagged.exact, 100 * tagged.share(), all.total, all.exact, 100 * all.share());
    std::printf("retired formats %d, other crash of the bug (alt title) %d; without them: "
                "[syzbot]-tagged %d/%d (%.1f%%), all %d/%d (%.1f%%)\n",
                retired, alt, tagged_truth.exact, tagged_truth.total, 100 * tagged_truth.share(),
                all_truth.exact, all_truth.total, 100 * all_truth.share());
    EXPECT_GE(by_source["syzbot-mails"].total, 370);
    EXPECT_GE(by_source["io-uring"].total, 200);
    EXPECT_GE(tagged.total, 450);
    EXPECT_GE(tagged_truth.share(), 0.98);
    EXPECT_GE(all_truth.share(), 0.975);
    EXPECT_GE(tagged.share(), 0.965); // raw, the alt-title reports counted as misses
    EXPECT_LE(retired + alt, 30);
}

TEST(CrashTitleEval, NoPlaceholderInAnyTitle) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    const auto& c = crash_corpus();
    int checked = 0;
    for (const auto& r : c.reports) {
        for (const std::string* t : {&r.got, &r.got_body}) {
            ++checked;
            EXPECT_FALSE(has_placeholder(*t)) << r.source << " <" << r.message_id << ">: " << *t;
        }
        for (const auto& s : r.symptoms)
            if (s != r.label && s.find(r.label) == std::string::npos) {
                EXPECT_FALSE(has_placeholder(s)) << r.message_id << ": " << s;
            }
    }
    for (const auto& [src, st] : c.ordinary)
        for (const auto& fp : st.titled)
            EXPECT_FALSE(has_placeholder(fp.title)) << src << " <" << fp.message_id << ">";
    EXPECT_GT(checked, 700);
}

TEST(CrashTitleEval, NoTitleOnOrdinaryMail) {
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring/git/0.git");
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const auto& c = crash_corpus();
    std::size_t mails = 0, titled = 0;
    for (const auto& [src, st] : c.ordinary) {
        std::printf("%-14s ordinary mails %zu, quoting their thread's report %zu, other "
                    "titles %zu\n",
                    src.c_str(), st.mails, st.quoted_reports, st.titled.size());
        if (src == "syzbot-mails") continue; // replies to syzbot: not the measured set
        mails += st.mails;
        titled += st.titled.size();
        for (const auto& fp : st.titled)
            std::cout << "FALSE " << src << " <" << fp.message_id << "> " << fp.subject << "\n  -> "
                      << fp.title << "\n";
    }
    double rate = mails ? double(titled) / mails : 1;
    std::printf("false positives %zu of %zu (%.3f%%)\n", titled, mails, 100 * rate);
    EXPECT_GT(mails, 30000u);
    EXPECT_LE(rate, 0.001);
}

TEST(CrashTitleEval, MonthlyDigestsHaveNoCrash) {
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring/git/0.git");
    const auto& c = crash_corpus();
    std::printf("monthly digests %zu\n", c.digests);
    EXPECT_GT(c.digests, 10u);
    for (const auto& s : c.digest_symptoms)
        ADD_FAILURE() << s;
}

} // namespace

namespace {

// A human thread about maple tree fixes: patches, replies and a quoted build error ("gcc: fatal
// error: Killed signal terminated program cc1", mails 19-22), no kernel crash in any body.
TEST(CrashTitleEval, MapleTreeThreadHasNoCrash) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    auto dir = lkmine::test::shared_corpora() / "maple-tree-thread";
    int mails = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".eml") continue;
        ++mails;
        std::string raw = lkmine::test::read_file(entry.path());
        lkmine::Message m = lkmine::parse_message(lkmine::RawMessage{raw, {}, {}});
        EXPECT_TRUE(m.syzbot.symptoms.empty())
            << entry.path().filename() << ": " << m.syzbot.symptoms.front();
        EXPECT_EQ(lkmine::crash_title(m.body_text, lkmine::CrashText::mail), "")
            << entry.path().filename();
    }
    EXPECT_EQ(mails, 22);
}

} // namespace
