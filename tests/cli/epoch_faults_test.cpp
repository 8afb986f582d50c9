// Public-inbox epochs that are hostile or incomplete: a mail blob far over the size cap (packed
// and loose) is read no further than the cap, and a shallow clone indexes what it holds and
// names what it lacks.
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace lkmine::test {
namespace {

constexpr std::size_t kCap = 1 << 20;                // --max-mail-size 1m
constexpr std::size_t kBig = std::size_t{160} << 20; // the hostile blob: 160 MiB

std::string mail(const std::string& id, const std::string& body) {
    return "From: A <a@example.org>\nSubject: epoch " + id +
           "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <" + id + "@epoch.example>\n\n" +
           body;
}

// The hostile mail: kBig bytes of numbered lines, then a last line that a splice would keep.
// Given to `sink` piece by piece: the test process never holds it (a forked child starts with
// its parent's resident set, which would hide what lkmine itself takes).
template <typename Sink> void big_mail(Sink&& sink) {
    std::string head = mail("big", "");
    sink(head);
    std::size_t size = head.size();
    for (int i = 0; size < kBig; ++i) {
        std::string line = "line " + std::to_string(i) + " " +
                           std::string(40 + (i * 37) % 60, 'a' + i % 26) + "\n";
        sink(line);
        size += line.size();
    }
    sink(std::string("THE-LAST-LINE\n"));
}

struct Big {
    std::size_t size = 0;
    std::string prefix; // the oracle, written here: the bytes up to the last '\n' within the cap
};

Big big_facts() {
    Big b;
    big_mail([&](const std::string& piece) {
        if (b.size < kCap) b.prefix += piece;
        b.size += piece.size();
    });
    b.prefix.resize(b.prefix.rfind('\n', kCap - 1) + 1);
    return b;
}

// An epoch with the mails, `big` (if set) after the first, written by git fast-import; `pack`:
// repacked by git (as lore's epochs are), else (fast-import's unpack limit) loose objects.
void make_epoch(const fs::path& git, const std::vector<std::string>& mails, const Big* big,
                bool pack) {
    fs::create_directories(git);
    const fs::path stream = git.parent_path() / "stream";
    {
        std::ofstream out(stream, std::ios::binary);
        auto commit = [&, n = 0]() mutable {
            ++n;
            out << "commit refs/heads/master\nmark :" << n << "\ncommitter A U Thor "
                << "<a@example.org> " << 1700000000 + n << " +0000\ndata 4\nmail\n";
            if (n > 1) out << "from :" << n - 1 << "\n";
        };
        for (std::size_t i = 0; i < mails.size(); ++i) {
            commit();
            out << "M 100644 inline m\ndata " << mails[i].size() << "\n" << mails[i] << "\n";
            if (i == 0 && big) {
                commit();
                out << "M 100644 inline m\ndata " << big->size << "\n";
                big_mail([&](const std::string& piece) { out << piece; });
                out << "\n";
            }
        }
    }
    auto r = sh(
        "git init -q --bare " + quote(git.string()) + " && git --git-dir=" + quote(git.string()) +
            " -c fastimport.unpackLimit=" + (pack ? "0" : "1000") + " fast-import --quiet < " +
            quote(stream.string()) + " && rm " + quote(stream.string()) +
            // git's own delta choices: fast-import stores the next mail as a delta against the
            // big one, which libgit2 resolves only whole (a limit the report names).
            (pack ? " && git --git-dir=" + quote(git.string()) + " repack -q -a -d -f" : ""),
        600);
    ASSERT_EQ(r.status, 0) << r.err;
    auto packs = sh("ls " + quote(git.string()) + "/objects/pack | grep -c '[.]pack$' || true");
    ASSERT_EQ(packs.out, pack ? "1\n" : "0\n") << git;
}

TEST(EpochFaults, ABlobFarOverTheCapIsReadNoFurtherThanTheCap) {
    TempDir t;
    const Big big = big_facts();
    const std::vector<std::string> mails{mail("before", "first\n"), mail("after", "last\n")};
    make_epoch(t / "packed/git/0.git", mails, &big, true);
    make_epoch(t / "loose/git/0.git", mails, &big, false);
    make_epoch(t / "small/git/0.git", mails, nullptr, true);

    auto base = lkmine({"index", "--db", (t / "db-small").string(), "--max-mail-size", "1m",
                        (t / "small").string()});
    ASSERT_EQ(base.status, 0) << base.out << base.err;
    for (const char* kind : {"packed", "loose"}) {
        const fs::path db = t / (std::string("db-") + kind);
        auto r =
            lkmine({"index", "--db", db.string(), "--max-mail-size", "1m", (t / kind).string()});
        ASSERT_EQ(r.status, 0) << kind << "\n" << r.out << r.err;
        EXPECT_NE(r.out.find("1 mails over the size cap"), std::string::npos) << kind << r.out;
        EXPECT_NE(r.err.find(std::to_string(big.size) + " bytes"), std::string::npos)
            << kind << ": the warning gives the whole size\n"
            << r.err;
        // Memory: the 160 MiB blob is never loaded, so indexing it costs about what the two
        // small mails cost plus a few times the 1 MiB cap.
        std::printf("[ info ] %s: peak RSS %ld KiB (the small epoch alone: %ld KiB)\n", kind,
                    r.max_rss_kb, base.max_rss_kb);
        EXPECT_LT(r.max_rss_kb, base.max_rss_kb + 32 * 1024) << kind;

        auto raw = lkmine({"show", "--db", db.string(), "--raw", "big@epoch.example"});
        ASSERT_EQ(raw.status, 0) << kind << raw.err;
        EXPECT_EQ(raw.out.size(), big.prefix.size()) << kind;
        EXPECT_TRUE(raw.out == big.prefix) << kind << ": not the cut prefix";
        auto found = lkmine({"search", "--db", db.string(), "--json", "flag:truncated"});
        ASSERT_EQ(found.status, 0) << found.err;
        EXPECT_EQ(nlohmann::json::parse(found.out)["message_id"], "big@epoch.example") << kind;
        EXPECT_EQ(lkmine({"show", "--db", db.string(), "--raw", "before@epoch.example"}).out,
                  mails[0])
            << kind;
        EXPECT_EQ(lkmine({"show", "--db", db.string(), "--raw", "after@epoch.example"}).out,
                  mails[1])
            << kind;
        EXPECT_EQ(stats(db).mails, 3u) << kind;
    }
}

TEST(EpochFaults, AShallowCloneIndexesWhatItHasAndSaysWhatIsMissing) {
    TempDir t;
    std::vector<std::string> mails;
    for (int i = 0; i < 10; ++i)
        mails.push_back(mail("m" + std::to_string(i), "mail " + std::to_string(i) + "\n"));
    make_epoch(t / "full/git/0.git", mails, nullptr, true);
    const fs::path shallow = t / "shallow/git/0.git";
    auto c = sh("git clone -q --bare --depth 4 " +
                quote("file://" + (t / "full/git/0.git").string()) + " " + quote(shallow.string()));
    ASSERT_EQ(c.status, 0) << c.err;
    ASSERT_TRUE(fs::exists(shallow / "shallow")) << "git made no shallow clone";

    const std::string db = (t / "db").string();
    auto r = lkmine({"index", "--db", db, (t / "shallow").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(indexed_count(r.out), 4u) << r.out;
    EXPECT_NE(r.err.find("is a shallow clone: the mails before its shallow boundary"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("fetch --unshallow"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("not found"), std::string::npos) << r.err;
    auto ids = all_ids(t / "db");
    EXPECT_EQ(ids, (std::multiset<std::string>{"m6@epoch.example", "m7@epoch.example",
                                               "m8@epoch.example", "m9@epoch.example"}));
    // Once the history is fetched, the next run reads the mails it lacked; none twice.
    auto f = sh("git --git-dir=" + quote(shallow.string()) + " fetch -q --unshallow");
    ASSERT_EQ(f.status, 0) << f.err;
    ASSERT_FALSE(fs::exists(shallow / "shallow"));
    r = lkmine({"index", "--db", db, (t / "shallow").string()});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.err.find("reading it again from the start"), std::string::npos) << r.err;
    ids = all_ids(t / "db");
    EXPECT_EQ(ids.size(), 10u);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 10u);
    EXPECT_EQ(stats(t / "db").mails, 10u);
}

} // namespace
} // namespace lkmine::test
