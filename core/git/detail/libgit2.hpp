// Private to core/git: the one header that includes git2.h, with the owning pointers and small
// libgit2 helpers shared by the repository (repo.cpp) and the epoch reader (epoch_reader.cpp);
// libgit2 errors become Result errors here.
#pragma once

#include "core/base/result.hpp"
#include "core/model/message.hpp"

#include <git2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lkmine::git_detail {

template <typename T, void (*Free)(T*)> struct Freer {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, Freer<T, Free>>;

using RepoPtr = Owned<git_repository, git_repository_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using DiffPtr = Owned<git_diff, git_diff_free>;
using WalkPtr = Owned<git_revwalk, git_revwalk_free>;
using TagPtr = Owned<git_tag, git_tag_free>;
using EntryPtr = Owned<git_tree_entry, git_tree_entry_free>;

// "<what>: <libgit2's last error>".
Error git_failure(const std::string& what);
std::string hex(const git_oid* oid);
bool is_full_hex(const std::string& s);
// A work tree or a git dir, no search upwards; SHA-256 repositories refused with the reason.
Result<RepoPtr> open_repository(const std::string& path);
// Sets how many bytes of packs libgit2 keeps mapped (process-wide); returns the limit before.
std::size_t set_mapped_limit(std::size_t bytes);
bool head_is_unborn(git_repository* repo);
Result<CommitPtr> lookup_commit(git_repository* repo, const git_oid* oid);
Result<TreePtr> commit_tree(git_commit* c);
// Tree of the first parent, or null for a root commit (diffs against the empty tree).
Result<TreePtr> first_parent_tree(git_commit* c);
Result<std::string> read_blob(git_repository* repo, const git_oid* oid);
// The commit a rev names, tags peeled.
Result<git_oid> resolve_commit(git_repository* repo, const std::string& rev);
Address to_address(const git_signature* s);
Date to_date(const git_time& t);
// One file path whose entry differs between two trees; mode 0 = absent on that side.
struct Change {
    std::string path;
    git_oid old_id{}, new_id{};
    std::uint32_t old_mode = 0, new_mode = 0;
};

// A commit's tree, its first parent's (null for a root commit) and the files between them.
struct ParentChange {
    TreePtr old_tree, new_tree;
    std::vector<Change> files;
};

// The files between a commit and its first parent, read from the raw tree objects of the
// directories that changed only.
Result<ParentChange> parent_change(git_repository* repo, git_commit* c);
// git show's diff options: the indent heuristic.
git_diff_options diff_options();
// The diff of those files, as git show's (with `renames`, renames found).
Result<DiffPtr> diff_of(git_repository* repo, git_commit* c, const ParentChange& pc, bool renames);
// The diff of `c` against its first parent, as git show's (indent heuristic; with `renames`,
// renames found).
Result<DiffPtr> diff_to_parent(git_repository* repo, git_commit* c, bool renames);

} // namespace lkmine::git_detail
