// StoreReader: search, threads and stored mails from every shard, reopening when a writer moves on.
#include "core/index/copies.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/model/thread.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace lkmine {
namespace store_detail {

struct ReaderImpl {
    std::string dir;
    ReaderOptions options;
    ShardHealth health;
    bool remote = false; // some shard is remote
    Xapian::Database db;
    std::vector<Xapian::Database> shards; // each shard of db, sharing its connections
    // Read at each opening (a remote shard pays a round trip per metadata read): every dated
    // document has date terms; every mail has its result line (schema 5, in every shard).
    // Every shard keeps a stem table (schema 6): a word's stem-siblings are read, not walked.
    bool dated = false, lines = false, stem_tables = false;
    // Bounds of the date slot (serialised, "" without dates), read by the first search after
    // each opening (a round trip per shard and bound on remote shards).
    std::optional<std::pair<std::string, std::string>> date_bounds;

    // Opens the shards that answer now (a lost one may be back, another may be gone).
    Status open_shards() {
        auto opened = open_reachable(dir, options, health, &shards);
        remote = false;
        for (const auto& spec : shard_specs(dir))
            remote = remote || spec.remote;
        if (!opened) return opened.error_info();
        db = std::move(*opened);
        read_flags();
        return ok_status();
    }

    void read_flags() {
        dated = date_terms();
        date_bounds.reset();
        lines = stem_tables = !shards.empty();
        for (const auto& s : shards) {
            lines = lines && schema_of(s) >= 5;
            stem_tables = stem_tables && s.get_metadata(stem_table_key()) == "1";
        }
    }

    // Runs f, reopening the database when a writer committed meanwhile, and without a shard
    // that stopped answering (killed, or its network gone) when another still answers: the
    // reader's own xapian_read (detail/xapian.hpp), which cannot reopen shards.
    template <typename F> auto retry(const std::string& what, F&& f) -> decltype(f()) {
        for (int attempt = 0;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt >= 3) return xapian_error(what, dir, e);
                db.reopen();
                read_flags();
            } catch (const Xapian::NetworkError& e) {
                if (attempt >= 2) return xapian_error(what, dir, e);
                if (auto st = open_shards(); !st) return make_error(what + ": " + st.error());
            } catch (const Xapian::Error& e) {
                return xapian_error(what, dir, e);
            }
        }
    }

    const std::pair<std::string, std::string>& dates() {
        if (!date_bounds)
            date_bounds.emplace(db.get_value_lower_bound(slot::date),
                                db.get_value_upper_bound(slot::date));
        return *date_bounds;
    }

    // Every dated document carries the date terms (schema.hpp): newest-first windows and d:
    // ranges may use them.
    bool date_terms() { return db.get_metadata(date_terms_key()) == "1"; }

    // The mail `msgid`, else its ghost. Indexes built apart (remote shards of other hosts)
    // may each hold it, one as a mail and another as a ghost of a reply's reference.
    Xapian::docid find(const std::string& msgid) {
        auto t = id_term(msgid);
        Xapian::docid ghost = 0;
        for (auto p = db.postlist_begin(t); p != db.postlist_end(t); ++p) {
            DocRecord rec;
            decode_record(db.get_document(*p).get_data(), rec, false);
            if (!rec.summary.ghost) return *p;
            if (!ghost) ghost = *p;
        }
        return ghost;
    }

    MailSummary summary(const Xapian::Document& doc) {
        DocRecord rec;
        decode_record(doc.get_data(), rec, false);
        rec.summary.thread_id = doc.get_value(slot::thread);
        return std::move(rec.summary);
    }
};

} // namespace store_detail

using store_detail::ReaderImpl;

Xapian::Database& store_detail::reader_database(ReaderImpl& r) {
    return r.db;
}

ReaderImpl& store_detail::reader_impl(StoreReader& r) {
    return *r.impl_;
}

