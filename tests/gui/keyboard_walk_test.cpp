// The keyboard-only walk of issue 16, as one test: an empty window, a query typed and Enter, the
// maple-tree thread opened and every mail read with n, mail 12's attachment saved with s (its
// bytes checked against Python's email package), mail 13's attached patch seen with its
// changelog, two review comments made on its diff lines and a Reviewed-by, the reply sent with
// Alt+S through msmtp to a real SMTP server on 127.0.0.1. No mouse event anywhere.
#include "core/mail/parse.hpp"
#include "gui/diff_comments.hpp"
#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/reply_actions.hpp"
#include "gui/reply_dialog.hpp"
#include "gui/results_model.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"
#include "ingest/reply_settings.hpp"

#include <QtTest/QTest>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTimer>
#include <QTreeView>
#include <memory>

namespace lkmine::gui::test {

namespace {

const QString kMail12 = QStringLiteral("fc9c2193-f5d7-d494-8e4e-c9f340ae8625@google.com");
const QString kMail13 = QStringLiteral("20220718022718.wtlw7grwp6dv5fcp@revolver");

// The two comments of tests/cli/golden/reply-maple-13-review.eml: the first diff line each is
// about, how many lines, and the text typed.
struct Review {
    QString firstLine;
    int lines;
    QString text;
};
const Review kReviews[] = {
    {QStringLiteral("-\trcu_assign_pointer(dst_slots[dst_offset++]"), 2,
     QStringLiteral("Without the post-increment here, dst_offset now points at the\n"
                    "slot just written: please say so in the comment below, the goto skips the\n"
                    "increment.")},
    {QStringLiteral("+\tif (wr_mas->offset_end > wr_mas->node_end || mas->last"), 4,
     QStringLiteral("Is mas->last >= mas->max also right for a range that\n"
                    "ends below the node maximum but overwrites the rest of the data?")},
};

QString pythonWithAiosmtpd() {
    for (const QString& p : {QStringLiteral("/usr/bin/python3"), QStringLiteral("python3")})
        if (QProcess::execute(p, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")}) == 0)
            return p;
    return {};
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int blockStarting(QPlainTextEdit* text, const QString& start) {
    for (QTextBlock b = text->document()->firstBlock(); b.isValid(); b = b.next())
        if (b.text().startsWith(start)) return b.blockNumber();
    return -1;
}

} // namespace

class KeyboardWalkTest : public QObject {
    Q_OBJECT

    MainWindow* w_ = nullptr;
    // A key as the user types it: to the widget that has the keyboard focus in `window` (the
    // window's own focus widget: offscreen, activation can linger on a closed popup).
    void typeIn(QWidget* window, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* f = keyboardIn(window);
        QVERIFY(f);
        QTest::keyClick(f, key, mods);
    }
    void type(Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier) { typeIn(w_, key, mods); }
    void typeText(QWidget* window, const QString& text) {
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (i > 0) typeIn(window, Qt::Key_Return);
            QTest::keyClicks(keyboardIn(window), lines[i]);
        }
    }
    // The application's focus widget when it is in `window`, else the window's own.
    static QWidget* keyboardIn(QWidget* window) {
        QWidget* app = QApplication::focusWidget();
        return app && app->window() == window ? app : window->focusWidget();
    }
    bool focused(QWidget* widget) const { return keyboardIn(w_) == widget; }
    // Offscreen there is no window manager to give the window back its activation when a
    // dialog or popup closes (X's does): its part, done here.
    void reactivate() {
        if (QApplication::activeWindow() == w_) return;
        w_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w_));
    }

