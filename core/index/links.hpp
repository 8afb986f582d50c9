// Commit documents and the links on mail documents: their schema, and the codec of a mail's
// links (written by the link stage, core/stages/link_stage.cpp; read by every view).
#pragma once

#include "core/index/schema.hpp"

#include <string>
#include <vector>

namespace lkmine {

/*
 * Commit documents (written by the link stage, core/stages/link_stage.cpp, in shard fnv1a(sha) %
 * N): Tcommit, Q<sha> (key), S subject words, A author name words and address, XFIXES<sha> for each
 * Fixes: (as written and, when the repository knows it, the full id), XDFID patch id, XDFN files,
 * XDFPOST post-image blobs, Kcommit, date slot = author date. Data: a mail record (message_id =
 * sha, subject, from = author, date), so a search shows a commit as a row; value slot kCommitSlot:
 * the CommitRecord fields (index/detail/syzbot_doc.hpp codec), including the bottom-k sketches
 * fuzzy linking compares, so relinking never re-reads git. Links on mail documents: XCOMMIT<sha>
 * per linked commit (patch links and verified mentions), Klinked once a patch link exists, value
 * slot kLinksSlot: "sha method score" lines. Metadata (shard 0): "git:repo" path of the repository,
 * "git:tip:<range>" the tip last indexed, "link:watermark:<shard>" the last mail docid the link
 * stage has seen per shard.
 */
inline constexpr unsigned kCommitSlot = 8;
inline constexpr unsigned kLinksSlot = 9;
// Mail documents hold both these and the schema's slots: no two may share a number.
constexpr bool value_slots_distinct() {
    const unsigned all[] = {slot::date,      slot::thread,      slot::size,       slot::revision,
                            slot::syzbot,    slot::line,        slot::pairs,      slot::pairs_dfa,
                            slot::pairs_dfb, slot::pairs_dfctx, slot::pairs_dfhh, kCommitSlot,
                            kLinksSlot};
    for (unsigned a : all) {
        int same = 0;
        for (unsigned b : all)
            same += a == b;
        if (same != 1) return false;
    }
    return true;
}
static_assert(value_slots_distinct(), "two value slots share a number");

struct StoredLink {
    std::string msgid, sha;
    std::string method; // trailer, patch-id, blob, fuzzy, mention
    double score = 0;
};

// Links of a mail, read from its document (empty for a mail without links).
std::vector<StoredLink> decode_links(const std::string& msgid, const std::string& value);
std::string encode_links(const std::vector<StoredLink>& links);

} // namespace lkmine
