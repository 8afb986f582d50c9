// JSON output of lkmine's types (json.cpp is the nlohmann_json adapter).
#pragma once

#include "core/index/store.hpp"
#include "core/model/message.hpp"
#include "core/patch/range_diff.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/series.hpp"
#include "core/stages/symptom_report.hpp"

#include <string>

namespace lkmine {

const char* file_status_name(FileStatus s);

// One line of JSON (no trailing newline) with the fields documented in `lkmine parse --help`.
std::string message_to_json(const Message& m);

// An id a batch command (MSGID - of show/thread) could not answer: {message_id, error}.
std::string error_to_json(const std::string& message_id, const std::string& error);

// A search result: message_id, subject, from, date, thread_id, lists, patch, flags.
std::string summary_to_json(const MailSummary& s);

// A thread as nested nodes {message_id, subject, from, date, ghost, children[]}.
std::string thread_to_json(const ThreadTree& t);

// One shard: {name, remote, address (HOST:PORT) | path, documents, bytes, reachable, error}.
std::string shard_to_json(const ShardInfo& sh);
// A partial answer: {"partial": {answered, total, failed[{shard, error}]}}.
std::string shard_health_to_json(const ShardHealth& h);

// {mails, threads, ghosts, duplicates, truncated, bytes, sources[{key, state, unreadable}],
//  problems[{source, key, message}], shards[], date_terms}
std::string stats_to_json(const StoreStats& s);

// `lkmine check --json`: {ok, declared_shards, shards[{name, present, openable, documents,
//  recorded, generation, error}], mails, sampled, unreadable[], problems[]}
std::string check_to_json(const IndexCheck& c);

// Series revisions: {message_id, revisions[{revision, date, head, tie{reason, to}, patches[
// summary + trailers[]], series_trailers[]}]}; trailers only when reviews were read.
std::string series_to_json(const std::string& msgid, const std::vector<SeriesRevision>& revs);
// `lkmine range-diff --json`: {from{revision, date, head, patch_count}, to{...}, pairs[{status,
// method, a{index, message_id, subject}|null, b{...}|null, interdiff}]}; index is 1-based.
std::string range_diff_to_json(const SeriesRevision& from, const SeriesRevision& to,
                               const std::vector<RangeDiffPair>& pairs);

// The fields of BisectLog (kind, start_commit, syzkaller_commit, compiler, tested[{commit,
// subject, label, compiler, verdict, runs[{n, result, title}]}], steps, culprit{sha, author,
// date, subject, message}, candidates, cc, crash{title, lines}, revisions_tested,
// time{total, build, test}) plus the reliability warnings and notes.
std::string bisect_log_to_json(const BisectLog& log);
// `lkmine symptom --json`: {query, normalized, bugs[], bisections[], patches[], discussions[]}.
std::string symptom_to_json(const SymptomReport& r);

// `lkmine commit --json`: {sha, subject, author, committer, date, commit_date, patch_id, release,
// parents, files, trailers[], mails[{message_id, subject, from, date, method, score,
// confidence}],
// mentions[], series[{revision, head, patches[{...summary, trailers[]}]}], interdiff{message_id,
// identical, text}, fixed_by[{sha, subject, author, date, mails[]}], fixes[], fixes_unindexed[],
// bisections[{key, kind, extid, source}], notes[]}; series as in series_to_json.
std::string commit_report_to_json(const CommitReport& r, const std::vector<SeriesRevision>& series);
// `lkmine patch --json`: {message_id, subject, from, date, is_patch, merged, commits[{sha,
// method, score, confidence, subject, author, date, release}], mentions[{sha, method, score}],
// days_unmerged}. confidence: "certain" or "possible" (link_confidence(), core/link/link.hpp).
std::string patch_report_to_json(const PatchReport& r);

// `lkmine reply --json`: the reply as it left, read back with parse_message: {message_id,
// subject, from, to[], cc[], in_reply_to, references[], date, delivered{method, to}} where
// method is "sendmail", "git-send-email", "file" or "stdout" and `to` the command or the path.
std::string reply_to_json(const Message& reply, const std::string& method, const std::string& to);

} // namespace lkmine
