// Checks parse_subject()/normalize_subject() on subject shapes taken from real kernel lists.
#include "core/patch/subject.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace lkmine {
namespace {

struct Case {
    const char* subject;
    std::vector<std::string> prefixes;
    int revision;
    int index;
    int total;
    bool is_reply;
    bool is_patch;
    const char* clean;
};

// Every subject below was seen in /work/shared/corpora (b4 samples, maple-tree thread,
// syzbot and ext4 mboxes, notmuch lkml corpus) unless marked "shape from the brief".
const std::vector<Case> cases = {
    {"[PATCH] maple_tree: Fix sparse reported issues",
     {"PATCH"},
     1,
     0,
     0,
     false,
     true,
     "maple_tree: Fix sparse reported issues"},
    {"Re: [PATCH] maple_tree: Fix sparse reported issues",
     {"PATCH"},
     1,
     0,
     0,
     true,
     true,
     "maple_tree: Fix sparse reported issues"},
    {"[PATCH Fix] maple_tree: Use metadata for mas_dead_leaves() walk",
     {"PATCH", "Fix"},
     1,
     0,
     0,
     false,
     true,
     "maple_tree: Use metadata for mas_dead_leaves() walk"},
    {"[RESEND PATCH for v10] maple_tree: Fix stale data copy in",
     {"RESEND", "PATCH", "for", "v10"},
     1,
     0,
     0,
     false,
     true,
     "maple_tree: Fix stale data copy in"},
    {"[PATCH 0/4] This is a cover for test series 1",
     {"PATCH"},
     1,
     0,
     4,
     false,
     true,
     "This is a cover for test series 1"},
    {"Re: [PATCH v2 2/2] Simple test 2", {"PATCH"}, 2, 2, 2, true, true, "Simple test 2"},
    {"[PATCH v3 2/2] Simple test 2", {"PATCH"}, 3, 2, 2, false, true, "Simple test 2"},
    {"do a thing to the widget subsystem",
     {},
     1,
     0,
     0,
     false,
     false,
     "do a thing to the widget subsystem"},
    {"Re: [RFC][PATCH 06/10] ext4: foo", {"RFC", "PATCH"}, 1, 6, 10, true, true, "ext4: foo"},
    {"[RFC][PATCH 00/10] ext4: foo", {"RFC", "PATCH"}, 1, 0, 10, false, true, "ext4: foo"},
    {"RE: [PATCH v2 5/7] x", {"PATCH"}, 2, 5, 7, true, true, "x"},
    {"AW: [syzbot] [ext4?] general protection fault in hrtimer_nanosleep",
     {"syzbot", "ext4?"},
     1,
     0,
     0,
     true,
     false,
     "general protection fault in hrtimer_nanosleep"},
    {"Re: Re: linux-next test error: BUG: using smp_processor_id() in",
     {},
     1,
     0,
     0,
     true,
     false,
     "linux-next test error: BUG: using smp_processor_id() in"},
    {"[PATCH -next v2] ext4: fix warning in 'ext4_da_release_space'",
     {"PATCH", "-next"},
     2,
     0,
     0,
     false,
     true,
     "ext4: fix warning in 'ext4_da_release_space'"},
    {"[PATCH -v2 mm 2/4] kasan: handle concurrent kasan_record_aux_stack calls",
     {"PATCH", "mm"},
     2,
     2,
     4,
     false,
     true,
     "kasan: handle concurrent kasan_record_aux_stack calls"},
    {"[PATCH -v5] mke2fs: warn about missing y2038 support",
     {"PATCH"},
     5,
     0,
     0,
     false,
     true,
     "mke2fs: warn about missing y2038 support"},
    {"[PATCH 5.10 2/2] ext4: don't set up encryption key during jbd2 transaction",
     {"PATCH", "5.10"},
     1,
     2,
     2,
     false,
     true,
     "ext4: don't set up encryption key during jbd2 transaction"},
    {"[PATCH 5.4.y 0/1] ext4: fix EXT4_MAX_LOGICAL_BLOCK macro",
     {"PATCH", "5.4.y"},
     1,
     0,
     1,
     false,
     true,
     "ext4: fix EXT4_MAX_LOGICAL_BLOCK macro"},
    {"[PATCH AUTOSEL 5.13 119/189] ext4: fix memory leak in ext4_fill_super",
     {"PATCH", "AUTOSEL", "5.13"},
     1,
     119,
     189,
     false,
     true,
     "ext4: fix memory leak in ext4_fill_super"},
    {"[PATCH 5.10 042/120] net: foo", {"PATCH", "5.10"}, 1, 42, 120, false, true, "net: foo"},
    {"[PATCH e2fsprogs v2] e2fsck: foo",
     {"PATCH", "e2fsprogs"},
     2,
     0,
     0,
     false,
     true,
     "e2fsck: foo"},
    {"[PATCH e2fsprogs 09/11] libext2fs: bar",
     {"PATCH", "e2fsprogs"},
     1,
     9,
     11,
     false,
     true,
     "libext2fs: bar"},
    {"[PATCH V2 07/12] ext4: baz", {"PATCH"}, 2, 7, 12, false, true, "ext4: baz"},
    {"[PATCH V6] ext4: baz", {"PATCH"}, 6, 0, 0, false, true, "ext4: baz"},
    {"[PATCHv5 1/1] ext4: qux", {"PATCH"}, 5, 1, 1, false, true, "ext4: qux"},
    {"[PATCHv2] ext4: qux", {"PATCH"}, 2, 0, 0, false, true, "ext4: qux"},
    {"[PATCH RFC 3/5] ext4: qux", {"PATCH", "RFC"}, 1, 3, 5, false, true, "ext4: qux"},
    {"[RFC 1/1] ext4: qux", {"RFC"}, 1, 1, 1, false, true, "ext4: qux"},
    {"[RFC] ext4: an idea", {"RFC"}, 1, 0, 0, false, false, "ext4: an idea"},
    {"[RFC PATCH] ext4: qux", {"RFC", "PATCH"}, 1, 0, 0, false, true, "ext4: qux"},
    {"[RESEND PATCH v2] ext4: qux", {"RESEND", "PATCH"}, 2, 0, 0, false, true, "ext4: qux"},
    {"[PATCH RESEND v2 11/12] ext4: qux", {"PATCH", "RESEND"}, 2, 11, 12, false, true, "ext4: qux"},
    {"[PATCH, resend] ext4: qux", {"PATCH", "resend"}, 1, 0, 0, false, true, "ext4: qux"},
    {"[PATCH v2 resend] ext4: qux", {"PATCH", "resend"}, 2, 0, 0, false, true, "ext4: qux"},
    {"[PATCH net-next v3] net: qux", {"PATCH", "net-next"}, 3, 0, 0, false, true, "net: qux"},
    {"[PATCH v3 mm 2/4] kasan: x", {"PATCH", "mm"}, 3, 2, 4, false, true, "kasan: x"},
    {"[PATCH v2][for-stable 5.10, 5.4, 4.19, 4.14] ext4: x",
     {"PATCH", "for-stable", "5.10", "5.4", "4.19", "4.14"},
     2,
     0,
     0,
     false,
     true,
     "ext4: x"},
    {"[PATCH][for stable 5.{15, 10} 4/4] ext4: x",
     {"PATCH", "for", "stable", "5.{15", "10}"},
     1,
     4,
     4,
     false,
     true,
     "ext4: x"},
    {"[Android 5.10] kernel BUG in ext4_free_blocks (2)",
     {"Android", "5.10"},
     1,
     0,
     0,
     false,
     false,
     "kernel BUG in ext4_free_blocks (2)"},
    {"Re: current->journal_info got nested! (was Re: [syzbot] [xfs?] x)",
     {},
     1,
     0,
     0,
     true,
     false,
     "current->journal_info got nested! (was Re: [syzbot] [xfs?] x)"},
    {"[notmuch] [PATCH 1/2] Close message file after parsing message headers",
     {"notmuch", "PATCH"},
     1,
     1,
     2,
     false,
     true,
     "Close message file after parsing message headers"},
    {"Re: [notmuch] Working with Maildir storage?",
     {"notmuch"},
     1,
     0,
     0,
     true,
     false,
     "Working with Maildir storage?"},
    // Shapes from the brief and b4's rules, not all in our corpora.
    {"[PATCH [net] 2/3] tcp: nested", {"PATCH", "net"}, 1, 2, 3, false, true, "tcp: nested"},
    {"[RFC PATCH net-next v2 0/5] net: cover",
     {"RFC", "PATCH", "net-next"},
     2,
     0,
     5,
     false,
     true,
     "net: cover"},
    {"[PATCH 1/3 v2] mm: counter first", {"PATCH"}, 2, 1, 3, false, true, "mm: counter first"},
    {"[PATCH] Re: mm: patch sent as reply",
     {"PATCH"},
     1,
     0,
     0,
     true,
     true,
     "mm: patch sent as reply"},
    {"Aw: Re: [PATCH v10 3/7]   mm:   spaced\tout ",
     {"PATCH"},
     10,
     3,
     7,
     true,
     true,
     "mm: spaced out"},
    {"Fwd: [PATCH] x", {"PATCH"}, 1, 0, 0, true, true, "x"},
    {"Fw: Sv: Antw: re: x", {}, 1, 0, 0, true, false, "x"},
    {"WG: [PATCH] x", {"PATCH"}, 1, 0, 0, true, true, "x"},
    {"Re[2]: [PATCH] x", {"PATCH"}, 1, 0, 0, true, true, "x"},
    {"(PATCH) not a group", {}, 1, 0, 0, false, false, "(PATCH) not a group"},
    {"mm: fix foo", {}, 1, 0, 0, false, false, "mm: fix foo"},
    {"Rework: not a reply", {}, 1, 0, 0, false, false, "Rework: not a reply"},
    {"[PATCH v2 foo: unclosed group", {}, 1, 0, 0, false, false, "[PATCH v2 foo: unclosed group"},
    {"[PATCH] [RFC] two groups", {"PATCH", "RFC"}, 1, 0, 0, false, true, "two groups"},
    {"", {}, 1, 0, 0, false, false, ""},
    {"[PATCH]", {"PATCH"}, 1, 0, 0, false, true, ""},
};

TEST(ParseSubject, RealShapes) {
    EXPECT_GE(cases.size(), 40u);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.subject);
        SubjectInfo s = parse_subject(c.subject);
        EXPECT_EQ(s.prefixes, c.prefixes);
        EXPECT_EQ(s.revision, c.revision);
        EXPECT_EQ(s.index, c.index);
        EXPECT_EQ(s.total, c.total);
        EXPECT_EQ(s.is_reply, c.is_reply);
        EXPECT_EQ(s.is_patch, c.is_patch);
        EXPECT_EQ(s.clean, c.clean);
    }
}

