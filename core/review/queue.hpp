// The reviewer's queue: series in my area or addressed to me whose latest revision I have not
// reviewed, oldest first, with who else reviewed and whether a revision came since mine.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/review/maintainers.hpp"
#include "core/review/state_db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lkmine {

struct QueueOptions {
    std::vector<std::string> me;       // my addresses (lowercase compare)
    std::vector<std::string> areas;    // F:-style path patterns (maintainers.hpp)
    std::vector<std::string> excluded; // X:-style patterns (of `areas`)
    // Whole MAINTAINERS sections (F:, N:, X:; an X: leaves a path out of its own section only)
    std::vector<MaintainersSection> sections;
    bool addressed = true;         // also series with one of `me` in To/Cc
    std::int64_t as_of = 0;        // epoch seconds the queue is for (0: now)
    int days = 30;                 // latest revision posted within this many days before as_of
    bool include_reviewed = false; // keep rows I already reviewed (marked, not dropped)
    std::size_t max_hits = 20000;  // bound on the mails the window search returns
};

struct QueueReview {
    int patch = 0;    // 0: the cover (whole series), else the patch number
    std::string kind; // R-b, A-b, T-b
    std::string by;   // the reviewer's address
};

struct QueueRow {
    std::string title, head, series_id; // head: Message-ID of the latest revision's head
    Address author;
    int revision = 1, patches = 0;
    std::int64_t posted = 0, last_activity = 0;
    std::vector<std::string> why;     // "area:io_uring/" (areas in name order), "addressed"
    std::vector<QueueReview> reviews; // others' R-b/A-b/T-b on this revision
    int my_last_reviewed = 0;         // newest earlier revision I replied to (0: none)
    bool new_since_my_review = false;
    bool reviewed_by_me = false; // only with include_reviewed
    ReviewMark mark;             // my stored state of this revision (if any)
};

struct QueueResult {
    std::vector<QueueRow> rows;
    std::string query;           // the index query that found the candidates
    std::size_t candidates = 0;  // mails it returned
    std::size_t revisions = 0;   // distinct revisions looked at
    bool merged_checked = false; // the index holds commits: merged series were dropped
    // Mails read back and parsed: a hit whose paths the dfn: terms leave in doubt, a patch or
    // reply whose rb:/ab:/tb: terms say it holds a review trailer. The rest comes from the index.
    std::size_t mails_read = 0;
    // Milliseconds spent: the window searches, reading hits into revisions, finding each
    // candidate's series, and the rows (my replies, reviews, marks); for the bench.
    double search_ms = 0, group_ms = 0, series_ms = 0, rows_ms = 0;
};

// `state` may be null (no stored marks). A revision marked done or reviewed is left out,
// as is one I replied to (a review trailer or any reply of mine below its mails).
Result<QueueResult> build_queue(StoreReader& store, ReviewStateDb* state, const QueueOptions& o);

} // namespace lkmine
