// Patch ids of diffs damaged in transit, against git: the id must be that of the commit
// `git am` makes from the mail (git itself applies it), or git patch-id's own on what git
// cannot apply.
#include "core/patch/diff.hpp"
#include "core/patch/patch_id.hpp"
#include "tests/support/diff_git_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

using lkmine::find_patches;
using lkmine::mail_patch_ids;
using lkmine::patch_ids_stable;
using lkmine::test::DiffRepo;

namespace {

// A C file with blank lines and a long function signature, changed in its body: git's
// format-patch of the change has blank context lines (" ") and a long hunk header.
struct CFileChange {
    DiffRepo r;
    std::string mail;   // git format-patch of the change
    std::string commit; // git patch-id --stable of `git show` of the commit

    CFileChange() {
        std::string before = "#include <stdio.h>\n\nstatic int first(void)\n{\n\treturn 1;\n}\n\n"
                             "static int a_rather_long_function_name(struct io_ring_ctx *ctx,\n"
                             "\t\t\t\t       unsigned int issue_flags)\n{\n\tint ret = 0;\n\n"
                             "\tret = first();\n\n\tif (ret)\n\t\treturn ret;\n\n"
                             "\treturn issue_flags;\n}\n";
        r.write("io_uring/x.c", before);
        r.commit("base");
        std::string after = before;
        after.replace(after.find("\tif (ret)"), 9, "\tif (ret < 0)");
        r.write("io_uring/x.c", after);
        r.commit("change");
        mail = r.format_patch();
        commit = r.git_patch_id(r.run("git show HEAD"));
    }

    // Applies `damaged` with `git am` on the base and returns the new commit's patch id ("" when
    // git am refused it).
    std::string git_am_id(const std::string& damaged) const {
        r.write(".lkmine-mail", damaged);
        std::string head = r.run("git checkout -q HEAD~1 && git -c user.name=t -c user.email=t@t "
                                 "am -q .lkmine-mail >/dev/null 2>&1 && git rev-parse HEAD");
        std::string id = head.empty() ? "" : r.git_patch_id(r.run("git show HEAD"));
        r.run("git am --abort; git checkout -q -");
        return id;
    }
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
        s.replace(at, from.size(), to);
    return s;
}

} // namespace

// Mail clients strip trailing white space, so a blank context line " " arrives empty. git apply
// reads an empty line in a hunk as blank context (git am applies the mail); git patch-id does not
// count it, reads on past the hunk into the signature and prints another id.
TEST(MailPatchId, BlankContextLineThatLostItsSpace) {
    CFileChange c;
    ASSERT_NE(c.mail.find("\n \n"), std::string::npos) << c.mail;
    std::string damaged = replace_all(c.mail, "\n \n", "\n\n");
    ASSERT_EQ(c.git_am_id(damaged), c.commit) << "git am applies the damaged mail";
    auto ps = find_patches(damaged, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].patch_id, c.commit);
    EXPECT_EQ(ps[0].text.find("\n-- \n"), std::string::npos);
    EXPECT_NE(c.r.git_patch_id(damaged), c.commit) << "git patch-id miscounts the hunk";
    EXPECT_EQ(patch_ids_stable(damaged).front().id, c.r.git_patch_id(damaged));
}

// A mailer wraps the long hunk header. git am refuses the mail (corrupt patch); the diff the
// author meant is the commit's, and the header text is not hashed anyway.
TEST(MailPatchId, WrappedHunkHeader) {
    CFileChange c;
    const std::string tail = " *ctx,\n";
    std::size_t hh = c.mail.find("@@ -");
    ASSERT_NE(hh, std::string::npos);
    std::size_t at = c.mail.find(tail, hh);
    ASSERT_NE(at, std::string::npos) << c.mail;
    std::string damaged = c.mail;
    damaged.replace(at, tail.size(), "\n*ctx,\n"); // "... (struct io_ring_ctx\n*ctx,"
    EXPECT_EQ(c.git_am_id(damaged), "") << "git am refuses a wrapped hunk header";
    auto ps = find_patches(damaged, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].patch_id, c.commit);
    ASSERT_EQ(ps[0].files.size(), 1u);
    EXPECT_EQ(ps[0].files[0].added, 1);

    // both kinds of damage at once, as a Gmail web client sends them
    std::string both = replace_all(damaged, "\n \n", "\n\n");
    EXPECT_EQ(mail_patch_ids(both).front().id, c.commit);
}

// Lines wrapped inside a hunk: nobody can apply it; the id is git patch-id's reading of the
// text (its hunk counts run on over the rest), given once though we see two pieces.
TEST(MailPatchId, LinesWrappedInsideAHunkGetGitsId) {
    CFileChange c;
    std::string second = c.mail;
    std::size_t plus = second.find("\n+\tif (ret < 0)");
    ASSERT_NE(plus, std::string::npos);
    second.replace(plus, 15, "\n+\tif (ret\n< 0)");
    auto ps = find_patches(second, "inline");
    std::string git = c.r.git_patch_id(second);
    ASSERT_FALSE(git.empty());
    ASSERT_FALSE(ps.empty());
    EXPECT_EQ(ps[0].patch_id, git);
    for (std::size_t i = 1; i < ps.size(); ++i)
        EXPECT_EQ(ps[i].patch_id, "") << "git read piece " << i << " as part of the first";
}

// Undamaged git diffs: the mail reading is git's, id for id, over several patches in one text.
TEST(MailPatchId, UndamagedTextIsGitsReading) {
    CFileChange c;
    std::string two = c.mail + "\nand a second one:\n\n" + c.mail;
    auto git = patch_ids_stable(two);
    auto mail = mail_patch_ids(two);
    ASSERT_EQ(git.size(), 2u);
    ASSERT_EQ(mail.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(mail[i].id, git[i].id);
        EXPECT_EQ(mail[i].begin, git[i].begin);
        EXPECT_EQ(mail[i].id, c.commit);
    }
    EXPECT_EQ(two.compare(mail[1].begin, 11, "diff --git "), 0);
}
