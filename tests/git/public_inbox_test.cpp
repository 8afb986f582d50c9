// Tests of public-inbox layout detection and epoch reading, on the real lore epochs and on
// archives built here with git.
#include "core/git/epoch_reader.hpp"
#include "core/git/public_inbox.hpp"
#include "tests/support/git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

namespace lkmine {
namespace {

using test::lines;
using test::must;

std::string corpus_inboxes() {
    return (test::shared_corpora() / "public-inbox").string();
}
std::string fscrypt_epoch() {
    return corpus_inboxes() + "/linux-fscrypt/git/0.git";
}

// Reads every entry; fails the test on an error.
std::vector<EpochEntry> read_all(EpochReader& reader) {
    std::vector<EpochEntry> out;
    EpochEntry e;
    while (true) {
        auto more = reader.next(e);
        EXPECT_TRUE(more.ok()) << more.error();
        if (!more.ok() || !*more) break;
        out.push_back(e);
    }
    return out;
}

TEST(PublicInboxCorpus, FindsEveryInboxOfTheMirror) {
    LKMINE_REQUIRE_CORPUS("public-inbox");
    auto found = find_inboxes(corpus_inboxes());
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].name, "io-uring");
    EXPECT_EQ(found[1].name, "linux-fscrypt");
    EXPECT_EQ(found[2].name, "linux-tip-commits");
    for (const auto& inbox : found) {
        EXPECT_EQ(inbox.version, 2);
        ASSERT_EQ(inbox.epochs.size(), 1u);
        EXPECT_EQ(inbox.epochs[0], inbox.path + "/git/0.git");
    }
    // The same inbox found from its own dir, its git/ dir, or its lone epoch.
    for (const std::string& p :
         {corpus_inboxes() + "/linux-fscrypt", corpus_inboxes() + "/linux-fscrypt/git",
          fscrypt_epoch(), fscrypt_epoch() + "/"}) {
        auto one = find_inboxes(p);
        ASSERT_EQ(one.size(), 1u) << p;
        EXPECT_EQ(one[0].name, "linux-fscrypt") << p;
        ASSERT_EQ(one[0].epochs.size(), 1u);
        EXPECT_EQ(std::filesystem::canonical(one[0].epochs[0]),
                  std::filesystem::canonical(fscrypt_epoch()));
    }
}

TEST(PublicInboxCorpus, ReadsEveryMailOfTheFscryptEpochInCommitOrder) {
    LKMINE_REQUIRE_CORPUS("public-inbox");
    auto expected =
        lines(must(".", "git --git-dir='" + fscrypt_epoch() + "' rev-list --reverse HEAD"));
    ASSERT_EQ(expected.size(), 7548u); // SOURCES.md: 7,548 commits, one mail each
    auto start = std::chrono::steady_clock::now();
    auto reader = EpochReader::open(fscrypt_epoch(), "");
    ASSERT_TRUE(reader.ok()) << reader.error();
    EXPECT_FALSE(reader->rewritten());
    EXPECT_EQ(reader->total_estimate(), 7548u);
    std::size_t count = 0, bytes = 0, mismatched = 0;
    EpochEntry e, first;
    for (;;) {
        auto more = reader->next(e);
        ASSERT_TRUE(more.ok()) << more.error();
        if (!*more) break;
        if (count == 0) first = e;
        if (count >= expected.size() || e.commit != expected[count]) ++mismatched;
        EXPECT_EQ(e.kind, EpochEntry::Kind::mail);
        bytes += e.bytes.size();
        ++count;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ info ] linux-fscrypt: " << count << " mails, " << bytes / 1e6 << " MB in "
              << secs << " s = " << count / secs << " mails/s\n";
    EXPECT_EQ(count, 7548u);
    EXPECT_EQ(mismatched, 0u);
    EXPECT_EQ(e.commit, expected.back());
    EXPECT_EQ(reader->head(), expected.back());
    // The bytes are the blob 'm' of that commit, a real mail.
    EXPECT_EQ(first.commit, expected.front());
    EXPECT_EQ(first.path, "m");
    EXPECT_EQ(first.blob_id, must(".", "git --git-dir='" + fscrypt_epoch() + "' rev-parse " +
                                           first.commit + ":m"));
    EXPECT_EQ(first.bytes.size(), std::stoul(must(".", "git --git-dir='" + fscrypt_epoch() +
                                                           "' cat-file -s " + first.blob_id)));
    EXPECT_NE(first.bytes.find("Message-ID:"), std::string::npos);
    EXPECT_EQ(first.time, std::stoll(must(".", "git --git-dir='" + fscrypt_epoch() +
                                                   "' show -s --format=%ct " + first.commit)));
}

