// StoreWriter: adds mails to the Xapian index with ghost-based threading, thread merges and dedup.
#include "core/base/sha1.hpp"
#include "core/index/detail/shard.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/index/mail_text.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace lkmine {
namespace store_detail {

// Bounds ghost creation from one mail; the same bound as the thread builder's (model/thread.cpp),
// so every missing mail `thread` shows is a ghost document and is counted (io-uring has mails
// naming 40+ earlier ones).
constexpr std::size_t kMaxRefs = 512;
// Heap the msgid -> thread cache may hold when a commit comes. An entry costs ~150 bytes (a
// lore Message-ID is ~45), so 32 MB keep the ids of the last ~200k mails and ghosts, which new
// replies mostly reference; older ones cost one lookup in the committed index. A bound of 1M
// entries let the cache grow with the corpus to ~150 MB.
constexpr std::size_t kCacheBytes = std::size_t(32) << 20;
constexpr std::size_t kEntryBytes = 96; // hash node, bucket and malloc overhead besides the id
constexpr const char* kNextThread = "lkmine:next-thread";
constexpr const char* kSourcePrefix = "source:";

using ThreadId = std::uint64_t;

std::string thread_text(ThreadId t) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(t));
    return buf;
}

ThreadId parse_hex(const std::string& s) {
    return s.empty() ? 0 : std::strtoull(s.c_str(), nullptr, 16);
}

std::string generation_term(std::uint64_t generation) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%llx", kGenerationTerm,
                  static_cast<unsigned long long>(generation));
    return buf;
}

// FNV-1a: stable across runs and builds, unlike std::hash, so a Message-ID always maps to the
// same shard.
unsigned shard_index(std::string_view msgid, std::size_t shards) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : msgid)
        h = (h ^ c) * 1099511628211ULL;
    return static_cast<unsigned>(h % shards);
}

struct PreparedImpl {
    DocRecord rec; // without the raw bytes, which are in doc's data
    Xapian::Document doc;
    std::vector<std::string> related; // ids that join this mail's thread
    bool recovered = false;
};

struct Known {
    ThreadId thread = 0;
    bool mail = false; // false: a ghost
};

// The single thread authority: it owns the msgid -> thread map and decides threads, ghosts and
// merges in arrival order; the documents themselves are written by one ShardWriter thread per
// shard. A Message-ID (mail or ghost) always lives in shard fnv1a(id) % N.
struct WriterImpl {
    std::string dir;
    // Declared before `shards`, so destroyed after them: a shard's thread may still be running
    // queued adds (which note into these) until its ShardWriter is destroyed and joined.
    std::vector<std::unique_ptr<StemNotes>> notes; // per shard, used on that shard's thread
    std::vector<std::unique_ptr<ShardWriter>> shards;
    Xapian::Database view; // committed state of every local shard, for ids not in `known`
    std::unordered_map<std::string, Known> known;  // every id written since `view` was opened
    std::unordered_map<ThreadId, ThreadId> merged; // thread -> thread it merged into
    std::size_t known_bytes = 0;                   // heap held by `known`, estimated
    bool cache_complete = false; // every id in the index is in `known`: misses need no lookup
    bool date_terms = false;     // every dated document has date terms (schema.hpp)
    bool stem_table = false;     // every document is noted in its shard's stem table
    int schema = kSchemaVersion; // the oldest schema of any document in the index
    ThreadId next_thread = 1;
    std::uint64_t generation = 0; // commits so far, recorded in every shard
    std::map<std::string, std::string> states;
    std::map<std::string, std::string> problems; // source key -> encoded list ("" once cleared)
    std::size_t pending = 0;

    // Every document written or rewritten carries the generation of the commit that will hold
    // it, so the syzbot stage can find what changed since it last ran (generation_term()).
    std::string gen_term() const { return generation_term(generation + 1); }

    void remember(const std::string& msgid, Known k) {
        if (known.insert_or_assign(msgid, k).second) known_bytes += kEntryBytes + msgid.size();
    }

    ShardWriter& shard_of(std::string_view msgid) {
        return *shards[shard_index(msgid, shards.size())];
    }
    // The stem notes of msgid's shard, or nullptr when the index keeps no stem table.
    StemNotes* notes_of(std::string_view msgid) {
        return stem_table ? notes[shard_index(msgid, shards.size())].get() : nullptr;
    }

