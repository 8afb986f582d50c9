// `lkmine range-diff` on the lore sample: v1 -> v2 of the ringbuf series as read from the mails,
// and the same pairing as `git range-diff` of the two revisions applied onto the sample kernel.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

namespace lkmine::test {
namespace {

using nlohmann::json;

const std::string kV1Cover = "20240205-ringbuf-resize-v1-0-3c9f1e2d7a44@example.com";
const std::string kV2Cover = "20240212-ringbuf-resize-v2-0-8b1d4f6a2e90@example.com";
const std::string kV2Ioctl = "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com";
const std::string kV1Ioctl = "20240205-ringbuf-resize-v1-2-3c9f1e2d7a44@example.com";

class RangeDiffCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        auto r = lkmine({"index", "-q", "--db", db(), (lore_sample() / "linux-demo").string()});
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return (dir_->path() / "db").string(); }
    static TempDir* dir_;
};
TempDir* RangeDiffCli::dir_ = nullptr;

// `lkmine am --range-diff`: the mbox on stdout stays clean, the range-diff against v1 goes to
// standard error or a file and says what `lkmine range-diff` says.
TEST_F(RangeDiffCli, AmWritesTheRangeDiffBesideTheMbox) {
    auto plain = lkmine({"am", "--db", db(), kV2Ioctl});
    ASSERT_EQ(plain.status, 0) << plain.err;
    auto r = lkmine({"am", "--db", db(), "--range-diff", "-", kV2Ioctl});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, plain.out) << "the mbox must not change";
    auto rd = lkmine({"range-diff", "--db", db(), kV1Cover, kV2Ioctl});
    ASSERT_EQ(rd.status, 0) << rd.err;
    const std::string body = rd.out.substr(rd.out.find("\n\n") + 2); // after from/to lines
    EXPECT_NE(r.err.find("range-diff v1 <" + kV1Cover + "> -> v2 <" + kV2Cover + ">"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(body), std::string::npos) << r.err << "\n---\n" << body;
    TempDir t;
    const std::string file = (t.path() / "rd.txt").string();
    auto f = lkmine({"am", "--db", db(), "--range-diff", file, kV2Ioctl});
    ASSERT_EQ(f.status, 0) << f.err;
    EXPECT_EQ(f.out, plain.out);
    EXPECT_NE(read_bytes(file).find(body), std::string::npos);
    // The first revision has nothing to compare with: said, not an error.
    auto first = lkmine({"am", "--db", db(), "-v", "1", "--range-diff", "-", kV2Ioctl});
    EXPECT_EQ(first.status, 0) << first.err;
    EXPECT_NE(first.err.find("first revision"), std::string::npos) << first.err;
}

// "a:b:s" per pair, as the unit tests write it.
std::vector<std::string> shape(const json& pairs) {
    std::vector<std::string> out;
    for (const auto& p : pairs)
        out.push_back(
            (p["a"].is_null() ? std::string("-") : std::to_string(p["a"]["index"].get<int>())) +
            ":" +
            (p["b"].is_null() ? std::string("-") : std::to_string(p["b"]["index"].get<int>())) +
            ":" + p["status"].get<std::string>());
    return out;
}

// Read by hand from corpora/lore-sample/mails 11-13 and 21-23: 1/3 has the same diff (only a
// Reviewed-by was added); 2/3 takes the size through a __u32 pointer, caps it and documents the
// ioctl; 3/3 adds the sysfs documentation and keeps its code.
TEST_F(RangeDiffCli, V1ToV2OfTheSampleSeries) {
    auto r = lkmine({"range-diff", "--db", db(), "--json", kV1Cover, kV2Ioctl});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["from"]["revision"], 1);
    EXPECT_EQ(j["to"]["revision"], 2);
    EXPECT_EQ(j["from"]["head"]["message_id"], kV1Cover);
    EXPECT_EQ(j["to"]["head"]["message_id"], kV2Cover);
    ASSERT_EQ(shape(j["pairs"]), (std::vector<std::string>{"1:1:=", "2:2:!", "3:3:!"}));
    EXPECT_EQ(j["pairs"][1]["a"]["message_id"], kV1Ioctl);
    EXPECT_EQ(j["pairs"][1]["b"]["message_id"], kV2Ioctl);
    EXPECT_EQ(j["pairs"][0]["interdiff"], "");
    const std::string ioctl = j["pairs"][1]["interdiff"];
    for (const char* line : {"-+\t\treturn ringbuf_resize(&lkdemo->ring, arg, GFP_KERNEL);\n",
                             "++\t\treturn ringbuf_resize(&lkdemo->ring, size, GFP_KERNEL);\n",
                             "++#define LKDEMO_MAX_SIZE\t\t(1024 * 1024)\n",
                             "-+#define LKDEMO_IOC_RESIZE\t_IO(LKDEMO_IOC_MAGIC, 1)\n",
                             "++#define LKDEMO_IOC_RESIZE\t_IOW(LKDEMO_IOC_MAGIC, 1, __u32)\n",
                             "+diff --git a/Documentation/misc/lkdemo.rst "})
        EXPECT_NE(ioctl.find(line), std::string::npos) << line << "\n" << ioctl;
    const std::string sysfs = j["pairs"][2]["interdiff"];
    EXPECT_NE(sysfs.find("+diff --git a/Documentation/misc/lkdemo.rst"), std::string::npos)
        << sysfs;
    EXPECT_NE(sysfs.find("++sysfs\n"), std::string::npos) << sysfs;
    // Its code is the same in both: no changed line of lkdemo.c.
    EXPECT_EQ(sysfs.find("+sysfs_emit"), std::string::npos) << sysfs;
    EXPECT_EQ(sysfs.find("+\tlkdemo->misc.groups"), std::string::npos) << sysfs;

    // One mail (any of v2's, even a reply) compares the revision before it with its own; the
    // text reads like git range-diff.
    auto t = lkmine({"range-diff", "--db", db(), kV2Cover});
    ASSERT_EQ(t.status, 0) << t.err;
    EXPECT_NE(t.out.find("\n1:  ringbuf: add ringbuf_resize() = 1:  ringbuf: add ringbuf_resize()\n"
                         "2:  lkdemo: add LKDEMO_IOC_RESIZE ioctl ! 2:  lkdemo: add "
                         "LKDEMO_IOC_RESIZE ioctl\n    @@ "),
              std::string::npos)
        << t.out;
    EXPECT_NE(t.out.find("\n3:  lkdemo: expose ring size and fill level in sysfs ! 3:  "),
              std::string::npos)
        << t.out;
    EXPECT_EQ(t.out.rfind("from v1  2024-02-05  3 patches <" + kV1Cover + ">\nto   v2  ", 0), 0u)
        << t.out;
    auto reply = lkmine({"range-diff", "--db", db(), "--json",
                         "ZcoqB5d2sNf8Hk1L@ringbuf.example.org"}); // Acked-by on v2 1/3
    ASSERT_EQ(reply.status, 0) << reply.err;
    EXPECT_EQ(shape(json::parse(reply.out)["pairs"]), shape(j["pairs"]));
}

