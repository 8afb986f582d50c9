// syzbot mail parsing checked on the real syzbot mails, their reply threads and fix patches.
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/syzbot_mail.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <iostream>

namespace {

struct Mail {
    std::string from, subject, to_cc, body;
    bool base64 = false;
};

// Tiny mboxrd reader: enough headers for these tests, bodies taken as plain text.
std::vector<Mail> read_mbox(const std::string& data) {
    std::vector<Mail> mails;
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t next = data.find("\nFrom mboxrd@z", pos);
        std::string msg =
            data.substr(pos, next == std::string::npos ? std::string::npos : next + 1 - pos);
        pos = next == std::string::npos ? data.size() : next + 1;
        std::size_t hdr_start = msg.find('\n') + 1, hdr_end = msg.find("\n\n", hdr_start);
        if (hdr_end == std::string::npos) continue;
        Mail m;
        std::string current;
        auto flush = [&] {
            auto val = [&](std::size_t n) { return current.substr(n); };
            std::string lower = current.substr(0, 30);
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower.rfind("from:", 0) == 0)
                m.from = val(5);
            else if (lower.rfind("subject:", 0) == 0)
                m.subject = val(8);
            else if (lower.rfind("to:", 0) == 0 || lower.rfind("cc:", 0) == 0)
                m.to_cc += val(3) + ",";
            else if (lower.rfind("content-transfer-encoding:", 0) == 0 &&
                     current.find("base64") != std::string::npos)
                m.base64 = true;
        };
        std::size_t p = hdr_start;
        while (p < hdr_end) {
            std::size_t e = msg.find('\n', p);
            std::string line = msg.substr(p, e - p);
            p = e + 1;
            if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
                current += " " + line.substr(line.find_first_not_of(" \t"));
                continue;
            }
            flush();
            current = line;
        }
        flush();
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t\r") + 1);
            return s;
        };
        m.from = trim(m.from);
        m.subject = trim(m.subject);
        m.body = msg.substr(hdr_end + 2);
        for (std::size_t q = 0; (q = m.body.find("\n>From ", q)) != std::string::npos; ++q)
            m.body.erase(q + 1, 1);
        mails.push_back(std::move(m));
    }
    return mails;
}

std::vector<Mail> load(const char* name) {
    return read_mbox(
        lkmine::test::read_file(lkmine::test::shared_corpora() / "syzbot-mails" / name));
}

TEST(SyzbotMail, SentMails) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    auto mails = load("syzbot-sent-mails.mbox");
    ASSERT_EQ(mails.size(), 743u);
    int reports = 0, titled = 0, same_crash = 0, cause = 0, cause_sha = 0, fix = 0, fix_sha = 0;
    for (const auto& m : mails) {
        auto info = lkmine::parse_syzbot_mail(m.from, m.subject, m.body, {m.to_cc});
        EXPECT_FALSE(info.extid.empty()) << m.subject;
        bool starter = m.subject.rfind("Re:", 0) != 0;
        if (starter && info.kind == lkmine::SyzbotKind::report) {
            ++reports;
            // Real subjects: "[syzbot] [ext4?] KASAN: ..." or plain "possible deadlock in ...".
            EXPECT_EQ(info.title.find("[syzbot]"), std::string::npos);
            EXPECT_NE(info.title.front(), '[') << m.subject;
            if (!info.title.empty()) ++titled;
            std::string t = info.title;
            if (auto p = t.rfind(" ("); p != std::string::npos && t.back() == ')') t.resize(p);
            if (info.crash_title == t)
                ++same_crash;
            else if (reports < 400)
                std::cout << "TITLE " << t << " | CRASH " << info.crash_title << "\n";
        }
        if (info.kind == lkmine::SyzbotKind::cause_bisection && !info.inconclusive) {
            ++cause;
            if (info.culprit_sha.size() == 40) ++cause_sha;
        }
        if (info.kind == lkmine::SyzbotKind::fix_bisection) {
            ++fix;
            if (info.culprit_sha.size() == 40) ++fix_sha;
        }
    }
    std::cout << "reports " << reports << ", crash_title==subject " << same_crash << " ("
              << double(same_crash) / std::max(reports, 1) << "), cause " << cause << "/"
              << cause_sha << ", fix " << fix << "/" << fix_sha << "\n";
    EXPECT_GE(reports, 380); // 389 measured; the rest are "test error"/bisection-only starters
    EXPECT_EQ(titled, reports);
    EXPECT_EQ(cause, 41);
    EXPECT_EQ(cause_sha, 41);
    EXPECT_GE(fix, 41); // corpus notes say 41; one Re: result also carries the phrase
    EXPECT_EQ(fix_sha, fix);
    EXPECT_GE(double(same_crash) / reports, 0.75); // 0.77: flowed bodies re-wrap report lines
}