StoreReader::StoreReader(std::unique_ptr<ReaderImpl> impl) : impl_(std::move(impl)) {}
StoreReader::StoreReader(StoreReader&&) noexcept = default;
StoreReader& StoreReader::operator=(StoreReader&&) noexcept = default;
StoreReader::~StoreReader() = default;

Result<StoreReader> StoreReader::open(const std::string& dir) {
    return open(dir, default_reader_options());
}

Result<StoreReader> StoreReader::open(const std::string& dir, const ReaderOptions& options) {
    const bool stub = std::filesystem::exists(store_detail::stub_path(dir));
    if (!stub)
        if (Status layout = store_detail::check_layout(dir, false); !layout)
            return layout.error_info();
    if (!stub && !std::filesystem::exists(store_detail::shard_path(dir, 0)))
        return make_error("no index at " + dir, ErrorCode::not_found, "run lkmine index first");
    auto impl = std::make_unique<ReaderImpl>();
    impl->dir = dir;
    impl->options = options;
    auto opened = store_detail::xapian_guard("cannot open index at " + dir, dir,
                                             [&]() -> Status { return impl->open_shards(); });
    if (!opened) return opened.error_info();
    return StoreReader(std::move(impl));
}

ShardHealth StoreReader::health() const {
    return impl_->health;
}

Status StoreReader::reopen() {
    return store_detail::xapian_guard("cannot reopen index at " + impl_->dir, impl_->dir,
                                      [&]() -> Status {
                                          try {
                                              impl_->db.reopen();
                                              impl_->read_flags();
                                          } catch (const Xapian::NetworkError&) {
                                              // Kept inside the guard: a remote shard went
                                              // away, the others answer.
                                              return impl_->open_shards();
                                          }
                                          return ok_status();
                                      });
}

namespace store_detail {
namespace {

// Newest-first search in growing windows of days (a week, then 4x longer each time) ending
// at the newest dated document. When a window alone holds offset + limit matches, they are
// exactly the page the whole archive would give (everything outside is older), and a common
// word on a large archive is sorted among a week's mails instead of all of them. An empty
// optional: the windows ran out (few matches), search everything. A query matching a handful
// of mails pays for a few empty windows (~1 ms on 1M mails); a probe for its match count cost
// more. A query of many terms (OR lists) runs once: each window would repeat all of it.
// Remote shards try one window only (`windows`): each costs a round trip or two per shard,
// while their servers sort a rare word's few matches quickly.
std::optional<Xapian::MSet> newest_first(Xapian::Enquire& enq, ReaderImpl& r,
                                         const Xapian::Query& q, const SearchOptions& options,
                                         SearchPage& page, int windows) {
    if (options.limit == 0 || q.get_length() > kMaxWindowedTerms) return std::nullopt;
    const auto& [lower, upper] = r.dates();
    if (upper.empty() || lower.empty()) return std::nullopt;
    auto newest = day_number(static_cast<std::int64_t>(Xapian::sortable_unserialise(upper)));
    auto oldest = day_number(static_cast<std::int64_t>(Xapian::sortable_unserialise(lower)));
    for (std::int64_t span = 7; newest - span + 1 > oldest && windows-- > 0; span *= 4) {
        enq.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, q, days_query(newest - span + 1, newest)));
        auto mset = enq.get_mset(static_cast<Xapian::doccount>(options.offset),
                                 static_cast<Xapian::doccount>(options.limit));
        if (mset.size() == options.limit) {
            page.days_searched = static_cast<std::size_t>(span);
            // The window's count says nothing of the rest: estimate the whole query.
            enq.set_query(q);
            page.estimated_total = enq.get_mset(0, 0).get_matches_estimated();
            return mset;
        }
    }
    return std::nullopt;
}

// Threads a query touches: Xapian estimates collapsed counts badly (about 1000 for 207), so
// they are counted: one match per thread, up to kExactThreadCount (exact below it).
void count_threads(Xapian::Enquire& enq, const Xapian::Query& q, SearchPage& page) {
    enq.set_query(q);
    auto n = static_cast<Xapian::doccount>(kExactThreadCount);
    auto all = enq.get_mset(0, n, n);
    page.estimated_total = all.size();
    page.count = all.size() < n ? SearchPage::Count::exact : SearchPage::Count::at_least;
}

} // namespace
} // namespace store_detail

