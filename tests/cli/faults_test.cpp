// Faults named for what they are (issue 20): a missing shard, a read-only index, another tool's
// Xapian database as --db, raw mails whose archive moved (export, check), non-mail files in a
// directory source, a Message-ID holding '%', a full disk. Real files, real permissions, a real
// tmpfs.
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace lkmine::test {
namespace {

using nlohmann::json;

fs::path sample_mbox() {
    return lore_sample() / "linux-demo.mbox";
}

TEST(Faults, AMissingShardIsRefusedByName) {
    TempDir t;
    const std::string db = (t / "db").string();
    auto r = lkmine({"index", "--db", db, "--shards", "2", sample_mbox().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto ok = lkmine({"check", "--db", db, "--json"});
    EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
    auto j = json::parse(ok.out);
    EXPECT_TRUE(j["ok"].get<bool>()) << ok.out;
    EXPECT_EQ(j["shards"].size(), 2u);
    EXPECT_GT(j["sampled"].get<int>(), 0);
    EXPECT_EQ(j["sampled"], j["mails"]) << "a sample of 200 reads every mail of the sample";
    for (const auto& s : j["shards"])
        EXPECT_EQ(s["recorded"], std::to_string(s["documents"].get<int>())) << ok.out;

    fs::remove_all(t / "db/shard1");
    for (auto args :
         std::vector<std::vector<std::string>>{{"search", "--db", db, "*"},
                                               {"stats", "--db", db},
                                               {"index", "--db", db, sample_mbox().string()}}) {
        auto bad = lkmine(args);
        EXPECT_EQ(bad.status, 1) << args[0] << bad.out << bad.err;
        EXPECT_NE(bad.err.find("shard1 is missing"), std::string::npos) << args[0] << bad.err;
    }
    EXPECT_FALSE(fs::exists(t / "db/shard1")) << "index recreated the missing shard";
    auto check = lkmine({"check", "--db", db});
    EXPECT_EQ(check.status, 1) << check.out << check.err;
    EXPECT_NE(check.out.find("shard1: MISSING"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("DAMAGED"), std::string::npos) << check.out;

    // shard0 gone, shard1 left: not "no index", the missing shard named.
    TempDir t2;
    const std::string db2 = (t2 / "db").string();
    ASSERT_EQ(lkmine({"index", "--db", db2, "--shards", "2", sample_mbox().string()}).status, 0);
    fs::remove_all(t2 / "db/shard0");
    auto s = lkmine({"search", "--db", db2, "*"});
    EXPECT_EQ(s.status, 1);
    EXPECT_NE(s.err.find("shard0 is missing"), std::string::npos) << s.err;
}

TEST(Faults, CheckWithoutAnIndexFails) {
    TempDir t;
    auto r = lkmine({"check", "--db", (t / "none").string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no index"), std::string::npos) << r.err;
}

// The indexer as nobody: as root, permission bits block nothing.
std::vector<std::string> as_nobody() {
    if (getuid() != 0) return {};
    if (run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"}).status != 0)
        return {"unavailable"};
    return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
}

TEST(Faults, AReadOnlyIndexSaysReadOnlyNotLocked) {
    auto prefix = as_nobody();
    if (!prefix.empty() && prefix[0] == "unavailable") GTEST_SKIP() << "root without setpriv";
    TempDir t;
    fs::permissions(t.path(), fs::perms::all);
    const std::string db = (t / "db").string();
    ASSERT_EQ(lkmine({"index", "--db", db, sample_mbox().string()}).status, 0);
    sh("chmod -R a+rX,go-w " + quote(db)); // readable by all, writable by its owner only
    if (getuid() != 0) sh("chmod -R a-w " + quote(db));
    auto with = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = prefix;
        argv.push_back(LKMINE_BINARY);
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    };
    fs::path mail = t / "new.eml";
    write_bytes(mail, make_mail("ro-1@example.org", "read-only"));
    fs::permissions(mail, fs::perms::owner_read | fs::perms::others_read | fs::perms::group_read);
    auto r = with({"index", "--db", db, mail.string()});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("locked"), std::string::npos) << r.err;
    auto s = with({"search", "--db", db, "*"});
    EXPECT_EQ(s.status, 0) << "reading a read-only index still works\n" << s.err;
}

TEST(Faults, AnotherProgramsXapianDatabaseIsNotWrittenInto) {
    TempDir t;
    std::vector<fs::path> foreign;
    if (run({"sh", "-c", "command -v notmuch"}).status == 0) {
        fs::create_directories(t / "mail/cur");
        fs::create_directories(t / "mail/new");
        fs::create_directories(t / "mail/tmp");
        write_bytes(t / "mail/cur/1.host:2,S", make_mail("nm-1@example.org", "notmuch"));
        write_bytes(t / "nm.cfg", "[database]\npath=" + (t / "mail").string() + "\n");
        auto nm = sh("NOTMUCH_CONFIG=" + quote((t / "nm.cfg").string()) + " notmuch new");
        ASSERT_EQ(nm.status, 0) << nm.err;
        ASSERT_TRUE(fs::exists(t / "mail/.notmuch/xapian"));
        foreign = {t / "mail/.notmuch/xapian", t / "mail"};
    }
    // Any Xapian database without lkmine's metadata (xapian-tools, a dependency).
    auto plain = sh("xapian-metadata set " + quote((t / "plain").string()) + " owner someone");
    ASSERT_EQ(plain.status, 0) << plain.err;
    foreign.push_back(t / "plain");
    fs::create_directories(t / "cache");
    ASSERT_EQ(sh("xapian-metadata set " + quote((t / "cache/xapian").string()) + " k v").status, 0);
    foreign.push_back(t / "cache"); // mu keeps its database in ~/.cache/mu/xapian

    for (const auto& db : foreign) {
        std::set<std::string> before;
        for (const auto& e : fs::directory_iterator(db))
            before.insert(e.path().filename().string());
        auto r = lkmine({"index", "--db", db.string(), sample_mail("01-").string()});
        EXPECT_EQ(r.status, 1) << db << r.out << r.err;
        EXPECT_NE(r.err.find("not an lkmine index"), std::string::npos) << db << r.err;
        std::set<std::string> after;
        for (const auto& e : fs::directory_iterator(db))
            after.insert(e.path().filename().string());
        EXPECT_EQ(before, after) << db << ": lkmine wrote into it";
    }
}

TEST(Faults, ExportAndCheckNameMailsWhoseArchiveMoved) {
    TempDir t;
    copy_tree(lore_sample() / "linux-demo", t / "inbox");
    const std::string db = (t / "db").string();
    ASSERT_EQ(lkmine({"index", "--db", db, (t / "inbox").string()}).status, 0);
    auto good = lkmine({"export", "--db", db, "*", "--mbox", (t / "all.mbox").string()});
    ASSERT_EQ(good.status, 0) << good.err;
    std::size_t mails = stats(t / "db").mails;

    fs::rename(t / "inbox", t / "moved");
    auto r = lkmine({"export", "--db", db, "*", "--mbox", (t / "none.mbox").string()});
    EXPECT_EQ(r.status, 1) << "nothing could be exported\n" << r.err;
    EXPECT_NE(r.err.find("was the archive moved?"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(std::to_string(mails) + " mails could not be read"), std::string::npos)
        << r.err;
    auto c = lkmine({"check", "--db", db, "--json"});
    EXPECT_EQ(c.status, 3) << c.out << c.err;
    auto j = json::parse(c.out);
    EXPECT_TRUE(j["problems"].empty()) << "the index itself is sound\n" << c.out;
    EXPECT_EQ(j["unreadable"].size(), j["sampled"].get<std::size_t>()) << c.out;
}

TEST(Faults, NonMailFilesInDirectoriesAreCounted) {
    TempDir t;
    fs::create_directories(t / "dir/sub");
    fs::copy_file(sample_mail("01-"), t / "dir/a.eml");
    fs::copy_file(sample_mail("02-"), t / "dir/sub/b.eml");
    write_bytes(t / "dir/notes.txt", "TODO: reply to everyone\n");
    write_bytes(t / "dir/sub/pic.png", std::string("\x89PNG\r\n\x1a\n", 8) + "data");
    fs::create_directories(t / "md/cur");
    fs::create_directories(t / "md/new");
    fs::copy_file(sample_mail("03-"), t / "md/cur/1.host:2,S");
    write_bytes(t / "md/cur/dovecot-uidlist", "3 V1 N2\n");
    for (auto [src, skipped] : {std::pair{t / "dir", 2}, std::pair{t / "md", 1}}) {
        auto r = lkmine(
            {"index", "--db", (t / ("db-" + src.filename().string())).string(), src.string()});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.out.find(std::to_string(skipped) + " files skipped: not mail"),
                  std::string::npos)
            << src << "\n"
            << r.out;
    }
}

TEST(Faults, AMessageIdWithPercentOpensAsWritten) {
    TempDir t;
    std::string m = "From: A <a@example.org>\nSubject: percent id\nDate: Mon, 1 Jan 2024 10:00:00 "
                    "+0000\nMessage-ID: <abc%2Bdef@example.com>\n\nbody\n";
    write_bytes(t / "p.eml", m);
    const std::string db = (t / "db").string();
    ASSERT_EQ(lkmine({"index", "--db", db, (t / "p.eml").string()}).status, 0);
    for (const char* arg : {"<abc%2Bdef@example.com>", "abc%2Bdef@example.com",
                            "https://lore.kernel.org/r/abc%252Bdef@example.com"}) {
        auto r = lkmine({"show", "--db", db, arg});
        EXPECT_EQ(r.status, 0) << arg << r.err;
        EXPECT_NE(r.out.find("percent id"), std::string::npos) << arg << r.out;
        EXPECT_EQ(lkmine({"thread", "--db", db, arg}).status, 0) << arg;
    }
}

} // namespace
} // namespace lkmine::test

namespace lkmine::test {
namespace {

// 3,000 mails of distinct words: an index of about 33 MB.
void write_many_mbox(const fs::path& p) {
    std::ofstream out(p, std::ios::binary);
    for (int i = 0; i < 3000; ++i) {
        out << "From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: Dev <d" << i % 50
            << "@example.org>\nSubject: mail " << i
            << "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <m" << i
            << "@full.example>\n\n";
        for (int k = 0; k < 150; ++k)
            out << "w" << i << "_" << k << (k + 1 < 150 ? " " : "\n\n");
    }
}

// Disk full for real: the index on a 12 MB tmpfs mounted in a private mount namespace (unshare
// -m as root, -rm in a user namespace otherwise). The run that fills it stops with the reason
// and keeps its commits; once the tmpfs is grown, the next run resumes to exactly every mail.
TEST(Faults, DiskFullStopsWithTheReasonAndTheRerunIsExact) {
    TempDir t;
    write_many_mbox(t / "many.mbox");
    fs::create_directories(t / "mnt");
    const std::string bin = LKMINE_BINARY, mnt = (t / "mnt").string(), out = t.path().string();
    const std::string db = mnt + "/db", mbox = (t / "many.mbox").string();
    const std::string script =
        "mount -t tmpfs -o size=12m tmpfs " + quote(mnt) + " || exit 77\n" + quote(bin) +
        " index --db " + quote(db) + " --batch 200 " + quote(mbox) + " >" + quote(out + "/1.out") +
        " 2>" + quote(out + "/1.err") + "; echo $? >" + quote(out + "/1.rc") + "\n" +
        "mount -o remount,size=256m " + quote(mnt) + " || exit 78\n" + quote(bin) + " index --db " +
        quote(db) + " " + quote(mbox) + " >" + quote(out + "/2.out") + " 2>" +
        quote(out + "/2.err") + "; echo $? >" + quote(out + "/2.rc") + "\n" + quote(bin) +
        " stats --db " + quote(db) + " --json >" + quote(out + "/stats.json") + "\n" + quote(bin) +
        " search --db " + quote(db) + " --json --limit 100000 '*' >" + quote(out + "/ids.json") +
        "\n";
    write_bytes(t / "full.sh", script);
    auto r = sh(std::string(getuid() == 0 ? "unshare -m" : "unshare -rm") + " sh " +
                    quote((t / "full.sh").string()),
                600);
    if (r.status == 77 || (r.status != 0 && !fs::exists(t / "1.rc")))
        GTEST_SKIP() << "no tmpfs can be mounted here (unshare/mount refused): " << r.err;
    ASSERT_EQ(r.status, 0) << r.out << r.err;

    auto trim = [](std::string s) { return s.substr(0, s.find('\n')); };
    const std::string err1 = read_bytes(t / "1.err");
    EXPECT_EQ(trim(read_bytes(t / "1.rc")), "1") << err1;
    EXPECT_NE(err1.find("No space left on device"), std::string::npos) << err1;
    EXPECT_NE(err1.find("everything up to the last commit is kept"), std::string::npos) << err1;

    const std::string out2 = read_bytes(t / "2.out");
    EXPECT_EQ(trim(read_bytes(t / "2.rc")), "0") << out2 << read_bytes(t / "2.err");
    auto at = out2.find("new ");
    ASSERT_NE(at, std::string::npos) << out2;
    EXPECT_LT(std::stoul(out2.substr(at + 4)), 3000u) << "the full run committed nothing\n" << out2;
    EXPECT_EQ(json::parse(read_bytes(t / "stats.json"))["mails"], 3000) << out2;
    std::multiset<std::string> ids;
    std::istringstream lines(read_bytes(t / "ids.json"));
    for (std::string line; std::getline(lines, line);)
        ids.insert(json::parse(line)["message_id"].get<std::string>());
    EXPECT_EQ(ids.size(), 3000u);
    for (int i = 0; i < 3000; ++i)
        EXPECT_EQ(ids.count("m" + std::to_string(i) + "@full.example"), 1u) << i;
}

} // namespace
} // namespace lkmine::test