    std::string failure() const {
        for (const auto& s : shards)
            if (auto e = s->error(); !e.empty()) return e;
        return {};
    }

    ThreadId resolve(ThreadId tid) const {
        for (int i = 0; i < 64; ++i) {
            auto it = merged.find(tid);
            if (it == merged.end()) break;
            tid = it->second;
        }
        return tid;
    }

    // What the index holds under `msgid`: from `known`, else from the committed view.
    std::optional<Known> lookup(const std::string& msgid) {
        if (auto it = known.find(msgid); it != known.end()) return it->second;
        if (cache_complete) return std::nullopt;
        auto t = id_term(msgid);
        auto p = view.postlist_begin(t);
        if (p == view.postlist_end(t)) return std::nullopt;
        auto doc = view.get_document(*p);
        Known k{parse_hex(doc.get_value(slot::thread)), false};
        auto tl = doc.termlist_begin();
        tl.skip_to("Tmail");
        k.mail = tl != doc.termlist_end() && *tl == "Tmail";
        remember(msgid, k);
        return k;
    }

    ThreadId thread_for(const std::string& msgid) {
        auto k = lookup(msgid);
        return k ? resolve(k->thread) : 0;
    }

    // Every shard rewrites its documents of `from`, after the documents queued before.
    void merge(ThreadId from, ThreadId to) {
        std::string from_term = thread_term(thread_text(from)), to_text = thread_text(to);
        for (auto& s : shards)
            s->post([from_term, to_text, gen = gen_term()](Xapian::WritableDatabase& db) {
                std::vector<Xapian::docid> ids;
                for (auto p = db.postlist_begin(from_term); p != db.postlist_end(from_term); ++p)
                    ids.push_back(*p);
                for (auto id : ids) {
                    auto doc = db.get_document(id);
                    set_thread(doc, to_text);
                    doc.add_boolean_term(gen);
                    db.replace_document(id, doc);
                }
            });
        merged[from] = to;
        ++pending;
    }

    // Joins every thread the mail touches into one (the oldest keeps its id, so the result
    // does not depend on the shard count) and creates ghosts for referenced ids never seen.
    ThreadId join_threads(const std::string& own, const std::vector<std::string>& related) {
        std::vector<ThreadId> tids;
        std::vector<std::string> missing;
        if (auto t = thread_for(own)) tids.push_back(t);
        for (const auto& r : related) {
            auto t = thread_for(r);
            if (!t)
                missing.push_back(r);
            else if (std::find(tids.begin(), tids.end(), t) == tids.end())
                tids.push_back(t);
        }
        ThreadId target =
            tids.empty() ? next_thread++ : *std::min_element(tids.begin(), tids.end());
        for (auto t : tids)
            if (t != target) merge(t, target);
        for (const auto& m : missing) {
            auto doc = std::make_shared<Xapian::Document>(build_ghost_document(m));
            set_thread(*doc, thread_text(target));
            doc->add_boolean_term(gen_term());
            shard_of(m).post([doc](Xapian::WritableDatabase& db) { db.add_document(*doc); });
            remember(m, Known{target, false});
            ++pending;
        }
        return target;
    }
};

