// Crash titles checked against syzkaller's own linux report test suite and hand-written logs.
#include "core/syzbot/crash_title.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

using lkmine::crash_title;
using lkmine::normalize_title;

struct Case {
    std::string title; // "" when no crash is expected
    std::string log;
};

// Header lines ("TITLE: ...") up to the first blank line, then the log, then an optional
// "REPORT:" section with syzkaller's expected report (not part of the console log).
Case parse_case(const std::string& data) {
    Case c;
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t nl = data.find('\n', pos);
        if (nl == std::string::npos) nl = data.size();
        std::string line = data.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) break;
        if (line.rfind("TITLE: ", 0) == 0) c.title = line.substr(7);
    }
    c.log = pos < data.size() ? data.substr(pos) : "";
    std::size_t rep = c.log.find("\nREPORT:\n");
    if (rep != std::string::npos) c.log.resize(rep + 1);
    return c;
}

TEST(CrashTitle, SyzkallerLinuxReportSuite) {
    LKMINE_REQUIRE_CORPUS("syzkaller-report-testdata/linux-report");
    auto dir = lkmine::test::shared_corpora() / "syzkaller-report-testdata/linux-report";
    int total = 0, exact = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        Case c = parse_case(lkmine::test::read_file(entry.path()));
        std::string got = crash_title(c.log);
        ++total;
        if (got == c.title) {
            ++exact;
        } else {
            std::cout << "MISMATCH " << entry.path().filename().string()
                      << "\n  expected: " << c.title << "\n  got:      " << got << "\n";
        }
    }
    double share = total ? double(exact) / total : 0;
    std::cout << "exact titles: " << exact << "/" << total << " = " << share << "\n";
    EXPECT_GT(total, 300);
    EXPECT_GE(share, 0.97); // 367/373 measured
}

TEST(CrashTitle, KasanFromConsole) {
    const char* log =
        "[   10.000000] random line\n"
        "[   11.123456] ==================================================================\n"
        "[   11.123457] BUG: KASAN: use-after-free in tcp_close+0x12/0x300 net/ipv4/tcp.c:10\n"
        "[   11.123458] Read of size 8 at addr ffff88801234 by task syz-executor.3/1234\n"
        "[   11.123459] Call Trace:\n"
        "[   11.123460]  dump_stack+0x10/0x20\n"
        "[   11.123461]  kasan_report+0x10/0x20\n"
        "[   11.123462]  tcp_close+0x12/0x300\n"
        "[   11.123463]  inet_release+0x12/0x300\n";
    EXPECT_EQ(crash_title(log), "KASAN: use-after-free Read in tcp_close");
}

TEST(CrashTitle, WarningAndNoCrash) {
    const char* warn = "WARNING: CPU: 1 PID: 3 at net/core/dev.c:123 dev_foo+0x1/0x2\n"
                       "Modules linked in:\n"
                       "RIP: 0010:dev_foo+0x1/0x2 net/core/dev.c:123\n"
                       "Call Trace:\n"
                       " bar+0x1/0x2\n";
    EXPECT_EQ(crash_title(warn), "WARNING in dev_foo");
    EXPECT_EQ(crash_title("nothing to see here\nWARNING: /etc/ssh/moduli does not exist, "
                          "using fixed modulus\n"),
              "");
    EXPECT_EQ(crash_title(""), "");
    EXPECT_EQ(crash_title("BUG: Bad rss-counter state mm:000000 type:MM_FILEPAGES val:1\n"),
              "BUG: Bad rss-counter state");
}

TEST(CrashTitle, HostileInputDoesNotCrash) {
    std::string big(4 << 20, 'a');
    big += "\nBUG: KASAN: " + std::string(1 << 20, '(') + "\n";
    std::string nul("WARNING: \0\xff\xfe in x\n", 20);
    EXPECT_NO_FATAL_FAILURE(crash_title(big));
    EXPECT_NO_FATAL_FAILURE(crash_title(nul));
}

TEST(NormalizeTitle, GroupsVariants) {
    EXPECT_EQ(normalize_title("KASAN: use-after-free Read in tcp_close (2)"),
              normalize_title("KASAN: use-after-free Read in tcp_close"));
    EXPECT_EQ(normalize_title("[syzbot] [net?] WARNING in foo.isra.0"), "WARNING in foo");
    EXPECT_EQ(normalize_title("general protection fault in bar.cold (3)"),
              "general protection fault in bar");
    EXPECT_EQ(normalize_title("BUG: unable to handle page fault at ffff88801234abcd"),
              "BUG: unable to handle page fault at ADDR");
    EXPECT_EQ(normalize_title("possible deadlock in cfg80211_netdev_notifier_call"),
              "possible deadlock in cfg80211_netdev_notifier_call");
}

} // namespace