TEST(ParseSubject, HostileInputDoesNotHangOrExplode) {
    std::string many_groups;
    for (int i = 0; i < 100000; ++i)
        many_groups += "[a b] ";
    SubjectInfo s = parse_subject(many_groups + "tail");
    EXPECT_EQ(s.clean, "tail");
    EXPECT_LE(s.prefixes.size(), 64u);

    std::string nested(200000, '[');
    s = parse_subject(nested + "x");
    EXPECT_EQ(s.clean, nested + "x");

    std::string with_nul("Re: [PATCH v99999999999] a\0b", 28);
    s = parse_subject(with_nul);
    EXPECT_TRUE(s.is_reply);
    EXPECT_EQ(s.revision, 1); // too many digits to be a revision
    EXPECT_EQ(s.clean, "a b");

    s = parse_subject("Re: [PATCH 99999/3] \xff\xfe invalid utf-8");
    EXPECT_EQ(s.index, 0);
    EXPECT_EQ(s.clean, "\xff\xfe invalid utf-8");
}

TEST(NormalizeSubject, MatchesAcrossRevisionsAndReplies) {
    EXPECT_EQ(normalize_subject("[PATCH v3 2/7] Ext4: Fix   Foo."),
              normalize_subject("Re: [PATCH 2/7] ext4: fix foo"));
    EXPECT_EQ(normalize_subject("[PATCH] ext4: fix foo!"), "ext4: fix foo");
    EXPECT_NE(normalize_subject("ext4: fix foo"), normalize_subject("ext4: fix bar"));
    EXPECT_EQ(normalize_subject(""), "");
}

