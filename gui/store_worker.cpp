// StoreWorker: runs StoreReader calls on a private one-thread pool and hands results back.
#include "gui/store_worker.hpp"

#include "core/mail/parse.hpp"
#include "gui/summary_format.hpp"

#include <QDir>
#include <QPointer>
#include <QPromise>
#include <QRunnable>
#include <QTemporaryFile>
#include <algorithm>
#include <exception>
#include <mutex>

#if defined(__SANITIZE_THREAD__)
#define LKMINE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LKMINE_TSAN 1
#endif
#endif
#ifdef LKMINE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace lkmine::gui {

struct ReaderSlot {
    std::unique_ptr<StoreReader> reader; // only on the pool's thread
    std::mutex mutex;                    // guards health, read on the GUI thread
    ShardHealth health;
    void noteHealth() {
        ShardHealth h = reader ? reader->health() : ShardHealth{};
        std::lock_guard lock(mutex);
        health = std::move(h);
    }
    QString summary() {
        std::lock_guard lock(mutex);
        return health.partial() ? qstr(health.summary()) : QString();
    }
};

namespace {

using SharedReader = std::shared_ptr<ReaderSlot>;

// A reply from a core Result: its error, or its value handed to `set` and ok.
template <typename Reply, typename T, typename Set> Reply replyFrom(Result<T>&& res, Set set) {
    Reply r;
    if (!res) {
        r.error = qstr(res.error());
        return r;
    }
    set(r, std::move(res.value()));
    r.ok = true;
    return r;
}

// Runs `call(reader)` when an index is open; else the reply says there is none.
template <typename Reply, typename Call> Reply withReader(const SharedReader& reader, Call call) {
    if (!reader->reader) {
        Reply r;
        r.error = QStringLiteral("no index is open");
        return r;
    }
    Reply r = call(*reader->reader);
    reader->noteHealth(); // a shard lost (or back) during the call
    return r;
}

} // namespace

StoreWorker::StoreWorker(QObject* parent)
    : QObject(parent), reader_(std::make_shared<ReaderSlot>()) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1); // keep the thread: Xapian state stays warm
}

StoreWorker::~StoreWorker() {
    pool_.waitForDone();
}

// Qt is not built with ThreadSanitizer: the futex-based QMutex under which QThreadPool hands a
// task to its thread, and QFuture a result back, is invisible to TSan, which would report each
// hand-over as a race. In a TSan build (tests/tsan) these marks state the orderings Qt
// guarantees; elsewhere they are nothing. `poolQueue` stands for the pool's queue lock: the GUI
// thread releases it after building a task and before start(), a task acquires it before
// touching anything (as the pool thread's dequeue under that lock does); a task's promise
// stands for the result's hand-over: released before finish(), acquired by the handler.
static char poolQueue;
static void handOver([[maybe_unused]] const void* token) {
#ifdef LKMINE_TSAN
    __tsan_release(const_cast<void*>(token));
#endif
}
static void takeOver([[maybe_unused]] const void* token) {
#ifdef LKMINE_TSAN
    __tsan_acquire(const_cast<void*>(token));
#endif
}

template <typename T, typename Call> StoreWorker::Task<T> StoreWorker::onPool(Call call) {
    // Shared by the task and the handler: whichever lets go last (a std::shared_ptr count TSan
    // sees) frees the promise and with it the result.
    auto promise = std::make_shared<QPromise<T>>();
    Task<T> started{promise->future(), promise};
    QRunnable* task = QRunnable::create([promise, call = std::move(call)]() mutable {
        takeOver(&poolQueue); // first: even the captures were written by the GUI thread
        promise->start();
        try {
            promise->addResult(call());
        } catch (const std::exception& e) { // std::bad_alloc: an error shown, not a crash
            T failed;
            failed.error =
                QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(e.what()));
            promise->addResult(std::move(failed));
        }
        handOver(promise.get());
        promise->finish();
    });
    handOver(&poolQueue);
    pool_.start(task);
    return started;
}

template <typename T>
void StoreWorker::watch(const Task<T>& task, QObject* context, std::function<void(const T&)> done) {
    ++pending_;
    auto* watcher = new QFutureWatcher<T>(this);
    QPointer<QObject> ctx(context);
    // Qt 6.4 can report finished twice when the future ends while setFuture() connects (seen
    // in gui_tests): the handler must run once, and the count go down once.
    auto fired = std::make_shared<bool>(false);
    const std::shared_ptr<const void> token = task.token;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ctx, done, fired, token] {
        if (*fired) return;
        *fired = true;
        takeOver(token.get());
        // A handler whose receiver is gone is dropped, but the count still goes down.
        if (ctx) done(watcher->result());
        watcher->deleteLater();
        if (const QString h = reader_->summary(); h != healthShown_) {
            healthShown_ = h;
            emit shardHealthChanged(h);
        }
        if (--pending_ == 0) emit idle();
    });
    watcher->setFuture(task.future);
}

