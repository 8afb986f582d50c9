// The reply, driven like a reviewer: mail 13 of the maple-tree thread, lines selected in the diff
// view and commented with `c`, `r`, the Reviewed-by button; the text must be the one the CLI's
// end-to-end test delivered through a real SMTP server (tests/cli/golden).
#include "core/mail/parse.hpp"
#include "gui/diff_comments.hpp"
#include "gui/diff_view.hpp"
#include "gui/main_window.hpp"
#include "gui/reply_actions.hpp"
#include "gui/reply_dialog.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>

namespace lkmine::gui::test {

namespace {

const QString kLiam13 = QStringLiteral("20220718022718.wtlw7grwp6dv5fcp@revolver");

int blockStarting(QPlainTextEdit* text, const QString& start) {
    for (QTextBlock b = text->document()->firstBlock(); b.isValid(); b = b.next())
        if (b.text().startsWith(start)) return b.blockNumber();
    return -1;
}

// Selects whole blocks first..last as a mouse drag over them would.
void selectBlocks(QPlainTextEdit* text, int first, int last) {
    QTextCursor c(text->document()->findBlockByNumber(first));
    const QTextBlock end = text->document()->findBlockByNumber(last);
    c.setPosition(end.position() + end.length() - 1, QTextCursor::KeepAnchor);
    text->setTextCursor(c);
}

QString goldenBody() {
    QFile f(QStringLiteral(LKMINE_SOURCE_DIR "/tests/cli/golden/reply-maple-13-review.eml"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QString all = QString::fromUtf8(f.readAll());
    return all.mid(all.indexOf(QLatin1String("\n\n")) + 2);
}

} // namespace

class ReplyTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        qputenv("LKMINE_NAME", "Jane Reviewer");
        qputenv("LKMINE_EMAIL", "jane@example.org");
        qputenv("LKMINE_DATE", "Tue, 19 Jul 2022 09:00:00 +0200");
    }
    void cleanupTestCase() {
        qunsetenv("LKMINE_NAME");
        qunsetenv("LKMINE_EMAIL");
        qunsetenv("LKMINE_DATE");
    }

    void commentTwoHunksAndReviewedBy() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        WAIT_SETTLED(w);
        w.openMessage(kLiam13);
        WAIT_SETTLED(w);
        QTRY_COMPARE(w.diffView()->messageId(), kLiam13);
        w.setView(MainWindow::View::Diff);

        auto* actions = w.findChild<ReplyActions*>();
        QVERIFY(actions);
        DiffComments* comments = actions->comments();
        QStringList answers{
            QStringLiteral("Without the post-increment here, dst_offset now points at the\n"
                           "slot just written: please say so in the comment below, the goto "
                           "skips the\nincrement."),
            QStringLiteral("Is mas->last >= mas->max also right for a range that\n"
                           "ends below the node maximum but overwrites the rest of the data?")};
        QStringList asked;
        comments->ask = [&](const QString& quoted) {
            asked << quoted;
            return answers.takeFirst();
        };
        QPlainTextEdit* text = w.diffView()->textView();
        text->setFocus();

        // The removed line and the line replacing it, then `c`.
        const int removed =
            blockStarting(text, QStringLiteral("-\trcu_assign_pointer(dst_slots[dst_offset++]"));
        QVERIFY(removed > 0);
        selectBlocks(text, removed, removed + 1);
        QTest::keyClick(text, Qt::Key_C);
        QCOMPARE(comments->comments().size(), std::size_t(1));
        QVERIFY(asked.value(0).contains(
            QLatin1String("> +\trcu_assign_pointer(dst_slots[dst_offset]")));

        // The new if block down to its closing brace, through the context menu's action.
        const int ifLine = blockStarting(
            text, QStringLiteral("+\tif (wr_mas->offset_end > wr_mas->node_end || mas->last"));
        QVERIFY(ifLine > removed);
        selectBlocks(text, ifLine, ifLine + 3);
        QVERIFY(text->document()
                    ->findBlockByNumber(ifLine + 3)
                    .text()
                    .startsWith(QLatin1String("+\t}")));
        comments->commentAction()->trigger();
        QCOMPARE(comments->comments().size(), std::size_t(2));

        // A banner line is not a diff line: nothing is added.
        selectBlocks(text, 0, 0);
        QVERIFY(!comments->commentOnSelection(QStringLiteral("not a diff line")));
        QCOMPARE(comments->comments().size(), std::size_t(2));
        QCOMPARE(text->extraSelections().size(), 2 + 4); // the commented lines are marked

