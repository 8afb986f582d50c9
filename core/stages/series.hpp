// Finding the revisions of a patch series in the index (cover letters, patches, v1..vN).
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/patch/range_diff.hpp"

#include <vector>

namespace lkmine {

// A trailer with who gave it and where: "patch" (in the patch mail itself), "reply" (in a reply
// to the patch) or "cover" (in a reply to the cover letter: for the whole series).
struct GivenTrailer {
    Trailer trailer;
    Address by;
    std::string where, message_id; // message_id: the mail that carries it
};

// One revision of a series: its head mail and its patches in order.
struct SeriesRevision {
    int revision = 1;
    MailSummary head; // cover letter, or the first patch
    std::vector<MailSummary> patches;
    // How this revision was tied to the series: "asked" (the mail given), "change-id",
    // "patch-id", "in-reply-to" or "sender+title", and the head it was tied to.
    std::string tie = "asked", tied_to;
    // Filled by read_reviews() (series_review.hpp): each trailer once, per patch in order.
    bool reviewed = false;
    std::vector<std::vector<GivenTrailer>> patch_trailers;
    std::vector<GivenTrailer> series_trailers;
};

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