    // In the diff view (keyboard in it): ] to the hunk holding the review's lines, the arrows
    // down to its first line, Shift+arrows over the rest, c, the comment typed, Ctrl+Enter.
    void comment(const Review& review) {
        reactivate();
        QPlainTextEdit* text = w_->diffView()->textView();
        QVERIFY(focused(text));
        const int target = blockStarting(text, review.firstLine);
        QVERIFY2(target > 0, qPrintable(review.firstLine));
        type(Qt::Key_Home, Qt::ControlModifier); // the cursor to the top of the diff
        QCOMPARE(text->textCursor().blockNumber(), 0);
        int hunksBefore = 0;
        for (int f = 0; f < w_->diffView()->fileCount(); ++f)
            for (int h = 0; w_->diffView()->hunkLine(f, h) >= 0; ++h)
                hunksBefore += w_->diffView()->hunkLine(f, h) < target ? 1 : 0;
        QVERIFY(hunksBefore > 0);
        for (int i = 0; i < hunksBefore; ++i)
            type(Qt::Key_BracketRight);
        for (int i = text->textCursor().blockNumber(); i < target; ++i)
            type(Qt::Key_Down);
        QCOMPARE(text->textCursor().blockNumber(), target);
        for (int i = 1; i < review.lines; ++i)
            type(Qt::Key_Down, Qt::ShiftModifier);
        type(Qt::Key_End, Qt::ShiftModifier);

        // c opens the comment editor (modal): typed into while it runs, as a user would.
        bool typed = false;
        QTimer::singleShot(0, this, [&] {
            QWidget* d = QApplication::activeModalWidget();
            if (!d || d->objectName() != QLatin1String("commentDialog")) return;
            typeText(d, review.text);
            typeIn(d, Qt::Key_Return, Qt::ControlModifier);
            typed = true;
        });
        auto over = std::make_shared<bool>(false);
        QTimer::singleShot(20000, this, [over] { // never hang on a dialog that took no keys
            if (QWidget* d = QApplication::activeModalWidget(); d && !*over) d->close();
        });
        const std::size_t before = w_->findChild<ReplyActions*>()->comments()->comments().size();
        type(Qt::Key_C);
        *over = true;
        QVERIFY2(typed, qPrintable(QStringLiteral("comment %1 not asked; active %2")
                                       .arg(before + 1)
                                       .arg(QApplication::activeWindow()
                                                ? QApplication::activeWindow()->objectName()
                                                : QStringLiteral("none"))));
        QCOMPARE(w_->findChild<ReplyActions*>()->comments()->comments().size(), before + 1);
    }

  private slots:
    void walkTheThreadWithKeysOnly() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        const QString python = pythonWithAiosmtpd();
        if (python.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("msmtp")).isEmpty()) {
            if (inCi()) QFAIL("msmtp or python3-aiosmtpd missing (scripts/install-deps.sh)");
            QSKIP("msmtp or python3-aiosmtpd missing");
        }
        // A real SMTP server on loopback, and msmtp configured for it in the reply settings
        // file the user would have written ($XDG_CONFIG_HOME is the test run's own).
        QTemporaryDir smtp, downloads;
        QProcess sink;
        sink.start(python,
                   {QStringLiteral(LKMINE_SOURCE_DIR "/tests/cli/smtp_sink.py"), smtp.path()});
        QVERIFY(sink.waitForStarted());
        auto stop = qScopeGuard([&] {
            sink.terminate();
            sink.waitForFinished();
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(smtp.filePath(QStringLiteral("port"))), 10000);
        const QString rc = smtp.filePath(QStringLiteral("msmtprc"));
        {
            QFile f(rc);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport " +
                    readAll(smtp.filePath(QStringLiteral("port"))) + "\nfrom jane@example.org\n");
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        const QString conf = QString::fromStdString(reply_config_path());
        QDir().mkpath(QFileInfo(conf).path());
        {
            QFile f(conf);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QStringLiteral("name = Jane Reviewer\nemail = jane@example.org\n"
                                   "send-with = sendmail\nsendmail = msmtp -C %1 -t\n")
                        .arg(rc)
                        .toUtf8());
        }
        auto dropConf = qScopeGuard([&] { QFile::remove(conf); });

