// store_worker_tsan: the GUI's store worker under ThreadSanitizer, driven as the window drives it.
//
// The GUI thread (this program's main thread, running Qt's event loop) calls StoreWorker and
// ResultsModel exactly as MainWindow does; StoreWorker runs every index call on its pool thread;
// an index thread runs runIndexJob (the "New index…" dialog's job: reader, parse workers, shard
// writers) into the open index at the same time. Covered: queries answered, queries superseded
// while one runs (ResultsModel's newer query), replies whose receiver is gone, reopen and
// re-open while the index grows, a Cancel and a resume of the index job, and a shutdown with
// calls in flight. Each step checks what a user would see, so a run that raced past its work
// fails too. Usage: store_worker_tsan WORKDIR (an empty directory). Exit 0 when every check held.
#include "gui/index_job.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

using namespace lkmine;
using namespace lkmine::gui;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    std::printf("%s: %s\n", ok ? "ok" : "FAIL", what.c_str());
    if (!ok) ++failures;
}

// Runs the event loop (as the GUI thread does) until `done` or 300 s.
bool waitFor(const std::function<bool()>& done) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > 300'000) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

std::string msgid(int i) {
    return "sw" + std::to_string(i) + "@tsan.example";
}

// `count` mails from number `first` on, in threads of 6, subjects "[PATCH] widget N".
void writeMbox(const std::string& path, int first, int count) {
    std::ofstream out(path);
    for (int i = first; i < first + count; ++i) {
        const int root = i - i % 6;
        out << "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
            << "From: Dev " << i % 13 << " <dev" << i % 13 << "@example.org>\n"
            << "Subject: " << (i != root ? "Re: " : "") << "[PATCH] widget " << root << "\n"
            << "Date: Tue, 2 Jan 2024 " << i % 24 << ":" << i % 60 / 10 << i % 10 << ":00 +0000\n"
            << "Message-ID: <" << msgid(i) << ">\n";
        if (i != root) out << "In-Reply-To: <" << msgid(root) << ">\n";
        out << "\nBody " << i << ".\n\ndiff --git a/w" << i % 40 << ".c b/w" << i % 40
            << ".c\n--- a/w" << i % 40 << ".c\n+++ b/w" << i % 40 << ".c\n@@ -1 +1 @@\n-old " << i
            << "\n+new " << i << "\n\n";
    }
}

// The index dialog's job (runIndexJob, its cancel flag) on its own thread. A std::thread, not
// the dialog's QThread: QThread::wait() returns on a flag read under Qt's QMutex, a hand-over
// TSan cannot see in an uninstrumented Qt; std::thread::join() it sees.
class IndexThread {
  public:
    IndexThread(const IndexRequest& request, std::atomic<int>& progressSeen)
        : thread_([this, request, &progressSeen] {
              outcome_ = runIndexJob(
                  request, cancel_, [&](const IndexJobProgress& p) { progressSeen = int(p.done); });
              running_ = false;
          }) {}
    ~IndexThread() {
        if (thread_.joinable()) thread_.join();
    }
    void cancel() { cancel_ = true; }
    bool running() const { return running_; }
    const IndexOutcome& outcome() {
        if (thread_.joinable()) thread_.join();
        return outcome_;
    }

  private:
    std::atomic<bool> cancel_{false}, running_{true};
    IndexOutcome outcome_;
    std::thread thread_; // last: started once the members it uses exist
};

bool openIndex(StoreWorker& worker, const QString& db) {
    bool done = false, ok = false;
    worker.open(db, QCoreApplication::instance(), [&](const OpenReply& r) {
        done = true;
        ok = r.ok;
    });
    return waitFor([&] { return done; }) && ok;
}

// Rows all from `email`.
bool allFrom(const ResultsModel& model, const std::string& email) {
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.summaryAt(r)->from.email != email) return false;
    return true;
}

// Ten queries back to back, each replacing the last while the worker runs it (typing in the
// query bar): only the last one's rows may arrive. 46 of the first 600 mails are dev9's.
void supersededQueries(StoreWorker& worker) {
    ResultsModel model(&worker);
    model.setPageSize(40);
    int finished = 0;
    QObject::connect(&model, &ResultsModel::searchFinished, [&] { ++finished; });
    for (int i = 0; i < 10; ++i)
        model.setQuery(QStringLiteral("f:dev%1@example.org").arg(i));
    waitFor([&] { return worker.pending() == 0; });
    check(finished == 1 && model.rowCount() == 40 && allFrom(model, "dev9@example.org"),
          "ten superseding queries: only the last one's first page shown (" +
              std::to_string(finished) + " answer(s) taken, " + std::to_string(model.rowCount()) +
              " rows)");
    // A view drawing the last row asks for the next page (queued, as while painting).
    (void)model.data(model.index(39, 0), Qt::DisplayRole);
    waitFor([&] { return model.rowCount() > 40 && worker.pending() == 0; });
    check(model.rowCount() == 46 && allFrom(model, "dev9@example.org"),
          "the next page of the last query appended: " + std::to_string(model.rowCount()));
}

