// Read-only access to git repositories (kernel trees) behind a pimpl; public-inbox epochs are
// read by epoch_reader.hpp.
#pragma once

#include "core/base/result.hpp"
#include "core/model/commit.hpp"
#include "core/model/message.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// Threading: libgit2 objects are not safe to share between threads. Use one GitRepo
// per thread; separate instances on the same path are fine.

namespace lkmine {

struct TreeItem {
    std::string name;
    bool is_tree = false;
};

class GitRepo {
  public:
    // A work tree or a git dir, no search upwards. SHA-256 repositories are refused with a
    // clear message, as libgit2 1.5 cannot read them.
    static Result<GitRepo> open(const std::string& path);

    GitRepo(GitRepo&&) noexcept;
    GitRepo& operator=(GitRepo&&) noexcept;
    ~GitRepo();

    // Full id of the commit named by a rev ("HEAD", "v6.1", "master~3", a unique
    // abbreviation of >= 4 hex); tags are peeled. Error if it names no commit.
    Result<std::string> resolve(const std::string& rev);
    // Commits in "A..B", "A.." (to HEAD), "B" (all its history) or "" (all from HEAD), oldest
    // first, merges included. limit > 0 keeps the newest `limit` commits (like git log -n).
    Result<std::vector<std::string>> walk(const std::string& range, std::size_t limit = 0);
    Result<CommitInfo> read_commit(const std::string& sha, bool with_diff = true);
    // The release of a commit: the earliest tag (by tag date: the tagger's date of an annotated
    // tag, the commit date of a lightweight one) whose commit contains sha, whatever its name
    // scheme (v6.1, liburing-2.2, e2fsprogs-1.47.0); `pattern` (a glob, "" = every tag)
    // restricts the names. "" if none.
    Result<std::string> first_tag_containing(const std::string& sha,
                                             const std::string& pattern = "");
    // Commits reachable from tip and from none of `hide` (full ids; ids this repository lacks
    // are ignored), oldest first (parents before children).
    Result<std::vector<std::string>> walk_new(const std::string& tip,
                                              const std::vector<std::string>& hide);
    // Tags matching a glob ("v*", "next-*") with the commit each names, oldest tag first (by
    // tagger date, else commit date).
    Result<std::vector<std::pair<std::string, std::string>>> tags(const std::string& pattern);
    // True when `ancestor` (full id) is `descendant` or in its history.
    bool is_ancestor(const std::string& ancestor, const std::string& descendant);
    Result<std::string> blob(const std::string& sha);
    // Entries of the tree of rev at dir ("" = root), in tree order.
    Result<std::vector<TreeItem>> tree(const std::string& rev, const std::string& dir = "");
    bool empty() const; // no commit at HEAD yet
    // How many bytes of pack files libgit2 keeps mapped in this process (256 MB unless set;
    // one limit for every GitRepo); returns the limit it replaces.
    static std::size_t set_pack_map_limit(std::size_t bytes);
    // The work tree, or the git dir of a bare repository (for running git itself there).
    std::string dir() const;

  private:
    struct Impl;
    explicit GitRepo(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace lkmine
