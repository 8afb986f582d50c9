// The symptom and commit views on the project sample, driven like a user, plus their screenshots.
#include "gui/item_roles.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/report_view.hpp"
#include "gui/store_worker.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"
#include "tests/support/where_trees.hpp"

#include <QtTest/QTest>

#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextCursor>
#include <QTreeView>
#include <QUrl>

namespace lkmine::gui::test {

namespace {

const QString kCulpritMail =
    QStringLiteral("20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com");
const QString kSysfsMail = QStringLiteral("20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com");
const QString kTitle = QStringLiteral("slab-use-after-free Read in ringbuf_pop");

int anchorPosition(const QTextDocument* doc, const QString& href) {
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().anchorHref() == href) return it.fragment().position();
    return -1;
}

// Clicks the first anchor with `href` in `view` with the mouse.
bool clickAnchor(ReportView* view, const QString& href) {
    const int pos = anchorPosition(view->document(), href);
    if (pos < 0) return false;
    QTextCursor c(view->document());
    c.setPosition(pos + 2);
    view->setTextCursor(c);
    view->ensureCursorVisible();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->cursorRect(c).center());
    return true;
}

QString midHref(const QString& id) {
    return QStringLiteral("mid:") + QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace

class ReportsTest : public QObject {
    Q_OBJECT
  private slots:
    void symptomShowsBugBisectionAndOpensCulpritThread() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        WAIT_SETTLED_FOR(w, 20000);
        w.showSymptom(kTitle);
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.sideTabs()->currentWidget(), static_cast<QWidget*>(w.symptomView()));
        QCOMPARE(w.symptomView()->kind(), QStringLiteral("symptom"));
        const QString text = w.symptomView()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("3f1c2a9e8b7d6c5e4f0a")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("culprit 558ddf0842cf")));
        // The timeline: the v0.1 release tested good, the culprit itself bad.
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("good\\s+e5b4ee786213 v0\\.1"))));
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("bad\\s+558ddf0842cf"))));
        QVERIFY(text.contains(QLatin1String("KASAN: slab-use-after-free Write in ringbuf_push")));
        QVERIFY(
            text.contains(QLatin1String("lkdemo: hold the device lock across ringbuf_resize()")));
        QVERIFY(w.symptomView()->hrefs().contains(
            QStringLiteral("sha:558ddf0842cfa4df6dced9ffde150b81787d4144")));

        // Click the culprit's patch mail: its thread opens with that mail selected.
        QVERIFY(clickAnchor(w.symptomView(), midHref(kCulpritMail)));
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.threadView()->currentIndex().data(RoleMessageId).toString(), kCulpritMail);
        QCOMPARE(w.messageView()->messageId(), kCulpritMail);
        QVERIFY(w.threadModel()->entryCount() >= 4);
        // A patch mail: the bar says what it became, with its method.
        QTRY_VERIFY(w.patchStatus()->text().startsWith(QLatin1String("merged as 558ddf0842cf")));
        QVERIFY(w.patchStatus()->text().contains(QLatin1String("patch-id")));
    }
    void commitOfCulpritIsIdenticalToItsPosting() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        w.showCommit(QStringLiteral("558ddf0842cf"));
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.commitView()->kind(), QStringLiteral("commit"));
        QCOMPARE(w.commitView()->subject(),
                 QStringLiteral("558ddf0842cfa4df6dced9ffde150b81787d4144"));
        const QString text = w.commitView()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("Release: v0.2")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("lkdemo: add LKDEMO_IOC_RESIZE ioctl")));
        QVERIFY(text.contains(QLatin1String("[PATCH v2 2/3]")));
        QVERIFY(text.contains(QLatin1Char('<') + kCulpritMail + QStringLiteral(">: identical")));
        // Two later commits name it in Fixes:, each clickable.
        QVERIFY(text.contains(QLatin1String("Fixed by (2)")));
        QVERIFY(w.commitView()->hrefs().contains(
            QStringLiteral("sha:cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc")));
        QVERIFY(text.contains(QLatin1String("cause bisection of 3f1c2a9e8b7d6c5e4f0a")));

        // A posting mail is a link into the thread view.
        w.commitView()->activateHref(midHref(kCulpritMail));
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.messageView()->messageId(), kCulpritMail);
    }
    void commitFoundBySearchShowsItsReport() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        // The commit 558ddf0842cf by its patch id (corpora/README.md): a commit, not a mail.
        w.runQuery(QStringLiteral("type:commit patchid:743f5dc5bc35d35dc1f18bc215f162b8c175dc8c"));
        WAIT_SETTLED_FOR(w, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(w.commitView()->subject(),
                                  QStringLiteral("558ddf0842cfa4df6dced9ffde150b81787d4144"),
                                  15000);
        QCOMPARE(w.sideTabs()->currentWidget(), static_cast<QWidget*>(w.commitView()));
        QCOMPARE(w.commitView()->kind(), QStringLiteral("commit"));
        QVERIFY(w.commitView()->toPlainText().contains(QLatin1String("Release: v0.2")));
    }
    void commitChangedOnMergeShowsInterdiff() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        w.showCommit(QStringLiteral("a4389c2e"));
        WAIT_SETTLED_FOR(w, 20000);
        const QString text = w.commitView()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("differs")), qPrintable(text));
        // The maintainer's change: sprintf as posted, sysfs_emit as merged.
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("\\+\\+\\s+return sysfs_emit"))));
        QVERIFY(text.contains(QRegularExpression(QStringLiteral("-\\+\\s+return sprintf"))));
    }
    void patchMailSaysMergedAsAndOpensCommit() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        w.openMessage(kSysfsMail);
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.messageView()->messageId(), kSysfsMail);
        const QString status = w.patchStatus()->text();
        QVERIFY2(status.startsWith(QLatin1String("merged as a4389c2e")), qPrintable(status));
        QVERIFY(status.contains(QLatin1String("fuzzy")));
        QVERIFY(status.contains(QLatin1String("v0.2")));
        QVERIFY(w.commitButton()->isVisible());
        QVERIFY(!w.symptomButton()->isVisible()); // a patch, not a syzbot mail
        QTest::mouseClick(w.commitButton(), Qt::LeftButton);
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.sideTabs()->currentWidget(), static_cast<QWidget*>(w.commitView()));
        QVERIFY(w.commitView()->subject().startsWith(QLatin1String("a4389c2e")));
    }
    void syzbotReportOffersItsSymptom() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        // The bug's report mail, found through the symptom report itself.
        w.showSymptom(kTitle);
        WAIT_SETTLED_FOR(w, 20000);
        QString report;
        for (const QString& h : w.symptomView()->hrefs())
            if (h.contains(QLatin1String("google.com"))) {
                report = QUrl::fromPercentEncoding(h.mid(4).toLatin1());
                break;
            }
        QVERIFY(!report.isEmpty());
        w.symptomView()->showPlaceholder(QString());
        w.openMessage(report);
        WAIT_SETTLED_FOR(w, 20000);
        QVERIFY(w.symptomButton()->isVisible());
        QVERIFY(w.patchStatus()->text().isEmpty());
        QTest::mouseClick(w.symptomButton(), Qt::LeftButton);
        WAIT_SETTLED_FOR(w, 20000);
        QVERIFY(w.symptomView()->toPlainText().contains(QLatin1String("3f1c2a9e8b7d6c5e4f0a")));
        // Ctrl+Shift+S asks for a title: the action is there with its shortcut.
        bool found = false;
        for (QAction* a : w.actions())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)) found = true;
        QVERIFY(found);
    }
    // A v2 patch of the sample: its commit panel lists v1 and v2 (links to their covers) and the
    // range-diff between the revisions chosen in the two combo boxes; the pairs are the ones read
    // by hand from the mails (tests/indexer/range_diff_cli_test.cpp).
    void revisionsAndRangeDiffOfAPatch() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        w.openMessage(kCulpritMail);
        WAIT_SETTLED_FOR(w, 20000);
        w.showCommit(kCulpritMail);
        WAIT_SETTLED_FOR(w, 20000);
        ReportView* v = w.commitView();
        QCOMPARE(w.sideTabs()->currentWidget(), static_cast<QWidget*>(v));
        QCOMPARE(v->revisionCount(), 2);
        QVERIFY(v->rangeFrom()->isVisible());
        QCOMPARE(v->rangeFrom()->currentIndex(), 0);
        QCOMPARE(v->rangeTo()->currentIndex(), 1);
        QString text = v->toPlainText();
        QVERIFY2(text.contains(QLatin1String("Revisions (2)")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("[PATCH 0/3] ringbuf: resizable rings for lkdemo")));
        QVERIFY(v->hrefs().contains(
            midHref(QStringLiteral("20240205-ringbuf-resize-v1-0-3c9f1e2d7a44@example.com"))));
        QVERIFY(text.contains(QStringLiteral("Range-diff v1 → v2")));
        QVERIFY(text.contains(QLatin1String("1 same, 2 changed, 0 dropped, 0 new")));
        QVERIFY(text.contains(QLatin1String(
            "  1:  ringbuf: add ringbuf_resize() = 1:  ringbuf: add ringbuf_resize()\n"
            "  2:  lkdemo: add LKDEMO_IOC_RESIZE ioctl ! 2:  lkdemo: add "
            "LKDEMO_IOC_RESIZE ioctl\n")));
        QVERIFY(text.contains(QLatin1String(
            "      ++#define LKDEMO_IOC_RESIZE\t_IOW(LKDEMO_IOC_MAGIC, 1, __u32)\n")));
        QVERIFY(
            text.contains(QLatin1String("  3:  lkdemo: expose ring size and fill level in sysfs "
                                        "! 3:  lkdemo: expose ring size")));
        // The commit report is still there above it.
        QVERIFY(text.contains(QLatin1String("Posted vs merged")));

        // v2 against itself: every patch the same.
        v->rangeFrom()->setCurrentIndex(1);
        WAIT_SETTLED_FOR(w, 20000);
        text = v->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Range-diff v2 → v2")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("3 same, 0 changed, 0 dropped, 0 new")));
        QCOMPARE(text.count(QLatin1String("Revisions (2)")), 1); // rebuilt in place
        // Each subject is a link to its mail: a click opens it in the thread view.
        QVERIFY(clickAnchor(
            v, midHref(QStringLiteral("20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com"))));
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.messageView()->messageId(),
                 QStringLiteral("20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com"));
    }
    // Issue 18: the commit panel shows where a commit is now, step by step as `lkmine commit`
    // prints it, on the small multi-branch fixture (tests/support/where_trees.hpp).
    void commitPanelWhereTrail() {
        QTemporaryDir tmp;
        auto sh = [&](const QString& script) {
            QProcess p;
            p.setWorkingDirectory(tmp.path());
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QStringLiteral("bash"), {QStringLiteral("-c"), script});
            p.waitForFinished(240000);
            const QString out = QString::fromUtf8(p.readAll()).trimmed();
            return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0
                       ? out
                       : QStringLiteral("FAILED: ") + out;
        };
        QVERIFY(!sh(QString::fromUtf8(lkmine::test::kWhereTreesScript)).startsWith("FAILED"));
        const QString db = tmp.filePath(QStringLiteral("db"));
        QStringList args{QStringLiteral("index"), QStringLiteral("-q"), QStringLiteral("--db"), db};
        for (const char* repo : {"linux", "linux-next", "mm"})
            args << QStringLiteral("--git") << tmp.filePath(QLatin1String(repo));
        for (const char* ref : lkmine::test::kWhereTreesRefs)
            args << QStringLiteral("--git-ref") << QLatin1String(ref);
        args << tmp.filePath(QStringLiteral("posted.mbox"));
        QProcess index;
        index.setProcessChannelMode(QProcess::MergedChannels);
        index.start(QStringLiteral(LKMINE_BINARY), args);
        QVERIFY(index.waitForFinished(240000));
        QVERIFY2(index.exitCode() == 0, index.readAll().constData());
        const QString fix =
            sh(QStringLiteral("git -C linux log --format=%H -1 --grep='^mm: fix leak' master"));
        const QString b1 = sh(QStringLiteral("git -C linux rev-parse linux-6.1.y~1"));
        const QString tracing =
            sh(QStringLiteral("git -C linux log --format=%H -1 --grep='^mm: add tracing' master"));
        const QString revert =
            sh(QStringLiteral("git -C linux log --format=%H -1 --grep='This reverts' master"));
        const QString g = sh(QStringLiteral("git -C linux rev-parse 'v6.3-rc1^{commit}'"));
        const QString b2 = sh(QStringLiteral("git -C linux rev-parse linux-6.2.y"));
        for (const QString& sha : {fix, b1, tracing, revert, g, b2})
            QVERIFY2(sha.size() == 40, qPrintable(sha));

        MainWindow w;
        w.setPersistent(false);
        w.openIndex(db);
        w.show();
        WAIT_SETTLED_FOR(w, 20000);
        auto report = [&](const QString& sha) {
            w.showCommit(sha.left(12));
            QTRY_COMPARE_WITH_TIMEOUT(w.commitView()->subject(), sha, 15000);
        };
        auto hasLines = [&](const QStringList& want) {
            const QString text = w.commitView()->toPlainText();
            for (const QString& line : want)
                if (!text.contains(line)) {
                    qWarning("missing %s in\n%s", qPrintable(line), qPrintable(text));
                    return false;
                }
            return true;
        };
        const auto shaHref = [](const QString& sha) { return QStringLiteral("sha:") + sha; };

        report(fix);
        QVERIFY(
            hasLines({QStringLiteral("Where it is now"),
                      QStringLiteral("  posted       v2 2023-01-03 <fix-leak-v2@example.org>"),
                      QStringLiteral("  applied      in mm:mm-stable, 2023-01-03"),
                      QStringLiteral("  linux-next   linux-next:master (first in next-20230105)"),
                      QStringLiteral("  mainline     v6.2 (first in v6.2-rc1)"),
                      QStringLiteral("  stable 6.1   %1 in v6.1.1, 2023-01-11 (upstream-line)")
                          .arg(b1.left(12))}));
        QVERIFY(!w.commitView()->toPlainText().contains(QLatin1String("reverted by")));
        QVERIFY(w.commitView()->hrefs().contains(shaHref(b1)) ||
                w.commitView()->hrefs().contains(shaHref(b1.left(12))));
        // The posting and the backport are links: Enter on them opens the mail / that commit.
        QVERIFY(w.commitView()->hrefs().filter(QStringLiteral("fix-leak-v2")).size() >= 1);

        report(g);
        QVERIFY(
            hasLines({QStringLiteral("  mainline     v6.3 (first in v6.3-rc1)"),
                      QStringLiteral("  stable 6.1   %1 in v6.1.2, 2023-01-13 (patch-id)")
                          .arg(sh(QStringLiteral("git -C linux rev-parse linux-6.1.y")).left(12)),
                      QStringLiteral("  stable 6.2   %1 in v6.2.1, 2023-01-15 (upstream-line)")
                          .arg(b2.left(12))}));
        QVERIFY(!w.commitView()->toPlainText().contains(QLatin1String("applied      in")));

        report(b2);
        QVERIFY(hasLines({QStringLiteral("  stable 6.2   in linux:linux-6.2.y"),
                          QStringLiteral("  backport of  %1 (upstream-line)").arg(g.left(12))}));

        report(tracing);
        QVERIFY(hasLines({QStringLiteral("  reverted by  %1 Revert \"mm: add tracing to alloc\", "
                                         "2023-01-08")
                              .arg(revert.left(12))}));
    }

    void unknownCommitSaysSo() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.showCommit(QStringLiteral("deadbeefdeadbeef"));
        WAIT_SETTLED_FOR(w, 20000);
        QCOMPARE(w.commitView()->kind(), QString());
        QVERIFY(w.commitView()->toPlainText().contains(QLatin1String("deadbeefdeadbeef")));
    }
    void screenshotsOfBothViews() {
        LKMINE_GUI_REQUIRE_SAMPLE(dir);
        QTemporaryDir tmp;
        const QList<QStringList> runs = {{QStringLiteral("--view"), QStringLiteral("symptom"),
                                          QStringLiteral("--query"), kTitle},
                                         {QStringLiteral("--view"), QStringLiteral("commit"),
                                          QStringLiteral("--open"), kSysfsMail}};
        int n = 0;
        for (const QStringList& args : runs) {
            const QString png = tmp.path() + QStringLiteral("/%1.png").arg(n++);
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(LKMINE_GUI_BINARY),
                    QStringList{QStringLiteral("--db"), dir} + args +
                        QStringList{QStringLiteral("--size"), QStringLiteral("1280x720"),
                                    QStringLiteral("--screenshot"), png});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            QImage img(png);
            QVERIFY(!img.isNull());
            QVERIFY(img.width() >= 800);
        }
    }
};

QObject* makeReportsTest() {
    return new ReportsTest;
}

} // namespace lkmine::gui::test

#include "reports_test.moc"
