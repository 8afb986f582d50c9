// git patch-id --stable computed in process, line for line like git's builtin/patch-id.c.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// The id `git patch-id --stable` prints first for this text (a mail body, a commit's
// `git show`, a bare diff): 40 hex digits, or "" when git would print nothing (no "diff " line).
// Follows git 2.39's reading, including its quirks: text before the first "diff " line is
// skipped, the patch ends at the first line a diff cannot hold (so a "-- " signature ends it
// only when the hunk counts are met), a line starting with a 40-hex object name starts the
// next patch.
std::string patch_id_stable(std::string_view diff_text);

// One id git patch-id prints, and where its text is: [begin, end) from the first hashed line
// ("diff ...") to past the line that ended it.
struct PatchIdSpan {
    std::size_t begin = 0, end = 0;
    std::string id;
};

// Every id `git patch-id --stable` prints for this text, in order.
std::vector<PatchIdSpan> patch_ids_stable(std::string_view text);

// The ids of the commits `git am` would make from a mail's text: git patch-id's reading with
// two kinds of mailer damage read as git apply and a maintainer read them: an empty line inside
// a hunk is a blank context line that lost its space (git apply counts it; git patch-id does
// not and then hashes what follows the hunk), and a line right after a hunk header that cannot
// start a hunk line is the header's wrapped tail (not hashed, as the header is not).
std::vector<PatchIdSpan> mail_patch_ids(std::string_view text);

} // namespace lkmine
