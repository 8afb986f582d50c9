// Private to the store_*.cpp files: the Xapian-side pieces shared by writer, reader and query
// parser.
#pragma once

#include "core/base/result.hpp"
#include "core/index/schema.hpp"
#include "core/index/store.hpp"
#include "core/index/term_set.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lkmine::store_detail {

// Everything a document's data holds; the thread id lives in a value slot, not here, so a
// thread merge rewrites terms and values only.
struct DocRecord {
    MailSummary summary;
    std::string in_reply_to;
    std::vector<std::string> references;
    std::string content_hash; // sha1 hex of what makes two copies "the same mail"
    std::vector<std::string> other_copies;
    std::string origin; // where the kept copy came from
    std::string raw;    // empty when kept in a git epoch (store_raw.cpp)
};

std::string encode_record(const DocRecord& rec);
// Metadata "problems:<source key>": one "key\tmessage" line per unreadable mail.
inline constexpr const char* kProblemsPrefix = "problems:";
std::string encode_problems(const std::vector<SourceProblem>& problems);
std::vector<SourceProblem> decode_problems(std::string_view text);
// Whether a mail read from `o` keeps its bytes in git (a public-inbox blob) instead of the index.
bool raw_kept_in_git(const Origin& o);
// Fills rec.raw from the epoch blob named by rec.origin when the index did not store it;
// an error names the archive that cannot be read.
Status load_raw(DocRecord& rec);
// False when the data is not a record of ours (or truncated). With `with_raw` false the raw
// bytes are not copied.
bool decode_record(std::string_view data, DocRecord& rec, bool with_raw = true);
// A mail's result line (value slot::line): the date as 8 bytes that sort as dates do, then the
// summary and thread id, so a newest-first sort on it hands each match's line back with the
// match (MSetIterator::get_sort_key), also from a remote shard, without reading the document.
std::string encode_line(const MailSummary& m);
bool decode_line(std::string_view line, MailSummary& m);
// Sets the document's data to `rec` and, for a mail, its result line (with the thread id of
// its slot::thread).
void set_record(Xapian::Document& doc, const DocRecord& rec);

// "Q<msgid>", hashing ids too long for a Xapian term.
std::string id_term(std::string_view msgid);
// A later mail reusing a Message-ID with other content is a mail document of its own, a "copy"
// (Tmail, flag Kcopy; the first keeps Q<msgid> and gets Kduplicate-differs):
//   key    XCOPY<sha1 of id NUL content hash>: unique, so a re-delivery or a replay after a
//          kill finds it and adds nothing
//   id     XCOPYOF<msgid> (hashed like Q when too long): m: matches it too
//   thread G and the thread value of the first (`thread` lists a copy right after it; replies
//          hang under the first)
// A recovered (flattened) mail is never a copy: it is a worse reading of the same mail.
std::string copy_key_term(std::string_view msgid, std::string_view content_hash);
std::string copy_of_term(std::string_view msgid);
inline constexpr const char* kCopyFlag = "copy";
inline constexpr const char* kCopyKeyPrefix = prefix_of("copy-key");
inline constexpr const char* kCopyOfPrefix = prefix_of("copy-of");
// Adds `prefix + word` unless it passes the term length limit.
void add_term(Xapian::Document& doc, std::string_view prefix, std::string_view word);
void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value);

// The hand tokenizer used for every non-positional text prefix, at index and query time:
// words are runs of ASCII letters, digits, '_' and any non-ASCII byte; ASCII is lowercased;
// words longer than 64 bytes are skipped.
template <typename F> void for_each_word(std::string_view text, F&& f) {
    std::string word;
    auto flush = [&] {
        if (!word.empty() && word.size() <= 64) f(std::string_view(word));
        word.clear();
    };
    for (unsigned char ch : text) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80)
            word += static_cast<char>(ch);
        else if (ch >= 'A' && ch <= 'Z')
            word += static_cast<char>(ch - 'A' + 'a');
        else
            flush();
    }
    flush();
}

// The English (Porter2) stem of a lowercase word, as Xapian::Stem("english"); thread-safe.
std::string english_stem(std::string_view word);
// Whether a word gets a stem term: it starts with a letter (TermGenerator's STEM_SOME rule).
inline bool stems_word(std::string_view w) {
    unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
    return (c >= 'a' && c <= 'z') || c >= 0x80;
}

