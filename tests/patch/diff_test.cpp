// find_patches() and diff_terms() on diffs git wrote and on hand-mangled mail diffs.
#include "core/patch/diff.hpp"
#include "core/patch/patch_id.hpp"
#include "tests/support/diff_git_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using lkmine::FileStatus;
using lkmine::find_patches;
using lkmine::Patch;
using lkmine::PatchFile;
using lkmine::test::DiffRepo;
using lkmine::test::lines;
using lkmine::test::make_shape;

namespace {

// The one patch of a format-patch mail, checked against git's own id for the mail.
Patch only_patch(DiffRepo& r, const std::string& mail) {
    auto ps = find_patches(mail, "inline");
    EXPECT_EQ(ps.size(), 1u) << mail;
    if (ps.empty()) return {};
    EXPECT_EQ(ps[0].patch_id, r.git_patch_id(mail));
    EXPECT_EQ(ps[0].source, "inline");
    EXPECT_EQ(ps[0].text.rfind("diff --git", 0), 0u);
    EXPECT_EQ(ps[0].text.find("\n-- \n"), std::string::npos) << "signature inside the diff";
    return ps[0];
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

TEST(FindPatches, Modify) {
    DiffRepo r;
    Patch p = only_patch(r, make_shape(r, "modify"));
    ASSERT_EQ(p.files.size(), 1u);
    const PatchFile& f = p.files[0];
    EXPECT_EQ(f.old_path, "src/a.c");
    EXPECT_EQ(f.new_path, "src/a.c");
    EXPECT_EQ(f.status, FileStatus::modified);
    EXPECT_EQ(f.added, 1);
    EXPECT_EQ(f.removed, 2);
    EXPECT_EQ(f.old_mode, "100644");
    // blob ids: the abbreviations of what git has for the file before and after
    EXPECT_EQ(r.run("git rev-parse HEAD~1:src/a.c").rfind(f.old_blob, 0), 0u);
    EXPECT_EQ(r.run("git rev-parse HEAD:src/a.c").rfind(f.new_blob, 0), 0u);
    ASSERT_EQ(f.hunk_headers.size(), 2u);
    EXPECT_EQ(f.hunk_headers[0], "int f(void)"); // git's funcname: the last line starting a-z
}

TEST(FindPatches, NewDeletedRenamedCopiedMode) {
    struct Want {
        const char* shape;
        FileStatus status;
        const char *old_path, *new_path, *old_mode, *new_mode;
        int added, removed;
    };
    for (const Want& w : {
             Want{"new", FileStatus::added, "src/new.c", "src/new.c", "", "100644", 4, 0},
             Want{"delete", FileStatus::deleted, "src/keep.c", "src/keep.c", "100644", "", 0, 30},
             Want{"rename", FileStatus::renamed, "src/keep.c", "src/moved.c", "", "", 1, 1},
             Want{"copy", FileStatus::copied, "src/keep.c", "src/copy.c", "", "", 0, 0},
             Want{"mode", FileStatus::modified, "src/a.c", "src/a.c", "100644", "100755", 0, 0},
         }) {
        SCOPED_TRACE(w.shape);
        DiffRepo r;
        Patch p = only_patch(r, make_shape(r, w.shape));
        ASSERT_EQ(p.files.size(), 1u);
        const PatchFile& f = p.files[0];
        EXPECT_EQ(f.status, w.status);
        EXPECT_EQ(f.old_path, w.old_path);
        EXPECT_EQ(f.new_path, w.new_path);
        if (*w.old_mode) {
            EXPECT_EQ(f.old_mode, w.old_mode);
        }
        if (*w.new_mode) {
            EXPECT_EQ(f.new_mode, w.new_mode);
        }
        EXPECT_EQ(f.added, w.added);
        EXPECT_EQ(f.removed, w.removed);
        EXPECT_FALSE(f.binary);
    }
}

TEST(FindPatches, BinaryBothWays) {
    for (const char* shape : {"binary", "binary_literal"}) {
        SCOPED_TRACE(shape);
        DiffRepo r;
        std::string mail = make_shape(r, shape);
        Patch p = only_patch(r, mail);
        ASSERT_EQ(p.files.size(), 1u);
        EXPECT_TRUE(p.files[0].binary);
        EXPECT_EQ(p.files[0].new_path, "bin/blob.bin");
        // the base85 block belongs to the patch, up to its last line
        if (std::string(shape) == "binary_literal") {
            EXPECT_NE(p.text.find("literal "), std::string::npos);
            EXPECT_NE(mail.find(p.text), std::string::npos);
        }
    }
}

TEST(FindPatches, QuotedAndSpacedPaths) {
    DiffRepo r;
    std::string mail = make_shape(r, "quoted");
    ASSERT_NE(mail.find("\"a/src/tab\\there.c\""), std::string::npos) << mail;
    Patch p = only_patch(r, mail);
    ASSERT_EQ(p.files.size(), 1u);
    EXPECT_EQ(p.files[0].new_path, "src/tab\there.c");
    EXPECT_EQ(p.files[0].old_path, "src/tab\there.c");
    EXPECT_EQ(p.files[0].status, FileStatus::added);

    DiffRepo r2;
    Patch q = only_patch(r2, make_shape(r2, "spaces"));
    ASSERT_EQ(q.files.size(), 1u);
    EXPECT_EQ(q.files[0].new_path, "src/with space.c");
    EXPECT_EQ(q.files[0].old_path, "src/with space.c");
}

// A `diff -uprN` patch whose mailer turned the tab before each timestamp into spaces (a real
// io-uring mail from Outlook): the names end before the timestamp, as git apply reads them,
// and a name with a space but no timestamp keeps its space.
TEST(FindPatches, TimestampAfterSpacesIsNotPartOfTheName) {
    const std::string mail =
        "diff -uprN a/include/uapi/linux/io_uring.h b/include/uapi/linux/io_uring.h\n"
        "--- a/include/uapi/linux/io_uring.h     2023-02-10 12:01:02.123456789 +0100\n"
        "+++ b/include/uapi/linux/io_uring.h     2023-02-11 08:00:00.000000000 +0100\n"
        "@@ -1,2 +1,3 @@\n one\n+two\n three\n"
        "diff -u a/old.c b/old.c\n"
        "--- a/old.c  Tue Jan 31 10:00:00 2023\n"
        "+++ b/old.c  Tue Jan 31 10:05:00 2023\n"
        "@@ -1 +1 @@\n-x\n+y\n";
    std::vector<PatchFile> files;
    for (const Patch& p : find_patches(mail, "inline"))
        files.insert(files.end(), p.files.begin(), p.files.end());
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].old_path, "include/uapi/linux/io_uring.h");
    EXPECT_EQ(files[0].new_path, "include/uapi/linux/io_uring.h");
    EXPECT_EQ(files[1].old_path, "old.c");
    EXPECT_EQ(files[1].new_path, "old.c");
    auto spaced = find_patches("--- a/src/with space.c\n+++ b/src/with space.c\n"
                               "@@ -1 +1 @@\n-x\n+y\n",
                               "inline");
    ASSERT_EQ(spaced.size(), 1u);
    ASSERT_EQ(spaced[0].files.size(), 1u);
    EXPECT_EQ(spaced[0].files[0].new_path, "src/with space.c");
}

