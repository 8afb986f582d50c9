// range_diff(): pairing the patches of two revisions as a reviewer reads `git range-diff`.
#include "core/mail/parse.hpp"
#include "core/patch/range_diff.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace lkmine {
namespace {

// A one-file diff adding `lines` (each prefixed '+') to `file` at line `at`.
std::string diff_of(const std::string& file, const std::vector<std::string>& lines, int at = 10,
                    const std::string& index = "index 1111111..2222222 100644") {
    std::string d = "diff --git a/" + file + " b/" + file + "\n" + index + "\n--- a/" + file +
                    "\n+++ b/" + file + "\n@@ -" + std::to_string(at) + ",3 +" +
                    std::to_string(at) + "," + std::to_string(3 + lines.size()) +
                    " @@ int f(void)\n context\n";
    for (const auto& l : lines)
        d += "+" + l + "\n";
    d += " context\n context\n";
    return d;
}

std::vector<std::string> body(const std::string& tag, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i)
        out.push_back(tag + " line " + std::to_string(i) + ";");
    return out;
}

// "a:b:s" per pair: positions 1-based, '-' for none, status.
std::vector<std::string> shape(const std::vector<RangeDiffPair>& pairs) {
    std::vector<std::string> out;
    for (const auto& p : pairs)
        out.push_back((p.a ? std::to_string(*p.a + 1) : "-") + ":" +
                      (p.b ? std::to_string(*p.b + 1) : "-") + ":" + p.status);
    return out;
}

TEST(RangeDiff, SameSeriesRebasedIsAllEqual) {
    std::vector<RangeDiffPatch> a = {{"mm: one", diff_of("mm/a.c", body("one", 5))},
                                     {"mm: two", diff_of("mm/b.c", body("two", 5))}};
    // Rebased: other hunk positions and index lines, same changes.
    std::vector<RangeDiffPatch> b = {
        {"mm: one", diff_of("mm/a.c", body("one", 5), 40, "index 3333333..4444444 100644")},
        {"mm: two", diff_of("mm/b.c", body("two", 5), 77, "index 5555555..6666666 100644")}};
    auto r = range_diff(a, b);
    EXPECT_EQ(shape(r), (std::vector<std::string>{"1:1:=", "2:2:="}));
    EXPECT_EQ(r[0].method, "diff");
    EXPECT_TRUE(r[0].interdiff.empty());
}

TEST(RangeDiff, ChangedPatchCarriesItsInterdiff) {
    std::vector<RangeDiffPatch> a = {{"net: fix", diff_of("net/x.c", {"a = 1;", "b = 2;"})}};
    std::vector<RangeDiffPatch> b = {{"net: fix", diff_of("net/x.c", {"a = 1;", "b = 3;"})}};
    auto r = range_diff(a, b);
    ASSERT_EQ(shape(r), (std::vector<std::string>{"1:1:!"}));
    EXPECT_EQ(r[0].method, "subject");
    EXPECT_NE(r[0].interdiff.find("-+b = 2;\n"), std::string::npos) << r[0].interdiff;
    EXPECT_NE(r[0].interdiff.find("++b = 3;\n"), std::string::npos) << r[0].interdiff;
}

TEST(RangeDiff, DroppedAndNewPatchesInGitOrder) {
    // v1: A B C; v2: A C' D, with B dropped, C changed, D new.
    std::vector<RangeDiffPatch> a = {{"x: a", diff_of("a.c", body("a", 6))},
                                     {"x: b", diff_of("b.c", body("b", 6))},
                                     {"x: c", diff_of("c.c", body("c", 6))}};
    auto c2 = body("c", 6);
    c2[3] = "changed;";
    std::vector<RangeDiffPatch> b = {{"x: a", diff_of("a.c", body("a", 6))},
                                     {"x: c", diff_of("c.c", c2)},
                                     {"x: d", diff_of("d.c", body("d", 6))}};
    auto r = range_diff(a, b);
    EXPECT_EQ(shape(r), (std::vector<std::string>{"1:1:=", "2:-:<", "3:2:!", "-:3:>"}));
    const std::string text = format_range_diff(r, a, b);
    EXPECT_EQ(text.rfind("1:  x: a = 1:  x: a\n2:  x: b < -:  -------\n3:  x: c ! 2:  x: c\n"
                         "    @@ diff --git a/c.c b/c.c\n",
                         0),
              0u)
        << text;
    EXPECT_NE(text.find("\n    ++changed;\n    -+c line 3;\n"), std::string::npos) << text;
    EXPECT_EQ(text.substr(text.size() - 23), "-:  ------- > 3:  x: d\n") << text;
}

