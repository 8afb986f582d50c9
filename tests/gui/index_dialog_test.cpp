// The "New index…" dialog driven like a user: sources, start, progress, cancel, resume, errors.
#include "core/index/store.hpp"
#include "core/stages/link_stage.hpp"
#include "gui/index_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/results_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <map>
#include <set>

namespace lkmine::gui::test {

namespace {

using State = IndexDialog::State;

bool isDone(State s) {
    return s == State::Finished || s == State::Cancelled || s == State::Failed;
}

// `lkmine <args> --json` parsed: the CLI's own view of an index the dialog wrote.
QJsonObject cliJson(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(LKMINE_BINARY), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// tests/indexer/mail_truth.py: distinct mails and threads of an epoch, computed in Python apart
// from lkmine's C++.
QJsonObject mailTruth(const QString& epoch) {
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral(LKMINE_SOURCE_DIR "/tests/cli/mail_truth.py"),
             QStringLiteral("--epoch"), epoch});
    if (!p.waitForFinished(180000) || p.exitCode() != 0) return {};
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// The ids a search lists, with repeats kept; '*' lists every mail once.
QStringList allIds(const QString& db, const std::string& query = "*") {
    QStringList ids;
    auto reader = StoreReader::open(db.toStdString());
    if (!reader) return ids;
    SearchOptions o;
    o.limit = 1000000;
    auto page = reader->search(query, o);
    if (!page) return ids;
    for (const auto& m : page->results)
        ids << QString::fromStdString(m.message_id);
    return ids;
}

// msgid -> "sha method" of every patch link, to compare two indexes' link stages.
std::map<std::string, std::set<std::string>> patchLinks(const QString& db) {
    std::map<std::string, std::set<std::string>> out;
    for (const QString& id : allIds(db)) {
        auto r = patch_report(db.toStdString(), id.toStdString());
        if (!r) continue;
        for (const auto& c : r->commits)
            out[id.toStdString()].insert(c.sha + " " + c.method);
    }
    return out;
}

// The longest the GUI thread went without running a 20 ms timer: a frozen window shows here.
class FreezeMeter {
  public:
    FreezeMeter() {
        timer_.setInterval(20);
        QObject::connect(&timer_, &QTimer::timeout,
                         [this] { maxGap_ = std::max(maxGap_, clock_.restart()); });
        clock_.start();
        timer_.start();
    }
    qint64 maxGapMs() const { return maxGap_; }