        MainWindow w;
        w_ = &w;
        w.setPersistent(false);
        w.setSaveDirectory(downloads.path());
        w.openIndex(dir);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        WAIT_SETTLED(w);
        // An empty window: no query, no thread, no mail.
        QVERIFY(w.queryBar()->text().isEmpty());
        QCOMPARE(w.threadModel()->entryCount(), 0);
        QVERIFY(w.messageView()->messageId().isEmpty());

        // / (unless the query bar has the keyboard already), the query, Enter: the results.
        if (!focused(w.queryBar())) type(Qt::Key_Slash);
        QVERIFY(focused(w.queryBar()));
        QTest::keyClicks(keyboardIn(&w), QStringLiteral("s:\"Fix sparse reported issues\""));
        type(Qt::Key_Return);
        WAIT_SETTLED(w);
        QTRY_VERIFY(focused(w.resultsView()));
        QVERIFY(w.resultsView()->model()->rowCount() > 0);
        // Offscreen, the completion list shown while typing stays the active window after it
        // closed (under X it never takes activation): the window manager's part, done here.
        if (QApplication::activeWindow() != &w) {
            w.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w));
        }
        // That activation gives the window's keyboard back to the query bar, the widget the
        // list belonged to: the window hands it on to the results, where Enter sent it.
        QTRY_VERIFY(focused(w.resultsView()));
        // j: the first result; Enter: into its thread; g: the thread's first mail.
        type(Qt::Key_J);
        WAIT_SETTLED(w);
        QCOMPARE(w.resultsView()->currentIndex().row(), 0);
        type(Qt::Key_Return);
        WAIT_SETTLED(w);
        QVERIFY(focused(w.threadView()));
        type(Qt::Key_G);
        WAIT_SETTLED(w);
        QVERIFY(w.threadModel()->entryCount() >= 18);

        QSet<QString> read;
        QString previous;
        bool sawChangelog = false, savedXz = false, reviewed = false;
        for (int guard = 0; guard < 40; ++guard) {
            const QString id = w.messageView()->messageId();
            QVERIFY(!id.isEmpty());
            if (id == previous) break; // n at the last mail stays there
            previous = id;
            read.insert(id);
            const QString text = w.messageView()->toPlainText();
            if (id == kMail12) {
                // s: its messages.xz into the save folder, the bytes Python decodes.
                type(Qt::Key_S);
                const QByteArray saved =
                    readAll(QDir(downloads.path()).filePath(QStringLiteral("messages.xz")));
                const QByteArray oracle = pythonAttachment(
                    QDir(mapleCorpus()).filePath(QStringLiteral("12-hugh-report-messages-xz.eml")));
                QVERIFY(oracle.startsWith("\xfd"
                                          "7zXZ"));
                savedXz = saved == oracle;
            }
            if (id == kMail13) {
                // The attached patch with its changelog, trailers and diffstat.
                sawChangelog = text.contains(QLatin1String("Subject: [PATCH] maple_tree: Fix stale "
                                                           "data copy in mas_wr_node_store()")) &&
                               text.contains(QLatin1String("Fixes: 2ee236fe53a8")) &&
                               text.contains(QLatin1String(
                                   " 1 file changed, 43 insertions(+), 13 deletions(-)"));
                reviewWithKeys(smtp.path());
                reviewed = true;
                if (QTest::currentTestFailed()) return;
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
        QVERIFY(reviewed);
        // And back up with p.
        type(Qt::Key_P);
        WAIT_SETTLED(w);
        QVERIFY(w.messageView()->messageId() != previous);
    }

  private:
    // On mail 13: 1 (the Diff tab), two comments, r, Alt+R (Reviewed-by), Alt+S (send); the
    // mail the SMTP server received is the golden review; Esc back to the thread.
    void reviewWithKeys(const QString& smtpDir) {
        MainWindow& w = *w_;
        type(Qt::Key_1);
        QVERIFY(focused(w.diffView()->textView()));
        QCOMPARE(w.diffView()->messageId(), kMail13);
        for (const Review& r : kReviews) {
            comment(r);
            if (QTest::currentTestFailed()) return;
        }
        reactivate();
        type(Qt::Key_R);
        ReplyDialog* d = w.findChild<ReplyActions*>()->dialog();
        QVERIFY(d);
        QVERIFY(QTest::qWaitForWindowActive(d));
        // A window's mnemonics answer once it is the application's active window, which the
        // platform's activation event makes it a moment after its QWindow is (a user never types
        // that fast; a key typed earlier matched no shortcut: the "Alt+R did nothing" seen here).
        QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget*>(d));
        QCOMPARE(d->commentList()->count(), 2);
        typeIn(d, Qt::Key_R, Qt::AltModifier);
        // A button's shortcut clicks it animated (100 ms later).
        QPushButton* rb = d->trailerButton(QStringLiteral("Reviewed-by"));
        QTRY_VERIFY(rb->isChecked());
        QVERIFY(d->editor()->toPlainText().endsWith(
            QLatin1String("Reviewed-by: Jane Reviewer <jane@example.org>\n")));
        typeIn(d, Qt::Key_S, Qt::AltModifier); // the dialog closes (and goes) once sent
        const QString json = QDir(smtpDir).filePath(QStringLiteral("1.json"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(json), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<ReplyActions*>()->dialog() == nullptr ||
                                     !w.findChild<ReplyActions*>()->dialog()->isVisible(),
                                 15000);

        // What the server received: the golden reply's headers (but Date and Message-ID, which
        // are now's) and its body byte for byte; an envelope recipient for each To and Cc.
        const QByteArray got =
            readAll(QDir(smtpDir).filePath(QStringLiteral("1.eml"))).replace("\r\n", "\n");
        const QByteArray golden = readAll(
            QStringLiteral(LKMINE_SOURCE_DIR "/tests/cli/golden/reply-maple-13-review.eml"));
        QVERIFY(!golden.isEmpty());
        QCOMPARE(QString::fromUtf8(got.mid(got.indexOf("\n\n") + 2)),
                 QString::fromUtf8(golden.mid(golden.indexOf("\n\n") + 2)));
        const Message m = parse_message({got.toStdString(), {}});
        const Message g = parse_message({golden.toStdString(), {}});
        QCOMPARE(m.subject, g.subject);
        QCOMPARE(m.in_reply_to, g.in_reply_to);
        QVERIFY(m.references == g.references);
        QCOMPARE(m.from.email, g.from.email);
        QCOMPARE(m.to.size(), g.to.size());
        QCOMPARE(m.cc.size(), g.cc.size());
        for (std::size_t i = 0; i < g.to.size(); ++i)
            QCOMPARE(m.to[i].email, g.to[i].email);
        for (std::size_t i = 0; i < g.cc.size(); ++i)
            QCOMPARE(m.cc[i].email, g.cc[i].email);
        const QJsonArray rcpt =
            QJsonDocument::fromJson(readAll(QDir(smtpDir).filePath(QStringLiteral("1.json"))))
                .object()
                .value(QStringLiteral("rcpt_tos"))
                .toArray();
        QCOMPARE(rcpt.size(), int(g.to.size() + g.cc.size()));
        QTRY_VERIFY(w.findChild<ReplyActions*>()->comments()->comments().empty());

        // Back in the window: Esc from the diff to the thread, where n goes on.
        reactivate();
        QVERIFY(focused(w.diffView()->textView()));
        type(Qt::Key_Escape);
        QVERIFY(focused(w.threadView()));
    }
};

QObject* makeKeyboardWalkTest() {
    return new KeyboardWalkTest;
}

} // namespace lkmine::gui::test

#include "keyboard_walk_test.moc"
