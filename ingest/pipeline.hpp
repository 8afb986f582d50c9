// The ingest pipeline: one reader over the sources, parse workers, one writer committing to the
// index.
#pragma once

#include "core/base/result.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lkmine {

struct IndexOptions {
    std::string db;
    std::vector<std::string> paths;
    unsigned jobs = 0;               // parse workers; 0 = one per core
    std::size_t commit_every = 2000; // documents per shard per commit (DESIGN.md §7: 500-2000)
    unsigned shards = 0;             // of a new index; 0: an existing index's count, else 1
    // Every source cuts a mail over this at a line boundary ("truncated" warning and flag).
    std::size_t max_mail_size = std::size_t{64} << 20;
    // Set (from any thread) to stop reading; what was read is still written and committed, so
    // the index is usable and the next run resumes where this one stopped.
    const std::atomic<bool>* cancel = nullptr;
};

struct IndexProgress {
    std::size_t done = 0;     // items written this run
    std::size_t estimate = 0; // items expected in all sources (0: unknown)
    std::size_t warnings = 0;
    double seconds = 0;
    std::string source; // the source being read
};

struct IndexSummary {
    std::size_t read = 0, added = 0, duplicates = 0, differing = 0, deleted = 0, purged = 0;
    std::size_t mails_with_warnings = 0;
    std::vector<std::string> truncated; // mails cut at the size cap: "<id> (origin): why"
    std::size_t not_mail = 0; // files in directory and Maildir sources skipped as not mail
    std::map<std::string, std::size_t> warnings_by_kind;
    std::vector<std::string> notes;  // rewritten histories
    std::vector<std::string> errors; // sources that failed part-way; the rest was indexed
    // Mails that could not be read this run (missing git object, unreadable file, a mail that
    // failed to index): each recorded in the index and tried again by the next run.
    std::vector<std::string> unreadable;
    std::size_t recovered = 0;   // mails an earlier run could not read, read this time
    std::size_t outstanding = 0; // unreadable mails the index records after this run
    double seconds = 0;
    bool cancelled = false; // opt.cancel stopped the run before the sources' end
    std::string stopped_at; // when cancelled: the source being read, as Source::describe()
};

using ProgressFn = std::function<void(const IndexProgress&)>;

// Indexes every source under opt.paths into opt.db. Fails only when the index cannot be
// opened; a source that cannot be read is reported in summary.errors and the rest goes on.
Result<IndexSummary> run_index(const IndexOptions& opt, const ProgressFn& progress);

} // namespace lkmine
