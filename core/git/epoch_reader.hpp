// Reading public-inbox epochs (bare git repositories, one commit per mail) behind a pimpl.
#pragma once

#include "core/base/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// Threading: libgit2 objects are not safe to share between threads: one EpochReader per thread.

namespace lkmine {

// One mail (or one removal) read from an epoch commit.
struct EpochEntry {
    enum class Kind { mail, deletion };
    std::string commit; // full id of the commit that carried it
    Kind kind = Kind::mail;
    std::string bytes;     // raw mail: the 'm' (or 'd') blob, or the blob a v1 commit changed
    std::string blob_id;   // full id of that blob
    std::string path;      // "m", "d", or the v1 path "ab/cdef..."
    std::int64_t time = 0; // committer time: when the archive imported it
    // Non-empty: the object could not be read (missing, corrupt); bytes are empty, and blob_id
    // is empty too when the commit or its tree was the unreadable one.
    std::string problem;
    bool retried = false; // given to retry_first(), not met on the walk
};

// Reads a public-inbox epoch (a bare git repo, one commit per mail) oldest first. v2 commits
// hold 'm' (a mail) or 'd' (a removed mail) at the root; any other commit is read the v1 way:
// each blob it adds or modifies is a mail, each blob it removes a deletion (one commit may
// then give several entries).
class EpochReader {
  public:
    // after_commit: the last commit already read ("" = from the start). If it is not an
    // ancestor of HEAD (history rewritten by a purge), rewritten() is true and reading
    // starts from the beginning.
    static Result<EpochReader> open(const std::string& git_dir, const std::string& after_commit);

    EpochReader(EpochReader&&) noexcept;
    EpochReader& operator=(EpochReader&&) noexcept;
    ~EpochReader();

    bool rewritten() const;
    std::size_t total_estimate() const; // commits to read, counted when opening
    // false at the end. An object that cannot be read (a partial clone, a corrupt pack) gives
    // an entry with `problem` set, and reading goes on with the next commit.
    Result<bool> next(EpochEntry& out);
    // Entries (commit, kind, blob_id, path) that could not be read by an earlier run, read again
    // before the walk; each comes back with `retried` set, its bytes or a problem.
    void retry_first(std::vector<EpochEntry> wanted);
    std::string head() const; // commit id to resume from once everything is read; "" if empty
    // Ids of every 'm' blob in the history of a v2 epoch (no blob is read): after a purge,
    // the mails still in the archive. An error for a v1 repository.
    static Result<std::vector<std::string>> mail_blobs(const std::string& git_dir);

  private:
    struct Impl;
    explicit EpochReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace lkmine