TEST(RangeDiff, ReorderedPatchesPairByDiff) {
    std::vector<RangeDiffPatch> a = {{"one", diff_of("a.c", body("a", 4))},
                                     {"two", diff_of("b.c", body("b", 4))},
                                     {"three", diff_of("c.c", body("c", 4))}};
    std::vector<RangeDiffPatch> b = {a[2], a[0], a[1]};
    auto r = range_diff(a, b);
    // git's order: B's order; A's patches follow their pairs.
    EXPECT_EQ(shape(r), (std::vector<std::string>{"3:1:=", "1:2:=", "2:3:="}));
}

TEST(RangeDiff, RenamedSubjectPairsBySimilarity) {
    auto v2 = body("resize", 20);
    v2[5] = "mutex_lock(&dev->lock);";
    std::vector<RangeDiffPatch> a = {{"lkdemo: add ioctl", diff_of("lkdemo.c", body("resize", 20))},
                                     {"lkdemo: sysfs", diff_of("sysfs.c", body("sysfs", 20))}};
    std::vector<RangeDiffPatch> b = {
        {"lkdemo: expose sysfs files", diff_of("sysfs.c", body("sysfs", 20))},
        {"lkdemo: add LKDEMO_IOC_RESIZE", diff_of("lkdemo.c", v2)}};
    auto r = range_diff(a, b);
    EXPECT_EQ(shape(r), (std::vector<std::string>{"2:1:=", "1:2:!"}));
    EXPECT_EQ(r[0].method, "diff");
    EXPECT_EQ(r[1].method, "similar");
}

TEST(RangeDiff, UnrelatedPatchesStayApart) {
    // Nothing in common but the position: dropping one and adding the other is cheaper.
    std::vector<RangeDiffPatch> a = {{"old idea", diff_of("a.c", body("old", 10))}};
    std::vector<RangeDiffPatch> b = {{"new idea", diff_of("b.c", body("new", 10))}};
    EXPECT_EQ(shape(range_diff(a, b)), (std::vector<std::string>{"1:-:<", "-:1:>"}));
}

TEST(RangeDiff, SubjectsMatchNormalisedAndRepeatedOnesInOrder) {
    std::vector<RangeDiffPatch> a = {{"Fix Typo.", diff_of("a.c", {"x;"})},
                                     {"fix typo", diff_of("b.c", {"y;"})}};
    std::vector<RangeDiffPatch> b = {{"fix   typo", diff_of("a.c", {"x2;"})},
                                     {"FIX TYPO", diff_of("b.c", {"y2;"})}};
    EXPECT_EQ(shape(range_diff(a, b)), (std::vector<std::string>{"1:1:!", "2:2:!"}));
}

TEST(RangeDiff, EmptyAndDiffless) {
    EXPECT_TRUE(range_diff({}, {}).empty());
    std::vector<RangeDiffPatch> a = {{"doc only", ""}};
    EXPECT_EQ(shape(range_diff(a, {})), (std::vector<std::string>{"1:-:<"}));
    EXPECT_EQ(shape(range_diff({}, a)), (std::vector<std::string>{"-:1:>"}));
    // Two mails without a diff and with the same subject: the same patch, nothing to compare.
    EXPECT_EQ(shape(range_diff(a, a)), (std::vector<std::string>{"1:1:="}));
    std::vector<RangeDiffPatch> junk = {{"", std::string("diff --git \0\n@@\n+\xff\n", 20)}};
    EXPECT_EQ(range_diff(junk, junk).size(), 1u);
}

TEST(RangeDiff, HugeInputsStayBounded) {
    // 2 x 1000 distinct patches with distinct subjects: far over the assignment bound, so
    // they stay unpaired instead of a 2000^3 assignment.
    std::vector<RangeDiffPatch> a, b;
    for (int i = 0; i < 1000; ++i) {
        a.push_back({"a" + std::to_string(i), diff_of("f.c", body("a" + std::to_string(i), 3))});
        b.push_back({"b" + std::to_string(i), diff_of("f.c", body("b" + std::to_string(i), 3))});
    }
    auto t0 = std::chrono::steady_clock::now();
    auto r = range_diff(a, b);
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(r.size(), 2000u);
    EXPECT_LT(secs, 5.0);
}

