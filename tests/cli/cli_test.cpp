// The lkmine command-line contract on the lore sample: JSON fields, thread trees with ghosts, raw
// mails byte for byte, mbox export that git accepts, lore URLs, --help, and bad queries.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

namespace lkmine::test {
namespace {

using nlohmann::json;

const std::string kV2Cover = "20240212-ringbuf-resize-v2-0-8b1d4f6a2e90@example.com";
const std::string kMissingParent = "20240124084512.51733-1-sven.aalto@example.net";

// One index of the sample for every test of this file.
class Cli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        auto r = lkmine({"index", "--db", db(), (lore_sample() / "linux-demo").string()});
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return (dir_->path() / "db").string(); }
    static RunResult cmd(std::vector<std::string> args) {
        args.insert(args.begin() + 1, {"--db", db()});
        return lkmine(args);
    }
    static TempDir* dir_;
};
TempDir* Cli::dir_ = nullptr;

std::vector<json> json_lines(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(json::parse(line, nullptr, false));
        EXPECT_FALSE(lines.back().is_discarded()) << line;
    }
    return lines;
}

std::string header_value(const std::string& mail, const std::string& name) {
    std::istringstream in(mail);
    std::string line;
    while (std::getline(in, line) && !line.empty())
        if (line.size() > name.size() && line.compare(0, name.size() + 1, name + ":") == 0)
            return line.substr(name.size() + 2);
    return {};
}

