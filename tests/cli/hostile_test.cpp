// Hostile mail (tests/cli/hostile_mail.cpp) indexed from loose files, an mbox, a Maildir and a
// public-inbox epoch, then every text command run over it: no raw control byte, C1 control,
// bidi override or invalid UTF-8 reaches the terminal, nothing crashes, and every mail of the
// batch is in the index.
#include "core/mail/mbox.hpp"
#include "tests/cli/hostile_mail.hpp"
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace lkmine::test {
namespace {

// The first thing in `s` a terminal could obey or mis-draw, or "" when there is none. Its own
// UTF-8 reading, independent of core/safe_text.cpp.
std::string first_unsafe(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char at[96];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
                std::snprintf(at, sizeof at, "byte 0x%02x at %zu", c, i);
                return at;
            }
            ++i;
            continue;
        }
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        bool ok = len != 0 && c <= 0xF4 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto t = static_cast<unsigned char>(s[i + k]);
            ok = (t & 0xC0) == 0x80;
            cp = (cp << 6) | (t & 0x3F);
        }
        ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
             !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            std::snprintf(at, sizeof at, "invalid UTF-8 (0x%02x) at %zu", c, i);
            return at;
        }
        if (cp <= 0x9F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
            cp == 0x2028 || cp == 0x2029) {
            std::snprintf(at, sizeof at, "U+%04X at %zu", static_cast<unsigned>(cp), i);
            return at;
        }
        i += len;
    }
    return "";
}

// What every run must show: it ended by itself with 0 or 1, and printed nothing unsafe.
void expect_safe(const RunResult& r, const std::string& what) {
    EXPECT_FALSE(r.timed_out) << what;
    EXPECT_EQ(r.signal, 0) << what << " died of a signal";
    EXPECT_TRUE(r.status == 0 || r.status == 1) << what << " exited " << r.status << "\n" << r.err;
    EXPECT_EQ(first_unsafe(r.out), "") << what << " stdout";
    EXPECT_EQ(first_unsafe(r.err), "") << what << " stderr";
}

RunResult checked(const std::vector<std::string>& args) {
    RunResult r = lkmine(args, 120);
    std::string what;
    for (const auto& a : args)
        what += (what.empty() ? "" : " ") + a.substr(0, 60);
    expect_safe(r, what);
    return r;
}

struct Indexed {
    fs::path loose_db, mbox_db, loose_dir, mbox;
};

// The corpus as loose .eml files and as one mboxrd file, each indexed into its own index.
Indexed index_corpus(const TempDir& t, const std::vector<HostileMail>& mails) {
    Indexed x{t / "loose-db", t / "mbox-db", t / "loose", t / "hostile.mbox"};
    fs::create_directories(x.loose_dir);
    std::string mbox;
    for (std::size_t i = 0; i < mails.size(); ++i) {
        write_bytes(x.loose_dir / ("mail-" + std::to_string(100 + i) + ".eml"), mails[i].bytes);
        mbox += mboxrd_entry(mails[i].bytes);
    }
    write_bytes(x.mbox, mbox);
    for (const auto& [db, src] :
         {std::pair{x.loose_db, x.loose_dir}, std::pair{x.mbox_db, x.mbox}}) {
        RunResult r = checked({"index", "--db", db.string(), src.string()});
        EXPECT_EQ(r.status, 0) << src << "\n" << r.out << r.err;
        EXPECT_EQ(indexed_count(r.out), mails.size()) << src << "\n" << r.out;
    }
    return x;
}

// Every mail of the batch is there, each under its own Message-ID.
void expect_all_present(const fs::path& db, const std::vector<HostileMail>& mails) {
    EXPECT_EQ(stats(db).mails, mails.size()) << db;
    auto ids = all_ids(db);
    for (const auto& m : mails)
        if (!m.message_id.empty()) {
            EXPECT_EQ(ids.count(m.message_id), 1u) << m.name;
        }
}

const HostileMail& named(const std::vector<HostileMail>& mails, const std::string& start) {
    for (const auto& m : mails)
        if (m.name.rfind(start, 0) == 0) return m;
    throw std::runtime_error("no hostile case " + start);
}

TEST(HostileMail, CorpusHasTheCasesTheIssueNames) {
    auto mails = hostile_mails();
    EXPECT_GE(mails.size(), 60u);
    for (const char* c : {"ESC[2J", "OSC 0", "OSC 52", "ESC[6n", "raw 0x9B", "UTF-8 U+009B",
                          "Q-encoded CR LF", "RLO in the From name", "RLO in an attachment",
                          "NUL in a header", "1 MB Subject", "MIME nested", "invalid UTF-8"})
        EXPECT_NO_THROW(named(mails, c)) << c;
}

