// The index (Xapian behind a pimpl): StoreWriter adds mails with threads and dedup, StoreReader
// searches and threads.
#pragma once

#include "core/base/result.hpp"
#include "core/index/schema.hpp"
#include "core/model/message.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lkmine {

struct MailSummary {
    std::string message_id, subject, date_text, thread_id;
    Address from;
    Date date;
    std::vector<std::string> lists;
    SubjectInfo subject_info;
    bool ghost = false;
    int patches = 0;
    std::vector<std::string> flags; // "recovered", "duplicate-differs", "has-warnings", ...
};

struct ThreadEntry {
    MailSummary mail; // a ghost entry has only message_id and ghost=true
    int depth = 0;
    int parent = -1; // index into entries
};

struct ThreadTree {
    std::string thread_id;
    std::vector<ThreadEntry> entries; // display order
};

struct StoredMail {
    MailSummary summary;
    std::string raw;
    std::string origin;                    // "source:location" of the kept copy
    std::vector<std::string> other_copies; // origins of further copies
    std::string in_reply_to;
    std::vector<std::string> references;
};

struct SearchOptions {
    std::size_t limit = 50, offset = 0;
    enum class Sort { date, relevance } sort = Sort::date; // date: newest first
    bool threads = false;                                  // one result per thread
};

// Bounds on one query (StoreReader::search fails beyond them, saying so).
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;
inline constexpr std::size_t kMaxQueryWords = 8192; // words and operators: 2,000 ORs are 4,001
// A query of more terms than this runs once over the whole index, not once per date window:
// each window repeats the whole query (2,000 ORs took 10.8 s on 50k mails).
inline constexpr std::size_t kMaxWindowedTerms = 64;
// One result per thread: the threads are counted exactly while the query matches at most this
// many mails (Xapian's estimate of collapsed results was off by 5x); beyond, "at least".
inline constexpr std::size_t kExactThreadCount = 20000;

struct SearchPage {
    std::size_t estimated_total = 0;
    // How estimated_total counts: Xapian's estimate, exact, or a lower bound (a --threads
    // count is exact up to kExactThreadCount matched mails, "at least" beyond).
    enum class Count { estimate, exact, at_least } count = Count::estimate;
    // A date-ordered page found among the newest N days alone (0: the whole index was
    // searched); for tests and benchmarks.
    std::size_t days_searched = 0;
    std::vector<MailSummary> results;
};

// One shard of an index: a local directory (DIR/shardN) or a remote one served by
// xapian-tcpsrv and listed in the index's stub file (DIR/XAPIANDB).
struct ShardInfo {
    std::string name; // "shard0", or "remote HOST:PORT"
    bool remote = false;
    std::size_t documents = 0;
    std::uint64_t bytes = 0; // on disk; 0 for a remote shard
    std::string error;       // set when the shard could not be opened
    std::string address;     // HOST:PORT of a remote shard, else the local path
};

// A mail a source could not read (a missing git object, an unreadable file), kept in the index
// metadata with its source's state so the next run tries it again.
struct SourceProblem {
    std::string key;     // what the source retries: "<commit> <blob> <m|d> <path>", a file name
    std::string message; // what failed and why, for the user
};

struct StoreStats {
    std::size_t mails = 0, threads = 0, ghosts = 0, duplicates = 0;
    std::size_t truncated = 0; // mails cut at the size cap (flag truncated)
    std::vector<std::pair<std::string, std::string>> sources; // key, state
    // Source key -> its unreadable mails (only sources that have some).
    std::vector<std::pair<std::string, std::vector<SourceProblem>>> problems;
    std::uint64_t bytes = 0; // on disk
    std::vector<ShardInfo> shards;
    bool date_terms = false; // month terms on every dated document: fast newest-first search
    int schema = 0;          // schema version (schema.hpp kSchemaVersion); 0: before versions
};