Result<SearchPage> StoreReader::search(std::string_view query, const SearchOptions& options) {
    auto& r = *impl_;
    return r.retry("search failed", [&]() -> Result<SearchPage> {
        bool date_terms = r.dated;
        // Newest first, each match's result line comes with it (its sort key): no document
        // read per result. Not for queries that match documents other than mails.
        bool lines = r.lines && options.sort == SearchOptions::Sort::date &&
                     !store_detail::query_picks_type(query);
        // Free-text words match their stem-siblings, found in the index at query time (the
        // index holds no stem terms: schema.hpp).
        store_detail::StemSource stems;
        stems.db = &r.db;
        if (r.stem_tables) stems.tables = &r.shards;
        stems.parallel = r.remote;
        auto q = store_detail::parse_query(query, static_cast<std::int64_t>(std::time(nullptr)),
                                           date_terms, &r.db, !r.remote, &stems);
        if (!q) return make_error(q.error());
        Xapian::Enquire enq(r.db);
        enq.set_query(*q);
        if (options.threads) enq.set_collapse_key(slot::thread);
        std::optional<Xapian::MSet> mset;
        SearchPage page;
        // Sorted by date, relevance would only break ties of the same second: not worth
        // scoring every match (BM25 was ~40% of a broad query's time on 100k mails).
        if (options.sort == SearchOptions::Sort::date) {
            enq.set_sort_by_value(lines ? slot::line : slot::date, true);
            enq.set_weighting_scheme(Xapian::BoolWeight());
            // Each window costs a remote shard two round trips: one week is tried there (a
            // common word fills it), else its server sorts the whole query. Not without result
            // lines: fetch() below crashes on an Enquire reused (Xapian 1.4.22).
            if (date_terms && (!r.remote || lines))
                mset = store_detail::newest_first(enq, r, *q, options, page, r.remote ? 1 : 64);
        }
        if (!mset) {
            enq.set_query(*q);
            mset = enq.get_mset(static_cast<Xapian::doccount>(options.offset),
                                static_cast<Xapian::doccount>(options.limit));
            page.estimated_total = mset->get_matches_estimated();
        }
        if (options.threads) store_detail::count_threads(enq, *q, page);
        // A page at `offset` proves that many matches, whatever the estimate says.
        page.estimated_total =
            std::max<std::size_t>(page.estimated_total, options.offset + mset->size());
        // Asks for the page's documents together (Xapian 1.4.22 still reads them one round trip
        // each from a remote shard). Only there: after newest_first reused the Enquire for its
        // estimate, fetch() crashes in Xapian 1.4.22 (the windows are off for remote).
        if (r.remote && !lines) mset->fetch();
        for (auto it = mset->begin(); it != mset->end(); ++it) {
            MailSummary m;
            if (lines && store_detail::decode_line(it.get_sort_key(), m))
                page.results.push_back(std::move(m));
            else
                page.results.push_back(r.summary(it.get_document()));
        }
        return page;
    });
}