        QTest::keyClick(text, Qt::Key_R);
        ReplyDialog* d = actions->dialog();
        QVERIFY(d);
        QVERIFY(d->isVisible());
        d->trailerButton(QStringLiteral("Reviewed-by"))->click();
        const QString draft = d->editor()->toPlainText();
        QVERIFY2(draft.startsWith(QLatin1String("From: Jane Reviewer <jane@example.org>\n"
                                                "To: Liam Howlett <liam.howlett@oracle.com>\n")),
                 qPrintable(draft.left(300)));
        QVERIFY(draft.contains(QStringLiteral("\nIn-Reply-To: <%1>\n").arg(kLiam13)));
        const QString golden = goldenBody();
        QVERIFY(!golden.isEmpty());
        QCOMPARE(draft.mid(draft.indexOf(QLatin1String("\n\n")) + 2), golden);

        // Unchecking the trailer takes it out again; saving writes a mail that threads.
        d->trailerButton(QStringLiteral("Reviewed-by"))->click();
        QVERIFY(!d->editor()->toPlainText().contains(QLatin1String("Reviewed-by:")));
        d->trailerButton(QStringLiteral("Reviewed-by"))->click();
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("reply.eml"));
        QVERIFY2(d->saveTo(path), qPrintable(d->status()->text()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Message saved = parse_message({f.readAll().toStdString(), {}});
        QCOMPARE(QString::fromStdString(saved.in_reply_to), kLiam13);
        QCOMPARE(QString::fromStdString(saved.subject),
                 QStringLiteral("Re: [PATCH] maple_tree: Fix sparse reported issues"));
        QVERIFY(saved.body_text.ends_with("Reviewed-by: Jane Reviewer <jane@example.org>\n"));
        d->close();
    }

    // Send goes through the sendmail-compatible command in the background: msmtp to a real SMTP
    // server on 127.0.0.1 (tests/cli/smtp_sink.py); the dialog closes once it was accepted.
    void sendThroughMsmtp() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        QString python;
        for (const QString& p : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")})
            if (QProcess::execute(p, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")}) ==
                0) {
                python = p;
                break;
            }
        if (python.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("msmtp")).isEmpty()) {
            if (inCi()) QFAIL("msmtp or python3-aiosmtpd missing (scripts/install-deps.sh)");
            QSKIP("msmtp or python3-aiosmtpd missing");
        }
        QTemporaryDir tmp;
        QProcess sink;
        sink.start(python,
                   {QStringLiteral(LKMINE_SOURCE_DIR "/tests/cli/smtp_sink.py"), tmp.path()});
        QVERIFY(sink.waitForStarted());
        auto stop = qScopeGuard([&] {
            sink.terminate();
            sink.waitForFinished();
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(tmp.filePath(QStringLiteral("port"))), 10000);
        QFile portFile(tmp.filePath(QStringLiteral("port")));
        QVERIFY(portFile.open(QIODevice::ReadOnly));
        const QString rc = tmp.filePath(QStringLiteral("msmtprc"));
        QFile rcFile(rc);
        QVERIFY(rcFile.open(QIODevice::WriteOnly));
        rcFile.write("defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport " +
                     portFile.readAll() + "\nfrom jane@example.org\n");
        rcFile.close();
        rcFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);

        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        WAIT_SETTLED(w);
        w.openMessage(kLiam13);
        WAIT_SETTLED(w);
        ReplyDialog* d = w.findChild<ReplyActions*>()->openReply();
        QVERIFY(d);
        ReplySettings s = d->settings();
        s.sendmail = "msmtp -C " + rc.toStdString() + " -t";
        s.send_with = "sendmail";
        d->setSettings(s);
        d->trailerButton(QStringLiteral("Acked-by"))->click();
        QPointer<ReplyDialog> alive(d);
        QSignalSpy sent(d, &ReplyDialog::sent);
        d->sendButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(tmp.filePath(QStringLiteral("1.json"))), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 15000);
        QTRY_VERIFY(!alive || !alive->isVisible());
        QFile got(tmp.filePath(QStringLiteral("1.eml")));
        QVERIFY(got.open(QIODevice::ReadOnly));
        const Message m = parse_message( // SMTP's CRLF as the LF the mail was written with
            {got.readAll().replace("\r\n", "\n").toStdString(), {}});
        QCOMPARE(QString::fromStdString(m.message_id), sent.at(0).at(0).toString());
        QCOMPARE(QString::fromStdString(m.in_reply_to), kLiam13);
        QVERIFY(m.body_text.ends_with("Acked-by: Jane Reviewer <jane@example.org>\n"));
    }