void StoreWorker::open(const QString& dir, QObject* context,
                       std::function<void(const OpenReply&)> done) {
    auto reader = reader_;
    std::string path = stdstr(dir);
    dir_ = dir;
    auto f = onPool<OpenReply>([reader, path, dir] {
        OpenReply r;
        r.dir = dir;
        auto opened = StoreReader::open(path);
        if (!opened) {
            r.error = qstr(opened.error());
            return r;
        }
        reader->reader = std::make_unique<StoreReader>(std::move(opened.value()));
        reader->noteHealth();
        r.ok = true;
        return r;
    });
    watch<OpenReply>(f, context, [this, done](const OpenReply& r) {
        open_ = r.ok;
        done(r);
    });
}

void StoreWorker::search(const QString& query, const SearchOptions& options, QObject* context,
                         std::function<void(const SearchReply&)> done) {
    auto reader = reader_;
    std::string q = stdstr(query);
    auto f = onPool<SearchReply>([reader, q, options] {
        return withReader<SearchReply>(reader, [&](StoreReader& db) {
            return replyFrom<SearchReply>(
                db.search(q, options), [](SearchReply& r, SearchPage v) { r.page = std::move(v); });
        });
    });
    watch<SearchReply>(f, context, std::move(done));
}

void StoreWorker::thread(const QString& msgid, QObject* context,
                         std::function<void(const ThreadReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<ThreadReply>([reader, id] {
        return withReader<ThreadReply>(reader, [&](StoreReader& db) {
            (void)db.reopen(); // cheap, and a thread read again (F5) should show new mail
            return replyFrom<ThreadReply>(
                db.thread(id), [](ThreadReply& r, ThreadTree v) { r.tree = std::move(v); });
        });
    });
    watch<ThreadReply>(f, context, std::move(done));
}

void StoreWorker::mail(const QString& msgid, QObject* context,
                       std::function<void(const MailReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<MailReply>([reader, id] {
        return withReader<MailReply>(reader, [&](StoreReader& db) {
            return replyFrom<MailReply>(db.get(id), [](MailReply& r, StoredMail v) {
                r.stored = std::move(v);
                // The GUI never parses mail itself: it asks core, on this thread, as the CLI does.
                RawMessage raw{r.stored.raw, Origin{r.stored.origin, {}}};
                r.message = parse_message(raw);
                r.attachments = read_attachments(r.stored.raw);
            });
        });
    });
    watch<MailReply>(f, context, std::move(done));
}

void StoreWorker::symptom(const QString& text, QObject* context,
                          std::function<void(const SymptomReply&)> done) {
    auto reader = reader_;
    std::string t = stdstr(text);
    auto f = onPool<SymptomReply>([reader, t] {
        return withReader<SymptomReply>(reader, [&](StoreReader& db) {
            (void)db.reopen();
            return replyFrom<SymptomReply>(
                symptom_report(db, t),
                [](SymptomReply& r, SymptomReport v) { r.report = std::move(v); });
        });
    });
    watch<SymptomReply>(f, context, std::move(done));
}

// commit_report() and patch_report() open the index themselves; they still run on the pool so
// index reads stay in one queue, in the order the user asked for them.
void StoreWorker::commitReport(const QString& sha, QObject* context,
                               std::function<void(const CommitReply&)> done) {
    std::string dir = stdstr(dir_), s = stdstr(sha);
    auto f = onPool<CommitReply>([dir, s] {
        return replyFrom<CommitReply>(commit_report(dir, s),
                                      [](CommitReply& r, auto v) { r.report = std::move(v); });
    });
    watch<CommitReply>(f, context, std::move(done));
}

// The mails whose patch has the patch-id of `id`'s first patch, `id` itself left out.
static void findSamePatch(StoreReader& db, const std::string& id, PatchReply& r) {
    auto mail = db.get(id);
    if (!mail) return;
    const Message m = parse_message(RawMessage{mail->raw, Origin{mail->origin, {}}});
    if (m.patches.empty() || m.patches.front().patch_id.empty()) return;
    r.patchId = qstr(m.patches.front().patch_id);
    SearchOptions o;
    o.limit = 20;
    auto found = db.search("patchid:" + m.patches.front().patch_id, o);
    if (!found) return;
    for (auto& s : found->results)
        if (s.message_id != id && !s.ghost) r.samePatch.push_back(std::move(s));
    std::sort(
        r.samePatch.begin(), r.samePatch.end(),
        [](const MailSummary& a, const MailSummary& b) { return a.date.epoch < b.date.epoch; });
}

void StoreWorker::patchReport(const QString& msgid, QObject* context,
                              std::function<void(const PatchReply&)> done) {
    auto reader = reader_;
    std::string dir = stdstr(dir_), id = stdstr(msgid);
    auto f = onPool<PatchReply>([reader, dir, id] {
        PatchReply r = replyFrom<PatchReply>(
            patch_report(dir, id), [](PatchReply& r, auto v) { r.report = std::move(v); });
        if (r.ok && r.report.is_patch && reader->reader) findSamePatch(*reader->reader, id, r);
        return r;
    });
    watch<PatchReply>(f, context, std::move(done));
}

void StoreWorker::threadMbox(const QString& msgid, QObject* context,
                             std::function<void(const MboxReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<MboxReply>([reader, id] {
        return withReader<MboxReply>(reader, [&](StoreReader& db) {
            return replyFrom<MboxReply>(thread_mbox(db, id),
                                        [](MboxReply& r, std::string v) { r.mbox = std::move(v); });
        });
    });
    watch<MboxReply>(f, context, std::move(done));
}

void StoreWorker::seriesMbox(const QString& msgid, QObject* context,
                             std::function<void(const MboxReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<MboxReply>([reader, id] {
        return withReader<MboxReply>(reader, [&](StoreReader& db) {
            return replyFrom<MboxReply>(am_ready(db, id, AmOptions{}), [](MboxReply& r, auto s) {
                r.mbox = am_mbox(s);
                r.summary = qstr(am_summary(s));
            });
        });
    });
    watch<MboxReply>(f, context, std::move(done));
}

void StoreWorker::applySeries(const QString& msgid, const QString& repo, QObject* context,
                              std::function<void(const ApplyReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid), tree = stdstr(repo);
    auto f = onPool<ApplyReply>([reader, id, tree] {
        return withReader<ApplyReply>(reader, [&](StoreReader& db) {
            ApplyReply r;
            auto series = am_ready(db, id, AmOptions{});
            if (!series) {
                r.error = qstr(series.error());
                return r;
            }
            r.summary = qstr(am_summary(*series));
            QTemporaryFile file(QDir::tempPath() + QStringLiteral("/lkmine-am-XXXXXX.mbox"));
            const std::string mbox = am_mbox(*series);
            if (!file.open() ||
                file.write(mbox.data(), qint64(mbox.size())) != qint64(mbox.size()) ||
                !file.flush()) {
                r.error = QStringLiteral("cannot write a temporary mbox");
                return r;
            }
            auto am = git_am(tree, stdstr(file.fileName()));
            if (!am) {
                r.error = qstr(am.error());
                return r;
            }
            r.result = std::move(*am);
            r.ok = true;
            return r;
        });
    });
    watch<ApplyReply>(f, context, std::move(done));
}

void StoreWorker::series(const QString& msgid, QObject* context,
                         std::function<void(const SeriesReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<SeriesReply>([reader, id] {
        return withReader<SeriesReply>(reader, [&](StoreReader& db) {
            return replyFrom<SeriesReply>(find_series(db, id), [&](SeriesReply& r, auto revs) {
                r.current = revision_index_of(db, revs, id);
                r.revisions = std::move(revs);
            });
        });
    });
    watch<SeriesReply>(f, context, std::move(done));
}

void StoreWorker::rangeDiff(const SeriesRevision& from, const SeriesRevision& to, QObject* context,
                            std::function<void(const RangeDiffReply&)> done) {
    auto reader = reader_;
    auto f = onPool<RangeDiffReply>([reader, from, to] {
        return withReader<RangeDiffReply>(reader, [&](StoreReader& db) {
            return replyFrom<RangeDiffReply>(
                series_range_diff(db, from, to),
                [](RangeDiffReply& r, auto v) { r.diff = std::move(v); });
        });
    });
    watch<RangeDiffReply>(f, context, std::move(done));
}

void StoreWorker::reviewStatus(const QString& msgid, QObject* context,
                               std::function<void(const ReviewStatusReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    auto f = onPool<ReviewStatusReply>([reader, id] {
        return withReader<ReviewStatusReply>(reader, [&](StoreReader& db) {
            return replyFrom<ReviewStatusReply>(
                review_status(db, id),
                [](ReviewStatusReply& r, ReviewStatus v) { r.status = std::move(v); });
        });
    });
    watch<ReviewStatusReply>(f, context, std::move(done));
}

} // namespace lkmine::gui