// How a reader treats its shards. A remote shard is opened and asked with a timeout, so a
// host that is down or hangs costs at most that long; the shards that answer are searched.
struct ReaderOptions {
    unsigned timeout_ms = 5000; // per remote connect and per remote operation
    bool require_all = false;   // a shard that does not answer fails the open instead
};
// The process-wide options of StoreReader::open(dir) (the CLI's --shard-timeout and
// --require-all-shards set them once).
void set_default_reader_options(const ReaderOptions& options);
ReaderOptions default_reader_options();

// Which shards answered a reader: what a partial answer lacks.
struct ShardHealth {
    std::size_t total = 0, answered = 0;
    std::vector<std::pair<std::string, std::string>> failed; // shard (HOST:PORT or path), why
    bool partial() const { return answered < total; }
    // "2 of 3 shards answered; 127.0.0.1:3333: connection refused"
    std::string summary() const;
};
// The health of the last reader of this process that lost a shard (total 0: none did), for a
// command's exit status (3, partial) once it is done.
ShardHealth shard_failures_seen();

enum class AddOutcome { added, duplicate_same, duplicate_different, replaced_recovered };

namespace store_detail {
struct WriterImpl;
struct ReaderImpl;
struct PreparedImpl;
} // namespace store_detail
class StoreReader;
namespace store_detail {
// For the passes over the store (core/stages) that read Xapian directly.
ReaderImpl& reader_impl(StoreReader& r);
} // namespace store_detail

// A mail turned into its index document (terms, positions, data) away from the writer: the
// CPU-heavy half of adding, done by the parse workers in parallel. Only its thread id is
// left for StoreWriter::add.
class PreparedDoc {
  public:
    PreparedDoc();
    PreparedDoc(PreparedDoc&&) noexcept;
    PreparedDoc& operator=(PreparedDoc&&) noexcept;
    ~PreparedDoc();
    bool empty() const;

  private:
    friend class StoreWriter;
    std::unique_ptr<store_detail::PreparedImpl> impl_;
};

struct WriterOptions {
    // Shards of a new index (fixed at creation); 0 keeps an existing index's count, or 1.
    unsigned shards = 0;
};

class StoreWriter {
  public:
    // Creates `dir` when missing. Fails with a hint when another writer holds the lock.
    static Result<StoreWriter> open(const std::string& dir);
    // Fails when `options.shards` disagrees with an existing index.
    static Result<StoreWriter> open(const std::string& dir, const WriterOptions& options);

    // Builds the document of `msg`; thread-safe, meant for worker threads.
    static PreparedDoc prepare(const Message& msg, std::string_view raw,
                               const std::vector<std::string>& lists);
    // Threads and writes a prepared mail; `doc` is consumed.
    Result<AddOutcome> add(PreparedDoc&& doc);
    unsigned shard_count() const;

    // `lists` are added to the mail's own List-Ids (a source may know the list when the mail
    // does not say it).
    Result<AddOutcome> add(const Message& msg, std::string_view raw,
                           const std::vector<std::string>& lists);
    // public-inbox 'd': the mail becomes a ghost, so its thread stays joined.
    Status remove(const Message& msg);
    // After a purge rewrote an epoch: every committed mail whose kept copy came from
    // `origin_source` (the epoch's git dir) in a blob not in `live_blobs` becomes a ghost.
    // Returns how many.
    Result<std::size_t> purge(const std::string& origin_source,
                              const std::vector<std::string>& live_blobs);

    // Resume state of a source; written in the same commit as the documents.
    std::string source_state(const std::string& key) const;
    void set_source_state(const std::string& key, const std::string& value);
    // The mails of a source that could not be read; written in the same commit.
    std::vector<SourceProblem> source_problems(const std::string& key) const;
    void set_source_problems(const std::string& key, const std::vector<SourceProblem>& problems);

    // Makes everything since the last commit durable and visible to readers.
    Status commit();
    std::size_t pending() const; // documents changed since the last commit

