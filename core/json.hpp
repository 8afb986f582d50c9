// JSON output of lkmine's types (json.cpp is the nlohmann_json adapter).
#pragma once

#include "core/message.hpp"
#include "core/store.hpp"

#include <string>

namespace lkmine {

const char* file_status_name(FileStatus s);

// One line of JSON (no trailing newline) with the fields documented in `lkmine parse --help`.
std::string message_to_json(const Message& m);

// A search result: message_id, subject, from, date, thread_id, lists, patch, flags.
std::string summary_to_json(const MailSummary& s);

// A thread as nested nodes {message_id, subject, from, date, ghost, children[]}.
std::string thread_to_json(const ThreadTree& t);

// {mails, threads, ghosts, duplicates, bytes, sources[{key, state}]}
std::string stats_to_json(const StoreStats& s);

// Series revisions: {message_id, revisions[{revision, date, head, patches[summary]}]}.
struct SeriesRevision {
    int revision = 1;
    MailSummary head; // cover letter, or the first patch
    std::vector<MailSummary> patches;
};
std::string series_to_json(const std::string& msgid, const std::vector<SeriesRevision>& revs);

} // namespace lkmine