TEST(PublicInboxCorpus, ResumesAfterACommitAndNoticesRewrites) {
    LKMINE_REQUIRE_CORPUS("public-inbox");
    auto expected =
        lines(must(".", "git --git-dir='" + fscrypt_epoch() + "' rev-list --reverse HEAD"));
    ASSERT_GT(expected.size(), 100u);
    std::size_t middle = expected.size() / 2;
    auto reader = EpochReader::open(fscrypt_epoch(), expected[middle]);
    ASSERT_TRUE(reader.ok()) << reader.error();
    EXPECT_FALSE(reader->rewritten());
    auto rest = read_all(*reader);
    ASSERT_EQ(rest.size(), expected.size() - middle - 1);
    for (std::size_t i = 0; i < rest.size(); ++i)
        ASSERT_EQ(rest[i].commit, expected[middle + 1 + i]) << i;

    auto at_head = EpochReader::open(fscrypt_epoch(), expected.back());
    ASSERT_TRUE(at_head.ok());
    EXPECT_FALSE(at_head->rewritten());
    EXPECT_TRUE(read_all(*at_head).empty());

    // Gone from history (a purge rewrote it), not hex, or a commit of another repo.
    for (const std::string& bogus :
         {std::string(40, 'a'), std::string("not-a-commit"), expected[0].substr(0, 12)}) {
        auto again = EpochReader::open(fscrypt_epoch(), bogus);
        ASSERT_TRUE(again.ok()) << again.error();
        EXPECT_TRUE(again->rewritten()) << bogus;
        EXPECT_EQ(again->total_estimate(), expected.size());
        EpochEntry e;
        ASSERT_TRUE(*again->next(e));
        EXPECT_EQ(e.commit, expected.front());
    }
}

// A v2 epoch with a removal: public-inbox replaces 'm' by 'd' holding the removed mail.
TEST(EpochReader, ReadsMailsAndDeletions) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(set -e
git init -q -b master w && cd w
printf 'Message-ID: <1@x>\n\none\n' > m && git add m && git commit -q -m one
printf 'Message-ID: <2@x>\n\ntwo\n' > m && git add m && git commit -q -m two
git rm -q m && printf 'Message-ID: <2@x>\n\ntwo\n' > d && git add d && git commit -q -m gone
git rm -q d && printf 'Message-ID: <3@x>\n\nthree\n' > m && git add m && git commit -q -m three
cd .. && git clone -q --bare w epoch.git
)SH");
    std::string epoch = (tmp.path() / "epoch.git").string();
    auto commits = lines(must(tmp.path(), "git --git-dir=epoch.git rev-list --reverse HEAD"));
    ASSERT_EQ(commits.size(), 4u);
    auto reader = EpochReader::open(epoch, "");
    ASSERT_TRUE(reader.ok()) << reader.error();
    auto all = read_all(*reader);
    ASSERT_EQ(all.size(), 4u);
    using K = EpochEntry::Kind;
    EXPECT_EQ(all[0].kind, K::mail);
    EXPECT_EQ(all[0].bytes, "Message-ID: <1@x>\n\none\n");
    EXPECT_EQ(all[1].kind, K::mail);
    EXPECT_EQ(all[2].kind, K::deletion);
    EXPECT_EQ(all[2].path, "d");
    EXPECT_EQ(all[2].bytes, "Message-ID: <2@x>\n\ntwo\n");
    EXPECT_EQ(all[3].kind, K::mail);
    EXPECT_EQ(all[3].bytes, "Message-ID: <3@x>\n\nthree\n");
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(all[i].commit, commits[i]);

    auto resumed = EpochReader::open(epoch, commits[1]);
    ASSERT_TRUE(resumed.ok());
    auto rest = read_all(*resumed);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].kind, K::deletion);

    auto found = find_inboxes(epoch);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "epoch");
    EXPECT_EQ(found[0].version, 2);
}

