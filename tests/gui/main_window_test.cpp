// MainWindow driven offscreen like a user: query, result, thread, diff, links, keys, screenshot.
#include "gui/colours.hpp"
#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QImage>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextCursor>
#include <QTreeView>
#include <QTreeWidget>

namespace lkmine::gui::test {

namespace {

const QString kSeed = QString::fromLatin1(kSeedId);
const QString kLiam17 = QStringLiteral("20220718134541.ucbpuqdfcnfxravx@revolver");
const QString kLiam20 = QStringLiteral("20220718174733.dya2xjigqeud6clx@revolver");
const QString kLiam13 = QStringLiteral("20220718022718.wtlw7grwp6dv5fcp@revolver");

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
  private slots:
    void emptyStateSaysHowToIndex() {
        QTemporaryDir tmp;
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(tmp.path() + QStringLiteral("/none"));
        w.show();
        WAIT_SETTLED(w);
        QVERIFY(!w.hasIndex());
        QVERIFY(w.emptyState()->isVisible());
        QVERIFY(w.emptyState()->text().contains(QStringLiteral("lkmine index --db ") + tmp.path()));
    }
    void searchSelectThreadDiffLink() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        WAIT_SETTLED(w);
        QVERIFY(w.hasIndex());

        // Type a query and press Enter.
        w.queryBar()->setFocus();
        QTest::keyClicks(w.queryBar(), QStringLiteral("f:hughd@google.com"));
        QTest::keyClick(w.queryBar(), Qt::Key_Return);
        WAIT_SETTLED(w);
        QCOMPARE(w.resultsModel()->rowCount(), 6);
        QVERIFY(w.queryBar()->history().contains(QStringLiteral("f:hughd@google.com")));

        // Select the seed result: its thread and the mail show up.
        const int row = w.resultsModel()->rowOfMessageId(kSeed);
        QVERIFY(row >= 0);
        w.resultsView()->setCurrentIndex(w.resultsModel()->index(row, 0));
        WAIT_SETTLED(w);
        QCOMPARE(w.threadModel()->entryCount(), 18);
        QCOMPARE(w.threadView()->currentIndex().data(RoleMessageId).toString(), kSeed);
        QCOMPARE(w.messageView()->messageId(), kSeed);
        QVERIFY(w.messageView()->toPlainText().contains(QLatin1String("Hugh Dickins")));

        // Hugh's reply has no diff: the view shows the one it discusses, Liam's attached fix (13).
        QCOMPARE(w.diffView()->messageId(), kLiam13);
        QVERIFY(w.diffView()->caption().startsWith(QLatin1String("Diff discussed")));
        QVERIFY(w.diffView()->fileCount() >= 1);
        QCOMPARE(w.diffView()->fileList()->topLevelItem(0)->text(0),
                 QStringLiteral("lib/maple_tree.c"));
        QVERIFY(
            w.diffView()->textView()->toPlainText().contains(QLatin1String("mas_wr_node_store")));

        // Switch to the diff and jump to the first hunk from the file list.
        w.setView(MainWindow::View::Diff);
        QTreeWidgetItem* file = w.diffView()->fileList()->topLevelItem(0);
        QVERIFY(file->childCount() >= 1);
        w.diffView()->fileList()->setCurrentItem(file->child(0));
        const int hunk = w.diffView()->hunkLine(0, 0);
        QVERIFY(hunk > 0);
        QCOMPARE(w.diffView()->textView()->textCursor().blockNumber(), hunk);
        QVERIFY(
            w.diffView()->textView()->textCursor().block().text().startsWith(QLatin1String("@@")));

        // Follow the In-Reply-To link with a mouse click: it jumps within the thread.
        MessageView* mv = w.messageView();
        const int pos =
            mv->anchorPosition(QStringLiteral("mid:") + QUrl::toPercentEncoding(kLiam17));
        QVERIFY(pos >= 0);
        QTextCursor c(mv->document());
        c.setPosition(pos + 2);
        const QPoint at = mv->cursorRect(c).center();
        QTest::mouseClick(mv->viewport(), Qt::LeftButton, {}, at);
        WAIT_SETTLED(w);
        QCOMPARE(w.threadView()->currentIndex().data(RoleMessageId).toString(), kLiam17);
        QCOMPARE(w.messageView()->messageId(), kLiam17);

        // Esc goes back to where the link was followed.
        QTest::keyClick(w.messageView(), Qt::Key_Escape);
        WAIT_SETTLED(w);
        QCOMPARE(w.messageView()->messageId(), kSeed);

        // n / p walk the thread in display order: after 19 comes Liam's do_brk_munmap (20).
        w.threadView()->setFocus();
        QTest::keyClick(w.threadView(), Qt::Key_N);
        WAIT_SETTLED(w);
        QCOMPARE(w.messageView()->messageId(), kLiam20);
        QTest::keyClick(w.threadView(), Qt::Key_P);
        WAIT_SETTLED(w);
        QCOMPARE(w.messageView()->messageId(), kSeed);

        // Reloading the thread (F5) keeps the selection.
        QTest::keyClick(w.threadView(), Qt::Key_F5);
        WAIT_SETTLED(w);
        QCOMPARE(w.threadView()->currentIndex().data(RoleMessageId).toString(), kSeed);

        // "/" focuses the query bar.
        // (offscreen can leave a hidden completion list as the active window)
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(w.threadView(), Qt::Key_Slash);
        QTRY_VERIFY(w.queryBar()->hasFocus());
    }
    void openByLoreUrlAndPrefixCompletion() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.openMessage(QStringLiteral("https://lore.kernel.org/linux-mm/") + kSeed +
                      QStringLiteral("/T/#u"));
        w.show();
        WAIT_SETTLED(w);
        QCOMPARE(w.messageView()->messageId(), kSeed);

        w.queryBar()->setFocus();
        QTest::keyClicks(w.queryBar(), QStringLiteral("dfn:mm/mmap.c df"));
        QCOMPARE(w.queryBar()->wordUnderCursor(), QStringLiteral("df"));
        QCompleter* comp = w.queryBar()->prefixCompleter();
        QStringList offered;
        for (int i = 0; comp->setCurrentRow(i); ++i)
            offered << comp->currentCompletion();
        QVERIFY(offered.contains(QStringLiteral("dfhh:")));
        QVERIFY(offered.contains(QStringLiteral("dfn:")));
        QVERIFY(!offered.contains(QStringLiteral("s:")));
    }
    void screenshotBinary() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        QTemporaryDir tmp;
        const QString png = tmp.path() + QStringLiteral("/thread.png");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LKMINE_GUI_BINARY),
                {QStringLiteral("--db"), dir, QStringLiteral("--open"), kSeed,
                 QStringLiteral("--view"), QStringLiteral("diff"), QStringLiteral("--size"),
                 QStringLiteral("1280x720"), QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QImage img(png);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(1280, 720));
        // Not a blank window: the diff's green and red backgrounds are in the picture.
        bool green = false, red = false;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2) {
                const QRgb c = img.pixel(x, y);
                green |= c == colours().addedBg.rgb();
                red |= c == colours().removedBg.rgb();
            }
        QVERIFY(green);
        QVERIFY(red);
    }
};

QObject* makeMainWindowTest() {
    return new MainWindowTest;
}

} // namespace lkmine::gui::test

#include "main_window_test.moc"
