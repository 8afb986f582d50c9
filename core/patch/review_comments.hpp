// A review reply read as comments anchored on the patch it quotes (file, hunk, lines), and
// what became of each anchor in a later revision of the patch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Where a comment sits in the patch: the quoted diff lines just above it.
struct CommentAnchor {
    std::string file;        // the file's new path (old path of a deleted file)
    std::string hunk_header; // "@@ -12,7 +12,9 @@ func" as in the patch
    int old_start = 0, old_count = 0;
    int old_line = 0, new_line = 0; // line numbers of the last anchor line in old / new file
    // The commented lines as in the patch, each with its '+', '-' or ' ' (at most 3), and the
    // changed lines of the whole hunk.
    std::vector<std::string> lines, hunk_lines;
};

struct ReviewComment {
    CommentAnchor anchor;
    std::string text;  // the reviewer's words, quoted lines and signature removed
    int body_line = 0; // 1-based line of the comment's first line in the reply body
};

// The comments of a reply to a patch: each run of the reviewer's own lines after quoted diff
// lines (depth 1, "> +foo", "> @@ ...") that are found in `patch_diff`. A run of trailers or
// an attribution line alone is no comment; comments on the commit message are left out.
std::vector<ReviewComment> parse_review_comments(std::string_view reply_body,
                                                 std::string_view patch_diff);

// What became of an anchor in a later diff of the same patch: "unchanged" (every commented line
// is still there), "changed" (the hunk is still there, the commented lines are not all), or
// "dropped" (the file or the hunk is gone).
std::string follow_anchor(const CommentAnchor& anchor, std::string_view new_diff);

// The reply `author_reply` gives to `comment` (a reply to the review): the author's own lines
// after the quoted comment; "" when the comment is not quoted there.
std::string reply_to_comment(std::string_view author_reply, const ReviewComment& comment);

} // namespace lkmine
