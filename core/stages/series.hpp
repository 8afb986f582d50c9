// Finding the revisions of a patch series in the index (cover letters, patches, v1..vN).
#pragma once

#include "cli/json.hpp"
#include "core/patch/range_diff.hpp"
#include "core/base/result.hpp"
#include "core/index/store.hpp"

#include <vector>

namespace lkmine {

// Revisions of the series `msgid` belongs to, oldest first. Revisions are joined by the same
// author and normalised subject of their head mail, each within 180 days of the previous one,
// so an unrelated older series that reused the name is not taken (b4 issue #58).
Result<std::vector<SeriesRevision>> find_series(StoreReader& store, const std::string& msgid);

// The position in `revs` of the revision `msgid` is part of: its cover or first patch, one of
// its patches, or a reply in its thread; -1 when none.
int revision_index_of(StoreReader& store, const std::vector<SeriesRevision>& revs,
                      const std::string& msgid);

// Two revisions read back from the index (each patch mail parsed for its diff) and paired.
struct SeriesRangeDiff {
    SeriesRevision from, to;
    std::vector<RangeDiffPatch> a, b; // the patches of `from` and `to`, in order
    std::vector<RangeDiffPair> pairs;
};
Result<SeriesRangeDiff> series_range_diff(StoreReader& store, const SeriesRevision& from,
                                          const SeriesRevision& to);

} // namespace lkmine