TEST(RangeDiff, Deterministic) {
    std::vector<RangeDiffPatch> a, b;
    for (int i = 0; i < 30; ++i) {
        a.push_back({"p" + std::to_string(i), diff_of("f.c", body("same", 4))});
        b.push_back({"q" + std::to_string(i), diff_of("f.c", body("same", 4))});
    }
    auto r1 = range_diff(a, b), r2 = range_diff(a, b);
    EXPECT_EQ(shape(r1), shape(r2));
    // Equal diffs pair in order.
    EXPECT_EQ(shape(r1).front(), "1:1:=");
    EXPECT_EQ(shape(r1).back(), "30:30:=");
}

// Real series from the linux-fscrypt epoch, read with git and parse_message(). What each pair
// should be was checked by reading the mails: Brauner's v4 reworked every patch (s_op->i_fscrypt
// became s_cop->inode_info_offs, as Eric Biggers asked) and added two documentation patches;
// Guan-Chun Wu's base64 v5 changed patches 2 and 3 only (3 by one line).
std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    return out;
}

// The [PATCH vREV i/TOTAL] mails of `author`, by index: subject and diff as the index keeps them.
std::vector<RangeDiffPatch> fscrypt_revision(const std::string& author, int rev, int total) {
    const std::string git =
        "git --git-dir='" +
        (test::shared_corpora() / "public-inbox/linux-fscrypt/git/0.git").string() + "'";
    std::map<int, RangeDiffPatch> by_index;
    std::string log = run(git + " log --format='%H %an' --author='" + author + "'");
    for (std::size_t pos = 0; pos < log.size();) {
        std::size_t end = log.find('\n', pos);
        if (end == std::string::npos) end = log.size();
        std::string sha = log.substr(pos, 40);
        pos = end + 1;
        Message m = parse_message(RawMessage{run(git + " show " + sha + ":m"), {}, {}});
        const SubjectInfo& s = m.subject_info;
        if (s.is_reply || !s.is_patch || s.revision != rev || s.total != total || s.index < 1)
            continue;
        RangeDiffPatch p{s.clean, {}};
        for (const auto& patch : m.patches)
            p.diff += patch.text;
        by_index[s.index] = std::move(p);
    }
    std::vector<RangeDiffPatch> out;
    for (auto& [i, p] : by_index)
        out.push_back(std::move(p));
    return out;
}

TEST(RangeDiffReal, FscryptSeriesWithTwoNewPatches) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    auto v3 = fscrypt_revision("Christian Brauner", 3, 13);
    auto v4 = fscrypt_revision("Christian Brauner", 4, 15);
    ASSERT_EQ(v3.size(), 13u);
    ASSERT_EQ(v4.size(), 15u);
    auto r = range_diff(v3, v4);
    std::vector<std::string> want;
    for (int i = 1; i <= 7; ++i)
        want.push_back(std::to_string(i) + ":" + std::to_string(i) + ":!");
    want.push_back("-:8:>"); // fscrypt: rephrase documentation and comments
    for (int i = 8; i <= 13; ++i)
        want.push_back(std::to_string(i) + ":" + std::to_string(i + 1) + ":!");
    want.push_back("-:15:>"); // fsverity: rephrase documentation and comments
    EXPECT_EQ(shape(r), want);
    EXPECT_EQ(v4[7].subject, "fscrypt: rephrase documentation and comments");
    // Patch 1: the new field in fscrypt_operations replaces the one in super_operations.
    EXPECT_NE(r[0].interdiff.find("++\tptrdiff_t inode_info_offs;\n"), std::string::npos)
        << r[0].interdiff;
    EXPECT_NE(r[0].interdiff.find("-+\tptrdiff_t i_fscrypt;\n"), std::string::npos)
        << r[0].interdiff;
    std::printf("%s...\n", format_range_diff(r, v3, v4).substr(0, 1500).c_str());
}

TEST(RangeDiffReal, Base64SeriesPairsByDiffAloneToo) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    auto v4 = fscrypt_revision("Guan-Chun Wu", 4, 6);
    auto v5 = fscrypt_revision("Guan-Chun Wu", 5, 6);
    ASSERT_EQ(v4.size(), 6u);
    ASSERT_EQ(v5.size(), 6u);
    const std::vector<std::string> want = {"1:1:=", "2:2:!", "3:3:!", "4:4:=", "5:5:=", "6:6:="};
    EXPECT_EQ(shape(range_diff(v4, v5)), want);
    // Without subjects the similarity step alone finds the same pairs.
    for (auto* side : {&v4, &v5})
        for (auto& p : *side)
            p.subject.clear();
    auto blind = range_diff(v4, v5);
    EXPECT_EQ(shape(blind), want);
    EXPECT_EQ(blind[1].method, "similar");
    EXPECT_EQ(blind[2].method, "similar");
}

} // namespace
} // namespace lkmine