// A reply quoting an earlier patch, then two patches of its own, separated by prose.
TEST(FindPatches, SeveralDiffsInOneMail) {
    DiffRepo r;
    std::string first = make_shape(r, "modify");
    r.write("src/later.c", lines(1, 5));
    r.write("src/later2.c", lines(1, 2));
    r.commit("later");
    std::string second = r.format_patch();
    auto body_of = [](const std::string& mail) { return mail.substr(mail.find("\n\n") + 2); };
    std::string quoted;
    for (std::size_t pos = 0, nl; pos < first.size(); pos = nl + 1) {
        nl = first.find('\n', pos);
        if (nl == std::string::npos) nl = first.size();
        quoted += "> " + first.substr(pos, nl - pos) + "\n";
    }
    std::string mail = "On Monday someone wrote:\n" + quoted + "\nTry this instead:\n\n" +
                       body_of(first) + "\nand on top of it:\n\n" + body_of(second);
    auto ps = find_patches(mail, "inline");
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[0].files.size(), 1u);
    ASSERT_EQ(ps[1].files.size(), 2u);
    EXPECT_EQ(ps[1].files[1].new_path, "src/later2.c");
    EXPECT_EQ(ps[0].patch_id, r.git_patch_id(first));
    EXPECT_EQ(ps[1].patch_id, r.git_patch_id(second));
}