namespace {

std::vector<std::string> related_ids(const Message& msg, const std::string& own) {
    std::vector<std::string> out;
    auto push = [&](const std::string& id) {
        if (!id.empty() && id != own && std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    };
    const auto& refs = msg.references;
    if (!refs.empty()) push(refs.front());
    for (std::size_t i = refs.size() > kMaxRefs ? refs.size() - kMaxRefs : 1; i < refs.size(); ++i)
        push(refs[i]);
    push(msg.in_reply_to);
    return out;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

bool has_flag(const MailSummary& m, std::string_view f) {
    return std::find(m.flags.begin(), m.flags.end(), f) != m.flags.end();
}

DocRecord record_of(const Message& msg, std::string_view raw, const std::vector<std::string>& lists,
                    std::string hash) {
    DocRecord rec;
    MailSummary& m = rec.summary;
    m.message_id = msg.message_id;
    if (m.message_id.empty()) {
        m.message_id = "lkmine-" + hash + "@noid";
        m.flags.push_back("no-message-id");
    }
    m.subject = msg.subject;
    m.date_text = msg.date_text;
    m.from = msg.from;
    m.date = msg.date;
    for (const auto& l : msg.list_ids)
        add_unique(m.lists, lowercase_ascii(l));
    for (const auto& l : lists)
        add_unique(m.lists, lowercase_ascii(l));
    m.subject_info = msg.subject_info;
    m.patches = static_cast<int>(msg.patches.size());
    if (msg.recovered) m.flags.push_back("recovered");
    if (!msg.warnings.empty()) m.flags.push_back("has-warnings");
    for (const auto& w : msg.warnings)
        if (w.kind == "truncated" && !has_flag(m, "truncated")) m.flags.push_back("truncated");
    if (!msg.patches.empty()) m.flags.push_back("patch");
    rec.in_reply_to = msg.in_reply_to;
    rec.references = msg.references;
    rec.content_hash = std::move(hash);
    rec.origin = origin_text(msg.origin);
    // A cut mail keeps its cut bytes: what `show` and `export` give is what was indexed, not
    // the whole blob read again from git.
    if (!raw_kept_in_git(msg.origin) || has_flag(m, "truncated")) rec.raw = std::string(raw);
    return rec;
}

} // namespace

// Runs on the shard thread: a mail whose Message-ID has a mail document with other content
// becomes a document of its own (a copy, schema.hpp) in the first's thread, unless the same
// copy is indexed already (a re-delivery, or a replay after a kill). True when it was added.
static bool add_other_content(Xapian::WritableDatabase& db, PreparedImpl& p, const std::string& tid,
                              const std::string& gen) {
    const std::string& msgid = p.rec.summary.message_id;
    auto key = copy_key_term(msgid, p.rec.content_hash);
    if (db.term_exists(key)) return false;
    DocRecord rec;
    decode_record(p.doc.get_data(), rec);
    rec.summary.flags.push_back(kCopyFlag);
    Xapian::Document& doc = p.doc;
    set_record(doc, rec);
    doc.remove_term(id_term(msgid));
    doc.add_boolean_term(key);
    doc.add_boolean_term(copy_of_term(msgid));
    add_boolean(doc, term::flag, kCopyFlag);
    set_thread(doc, tid);
    doc.add_boolean_term(gen);
    db.add_document(doc);
    return true;
}

// Runs on the shard thread: dedup of a mail whose Message-ID already has a mail document.
static AddOutcome add_copy(Xapian::WritableDatabase& db, PreparedImpl& p, const std::string& gen) {
    DocRecord& rec = p.rec;
    auto key = id_term(rec.summary.message_id);
    auto pl = db.postlist_begin(key);
    if (pl == db.postlist_end(key)) { // cannot happen while the authority is right; stay safe
        db.add_document(p.doc);
        return AddOutcome::added;
    }
    Xapian::docid id = *pl;
    auto doc = db.get_document(id);
    DocRecord old;
    decode_record(doc.get_data(), old);
    std::string tid = doc.get_value(slot::thread);

    if (has_flag(old.summary, "recovered") && !p.recovered) {
        DocRecord fresh;
        decode_record(p.doc.get_data(), fresh);
        fresh.other_copies = std::move(old.other_copies);
        fresh.other_copies.push_back(old.origin);
        for (const auto& l : old.summary.lists)
            if (std::find(fresh.summary.lists.begin(), fresh.summary.lists.end(), l) ==
                fresh.summary.lists.end()) {
                fresh.summary.lists.push_back(l);
                add_boolean(p.doc, term::list, l);
            }
        set_record(p.doc, fresh);
        set_thread(p.doc, tid);
        p.doc.add_boolean_term(gen);
        db.replace_document(id, p.doc);
        return AddOutcome::replaced_recovered;
    }
    bool same = old.content_hash == rec.content_hash;
    bool changed = false;
    for (const auto& l : rec.summary.lists) {
        if (std::find(old.summary.lists.begin(), old.summary.lists.end(), l) !=
            old.summary.lists.end())
            continue;
        old.summary.lists.push_back(l);
        add_boolean(doc, term::list, l);
        changed = true;
    }
    // A recovered (flattened) mail is a worse reading of the same mail, not another one.
    if (!same && !p.recovered && !add_other_content(db, p, tid, gen))
        same = true; // that copy is indexed already
    if (!same) {
        if (!has_flag(old.summary, "duplicate-differs")) {
            old.summary.flags.push_back("duplicate-differs");
            add_boolean(doc, term::flag, "duplicate-differs");
        }
        add_unique(old.other_copies, rec.origin.empty() ? "(unknown origin)" : rec.origin);
        changed = true;
    }
    if (changed) {
        set_record(doc, old);
        doc.add_boolean_term(gen);
        db.replace_document(id, doc);
    }
    return same ? AddOutcome::duplicate_same : AddOutcome::duplicate_different;
}

// A mail already in the index (a cross-post, or a replay after a crash) still runs thread
// joining, so a replay recreates ghosts and merges that a lost shard commit dropped.
static Result<AddOutcome> add_prepared(WriterImpl& w, std::shared_ptr<PreparedImpl> p) {
    if (auto f = w.failure(); !f.empty()) return make_error(f);
    const std::string own = p->rec.summary.message_id;
    auto known = w.lookup(own);
    ThreadId tid = w.join_threads(own, p->related);
    w.remember(own, Known{tid, true});
    ++w.pending;
    auto& shard = w.shard_of(own);
    // Noted whatever becomes of the document: a term noted but not written only costs a
    // query a term that matches nothing.
    StemNotes* notes = w.notes_of(own);
    if (known && known->mail)
        return shard.call([p, notes, gen = w.gen_term()](Xapian::WritableDatabase& db) {
            if (notes) notes->note(p->doc);
            return add_copy(db, *p, gen);
        });
    set_thread(p->doc, thread_text(tid));
    p->doc.add_boolean_term(w.gen_term());
    // A ghost turning real keeps its docid.
    shard.post(
        [p, notes, ghost = known ? id_term(own) : std::string()](Xapian::WritableDatabase& db) {
            if (notes) notes->note(p->doc);
            if (ghost.empty())
                db.add_document(p->doc);
            else
                db.replace_document(ghost, p->doc);
        });
    return AddOutcome::added;
}

} // namespace store_detail

using store_detail::WriterImpl;

std::string store_detail::shard_path(const std::string& dir, int n) {
    return (std::filesystem::path(dir) / ("shard" + std::to_string(n))).string();
}

StoreWriter::StoreWriter(std::unique_ptr<WriterImpl> impl) : impl_(std::move(impl)) {}
StoreWriter::StoreWriter(StoreWriter&&) noexcept = default;
StoreWriter& StoreWriter::operator=(StoreWriter&&) noexcept = default;

StoreWriter::~StoreWriter() = default; // each shard discards its uncommitted work

PreparedDoc::PreparedDoc() = default;
PreparedDoc::PreparedDoc(PreparedDoc&&) noexcept = default;
PreparedDoc& PreparedDoc::operator=(PreparedDoc&&) noexcept = default;
PreparedDoc::~PreparedDoc() = default;
bool PreparedDoc::empty() const {
    return !impl_;
}

namespace {

int existing_shards(const std::string& dir) {
    int n = 0;
    while (std::filesystem::exists(store_detail::shard_path(dir, n)))
        ++n;
    return n;
}

// Reads what the last run committed: the resume point is the lowest generation any shard
// reached (a kill between shard commits leaves some shards one generation ahead; their extra
// mails are re-added and deduplicated by Q<msgid>), and the thread counter is the highest, so
// a replayed mail never reuses an id another shard already gave out.
void load_committed(WriterImpl& w, int n) {
    std::optional<std::uint64_t> min_gen;
    int min_shard = 0;
    for (int i = 0; i < n; ++i) {
        Xapian::Database db(store_detail::shard_path(w.dir, i));
        w.view.add_database(db);
        auto gen = store_detail::parse_hex(db.get_metadata(store_detail::kGenerationKey));
        if (!min_gen || gen < *min_gen) min_gen = gen, min_shard = i;
        w.generation = std::max(w.generation, gen);
        w.next_thread = std::max(
            w.next_thread, store_detail::parse_hex(db.get_metadata(store_detail::kNextThread)));
    }
    Xapian::Database first(store_detail::shard_path(w.dir, min_shard));
    const std::string prefix = store_detail::kSourcePrefix;
    for (auto k = first.metadata_keys_begin(prefix); k != first.metadata_keys_end(prefix); ++k)
        w.states[(*k).substr(prefix.size())] = first.get_metadata(*k);
    const std::string problems = store_detail::kProblemsPrefix;
    for (auto k = first.metadata_keys_begin(problems); k != first.metadata_keys_end(problems); ++k)
        w.problems[(*k).substr(problems.size())] = first.get_metadata(*k);
    w.cache_complete = w.view.get_doccount() == 0;
    // Only an index whose every document was written with date terms may be searched by them.
    w.date_terms = w.cache_complete || first.get_metadata(store_detail::date_terms_key()) == "1";
    w.schema = w.cache_complete ? kSchemaVersion : store_detail::schema_of(first);
    w.stem_table = w.cache_complete || first.get_metadata(store_detail::stem_table_key()) == "1";
    for (int i = 0; i < n; ++i)
        w.notes.push_back(std::make_unique<store_detail::StemNotes>());
    if (w.next_thread <= 1) {
        // A random top byte range per index keeps thread ids of separately built indexes
        // (remote shards searched together) from colliding.
        std::random_device rd;
        w.next_thread = ((static_cast<std::uint64_t>(rd()) & 0xffffff) << 40) + 1;
    }
}

} // namespace

Result<StoreWriter> StoreWriter::open(const std::string& dir) {
    return open(dir, WriterOptions{});
}

Result<StoreWriter> StoreWriter::open(const std::string& dir, const WriterOptions& options) {
    auto impl = std::make_unique<WriterImpl>();
    impl->dir = dir;
    if (Status layout = store_detail::check_layout(dir, true); !layout) return layout.error_info();
    Status done = store_detail::guard_index_writes(dir, "cannot open index at", [&]() -> Status {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) return make_error("cannot create index directory " + dir + ": " + ec.message());
        int have = existing_shards(dir);
        // Its stub lists no local shard: what this writer wrote would be searched by no one.
        if (!have && std::filesystem::exists(store_detail::stub_path(dir)))
            return make_error("index at " + dir +
                              " holds remote shards only (lkmine shards "
                              "init or add): index on the storage hosts, or into another --db");
        if (have && options.shards && static_cast<int>(options.shards) != have)
            return make_error("index at " + dir + " has " + std::to_string(have) +
                              " shards; the shard count is fixed when the index is created");
        int n = have ? have : std::max(1, static_cast<int>(options.shards));
        impl->shards.resize(n);
        // Created last-to-first: a kill during creation never leaves shard0 without the rest.
        for (int i = n - 1; i >= 0; --i) {
            impl->shards[i] = std::make_unique<store_detail::ShardWriter>();
            impl->shards[i]->open(store_detail::shard_path(dir, i), have == 0);
        }
        load_committed(*impl, n);
        if (impl->schema > kSchemaVersion)
            return make_error("index at " + dir + " was written by a newer lkmine (schema " +
                                  std::to_string(impl->schema) + ", this one knows " +
                                  std::to_string(kSchemaVersion) + ")",
                              ErrorCode::failed, "upgrade lkmine, or index into another --db");
        return ok_status();
    });
    if (!done) return done.error_info();
    return StoreWriter(std::move(impl));
}

