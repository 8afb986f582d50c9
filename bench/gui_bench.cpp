// gui_bench: times the real lkmine-gui MainWindow offscreen: first window, first search page, a big
// thread.
//
// Usage: QT_QPA_PLATFORM=offscreen gui_bench --db DIR [--runs N] [--thread-mid ID]
//        gui_bench --db DIR --startup     (one first window from main(); the script runs it K
//        times)
// Every figure goes through the app's own path: MainWindow, QueryBar, ResultsModel, ThreadModel
// and the StoreWorker thread, with the event loop running as in lkmine-gui.
#include "gui/main_window.hpp"
#include "gui/query_bar.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui/thread_model.hpp"

#include <unistd.h>

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QPointer>
#include <QTimer>
#include <QTreeView>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

using lkmine::gui::MainWindow;

namespace {

QElapsedTimer g_clock; // started first thing in main()

double nowMs() {
    return double(g_clock.nsecsElapsed()) / 1e6;
}

// Time from exec() to main(): dynamic loading and static initialisers, from /proc (10 ms ticks).
double preMainMs() {
    std::ifstream f("/proc/self/stat");
    std::string s((std::istreambuf_iterator<char>(f)), {});
    const auto close = s.rfind(')');
    if (close == std::string::npos) return -1;
    // Field 22 (starttime) counted from field 3, just after the command name.
    std::size_t pos = close + 2;
    for (int field = 3; field < 22 && pos != std::string::npos; ++field)
        pos = s.find(' ', pos) + 1;
    const double ticks = std::strtod(s.c_str() + pos, nullptr);
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (double(ts.tv_sec) + double(ts.tv_nsec) / 1e9) * 1e3 -
           ticks * 1e3 / double(sysconf(_SC_CLK_TCK));
}

// Runs the event loop until done() holds; false on timeout. It sleeps between events (a busy
// loop here would take a core from the store thread being timed); every condition is set by an
// event handler, and a slow timer wakes it for the timeout.
bool waitUntil(const std::function<bool()>& done, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    QTimer wake;
    wake.start(100);
    while (!done()) {
        if (t.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Notes when a widget has been painted: the time is taken once the paint event (and the flush of
// the window's backing store that goes with it) has been handled.
class PaintProbe : public QObject {
  public:
    explicit PaintProbe(QWidget* w) : QObject(w) { w->installEventFilter(this); }
    void arm() {
        armed_ = true;
        paintedAt_ = -1;
    }
    double paintedAt() const { return paintedAt_; }

  protected:
    bool eventFilter(QObject*, QEvent* e) override {
        if (armed_ && e->type() == QEvent::Paint) {
            armed_ = false;
            QTimer::singleShot(0, this, [this] { paintedAt_ = nowMs(); });
        }
        return false;
    }

  private:
    bool armed_ = false;
    double paintedAt_ = -1;
};

struct Stats {
    std::vector<double> v;
    double pct(double p) const {
        if (v.empty()) return 0;
        auto s = v;
        std::sort(s.begin(), s.end());
        // Nearest rank: p95 of 20 samples is the 19th.
        std::size_t k = std::size_t(std::max(1.0, std::ceil(p * double(s.size()))));
        return s[std::min(s.size(), k) - 1];
    }
};

std::vector<std::pair<std::string, Stats>> g_rows;
int g_busyAtStart = 0; // searches typed while the store thread was still busy
std::map<std::string, double> g_targets;

void record(const std::string& name, double ms) {
    for (auto& [n, s] : g_rows)
        if (n == name) {
            s.v.push_back(ms);
            return;
        }
    g_rows.push_back({name, Stats{{ms}}});
}

void printTable() {
    std::printf("\n%-44s %5s %9s %9s %9s %9s\n", "measure (ms)", "n", "median", "p95", "max",
                "target");
    for (const auto& [name, s] : g_rows) {
        auto t = g_targets.find(name);
        char target[32] = "";
        if (t != g_targets.end())
            std::snprintf(target, sizeof target, "%s%.0f", s.pct(0.5) <= t->second ? "" : "MISS ",
                          t->second);
        std::printf("%-44s %5zu %9.1f %9.1f %9.1f %9s\n", name.c_str(), s.v.size(), s.pct(0.5),
                    s.pct(0.95), s.pct(1.0), target);
    }
    std::fflush(stdout);
}

// main.cpp's path: construct, open the index, show, pick the thread view; done when the open
// reply switched to the main page and that page has been painted.
struct FirstWindow {
    double constructed = 0, opened = -1, painted = -1;
};

FirstWindow openWindow(MainWindow*& out, const QString& db, double start) {
    FirstWindow f;
    auto* w = new MainWindow;
    w->setPersistent(false); // a benchmark must not depend on the last session's settings
    f.constructed = nowMs() - start;
    auto* probe = new PaintProbe(w->resultsView()->viewport());
    probe->arm();
    bool opened = false;
    auto c = QObject::connect(w->worker(), &lkmine::gui::StoreWorker::idle, w, [&] {
        if (!opened && w->isSettled()) {
            opened = true;
            f.opened = nowMs() - start;
        }
    });
    w->openIndex(db);
    w->show();
    w->setView(MainWindow::View::Thread);
    if (!waitUntil([&] { return probe->paintedAt() >= 0; }))
        std::fprintf(stderr, "gui_bench: first window never painted (is %s an index?)\n",
                     qPrintable(db));
    QObject::disconnect(c);
    f.painted = probe->paintedAt() - start;
    out = w;
    return f;
}

void settle(MainWindow* w) {
    waitUntil([&] { return w->isSettled(); });
    QCoreApplication::processEvents();
}

// Types Return in the query bar with `query` in it, as a user does.
double timeSearch(MainWindow* w, PaintProbe* probe, const QString& query, double* painted) {
    settle(w);
    w->queryBar()->setFocus();
    w->queryBar()->setText(query);
    double done = -1;
    auto c =
        QObject::connect(w->resultsModel(), &lkmine::gui::ResultsModel::searchFinished, w, [&] {
            done = nowMs();
            probe->arm(); // the reset painted an empty list before
        });
    if (w->worker()->pending() > 0) ++g_busyAtStart;
    const double t0 = nowMs();
    QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
    QCoreApplication::sendEvent(w->queryBar(), &press);
    waitUntil([&] { return done >= 0; });
    waitUntil([&] { return probe->paintedAt() >= 0; }, 5000);
    QObject::disconnect(c);
    *painted = probe->paintedAt() - t0;
    if (!w->resultsModel()->errorText().isEmpty())
        std::fprintf(stderr, "gui_bench: %s: %s\n", qPrintable(query),
                     qPrintable(w->resultsModel()->errorText()));
    return done - t0;
}

void benchSearch(MainWindow* w, int runs) {
    auto* probe = new PaintProbe(w->resultsView()->viewport());
    // Several values per kind so a run is not a repeat of the one before it.
    const std::vector<std::pair<std::string, QStringList>> kinds = {
        {"subject word (s:)", {"s:inode", "s:folio", "s:extent", "s:queue", "s:skb"}},
        {"bare word (subject+body)", {"deadlock", "refcount", "spinlock", "overflow", "latency"}},
        {"from: (f:)", {"f:tanaka", "f:petrov", "f:garcia", "f:kowalski", "f:nakamura"}},
        {"phrase (\"...\")",
         {"\"free page\"", "\"lock the\"", "\"null pointer\"", "\"race condition\"",
          "\"page cache\""}},
        {"date range (d:A..B)",
         {"d:2020-03-01..2020-03-31", "d:2021-06-01..2021-06-15", "d:2019-11-01..2019-12-31",
          "d:2022-01-10..2022-02-10", "d:2020-08-01..2020-08-07"}},
        {"subject word + date range",
         {"s:inode d:2020-01-01..2020-12-31", "s:page d:2021-01-01..2021-06-30",
          "s:queue d:2019-01-01..2019-12-31", "s:lock d:2022-01-01..2022-12-31",
          "s:map d:2020-06-01..2021-06-01"}},
    };
    int laterPages = 0;
    QObject::connect(w->resultsModel(), &lkmine::gui::ResultsModel::pageLoaded, w,
                     [&](int firstRow, int) { laterPages += firstRow > 0; });
    for (const auto& [kind, queries] : kinds) {
        g_targets["search: " + kind + " -> 1st page"] = 100;
        for (int i = 0; i < runs; ++i) {
            double painted = -1;
            const QString& q = queries[i % queries.size()];
            const double ms = timeSearch(w, probe, q, &painted);
            record("search: " + kind + " -> 1st page", ms);
            record("search: " + kind + " -> painted", painted);
            if (i < int(queries.size()))
                std::fprintf(stderr, "  %-34s %7.1f ms  %zu hits\n", qPrintable(q), ms,
                             w->resultsModel()->estimatedTotal());
        }
    }
    std::fprintf(stderr,
                 "  searches: %d typed while the store thread was busy; %d later pages loaded\n",
                 g_busyAtStart, laterPages);
}

// Selects the result row of the big thread, as a click does; the tree is ready when the thread
// reply has been put in the model and the view expanded (the handler has returned), painted when
// the thread view has drawn it.
void benchThread(MainWindow* w, const QString& mid, int runs) {
    w->runQuery(QStringLiteral("m:%1").arg(mid));
    settle(w);
    if (w->resultsModel()->rowCount() < 1) {
        std::fprintf(stderr, "gui_bench: no mail <%s> in the index: thread not timed\n",
                     qPrintable(mid));
        return;
    }
    auto* probe = new PaintProbe(w->threadView()->viewport());
    auto* tm = w->threadModel();
    int entries = 0;
    for (int i = 0; i < runs; ++i) {
        settle(w);
        w->resultsView()->selectionModel()->clearCurrentIndex();
        tm->clear(); // else selecting a mail of the shown thread does not read it again
        settle(w);
        double ready = -1, shown = -1;
        auto c1 = QObject::connect(tm, &QAbstractItemModel::modelReset, w, [&] {
            if (tm->entryCount() == 0) return;
            probe->arm(); // clear() painted an empty tree before
            QTimer::singleShot(0, w, [&] { ready = nowMs(); });
        });
        auto c2 = QObject::connect(w, &MainWindow::mailShown, w, [&] { shown = nowMs(); });
        const double t0 = nowMs();
        w->resultsView()->setCurrentIndex(w->resultsModel()->index(0, 0));
        waitUntil([&] { return ready >= 0 && probe->paintedAt() >= 0 && shown >= 0; });
        QObject::disconnect(c1);
        QObject::disconnect(c2);
        entries = tm->entryCount();
        record("thread: select -> tree populated", ready - t0);
        record("thread: select -> tree painted", probe->paintedAt() - t0);
        record("thread: select -> mail shown", shown - t0);
    }
    g_targets["thread: select -> tree populated"] = 200;
    std::fprintf(stderr, "  thread of <%s>: %d entries\n", qPrintable(mid), entries);
}

} // namespace

int main(int argc, char** argv) {
    g_clock.start();
    const double preMain = preMainMs();
    QApplication app(argc, argv);
    const double appMs = nowMs();
    QString db, mid = QStringLiteral("big-thread-300.seed1@lists.example.org");
    int runs = 20;
    bool startup = false;
    const QStringList args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool more = i + 1 < args.size();
        if (a == QLatin1String("--db") && more)
            db = args[++i];
        else if (a == QLatin1String("--runs") && more)
            runs = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--thread-mid") && more)
            mid = args[++i];
        else if (a == QLatin1String("--startup"))
            startup = true;
        else {
            std::fprintf(stderr,
                         "usage: gui_bench --db DIR [--runs N] [--thread-mid ID] [--startup]\n");
            return 2;
        }
    }
    if (db.isEmpty()) {
        std::fprintf(stderr, "gui_bench: --db DIR is required\n");
        return 2;
    }

    MainWindow* w = nullptr;
    const FirstWindow first = openWindow(w, db, 0);
    if (startup) {
        // One line for bench/gui-bench.sh: times from main() except pre_main (exec to main()).
        std::printf("startup pre_main=%.1f app=%.1f window=%.1f opened=%.1f painted=%.1f "
                    "total=%.1f\n",
                    preMain, appMs, first.constructed, first.opened, first.painted,
                    preMain + first.painted);
        delete w;
        return 0;
    }
    std::fprintf(stderr, "first window of the process: %.1f ms from main() (+%.0f ms before)\n",
                 first.painted, preMain);
    delete w;
    g_targets["first window (in process) -> painted"] = 1000;
    for (int i = 0; i < runs; ++i) {
        const double start = nowMs();
        const FirstWindow f = openWindow(w, db, start);
        record("first window (in process) -> constructed", f.constructed);
        record("first window (in process) -> index open", f.opened);
        record("first window (in process) -> painted", f.painted);
        if (i + 1 < runs) {
            settle(w);
            delete w;
        }
    }
    settle(w);
    benchSearch(w, runs);
    benchThread(w, mid, runs);
    printTable();
    delete w;
    return 0;
}