TEST_F(Cli, SearchJsonHasTheDocumentedFields) {
    auto r = cmd({"search", "--json", "*", "--limit", "100"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 32u);
    std::string prev_date = "9999";
    for (const auto& j : lines) {
        for (const char* key : {"message_id", "subject", "from", "date", "thread_id", "lists"})
            EXPECT_TRUE(j.contains(key)) << key << " missing in " << j.dump();
        EXPECT_TRUE(j["lists"].is_array());
        EXPECT_NE(std::find(j["lists"].begin(), j["lists"].end(), "linux-demo.vger.example.org"),
                  j["lists"].end())
            << j.dump();
        EXPECT_TRUE(j["from"].contains("email")) << j.dump();
    }
    // The syzbot report as it is in the archive (corpora/README.md, mail 40).
    auto s = cmd({"search", "--json", "m:0000000000003e8a4f0612b8c1d4@google.com"});
    auto hit = json_lines(s.out);
    ASSERT_EQ(hit.size(), 1u) << s.out;
    EXPECT_EQ(hit[0]["subject"],
              "[syzbot] [lkdemo?] KASAN: slab-use-after-free Read in ringbuf_pop");
    EXPECT_EQ(hit[0]["from"]["email"], "syzbot+3f1c2a9e8b7d6c5e4f0a@syzkaller.appspotmail.com");
}

TEST_F(Cli, ThreadJsonShowsTheMissingParentAsGhost) {
    auto r = cmd({"thread", "--json", "ZbDcYp1wKq3rT5uV@example.org"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    ASSERT_EQ(j["roots"].size(), 1u) << r.out;
    const json& root = j["roots"][0];
    EXPECT_EQ(root["message_id"], kMissingParent);
    EXPECT_EQ(root["ghost"], true);
    // 06 and 07 reply to the missing patch; 05 (which arrived first) replies to 07.
    std::map<std::string, const json*> kids;
    for (const auto& c : root["children"])
        kids[c["message_id"]] = &c;
    ASSERT_EQ(kids.size(), 2u) << r.out;
    ASSERT_TRUE(kids.count("ZbDcYp1wKq3rT5uV@example.org"));
    ASSERT_TRUE(kids.count("e0b7c6d5-2f1a-4c3b-9e8d-7a6f5b4c3d21@example.org"));
    const json& marta = *kids["e0b7c6d5-2f1a-4c3b-9e8d-7a6f5b4c3d21@example.org"];
    EXPECT_EQ(marta["ghost"], false);
    EXPECT_EQ(marta["from"]["name"], "Marta Kowalczyk");
    ASSERT_EQ(marta["children"].size(), 1u);
    EXPECT_EQ(marta["children"][0]["message_id"], "20240124080513.GA3391@example.net");
    for (const char* key : {"message_id", "subject", "from", "date", "ghost", "children"})
        EXPECT_TRUE(marta.contains(key)) << key;
}

TEST_F(Cli, ShowRawIsTheArchivedBytes) {
    for (const auto& e : fs::directory_iterator(sample_mails_dir())) {
        std::string want = read_bytes(e.path());
        std::string id = header_value(want, "Message-ID");
        ASSERT_FALSE(id.empty()) << e.path();
        auto r = cmd({"show", "--raw", id});
        EXPECT_EQ(r.status, 0) << id << ": " << r.err;
        EXPECT_TRUE(r.out == want) << e.path().filename() << ": show --raw differs";
    }
}

TEST_F(Cli, LoreUrlsAndBracketsNameTheMail) {
    std::string want = read_bytes(sample_mail("20-"));
    for (const std::string& arg :
         {"<" + kV2Cover + ">", "https://lore.kernel.org/linux-demo/" + kV2Cover + "/",
          "https://lore.kernel.org/r/" + kV2Cover,
          "https://lore.kernel.org/all/" + kV2Cover + "/T/#u",
          "https://lore.kernel.org/linux-demo/" + kV2Cover + "/raw", "mid:" + kV2Cover}) {
        auto r = cmd({"show", "--raw", arg});
        EXPECT_EQ(r.status, 0) << arg << ": " << r.err;
        EXPECT_TRUE(r.out == want) << arg;
        auto t = cmd({"thread", "--json", arg});
        EXPECT_EQ(t.status, 0) << arg << ": " << t.err;
        EXPECT_NE(t.out.find("20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com"),
                  std::string::npos)
            << arg;
    }
    auto r = cmd({"series", "--json", "https://lore.kernel.org/linux-demo/" + kV2Cover + "/"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("20240205-ringbuf-resize-v1-0-3c9f1e2d7a44@example.com"),
              std::string::npos)
        << "v2's series lists v1\n"
        << r.out;

    auto missing = cmd({"show", "https://lore.kernel.org/r/no-such-mail@example.org"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("no-such-mail@example.org"), std::string::npos) << missing.err;
}

// MSGID - of show and thread: the ids come from standard input, one a line, and each gets the
// JSON line a call of its own prints, in order; an id without an answer gets {message_id, error}.
TEST_F(Cli, ShowAndThreadAnswerManyIdsFromStandardInput) {
    const std::string patch = "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com";
    const std::vector<std::string> ids{kV2Cover, "<" + patch + ">",
                                       "https://lore.kernel.org/r/" + kV2Cover,
                                       "no-such-mail@example.org", kMissingParent};
    std::string input;
    for (const auto& id : ids)
        input += id + "\n";
    input += "\n"; // blank lines are skipped
    for (const char* what : {"show", "thread"}) {
        auto r = sh("printf %s " + quote(input) + " | " + quote(LKMINE_BINARY) + " " + what +
                    " --db " + quote(db()) + " --json -");
        EXPECT_EQ(r.status, 1) << what << ": an id had no answer\n" << r.err;
        auto lines = json_lines(r.out);
        ASSERT_EQ(lines.size(), ids.size()) << what << "\n" << r.out;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto alone = cmd({what, "--json", ids[i]});
            bool ghost = std::string(what) == "show" && ids[i] == kMissingParent;
            if (ids[i] == "no-such-mail@example.org" || ghost) {
                EXPECT_EQ(alone.status, 1) << what << " " << ids[i];
                EXPECT_EQ(lines[i]["message_id"], i == 3 ? ids[i] : kMissingParent);
                EXPECT_TRUE(lines[i]["error"].is_string()) << lines[i].dump();
                continue;
            }
            ASSERT_EQ(alone.status, 0) << what << " " << ids[i] << ": " << alone.err;
            EXPECT_EQ(lines[i], json::parse(alone.out)) << what << " " << ids[i];
        }
    }
    auto ok = sh("printf %s " + quote(kV2Cover + "\n" + patch + "\n") + " | " +
                 quote(LKMINE_BINARY) + " show --db " + quote(db()) + " --json -");
    EXPECT_EQ(ok.status, 0) << ok.err;
    EXPECT_EQ(json_lines(ok.out).size(), 2u);
    auto text = sh("echo " + quote(kV2Cover) + " | " + quote(LKMINE_BINARY) + " show --db " +
                   quote(db()) + " -");
    EXPECT_EQ(text.status, 2) << "MSGID - without --json is a usage error";
    EXPECT_NE(text.err.find("--json"), std::string::npos) << text.err;
}

TEST_F(Cli, ExportGivesWholeThreadsThatGitAccepts) {
    TempDir t;
    fs::path mbox = t / "v2.mbox";
    auto r = cmd({"export", "m:20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com", "--mbox",
                  mbox.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    // The whole v2 thread: cover, 3 patches, the ack, the test and "applied" (mails 20-26).
    fs::create_directories(t / "split");
    auto split = sh("git mailsplit --mboxrd -o" + quote((t / "split").string()) + " " +
                    quote(mbox.string()));
    ASSERT_EQ(split.status, 0) << split.err;
    EXPECT_EQ(split.out, "7\n");
    std::set<std::string> got, want;
    // mailsplit keeps each mail's From_ line and the blank line that ends it in the mbox.
    for (const auto& e : fs::directory_iterator(t / "split")) {
        std::string m = read_bytes(e.path());
        if (m.rfind("From ", 0) == 0) m.erase(0, m.find('\n') + 1);
        if (m.size() >= 2 && m.compare(m.size() - 2, 2, "\n\n") == 0) m.pop_back();
        got.insert(m);
    }
    for (const char* n : {"20-", "21-", "22-", "23-", "24-", "25-", "26-"})
        want.insert(read_bytes(sample_mail(n)));
    EXPECT_TRUE(got == want) << "each exported mail is the archived one, byte for byte";

    // The patches apply onto the sample kernel at v0.1, as the maintainer did.
    auto k = run(
        {"bash", (project_corpora() / "build-kernel-sample.sh").string(), (t / "kernel").string()});
    ASSERT_EQ(k.status, 0) << k.err;
    std::map<std::string, std::string> by_subject; // "[PATCH v2 1/3] ..." sorts in series order
    for (const auto& e : fs::directory_iterator(t / "split")) {
        std::string subject = header_value(read_bytes(e.path()), "Subject");
        if (subject.rfind("[PATCH v2 ", 0) == 0 && subject.find(" 0/") == std::string::npos)
            by_subject[subject] = e.path().string();
    }
    EXPECT_EQ(by_subject.size(), 3u);
    std::string files;
    for (const auto& [subject, path] : by_subject)
        files += " " + quote(path);
    auto am =
        sh("cd " + quote((t / "kernel").string()) +
           " && git checkout -q v0.1 && GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org"
           " git am -q " +
           files + " && git rev-list --count v0.1..HEAD");
    EXPECT_EQ(am.status, 0) << am.out << am.err;
    EXPECT_EQ(am.out, "3\n");
}

TEST_F(Cli, HelpWorksForEveryCommand) {
    auto top = lkmine({"--help"});
    EXPECT_EQ(top.status, 0);
    for (const char* c :
         {"parse", "index", "search", "thread", "show", "series", "export", "stats", "am"}) {
        EXPECT_NE(top.out.find(c), std::string::npos) << c;
        auto r = lkmine({c, "--help"});
        EXPECT_EQ(r.status, 0) << c;
        EXPECT_NE(r.out.find(c), std::string::npos) << c << ":\n" << r.out;
        EXPECT_NE(r.out.find("--"), std::string::npos) << c << " lists its options";
    }
    EXPECT_NE(lkmine({"search", "--help"}).out.find("dfn:"), std::string::npos);
}

TEST_F(Cli, StatsJson) {
    auto r = cmd({"stats", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["mails"], 32);
    EXPECT_EQ(j["threads"], 7);
    EXPECT_EQ(j["ghosts"], 1);
    EXPECT_EQ(j["date_terms"], true); // a new index: fast newest-first search
    ASSERT_EQ(j["sources"].size(), 1u);
    EXPECT_EQ(j["sources"][0]["key"],
              "epoch:" + fs::canonical(lore_sample() / "linux-demo/git/0.git").string());
    // The state is the last commit read: the epoch's HEAD.
    auto head = sh("git --git-dir=" + quote((lore_sample() / "linux-demo/git/0.git").string()) +
                   " rev-parse HEAD");
    EXPECT_EQ(j["sources"][0]["state"].get<std::string>() + "\n", head.out);
}

// Sent late on 23 Feb in New York: 24 Feb in UTC, the day d: finds it by, and the day printed.
TEST(CliDates, PrintedInUtcWithTheZoneSoTheDayAgreesWithDSearches) {
    TempDir t;
    std::string mail = make_mail("late-evening@example.net", "lkdemo: a late question");
    auto at = mail.find("Date: ");
    mail.replace(at, mail.find('\n', at) - at, "Date: Mon, 23 Feb 2026 23:30:00 -0500");
    write_bytes(t / "late.eml", mail);
    std::string db = (t / "db").string();
    ASSERT_EQ(lkmine({"index", "--db", db, (t / "late.eml").string()}).status, 0);
    auto s = lkmine({"search", "--db", db, "d:2026-02-24"});
    EXPECT_NE(s.out.find("2026-02-24 04:30 UTC"), std::string::npos) << s.out;
    EXPECT_EQ(lkmine({"search", "--db", db, "--json", "d:2026-02-23"}).out, "");
    auto th = lkmine({"thread", "--db", db, "late-evening@example.net"});
    EXPECT_NE(th.out.find("2026-02-24 04:30 UTC"), std::string::npos) << th.out;
    auto show = lkmine({"show", "--db", db, "late-evening@example.net"});
    EXPECT_NE(show.out.find("2026-02-24 04:30:00 UTC (sent 2026-02-23T23:30:00-05:00)"),
              std::string::npos)
        << show.out;
    auto local = sh("TZ=America/New_York " + quote(LKMINE_BINARY) + " search --local --db " +
                    quote(db) + " '*'");
    EXPECT_NE(local.out.find("2026-02-23 23:30 EST"), std::string::npos) << local.out << local.err;
}

TEST_F(Cli, BadQueriesExitOneNamingTheProblem) {
    struct Case {
        std::string query, named;
    };
    for (const auto& c : std::vector<Case>{{"d:notadate..", "notadate"},
                                           {"foo:bar", "foo:"},
                                           {"s:\"ring buffer", "quote"},
                                           {"s:(ringbuf OR lkdemo", "parenthes"},
                                           {"ringbuf)", "parenthes"},
                                           {"dfpre:xyz", "xyz"}}) {
        auto r = cmd({"search", c.query});
        EXPECT_EQ(r.status, 1) << c.query << "\n" << r.out << r.err;
        EXPECT_EQ(r.signal, 0) << c.query;
        EXPECT_NE(r.err.find(c.named), std::string::npos) << c.query << ": " << r.err;
        r = cmd({"export", c.query, "--mbox", (dir_->path() / "x.mbox").string()});
        EXPECT_EQ(r.status, 1) << "export " << c.query;
    }
    // Good queries with the same pieces still work.
    for (std::string q : {"s:\"ring buffer\" OR s:ringbuf", "d:20240101..", "(s:ringbuf)"}) {
        auto r = cmd({"search", q});
        EXPECT_EQ(r.status, 0) << q << ": " << r.err;
    }
}

TEST_F(Cli, NoIndexIsAClearError) {
    TempDir t;
    auto r = lkmine({"search", "--db", (t / "nothing").string(), "ringbuf"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("lkmine index"), std::string::npos) << r.err;
}

} // namespace
} // namespace lkmine::test
