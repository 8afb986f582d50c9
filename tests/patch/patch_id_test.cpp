// patch_id_stable() against `git patch-id --stable` on diffs git itself wrote, of every shape.
#include "core/base/sha1.hpp"
#include "core/patch/patch_id.hpp"
#include "tests/support/diff_git_fixture.hpp"

#include <gtest/gtest.h>

using lkmine::patch_id_stable;
using lkmine::test::DiffRepo;
using lkmine::test::lines;
using namespace std::string_literals;

TEST(Sha1, KnownVectors) {
    EXPECT_EQ(lkmine::sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(lkmine::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(lkmine::sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(lkmine::sha1_hex(std::string(1000000, 'a')),
              "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    // Fed in odd pieces, the same as in one go.
    lkmine::Sha1 h;
    std::string text(1000, 'x');
    for (std::size_t i = 0; i < text.size(); i += 7)
        h.update(std::string_view(text).substr(i, 7));
    EXPECT_EQ(lkmine::to_hex(h.digest()), lkmine::sha1_hex(text));
}

TEST(Sha1, MatchesGitHashObject) {
    DiffRepo r;
    std::string blob = "hello\n";
    EXPECT_EQ(lkmine::sha1_hex("blob 6\0hello\n"s),
              r.run("printf 'hello\\n' | git hash-object --stdin").substr(0, 40));
}

class PatchIdShape : public ::testing::TestWithParam<const char*> {};

TEST_P(PatchIdShape, EqualsGitPatchIdStable) {
    DiffRepo r;
    std::string mail = lkmine::test::make_shape(r, GetParam());
    ASSERT_NE(mail.find("diff --git"), std::string::npos) << mail;
    std::string git = r.git_patch_id(mail);
    ASSERT_EQ(git.size(), 40u);
    EXPECT_EQ(patch_id_stable(mail), git) << mail;
    // `git show` writes "Binary files differ" without being asked, and knows no --no-binary.
    std::string show_opts = lkmine::test::shape_opts(GetParam());
    if (show_opts == "--no-binary") show_opts.clear();
    // The commit itself (`git show`) has the same id as the mail of it.
    EXPECT_EQ(r.git_patch_id(r.run("git show HEAD " + show_opts)), git);
    // Mail transports turn LF into CRLF; git strips the CR with the other whitespace.
    std::string crlf;
    for (char c : mail)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(patch_id_stable(crlf), git);
    EXPECT_EQ(r.git_patch_id(crlf), git);
}

INSTANTIATE_TEST_SUITE_P(Shapes, PatchIdShape,
                         ::testing::Values("modify", "new", "delete", "rename", "copy", "mode",
                                           "binary", "binary_literal", "quoted", "spaces"));

// Several commits in one text: the first id is the first patch's, the next patch is not mixed in.
TEST(PatchId, TwoPatchesInOneTextGiveTheFirst) {
    DiffRepo r;
    std::string first = lkmine::test::make_shape(r, "modify");
    r.write("src/later.c", lines(1, 5));
    r.commit("later");
    std::string second = r.format_patch();
    std::string both = first + second;
    EXPECT_EQ(patch_id_stable(both), r.git_patch_id(first));
    EXPECT_EQ(patch_id_stable(second), r.git_patch_id(second));
    EXPECT_NE(patch_id_stable(first), patch_id_stable(second));
}

// Hand-edited mail whose hunk says more lines than it has: git hashes on into the signature.
TEST(PatchId, WrongCountsAndSignatureLikeGit) {
    DiffRepo r;
    std::string mail = lkmine::test::make_shape(r, "new");
    auto at = mail.find("@@ -0,0 +1,4 @@");
    ASSERT_NE(at, std::string::npos) << mail;
    std::string too_many = mail, too_few = mail;
    too_many.replace(at, 15, "@@ -0,0 +1,9 @@");
    too_few.replace(at, 15, "@@ -0,0 +1,2 @@");
    EXPECT_EQ(patch_id_stable(too_many), r.git_patch_id(too_many));
    EXPECT_EQ(patch_id_stable(too_few), r.git_patch_id(too_few));
    EXPECT_NE(patch_id_stable(too_few), patch_id_stable(mail));
    // The trailing "-- \n2.39.5" of format-patch is outside the id.
    auto sig = mail.rfind("\n-- \n");
    ASSERT_NE(sig, std::string::npos);
    EXPECT_EQ(patch_id_stable(mail.substr(0, sig + 1)), patch_id_stable(mail));
}

TEST(PatchId, QuirksOfGitsReader) {
    DiffRepo r;
    const std::string diff = "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n"
                             "@@ -5 +5 @@\n-a\n+b\n";
    // A prose line starting with "diff " counts as a patch for git, and for us.
    for (std::string text : {std::string("diff between v1 and v2:\n- fixed\n"),
                             "From 1111111111111111111111111111111111111111 Mon\nmsg\n" +
                                 std::string("2222222222222222222222222222222222222222 x\n") + diff,
                             diff + "-c\n+d\n", std::string("no diff here\n"), std::string(),
                             "diff --git a/x b/x\n\\ No newline at end of file\n" + diff})
        EXPECT_EQ(patch_id_stable(text), r.git_patch_id(text)) << text;
    EXPECT_EQ(patch_id_stable("no diff\n"), "");
    // NUL bytes and a 4 MB line are data, not a crash.
    std::string big = diff + "+" + std::string(4 << 20, 'x') + "\n";
    EXPECT_EQ(patch_id_stable(big), r.git_patch_id(big));
    std::string nul = diff;
    nul.insert(nul.find("+b"), std::string("+q\0z\n", 5));
    EXPECT_EQ(patch_id_stable(nul).size(), 40u);
}