std::string lowercase_ascii(std::string_view s);
std::string thread_term(std::string_view thread_id);

// Builds a mail document (everything but the thread term and value).
Xapian::Document build_mail_document(const Message& msg, const DocRecord& rec, std::size_t raw_size,
                                     Xapian::TermGenerator& tg);
Xapian::Document build_ghost_document(std::string_view msgid);
// The thread term and value, and the thread id in the result line.
void set_thread(Xapian::Document& doc, std::string_view thread_id);
std::string content_hash(const Message& msg);
std::string origin_text(const Origin& o);

// The one translation of Xapian's exceptions into lkmine errors: "<what>: <why>"; a writer lock
// held by another process is ErrorCode::locked with a hint naming `dir`, a damaged or
// unreadable database ErrorCode::io with a hint saying what to run. `dir` may be empty (unknown).
inline Error xapian_error(const std::string& what, const std::string& dir, const Xapian::Error& e) {
    const std::string_view type = e.get_type(); // Xapian::Error is not polymorphic
    if (type == "DatabaseLockError")
        return make_error("index at " + dir + " is locked", ErrorCode::locked,
                          "another lkmine index is running on " + dir);
    if (type == "DatabaseCorruptError")
        return make_error(what + ": " + e.get_description(), ErrorCode::io,
                          "`lkmine check" + (dir.empty() ? "" : " --db " + dir) +
                              "` names the damaged shard");
    if (type == "DatabaseVersionError")
        return make_error(what + ": " + e.get_description(), ErrorCode::io,
                          "written by another Xapian version: index again into a new --db");
    return make_error(what + ": " + e.get_description());
}

// The helper for opening and writing the index at `dir`: runs `f` (returning Status or
// Result<T>) and turns what it throws into xapian_error(what, dir, ...).
template <typename F>
auto xapian_guard(const std::string& what, const std::string& dir, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Xapian::Error& e) {
        return xapian_error(what, dir, e);
    } catch (const std::exception& e) {
        return make_error(what + ": " + e.what());
    }
}

// xapian_guard for a write of the index at `dir`: errors read "<failure> <dir>: <why>".
template <typename F>
Status guard_index_writes(const std::string& dir, std::string_view failure, F&& f) {
    return xapian_guard(std::string(failure) + " " + dir, dir, std::forward<F>(f));
}

// The helper for reading `db` (of the index at `dir`), which a writer may commit to meanwhile:
// xapian_guard, but a DatabaseModifiedError reopens `db` and runs `f` again, three times at
// most, so `f` must start from scratch each time.
template <typename F>
auto xapian_read(const std::string& what, const std::string& dir, Xapian::Database& db, F&& f)
    -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt >= 3) return xapian_error(what, dir, e);
            if (Status st = xapian_guard(what, dir, [&] { return db.reopen(), ok_status(); }); !st)
                return st.error_info();
        } catch (const Xapian::Error& e) {
            return xapian_error(what, dir, e);
        } catch (const std::exception& e) {
            return make_error(what + ": " + e.what());
        }
    }
}

// The user query language (schema.hpp) to a Xapian query, or an error naming the problem.
// `now` is the reference for relative dates. With `date_terms` (the index has the date terms
// on every dated document) a d:/dt: range is driven by those terms. With `stems_from`, unquoted
// lowercase words of s:, b:, bs:, nq:, q: and bare words match every word of that database
// sharing their English stem (expand_stems); without, words match as written.
// `stem_tables`, when given, says where those siblings are read (its db is `stems_from`).
// With `check_phrases` (local shards only: the check runs in this process), a phrase over
// quoted text or diff lines (b:"a b", q:"a b", a bare "a b") matches the mails holding its
// words in a row, checked on each candidate's text (phrase_check.cpp); without, such a phrase
// matches nothing there (those prefixes have no positions).
struct StemSource;
Result<Xapian::Query> parse_query(std::string_view text, std::int64_t now, bool date_terms = false,
                                  const Xapian::Database* stems_from = nullptr,
                                  bool check_phrases = false, StemSource* stem_tables = nullptr);

// Which documents a query searches when it names no type: mails, unless it names a prefix that
// only commits have (upstream:, reverts:, stable:, ref:): then commits. True when the query
// decides itself (type:) or searches commits: its results are not all mails.
bool query_picks_type(std::string_view text);