  private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 maxGap_ = 0;
};

// Starts the dialog and waits until the run is over; returns the longest GUI freeze.
qint64 runToEnd(IndexDialog* d, int timeoutMs) {
    FreezeMeter meter;
    d->startButton()->click();
    QElapsedTimer t;
    t.start();
    while (!isDone(d->state()) && t.elapsed() < timeoutMs)
        QTest::qWait(20);
    return meter.maxGapMs();
}

void saveScreenshot(QWidget* w, const QString& name) {
    const QByteArray dir = qgetenv("LKMINE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name);
}

} // namespace

class IndexDialogTest : public QObject {
    Q_OBJECT
  private slots:
    void emptyStateCreatesTheSampleIndex() {
        QString err;
        const QString lore = sampleLore(&err);
        QVERIFY2(!lore.isEmpty(), qPrintable(err));
        QTemporaryDir tmp;
        const QString db = tmp.path() + QStringLiteral("/db");
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(db);
        w.show();
        WAIT_SETTLED(w);
        QVERIFY(!w.hasIndex());
        QVERIFY(w.createIndexButton()->isVisible());

        w.createIndexButton()->click();
        IndexDialog* d = w.indexDialog();
        QVERIFY(d && d->isVisible());
        QCOMPARE(d->dbDir(), db); // the --db the window got
        QCOMPARE(d->state(), State::Idle);
        d->setSources({lore + QStringLiteral("/linux-demo")});
        QSignalSpy ready(d, &IndexDialog::indexReady);
        const qint64 gap = runToEnd(d, 120000);
        QCOMPARE(d->state(), State::Finished);
        QVERIFY2(d->outcome().problems.isEmpty(),
                 qPrintable(d->outcome().problems.join(QLatin1Char('\n'))));
        // The sample's 32 mails in 7 threads (corpora/README.md, tests/indexer/index_counts).
        QCOMPARE(d->outcome().read, std::size_t(32));
        QCOMPARE(d->outcome().mailsInIndex, std::size_t(32));
        QCOMPARE(d->outcome().threads, std::size_t(7));
        QVERIFY(d->resultLabel()->text().contains(QLatin1String("32 mails in 7 threads")));
        QCOMPARE(ready.count(), qsizetype(1));
        QCOMPARE(ready.first().first().toString(), db);
        const QJsonObject stats = cliJson(
            {QStringLiteral("stats"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QCOMPARE(stats.value(QStringLiteral("mails")).toInt(), 32);
        QVERIFY2(gap < 2000, qPrintable(QStringLiteral("GUI froze %1 ms").arg(gap)));

        // The window opened the new index and shows its mails, the newest selected.
        QTRY_VERIFY_WITH_TIMEOUT(w.hasIndex(), 15000);
        WAIT_SETTLED(w);
        QVERIFY(!w.createIndexButton()->isVisible());
        QVERIFY(w.resultsView()->isVisible());
        QCOMPARE(w.resultsModel()->rowCount(), 32);
        QTRY_VERIFY_WITH_TIMEOUT(!w.messageView()->messageId().isEmpty(), 15000);
        w.runQuery(QStringLiteral("s:ringbuf_resize"));
        WAIT_SETTLED(w);
        QVERIFY(w.resultsModel()->rowOfMessageId(
                    QStringLiteral("20240212-ringbuf-resize-v2-1-8b1d4f6a2e90@example.com")) >= 0);

        // Close, then File > New index… on the open index: the mbox of the same mails adds
        // nothing, and the inbox again reads nothing (its saved position is at the end).
        d->cancelButton()->click(); // "Close" once finished
        QTRY_VERIFY(!w.indexDialog());
        w.newIndexAction()->trigger();
        d = w.indexDialog();
        QVERIFY(d);
        QCOMPARE(d->dbDir(), db);
        d->setSources(
            {lore + QStringLiteral("/linux-demo"), lore + QStringLiteral("/linux-demo.mbox")});
        runToEnd(d, 120000);
        QCOMPARE(d->state(), State::Finished);
        QCOMPARE(d->outcome().read, std::size_t(32));
        QCOMPARE(d->outcome().added, std::size_t(0));
        QCOMPARE(d->outcome().duplicates, std::size_t(32));
        QCOMPARE(d->outcome().mailsInIndex, std::size_t(32));
        QCOMPARE(allIds(db).size(), qsizetype(32));
    }

    void gitTreeLinksAsTheCliDoes() {
        QString err;
        const QString lore = sampleLore(&err);
        const QString kernel = sampleKernel(&err);
        const QString cliDb = sampleIndex(&err); // `lkmine index --git KERNEL ... linux-demo`
        QVERIFY2(!lore.isEmpty() && !kernel.isEmpty() && !cliDb.isEmpty(), qPrintable(err));
        QTemporaryDir tmp;
        IndexDialog d(tmp.path() + QStringLiteral("/db"));
        d.show();
        d.setSources({lore + QStringLiteral("/linux-demo")});
        d.setGitTree(kernel);
        runToEnd(&d, 180000);
        QCOMPARE(d.state(), State::Finished);
        QVERIFY2(d.outcome().problems.isEmpty(),
                 qPrintable(d.outcome().problems.join(QLatin1Char('\n'))));
        QVERIFY(!d.outcome().linkSummary.isEmpty());
        const auto ours = patchLinks(d.dbDir());
        const auto cli = patchLinks(cliDb);
        QVERIFY(!cli.empty()); // the sample has merged patches (corpora/README.md)
        std::printf("[ info ] dialog with a git tree: %zu linked patch mails (CLI: %zu)\n",
                    ours.size(), cli.size());
        QCOMPARE(ours.size(), cli.size());
        QVERIFY(ours == cli);
        // The link stage indexed the same commits.
        QStringList commits = allIds(d.dbDir(), "type:commit");
        QStringList cliCommits = allIds(cliDb, "type:commit");
        commits.sort();
        cliCommits.sort();
        QVERIFY(!commits.isEmpty());
        QCOMPARE(commits, cliCommits);
    }

    void problemsAreShownNotCrashed() {
        QTemporaryDir tmp;
        const QString db = tmp.path() + QStringLiteral("/db");
        IndexDialog d(db);
        d.show();
        // Nothing chosen, then a path that does not exist: said at once, nothing started.
        d.startButton()->click();
        QCOMPARE(d.state(), State::Idle);
        QVERIFY(d.resultLabel()->text().contains(QLatin1String("Add a mail source")));
        d.setSources({tmp.path() + QStringLiteral("/no-such-mirror")});
        d.startButton()->click();
        QCOMPARE(d.state(), State::Idle);
        QVERIFY(d.resultLabel()->text().contains(QLatin1String("does not exist")));

        // A directory holding no mail: the worker finds out, the dialog says so.
        const QString junk = tmp.path() + QStringLiteral("/junk");
        QVERIFY(QDir().mkpath(junk));
        QFile f(junk + QStringLiteral("/picture.png"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        f.close();
        d.setSources({junk});
        runToEnd(&d, 60000);
        QCOMPARE(d.state(), State::Failed);
        QVERIFY(!d.resultLabel()->text().isEmpty());
        QVERIFY2(d.resultLabel()->text().contains(junk), qPrintable(d.resultLabel()->text()));
        QVERIFY(d.startButton()->isEnabled()); // the user can fix the path and retry
        QVERIFY(!QDir(db).exists());           // no empty index left behind
    }

    void cancelThenResumeReadsEachMailOnce() {
        const QString inbox = mapleCorpus().replace(QStringLiteral("/maple-tree-thread"),
                                                    QStringLiteral("/public-inbox/linux-fscrypt"));
        if (!QDir(inbox).exists()) {
            if (inCi()) QFAIL("shared corpus public-inbox/linux-fscrypt missing");
            QSKIP("shared corpus public-inbox/linux-fscrypt not found");
        }
        const QJsonObject truth = mailTruth(inbox + QStringLiteral("/git/0.git"));
        QVERIFY(truth.value(QStringLiteral("read")).toInt() > 7000);
        QTemporaryDir tmp;
        const QString db = tmp.path() + QStringLiteral("/db");
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(db);
        w.show();
        WAIT_SETTLED(w);
        IndexDialog* d = w.showIndexDialog();
        d->setSources({inbox});
        FreezeMeter meter;
        std::size_t read = 0;

        // 1. Cancel right after Start.
        d->startButton()->click();
        QVERIFY(d->isRunning());
        d->cancelButton()->click();
        QCOMPARE(d->state(), State::Cancelling);
        QVERIFY(!d->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(isDone(d->state()), 120000);
        QCOMPARE(d->state(), State::Cancelled);
        QCOMPARE(d->startButton()->text(), QStringLiteral("Resume"));
        const std::size_t read1 = d->outcome().read;
        read += read1;
        QVERIFY(read1 < 7000);
        QTRY_VERIFY_WITH_TIMEOUT(w.hasIndex(), 15000); // a cancelled index opens too

        // 2. Resume, cancel once mails are flowing: what was read is committed and searchable.
        d->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(d->progressBar()->value() >= 500, 120000);
        saveScreenshot(d, QStringLiteral("dialog.png"));
        QVERIFY(d->statusLabel()->text().contains(QLatin1String("mails/s")));
        d->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(isDone(d->state()), 120000);
        QCOMPARE(d->state(), State::Cancelled);
        const std::size_t read2 = d->outcome().read;
        read += read2;
        QVERIFY(read2 >= 500);
        QVERIFY(d->outcome().mailsInIndex > 0);
        QVERIFY(d->outcome().mailsInIndex <
                std::size_t(truth.value(QStringLiteral("mails")).toInt()));
        WAIT_SETTLED(w);
        QVERIFY(w.hasIndex());
        QVERIFY(w.resultsModel()->rowCount() > 0); // the window shows what was kept

        // 3. Resume to the end: every item of the epoch was read exactly once over the runs.
        d->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(isDone(d->state()), 300000);
        QCOMPARE(d->state(), State::Finished);
        read += d->outcome().read;
        std::printf("[ info ] cancel/resume: runs read %zu + %zu + %zu = %zu mails; GUI max gap "
                    "%lld ms\n",
                    read1, read2, d->outcome().read, read,
                    static_cast<long long>(meter.maxGapMs()));
        QCOMPARE(read, std::size_t(truth.value(QStringLiteral("read")).toInt()));
        QCOMPARE(d->outcome().mailsInIndex,
                 std::size_t(truth.value(QStringLiteral("mails")).toInt()));
        QCOMPARE(d->outcome().threads, std::size_t(truth.value(QStringLiteral("threads")).toInt()));
        const QStringList ids = allIds(db);
        QSet<QString> want;
        for (const auto& v : truth.value(QStringLiteral("ids")).toArray())
            want.insert(v.toString());
        QCOMPARE(ids.size(), want.size());                      // each mail once
        QVERIFY(QSet<QString>(ids.begin(), ids.end()) == want); // and the same mails
        QVERIFY2(meter.maxGapMs() < 2000,
                 qPrintable(QStringLiteral("GUI froze %1 ms").arg(meter.maxGapMs())));
    }
};

QObject* makeIndexDialogTest() {
    return new IndexDialogTest;
}

} // namespace lkmine::gui::test

#include "index_dialog_test.moc"
