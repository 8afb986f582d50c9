// The patches of many commits from one `git diff-tree --stdin` child process: git's own diff
// (its delta-base cache, tree walk and xdiff) at git's speed, for the commit stage.
#pragma once

#include "core/base/result.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// One commit's diff against its first parent (the empty tree for a root commit), as
// `git show` prints it (renames found, indent heuristic); empty for a merge or an empty commit.
struct CommitDiff {
    std::string diff;
    std::vector<std::string> files;      // paths touched; a rename gives old and new path
    std::vector<std::string> post_blobs; // full ids of post-image blobs (not for deletions)
};

// What diff-tree printed for one commit ("<sha>\n", raw lines, "\n", the patch) as a CommitDiff.
Result<CommitDiff> parse_diff_tree(std::string_view out);

// Requests are answered in order, one wake-up per request; a reader thread keeps git's output
// flowing, so request() never waits on git for long and git never waits on us. Not thread-safe: one
// user at a time.
class GitDiffStream {
  public:
    // Starts `git --git-dir=GIT_DIR diff-tree --stdin ...`; an error if git cannot be run.
    static Result<GitDiffStream> start(const std::string& git_dir);
    GitDiffStream(GitDiffStream&&) noexcept;
    GitDiffStream& operator=(GitDiffStream&&) noexcept;
    ~GitDiffStream(); // closes git's input and waits for it

    // Asks for the diffs of these commits (full ids), answered by take() in this order.
    Status request(const std::vector<std::string>& shas);
    // The diffs of the oldest request not taken yet, in its order; waits for git. An error
    // when git failed (its message included); the stream is then unusable.
    Result<std::vector<CommitDiff>> take();

  private:
    struct Impl;
    explicit GitDiffStream(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace lkmine