TEST(HostileMail, EveryTextCommandPrintsNoControlByteAndLosesNoMail) {
    TempDir t;
    const auto mails = hostile_mails();
    Indexed x = index_corpus(t, mails);
    expect_all_present(x.loose_db, mails);
    expect_all_present(x.mbox_db, mails);

    const std::string db = x.loose_db.string();
    for (const auto& d : {x.loose_db, x.mbox_db}) {
        checked({"search", "--db", d.string(), "-n", "1000", "*"});
        checked({"search", "--db", d.string(), "--threads", "-n", "1000", "*"});
        checked({"stats", "--db", d.string()});
    }
    checked({"search", "--db", db, "-n", "1000", "s:hostile OR s:hello OR s:patch"});
    checked({"symptom", "--db", db, "KASAN: use-after-free Read in hostile"});
    checked({"parse", "--body", x.mbox.string()});
    for (const auto& e : fs::directory_iterator(x.loose_dir))
        checked({"parse", "--body", e.path().string()});
    for (const auto& id : all_ids(x.loose_db))
        for (const char* cmd : {"thread", "show", "series", "patch"})
            checked({cmd, "--db", db, id});
    const auto& patch2 = named(mails, "patch 2/2");
    checked({"range-diff", "--db", db, named(mails, "patch 1/2").message_id, patch2.message_id});
    // export writes the raw mails to its file (exact bytes, as show --raw); its own messages
    // are checked, and every mail of the batch is in the file.
    RunResult e = checked({"export", "--db", db, "--mbox", (t / "out.mbox").string(), "*"});
    EXPECT_EQ(e.status, 0) << e.err;
    const std::string exported = read_bytes(t / "out.mbox");
    for (const auto& m : mails)
        if (!m.message_id.empty()) {
            EXPECT_NE(exported.find(m.message_id), std::string::npos) << m.name;
        }
}

// The batch with one mail of 128 MiB beside it, through an mbox, a Maildir and loose files
// with a 2 MiB cap (the batch's own 1 MB header fits): lkmine's peak memory stays within a few caps
// of what the batch alone costs (the epoch case is
// EpochFaults.ABlobFarOverTheCapIsReadNoFurtherThanTheCap), the huge mail is flagged, every other
// mail is there.
TEST(HostileMail, AHugeMailCostsNoMoreThanTheCapInEverySource) {
    TempDir t;
    const auto mails = hostile_mails();
    std::string huge = "From: A <a@lkmine.test>\nSubject: huge\nMessage-ID: <huge@lkmine.test>\n\n";
    for (int i = 0; huge.size() < (std::size_t{128} << 20); ++i)
        huge += "huge line " + std::to_string(i) + " \x1b[2J" + std::string(60, 'h') + "\n";
    fs::create_directories(t / "batch");
    for (const char* d : {"md/cur", "md/new", "md/tmp", "loose"})
        fs::create_directories(t / d);
    {
        std::ofstream mbox(t / "batch.mbox", std::ios::binary),
            all(t / "all.mbox", std::ios::binary);
        for (std::size_t i = 0; i < mails.size(); ++i) {
            const std::string name = "mail-" + std::to_string(100 + i) + ".eml";
            write_bytes(t / "batch" / name, mails[i].bytes);
            write_bytes(t / "loose" / name, mails[i].bytes);
            write_bytes(t / ("md/cur/" + std::to_string(i) + ".x:2,S"), mails[i].bytes);
            mbox << mboxrd_entry(mails[i].bytes);
            all << mboxrd_entry(mails[i].bytes);
        }
        all << mboxrd_entry(huge);
    }
    write_bytes(t / "loose/huge.eml", huge);
    write_bytes(t / "md/new/huge.x", huge);
    huge = std::string(); // the test process stays small: a forked child starts at its size
    huge.shrink_to_fit();
    RunResult base = checked({"index", "--db", (t / "db-base").string(), "--max-mail-size", "2m",
                              (t / "batch").string()});
    ASSERT_EQ(base.status, 0) << base.err;
    for (const char* src : {"all.mbox", "md", "loose"}) {
        const fs::path db = t / (std::string("db-") + src);
        RunResult r =
            checked({"index", "--db", db.string(), "--max-mail-size", "2m", (t / src).string()});
        EXPECT_EQ(r.status, 0) << src << r.err;
        std::printf("[ info ] %s: peak RSS %ld KiB (the batch alone: %ld KiB)\n", src, r.max_rss_kb,
                    base.max_rss_kb);
        EXPECT_LT(r.max_rss_kb, base.max_rss_kb + 32 * 1024) << src;
        EXPECT_EQ(stats(db).mails, mails.size() + 1) << src;
        auto ids = all_ids(db);
        for (const auto& m : mails)
            if (!m.message_id.empty()) {
                EXPECT_EQ(ids.count(m.message_id), 1u) << src << m.name;
            }
        RunResult f = checked({"search", "--db", db.string(), "--json", "flag:truncated"});
        EXPECT_NE(f.out.find("huge@lkmine.test"), std::string::npos) << src << f.out;
    }
}

