// Tests of the libgit2 adapter against answers from the git command line on repos built here.
#include "core/git/epoch_reader.hpp"
#include "core/git/repo.hpp"
#include "tests/support/git_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lkmine {
namespace {

using test::lines;
using test::must;
using test::sh;

// A small history: a root commit tagged v1.0, a commit with trailers, a wrapped subject and a
// mode change, a side branch merged back, a rename with an edit and a deletion, v1.1 on the merge,
// a later-dated tag with an earlier name (v0.5), and one unreleased commit.
const char* build_script = R"SH(
set -e
git init -q -b master repo && cd repo
i=1; while [ $i -le 20 ]; do echo "line$i"; i=$((i+1)); done > a.c
printf '#!/bin/sh\necho hi\n' > script.sh
printf 'readme\n' > README
git add .
GIT_AUTHOR_DATE='2023-01-02T03:04:05+0100' GIT_COMMITTER_DATE='2023-01-02T04:00:00+0100' \
  git commit -q -m 'init: first commit'
GIT_COMMITTER_DATE='2023-01-05T00:00:00+0000' git tag -a v1.0 -m 'release 1.0'
GIT_COMMITTER_DATE='2023-01-01T00:00:00+0000' git tag -a release-x -m 'not a release tag'
sed -i 's/^line5$/line five/' a.c
chmod +x script.sh
git add -A
printf 'net: fix the frobnicator\nwhen it is wrapped\n\nBody text explains why.\n\nFixes: 0123456789ab ("net: add frobnicator")\nSigned-off-by: Ann Author <ann@example.org>\nLink: https://lore.kernel.org/r/20230201.123@example.org\n' > ../msg
GIT_AUTHOR_DATE='2023-02-01T10:00:00-0700' GIT_COMMITTER_DATE='2023-02-02T11:00:00+0530' \
  git commit -q -F ../msg
git checkout -q -b side
printf 'readme\nmore words\n' > README
git add README
GIT_AUTHOR_DATE='2023-02-03T00:00:00+0000' GIT_COMMITTER_DATE='2023-02-03T00:00:00+0000' \
  git commit -q -m 'docs: extend readme'
git checkout -q master
mkdir src && git mv a.c src/b.c && sed -i 's/^line12$/line twelve/' src/b.c && git rm -q script.sh
git add -A
GIT_AUTHOR_DATE='2023-02-04T00:00:00+0000' GIT_COMMITTER_DATE='2023-02-04T00:00:00+0000' \
  git commit -q -m 'core: move a.c to src/b.c'
GIT_AUTHOR_DATE='2023-02-05T00:00:00+0000' GIT_COMMITTER_DATE='2023-02-05T00:00:00+0000' \
  git merge -q --no-ff side -m 'Merge branch side'
GIT_COMMITTER_DATE='2023-03-01T00:00:00+0000' git tag -a v1.1 -m 'release 1.1'
GIT_COMMITTER_DATE='2023-04-01T00:00:00+0000' git tag -a v0.5 -m 'late tag, early name'
echo after >> README && git add README
GIT_AUTHOR_DATE='2023-05-01T00:00:00+0000' GIT_COMMITTER_DATE='2023-05-01T00:00:00+0000' \
  git commit -q -m 'after: not released yet'
)SH";

class GitRepoTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(tmp_.path().empty());
        must(tmp_.path(), build_script);
        repo_dir_ = tmp_.path() / "repo";
        auto r = GitRepo::open(repo_dir_.string());
        ASSERT_TRUE(r.ok()) << r.error();
        repo_.emplace(std::move(*r));
    }
    std::string git(const std::string& args) { return must(repo_dir_, "git " + args); }
    std::string sha_of(const std::string& subject) { return git("rev-parse ':/" + subject + "'"); }

    test::TempDir tmp_;
    std::filesystem::path repo_dir_;
    std::optional<GitRepo> repo_;
};

