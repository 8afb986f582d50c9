// Mail -> commit linking: method names, mentioned shas, both sides, and the sample tree end to end.
#include "core/git/repo.hpp"
#include "core/link/link.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/parse.hpp"
#include "tests/support/git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <map>

namespace lkmine {
namespace {

TEST(LinkMethods, ParsesNamesAndRejectsUnknownOnes) {
    auto all = parse_link_methods("trailer,patch-id,blob,fuzzy");
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, all_link_methods);
    EXPECT_EQ(*parse_link_methods("all"), all_link_methods);
    auto two = parse_link_methods(" Fuzzy , blob");
    ASSERT_TRUE(two.ok());
    EXPECT_EQ(*two, link_bit(LinkMethod::fuzzy) | link_bit(LinkMethod::blob));
    EXPECT_EQ(*parse_link_methods("patch_id"), link_bit(LinkMethod::patch_id));

    auto bad = parse_link_methods("trailer,patchid");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("'patchid'"), std::string::npos) << bad.error();
    EXPECT_NE(bad.error().find("patch-id"), std::string::npos) << "should list valid names";
    EXPECT_FALSE(parse_link_methods("").ok());
    EXPECT_FALSE(parse_link_methods("trailer,").ok());
}

TEST(MentionedShas, FindsCommitIdsNotNumbersOrAddresses) {
    const std::string text =
        "Fixes: 558ddf0842cf (\"lkdemo: add LKDEMO_IOC_RESIZE ioctl\")\n"
        "This reverts commit 6F03C698EF53BB9D0CD42C9BD0B68E8CE72F8345.\n"
        "Seen at 20190711234339 and 0xffff888012345678, RIP 0010:ringbuf_pop+0x4a/0x90\n"
        "Too short: 558ddf0842c; too long: 6f03c698ef53bb9d0cd42c9bd0b68e8ce72f8345a\n"
        "In a word: x558ddf0842cf, deadbeefdeadbeef, again 558ddf0842cf.\n";
    std::vector<std::string> want = {"558ddf0842cf", "6f03c698ef53bb9d0cd42c9bd0b68e8ce72f8345"};
    EXPECT_EQ(mentioned_shas(text), want);
    EXPECT_TRUE(mentioned_shas("").empty());
    EXPECT_TRUE(mentioned_shas(std::string(4 << 20, 'a')).empty());
}

Message patch_mail(const std::string& body) {
    RawMessage raw{"From: Sender Bot <bot@example.net>\n"
                   "Subject: [PATCH v2 1/2] foo: fix the bar\n"
                   "Date: Tue, 6 Feb 2024 10:15:09 +0100\n"
                   "Message-ID: <m1@example.net>\n\n" +
                       body,
                   {}};
    return parse_message(raw);
}

const char* diff_text = "---\n"
                        " foo.c | 2 +-\n"
                        "diff --git a/foo.c b/foo.c\n"
                        "index 3b18e51..9c5e2a1 100644\n"
                        "--- a/foo.c\n"
                        "+++ b/foo.c\n"
                        "@@ -1,3 +1,3 @@\n"
                        " int a;\n"
                        "-int bar = 1;\n"
                        "+int bar = 2;\n"
                        " int c;\n";

TEST(FromMail, InBodyFromAndSubjectOverrideHeadersAsGitAmDoes) {
    Message m = patch_mail(std::string("From: Ann Author <ann@example.org>\n"
                                       "Subject: foo: really fix the bar\n\n"
                                       "Text.\n\nSigned-off-by: Ann Author <ann@example.org>\n"
                                       "Link: https://lore.kernel.org/r/earlier@example.org\n") +
                           diff_text);
    PatchSide s = from_mail(m);
    EXPECT_EQ(s.id, "m1@example.net");
    EXPECT_EQ(s.author.email, "ann@example.org");
    EXPECT_EQ(s.subject_norm, "foo: really fix the bar");
    EXPECT_TRUE(s.has_diff);
    EXPECT_EQ(s.post_blobs, std::vector<std::string>{"9c5e2a1"});
    EXPECT_EQ(s.files, std::vector<std::string>{"foo.c"});
    EXPECT_EQ(s.added, std::vector<std::string>{"int bar = 2;"});
    EXPECT_EQ(s.removed, std::vector<std::string>{"int bar = 1;"});
    EXPECT_EQ(s.patch_id.size(), 40u);
    EXPECT_EQ(s.named_msgids, std::vector<std::string>{"earlier@example.org"});
}