unsigned StoreWriter::shard_count() const {
    return static_cast<unsigned>(impl_->shards.size());
}

PreparedDoc StoreWriter::prepare(const Message& msg, std::string_view raw,
                                 const std::vector<std::string>& lists) {
    thread_local Xapian::TermGenerator tg = [] {
        Xapian::TermGenerator t;
        t.set_max_word_length(64);
        // No English stems: as index terms they cost +55% index CPU (docs/BENCHMARKS.md,
        // "Search semantics"); they are expanded at query time instead (stems.cpp).
        return t;
    }();
    PreparedDoc out;
    auto p = std::make_unique<store_detail::PreparedImpl>();
    // A document that cannot be built leaves `out` empty: add() reports it.
    static const std::string what = "cannot build a mail's document";
    Status built = store_detail::xapian_guard(what, "", [&] {
        p->rec = store_detail::record_of(msg, raw, lists, store_detail::content_hash(msg));
        p->related = store_detail::related_ids(msg, p->rec.summary.message_id);
        p->recovered = msg.recovered;
        Message copy; // filled only for a mail with attached text (mail_text.hpp)
        p->doc = store_detail::build_mail_document(store_detail::indexed_text(msg, raw, copy),
                                                   p->rec, raw.size(), tg);
        return ok_status();
    });
    // The document moves to a shard thread: the generator must not keep a reference (Xapian's
    // reference counts are not atomic).
    tg.set_document(Xapian::Document());
    if (built) {
        p->rec.raw = std::string();
        out.impl_ = std::move(p);
    }
    return out;
}

