// The syzbot commands of the lkmine CLI: symptom (text and JSON) on the sample, index
// --bisect-logs alone on the seed log, bisect-log --json, and crash-title on syzkaller's suite.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lkmine::test {
namespace {

using nlohmann::json;

const std::string kTitle = "slab-use-after-free Read in ringbuf_pop";

TEST(SymptomCli, SampleWithAndWithoutTheLog) {
    TempDir dir;
    std::string db = (dir / "db").string();
    auto ix = lkmine({"index", "--db", db, (lore_sample() / "linux-demo").string()});
    ASSERT_EQ(ix.status, 0) << ix.out << ix.err;

    auto text = lkmine({"symptom", "--db", db, kTitle});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("3f1c2a9e8b7d6c5e4f0a"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("culprit 558ddf0842cf"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("<20240301111027.40517-1-priya.raman@example.org>"), std::string::npos);
    EXPECT_NE(text.out.find("<c41f0e2a-5d7b-4b98-8e36-1a2b9c0d7e65@example.org>"),
              std::string::npos);
    EXPECT_NE(text.out.find("tested commits unknown"), std::string::npos); // no log yet

    auto logs = lkmine(
        {"index", "--db", db, "--bisect-logs", (project_corpora() / "syzbot-sample").string()});
    ASSERT_EQ(logs.status, 0) << logs.out << logs.err;
    auto js = lkmine({"symptom", "--db", db, "--json", kTitle});
    ASSERT_EQ(js.status, 0) << js.err;
    json j = json::parse(js.out);
    ASSERT_EQ(j["bugs"].size(), 1u);
    EXPECT_EQ(j["bugs"][0]["extid"], "3f1c2a9e8b7d6c5e4f0a");
    EXPECT_EQ(j["bugs"][0]["status"], "fixed");
    ASSERT_EQ(j["bisections"].size(), 1u);
    EXPECT_EQ(j["bisections"][0]["culprit"]["sha"], "558ddf0842cfa4df6dced9ffde150b81787d4144");
    EXPECT_EQ(j["bisections"][0]["tested"].size(), 4u);
    EXPECT_EQ(j["bisections"][0]["sources"].size(), 2u); // the result mail and the log
    bool culprit = false, fix = false;
    for (const auto& t : j["patches"]) {
        culprit |= t["role"] == "culprit" &&
                   t["message_id"] == "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com";
        fix |= t["role"] == "fix" &&
               t["message_id"] == "20240301111027.40517-1-priya.raman@example.org";
    }
    EXPECT_TRUE(culprit);
    EXPECT_TRUE(fix);
    EXPECT_FALSE(j["discussions"].empty());
}

TEST(SymptomCli, SeedLogOnly) {
    LKMINE_REQUIRE_CORPUS("seeds");
    TempDir dir;
    std::string db = (dir / "db").string();
    auto ix = lkmine({"index", "--db", db, "--bisect-logs", (shared_corpora() / "seeds").string()});
    ASSERT_EQ(ix.status, 0) << ix.out << ix.err;
    auto r = lkmine({"symptom", "--db", db, "--json", "BUG: Bad rss-counter state"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_EQ(j["bisections"].size(), 1u);
    const auto& b = j["bisections"][0];
    EXPECT_EQ(b["culprit"]["sha"].get<std::string>().substr(0, 12), "7f466032dc9e");
    EXPECT_EQ(b["tested"].size(), 16u);
    ASSERT_FALSE(b["warnings"].empty());
    EXPECT_NE(b["warnings"][0].get<std::string>().find("WARNING in __mmdrop"), std::string::npos);
}

TEST(SymptomCli, BisectLogJson) {
    auto r =
        lkmine({"bisect-log", "--json", (project_corpora() / "syzbot-sample/bisect.txt").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    for (const char* k : {"kind", "start_commit", "syzkaller_commit", "compiler", "tested",
                          "culprit", "cc", "crash", "revisions_tested", "time"})
        EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_EQ(j["kind"], "cause");
    EXPECT_EQ(j["start_commit"], "957f7aa6e62ca9f5fa9ff132d1b58537f68954dd");
    EXPECT_EQ(j["culprit"]["subject"], "lkdemo: add LKDEMO_IOC_RESIZE ioctl");
    EXPECT_EQ(j["tested"][0]["runs"].size(), 10u);
    EXPECT_EQ(j["tested"][0]["runs"][3]["title"],
              "KASAN: slab-use-after-free Write in ringbuf_push");
}

TEST(SymptomCli, CrashTitlePrintsOnlyTheTitle) {
    LKMINE_REQUIRE_CORPUS("syzkaller-report-testdata/linux-report");
    // File 0's header says TITLE: BUG: unable to handle kernel paging request in corrupted
    auto f = shared_corpora() / "syzkaller-report-testdata/linux-report/0";
    std::string data = read_file(f);
    std::string expected = data.substr(7, data.find('\n') - 7);
    auto r = lkmine({"crash-title", f.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, expected + "\n");
    auto mail = lkmine({"crash-title", sample_mail("40-").string()});
    EXPECT_EQ(mail.out, "KASAN: slab-use-after-free Read in ringbuf_pop\n");
    auto none = lkmine({"crash-title", sample_mail("01-").string()});
    EXPECT_EQ(none.status, 1);
    EXPECT_EQ(none.out, "");
}

} // namespace
} // namespace lkmine::test
