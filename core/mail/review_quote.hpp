// Review comments anchored on diff lines: finding the lines, and quoting only them.
#pragma once

#include "core/base/result.hpp"
#include "core/mail/reply.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// The diff lines of `file` (a path of the patch, or its last components: "maple_tree.c")
// whose post-image line numbers are first..last; a removed line counts as the number of the
// line that follows it, so "4123" takes a "-old" line with the "+new" line that replaces it.
// The first patch of the mail holding such lines is used.
Result<DiffSpan> find_diff_lines(const Message& m, std::string_view file, long first, long last);

// "FILE:LINE[-LINE]=TEXT" (the CLI's --comment) resolved against `m`.
Result<DiffComment> parse_comment_arg(const Message& m, std::string_view arg);

// The quoted review: for each comment in diff order, the file header once per file
// ("diff --git" to "+++"), the hunk header once per hunk, up to `context` lines before the
// comment's lines, the lines themselves, all with "> ", then the comment between blank lines.
// Lines skipped inside a hunk are marked "[...]". Fails on a span outside the mail's patches.
Result<std::string> quote_review(const Message& m, std::vector<DiffComment> comments,
                                 std::size_t context);

} // namespace lkmine