TEST_F(RangeDiffCli, Errors) {
    auto first = lkmine({"range-diff", "--db", db(), kV1Cover});
    EXPECT_EQ(first.status, 1);
    EXPECT_NE(first.err.find("first revision"), std::string::npos) << first.err;
    auto missing = lkmine({"range-diff", "--db", db(), "no-such@example.org", kV2Cover});
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("no-such@example.org"), std::string::npos) << missing.err;
    auto help = lkmine({"range-diff", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("MSGID_B"), std::string::npos) << help.out;
}

// The oracle: both revisions applied with git am onto the sample kernel's v0.1 (their
// base-commit) and compared by git range-diff itself. git pairs by diff alone, and finds v1 2/3
// and v2 2/3 too different (dropped + new); lkmine pairs them by their subject and agrees on the
// rest.
TEST_F(RangeDiffCli, PairsLikeGitRangeDiff) {
    TempDir t;
    const std::string kernel = (t / "kernel").string();
    auto k = run({"bash", (project_corpora() / "build-kernel-sample.sh").string(), kernel});
    ASSERT_EQ(k.status, 0) << k.err;
    auto am = [&](const std::string& branch, const std::vector<const char*>& mails) {
        std::string files;
        for (const char* m : mails)
            files += " " + quote(sample_mail(m).string());
        return sh("cd " + quote(kernel) + " && git checkout -q -b " + branch +
                  " v0.1 && GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org git am -q" +
                  files);
    };
    auto a1 = am("v1", {"11-", "12-", "13-"});
    ASSERT_EQ(a1.status, 0) << a1.err;
    auto a2 = am("v2", {"21-", "22-", "23-"});
    ASSERT_EQ(a2.status, 0) << a2.err;
    auto g = sh("cd " + quote(kernel) + " && git range-diff --no-color v0.1..v1 v0.1..v2");
    ASSERT_EQ(g.status, 0) << g.err;
    // "1:  abcdef0 ! 1:  1234567 subject": git's '!' also counts message changes (the new
    // trailers), so only the positions are compared.
    std::vector<std::string> git_pairs;
    std::regex head(R"(^\s*([0-9]+|-):\s+[0-9a-f-]+ [=!<>] \s*([0-9]+|-):\s+[0-9a-f-]+ )");
    std::istringstream in(g.out);
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_search(line, m, head)) git_pairs.push_back(m[1].str() + ":" + m[2].str());
    }
    EXPECT_EQ(git_pairs, (std::vector<std::string>{"1:1", "2:-", "-:2", "3:3"})) << g.out;
    auto r = lkmine({"range-diff", "--db", db(), "--json", kV1Cover, kV2Cover});
    ASSERT_EQ(r.status, 0) << r.err;
    json pairs = json::parse(r.out)["pairs"];
    std::vector<std::string> ours;
    for (const auto& s : shape(pairs))
        ours.push_back(s.substr(0, s.rfind(':')));
    EXPECT_EQ(ours, (std::vector<std::string>{"1:1", "2:2", "3:3"}));
    EXPECT_EQ(pairs[0]["method"], "diff");
    EXPECT_EQ(pairs[1]["method"], "subject");
    EXPECT_EQ(pairs[2]["method"], "subject");
}

} // namespace
} // namespace lkmine::test