// diff -u output without "diff --git": paths lose their first component, /dev/null marks adds.
TEST(FindPatches, PlainUnifiedDiff) {
    DiffRepo r;
    r.write("old/fs/x.c", lines(1, 10));
    std::string changed = lines(1, 10);
    changed.replace(changed.find("line 5\n"), 7, "line five\n");
    r.write("new/fs/x.c", changed);
    r.write("new/fs/y.c", lines(1, 2));
    std::string diff = r.run("diff -Nu old/fs/x.c new/fs/x.c; diff -Nu /dev/null new/fs/y.c");
    ASSERT_NE(diff.find("+++ new/fs/x.c"), std::string::npos) << diff;
    std::string mail = "Hi,\n\nthis fixes it:\n\n" + diff + "-- \n2.35.1\n";
    auto ps = find_patches(mail, "inline");
    ASSERT_EQ(ps.size(), 1u);
    ASSERT_EQ(ps[0].files.size(), 2u);
    EXPECT_EQ(ps[0].files[0].old_path, "fs/x.c");
    EXPECT_EQ(ps[0].files[0].new_path, "fs/x.c");
    EXPECT_EQ(ps[0].files[0].added, 1);
    EXPECT_EQ(ps[0].files[0].removed, 1);
    EXPECT_EQ(ps[0].files[1].status, FileStatus::added);
    EXPECT_EQ(ps[0].files[1].new_path, "fs/y.c");
    EXPECT_EQ(ps[0].text, diff);
    EXPECT_EQ(ps[0].patch_id, ""); // git patch-id needs a "diff " line, and so do we
    EXPECT_EQ(r.git_patch_id(mail), "");
}

// Hand-edited counts: the diff stops at the count, the signature stays outside, CRLF is fine.
TEST(FindPatches, WrongCountsSignatureAndCrlf) {
    DiffRepo r;
    std::string mail = make_shape(r, "new");
    std::string too_many = mail;
    too_many.replace(too_many.find("@@ -0,0 +1,4 @@"), 15, "@@ -0,0 +1,9 @@");
    auto ps = find_patches(too_many, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].files[0].added, 4);
    EXPECT_EQ(ps[0].text.find("-- \n"), std::string::npos);
    // the id is git's on the mail (git hashes on into the signature, as `git patch-id` of the
    // posted mail does), not the id of the text we cut out
    EXPECT_EQ(ps[0].patch_id, r.git_patch_id(too_many));
    EXPECT_NE(ps[0].patch_id, r.git_patch_id(mail));

    std::string too_few = mail;
    too_few.replace(too_few.find("@@ -0,0 +1,4 @@"), 15, "@@ -0,0 +1,2 @@");
    ps = find_patches(too_few, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].files[0].added, 2);
    EXPECT_EQ(ps[0].patch_id, r.git_patch_id(too_few));

    std::string crlf;
    for (char c : mail)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    ps = find_patches(crlf, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].files[0].new_path, "src/new.c");
    EXPECT_EQ(ps[0].files[0].added, 4);
    EXPECT_EQ(ps[0].patch_id, r.git_patch_id(mail));
    EXPECT_NE(crlf.find(ps[0].text), std::string::npos);
}

TEST(DiffTerms, WhatPublicInboxIndexes) {
    DiffRepo r;
    std::string mail = make_shape(r, "modify");
    Patch p = find_patches(mail, "inline").at(0);
    auto t = lkmine::diff_terms(p);
    EXPECT_EQ(t.files, std::vector<std::string>{"src/a.c"});
    EXPECT_TRUE(contains(t.added, "line three"));
    EXPECT_TRUE(contains(t.removed, "line 3"));
    EXPECT_TRUE(contains(t.removed, "line 17"));
    EXPECT_TRUE(contains(t.context, "line 2"));
    EXPECT_FALSE(contains(t.added, "++ b/src/a.c")); // the +++ line is no added line
    EXPECT_TRUE(contains(t.hunk_headers, "int f(void)"));
    ASSERT_EQ(t.pre_blobs.size(), 1u);
    EXPECT_EQ(t.pre_blobs[0], p.files[0].old_blob);
    EXPECT_EQ(t.post_blobs[0], p.files[0].new_blob);

    // over-long lines are not terms
    Patch big = p;
    big.text.insert(big.text.find("+line three"), "+" + std::string(2000, 'y') + "\n");
    auto t2 = lkmine::diff_terms(big);
    for (const auto& a : t2.added)
        EXPECT_LE(a.size(), 1000u);
}

TEST(FindPatches, HostileInputIsData) {
    EXPECT_TRUE(find_patches("", "inline").empty());
    EXPECT_TRUE(find_patches("diff between v1 and v2: none\n", "inline").empty());
    const char raw[] = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-\0a\n+b\0\n";
    std::string nul(raw, sizeof raw - 1);
    auto ps = find_patches(nul, "inline");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].files[0].added, 1);
    // a huge hunk count on a tiny hunk, and a 4 MB line
    std::string big =
        "--- a/x\n+++ b/x\n@@ -1,99999999 +1,99999999 @@\n+" + std::string(4 << 20, 'z') + "\n";
    EXPECT_EQ(find_patches(big, "inline").size(), 1u);
    // many unfinished headers in a row: each its own header-only diff, found in linear time
    std::string many;
    for (int i = 0; i < 20000; ++i)
        many += "diff --git a/f b/f\n--- a/f\n";
    EXPECT_EQ(find_patches(many, "inline").size(), 20000u);
}
