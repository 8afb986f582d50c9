// StoreWriter: adds mails to the Xapian index with ghost-based threading, thread merges and dedup.
#include "core/sha1.hpp"
#include "core/store_xapian.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unordered_map>

namespace lkmine {
namespace store_detail {

constexpr std::size_t kMaxRefs = 32;         // enough to join a thread; bounds ghost creation
constexpr std::size_t kCacheLimit = 2000000; // msgid -> thread entries kept between commits
constexpr const char* kNextThread = "lkmine:next-thread";
constexpr const char* kSourcePrefix = "source:";

struct WriterImpl {
    std::string dir;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator tg;
    std::unordered_map<std::string, std::string> thread_of; // msgid -> thread id when cached
    std::unordered_map<std::string, std::string> merged;    // thread -> thread it merged into
    bool cache_complete = false; // every id in the db is in thread_of: misses need no lookup
    std::uint64_t next_thread = 1;
    std::size_t pending = 0;

    std::string resolve(std::string tid) const {
        for (int i = 0; i < 64; ++i) {
            auto it = merged.find(tid);
            if (it == merged.end()) break;
            tid = it->second;
        }
        return tid;
    }

    Xapian::docid find(const std::string& msgid) {
        if (cache_complete && !thread_of.count(msgid)) return 0; // bulk run: skip the lookup
        auto t = id_term(msgid);
        auto p = db.postlist_begin(t);
        return p == db.postlist_end(t) ? 0 : *p;
    }

    // Thread of an existing doc (mail or ghost), or "" when the id is unknown.
    std::string thread_for(const std::string& msgid) {
        if (auto it = thread_of.find(msgid); it != thread_of.end()) return resolve(it->second);
        if (cache_complete) return {};
        Xapian::docid id = find(msgid);
        if (!id) return {};
        std::string tid = db.get_document(id).get_value(slot::thread);
        thread_of.emplace(msgid, tid);
        return tid;
    }

    std::string new_thread() {
        char buf[20];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(next_thread++));
        return buf;
    }

    void merge(const std::string& from, const std::string& to) {
        std::vector<Xapian::docid> ids;
        auto t = thread_term(from);
        for (auto p = db.postlist_begin(t); p != db.postlist_end(t); ++p)
            ids.push_back(*p);
        for (auto id : ids) {
            auto doc = db.get_document(id);
            set_thread(doc, to);
            db.replace_document(id, doc);
        }
        merged[from] = to;
        pending += ids.size();
    }