// Phrases over the prefixes without positions (phrase_check.cpp): one cache per query, so a
// mail is read and parsed once however many prefixes and date windows check it.
struct PhraseCache;
std::shared_ptr<PhraseCache> make_phrase_cache();
bool phrase_checkable(std::string_view term_prefix); // XQUOT, XDFA, XDFB, XDFCTX, XDFHH
// The documents whose `term_prefix` text has `words` (index-tokenized) in a row in one chunk
// (a run of quoted lines, one diff line, one hunk header).
Xapian::Query checked_phrase(const std::string& term_prefix, const std::vector<std::string>& words,
                             const std::shared_ptr<PhraseCache>& cache);

// The term prefixes of free text (s:, b:, bs:, nq:, q:, bare words: schema.hpp) whose words
// match by stem; none is the start of another.
inline constexpr const char* kStemmedPrefixes[] = {
    prefix_of("q"),     prefix_of("nq"),     prefix_of("dfctx"), prefix_of("dfhh"),
    prefix_of("dfpre"), prefix_of("dfpost"), prefix_of("dfa"),   prefix_of("dfb"),
    prefix_of("dfn"),   prefix_of("s")};

// The stemmed prefix `term` starts with ("XQUOTraced" -> "XQUOT"), empty for other terms.
std::string_view stemmed_prefix_of(std::string_view term);

// The stem table (stem_table.cpp, schema 6): each shard lists under one metadata key per
// English stem the words of the stemmed prefixes with that stem ("raced", "races" under
// "race"), so that a query word's siblings are one read per shard (one round trip to a remote
// shard) instead of a walk of the index words per prefix and shard. A word is listed once
// whatever prefixes hold it; tables written before 2026-12 list terms ("XQUOTraced") instead,
// and a table may hold both (stem_siblings reads either).
// The writers note every document they add (StemNotes) and write the notes before each commit.
class StemNotes {
  public:
    void note(const Xapian::Document& doc);
    void flush(Xapian::WritableDatabase& db); // before the commit, on the shard's thread
  private:
    // Words already in the table or pending, kept from one commit to the next so that a word
    // is stemmed and written once per run, not once per commit (forgotten past a bound: a word
    // noted again is merged into its entry as before, at the cost of a read).
    TermSet known_;
    std::unordered_map<std::string, std::vector<std::string>> pending_; // stem -> new words
};
// Metadata key, "1" when every document of the shard was noted in its stem table (set when
// the index is created; an older index lacks the table and its stems are walked).
std::string stem_table_key();
// Whether `stem` has an entry (a key too long for Xapian has none: that stem is walked).
bool stem_in_table(std::string_view stem);
// The entries of `shard`'s table with that stem (words, or terms of an older table), sorted.
std::vector<std::string> stem_table_terms(const Xapian::Database& shard, std::string_view stem);

// Where a query's stemmed words find their siblings: the stem table of each shard when every
// shard keeps one (one read per stem and shard, the shards read in parallel when `parallel`),
// else walks of the words of `db`. Each stem is read once per query.
struct StemSource {
    const Xapian::Database* db = nullptr;                  // every shard, as one
    const std::vector<Xapian::Database>* tables = nullptr; // each shard, when all keep the table
    bool parallel = false;                                 // remote shards: read them at once
    std::map<std::string, std::vector<std::string>> read;  // stem -> terms of every table
};
// Replaces each stemmed term ("Z" + S/XNQ/XQUOT + stem, as Xapian's parser writes them) by the
// synonym of the index words with that stem ("races", "raced", "KASan's" for "race"/"kasan"):
// the index holds words only, stems are found at query time (stems.cpp).
Xapian::Query expand_stems(const Xapian::Query& q, StemSource& from);
// The index words with `prefix` whose English stem is `stem`, as one synonym (MatchNothing
// when there is none).
Xapian::Query stem_siblings(const std::string& prefix, const std::string& stem, StemSource& from);
// Index words a stem expansion looks at, at most (a 2-letter start on 1M mails: a few thousand).
inline constexpr std::size_t kMaxStemWalk = 20000;