namespace store_detail {
namespace {

// The documents of thread `tid` and of every thread joined to it through a Message-ID they
// share: indexes built on different hosts number their threads apart, but a reply indexed on
// host B holds a ghost (or a copy) of the mail on host A it answers, under the same Q term.
// Within one index every Q term is in one thread, so this adds nothing there.
// `tid` becomes the smallest thread id joined, the same whichever mail was asked about.
std::vector<DocRecord> joined_thread(ReaderImpl& r, std::string& tid) {
    std::vector<DocRecord> out;
    std::set<std::string> seen_threads{tid};
    std::vector<std::string> todo{tid};
    while (!todo.empty()) {
        auto t = thread_term(todo.back());
        todo.pop_back();
        for (auto p = r.db.postlist_begin(t); p != r.db.postlist_end(t); ++p) {
            DocRecord rec;
            decode_record(r.db.get_document(*p).get_data(), rec, false);
            auto q = id_term(rec.summary.message_id);
            for (auto o = r.db.postlist_begin(q); o != r.db.postlist_end(q); ++o) {
                auto other = r.db.get_document(*o).get_value(slot::thread);
                if (seen_threads.insert(other).second) todo.push_back(other);
            }
            out.push_back(std::move(rec));
        }
    }
    tid = *seen_threads.begin();
    return out;
}

// One record per Message-ID, in first-seen order; a mail replaces a ghost of its id. The
// copies (same id, other content) are moved to `copies`, in indexing order.
void keep_one_per_id(std::vector<DocRecord>& recs,
                     std::map<std::string, std::vector<MailSummary>>& copies) {
    std::map<std::string, std::size_t> at;
    std::vector<DocRecord> out;
    for (auto& rec : recs) {
        const auto& f = rec.summary.flags;
        if (std::find(f.begin(), f.end(), kCopyFlag) != f.end()) {
            copies[rec.summary.message_id].push_back(std::move(rec.summary));
            continue;
        }
        auto [it, fresh] = at.emplace(rec.summary.message_id, out.size());
        if (fresh)
            out.push_back(std::move(rec));
        else if (out[it->second].summary.ghost && !rec.summary.ghost)
            out[it->second] = std::move(rec);
    }
    recs = std::move(out);
}

// Each copy goes right after the first mail of its id, at its depth and under its parent,
// flagged "copy" (the thread is the first's: replies hang under it).
void insert_copies(ThreadTree& tree, std::map<std::string, std::vector<MailSummary>>& copies) {
    std::vector<ThreadEntry> out;
    std::vector<int> moved(tree.entries.size(), -1);
    for (std::size_t i = 0; i < tree.entries.size(); ++i) {
        ThreadEntry e = std::move(tree.entries[i]);
        if (e.parent >= 0) e.parent = moved[e.parent];
        moved[i] = static_cast<int>(out.size());
        out.push_back(e);
        auto it = e.mail.ghost ? copies.end() : copies.find(e.mail.message_id);
        if (it == copies.end()) continue;
        for (auto& c : it->second) {
            ThreadEntry ce;
            ce.mail = std::move(c);
            ce.mail.thread_id = tree.thread_id;
            ce.depth = e.depth;
            ce.parent = e.parent;
            out.push_back(std::move(ce));
        }
        copies.erase(it);
    }
    tree.entries = std::move(out);
}

} // namespace
} // namespace store_detail

Result<ThreadTree> StoreReader::thread(const std::string& msgid) {
    auto& r = *impl_;
    return r.retry("cannot read thread", [&]() -> Result<ThreadTree> {
        Xapian::docid id = r.find(msgid);
        if (!id) return make_error("no message <" + msgid + "> in the index");
        ThreadTree tree;
        tree.thread_id = r.db.get_document(id).get_value(slot::thread);
        std::vector<ThreadNode> nodes;
        std::vector<MailSummary> mails;
        auto recs = store_detail::joined_thread(r, tree.thread_id);
        std::map<std::string, std::vector<MailSummary>> copies;
        store_detail::keep_one_per_id(recs, copies);
        for (auto& rec : recs) {
            rec.summary.thread_id = tree.thread_id;
            ThreadNode n;
            n.message_id = rec.summary.message_id;
            n.references = std::move(rec.references);
            n.in_reply_to = std::move(rec.in_reply_to);
            n.date = rec.summary.date.epoch;
            n.ghost = rec.summary.ghost;
            nodes.push_back(std::move(n));
            mails.push_back(std::move(rec.summary));
        }
        for (const auto& line : build_thread(nodes)) {
            ThreadEntry e;
            if (line.node >= 0 && !line.ghost) {
                e.mail = mails[line.node];
            } else {
                e.mail.message_id = line.message_id;
                e.mail.thread_id = tree.thread_id;
                e.mail.ghost = true;
            }
            e.depth = line.depth;
            e.parent = line.parent;
            tree.entries.push_back(std::move(e));
        }
        if (!copies.empty()) store_detail::insert_copies(tree, copies);
        return tree;
    });
}

