// The keyboard-only walk of issue 16: open the maple-tree thread, read every mail with j/n,
// see mail 13's attached patch with its changelog, save mail 12's attachment. No mouse.
#include "gui/item_roles.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/results_model.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTreeView>

namespace lkmine::gui::test {

#define WAIT_SETTLED(w) QTRY_VERIFY_WITH_TIMEOUT((w).isSettled(), 15000)

class KeyboardWalkTest : public QObject {
    Q_OBJECT

    MainWindow* w_ = nullptr;
    // A key as the user types it: to the widget the window gave the keyboard focus (the
    // window's own focus widget: offscreen, activation can linger on a closed popup).
    void type(Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* f = w_->focusWidget();
        QVERIFY(f);
        QTest::keyClick(f, key, mods);
    }
    bool focused(QWidget* widget) const { return w_->focusWidget() == widget; }

  private slots:
    void readTheThreadWithKeysOnly() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        QTemporaryDir downloads;
        MainWindow w;
        w_ = &w;
        w.setPersistent(false);
        w.setSaveDirectory(downloads.path());
        w.openIndex(dir);
        w.showNewest();
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        WAIT_SETTLED(w);

        // The start lists the newest threads with the keyboard in the results (a query typed
        // with Enter is covered by MailActionsTest::keymap): j takes the first, the newest
        // thread, which is the maple-tree discussion.
        w.resultsView()->setFocus();
        QVERIFY(focused(w.resultsView()));
        type(Qt::Key_J);
        WAIT_SETTLED(w);
        QCOMPARE(w.resultsView()->currentIndex().row(), 0);
        // Enter: into the thread; g: its first mail.
        type(Qt::Key_Return);
        QVERIFY(focused(w.threadView()));
        type(Qt::Key_G);
        WAIT_SETTLED(w);
        QVERIFY(w.threadModel()->entryCount() >= 18);

        // n through every mail of the thread, each shown in turn.
        QSet<QString> read;
        QString previous;
        bool sawChangelog = false, savedXz = false;
        for (int guard = 0; guard < 40; ++guard) {
            const QString id = w.messageView()->messageId();
            QVERIFY(!id.isEmpty());
            if (id == previous) break; // n at the last mail stays there
            previous = id;
            read.insert(id);
            const QString text = w.messageView()->toPlainText();
            if (id == QLatin1String("20220718022718.wtlw7grwp6dv5fcp@revolver")) {
                // Mail 13: the attached patch with its changelog, trailers and diffstat.
                sawChangelog = text.contains(QLatin1String("Subject: [PATCH] maple_tree: Fix stale "
                                                           "data copy in mas_wr_node_store()")) &&
                               text.contains(QLatin1String("Fixes: 2ee236fe53a8")) &&
                               text.contains(QLatin1String(
                                   " 1 file changed, 43 insertions(+), 13 deletions(-)"));
            }
            if (id == QLatin1String("fc9c2193-f5d7-d494-8e4e-c9f340ae8625@google.com")) {
                type(Qt::Key_S); // mail 12: save its messages.xz
                QFile f(QDir(downloads.path()).filePath(QStringLiteral("messages.xz")));
                savedXz = f.open(QIODevice::ReadOnly) && f.readAll().startsWith("\xfd"
                                                                                "7zXZ");
            }
            type(Qt::Key_N);
            WAIT_SETTLED(w);
        }
        int indexed = 0;
        for (QModelIndex i = w.threadModel()->index(0, 0); i.isValid();
             i = w.threadView()->indexBelow(i))
            indexed += i.data(RoleIsGhost).toBool() ? 0 : 1;
        QCOMPARE(read.size(), indexed);
        QVERIFY(read.size() >= 18);
        QVERIFY(sawChangelog);
        QVERIFY(savedXz);
        // And back up with p, then the mail pane scrolls by lines with j.
        type(Qt::Key_P);
        WAIT_SETTLED(w);
        QVERIFY(w.messageView()->messageId() != previous);
    }
};

QObject* makeKeyboardWalkTest() {
    return new KeyboardWalkTest;
}

} // namespace lkmine::gui::test

#include "keyboard_walk_test.moc"