// Calls whose receiver is deleted before the answer (a view closed): no handler may run.
void goneReceivers(StoreWorker& worker) {
    int ran = 0;
    for (int i = 0; i < 15; ++i) {
        auto* view = new QObject;
        worker.search(QStringLiteral("widget"), SearchOptions{}, view, [&](auto&) { ++ran; });
        worker.mail(QString::fromStdString(msgid(i * 7)), view, [&](auto&) { ++ran; });
        worker.thread(QString::fromStdString(msgid(i * 7)), view, [&](auto&) { ++ran; });
        delete view;
    }
    waitFor([&] { return worker.pending() == 0; });
    check(ran == 0, "45 calls whose receiver was deleted first: no handler ran");
}

// One round of what the window asks while the index grows: a search, a thread (which reopens
// the index), a mail with its parse; every 8th round the index opened again (onIndexReady).
void askOnce(StoreWorker& worker, const QString& db, int round, int& answered, int& failed) {
    auto count = [&](bool ok) { ok ? ++answered : ++failed; };
    const QString id = QString::fromStdString(msgid(round * 11 % 600));
    SearchOptions o;
    o.threads = round % 2 == 0;
    worker.search(QStringLiteral("widget"), o, &worker, [=](const SearchReply& r) { count(r.ok); });
    worker.thread(id, &worker,
                  [=](const ThreadReply& r) { count(r.ok && !r.tree.entries.empty()); });
    worker.mail(id, &worker,
                [=](const MailReply& r) { count(r.ok && !r.message.body_text.empty()); });
    if (round % 8 == 7) worker.open(db, &worker, [=](const OpenReply& r) { count(r.ok); });
}

// Queries on the GUI thread while the index thread indexes `source`; with `cancel`, the job is
// cancelled once it reported its first mails read (the dialog's Cancel).
IndexOutcome askWhileIndexing(StoreWorker& worker, const QString& db, const QString& source,
                              bool cancel) {
    std::atomic<int> progress{0};
    IndexThread job(IndexRequest{{source}, {}, db, {}}, progress);
    int answered = 0, failed = 0, round = 0;
    while (job.running()) {
        askOnce(worker, db, round++, answered, failed);
        waitFor([&] { return worker.pending() < 3; });
        if (cancel && progress > 0) job.cancel();
    }
    waitFor([&] { return worker.pending() == 0; });
    check(failed == 0 && answered > 0, std::to_string(answered) +
                                           " answers while indexing, none failed (" +
                                           std::to_string(round) + " rounds)");
    return job.outcome();
}

std::size_t mailCount(StoreWorker& worker) {
    std::size_t total = 0;
    worker.search(QStringLiteral("widget"), SearchOptions{}, &worker,
                  [&](const SearchReply& r) { total = r.ok ? r.page.estimated_total : 0; });
    waitFor([&] { return worker.pending() == 0; });
    return total;
}

// Shutdown with calls in flight (the window closed mid-query): the destructor waits for the
// running call, and no handler runs after it.
void shutdownWithCallsInFlight(StoreWorker* worker) {
    int ran = 0;
    for (int i = 0; i < 20; ++i)
        worker->search(QStringLiteral("widget OR body"), SearchOptions{}, worker,
                       [&](auto&) { ++ran; });
    const int pending = worker->pending();
    delete worker;
    QCoreApplication::processEvents();
    check(pending == 20 && ran == 0, "worker deleted with 20 calls queued: none answered late");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_worker_tsan WORKDIR\n");
        return 2;
    }
    const std::string work = argv[1];
    writeMbox(work + "/first.mbox", 0, 600);
    writeMbox(work + "/second.mbox", 600, 900);
    const QString db = QString::fromStdString(work + "/db");
    std::atomic<int> progress{0};
    const IndexOutcome first =
        IndexThread(IndexRequest{{QString::fromStdString(work + "/first.mbox")}, {}, db, {}},
                    progress)
            .outcome();
    check(first.ok && first.added == 600, "first index: 600 mails");

    auto* worker = new StoreWorker;
    check(openIndex(*worker, db), "index opened");
    supersededQueries(*worker);
    goneReceivers(*worker);

    const QString second = QString::fromStdString(work + "/second.mbox");
    const IndexOutcome cut = askWhileIndexing(*worker, db, second, true);
    check(cut.ok && cut.cancelled,
          "index job cancelled part-way: " + std::to_string(cut.added) + " of 900 added");
    const IndexOutcome rest = askWhileIndexing(*worker, db, second, false);
    check(rest.ok && !rest.cancelled && cut.added + rest.added == 900,
          "resumed: the other " + std::to_string(rest.added) + " added");
    check(openIndex(*worker, db), "index opened again after the job (onIndexReady)");
    const std::size_t total = mailCount(*worker);
    check(total == 1500, "every mail found after the reopen: " + std::to_string(total));
    shutdownWithCallsInFlight(worker);
    std::printf("%s\n", failures ? "store worker checks FAILED" : "store worker checks passed");
    return failures ? 1 : 0;
}