Result<StoredMail> StoreReader::get(const std::string& msgid) {
    return get_copy(*this, msgid, 1);
}

std::size_t mail_copies(StoreReader& reader, const std::string& msgid) {
    auto& r = store_detail::reader_impl(reader);
    auto n = r.retry("cannot read message", [&]() -> Result<std::size_t> {
        return 1 + r.db.get_termfreq(store_detail::copy_of_term(msgid));
    });
    return n ? *n : 1;
}

Result<StoredMail> get_copy(StoreReader& reader, const std::string& msgid, std::size_t copy) {
    auto& r = store_detail::reader_impl(reader);
    return r.retry("cannot read message", [&]() -> Result<StoredMail> {
        Xapian::docid id = r.find(msgid);
        if (!id) return make_error("no message <" + msgid + "> in the index");
        auto copy_of = store_detail::copy_of_term(msgid);
        std::size_t copies = 1 + r.db.get_termfreq(copy_of);
        if (copy < 1 || copy > copies)
            return make_error("<" + msgid + "> has " + std::to_string(copies) +
                              (copies == 1 ? " mail" : " different mails") + ", not a copy " +
                              std::to_string(copy));
        if (copy > 1) {
            auto p = r.db.postlist_begin(copy_of);
            for (std::size_t i = 2; i < copy; ++i)
                ++p;
            id = *p;
        }
        auto doc = r.db.get_document(id);
        store_detail::DocRecord rec;
        if (!store_detail::decode_record(doc.get_data(), rec))
            return make_error("message <" + msgid + "> has unreadable data");
        if (auto st = store_detail::load_raw(rec); !st) return make_error(st.error());
        StoredMail m;
        m.summary = std::move(rec.summary);
        m.summary.thread_id = doc.get_value(slot::thread);
        m.raw = std::move(rec.raw);
        m.origin = std::move(rec.origin);
        m.other_copies = std::move(rec.other_copies);
        m.in_reply_to = std::move(rec.in_reply_to);
        m.references = std::move(rec.references);
        return m;
    });
}

StoreStats StoreReader::stats() {
    auto& r = *impl_;
    auto res = r.retry("stats", [&]() -> Result<StoreStats> {
        StoreStats s;
        s.mails = r.db.get_termfreq("Tmail");
        s.ghosts = r.db.get_termfreq("Tghost");
        s.duplicates = r.db.get_termfreq("Kduplicate-differs");
        s.truncated = r.db.get_termfreq("Ktruncated");
        for (auto t = r.db.allterms_begin(term::thread); t != r.db.allterms_end(term::thread); ++t)
            ++s.threads;
        const std::string prefix = "source:";
        for (auto k = r.db.metadata_keys_begin(prefix); k != r.db.metadata_keys_end(prefix); ++k)
            s.sources.emplace_back((*k).substr(prefix.size()), r.db.get_metadata(*k));
        const std::string problems = store_detail::kProblemsPrefix;
        for (auto k = r.db.metadata_keys_begin(problems); k != r.db.metadata_keys_end(problems);
             ++k) {
            auto list = store_detail::decode_problems(r.db.get_metadata(*k));
            if (!list.empty()) s.problems.emplace_back((*k).substr(problems.size()), list);
        }
        std::error_code ec;
        for (const auto& e : std::filesystem::recursive_directory_iterator(r.dir, ec))
            if (e.is_regular_file(ec)) s.bytes += e.file_size(ec);
        s.shards = list_shards(r.dir);
        s.date_terms = r.date_terms();
        s.schema = store_detail::schema_of(r.db);
        return s;
    });
    return res ? *res : StoreStats{};
}

} // namespace lkmine