TEST_F(GitRepoTest, ResolvesRevsTagsAndAbbreviations) {
    std::string head = git("rev-parse HEAD");
    EXPECT_EQ(*repo_->resolve("HEAD"), head);
    EXPECT_EQ(*repo_->resolve(head.substr(0, 7)), head);
    EXPECT_EQ(*repo_->resolve(head.substr(0, 4)), head);
    // An annotated tag resolves to its commit, not to the tag object.
    EXPECT_EQ(*repo_->resolve("v1.0"), git("rev-parse 'v1.0^{commit}'"));
    EXPECT_NE(*repo_->resolve("v1.0"), git("rev-parse v1.0"));
    EXPECT_FALSE(repo_->resolve("deadbeefdeadbeef").ok());
    EXPECT_FALSE(repo_->resolve("no-such-branch").ok());
    // A blob id is not a commit.
    auto not_commit = repo_->resolve(git("rev-parse HEAD:README"));
    ASSERT_FALSE(not_commit.ok());
    EXPECT_NE(not_commit.error().find("does not name a commit"), std::string::npos);
}

TEST_F(GitRepoTest, WalksRangesOldestFirstWithMerges) {
    auto all = repo_->walk("");
    ASSERT_TRUE(all.ok()) << all.error();
    auto expected = lines(git("rev-list --reverse --topo-order HEAD"));
    EXPECT_EQ(all->size(), 6u);
    EXPECT_EQ(std::set<std::string>(all->begin(), all->end()),
              std::set<std::string>(expected.begin(), expected.end()));
    // Parents always come before their children.
    std::map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < all->size(); ++i)
        at[(*all)[i]] = i;
    for (const auto& sha : *all) {
        auto info = repo_->read_commit(sha, false);
        ASSERT_TRUE(info.ok());
        for (const auto& parent : info->parents)
            EXPECT_LT(at.at(parent), at.at(sha)) << sha;
    }

    auto since = repo_->walk("v1.0..");
    ASSERT_TRUE(since.ok()) << since.error();
    auto expected_since = lines(git("rev-list v1.0..HEAD"));
    EXPECT_EQ(std::set<std::string>(since->begin(), since->end()),
              std::set<std::string>(expected_since.begin(), expected_since.end()));
    EXPECT_EQ(since->size(), 5u);

    auto between = repo_->walk("v1.0..v1.1");
    ASSERT_TRUE(between.ok()) << between.error();
    EXPECT_EQ(between->size(), lines(git("rev-list v1.0..v1.1")).size());
    EXPECT_EQ(between->back(), git("rev-parse 'v1.1^{commit}'"));

    // A limit keeps the newest commits, still oldest first (git log -n 2 reversed).
    auto newest = repo_->walk("", 2);
    ASSERT_TRUE(newest.ok());
    auto expected_newest = lines(git("rev-list -n 2 --reverse HEAD"));
    EXPECT_EQ(*newest, expected_newest);

    EXPECT_FALSE(repo_->walk("nope..HEAD").ok());
    EXPECT_FALSE(repo_->walk("v1.0...v1.1").ok());
}

