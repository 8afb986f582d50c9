// One thread read as revisions of a patch series: heads, patches, and covers that give their
// version to unversioned patches ("[PATCHSET v2 0/3]" over "[PATCH 1/3]").
#pragma once

#include "core/index/store.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lkmine {

// A patch mail that is not a reply and not a ghost.
bool is_patch_mail(const MailSummary& m);

// Same sender: the same address, or the same normalised name (lowercase, spaces collapsed)
// when the name has at least two words.
bool same_sender(const Address& a, const Address& b);

// The revision of entry `i`: its own vN, else the vN of the cover letter (0/M, same total)
// above it in the thread; 1 when neither says.
int revision_in(const ThreadTree& t, std::size_t i);

// The entry heading the revision entry `i` belongs to: its cover letter, else its patch with
// the lowest index (same sender, revision and total).
std::size_t head_in(const ThreadTree& t, std::size_t i);

// The patches of the revision headed by entry `head`, by index; a single patch without
// cover is its own only patch.
std::vector<MailSummary> patches_in(const ThreadTree& t, std::size_t head);

// The entry of `msgid` in `t`, or t.entries.size().
std::size_t entry_of(const ThreadTree& t, const std::string& msgid);

// The thread of `m`: from `cache` (by thread id) when there, else read and cached, or kept in
// `own` without a cache; null when it cannot be read.
const ThreadTree* cached_thread(StoreReader& store, const MailSummary& m,
                                std::map<std::string, ThreadTree>* cache,
                                std::optional<ThreadTree>& own);

} // namespace lkmine