    StoreWriter(StoreWriter&&) noexcept;
    StoreWriter& operator=(StoreWriter&&) noexcept;
    ~StoreWriter(); // discards uncommitted work: a killed run leaves the last commit

  private:
    explicit StoreWriter(std::unique_ptr<store_detail::WriterImpl> impl);
    std::unique_ptr<store_detail::WriterImpl> impl_;
};

class StoreReader {
  public:
    // Fails with "no index at DIR: run lkmine index first" when there is none, and when no
    // shard answers (or, with options.require_all, when one does not).
    static Result<StoreReader> open(const std::string& dir);
    static Result<StoreReader> open(const std::string& dir, const ReaderOptions& options);
    // The shards the last open, reopen or query reached; a query that loses a shard reopens
    // the others and answers from them (the GUI shows this in its status bar).
    ShardHealth health() const;

    // Query language: see schema.hpp (lore/lei prefixes). Empty or "*" lists every mail.
    Result<SearchPage> search(std::string_view query, const SearchOptions& options);
    // The thread containing `msgid` (a mail or a ghost).
    Result<ThreadTree> thread(const std::string& msgid);
    Result<StoredMail> get(const std::string& msgid);
    StoreStats stats();
    // Sees the latest commit.
    Status reopen();

    StoreReader(StoreReader&&) noexcept;
    StoreReader& operator=(StoreReader&&) noexcept;
    ~StoreReader();

  private:
    friend store_detail::ReaderImpl& store_detail::reader_impl(StoreReader& r);
    explicit StoreReader(std::unique_ptr<store_detail::ReaderImpl> impl);
    std::unique_ptr<store_detail::ReaderImpl> impl_;
};

// What `lkmine check` found in one local shard.
struct ShardCheck {
    std::string name; // "shard0"
    bool present = false, openable = false;
    std::size_t documents = 0;    // as the shard counts them
    std::string recorded;         // its own count at its last commit ("": older lkmine)
    std::uint64_t generation = 0; // commits of the index the shard has seen
    std::string error;            // why it cannot be opened, or what the deep check found
};

struct IndexCheck {
    int declared_shards = 0; // what the shards' metadata says (0: none says)
    std::vector<ShardCheck> shards;
    std::size_t mails = 0, sampled = 0;
    std::vector<std::string> unreadable; // sampled mails whose raw bytes cannot be read: why
    std::vector<std::string> problems;   // what is wrong with the index itself
};

struct CheckOptions {
    std::size_t sample = 200; // raw mails read back, spread over the whole index
    bool deep = false;        // also Xapian's structural check of every table (slow)
};

// Verifies the index at `dir`: every declared shard present and openable, each shard's
// document count against what its last commit recorded, the shards at one generation (a
// shard restored from an older copy is behind), and a sample of raw mails readable (kept in
// the index or in a git epoch that may have moved). Fails only when there is no index.
Result<IndexCheck> check_index(const std::string& dir, const CheckOptions& options);

// The shards of the index at `dir`: local ones, plus the remote ones of its stub file.
std::vector<ShardInfo> list_shards(const std::string& dir);

// Makes `dir` an index holding no local shard (a search host of remote shards): an empty
// stub file. Fails when `dir` already holds an index.
Status init_client_index(const std::string& dir);
// Adds a shard served by `xapian-tcpsrv --port PORT` on HOST to the index's stub file
// (DIR/XAPIANDB, created listing the local shards), so every reader searches it too. A fresh
// `dir` becomes a client index holding no local shard.
Status add_remote_shard(const std::string& dir, const std::string& host_port);
// Takes a remote shard out of the stub file; fails when it is not listed.
Status remove_remote_shard(const std::string& dir, const std::string& host_port);
// Compacts every local shard (Xapian::Database::compact) and swaps it in atomically; takes the
// writer lock, so it fails while `lkmine index` runs. `note` hears one line per shard.
Status compact_index(const std::string& dir, const std::function<void(const std::string&)>& note);

} // namespace lkmine