// Commit subjects of `git log` output: the first message line after the header block.
std::map<std::string, std::string> commit_subjects(const std::string& log) {
    std::map<std::string, std::string> out;
    std::istringstream in(log);
    std::string line, sha;
    bool want_subject = false;
    while (std::getline(in, line)) {
        if (line.rfind("commit ", 0) == 0) {
            sha = line.substr(7, 40);
            want_subject = true;
        } else if (want_subject && line.rfind("    ", 0) == 0) {
            out[sha] = line.substr(4);
            want_subject = false;
        }
    }
    return out;
}

TEST(NormalizeSubject, E2fsprogsMailsMatchTheirCommits) {
    LKMINE_REQUIRE_CORPUS("ext4-e2fsprogs-pairing");
    auto dir = test::shared_corpora() / "ext4-e2fsprogs-pairing";
    auto commits = commit_subjects(test::read_file(dir / "e2fsprogs-commits-since-2019-06.log"));
    ASSERT_GT(commits.size(), 1000u);
    std::istringstream tsv(test::read_file(dir / "mail-to-commit.tsv"));
    std::string line;
    int rows = 0, measured = 0, matched = 0;
    while (std::getline(tsv, line)) {
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string field; std::getline(ls, field, '\t');)
            f.push_back(field);
        if (f.size() < 4 || f[3] != "subject") continue;
        ++rows;
        // 116 rows name commits the log does not hold (fuse2fs work of 2025 on a branch
        // the log was not taken from); their commit subject is unknown here.
        auto it = commits.find(f[2]);
        if (it == commits.end()) continue;
        ++measured;
        if (normalize_subject(f[1]) == normalize_subject(it->second))
            ++matched;
        else
            ADD_FAILURE() << "miss: " << f[1] << " | " << it->second;
    }
    ASSERT_EQ(rows, 597);
    ASSERT_GE(measured, 450);
    double rate = double(matched) / measured;
    std::printf(
        "e2fsprogs subject rows: %d/%d match (%.4f); %d rows name a commit not in the log\n",
        matched, measured, rate, rows - measured);
    EXPECT_GE(rate, 0.99);
}

} // namespace
} // namespace lkmine