// The same batch through the two other kinds of source: a Maildir (cur/ and new/) and a
// public-inbox v2 epoch built with git. Nothing crashes, every mail is there.
TEST(HostileMail, MaildirAndEpochSourcesLoseNoMail) {
    TempDir t;
    const auto mails = hostile_mails();
    fs::create_directories(t / "md/cur");
    fs::create_directories(t / "md/new");
    fs::create_directories(t / "md/tmp");
    std::vector<std::string> blobs;
    for (std::size_t i = 0; i < mails.size(); ++i) {
        const std::string name = std::to_string(1700000000 + i) + ".M" + std::to_string(i);
        write_bytes(t / (i % 2 ? "md/new/" + name : "md/cur/" + name + ":2,S"), mails[i].bytes);
        blobs.push_back(mails[i].bytes);
    }
    make_v2_inbox(t / "inbox", blobs);
    for (const auto& [db, src] :
         {std::pair{t / "md-db", t / "md"}, std::pair{t / "epoch-db", t / "inbox"}}) {
        RunResult r = checked({"index", "--db", db.string(), src.string()});
        EXPECT_EQ(r.status, 0) << src << "\n" << r.out << r.err;
        EXPECT_EQ(indexed_count(r.out), mails.size()) << src << "\n" << r.out;
        auto ids = all_ids(db);
        for (const auto& m : mails)
            if (!m.message_id.empty()) {
                EXPECT_EQ(ids.count(m.message_id), 1u) << src << m.name;
            }
        checked({"search", "--db", db.string(), "-n", "1000", "*"});
        for (const auto& m : mails)
            if (!m.message_id.empty()) checked({"show", "--db", db.string(), m.message_id});
    }
}

TEST(HostileMail, EncodedLineBreaksForgeNoHeaderLine) {
    TempDir t;
    const auto mails = hostile_mails();
    Indexed x = index_corpus(t, mails);
    for (const char* c : {"Q-encoded CR LF", "B-encoded CR LF", "encoded LF alone",
                          "encoded CR LF in the From", "RFC 2231 CR LF"}) {
        const HostileMail& m = named(mails, c);
        for (const char* cmd : {"show", "thread"}) {
            RunResult r = checked({cmd, "--db", x.loose_db.string(), m.message_id});
            EXPECT_EQ(r.out.find("\nX-Injected"), std::string::npos) << c << ", " << cmd << r.out;
            EXPECT_EQ(r.out.find("\nfake body"), std::string::npos) << c << ", " << cmd << r.out;
        }
    }
    RunResult r =
        checked({"show", "--db", x.loose_db.string(), named(mails, "Q-encoded").message_id});
    EXPECT_NE(r.out.find("Subject:    hello X-Injected: yes  fake body\n"), std::string::npos)
        << r.out;
}

TEST(HostileMail, OverridesAndEscapesAreShownNotObeyed) {
    TempDir t;
    const auto mails = hostile_mails();
    Indexed x = index_corpus(t, mails);
    const std::string db = x.loose_db.string();
    RunResult r = checked({"show", "--db", db, named(mails, "RLO in the From name").message_id});
    EXPECT_NE(r.out.find("From:       \\u202elive\\u202c <evil@lkmine.test>"), std::string::npos)
        << r.out;
    r = checked({"show", "--db", db, named(mails, "RLO in an attachment").message_id});
    EXPECT_NE(r.out.find("Attachment: invoice\\u202etxt.exe"), std::string::npos) << r.out;
    r = checked({"search", "--db", db, named(mails, "OSC 52 clipboard write").message_id});
    r = checked({"show", "--db", db, named(mails, "OSC 52 clipboard write").message_id});
    EXPECT_NE(r.out.find("clip \\u001b]52;c;cm0gLXJmIH4K\\u0007board"), std::string::npos) << r.out;
    // JSON keeps its meaning: the escapes are JSON's own, so the value decodes to the text.
    r = checked({"search", "--db", db, "--json", "-n", "1000", "*"});
    bool seen = false;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line);
        if (j["subject"] == "report \xE2\x80\xAE"
                            "fdp.exe")
            seen = true;
    }
    EXPECT_TRUE(seen) << "the RLO subject, decoded from JSON";
    // The exact bytes stay available where they are asked for and cannot reach a terminal.
    r = lkmine({"show", "--raw", "--db", db, named(mails, "clear screen in the body").message_id});
    EXPECT_NE(r.out.find("\x1b[2J"), std::string::npos) << "show --raw to a pipe is exact";
}

