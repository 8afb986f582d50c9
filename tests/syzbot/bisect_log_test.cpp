// Bisection log parsing checked on the seed syzbot cause-bisection log (values read by hand).
#include "core/syzbot/bisect_log.hpp"
#include "core/syzbot/symptom.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

namespace {

TEST(BisectLog, SeedCauseBisection) {
    LKMINE_REQUIRE_CORPUS("seeds/000_b459dd56b6cfba70.txt");
    std::string text =
        lkmine::test::read_file(lkmine::test::shared_corpora() / "seeds/000_b459dd56b6cfba70.txt");
    ASSERT_TRUE(lkmine::looks_like_bisect_log(text));
    auto log = lkmine::parse_bisect_log(text);
    EXPECT_EQ(log.kind, "cause");
    EXPECT_EQ(log.start_commit, "6d21a41b7b1f46d5d5c3ddc26b55c5c4a6a826b9");
    EXPECT_EQ(log.syzkaller_commit, "7bb222f7bcce6f16c2e110f4c3270e009aaf55e7");
    EXPECT_EQ(log.compiler, "gcc (GCC) 8.1.0");
    ASSERT_EQ(log.tested.size(), 16u);
    EXPECT_EQ(log.tested[0].verdict, "bad");
    ASSERT_EQ(log.tested[0].runs.size(), 10u);
    EXPECT_EQ(log.tested[0].runs[4].n, 4);
    EXPECT_EQ(log.tested[0].runs[4].result, "crashed");
    EXPECT_EQ(log.tested[0].runs[4].title, "WARNING in __mmdrop");
    EXPECT_EQ(log.tested[1].label, "v5.2");
    EXPECT_EQ(log.tested[1].commit, "0ecfebd2b52404ae0c54a878c872bb93363ada36");
    EXPECT_EQ(log.tested[1].verdict, "good");
    EXPECT_EQ(log.tested[2].commit, "ef8f3d48afd6a17a0dae8c277c2f539c2f19fd16");
    EXPECT_EQ(log.tested[2].subject, "Merge branch 'akpm' (patches from Andrew)");
    EXPECT_EQ(log.tested[2].verdict, "good");
    EXPECT_EQ(log.tested[4].verdict, "bad"); // e2b9da9d...
    EXPECT_EQ(log.tested[14].commit, "7f466032dc9e5a61217f22ea34b2df932786bbfc");
    EXPECT_EQ(log.tested[14].verdict, "bad");
    EXPECT_EQ(log.tested[15].verdict, "good");
    int good = 0, bad = 0;
    for (const auto& t : log.tested)
        (t.verdict == "good" ? good : bad)++;
    EXPECT_EQ(good, 10); // the ten "all runs: OK" lines
    ASSERT_EQ(log.tested[1].runs.size(), 1u);
    EXPECT_EQ(log.tested[1].runs[0].n, -1);
    EXPECT_EQ(log.tested[1].runs[0].result, "OK");
    // The symptom timeline states what the log says, not an invented "0/1 crashed".
    auto b = lkmine::bisection_from_log(log, "BUG: Bad rss-counter state");
    ASSERT_EQ(b.tested.size(), 16u);
    EXPECT_EQ(b.tested[1].all_runs, "OK");
    EXPECT_EQ(b.tested[1].runs, 0);
    EXPECT_EQ(b.tested[0].all_runs, "");
    EXPECT_EQ(b.tested[0].runs, 10);
    EXPECT_EQ(bad, 6);
    ASSERT_FALSE(log.steps.empty());
    EXPECT_EQ(log.steps[0].action, "start");
    EXPECT_EQ(log.steps[0].args.size(), 2u);
    EXPECT_EQ(log.culprit.sha, "7f466032dc9e5a61217f22ea34b2df932786bbfc");
    EXPECT_EQ(log.culprit.author, "Jason Wang <jasowang@redhat.com>");
    EXPECT_EQ(log.culprit.date, "Fri May 24 04:12:18 2019 -0400");
    EXPECT_EQ(log.culprit.subject, "vhost: access vq metadata through kernel virtual address");
    EXPECT_NE(log.culprit.message.find("Signed-off-by: Michael S. Tsirkin <mst@redhat.com>"),
              std::string::npos);
    EXPECT_EQ(log.revisions_tested, 16);
    EXPECT_EQ(log.time.total, "3h47m13.001701913s");
    EXPECT_EQ(log.time.build, "1h33m5.265457212s");
    EXPECT_EQ(log.time.test, "2h8m40.552183076s");
    ASSERT_EQ(log.cc.size(), 10u);
    EXPECT_EQ(log.cc.front(), "aarcange@redhat.com");
    EXPECT_EQ(log.cc.back(), "mst@redhat.com");
    EXPECT_EQ(log.crash.title, "BUG: Bad rss-counter state");
    ASSERT_GE(log.crash.lines.size(), 3u);
    EXPECT_EQ(log.crash.lines[0], "BUG: Bad rss-counter state mm:000000001b47cd5c idx:0 val:241");
    EXPECT_TRUE(log.candidates.empty());
}

TEST(BisectLog, InconclusiveAndJunk) {
    const char* text = "bisecting fixing commit since 1111111111111111111111111111111111111111\n"
                       "testing commit 2222222222222222222222222222222222222222 with gcc 10\n"
                       "run #0: crashed: KASAN: use-after-free Read in foo\n"
                       "Bisection is inconclusive: the first good commit could be any of:\n"
                       "3333333333333333333333333333333333333333 net: fix a\n"
                       "4444444444444444444444444444444444444444 net: fix b\n"
                       "revisions tested: 2, total time: 1h\n";
    auto log = lkmine::parse_bisect_log(text);
    EXPECT_EQ(log.kind, "fix");
    ASSERT_EQ(log.tested.size(), 1u);
    EXPECT_EQ(log.tested[0].verdict, "good"); // still crashes: not fixed yet, "good" for git
    EXPECT_EQ(log.candidates.size(), 2u);
    EXPECT_EQ(log.time.total, "1h");
    EXPECT_FALSE(lkmine::looks_like_bisect_log("hello world"));
    auto empty = lkmine::parse_bisect_log(std::string("\0\xff\nrun #x\n# git bisect \n", 24));
    EXPECT_TRUE(empty.tested.empty());
}

} // namespace
