// Finding unified diffs (git-style and plain ---/+++) in mail text, and the terms to index them.
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Every diff in `text`, in order. `source` is copied into Patch::source ("inline",
// "attachment"). A diff starts at a "diff " line (git, or "diff -u a b") or at a "--- "
// line followed by "+++ " and a hunk; it ends at the first line a diff cannot hold, with hunk
// counts deciding where a hunk stops (so a trailing "-- " signature or "2.35.1" is outside).
std::vector<Patch> find_patches(std::string_view text, const std::string& source);

// What public-inbox indexes of a diff (SearchIdx.pm index_diff): dfn file names, dfa added
// lines, dfb removed lines, dfctx context lines, dfhh hunk headers, dfpre/dfpost blob ids.
// Lines longer than 1000 bytes are skipped.
struct DiffTerms {
    std::vector<std::string> files, added, removed, context, hunk_headers, pre_blobs, post_blobs;
};
DiffTerms diff_terms(const Patch& patch);
// The files, added and removed lines of a whole diff (a commit's, as git prints it) in one
// pass: what diff_terms gives for all of find_patches' patches together, without the
// context lines, hunk headers and blob ids.
DiffTerms commit_diff_terms(std::string_view text);

} // namespace lkmine
