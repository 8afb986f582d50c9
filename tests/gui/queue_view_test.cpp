// The queue view on a small index made for it: v1 and v2 of a series in io_uring/ (I reviewed
// v1), and an ext4 patch outside my area. Its own executable (gui_queue_tests).
#include "gui/queue_view.hpp"

#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
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