Result<AddOutcome> StoreWriter::add(PreparedDoc&& doc) {
    if (!doc.impl_) return make_error("cannot index a mail: its document could not be built");
    std::shared_ptr<store_detail::PreparedImpl> p(std::move(doc.impl_));
    std::string id = p->rec.summary.message_id;
    auto r = store_detail::xapian_guard("cannot index <" + id + ">", impl_->dir, [&] {
        return store_detail::add_prepared(*impl_, std::move(p));
    });
    // A shard thread that failed dropped the op: its reason is the one to give.
    if (auto f = impl_->failure(); !r && !f.empty())
        return make_error("cannot index <" + id + ">: " + f);
    return r;
}

Result<AddOutcome> StoreWriter::add(const Message& msg, std::string_view raw,
                                    const std::vector<std::string>& lists) {
    return add(prepare(msg, raw, lists));
}

namespace store_detail {
// The mail `own` becomes a ghost in its thread; nothing when the index does not hold it.
static void remove_id(WriterImpl& w, const std::string& own) {
    auto known = w.lookup(own);
    if (!known) return;
    auto tid = w.resolve(known->thread);
    auto ghost = std::make_shared<Xapian::Document>(build_ghost_document(own));
    set_thread(*ghost, thread_text(tid));
    ghost->add_boolean_term(w.gen_term());
    w.shard_of(own).post([ghost, key = id_term(own)](Xapian::WritableDatabase& db) {
        db.replace_document(key, *ghost);
    });
    w.remember(own, Known{tid, false});
    ++w.pending;
}
} // namespace store_detail

