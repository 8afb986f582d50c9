// Review state kept next to the index (SQLite): per user and Message-ID, read, flagged,
// reviewed, waiting on author, done; survives a rebuilt index.
#pragma once

#include "core/base/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lkmine {

// The state of one mail, or of one series revision (keyed by the Message-ID of its head).
struct ReviewMark {
    std::string user, message_id;
    std::string series_id; // head of the oldest revision known when marked; "" for a plain mail
    std::string title; // the revision's title key (series_evidence.hpp title_key), for the queue
    int revision = 0;
    bool read = false, flagged = false, reviewed = false, waiting = false, done = false;
    std::int64_t updated = 0; // epoch seconds of the last change
};

// One change: only the fields set are written.
struct ReviewChange {
    std::optional<bool> read, flagged, reviewed, waiting, done;
    std::string series_id, title;
    int revision = 0;
};

// The state file: DB/review-state.sqlite unless told otherwise.
std::string default_state_path(const std::string& db_dir);

class ReviewStateDb {
  public:
    // Opens (or creates, atomically: a new file appears complete or not at all) the state at
    // `path`. A file that is not a sound state database (truncated, empty, not SQLite, failing
    // PRAGMA quick_check) is refused with a message naming it, and is never written.
    static Result<ReviewStateDb> open(const std::string& path);

    // One transaction (BEGIN IMMEDIATE; waits up to 10 s for another writer).
    Status apply(const std::string& user, const std::string& message_id, const ReviewChange& c);
    std::optional<ReviewMark> get(const std::string& user, const std::string& message_id);
    // Every mark of `user`, newest change first.
    Result<std::vector<ReviewMark>> list(const std::string& user);

    ReviewStateDb(ReviewStateDb&&) noexcept;
    ReviewStateDb& operator=(ReviewStateDb&&) noexcept;
    ~ReviewStateDb();

    struct Impl;

  private:
    explicit ReviewStateDb(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace lkmine
