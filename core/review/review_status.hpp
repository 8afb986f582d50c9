// "Were my comments addressed?": each comment of a review on vN followed through the
// range-diff to v(N+1), with the author's reply to it.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/patch/review_comments.hpp"

#include <string>
#include <vector>

namespace lkmine {

struct CommentFate {
    ReviewComment comment;
    // "unchanged", "changed", "dropped" (the hunk, the file or the whole patch is gone in the
    // next revision) or "no-newer-revision".
    std::string status;
    std::string reply, reply_id; // the patch author's answer to this comment, and its mail
};

struct ReviewStatus {
    std::string review_id, patch_id, patch_subject;
    Address reviewer, author;
    int revision = 0, patch = 0;           // the reviewed patch: vN, its number (1-based)
    int next_revision = 0, next_patch = 0; // v(N+1) and the patch paired with it (0: none)
    std::string next_head, pairing;        // pairing: range-diff status '=', '!', '<'
    std::vector<CommentFate> comments;
};

// `msgid` is a reply to a patch mail (directly or below other replies to it).
Result<ReviewStatus> review_status(StoreReader& store, const std::string& msgid);

} // namespace lkmine
