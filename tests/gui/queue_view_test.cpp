// The queue view on a small index made for it: v1 and v2 of a series in io_uring/ (I reviewed
// v1), and an ext4 patch outside my area. Its own executable (gui_queue_tests).
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/queue_view.hpp"
#include "gui/report_view.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace lkmine::gui::test {
namespace {

QByteArray mail(const char* id, const char* from, const char* date, const char* subject,
                const char* reply_to, const char* body) {
    QByteArray m = "From mboxrd@z Thu Jan  1 00:00:00 1970\n";
    m += QByteArray("From: ") + from + "\nTo: io-uring@vger.kernel.org\nDate: " + date +
         "\nSubject: " + subject + "\nMessage-ID: <" + id + ">\n";
    if (*reply_to) m += QByteArray("In-Reply-To: <") + reply_to + ">\n";
    m += QByteArray("\n") + body + "\n\n"; // a blank line before the next From_ line
    return m;
}

const char* kDiff = "Tidy it.\n\nSigned-off-by: Alice <alice@example.org>\n---\n"
                    "diff --git a/io_uring/rw.c b/io_uring/rw.c\n"
                    "--- a/io_uring/rw.c\n+++ b/io_uring/rw.c\n"
                    "@@ -1,3 +1,3 @@\n int a;\n-int b;\n+int c;\n int d;\n";
const char* kExt4 = "Fix it.\n---\ndiff --git a/fs/ext4/inode.c b/fs/ext4/inode.c\n"
                    "--- a/fs/ext4/inode.c\n+++ b/fs/ext4/inode.c\n"
                    "@@ -1,3 +1,3 @@\n int a;\n-int b;\n+int e;\n int d;\n";

class QueueViewTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString db_;

  private slots:
    void initTestCase() {
        const QString mbox = tmp_.path() + QStringLiteral("/series.mbox");
        QFile f(mbox);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const char* alice = "Alice <alice@example.org>";
        f.write(mail("v1-0@x", alice, "Sat, 1 Jun 2024 10:00:00 +0000",
                     "[PATCH 0/1] io_uring: tidy things", "", "Cover."));
        f.write(mail("v1-1@x", alice, "Sat, 1 Jun 2024 10:00:01 +0000",
                     "[PATCH 1/1] io_uring: tidy rw", "v1-0@x", kDiff));
        f.write(mail("r1@x", "Me <me@example.org>", "Sun, 2 Jun 2024 10:00:00 +0000",
                     "Re: [PATCH 1/1] io_uring: tidy rw", "v1-1@x",
                     "> -int b;\n> +int c;\n\nWhy c?\n"));
        f.write(mail("v2-0@x", alice, "Mon, 10 Jun 2024 10:00:00 +0000",
                     "[PATCH v2 0/1] io_uring: tidy things", "", "Cover v2."));
        f.write(mail("v2-1@x", alice, "Mon, 10 Jun 2024 10:00:01 +0000",
                     "[PATCH v2 1/1] io_uring: tidy rw", "v2-0@x", kDiff));
        f.write(mail("b-1@x", "Bob <bob@example.org>", "Tue, 11 Jun 2024 10:00:00 +0000",
                     "[PATCH] ext4: fix inode", "", kExt4));
        f.close();
        db_ = tmp_.path() + QStringLiteral("/db");
        QProcess p;
        p.start(QStringLiteral(LKMINE_BINARY),
                {QStringLiteral("index"), QStringLiteral("--db"), db_, QStringLiteral("-q"), mbox});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
    }

