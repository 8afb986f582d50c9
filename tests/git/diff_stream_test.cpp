// Tests of GitDiffStream (git diff-tree --stdin as a child) against git show on a repo built
// here: patch ids, files and post-image blobs of every commit, and git's errors.
#include "core/git/diff_stream.hpp"
#include "core/git/repo.hpp"
#include "tests/support/git_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lkmine {
namespace {

using test::lines;
using test::must;

// Deep edits, a file replaced by a directory, a whole directory removed, a mode change, a
// symlink, an empty commit, renames (one across directories), paths git quotes (non-ASCII, a
// quote, a tab), a binary file, a missing final newline and a merge.
const char* script = R"SH(set -e
git init -q -b master r && cd r
for d in drivers/net/eth fs/ext4 mm; do mkdir -p $d
  i=0; while [ $i -lt 30 ]; do echo "$d line $i" >> $d/f.c; i=$((i+1)); done; done
echo top > x && git add . && git commit -q -m base
sed -i 's/line 7$/line seven/' drivers/net/eth/f.c fs/ext4/f.c && git commit -qam 'two dirs'
git rm -q x && mkdir x && echo inside > x/y && git add x && git commit -qm 'file to dir'
git rm -rq fs && git commit -qm 'remove a directory'
chmod +x mm/f.c && sed -i 's/line 1$/line one/' mm/f.c && git commit -qam 'mode and content'
ln -s ../mm/f.c drivers/link && git add drivers/link && git commit -qm 'a symlink'
git commit -q --allow-empty -m 'empty'
git mv drivers/net/eth/f.c drivers/g.c && git commit -qm 'rename across dirs'
printf 'caf\303\251\n' > "caf$(printf '\303\251').c"; printf 'q\n' > 'a "q".c'
printf 't\n' > "$(printf 'tab\there.c')"; printf 'no newline' > nonl.c
printf '\000\001\002binary' > blob.bin && git add . && git commit -qm 'quoted names'
git checkout -q -b side && echo side >> mm/f.c && git commit -qam 'side edit'
git checkout -q master && echo main >> drivers/g.c && git commit -qam 'main edit'
git merge -q --no-ff side -m 'Merge side'
git mv "caf$(printf '\303\251').c" cafe.c && printf 'more\n' >> nonl.c && git commit -qam 'last'
)SH";