TEST(FromMail, HeaderFromWhenNoInBodyFromAndNoDiffForAReply) {
    PatchSide s = from_mail(patch_mail("Looks good.\n\nFrom: the top of my head\n"));
    EXPECT_EQ(s.author.email, "bot@example.net");
    EXPECT_EQ(s.subject_norm, "foo: fix the bar");
    EXPECT_FALSE(s.has_diff);
    EXPECT_TRUE(s.patch_id.empty());
}

TEST(FromMail, MalformedInputGivesAnEmptySideThatLinksNowhere) {
    Linker linker;
    linker.add_commit(PatchSide{}); // a commit with nothing known must not match everything
    for (std::string bytes :
         {std::string(), std::string("\0\0\0", 3),
          std::string("Subject: x\n\n") + std::string(4 << 20, 'a'),
          std::string("From: \n\nFrom: <>\n\ndiff --git a/ b/\n@@ -1 +1 @@\n")}) {
        PatchSide s = from_mail(parse_message(RawMessage{bytes, {}}));
        EXPECT_TRUE(linker.match(s).empty());
    }
    CommitInfo empty;
    PatchSide c = from_commit(empty);
    EXPECT_FALSE(c.has_diff);
    EXPECT_TRUE(c.patch_id.empty());
}

PatchSide commit_side(std::string sha, std::string email, std::int64_t date, std::string subject) {
    PatchSide c;
    c.id = std::move(sha);
    c.author = {"Ann Author", std::move(email)};
    c.date = date;
    c.subject_norm = std::move(subject);
    return c;
}

TEST(Linker, FuzzyNeedsTheDateWindowAndLeavesRepliesAlone) {
    Message m =
        patch_mail(std::string("From: Ann Author <ann@example.org>\n\nText.\n") + diff_text);
    PatchSide mail = from_mail(m);
    Linker linker;
    PatchSide early = commit_side("a1", "ann@example.org", mail.date - 500 * 86400,
                                  "foo: fix the bar"); // before the mail was sent: impossible
    PatchSide right =
        commit_side("b2", "ann@example.org", mail.date + 3 * 86400, "foo: fix the bar");
    linker.add_commit(early);
    linker.add_commit(right);
    auto links = linker.match(mail, link_bit(LinkMethod::fuzzy));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].sha, "b2");
    EXPECT_EQ(links[0].method, LinkMethod::fuzzy);
    EXPECT_LT(fuzzy_score(mail, early), 0);

    PatchSide reply = from_mail(patch_mail("Looks good.\n"));
    EXPECT_TRUE(linker.match(reply).empty());
}

TEST(Linker, TiedFuzzyCandidatesAreAllReturned) {
    PatchSide mail = from_mail(patch_mail(std::string("Text.\n") + diff_text));
    Linker linker;
    linker.add_commit(
        commit_side("c1d00000", "bot@example.net", mail.date + 86400, "foo: fix the bar"));
    linker.add_commit(
        commit_side("c2d00000", "bot@example.net", mail.date + 86400, "foo: fix the bar"));
    linker.add_commit(
        commit_side("c3d00000", "bot@example.net", mail.date + 86400, "foo: fix the baz"));
    auto links = linker.match(mail, link_bit(LinkMethod::fuzzy));
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0].sha, "c1d00000");
    EXPECT_EQ(links[1].sha, "c2d00000");
    EXPECT_EQ(linker.commits_with_prefix("c3d0").size(), 1u);
    EXPECT_EQ(linker.commits_with_prefix("c").size(), 0u) << "too short to verify anything";
}