    void listsTheNewRevisionIReviewedBeforeAndOpensIt() {
        QueueView view;
        view.setMe(QStringLiteral("me@example.org"));
        view.setAreas(QStringLiteral("io_uring/"));
        view.setDays(3650);
        QSignalSpy done(&view, &QueueView::refreshed);
        view.setIndexDir(db_);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.takeFirst().at(0).toInt(), 1);
        QTreeWidgetItem* row = view.tree()->topLevelItem(0);
        QCOMPARE(row->text(2), QStringLiteral("io_uring: tidy things"));
        QCOMPARE(row->text(1), QStringLiteral("v2 · 1"));
        QVERIFY2(row->text(5).contains(QStringLiteral("v1")), qPrintable(row->text(5)));
        QSignalSpy opened(&view, &QueueView::messageActivated);
        emit view.tree()->itemActivated(row, 0);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("v2-0@x"));
    }

    // Issue 17: on my review of v1 (two comments on two hunks), `a` shows in the Review tab
    // that v2 changed the first hunk's lines and left the second's, with my words and the
    // author's answer; the same statuses `lkmine review-status --json` gives.
    void reviewStatusPanelFollowsMyComments() {
        const char* hunks1 = "Tidy super.\n\nSigned-off-by: Alice <alice@example.org>\n---\n"
                             "diff --git a/fs/ext4/super.c b/fs/ext4/super.c\n"
                             "--- a/fs/ext4/super.c\n+++ b/fs/ext4/super.c\n"
                             "@@ -1,4 +1,4 @@\n int a;\n-int b;\n+int c;\n int d;\n int e;\n"
                             "@@ -20,4 +20,4 @@\n int x;\n-int y;\n+int z;\n int w;\n int v;\n";
        const char* hunks2 =
            "Tidy super.\n\nSigned-off-by: Alice <alice@example.org>\n---\n"
            "diff --git a/fs/ext4/super.c b/fs/ext4/super.c\n"
            "--- a/fs/ext4/super.c\n+++ b/fs/ext4/super.c\n"
            "@@ -1,4 +1,4 @@\n int a;\n-int b;\n+int clear_name;\n int d;\n int e;\n"
            "@@ -20,4 +20,4 @@\n int x;\n-int y;\n+int z;\n int w;\n int v;\n";
        const char* review = "On Sat, 1 Jun 2024, Alice wrote:\n"
                             "> diff --git a/fs/ext4/super.c b/fs/ext4/super.c\n"
                             "> --- a/fs/ext4/super.c\n> +++ b/fs/ext4/super.c\n"
                             "> @@ -1,4 +1,4 @@\n>  int a;\n> -int b;\n> +int c;\n\n"
                             "Please give c a clearer name.\n\n"
                             "> @@ -20,4 +20,4 @@\n>  int x;\n> -int y;\n> +int z;\n\n"
                             "Why z and not y?\n";
        const char* answer = "On Sun, 2 Jun 2024, Me wrote:\n> Please give c a clearer name.\n\n"
                             "Done in v2: clear_name.\n";
        QTemporaryDir tmp;
        const QString mbox = tmp.path() + QStringLiteral("/review.mbox");
        QFile f(mbox);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const char* alice = "Alice <alice@example.org>";
        f.write(mail("s-v1@x", alice, "Sat, 1 Jun 2024 10:00:00 +0000", "[PATCH] ext4: tidy super",
                     "", hunks1));
        f.write(mail("rv@x", "Me <me@example.org>", "Sun, 2 Jun 2024 10:00:00 +0000",
                     "Re: [PATCH] ext4: tidy super", "s-v1@x", review));
        f.write(mail("ans@x", alice, "Sun, 2 Jun 2024 12:00:00 +0000",
                     "Re: [PATCH] ext4: tidy super", "rv@x", answer));
        f.write(mail("s-v2@x", alice, "Mon, 10 Jun 2024 10:00:00 +0000",
                     "[PATCH v2] ext4: tidy super", "", hunks2));
        f.close();
        const QString db = tmp.path() + QStringLiteral("/db");
        QProcess p;
        p.start(QStringLiteral(LKMINE_BINARY),
                {QStringLiteral("index"), QStringLiteral("--db"), db, QStringLiteral("-q"), mbox});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        // The CLI's answer on the same index (the same core function; the GUI must show it all).
        QProcess cli;
        cli.start(QStringLiteral(LKMINE_BINARY),
                  {QStringLiteral("review-status"), QStringLiteral("--db"), db,
                   QStringLiteral("--json"), QStringLiteral("rv@x")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        const QJsonArray comments = j.value(QStringLiteral("comments")).toArray();
        QCOMPARE(comments.size(), 2);

        MainWindow w;
        w.setPersistent(false);
        w.openIndex(db);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        w.openMessage(QStringLiteral("rv@x"));
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        QTRY_COMPARE(w.messageView()->messageId(), QStringLiteral("rv@x"));
        QTest::keyClick(w.messageView(), Qt::Key_A);
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        QCOMPARE(w.sideTabs()->currentWidget(), w.reviewView());
        QCOMPARE(w.reviewView()->kind(), QStringLiteral("review-status"));
        const QString text = w.reviewView()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("next: v2 <s-v2@x>")), qPrintable(text));
        // By construction: v2 renamed c (comment 1's lines changed), kept z (comment 2's not).
        const int first = text.indexOf(QLatin1String("[changed] fs/ext4/super.c:"));
        const int second = text.indexOf(QLatin1String("[unchanged] fs/ext4/super.c:"));
        QVERIFY2(first >= 0 && second > first, qPrintable(text));
        QVERIFY(text.indexOf(QLatin1String("Please give c a clearer name.")) > first);
        QVERIFY(text.indexOf(QLatin1String("Why z and not y?")) > second);
        for (const QJsonValue& c : comments) {
            const QJsonObject o = c.toObject();
            const QString status = o.value(QStringLiteral("status")).toString();
            const QString file = o.value(QStringLiteral("file")).toString();
            QVERIFY2(text.contains(QStringLiteral("[%1] %2:").arg(status, file)),
                     qPrintable(QJsonDocument(o).toJson()));
            const QString reply = o.value(QStringLiteral("reply")).toString();
            if (!reply.isEmpty())
                QVERIFY2(text.contains(QStringLiteral("    | ") +
                                       reply.section(QLatin1Char('\n'), 0, 0)),
                         qPrintable(text));
        }
        QVERIFY(text.contains(QLatin1String("Done in v2: clear_name.")) ==
                QJsonDocument(comments).toJson().contains("Done in v2"));

        // Another mail: the tab no longer claims this review; `a` on a patch says why not.
        w.openMessage(QStringLiteral("s-v1@x"));
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        QTRY_COMPARE(w.messageView()->messageId(), QStringLiteral("s-v1@x"));
        QCOMPARE(w.reviewView()->kind(), QString());
        QTest::keyClick(w.messageView(), Qt::Key_A);
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        QVERIFY2(w.reviewView()->toPlainText().startsWith(
                     QLatin1String("No review status for <s-v1@x>:")),
                 qPrintable(w.reviewView()->toPlainText()));
    }

    void aBrokenStateFileIsShownNotReset() {
        const QString state = db_ + QStringLiteral("/review-state.sqlite");
        QFile f(state);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("not a database, truncated");
        f.close();
        QueueView view;
        view.setMe(QStringLiteral("me@example.org"));
        view.setAreas(QStringLiteral("io_uring/"));
        QSignalSpy done(&view, &QueueView::refreshed);
        view.setIndexDir(db_);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.takeFirst().at(0).toInt(), -1);
        QVERIFY2(view.status()->text().contains(QStringLiteral("is damaged")),
                 qPrintable(view.status()->text()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("not a database, truncated"));
    }
};

} // namespace
} // namespace lkmine::gui::test

QTEST_MAIN(lkmine::gui::test::QueueViewTest)
#include "queue_view_test.moc"
