// The per-mail size cap (lkmine index --max-mail-size) through every kind of source: a mail over
// it is stored as its longest prefix of whole lines, flagged `truncated`, warned about, and the
// mails around it are whole.
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace lkmine::test {
namespace {

constexpr std::size_t kCap = 16 * 1024;

std::string mail(const std::string& id, const std::string& body) {
    return "From: A <a@example.org>\nSubject: cap " + id +
           "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n" + "Message-ID: <" + id + "@cap.example>\n\n" +
           body;
}

// 2,000 lines of varying length (about 120 KB), with a short last line that a splice would keep.
std::string big_mail() {
    std::string body;
    for (int i = 0; i < 2000; ++i)
        body += "line " + std::to_string(i) + " " + std::string(20 + (i * 37) % 90, 'a' + i % 26) +
                "\n";
    return mail("big", body + "THE-LAST-LINE\n");
}

// The oracle, written here and not taken from the code: the bytes up to the last '\n' that
// fits in the cap.
std::string cut_prefix(const std::string& m) {
    return m.substr(0, m.rfind('\n', kCap - 1) + 1);
}

struct Case {
    std::string name;
    fs::path source;
};

void expect_cut(const fs::path& db, const RunResult& indexed, const std::string& what) {
    const std::string big = big_mail(), small = mail("small", "just a line\n");
    EXPECT_EQ(indexed.status, 0) << what << "\n" << indexed.out << indexed.err;
    EXPECT_NE(indexed.err.find("warning: <big@cap.example>"), std::string::npos) << what << "\n"
                                                                                 << indexed.err;
    EXPECT_NE(indexed.out.find("1 mails over the size cap"), std::string::npos) << what << "\n"
                                                                                << indexed.out;

    auto raw = lkmine({"show", "--db", db.string(), "--raw", "big@cap.example"});
    ASSERT_EQ(raw.status, 0) << what << raw.err;
    EXPECT_EQ(raw.out.size(), cut_prefix(big).size()) << what;
    EXPECT_TRUE(raw.out == cut_prefix(big)) << what << ": not the cut prefix";
    EXPECT_EQ(raw.out.find("THE-LAST-LINE"), std::string::npos) << what << ": spliced";
    auto whole = lkmine({"show", "--db", db.string(), "--raw", "small@cap.example"});
    EXPECT_EQ(whole.out, small) << what;

    auto found = lkmine({"search", "--db", db.string(), "--json", "flag:truncated"});
    ASSERT_EQ(found.status, 0) << found.err;
    ASSERT_EQ(std::count(found.out.begin(), found.out.end(), '\n'), 1) << what << found.out;
    EXPECT_EQ(nlohmann::json::parse(found.out)["message_id"], "big@cap.example") << what;
    auto shown = lkmine({"show", "--db", db.string(), "big@cap.example"});
    EXPECT_NE(shown.out.find("Truncated:"), std::string::npos) << what << shown.out;
    auto st = lkmine({"stats", "--db", db.string(), "--problems"});
    EXPECT_NE(st.out.find("truncated: <big@cap.example>"), std::string::npos) << what << st.out;
    EXPECT_EQ(stats(db).mails, 2u) << what;
}

TEST(SizeCap, EverySourceCutsAtALineBoundaryAndFlagsTheMail) {
    TempDir t;
    const std::string big = big_mail(), small = mail("small", "just a line\n");
    ASSERT_GT(big.size(), 4 * kCap);

    write_bytes(t / "cap.mbox", "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + big +
                                    "\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\n" + small + "\n");
    fs::create_directories(t / "md/cur");
    fs::create_directories(t / "md/new");
    fs::create_directories(t / "md/tmp");
    write_bytes(t / "md/cur/1700000000.1.host:2,S", big);
    write_bytes(t / "md/new/1700000001.2.host", small);
    fs::create_directories(t / "dir");
    write_bytes(t / "dir/a.eml", big);
    write_bytes(t / "dir/b.eml", small);
    make_v2_inbox(t / "inbox", {big, small});

    std::vector<Case> cases{{"mbox", t / "cap.mbox"},
                            {"maildir", t / "md"},
                            {"directory", t / "dir"},
                            {"epoch", t / "inbox"}};
    for (const auto& c : cases) {
        fs::path db = t / ("db-" + c.name);
        auto r =
            lkmine({"index", "--db", db.string(), "--max-mail-size", "16k", c.source.string()});
        expect_cut(db, r, c.name);
    }
    // A loose file alone, and the small one beside it.
    fs::path db = t / "db-file";
    auto r = lkmine({"index", "--db", db.string(), "--max-mail-size", "16k",
                     (t / "dir/a.eml").string(), (t / "dir/b.eml").string()});
    expect_cut(db, r, "loose file");
}

TEST(SizeCap, UnderTheDefaultCapNothingIsCut) {
    TempDir t;
    fs::create_directories(t / "dir");
    write_bytes(t / "dir/a.eml", big_mail());
    auto r = lkmine({"index", "--db", (t / "db").string(), (t / "dir").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto raw = lkmine({"show", "--db", (t / "db").string(), "--raw", "big@cap.example"});
    EXPECT_TRUE(raw.out == big_mail());
    auto found = lkmine({"search", "--db", (t / "db").string(), "--json", "flag:truncated"});
    EXPECT_EQ(found.status, 0) << found.err;
    EXPECT_EQ(found.out, "") << "one search line per mail: none is cut";
}

TEST(SizeCap, ABadCapIsRefused) {
    TempDir t;
    for (const char* bad : {"0", "12", "-5", "lots", "3X"}) {
        auto r = lkmine({"index", "--db", (t / "db").string(), "--max-mail-size", bad,
                         sample_mail("30-").string()});
        EXPECT_EQ(r.status, 2) << bad << r.err;
        EXPECT_NE(r.err.find("--max-mail-size"), std::string::npos) << bad << r.err;
    }
}

} // namespace
} // namespace lkmine::test