TEST(GitDiffStream, GivesGitsPatchesFilesAndBlobsForEveryCommit) {
    test::TempDir tmp;
    must(tmp.path(), script);
    const auto dir = tmp.path() / "r";
    auto repo = GitRepo::open(dir.string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto shas = repo->walk("");
    ASSERT_TRUE(shas.ok());
    ASSERT_EQ(shas->size(), 13u);
    auto stream = GitDiffStream::start(repo->dir());
    ASSERT_TRUE(stream.ok()) << stream.error();
    // Two requests before any answer, as the commit stage asks for its next chunk early.
    std::vector<std::string> first(shas->begin(), shas->begin() + 6),
        rest(shas->begin() + 6, shas->end());
    ASSERT_TRUE(stream->request(first).ok());
    ASSERT_TRUE(stream->request(rest).ok());
    auto a = stream->take();
    ASSERT_TRUE(a.ok()) << a.error();
    auto b = stream->take();
    ASSERT_TRUE(b.ok()) << b.error();
    ASSERT_EQ(a->size(), first.size());
    ASSERT_EQ(b->size(), rest.size());
    a->insert(a->end(), b->begin(), b->end());
    int merges = 0, quoted = 0;
    for (std::size_t i = 0; i < shas->size(); ++i) {
        const std::string& sha = (*shas)[i];
        const CommitDiff* d = &(*a)[i];
        const std::string subject = must(dir, "git show -s --format=%s " + sha);
        if (must(dir, "git show -s --format=%p " + sha).find(' ') != std::string::npos) {
            EXPECT_TRUE(d->diff.empty() && d->files.empty()) << "a merge gives no patch";
            ++merges;
            continue;
        }
        test::write_text(tmp.path() / "ours.diff", d->diff);
        std::string ours = must(tmp.path(), "git patch-id --stable < ours.diff | cut -d' ' -f1");
        std::string theirs =
            must(dir, "git show " + sha + " | git patch-id --stable | cut -d' ' -f1");
        EXPECT_EQ(ours, theirs) << subject << "\n" << d->diff;
        if (subject == "empty") {
            EXPECT_TRUE(d->diff.empty()) << d->diff;
        }
        // Files: git's own names, unquoted (-z: status, path, and a second path for a rename).
        std::set<std::string> files;
        auto z =
            lines(must(dir, "git show -M -z --name-status --format= " + sha + " | tr '\\0' '\\n'"));
        for (std::size_t i = 0; i < z.size(); ++i) {
            if (z[i].empty()) continue;
            int paths = z[i][0] == 'R' || z[i][0] == 'C' ? 2 : 1;
            for (int k = 0; k < paths && i + 1 < z.size(); ++k)
                files.insert(z[++i]);
        }
        EXPECT_EQ(std::set<std::string>(d->files.begin(), d->files.end()), files) << subject;
        for (const auto& f : d->files)
            quoted += f.find('\t') != std::string::npos || f.find('"') != std::string::npos ||
                      f.find("caf\xc3\xa9") != std::string::npos;
        // Post-image blobs: each file left in the commit's tree, by git's id for it.
        std::set<std::string> blobs;
        for (const auto& f : files) {
            std::string entry = must(dir, "git ls-tree " + sha + " -- '" + f + "'");
            if (entry.find(" blob ") != std::string::npos)
                blobs.insert(entry.substr(entry.find(" blob ") + 6, 40));
        }
        EXPECT_EQ(std::set<std::string>(d->post_blobs.begin(), d->post_blobs.end()), blobs)
            << subject;
    }
    EXPECT_EQ(merges, 1);
    EXPECT_GE(quoted, 4); // three names git quotes, one renamed again
}

TEST(GitDiffStream, GitsErrorIsTheStreamsError) {
    test::TempDir tmp;
    auto stream = GitDiffStream::start(tmp.path().string()); // no repository there
    ASSERT_TRUE(stream.ok()) << stream.error();
    // git may be gone already: then the request itself fails with git's words, else the take.
    auto asked = stream->request({std::string(40, 'a')});
    std::string error = asked.ok() ? std::string() : asked.error();
    if (asked.ok()) {
        auto d = stream->take();
        ASSERT_FALSE(d.ok());
        error = d.error();
    }
    EXPECT_NE(error.find("not a git repository"), std::string::npos) << error;
}

TEST(GitDiffStream, ParsesRawLinesAndQuotedPaths) {
    const std::string zero(40, '0'), a(40, 'a'), b(40, 'b');
    std::string out = "cafe\n:100644 100644 " + a + " " + b +
                      " M\t\"x\\303\\251\\t\\\"y\\\".c\"\n" + ":100644 000000 " + a + " " + zero +
                      " D\tgone.c\n" + ":100644 100644 " + a + " " + b +
                      " R090\told/n.c\tnew/n.c\n\ndiff --git a/x b/x\n";
    auto d = parse_diff_tree(out);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->files,
              (std::vector<std::string>{"x\xc3\xa9\t\"y\".c", "gone.c", "old/n.c", "new/n.c"}));
    EXPECT_EQ(d->post_blobs, (std::vector<std::string>{b, b}));
    EXPECT_EQ(d->diff, "diff --git a/x b/x\n");
    EXPECT_FALSE(parse_diff_tree("cafe\n:100644 garbage\n").ok());
    EXPECT_TRUE(parse_diff_tree("")->diff.empty());
}

} // namespace
} // namespace lkmine