    // Joins every thread the mail touches into one (the biggest keeps its id) and creates
    // ghosts for referenced ids never seen.
    std::string join_threads(const std::string& own, const std::vector<std::string>& related) {
        std::vector<std::string> tids, missing;
        if (auto t = thread_for(own); !t.empty()) tids.push_back(t);
        for (const auto& r : related) {
            auto t = thread_for(r);
            if (t.empty())
                missing.push_back(r);
            else if (std::find(tids.begin(), tids.end(), t) == tids.end())
                tids.push_back(t);
        }
        std::string target;
        if (tids.empty()) {
            target = new_thread();
        } else {
            target = tids.front();
            Xapian::doccount best = db.get_termfreq(thread_term(target));
            for (const auto& t : tids) {
                auto n = db.get_termfreq(thread_term(t));
                if (n > best || (n == best && t < target)) best = n, target = t;
            }
            for (const auto& t : tids)
                if (t != target) merge(t, target);
        }
        for (const auto& m : missing) {
            auto doc = build_ghost_document(m);
            set_thread(doc, target);
            db.add_document(doc);
            thread_of[m] = target;
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
    if (!msg.patches.empty()) m.flags.push_back("patch");
    rec.in_reply_to = msg.in_reply_to;
    rec.references = msg.references;
    rec.content_hash = std::move(hash);
    rec.origin = origin_text(msg.origin);
    rec.raw = std::string(raw);
    return rec;
}

bool has_flag(const MailSummary& m, std::string_view f) {
    return std::find(m.flags.begin(), m.flags.end(), f) != m.flags.end();
}

} // namespace

// Dedup of a mail whose Message-ID already has a mail document.
static AddOutcome add_copy(WriterImpl& w, Xapian::docid id, DocRecord&& rec, const Message& msg) {
    auto doc = w.db.get_document(id);
    DocRecord old;
    decode_record(doc.get_data(), old);
    std::string tid = doc.get_value(slot::thread);
    for (const auto& l : old.summary.lists)
        add_unique(rec.summary.lists, l);

    if (has_flag(old.summary, "recovered") && !msg.recovered) {
        rec.other_copies = std::move(old.other_copies);
        rec.other_copies.push_back(old.origin);
        auto fresh = build_mail_document(msg, rec, w.tg);
        set_thread(fresh, tid);
        w.db.replace_document(id, fresh);
        ++w.pending;
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
    if (!same) {
        if (!has_flag(old.summary, "duplicate-differs")) {
            old.summary.flags.push_back("duplicate-differs");
            add_boolean(doc, term::flag, "duplicate-differs");
        }
        add_unique(old.other_copies, rec.origin.empty() ? "(unknown origin)" : rec.origin);
        changed = true;
    }
    if (changed) {
        doc.set_data(encode_record(old));
        w.db.replace_document(id, doc);
        ++w.pending;
    }
    return same ? AddOutcome::duplicate_same : AddOutcome::duplicate_different;
}

static AddOutcome add_mail(WriterImpl& w, const Message& msg, std::string_view raw,
                           const std::vector<std::string>& lists) {
    DocRecord rec = record_of(msg, raw, lists, content_hash(msg));
    const std::string own = rec.summary.message_id;
    Xapian::docid id = w.find(own);
    if (id) {
        auto doc = w.db.get_document(id);
        auto t = doc.termlist_begin();
        t.skip_to("Tmail");
        if (t != doc.termlist_end() && *t == "Tmail") return add_copy(w, id, std::move(rec), msg);
    }
    std::string tid = w.join_threads(own, related_ids(msg, own));
    auto doc = build_mail_document(msg, rec, w.tg);
    set_thread(doc, tid);
    if (id)
        w.db.replace_document(id, doc); // a ghost turning real keeps its docid and thread
    else
        w.db.add_document(doc);
    w.thread_of[own] = tid;
    ++w.pending;
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

StoreWriter::~StoreWriter() {
    if (!impl_) return;
    try {
        impl_->db.cancel_transaction();
        impl_->db.close();
    } catch (const Xapian::Error&) {
    }
}

Result<StoreWriter> StoreWriter::open(const std::string& dir) {
    auto impl = std::make_unique<WriterImpl>();
    impl->dir = dir;
    try {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) return make_error("cannot create index directory " + dir + ": " + ec.message());
        impl->db =
            Xapian::WritableDatabase(store_detail::shard_path(dir, 0), Xapian::DB_CREATE_OR_OPEN);
        auto next = impl->db.get_metadata(store_detail::kNextThread);
        if (!next.empty()) impl->next_thread = std::stoull(next, nullptr, 16);
        impl->cache_complete = impl->db.get_doccount() == 0;
        impl->tg.set_max_word_length(64);
        impl->db.begin_transaction(true);
    } catch (const Xapian::DatabaseLockError&) {
        return make_error("index at " + dir + " is locked: is another lkmine index running?");
    } catch (const Xapian::Error& e) {
        return make_error("cannot open index at " + dir + ": " + e.get_description());
    } catch (const std::exception& e) {
        return make_error("cannot open index at " + dir + ": " + e.what());
    }
    return StoreWriter(std::move(impl));
}

Result<AddOutcome> StoreWriter::add(const Message& msg, std::string_view raw,
                                    const std::vector<std::string>& lists) {
    try {
        return store_detail::add_mail(*impl_, msg, raw, lists);
    } catch (const Xapian::Error& e) {
        return make_error("cannot index <" + msg.message_id + ">: " + e.get_description());
    }
}

Status StoreWriter::remove(const Message& msg) {
    try {
        auto& w = *impl_;
        std::string own = msg.message_id.empty()
                              ? "lkmine-" + store_detail::content_hash(msg) + "@noid"
                              : msg.message_id;
        Xapian::docid id = w.find(own);
        if (!id) return ok_status();
        auto tid = w.db.get_document(id).get_value(slot::thread);
        auto ghost = store_detail::build_ghost_document(own);
        store_detail::set_thread(ghost, tid);
        w.db.replace_document(id, ghost);
        ++w.pending;
        return ok_status();
    } catch (const Xapian::Error& e) {
        return make_error("cannot remove <" + msg.message_id + ">: " + e.get_description());
    }
}

std::string StoreWriter::source_state(const std::string& key) const {
    try {
        return impl_->db.get_metadata(store_detail::kSourcePrefix + key);
    } catch (const Xapian::Error&) {
        return {};
    }
}

void StoreWriter::set_source_state(const std::string& key, const std::string& value) {
    try {
        impl_->db.set_metadata(store_detail::kSourcePrefix + key, value);
    } catch (const Xapian::Error&) {
        // only a key too long for Xapian gets here; the source simply restarts next time
    }
}

std::size_t StoreWriter::pending() const {
    return impl_->pending;
}

Status StoreWriter::commit() {
    auto& w = *impl_;
    try {
        char buf[20];
        std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(w.next_thread));
        w.db.set_metadata(store_detail::kNextThread, buf);
        w.db.commit_transaction();
        w.pending = 0;
        if (w.thread_of.size() > store_detail::kCacheLimit) {
            w.thread_of.clear();
            w.cache_complete = false;
        }
        w.db.begin_transaction(true);
    } catch (const Xapian::Error& e) {
        return make_error("cannot commit index at " + w.dir + ": " + e.get_description());
    }
    return ok_status();
}

} // namespace lkmine
