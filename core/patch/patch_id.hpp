// git patch-id --stable computed in process, line for line like git's builtin/patch-id.c.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// The id `git patch-id --stable` prints first for this text (a mail body, a commit's
// `git show`, a bare diff): 40 hex digits, or "" when git would print nothing (no "diff " line).
// Follows git 2.39's reading, including its quirks: text before the first "diff " line is
// skipped, the patch ends at the first line a diff cannot hold (so a "-- " signature ends it
// only when the hunk counts are met), a line starting with a 40-hex object name starts the
// next patch.
std::string patch_id_stable(std::string_view diff_text);

} // namespace lkmine
