// StoreWorker: runs StoreReader calls on a private one-thread pool and hands results back.
#include "gui/store_worker.hpp"

#include "core/parse.hpp"
#include "gui/summary_format.hpp"

#include <QPointer>
#include <QtConcurrentRun>

namespace lkmine::gui {

StoreWorker::StoreWorker(QObject* parent)
    : QObject(parent), reader_(std::make_shared<std::unique_ptr<StoreReader>>()) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1); // keep the thread: Xapian state stays warm
}

StoreWorker::~StoreWorker() {
    pool_.waitForDone();
}

template <typename T>
void StoreWorker::watch(QFuture<T> future, QObject* context, std::function<void(const T&)> done) {
    ++pending_;
    auto* watcher = new QFutureWatcher<T>(this);
    QPointer<QObject> ctx(context);
    // Qt 6.4 can report finished twice when the future ends while setFuture() connects (seen
    // in gui_tests): the handler must run once, and the count go down once.
    auto fired = std::make_shared<bool>(false);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ctx, done, fired] {
        if (*fired) return;
        *fired = true;
        // A handler whose receiver is gone is dropped, but the count still goes down.
        if (ctx) done(watcher->result());
        watcher->deleteLater();
        if (--pending_ == 0) emit idle();
    });
    watcher->setFuture(future);
}

void StoreWorker::open(const QString& dir, QObject* context,
                       std::function<void(const OpenReply&)> done) {
    auto reader = reader_;
    std::string path = stdstr(dir);
    dir_ = dir;
    QFuture<OpenReply> f = QtConcurrent::run(&pool_, [reader, path, dir] {
        OpenReply r;
        r.dir = dir;
        auto opened = StoreReader::open(path);
        if (!opened) {
            r.error = qstr(opened.error());
            return r;
        }
        *reader = std::make_unique<StoreReader>(std::move(opened.value()));
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
    QFuture<SearchReply> f = QtConcurrent::run(&pool_, [reader, q, options] {
        SearchReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        auto page = (*reader)->search(q, options);
        if (!page) {
            r.error = qstr(page.error());
            return r;
        }
        r.ok = true;
        r.page = std::move(page.value());
        return r;
    });
    watch<SearchReply>(f, context, std::move(done));
}

void StoreWorker::thread(const QString& msgid, QObject* context,
                         std::function<void(const ThreadReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    QFuture<ThreadReply> f = QtConcurrent::run(&pool_, [reader, id] {
        ThreadReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        (*reader)->reopen(); // cheap, and a thread read again (F5) should show new mail
        auto tree = (*reader)->thread(id);
        if (!tree) {
            r.error = qstr(tree.error());
            return r;
        }
        r.ok = true;
        r.tree = std::move(tree.value());
        return r;
    });
    watch<ThreadReply>(f, context, std::move(done));
}

void StoreWorker::mail(const QString& msgid, QObject* context,
                       std::function<void(const MailReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    QFuture<MailReply> f = QtConcurrent::run(&pool_, [reader, id] {
        MailReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        auto stored = (*reader)->get(id);
        if (!stored) {
            r.error = qstr(stored.error());
            return r;
        }
        r.stored = std::move(stored.value());
        // The GUI never parses mail itself: it asks core, on this thread, as the CLI does.
        RawMessage raw{r.stored.raw, Origin{r.stored.origin, {}}};
        r.message = parse_message(raw);
        r.ok = true;
        return r;
    });
    watch<MailReply>(f, context, std::move(done));
}

void StoreWorker::symptom(const QString& text, QObject* context,
                          std::function<void(const SymptomReply&)> done) {
    auto reader = reader_;
    std::string t = stdstr(text);
    QFuture<SymptomReply> f = QtConcurrent::run(&pool_, [reader, t] {
        SymptomReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        (*reader)->reopen();
        auto rep = (*reader)->symptom(t);
        if (!rep) {
            r.error = qstr(rep.error());
            return r;
        }
        r.ok = true;
        r.report = std::move(rep.value());
        return r;
    });
    watch<SymptomReply>(f, context, std::move(done));
}

// commit_report() and patch_report() open the index themselves; they still run on the pool so
// index reads stay in one queue, in the order the user asked for them.
void StoreWorker::commitReport(const QString& sha, QObject* context,
                               std::function<void(const CommitReply&)> done) {
    std::string dir = stdstr(dir_), s = stdstr(sha);
    QFuture<CommitReply> f = QtConcurrent::run(&pool_, [dir, s] {
        CommitReply r;
        auto rep = commit_report(dir, s);
        if (!rep) {
            r.error = qstr(rep.error());
            return r;
        }
        r.ok = true;
        r.report = std::move(rep.value());
        return r;
    });
    watch<CommitReply>(f, context, std::move(done));
}

void StoreWorker::patchReport(const QString& msgid, QObject* context,
                              std::function<void(const PatchReply&)> done) {
    std::string dir = stdstr(dir_), id = stdstr(msgid);
    QFuture<PatchReply> f = QtConcurrent::run(&pool_, [dir, id] {
        PatchReply r;
        auto rep = patch_report(dir, id);
        if (!rep) {
            r.error = qstr(rep.error());
            return r;
        }
        r.ok = true;
        r.report = std::move(rep.value());
        return r;
    });
    watch<PatchReply>(f, context, std::move(done));
}

void StoreWorker::series(const QString& msgid, QObject* context,
                         std::function<void(const SeriesReply&)> done) {
    auto reader = reader_;
    std::string id = stdstr(msgid);
    QFuture<SeriesReply> f = QtConcurrent::run(&pool_, [reader, id] {
        SeriesReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        auto revs = find_series(**reader, id);
        if (!revs) {
            r.error = qstr(revs.error());
            return r;
        }
        r.current = revision_index_of(**reader, *revs, id);
        r.revisions = std::move(revs.value());
        r.ok = true;
        return r;
    });
    watch<SeriesReply>(f, context, std::move(done));
}

void StoreWorker::rangeDiff(const SeriesRevision& from, const SeriesRevision& to, QObject* context,
                            std::function<void(const RangeDiffReply&)> done) {
    auto reader = reader_;
    QFuture<RangeDiffReply> f = QtConcurrent::run(&pool_, [reader, from, to] {
        RangeDiffReply r;
        if (!*reader) {
            r.error = QStringLiteral("no index is open");
            return r;
        }
        auto rd = series_range_diff(**reader, from, to);
        if (!rd) {
            r.error = qstr(rd.error());
            return r;
        }
        r.diff = std::move(rd.value());
        r.ok = true;
        return r;
    });
    watch<RangeDiffReply>(f, context, std::move(done));
}

} // namespace lkmine::gui