// The commands the walk above leaves out, over the same batch: the reviewer's (queue, mark,
// review-status), reply and am into files, crash-title and bisect-log on each mail file, and
// check. The hostile text they show (a series title, a crash title) is shown safely.
TEST(HostileMail, ReviewReplyAmCrashTitleAndCheckPrintNoControlByte) {
    TempDir t;
    const auto mails = hostile_mails();
    Indexed x = index_corpus(t, mails);
    const std::string db = x.loose_db.string(), me = "reviewer@lkmine.test";
    RunResult r = checked({"check", "--db", db});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    r = checked({"queue", "--db", db, "--me", me, "--area", "*", "--as-of", "20240102", "--days",
                 "30", "--all"});
    EXPECT_NE(r.out.find("more \\u202egnihton"), std::string::npos)
        << "the series with an RLO in its Subject listed, the RLO made visible\n"
        << r.out;
    checked({"review-status", "--db", db, named(mails, "reply with a hostile").message_id});
    for (const auto& id : all_ids(x.loose_db)) {
        checked({"mark", "--db", db, "--me", me, id});
        // reply as a fixed identity (the tests run without a git config).
        expect_safe(sh("LKMINE_NAME=Reviewer LKMINE_EMAIL=" + me + " " + quote(LKMINE_BINARY) +
                       " reply --no-edit --db " + quote(db) + " -o " +
                       quote((t / "reply.eml").string()) + " " + quote(id) + " </dev/null"),
                    "reply " + id);
        checked({"am", "--db", db, "-o", (t / "am.mbox").string(), id});
    }
    for (const auto& e : fs::directory_iterator(x.loose_dir)) {
        checked({"bisect-log", e.path().string()});
        checked({"crash-title", e.path().string()});
    }
    write_bytes(t / "syzbot.eml", named(mails, "syzbot report with ESC").bytes);
    r = checked({"crash-title", (t / "syzbot.eml").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("KASAN: use-after-free in hostile_"), std::string::npos) << r.out;
}

// A commit whose author and message attack the terminal, linked to a hostile patch mail by
// its Link: trailer: `commit` and `patch` print both sides safely.
TEST(HostileMail, CommitAndPatchPrintHostileCommitsSafely) {
    TempDir t;
    const auto mails = hostile_mails();
    const std::string patch1 = named(mails, "patch 1/2").message_id;
    auto g = sh("git init -q " + quote((t / "repo").string()) + " && cd " +
                quote((t / "repo").string()) +
                " && git config user.name \"$(printf '\\342\\200\\256live\\033[2J')\""
                " && git config user.email evil@lkmine.test && echo x > a.c && git add a.c"
                " && git commit -q -m \"$(printf 'fix: \\033]0;pwned\\007 title\\n\\nbody "
                "\\033[2J\\342\\200\\256\\n\\nLink: https://lore.kernel.org/r/" +
                patch1 + "\\n')\" && git rev-parse HEAD");
    ASSERT_EQ(g.status, 0) << g.err;
    const std::string sha = g.out.substr(0, 40);
    fs::create_directories(t / "loose");
    for (std::size_t i = 0; i < mails.size(); ++i)
        write_bytes(t / "loose" / ("m" + std::to_string(i) + ".eml"), mails[i].bytes);
    const std::string db = (t / "db").string();
    checked({"index", "--db", db, "--git", (t / "repo").string(), (t / "loose").string()});
    RunResult r = checked({"commit", "--db", db, sha});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("fix: \\u001b]0;pwned\\u0007 title"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(patch1), std::string::npos) << "linked by its Link: trailer\n" << r.out;
    r = checked({"patch", "--db", db, patch1});
    EXPECT_NE(r.out.find(sha.substr(0, 12)), std::string::npos) << r.out;
    checked({"commit", "--db", db, "--json", sha});
}

} // namespace
} // namespace lkmine::test