// v1 keeps every mail at ab/cdef... (sha1 of the Message-ID split 2/38); a commit adds one.
TEST(EpochReader, ReadsV1ArchivesByTheBlobEachCommitChanged) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(set -e
git init -q -b master w && cd w
mkdir -p 3a 7f
printf 'Message-ID: <a@x>\n\na\n' > 3a/0123456789abcdef0123456789abcdef012345
git add -A && git commit -q -m a
printf 'Message-ID: <b@x>\n\nb\n' > 7f/0123456789abcdef0123456789abcdef012345
printf 'Message-ID: <c@x>\n\nc\n' > 3a/ffffff6789abcdef0123456789abcdef012345
git add -A && git commit -q -m 'b and c'
git rm -q 3a/0123456789abcdef0123456789abcdef012345 && git commit -q -m 'remove a'
cd .. && git clone -q --bare w lkml.git
)SH");
    std::string repo = (tmp.path() / "lkml.git").string();
    auto found = find_inboxes(repo);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, "lkml");
    EXPECT_EQ(found[0].version, 1);
    EXPECT_EQ(found[0].epochs, std::vector<std::string>{repo});

    auto reader = EpochReader::open(repo, "");
    ASSERT_TRUE(reader.ok()) << reader.error();
    auto all = read_all(*reader);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].bytes, "Message-ID: <a@x>\n\na\n");
    EXPECT_EQ(all[0].path, "3a/0123456789abcdef0123456789abcdef012345");
    EXPECT_EQ(all[1].commit, all[2].commit); // one commit, two mails
    EXPECT_EQ(all[1].bytes + all[2].bytes, "Message-ID: <c@x>\n\nc\nMessage-ID: <b@x>\n\nb\n");
    EXPECT_EQ(all[3].kind, EpochEntry::Kind::deletion);
    EXPECT_EQ(all[3].bytes, all[0].bytes);
    EXPECT_EQ(all[3].commit, reader->head());
}

TEST(FindInboxes, MirrorRootWithNumericEpochOrder) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(set -e
git init -q -b master w && cd w
printf 'Message-ID: <1@x>\n\none\n' > m && git add m && git commit -q -m one
cd .. && mkdir -p mirror/lkml/git mirror/b-list/git mirror/other
for n in 0 1 2 10; do git clone -q --bare w mirror/lkml/git/$n.git; done
git clone -q --bare w mirror/lkml/all.git
git clone -q --bare w mirror/b-list/git/0.git
git init -q --bare mirror/b-list/git/1.git
mkdir mirror/lkml/git/notes.git
git init -q mirror/other/worktree
printf 'x\n' > mirror/other/worktree/README
git -C mirror/other/worktree add README
git -C mirror/other/worktree commit -q -m readme
git clone -q --bare mirror/other/worktree mirror/other/code.git
)SH");
    auto root = tmp.path() / "mirror";
    auto found = find_inboxes(root.string());
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].name, "b-list");
    // A freshly created, still empty epoch belongs to the inbox (and reads as nothing).
    EXPECT_EQ(found[0].epochs.size(), 2u);
    EXPECT_EQ(found[1].name, "lkml");
    EXPECT_EQ(found[1].version, 2);
    std::vector<std::string> epochs;
    for (const char* n : {"0", "1", "2", "10"})
        epochs.push_back((root / "lkml" / "git" / (std::string(n) + ".git")).string());
    EXPECT_EQ(found[1].epochs, epochs);

    auto empty = EpochReader::open(found[0].epochs[1], "");
    ASSERT_TRUE(empty.ok()) << empty.error();
    EXPECT_EQ(empty->total_estimate(), 0u);
    EXPECT_EQ(empty->head(), "");
    EXPECT_TRUE(read_all(*empty).empty());

    EXPECT_TRUE(find_inboxes((root / "other").string()).empty());
    EXPECT_TRUE(find_inboxes((tmp.path() / "missing").string()).empty());
}

} // namespace
} // namespace lkmine