TEST_F(GitRepoTest, ReadCommitMatchesGitShow) {
    for (const std::string& sha : lines(git("rev-list HEAD"))) {
        auto info = repo_->read_commit(sha);
        ASSERT_TRUE(info.ok()) << info.error();
        auto f = lines(git("show -s --format='%H%n%s%n%an%n%ae%n%at%n%cn%n%ce%n%ct%n%P' " + sha));
        if (f.size() == 8) f.push_back(""); // a root commit has no parents
        ASSERT_EQ(f.size(), 9u);
        EXPECT_EQ(info->sha, f[0]);
        EXPECT_EQ(info->subject, f[1]);
        EXPECT_EQ(info->author.name, f[2]);
        EXPECT_EQ(info->author.email, f[3]);
        EXPECT_EQ(std::to_string(info->author_date.epoch), f[4]);
        EXPECT_EQ(info->committer.name, f[5]);
        EXPECT_EQ(info->committer.email, f[6]);
        EXPECT_EQ(std::to_string(info->commit_date.epoch), f[7]);
        std::string parents;
        for (const auto& p : info->parents)
            parents += (parents.empty() ? "" : " ") + p;
        EXPECT_EQ(parents, f[8]);
        // The message is the raw commit object's text after the header.
        std::string raw = must(repo_dir_, "git cat-file commit " + sha) + "\n";
        EXPECT_EQ(info->message, raw.substr(raw.find("\n\n") + 2)) << sha;
    }
    auto fix = repo_->read_commit(sha_of("net: fix"));
    ASSERT_TRUE(fix.ok());
    EXPECT_EQ(fix->subject, "net: fix the frobnicator when it is wrapped");
    EXPECT_NE(fix->message.find("Link: https://lore.kernel.org/r/20230201.123@example.org\n"),
              std::string::npos);
    EXPECT_EQ(fix->author_date.offset_minutes, -420);
    EXPECT_EQ(fix->commit_date.offset_minutes, 330);
    EXPECT_TRUE(fix->author_date.valid);
    EXPECT_EQ(fix->files, (std::vector<std::string>{"a.c", "script.sh"}));
    EXPECT_NE(fix->diff.find("old mode 100644\nnew mode 100755\n"), std::string::npos) << fix->diff;
    EXPECT_NE(fix->diff.find("index "), std::string::npos);
    EXPECT_NE(fix->diff.find("-line5\n+line five\n"), std::string::npos);
    // Abbreviations are accepted too.
    auto by_abbrev = repo_->read_commit(fix->sha.substr(0, 8), false);
    ASSERT_TRUE(by_abbrev.ok());
    EXPECT_EQ(by_abbrev->sha, fix->sha);
    EXPECT_TRUE(by_abbrev->diff.empty());
}

TEST_F(GitRepoTest, RenameDeletionAndPostBlobs) {
    std::string sha = sha_of("core: move");
    auto info = repo_->read_commit(sha);
    ASSERT_TRUE(info.ok()) << info.error();
    // git show lists script.sh first too (diff order: by path before rename pairing).
    EXPECT_EQ(info->files, (std::vector<std::string>{"script.sh", "a.c", "src/b.c"}));
    // git's similarity score, not libgit2's (95%): patch ids hash this line.
    EXPECT_NE(info->diff.find("similarity index " +
                              git("show --format= " + sha +
                                  " | sed -n "
                                  "'s/^similarity index //p'") +
                              "\n"),
              std::string::npos);
    EXPECT_NE(info->diff.find("similarity index 91%\n"), std::string::npos) << info->diff;
    EXPECT_NE(info->diff.find("rename from a.c\nrename to src/b.c\n"), std::string::npos)
        << info->diff;
    EXPECT_NE(info->diff.find("deleted file mode 100755"), std::string::npos);
    // One post-image blob (the renamed file); a deleted file has none.
    ASSERT_EQ(info->post_blobs.size(), 1u);
    EXPECT_EQ(info->post_blobs[0], git("rev-parse " + sha + ":src/b.c"));
    auto bytes = repo_->blob(info->post_blobs[0]);
    ASSERT_TRUE(bytes.ok()) << bytes.error();
    EXPECT_EQ(*bytes, must(repo_dir_, "git cat-file blob " + info->post_blobs[0]) + "\n");
    EXPECT_NE(bytes->find("line twelve\n"), std::string::npos);
    EXPECT_FALSE(repo_->blob(sha).ok()); // a commit is not a blob
}