// Date terms of dated documents (store_date_terms.cpp): year, month and day, UTC. Days count
// from 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d); // store_dates.cpp
std::int64_t day_number(std::int64_t epoch);
void add_date_terms(Xapian::Document& doc, std::int64_t epoch);
// Documents dated in days [first, last]: whole years and months where they fit, days at the
// ragged ends.
Xapian::Query days_query(std::int64_t first, std::int64_t last);
// d: (whole days: lo's day to hi's day) or dt: (`exact`, to the second) through the terms;
// without has_hi the range is open at the end.
Xapian::Query date_range_query(std::int64_t lo, std::int64_t hi, bool has_hi, bool exact);
// "XGEN<hex generation>": on every document the writer writes or rewrites, the generation of
// the commit holding that write.
inline constexpr const char* kGenerationTerm = prefix_of("generation");
std::string generation_term(std::uint64_t generation);

// Metadata "lkmine:schema": the schema version (schema.hpp) of the oldest writer; 0 when the
// index predates versions.
inline constexpr const char* kSchemaKey = "lkmine:schema";
int schema_of(const Xapian::Database& db);

// Metadata key, "1" when every dated document of the index carries the terms (set when the
// index is created; an older index lacks them and is searched without).
std::string date_terms_key();
// A date bound for d:/dt:; false when `text` is not a date. `end` picks the last second of
// the period written (a day for YYYYMMDD).
bool parse_date_bound(std::string_view text, bool end, std::int64_t now, std::int64_t& out);

// One shard as the stub file (or the shardN directories when there is none) names it.
struct ShardSpec {
    bool remote = false;
    std::string where; // HOST:PORT of a remote shard, else the shard's path
};
std::vector<ShardSpec> shard_specs(const std::string& dir);
// Opens one shard; a remote one with `timeout_ms` on connect and every operation. Throws
// Xapian errors.
Xapian::Database open_shard(const ShardSpec& spec, unsigned timeout_ms);
// Why a shard failed, short: "connection refused", "timed out after 500 ms".
std::string shard_error(const Xapian::Error& e, unsigned timeout_ms);
// A shard opened (open_shard) or why not, short (shard_error): a shard that does not answer
// is reported by the caller, which searches the others.
Result<Xapian::Database> reach_shard(const ShardSpec& spec, unsigned timeout_ms);
// Opens every shard under dir as one database (through the stub file DIR/XAPIANDB when
// there is one, which can list remote shards); throws Xapian errors, also when one shard
// does not answer.
Xapian::Database open_shards(const std::string& dir);
// The shards of `dir` that answer, as one database; `health` names the others. Fails when none
// answers, or when one does not and options.require_all is set. `each`, when given, receives
// every shard that answered (sharing the database's connections).
Result<Xapian::Database> open_reachable(const std::string& dir, const ReaderOptions& options,
                                        ShardHealth& health,
                                        std::vector<Xapian::Database>* each = nullptr);
std::string stub_path(const std::string& dir);
// The database a StoreReader searches (for StoreReader members defined in other files).
Xapian::Database& reader_database(ReaderImpl& r);
std::string shard_path(const std::string& dir, int n);

// Metadata "lkmine:shards": the shard count, written into every shard at each commit.
inline constexpr const char* kShardCountKey = "lkmine:shards";
// Metadata "lkmine:generation": commits of the index so far (hex), the same in every shard
// but after a kill between two shards' commits.
inline constexpr const char* kGenerationKey = "lkmine:generation";
// Metadata "lkmine:documents": the shard's document count at its last commit (decimal), set
// by every writer (the store, the syzbot and link stages) just before it commits.
inline constexpr const char* kDocumentsKey = "lkmine:documents";
inline void record_document_count(Xapian::WritableDatabase& db) {
    db.set_metadata(kDocumentsKey, std::to_string(db.get_doccount()));
}
inline void commit_counted(Xapian::WritableDatabase& db) {
    record_document_count(db);
    db.commit();
}
// Before an index is opened (layout.cpp): fails when a shard its metadata declares (or one
// below the highest present) is missing, when `dir` or a shard is another program's Xapian
// database, and, `for_writing`, when the directory or a shard cannot be written (read-only).
Status check_layout(const std::string& dir, bool for_writing);
// Numbers N of the DIR/shardN directories.
std::set<int> shard_numbers(const std::string& dir);
// The largest shard count the `present` shards' metadata declares (0: none says).
int declared_shards(const std::string& dir, const std::set<int>& present);

} // namespace lkmine::store_detail