Status StoreWriter::remove(const Message& msg) {
    return store_detail::xapian_guard("cannot remove <" + msg.message_id + ">", impl_->dir, [&] {
        std::string own = msg.message_id.empty()
                              ? "lkmine-" + store_detail::content_hash(msg) + "@noid"
                              : msg.message_id;
        store_detail::remove_id(*impl_, own);
        return ok_status();
    });
}

Result<std::size_t> StoreWriter::purge(const std::string& origin_source,
                                       const std::vector<std::string>& live_blobs) {
    auto& w = *impl_;
    auto what = "cannot remove purged mails of " + origin_source;
    return store_detail::xapian_guard(what, w.dir, [&]() -> Result<std::size_t> {
        std::unordered_set<std::string> live(live_blobs.begin(), live_blobs.end());
        std::string prefix = origin_source + ":";
        std::vector<std::string> gone;
        std::vector<std::pair<std::string, std::string>> gone_copies; // id, key term
        const std::string mail = std::string(term::type) + "mail";
        for (auto p = w.view.postlist_begin(mail); p != w.view.postlist_end(mail); ++p) {
            store_detail::DocRecord rec;
            if (!store_detail::decode_record(w.view.get_document(*p).get_data(), rec, false))
                continue;
            if (rec.origin.size() > prefix.size() && rec.origin.starts_with(prefix) &&
                !live.count(rec.origin.substr(prefix.size()))) {
                const auto& id = rec.summary.message_id;
                if (store_detail::has_flag(rec.summary, store_detail::kCopyFlag))
                    gone_copies.emplace_back(id, store_detail::copy_key_term(id, rec.content_hash));
                else
                    gone.push_back(id);
            }
        }
        for (const auto& id : gone)
            store_detail::remove_id(w, id);
        // A purged copy is simply gone: the first mail of its id stays.
        for (const auto& [id, key] : gone_copies) {
            w.shard_of(id).post([key](Xapian::WritableDatabase& db) { db.delete_document(key); });
            ++w.pending;
        }
        return gone.size() + gone_copies.size();
    });
}

