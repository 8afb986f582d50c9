// The difference between a posted patch and the commit it became: a diff of the two diffs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Compares the changed lines (and the "diff --git" line of each file) of two unified diffs,
// ignoring hunk positions, index lines and context, so a rebase alone gives nothing. Returns
// "" when they change the same lines; else a unified diff of those lines: '-' lines only in
// `posted`, '+' only in `merged`, ' ' context, "@@" between regions. Bounded: very different
// inputs give a one-line note instead of a quadratic comparison.
std::string interdiff(std::string_view posted, std::string_view merged);

// The lines interdiff() compares: each "diff --git" line and the +/- lines of the hunks, in
// order (views into `diff`). Two diffs with equal lists make the same change.
std::vector<std::string_view> diff_changed_lines(std::string_view diff);

} // namespace lkmine