TEST_F(GitRepoTest, DiffGivesTheSamePatchIdAsGitShow) {
    int checked = 0;
    for (const std::string& sha : lines(git("rev-list --no-merges HEAD"))) {
        auto info = repo_->read_commit(sha);
        ASSERT_TRUE(info.ok()) << info.error();
        test::write_text(tmp_.path() / "ours.diff", info->diff);
        std::string ours = must(tmp_.path(), "git patch-id --stable < ours.diff | cut -d' ' -f1");
        std::string theirs = git("show " + sha + " | git patch-id --stable | cut -d' ' -f1");
        ASSERT_EQ(theirs.size(), 40u) << sha;
        EXPECT_EQ(ours, theirs) << sha << "\n" << info->diff;
        ++checked;
    }
    EXPECT_EQ(checked, 5);
}

TEST_F(GitRepoTest, MergeDiffIsAgainstFirstParent) {
    std::string merge = sha_of("Merge branch side");
    auto info = repo_->read_commit(merge);
    ASSERT_TRUE(info.ok()) << info.error();
    EXPECT_EQ(info->parents.size(), 2u);
    EXPECT_EQ(info->files, (std::vector<std::string>{"README"}));
    EXPECT_NE(info->diff.find("+more words\n"), std::string::npos);
}

TEST_F(GitRepoTest, FirstTagContainingIsTheEarliestReleaseByTagDate) {
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("init: first"), "v*"), "v1.0");
    // v0.5 also contains it but was tagged later; release-x does not match v*.
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("net: fix"), "v*"), "v1.1");
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("docs: extend"), "v*"), "v1.1");
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("Merge branch side"), "v*"), "v1.1");
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("after: not released"), "v*"), "");
    // Without a pattern every tag is a release: release-x was tagged first.
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("init: first")), "release-x");
    EXPECT_EQ(*repo_->first_tag_containing(sha_of("net: fix")), "v1.1");
    // git itself agrees on what contains what.
    EXPECT_EQ(git("tag --contains ':/net: fix' 'v*' --list | sort"), "v0.5\nv1.1");
    EXPECT_FALSE(repo_->first_tag_containing("0000000000").ok());
}

TEST_F(GitRepoTest, ListsTrees) {
    auto root = repo_->tree("HEAD");
    ASSERT_TRUE(root.ok()) << root.error();
    ASSERT_EQ(root->size(), 2u);
    EXPECT_EQ((*root)[0].name, "README");
    EXPECT_FALSE((*root)[0].is_tree);
    EXPECT_EQ((*root)[1].name, "src");
    EXPECT_TRUE((*root)[1].is_tree);
    auto src = repo_->tree("HEAD", "src");
    ASSERT_TRUE(src.ok()) << src.error();
    ASSERT_EQ(src->size(), 1u);
    EXPECT_EQ((*src)[0].name, "b.c");
    EXPECT_FALSE(repo_->tree("HEAD", "README").ok());
    EXPECT_FALSE(repo_->tree("HEAD", "missing").ok());
}

