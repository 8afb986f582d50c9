// Crash titles against real ground truth: syzbot's own subjects on every report mail of the
// shared corpora, and no crash title on ordinary mail (the figures of docs/CRASH-TITLES.md).
#include "tests/core/crash_corpus.hpp"

#include <gtest/gtest.h>

#include <cstdio>
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
    Rate tagged, all;
    for (const auto& r : c.reports) {
        bool ok = r.got == r.label;
        for (Rate* rate : {&by_source[r.source], &all})
            rate->total++, rate->exact += ok;
        if (r.tagged) tagged.total++, tagged.exact += ok;
        auto& b = body_by_source[r.source];
        b.total++, b.exact += r.got_body == r.label;
        if (!ok && verbose())
            std::cout << "MISS " << r.source << " <" << r.message_id << ">\n  syzbot: " << r.label
                      << "\n  lkmine: " << r.got << "\n";
    }
    for (const auto& [src, rate] : by_source)
        std::printf("%-14s reports %4d exact %4d (%.1f%%), whole body %.1f%%\n", src.c_str(),
                    rate.total, rate.exact, 100 * rate.share(), 100 * body_by_source[src].share());
    std::printf("[syzbot]-tagged %d exact %d (%.1f%%); all %d exact %d (%.1f%%)\n", tagged.total,
                tagged.exact, 100 * tagged.share(), all.total, all.exact, 100 * all.share());
    EXPECT_GE(by_source["syzbot-mails"].total, 380);
    EXPECT_GE(by_source["io-uring"].total, 100);
    EXPECT_GE(tagged.total, 200);
    EXPECT_GE(tagged.share(), 0.98);
    EXPECT_GE(all.share(), 0.98);
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
            if (s != r.label && s.find(r.label) == std::string::npos)
                EXPECT_FALSE(has_placeholder(s)) << r.message_id << ": " << s;
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
        std::printf("%-14s ordinary mails %zu, with a crash title %zu\n", src.c_str(), st.mails,
                    st.titled.size());
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
    EXPECT_GT(c.digests, 0u);
    for (const auto& s : c.digest_symptoms)
        ADD_FAILURE() << s;
}

} // namespace