TEST(SyzbotMail, FirstReportFields) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    auto mails = load("syzbot-sent-mails.mbox");
    ASSERT_GE(mails.size(), 2u);
    const Mail& m = mails[1]; // read by hand: possible deadlock in __do_page_fault (2)
    auto info = lkmine::parse_syzbot_mail(m.from, m.subject, m.body, {m.to_cc});
    EXPECT_EQ(info.kind, lkmine::SyzbotKind::report);
    EXPECT_EQ(info.extid, "606e524a3ca9617cf8c0");
    EXPECT_EQ(info.title, "possible deadlock in __do_page_fault (2)");
    EXPECT_EQ(info.head_commit, "3c09c195 Add linux-next specific files for 20190531");
    EXPECT_EQ(info.git_tree, "linux-next");
    EXPECT_EQ(info.config_link, "https://syzkaller.appspot.com/x/.config?x=6cfb24468280cd5c");
    EXPECT_EQ(info.compiler, "gcc (GCC) 9.0.0 20181231 (experimental)");
    EXPECT_EQ(info.crash_title, "possible deadlock in __do_page_fault");
}

TEST(SyzbotMail, ReplyCommands) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    auto mails = load("syzbot-thread-replies.mbox");
    int with_syz = 0, with_close = 0, base64 = 0;
    for (const auto& m : mails) {
        if (m.base64) {
            ++base64;
            continue;
        }
        auto cmds = lkmine::parse_syz_commands(m.body);
        if (!cmds.empty()) ++with_syz;
        for (const auto& c : cmds)
            if (c.command == "fix" || c.command == "dup" || c.command == "invalid") {
                ++with_close;
                break;
            }
    }
    std::cout << "replies " << mails.size() << ", base64 skipped " << base64 << ", with #syz "
              << with_syz << ", with fix/dup/invalid " << with_close << "\n";
    EXPECT_EQ(mails.size(), 738u);
    EXPECT_GE(with_syz, 120);
    EXPECT_LE(with_syz, 150);
    EXPECT_GE(with_close, 60);
    EXPECT_LE(with_close, 75);
}

TEST(SyzbotMail, ReportedByTrailers) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    auto mails = load("reported-by-syzbot-patches.mbox");
    int with_id = 0;
    for (const auto& m : mails)
        with_id += !lkmine::reported_by_extids(m.body).empty();
    EXPECT_GE(with_id, 360) << "of " << mails.size();
}

TEST(SyzbotMail, HandWritten) {
    auto cmds = lkmine::parse_syz_commands("> #syz invalid\n#syz fix: ext4: fix a bug\n"
                                           "#syz test: git://git.kernel.org/a.git master\n"
                                           "#syzbot nope\n  #syz dup: KASAN: x in y\n#syz undup\n");
    ASSERT_EQ(cmds.size(), 4u);
    EXPECT_EQ(cmds[0].command, "fix");
    EXPECT_EQ(cmds[0].argument, "ext4: fix a bug");
    EXPECT_EQ(cmds[1].command, "test");
    EXPECT_EQ(cmds[1].argument, "git://git.kernel.org/a.git master");
    EXPECT_EQ(cmds[2].argument, "KASAN: x in y");
    EXPECT_EQ(cmds[3].command, "undup");
    auto ids = lkmine::reported_by_extids(
        "Reported-by: syzbot+abc123def456@syzkaller.appspotmail.com\n"
        "reported-by: syzbot+abc123def456@syzkaller.appspotmail.com\nReported-by: a@b.c\n");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ids[0], "abc123def456");
}

} // namespace
