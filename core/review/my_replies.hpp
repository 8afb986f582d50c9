// Which revisions of a series I replied to, and the last activity below each revision.
#pragma once

#include "core/index/store.hpp"
#include "core/stages/series.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lkmine {

struct MyReplies {
    std::vector<bool> replied;                  // per revision: a reply of mine below its mails
    std::vector<std::int64_t> last_activity;    // per revision: newest mail below it (0: none)
    std::vector<std::vector<std::string>> mine; // per revision: Message-IDs of my replies
};

// Each reply is given to the nearest mail above it that heads or is a patch of a revision;
// a patch of another series above it ends the walk. Mails after `as_of` are not seen.
// `threads` (by thread id), when given, holds threads already read; those read here are added.
MyReplies my_replies(StoreReader& store, const std::vector<SeriesRevision>& revs,
                     const std::vector<std::string>& me, std::int64_t as_of,
                     std::map<std::string, ThreadTree>* threads = nullptr);

} // namespace lkmine