// Renames with more and more edits, CRLF text and a missing final newline: the similarity
// index git prints (and so the patch id) must come out the same for each.
// Releases named any way, annotated or lightweight: the first by tag date is git's first by
// creatordate (tagger date of an annotated tag, committer date of a lightweight one).
TEST(GitRepo, FirstTagContainingReadsAnyTagScheme) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(
set -e
git init -q -b master repo && cd repo
c() { echo "$1" >> f; git add f; GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" git commit -qm "$1"; }
at() { GIT_COMMITTER_DATE="$1" git tag -a "$2" -m "$2"; }
c one 2023-01-01T00:00:00Z
at 2023-01-10T00:00:00Z liburing-2.2
c two 2023-02-01T00:00:00Z
git tag e2fsprogs-1.47.0
c three 2023-03-01T00:00:00Z
at 2023-03-05T00:00:00Z v6.1
at 2023-04-01T00:00:00Z liburing-2.1
c four 2023-05-01T00:00:00Z
)SH");
    const auto dir = tmp.path() / "repo";
    auto repo = GitRepo::open(dir.string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto sha = [&](const std::string& s) { return must(dir, "git rev-parse ':/" + s + "'"); };
    EXPECT_EQ(*repo->first_tag_containing(sha("one")), "liburing-2.2");
    EXPECT_EQ(*repo->first_tag_containing(sha("two")), "e2fsprogs-1.47.0"); // lightweight
    EXPECT_EQ(*repo->first_tag_containing(sha("three")), "v6.1");
    EXPECT_EQ(*repo->first_tag_containing(sha("four")), "");
    EXPECT_EQ(*repo->first_tag_containing(sha("two"), "liburing-*"), "liburing-2.1");
    EXPECT_EQ(*repo->first_tag_containing(sha("one"), "v*"), "v6.1");
    EXPECT_EQ(*repo->first_tag_containing(sha("two"), "e2fsprogs-*"), "e2fsprogs-1.47.0");
    for (const char* s : {"one", "two", "three"}) // git agrees
        EXPECT_EQ(*repo->first_tag_containing(sha(s)),
                  must(dir, "git tag --contains " + sha(s) + " --sort=creatordate | head -1"))
            << s;
}

TEST(GitRepo, RenameScoresAndPatchIdsMatchGit) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(set -e
git init -q -b master r && cd r
k=0; while [ $k -lt 12 ]; do
  awk -v k=$k 'BEGIN { srand(k); n = 20 + k * 9;
    for (i = 0; i < n; i++) { s = ""; w = int(rand() * 12);
      for (j = 0; j < w; j++) s = s sprintf("%c", 97 + int(rand() * 10)) (rand() < .2 ? " " : "");
      printf "%s%s%s", s, (k % 4 == 1 ? "\r" : ""), (k % 3 == 2 && i == n - 1 ? "" : "\n") } }' > f$k.txt
  k=$((k+1)); done
git add . && git commit -q -m base
mkdir d
k=0; while [ $k -lt 12 ]; do
  git mv f$k.txt d/g$k.txt
  awk -v k=$k 'BEGIN { srand(100 + k) } { if (rand() < k / 30) print "edited " NR; else print }' \
    d/g$k.txt > tmp && mv tmp d/g$k.txt
  git add -A && git commit -q -m "move $k"
  k=$((k+1)); done
)SH");
    auto repo = GitRepo::open((tmp.path() / "r").string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto commits = repo->walk("");
    ASSERT_TRUE(commits.ok());
    ASSERT_EQ(commits->size(), 13u);
    int renames = 0;
    for (const auto& sha : *commits) {
        auto info = repo->read_commit(sha);
        ASSERT_TRUE(info.ok()) << info.error();
        test::write_text(tmp.path() / "ours.diff", info->diff);
        std::string ours = must(tmp.path(), "git patch-id --stable < ours.diff | cut -d' ' -f1");
        std::string theirs =
            must(tmp.path() / "r", "git show " + sha + " | git patch-id --stable | cut -d' ' -f1");
        EXPECT_EQ(ours, theirs) << info->subject;
        std::string git_score =
            must(tmp.path() / "r", "git show --format= " + sha + " | grep '^similarity' || true");
        if (git_score.empty()) continue;
        ++renames;
        EXPECT_NE(info->diff.find(git_score + "\n"), std::string::npos) << info->subject;
    }
    EXPECT_GE(renames, 8); // heavy edits may stop being renames, for git and libgit2 alike
}