// The project's sample: every patch mail links to the commit it became, by the method the
// corpora README names, and no mail links anywhere else.
TEST(LinkSample, EveryPatchMailLinksToItsCommitAndNoneWrongly) {
    test::TempDir tmp;
    const auto root = test::project_corpora();
    test::must(tmp.path(),
               "'" + (root / "build-kernel-sample.sh").string() + "' kernel >/dev/null");
    test::must(tmp.path(), "'" + (root / "build-lore-sample.sh").string() + "' lore >/dev/null");
    auto repo = GitRepo::open((tmp.path() / "kernel").string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    Linker linker;
    std::map<std::string, PatchSide> commits;
    auto shas = repo->walk("");
    ASSERT_TRUE(shas.ok());
    for (const auto& sha : *shas) {
        auto c = repo->read_commit(sha);
        ASSERT_TRUE(c.ok());
        commits[sha] = from_commit(*c);
        linker.add_commit(commits[sha]);
    }
    ASSERT_EQ(linker.size(), 6u);

    const std::string c113 = "113cce29129b67db9ea6724d781ae6431ad7b9d0",
                      c558 = "558ddf0842cfa4df6dced9ffde150b81787d4144",
                      ca43 = "a4389c2eb5022e4690b73daff46841ca04f06cb4",
                      c957 = "957f7aa6e62ca9f5fa9ff132d1b58537f68954dd",
                      ccce = "cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc";
    struct Want {
        std::string sha;
        LinkMethod method;
    };
    // From corpora/README.md. The v1 mails 12 and 13 are earlier revisions of 558ddf08 and
    // a4389c2e with other diffs: they stay unlinked, their fuzzy scores below the threshold.
    const std::map<std::string, Want> want = {
        {"20240205-ringbuf-resize-v1-1-3c9f1e2d7a44@example.com", {c113, LinkMethod::patch_id}},
        {"20240212-ringbuf-resize-v2-1-8b1d4f6a2e90@example.com", {c113, LinkMethod::trailer}},
        {"20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com", {c558, LinkMethod::patch_id}},
        {"20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com", {ca43, LinkMethod::fuzzy}},
        {"20240221031544.28310-1-kenji.sato@example.com", {c957, LinkMethod::patch_id}},
        {"c41f0e2a-5d7b-4b98-8e36-1a2b9c0d7e65@example.org", {ccce, LinkMethod::patch_id}},
        {"20240301111027.40517-1-priya.raman@example.org", {ccce, LinkMethod::patch_id}},
    };
    const std::string mbox = test::read_file(tmp.path() / "lore" / "linux-demo.mbox");
    std::size_t mails = 0, linked = 0;
    for (const auto& raw : split_mbox(mbox)) {
        Message m = parse_message(raw);
        ++mails;
        PatchSide side = from_mail(m);
        auto links = linker.match(side);
        auto it = want.find(m.message_id);
        const std::map<std::string, std::string> earlier = {
            {"20240205-ringbuf-resize-v1-2-3c9f1e2d7a44@example.com", c558},
            {"20240205-ringbuf-resize-v1-3-3c9f1e2d7a44@example.com", ca43}};
        if (auto e = earlier.find(m.message_id); e != earlier.end()) {
            double s = fuzzy_score(side, commits[e->second]);
            EXPECT_GT(s, 0.5) << m.message_id << ": same author, similar subject and diff";
            EXPECT_LT(s, FuzzyParams{}.threshold_with_diff) << m.message_id;
        }
        if (it == want.end()) {
            EXPECT_TRUE(links.empty()) << m.message_id << " linked to " << links[0].sha;
            continue;
        }
        ++linked;
        ASSERT_EQ(links.size(), 1u) << m.message_id;
        EXPECT_EQ(links[0].sha, it->second.sha) << m.message_id;
        EXPECT_EQ(links[0].method, it->second.method) << m.message_id;
        // Each exact method alone still finds the commit wherever the diffs are equal.
        if (it->second.method == LinkMethod::patch_id) {
            auto blob = linker.match(side, link_bit(LinkMethod::blob));
            ASSERT_EQ(blob.size(), 1u) << m.message_id;
            EXPECT_EQ(blob[0].sha, it->second.sha);
            EXPECT_DOUBLE_EQ(blob[0].score, 1.0);
        }
        if (it->second.method == LinkMethod::fuzzy) {
            EXPECT_TRUE(linker.match(side, link_bit(LinkMethod::blob)).empty());
            EXPECT_TRUE(linker.match(side, link_bit(LinkMethod::patch_id)).empty());
            EXPECT_GE(links[0].score, 0.8);
            EXPECT_LT(links[0].score, 1.0);
        }
    }
    EXPECT_EQ(mails, 32u);
    EXPECT_EQ(linked, want.size());
}

} // namespace
} // namespace lkmine
