// The index (Xapian behind a pimpl): StoreWriter adds mails with threads and dedup, StoreReader
// searches and threads.
#pragma once

#include "core/message.hpp"
#include "core/result.hpp"
#include "core/schema.hpp"

#include <cstdint>
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

struct SearchPage {
    std::size_t estimated_total = 0;
    std::vector<MailSummary> results;
};

struct StoreStats {
    std::size_t mails = 0, threads = 0, ghosts = 0, duplicates = 0;
    std::vector<std::pair<std::string, std::string>> sources; // key, state
    std::uint64_t bytes = 0;                                  // on disk
};

enum class AddOutcome { added, duplicate_same, duplicate_different, replaced_recovered };

namespace store_detail {
struct WriterImpl;
struct ReaderImpl;
} // namespace store_detail

class StoreWriter {
  public:
    // Creates `dir` when missing. Fails with a hint when another writer holds the lock.
    static Result<StoreWriter> open(const std::string& dir);

    // `lists` are added to the mail's own List-Ids (a source may know the list when the mail
    // does not say it).
    Result<AddOutcome> add(const Message& msg, std::string_view raw,
                           const std::vector<std::string>& lists);
    // public-inbox 'd': the mail becomes a ghost, so its thread stays joined.
    Status remove(const Message& msg);

    // Resume state of a source; written in the same commit as the documents.
    std::string source_state(const std::string& key) const;
    void set_source_state(const std::string& key, const std::string& value);

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
    // Fails with "no index at DIR: run lkmine index first" when there is none.
    static Result<StoreReader> open(const std::string& dir);

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
    explicit StoreReader(std::unique_ptr<store_detail::ReaderImpl> impl);
    std::unique_ptr<store_detail::ReaderImpl> impl_;
};

} // namespace lkmine
