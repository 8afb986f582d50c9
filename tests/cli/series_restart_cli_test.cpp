// `lkmine series` on a series whose numbering restarted (RFC v1..v3, then "[PATCH v1]" when the
// RFC tag was dropped, as zero-copy RX for io_uring was posted in 2022): every revision listed
// in time order from any of them, the newest taken by `am`, an unrelated later reuse left out.
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lkmine::test {
namespace {

using nlohmann::json;

struct Rev {
    std::string tag, date, id; // "[RFC PATCH v2 0/2]" style prefix without counter, RFC 2822 date
};

// A cover and two patches in reply to it, each patch with its own one-line diff.
std::string revision_mails(const Rev& r, const std::string& title, int salt) {
    std::string out;
    for (int i = 0; i <= 2; ++i) {
        std::string id = r.id + "-" + std::to_string(i) + "@example.com";
        out += "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
               "From: Jo Demo <jo@example.com>\n"
               "To: demo@vger.kernel.org\n"
               "Date: " +
               r.date +
               "\n"
               "Message-ID: <" +
               id + ">\n";
        if (i > 0) out += "In-Reply-To: <" + r.id + "-0@example.com>\n";
        out += "Subject: " + r.tag + " " + std::to_string(i) + "/2] " +
               (i == 0 ? title : "demo: part " + std::to_string(i)) + "\n\n";
        if (i == 0) {
            out += "Cover text.\n\n";
            continue;
        }
        out += "Signed-off-by: Jo Demo <jo@example.com>\n---\n"
               "diff --git a/demo/part" +
               std::to_string(i) + ".c b/demo/part" + std::to_string(i) + ".c\n--- a/demo/part" +
               std::to_string(i) + ".c\n+++ b/demo/part" + std::to_string(i) +
               ".c\n@@ -1,1 +1,1 @@\n-int x = 0;\n"
               "+int x = " +
               std::to_string(salt * 10 + i) + ";\n\n";
    }
    return out;
}

const std::vector<Rev> kRevs = {
    {"[RFC v1", "Fri, 7 Oct 2022 10:00:00 +0000", "rfc1"},
    {"[RFC PATCH v2", "Tue, 18 Oct 2022 10:00:00 +0000", "rfc2"},
    {"[RFC PATCH v3", "Wed, 2 Nov 2022 10:00:00 +0000", "rfc3"},
    {"[PATCH v1", "Tue, 8 Nov 2022 10:00:00 +0000", "patch1"},
};
// The same author and title a year later: another series, not a restart of this one.
const Rev kLater = {"[PATCH", "Wed, 8 Nov 2023 10:00:00 +0000", "later"};

std::vector<std::string> heads(const json& j) {
    std::vector<std::string> out;
    for (const auto& r : j["revisions"])
        out.push_back("v" + std::to_string(r["revision"].get<int>()) + " " +
                      r["head"]["message_id"].get<std::string>());
    return out;
}

TEST(SeriesRestart, RevisionsAfterARenumberingAreOneSeriesInTimeOrder) {
    TempDir t;
    std::string mbox;
    int salt = 0;
    for (const auto& r : kRevs)
        mbox += revision_mails(r, "zero-copy RX for demo", ++salt);
    mbox += revision_mails(kLater, "zero-copy RX for demo", ++salt);
    write_bytes(t.path() / "demo.mbox", mbox);
    const std::string db = (t.path() / "db").string();
    auto ix = lkmine({"index", "-q", "--db", db, (t.path() / "demo.mbox").string()});
    ASSERT_EQ(ix.status, 0) << ix.err;

    const std::vector<std::string> want = {"v1 rfc1-0@example.com", "v2 rfc2-0@example.com",
                                           "v3 rfc3-0@example.com", "v1 patch1-0@example.com"};
    // Asked from the first RFC, the last RFC, the restarted v1 and one of its patches.
    for (const char* asked : {"rfc1-0@example.com", "rfc3-0@example.com", "patch1-0@example.com",
                              "patch1-2@example.com"}) {
        auto r = lkmine({"series", "--db", db, "--json", asked});
        ASSERT_EQ(r.status, 0) << asked << ": " << r.err;
        EXPECT_EQ(heads(json::parse(r.out)), want) << asked;
    }
    // The year-later reuse of the title stands alone.
    auto later = lkmine({"series", "--db", db, "--json", "later-0@example.com"});
    ASSERT_EQ(later.status, 0) << later.err;
    EXPECT_EQ(heads(json::parse(later.out)), std::vector<std::string>{"v1 later-0@example.com"});

    // `am` takes the newest revision: the restarted [PATCH v1], not the RFC v3 numbered higher.
    auto am = lkmine({"am", "--db", db, "rfc2-1@example.com"});
    ASSERT_EQ(am.status, 0) << am.err;
    EXPECT_NE(am.out.find("Message-ID: <patch1-1@example.com>"), std::string::npos) << am.out;
    EXPECT_NE(am.out.find("Message-ID: <patch1-2@example.com>"), std::string::npos) << am.out;
    EXPECT_EQ(am.out.find("rfc3-"), std::string::npos) << am.out;
}

} // namespace
} // namespace lkmine::test