    // Issue 16: one comment deleted in the composer, by the Delete key on its row and by the
    // button; the reply is composed again without it and the diff view's marks follow.
    void deleteOneComment() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        WAIT_SETTLED(w);
        w.openMessage(kLiam13);
        WAIT_SETTLED(w);
        QTRY_COMPARE(w.diffView()->messageId(), kLiam13);
        auto* actions = w.findChild<ReplyActions*>();
        DiffComments* comments = actions->comments();
        QPlainTextEdit* text = w.diffView()->textView();
        const int removed =
            blockStarting(text, QStringLiteral("-\trcu_assign_pointer(dst_slots[dst_offset++]"));
        const int ifLine = blockStarting(
            text, QStringLiteral("+\tif (wr_mas->offset_end > wr_mas->node_end || mas->last"));
        QVERIFY(removed > 0 && ifLine > removed);
        const QString first = QStringLiteral("First remark, on the slot.");
        const QString second = QStringLiteral("Second remark, on the if.");
        const QString third = QStringLiteral("Third remark, on the loop.");
        const int loop =
            blockStarting(text, QStringLiteral("+\tfor (i = 0; i < mt_slots[type]; i++)"));
        QVERIFY(loop > ifLine);
        selectBlocks(text, removed, removed + 1);
        QVERIFY(comments->commentOnSelection(first));
        selectBlocks(text, ifLine, ifLine + 3);
        QVERIFY(comments->commentOnSelection(second));
        selectBlocks(text, loop, loop);
        QVERIFY(comments->commentOnSelection(third));
        QCOMPARE(text->extraSelections().size(), 2 + 4 + 1);

        ReplyDialog* d = actions->openReply();
        QVERIFY(d);
        QCOMPARE(d->commentList()->count(), 3);
        QVERIFY(d->commentList()->item(0)->text().startsWith(QLatin1String("lib/maple_tree.c")));
        QVERIFY(d->commentList()->item(0)->text().endsWith(first));
        QVERIFY(d->editor()->toPlainText().contains(first));

        // Delete on the first row: gone from the list, the text, and the diff view's marks.
        d->commentList()->setFocus();
        d->commentList()->setCurrentRow(0);
        QTest::keyClick(d->commentList(), Qt::Key_Delete);
        QCOMPARE(d->commentList()->count(), 2);
        QCOMPARE(comments->comments().size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(comments->comments()[0].text), second);
        QVERIFY(!d->editor()->toPlainText().contains(first));
        QVERIFY(!d->editor()->toPlainText().contains(
            QLatin1String("> -\trcu_assign_pointer(dst_slots[dst_offset++]")));
        QVERIFY(d->editor()->toPlainText().contains(second));
        QCOMPARE(text->extraSelections().size(), 4 + 1);

        // The text edited by hand, then the button: the edits stay, the comment goes.
        d->editor()->moveCursor(QTextCursor::Start);
        d->editor()->insertPlainText(QStringLiteral("X-Note: kept\n"));
        d->commentList()->setCurrentRow(0);
        QTest::keyClick(d->deleteCommentButton(), Qt::Key_Space);
        QCOMPARE(d->commentList()->count(), 1);
        QVERIFY(d->editor()->toPlainText().startsWith(QLatin1String("X-Note: kept\n")));
        QVERIFY(!d->editor()->toPlainText().contains(second));
        QVERIFY(d->editor()->toPlainText().contains(third));
        QVERIFY(d->status()->text().contains(QLatin1String("Comment removed")));
        QCOMPARE(comments->comments().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(comments->comments()[0].text), third);

        // The last one: the list and the button are disabled, nothing more to delete.
        QTest::keyClick(d->commentList(), Qt::Key_Delete);
        QCOMPARE(d->commentList()->count(), 0);
        QVERIFY(!d->deleteCommentButton()->isEnabled());
        QVERIFY(comments->comments().empty());
        QVERIFY(text->extraSelections().isEmpty());
        QVERIFY(!d->removeComment(0));
        d->close();
    }

    void emptiedReplyIsNotSaved() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        MainWindow w;
        w.setPersistent(false);
        w.openIndex(dir);
        w.show();
        WAIT_SETTLED(w);
        w.openMessage(kLiam13);
        WAIT_SETTLED(w);
        auto* actions = w.findChild<ReplyActions*>();
        ReplyDialog* d = actions->openReply();
        QVERIFY(d);
        d->editor()->clear();
        QTemporaryDir tmp;
        QVERIFY(!d->saveTo(tmp.filePath(QStringLiteral("r.eml"))));
        QVERIFY(d->status()->text().contains(QLatin1String("empty")));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("r.eml"))));
        d->close();
    }
};

QObject* makeReplyTest() {
    return new ReplyTest;
}

} // namespace lkmine::gui::test

#include "reply_test.moc"