std::string StoreWriter::source_state(const std::string& key) const {
    auto it = impl_->states.find(key);
    return it == impl_->states.end() ? std::string() : it->second;
}

void StoreWriter::set_source_state(const std::string& key, const std::string& value) {
    impl_->states[key] = value;
}

std::vector<SourceProblem> StoreWriter::source_problems(const std::string& key) const {
    auto it = impl_->problems.find(key);
    return it == impl_->problems.end() ? std::vector<SourceProblem>()
                                       : store_detail::decode_problems(it->second);
}

// An empty list is kept as "" so the commit removes the key (Xapian deletes empty metadata).
void StoreWriter::set_source_problems(const std::string& key,
                                      const std::vector<SourceProblem>& problems) {
    impl_->problems[key] = store_detail::encode_problems(problems);
}

std::size_t StoreWriter::pending() const {
    return impl_->pending;
}

// Every shard records the same generation, thread counter and source states in its own
// commit; the shards commit in parallel and this returns once all have.
Status StoreWriter::commit() {
    auto& w = *impl_;
    return store_detail::xapian_guard("cannot commit index at " + w.dir, w.dir, [&]() -> Status {
        if (auto f = w.failure(); !f.empty()) return make_error("cannot commit index: " + f);
        ++w.generation;
        char gen[20], next[20];
        std::snprintf(gen, sizeof gen, "%llx", static_cast<unsigned long long>(w.generation));
        std::snprintf(next, sizeof next, "%llx", static_cast<unsigned long long>(w.next_thread));
        auto meta = std::make_shared<std::vector<std::pair<std::string, std::string>>>();
        meta->emplace_back(store_detail::kGenerationKey, gen);
        meta->emplace_back(store_detail::kNextThread, next);
        meta->emplace_back(store_detail::kShardCountKey, std::to_string(w.shards.size()));
        if (w.date_terms) meta->emplace_back(store_detail::date_terms_key(), "1");
        if (w.stem_table) meta->emplace_back(store_detail::stem_table_key(), "1");
        meta->emplace_back(store_detail::kSchemaKey, std::to_string(w.schema));
        for (const auto& [k, v] : w.states)
            meta->emplace_back(store_detail::kSourcePrefix + k, v);
        for (const auto& [k, v] : w.problems)
            meta->emplace_back(store_detail::kProblemsPrefix + k, v);
        std::vector<std::future<void>> done;
        for (std::size_t i = 0; i < w.shards.size(); ++i) {
            auto promise = std::make_shared<std::promise<void>>();
            done.push_back(promise->get_future());
            store_detail::StemNotes* notes = w.stem_table ? w.notes[i].get() : nullptr;
            w.shards[i]->post([meta, promise, notes](Xapian::WritableDatabase& db) {
                if (notes) notes->flush(db);
                for (const auto& [k, v] : *meta) {
                    try {
                        db.set_metadata(k, v);
                    } catch (const Xapian::InvalidArgumentError&) {
                        // Kept, not a guard: one key too long for Xapian is no error of the
                        // commit; that source simply restarts next time
                    }
                }
                // What `lkmine check` holds the shard's count against.
                store_detail::record_document_count(db);
                db.commit_transaction();
                db.begin_transaction(true);
                promise->set_value();
            });
        }
        for (auto& d : done) {
            try {
                d.get();
            } catch (const std::exception&) {
                // a failed shard dropped the op; failure() says why
            }
        }
        if (auto f = w.failure(); !f.empty()) return make_error("cannot commit index: " + f);
        w.pending = 0;
        w.view.reopen();
        if (w.known_bytes > store_detail::kCacheBytes) {
            w.known.clear();
            w.known_bytes = 0;
            w.merged.clear();
            w.cache_complete = false;
        }
        return ok_status();
    });
}

} // namespace lkmine