// The diff of a commit reads only the subtrees that changed: deep edits, a file replaced by a
// directory and back, directories added and removed whole, mode changes, a symlink and an
// empty commit give git's files and patch ids.
TEST(GitRepo, DeepTreeChangesMatchGit) {
    test::TempDir tmp;
    must(tmp.path(), R"SH(set -e
git init -q -b master r && cd r
for d in drivers/net/eth/v1 drivers/net/eth/v2 fs/ext4 mm; do mkdir -p $d
  i=0; while [ $i -lt 30 ]; do echo "$d line $i" >> $d/f.c; i=$((i+1)); done; done
echo top > x && git add . && git commit -q -m base
sed -i 's/line 7$/line seven/' drivers/net/eth/v2/f.c && git commit -qam 'deep edit'
sed -i 's/line 3$/line three/' drivers/net/eth/v1/f.c fs/ext4/f.c && git commit -qam 'two dirs'
git rm -q x && mkdir x && echo inside > x/y && git add x && git commit -qm 'file to dir'
git rm -rq x && echo back > x && git add x && git commit -qm 'dir to file'
mkdir -p sound/new/deep && echo a > sound/new/deep/a.c && echo b > sound/new/b.c
git add sound && git commit -qm 'new directory'
git rm -rq fs && git commit -qm 'remove a directory'
chmod +x mm/f.c && git commit -qam 'mode only'
chmod -x mm/f.c && sed -i 's/line 1$/line one/' mm/f.c && git commit -qam 'mode and content'
ln -s ../mm/f.c drivers/link && git add drivers/link && git commit -qm 'a symlink'
git commit -q --allow-empty -m 'empty'
git mv drivers/net/eth/v2/f.c drivers/net/eth/v1/g.c && git commit -qm 'rename across dirs'
)SH");
    auto repo = GitRepo::open((tmp.path() / "r").string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto commits = repo->walk("");
    ASSERT_TRUE(commits.ok());
    ASSERT_EQ(commits->size(), 12u);
    for (const auto& sha : *commits) {
        auto info = repo->read_commit(sha);
        ASSERT_TRUE(info.ok()) << info.error();
        std::set<std::string> expect;
        for (const auto& l :
             lines(must(tmp.path() / "r", "git show -M --format= --name-status " + sha)))
            for (std::size_t tab = l.find('\t'); tab != std::string::npos;
                 tab = l.find('\t', tab + 1))
                expect.insert(l.substr(tab + 1, l.find('\t', tab + 1) - tab - 1));
        EXPECT_EQ(std::set<std::string>(info->files.begin(), info->files.end()), expect)
            << info->subject;
        test::write_text(tmp.path() / "ours.diff", info->diff);
        std::string ours = must(tmp.path(), "git patch-id --stable < ours.diff | cut -d' ' -f1");
        std::string theirs =
            must(tmp.path() / "r", "git show " + sha + " | git patch-id --stable | cut -d' ' -f1");
        EXPECT_EQ(ours, theirs) << info->subject << "\n" << info->diff;
        if (info->subject == "empty") {
            EXPECT_TRUE(info->diff.empty()) << info->diff;
        }
    }
}

TEST(GitRepo, RefusesSha256RepositoriesClearly) {
    test::TempDir tmp;
    must(tmp.path(), "git init -q --object-format=sha256 work && git init -q --bare "
                     "--object-format=sha256 bare.git");
    for (const char* name : {"work", "bare.git"}) {
        std::string path = (tmp.path() / name).string();
        auto r = GitRepo::open(path);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), "libgit2 1.5 cannot read SHA-256 repositories: " + path);
        auto e = EpochReader::open(path, "");
        ASSERT_FALSE(e.ok());
        EXPECT_EQ(e.error(), r.error());
    }
}

TEST(GitRepo, OpenErrorsNameThePath) {
    test::TempDir tmp;
    auto r = GitRepo::open((tmp.path() / "nothing").string());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("cannot open git repository " + (tmp.path() / "nothing").string()),
              std::string::npos);
    EXPECT_GT(r.error().size(), ("cannot open git repository " + tmp.path().string()).size() + 20);
}

TEST(GitRepo, EmptyRepository) {
    test::TempDir tmp;
    must(tmp.path(), "git init -q --bare e.git");
    auto r = GitRepo::open((tmp.path() / "e.git").string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_TRUE(r->empty());
    auto all = r->walk("");
    ASSERT_TRUE(all.ok()) << all.error();
    EXPECT_TRUE(all->empty());
    EXPECT_FALSE(r->resolve("HEAD").ok());
}

} // namespace
} // namespace lkmine
