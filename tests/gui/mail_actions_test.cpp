// Issue 16 on the real maple-tree thread: the window never misleads, shows and saves
// attachments, reads well (zones, wrapping, a dark palette, a small screen) and acts on series.
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "gui/colours.hpp"
#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/key_map.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/report_view.hpp"
#include "gui/results_model.hpp"
#include "gui/summary_format.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeView>
#include <QTreeWidget>
#include <ctime>
#include <map>

namespace lkmine::gui::test {

namespace {

const QString kMail11 = QStringLiteral("20220715195301.r7ozt6ph2scti7vz@revolver");
const QString kMail12 = QStringLiteral("fc9c2193-f5d7-d494-8e4e-c9f340ae8625@google.com");
const QString kMail13 = QStringLiteral("20220718022718.wtlw7grwp6dv5fcp@revolver");
const QString kMail18 = QStringLiteral("20220718141818.2569416-1-Liam.Howlett@oracle.com");
const QString kMail19 = QStringLiteral("7db5a8c5-9084-a7fe-6e83-713e52ed8539@google.com");
const QString kMail21 = QStringLiteral("a6736ccf-fb45-5777-ca28-575297f1879f@google.com");
const QString kMail22 = QStringLiteral("20220719013419.knzzx7thm5qkskcd@revolver");
const QString kMail01 = QStringLiteral("20220712142441.4184969-1-Liam.Howlett@oracle.com");

QString midHref(const QString& id) {
    return QStringLiteral("mid:") + QString::fromLatin1(QUrl::toPercentEncoding(id));
}

// Every text fragment of `doc` drawn with enough contrast against what is behind it.
QString lowContrast(const QTextDocument& doc, const QColor& base, double minimum) {
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        auto check = [&](const QTextCharFormat& f, const QString& text) -> QString {
            if (text.trimmed().isEmpty()) return {};
            const QColor fg =
                f.foreground().style() == Qt::NoBrush ? colours().text : f.foreground().color();
            const QColor bg = f.background().style() == Qt::NoBrush ? base : f.background().color();
            const double r = contrastRatio(fg, bg);
            if (r < minimum)
                return QStringLiteral("%1 on %2 (%3): %4")
                    .arg(fg.name(), bg.name())
                    .arg(r, 0, 'f', 2)
                    .arg(text.left(40));
            return {};
        };
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QString bad = check(it.fragment().charFormat(), it.fragment().text());
            if (!bad.isEmpty()) return bad;
        }
        for (const QTextLayout::FormatRange& r : b.layout()->formats()) {
            const QString bad = check(r.format, b.text().mid(r.start, r.length));
            if (!bad.isEmpty()) return bad;
        }
    }
    return {};
}

QString mapleFile(const QString& prefix) {
    const QDir d(mapleCorpus());
    const QStringList f = d.entryList({prefix + QStringLiteral("-*.eml")});
    return f.isEmpty() ? QString() : d.filePath(f.first());
}

} // namespace

class MailActionsTest : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> open(const QString& dir, const QString& msgid) {
        auto w = std::make_unique<MainWindow>();
        w->setPersistent(false);
        w->openIndex(dir);
        if (!msgid.isEmpty()) w->openMessage(msgid);
        w->show();
        return w;
    }

  private slots:
    // Point 4: no git tree was indexed, so nothing can be said about merging.
    void mergeStatusUnknownWithoutGitTree() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail18);
        WAIT_SETTLED(*w);
        QTRY_VERIFY(!w->patchStatus()->text().isEmpty());
        QVERIFY2(w->patchStatus()->text().startsWith(
                     QLatin1String("merge status unknown (no git tree indexed)")),
                 qPrintable(w->patchStatus()->text()));
        QVERIFY(!w->patchStatus()->text().contains(QLatin1String("since posted")));
    }
    // Point 4: a reply carrying an attached patch: its revisions are that patch's postings
    // (patch-id), not the thread root's series.
    void revisionsFollowTheCarriedPatch() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail13);
        WAIT_SETTLED(*w);
        QTRY_VERIFY(w->patchStatus()->text().contains(QLatin1String("same patch as")));
        QVERIFY2(w->patchStatus()->text().contains(
                     QLatin1String("same patch as the RESEND of 18 Jul 2022")),
                 qPrintable(w->patchStatus()->text()));
        QVERIFY(w->commitButton()->isVisible());
        QTest::mouseClick(w->commitButton(), Qt::LeftButton);
        WAIT_SETTLED(*w);
        const QStringList hrefs = w->commitView()->hrefs();
        QVERIFY2(hrefs.contains(midHref(kMail18)), qPrintable(hrefs.join(' ')));
        QVERIFY2(!hrefs.contains(midHref(kMail01)), qPrintable(hrefs.join(' ')));
        QVERIFY(w->commitView()->toPlainText().contains(QLatin1String("Same patch (patch-id")));

        // Point 4: moving on refreshes the Commit tab (in front) for the next patch mail...
        w->openMessage(kMail18);
        WAIT_SETTLED(*w);
        QTRY_COMPARE(w->commitView()->subject(), kMail18);
        QVERIFY(w->commitView()->hrefs().contains(midHref(kMail13)));
        // ... and clears it for a mail without a patch: never the previous mail's report.
        w->openMessage(kMail19);
        WAIT_SETTLED(*w);
        QCOMPARE(w->commitView()->kind(), QString());
        QVERIFY(!w->commitView()->toPlainText().contains(QLatin1String("RESEND")));
    }
    // Point 4: a crash named in prose is not console output: no "Symptom of this crash".
    void crashButtonOnlyForConsoleOutput() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail21);
        WAIT_SETTLED(*w);
        QCOMPARE(w->messageView()->messageId(), kMail21);
        QVERIFY(w->messageView()->toPlainText().contains(QLatin1String("kernel BUG at")));
        QVERIFY(w->symptomButton()->isHidden());
        w->openMessage(kMail22);
        WAIT_SETTLED(*w);
        QCOMPARE(w->messageView()->messageId(), kMail22);
        QVERIFY(w->symptomButton()->isHidden());
    }
    // Point 4: a clean bisection step says what the log says, not "0/1 crashed".
    void bisectionRunsInTheLogsWords() {
        SymptomReport r;
        r.query = "KASAN: use-after-free Read in foo";
        r.normalized = r.query;
        SymptomBisection b;
        b.kind = "cause";
        SymptomTested clean;
        clean.commit = "e5b4ee786213e876f29fa310cc95401d9b62482c";
        clean.verdict = "good";
        clean.runs = 1;
        clean.results = {"OK"};
        SymptomTested bad;
        bad.commit = "558ddf0842cfa4df6dced9ffde150b81787d4144";
        bad.verdict = "bad";
        bad.runs = 3;
        bad.crashed = 2;
        bad.results = {"crashed", "OK", "crashed"};
        b.tested = {clean, bad};
        r.bisections = {b};
        ReportView v;
        v.showSymptom(r);
        const QString text = v.toPlainText();
        QVERIFY2(text.contains(QLatin1String("run #0: OK")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("runs: 2 crashed, 1 OK")));
        QVERIFY(!text.contains(QLatin1String("0/1 crashed")));
    }
    // Point 4 / 2: a link to a mail the index lacks keeps the mail shown and offers lore.
    void missingMailOffersLore() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail19);
        WAIT_SETTLED(*w);
        QSignalSpy urls(w.get(), &MainWindow::externalUrlRequested);
        w->messageView()->activateHref(midHref(QStringLiteral("not-indexed-42@example.org")));
        WAIT_SETTLED(*w);
        QCOMPARE(w->messageView()->messageId(), kMail19);
        QVERIFY(w->noticeBar()->isVisible());
        QVERIFY(w->noticeLabel()->text().contains(QLatin1String("not-indexed-42@example.org")));
        QTest::mouseClick(w->loreButton(), Qt::LeftButton);
        QCOMPARE(urls.count(), 1);
        QCOMPARE(urls.first().first().toUrl(),
                 QUrl(QStringLiteral("https://lore.kernel.org/all/not-indexed-42@example.org/")));
        QVERIFY(w->noticeBar()->isHidden());
    }
    // Point 2: an attached patch's whole changelog is in the mail pane (mails 11 and 13).
    void attachedPatchChangelogShown() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail11);
        WAIT_SETTLED(*w);
        QString text = w->messageView()->toPlainText();
        for (const char* want :
             {"Subject: [PATCH 1/1] mm/mmap: Fix __vma_adjust() issue on memory failure",
              "In case 6 of vma_merge, two VMAs will be freed",
              "Reported-by: syzbot+68771c0e74f7bb7804e5@syzkaller.appspotmail.com",
              "Fixes: d3ccd17e7c96 (\"mm: start tracking VMAs with maple tree\")",
              " mm/mmap.c | 42 ++++++++++--------------------------------"})
            QVERIFY2(text.contains(QLatin1String(want)), want);
        w->openMessage(kMail13);
        WAIT_SETTLED(*w);
        text = w->messageView()->toPlainText();
        const int subject =
            text.indexOf(QLatin1String("Subject: [PATCH] maple_tree: Fix stale data copy"));
        const int fixes = text.indexOf(QLatin1String("Fixes: 2ee236fe53a8"));
        const int stat = text.indexOf(QLatin1String(" lib/maple_tree.c | 56 "));
        const int diff = text.indexOf(QLatin1String("diff --git a/lib/maple_tree.c"));
        QVERIFY(subject > 0 && fixes > subject && stat > fixes && diff > stat);
        QVERIFY(text.contains(QLatin1String("Reported-by: syzbot+b707736a1ad47fda6500")));
    }
    // Point 2: saving writes the decoded bytes under a safe name; raw source and headers.
    void attachmentSavedSourceAndHeaders() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail12);
        WAIT_SETTLED(*w);
        QTemporaryDir tmp;
        w->setSaveDirectory(tmp.path());
        const QStringList saved = w->saveAttachments();
        QCOMPARE(saved, QStringList{tmp.filePath(QStringLiteral("messages.xz"))});
        QFile f(saved.first());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray oracle = pythonAttachment(mapleFile(QStringLiteral("12")));
        QCOMPARE(oracle.size(), 4564);
        QCOMPARE(f.readAll(), oracle);
        // A second save does not overwrite the first.
        QCOMPARE(w->saveAttachments(), QStringList{tmp.filePath(QStringLiteral("messages-1.xz"))});

        QVERIFY(!w->messageView()->toPlainText().contains(QLatin1String("X-Google-Smtp-Source")));
        QTest::keyClick(w->messageView(), Qt::Key_H);
        QVERIFY(w->messageView()->toPlainText().contains(QLatin1String("X-Google-Smtp-Source: ")));
        QTest::keyClick(w->messageView(), Qt::Key_H);
        QVERIFY(!w->messageView()->toPlainText().contains(QLatin1String("X-Google-Smtp-Source")));
        QTest::keyClick(w->messageView(), Qt::Key_U, Qt::ControlModifier);
        QCOMPARE(w->messageView()->mode(), MessageView::Mode::Raw);
        QVERIFY(w->messageView()->toPlainText().contains(
            QLatin1String("Content-Transfer-Encoding: BASE64")));
        QVERIFY(w->messageView()->toPlainText().contains(
            QLatin1String("Content-Type: application/x-xz; name=messages.xz")));

        w->copyMessageId();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QLatin1Char('<') + kMail12 + QLatin1Char('>'));
        QSignalSpy urls(w.get(), &MainWindow::externalUrlRequested);
        QTest::keyClick(w->messageView(), Qt::Key_O);
        QCOMPARE(urls.count(), 1);
        QCOMPARE(urls.first().first().toUrl(), MainWindow::loreUrl(kMail12));
    }
    // Point 2: attachment names are the mail's words, never a path: each is saved inside the
    // save folder under its last component, controls replaced; nothing is written elsewhere.
    void hostileAttachmentNamesSavedInside() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("index"));
        const QStringList names = {QStringLiteral("../../escaped.sh"),
                                   QStringLiteral("/tmp/lkmine-absolute.txt"), QStringLiteral(".."),
                                   QStringLiteral("a\x1b[2Jb.txt")};
        std::string mail = "From: A <a@lkmine.test>\nTo: list@lkmine.test\nSubject: names\n"
                           "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
                           "Message-ID: <names@lkmine.test>\nMIME-Version: 1.0\n"
                           "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
                           "Content-Type: text/plain\n\nbody\n";
        for (int i = 0; i < names.size(); ++i)
            mail += "--b\nContent-Type: application/octet-stream\n"
                    "Content-Disposition: attachment; filename=\"" +
                    names[i].toStdString() + "\"\n\npart " + std::to_string(i) + "\n";
        mail += "--b--\n";
        {
            auto writer = StoreWriter::open(dir.toStdString());
            QVERIFY(writer);
            RawMessage raw{mail, Origin{"names", {}}};
            QVERIFY(writer->add(parse_message(raw), raw.bytes, {}));
            QVERIFY(writer->commit());
        }
        auto w = open(dir, QStringLiteral("names@lkmine.test"));
        WAIT_SETTLED(*w);
        QCOMPARE(int(w->messageView()->attachments().size()), names.size());
        const QString out = tmp.filePath(QStringLiteral("a/b/save"));
        w->setSaveDirectory(out);
        const QStringList saved = w->saveAttachments();
        QCOMPARE(saved.size(), names.size());
        for (int i = 0; i < saved.size(); ++i) {
            QCOMPARE(QFileInfo(saved[i]).absolutePath(), QDir(out).absolutePath());
            QFile f(saved[i]);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll().trimmed(), QByteArray("part ") + QByteArray::number(i));
        }
        QCOMPARE(QFileInfo(saved[0]).fileName(), QStringLiteral("escaped.sh"));
        QCOMPARE(QFileInfo(saved[1]).fileName(), QStringLiteral("lkmine-absolute.txt"));
        QVERIFY(!QFileInfo(saved[2]).fileName().startsWith(QLatin1Char('.')));
        const QString escaped = QFileInfo(saved[3]).fileName();
        QVERIFY2(!escaped.contains(QChar(0x1b)) && escaped.endsWith(QLatin1String("[2Jb.txt")),
                 qPrintable(escaped));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("a/escaped.sh"))));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("escaped.sh"))));
    }
    // Point 5: dates in UTC with their zone, in full, in columns wide enough; wrapping.
    void readableDatesAndWrapping() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail13);
        w->resize(900, 600);
        WAIT_SETTLED(*w);
        const QModelIndex cur = w->threadView()->currentIndex();
        const QString date = cur.siblingAtColumn(ColumnDate).data().toString();
        QCOMPARE(date, QStringLiteral("2022-07-18 02:27 UTC"));
        // Hugh's mail 14 (-0700) answers mail 13 and reads later than it, as it was sent.
        const QModelIndex child = w->threadView()->indexBelow(cur);
        QVERIFY(child.siblingAtColumn(ColumnDate).data().toString() > date);
        QVERIFY(w->threadView()->header()->sectionSize(ColumnDate) >=
                w->threadView()->fontMetrics().horizontalAdvance(date));
        QVERIFY(w->resultsView()->header()->sectionSize(ColumnDate) >=
                w->resultsView()->fontMetrics().horizontalAdvance(date));
        QVERIFY(w->messageView()->toPlainText().contains(
            QLatin1String("Date: 2022-07-18 02:27:40 UTC")));
        // The long Cc wraps: nothing to scroll sideways to.
        QVERIFY(w->messageView()->toPlainText().contains(QLatin1String("linux-kernel@vger")));
        QCOMPARE(w->messageView()->horizontalScrollBar()->maximum(), 0);
        QVERIFY(w->commitView()->lineWrapMode() != QTextEdit::NoWrap);

        // View > Times in the local zone: the same mail in the reader's zone, with its name.
        const QByteArray tz = qgetenv("TZ");
        qputenv("TZ", "America/Los_Angeles");
        tzset();
        auto* local = w->findChild<QAction*>(QStringLiteral("localTimesAction"));
        QVERIFY(local);
        local->setChecked(true);
        QVERIFY2(w->messageView()->toPlainText().contains(
                     QLatin1String("Date: 2022-07-17 19:27:40 PDT")),
                 qPrintable(w->messageView()->toPlainText().left(600)));
        QCOMPARE(cur.siblingAtColumn(ColumnDate).data().toString(),
                 QStringLiteral("2022-07-17 19:27 PDT"));
        local->setChecked(false);
        QVERIFY(w->messageView()->toPlainText().contains(
            QLatin1String("Date: 2022-07-18 02:27:40 UTC")));
        if (tz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", tz);
        tzset();
    }
    // Point 5: at 1280x720 the badges of every result and thread row are shown whole, beside
    // the subject (they were cut off at the pane's edge: the subject had a fixed 330 pixels);
    // the other columns are at least as wide as their text, the subject takes the rest.
    void columnsSizedToContentAt1280x720() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, QString());
        w->setFixedWindowSize(QSize(1280, 720)); // as --size 1280x720 (the screenshots)
        w->runQuery(QStringLiteral("maple_tree"));
        WAIT_SETTLED(*w);
        QVERIFY(w->resultsView()->model()->rowCount() >= 5);
        w->resultsView()->setCurrentIndex(w->resultsView()->model()->index(0, 0));
        WAIT_SETTLED(*w);
        QVERIFY(w->threadModel()->entryCount() >= 18);
        QTest::qWait(50); // the queued fit after the rows arrived
        for (QTreeView* v : {w->resultsView(), w->threadView()}) {
            const QHeaderView* h = v->header();
            const int room = v->viewport()->width();
            QVERIFY(room < 600); // a narrow pane: the case that clipped
            // The badges column ends inside the pane; the subject keeps a quarter.
            QVERIFY2(
                h->sectionViewportPosition(ColumnBadges) + h->sectionSize(ColumnBadges) <= room,
                qPrintable(v->objectName() + QStringLiteral(" %1+%2 > %3, subject %4, offset %5")
                                                 .arg(h->sectionViewportPosition(ColumnBadges))
                                                 .arg(h->sectionSize(ColumnBadges))
                                                 .arg(room)
                                                 .arg(h->sectionSize(ColumnSubject))
                                                 .arg(h->offset())));
            QVERIFY(h->sectionSize(ColumnSubject) >= room / 4);
            int badged = 0;
            for (QModelIndex i = v->model()->index(0, 0); i.isValid(); i = v->indexBelow(i)) {
                for (int c = ColumnBadges; c < ColumnCount; ++c) {
                    if (v->isColumnHidden(c)) continue;
                    const QString t = i.siblingAtColumn(c).data().toString();
                    QVERIFY2(v->fontMetrics().horizontalAdvance(t) < h->sectionSize(c),
                             qPrintable(v->objectName() + QLatin1String(": ") + t));
                }
                badged += i.siblingAtColumn(ColumnBadges).data().toString().isEmpty() ? 0 : 1;
            }
            QVERIFY(badged >= 3);
        }
    }
    // Point 5: every colour readable on a dark palette (and on the light one).
    void darkPaletteReadable() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        const QPalette before = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Link, QColor(0x00, 0x00, 0xff)); // a theme that forgot links
        for (const QPalette& p : {dark, before}) {
            QApplication::setPalette(p);
            auto w = open(dir, kMail13);
            WAIT_SETTLED(*w);
            const QColor base = p.color(QPalette::Base);
            QString bad = lowContrast(*w->messageView()->document(), base, 4.5);
            QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("mail: ") + bad));
            bad = lowContrast(*w->diffView()->textView()->document(), base, 4.5);
            QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("diff: ") + bad));
            QTest::mouseClick(w->commitButton(), Qt::LeftButton);
            WAIT_SETTLED(*w);
            bad = lowContrast(*w->commitView()->document(), base, 4.5);
            QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("commit: ") + bad));
            const QColor badge = w->threadView()
                                     ->currentIndex()
                                     .siblingAtColumn(ColumnBadges)
                                     .data(Qt::ForegroundRole)
                                     .value<QBrush>()
                                     .color();
            QVERIFY(contrastRatio(badge, base) >= 4.5);
        }
        QApplication::setPalette(before);
    }
    // Point 5: the window fits the screen's free area; --view is not remembered.
    void windowFitsAndViewNotPersisted() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        QSettings().remove(QStringLiteral("window"));
        QByteArray remembered;
        {
            MainWindow w;
            w.setPersistent(true);
            w.openIndex(dir);
            w.show();
            WAIT_SETTLED(w);
            const QRect avail = w.screen()->availableGeometry();
            QVERIFY2(w.frameGeometry().width() <= avail.width() &&
                         w.frameGeometry().height() <= avail.height(),
                     qPrintable(QStringLiteral("%1x%2 on %3x%4")
                                    .arg(w.frameGeometry().width())
                                    .arg(w.frameGeometry().height())
                                    .arg(avail.width())
                                    .arg(avail.height())));
            // A start without --query lists the newest threads, newest first.
            w.showNewest();
            WAIT_SETTLED(w);
            QVERIFY(w.resultsModel()->rowCount() >= 1);
            const QDateTime first = w.resultsModel()->index(0, 0).data(RoleDate).toDateTime();
            for (int r = 1; r < w.resultsModel()->rowCount(); ++r)
                QVERIFY(w.resultsModel()->index(r, 0).data(RoleDate).toDateTime() <= first);
            w.close();
            remembered = QSettings().value(QStringLiteral("window/outer")).toByteArray();
        }
        QVERIFY(!remembered.isEmpty());
        {
            MainWindow w;
            w.setPersistent(true);
            w.openIndex(dir);
            w.show();
            w.setView(MainWindow::View::Commit);
            WAIT_SETTLED(w);
            w.close();
        }
        QCOMPARE(QSettings().value(QStringLiteral("window/outer")).toByteArray(), remembered);
        QSettings().remove(QStringLiteral("window"));
    }
    // Point 6: the keymap.
    void keymap() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, QString());
        WAIT_SETTLED(*w);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        // Enter moves to the results; after a new search the first j is the first result.
        QTest::keyClick(w->resultsView(), Qt::Key_Slash);
        QVERIFY(w->queryBar()->hasFocus());
        QTest::keyClicks(w->queryBar(), QStringLiteral("f:liam.howlett@oracle.com"));
        QTest::keyClick(w->queryBar(), Qt::Key_Return);
        WAIT_SETTLED(*w);
        QTRY_VERIFY(w->resultsView()->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_J);
        WAIT_SETTLED(*w);
        QCOMPARE(w->resultsView()->currentIndex().row(), 0);
        QTest::keyClick(w->resultsView(), Qt::Key_J);
        QCOMPARE(w->resultsView()->currentIndex().row(), 1);
        // '/' from a combo box (offscreen may leave the completion list the active window).
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w->commitView()->rangeFrom(), Qt::Key_Slash);
        QVERIFY(w->queryBar()->hasFocus());

        w->openMessage(kMail13);
        WAIT_SETTLED(*w);
        // g / G in the thread.
        QTest::keyClick(w->threadView(), Qt::Key_G, Qt::ShiftModifier);
        WAIT_SETTLED(*w);
        QCOMPARE(w->threadView()->indexBelow(w->threadView()->currentIndex()), QModelIndex());
        QTest::keyClick(w->threadView(), Qt::Key_G);
        WAIT_SETTLED(*w);
        QCOMPARE(w->threadView()->indexAbove(w->threadView()->currentIndex()), QModelIndex());
        w->openMessage(kMail13);
        WAIT_SETTLED(*w);
        // j / k scroll the mail by one line.
        MessageView* mv = w->messageView();
        mv->verticalScrollBar()->setValue(0);
        QTest::keyClick(mv, Qt::Key_J);
        QCOMPARE(mv->verticalScrollBar()->value(), mv->fontMetrics().lineSpacing());
        QTest::keyClick(mv, Qt::Key_K);
        QCOMPARE(mv->verticalScrollBar()->value(), 0);
        // z folds and unfolds every long quote run.
        QVERIFY(mv->quoteRunCount() >= 1);
        QList<int> longRuns;
        bool anyOpen = false;
        for (int r = 0; r < mv->quoteRunCount(); ++r)
            if (mv->quoteRunLines(r) >= 4) {
                longRuns << r;
                anyOpen = anyOpen || !mv->isQuoteRunFolded(r);
            }
        QVERIFY(!longRuns.isEmpty());
        QTest::keyClick(mv, Qt::Key_Z);
        for (int r : longRuns)
            QCOMPARE(mv->isQuoteRunFolded(r), anyOpen);
        QTest::keyClick(mv, Qt::Key_Z);
        for (int r : longRuns)
            QCOMPARE(mv->isQuoteRunFolded(r), !anyOpen);
        // ] and [ walk the hunks of the diff.
        QTest::keyClick(mv, Qt::Key_BracketRight);
        QCOMPARE(w->diffView()->textView()->textCursor().blockNumber(),
                 w->diffView()->hunkLine(0, 0));
        QTest::keyClick(mv, Qt::Key_BracketRight);
        QCOMPARE(w->diffView()->textView()->textCursor().blockNumber(),
                 w->diffView()->hunkLine(0, 1));
        QTest::keyClick(mv, Qt::Key_BracketLeft);
        QCOMPARE(w->diffView()->textView()->textCursor().blockNumber(),
                 w->diffView()->hunkLine(0, 0));
        // 1-3 switch the side tabs.
        QTest::keyClick(mv, Qt::Key_3);
        QCOMPARE(w->sideTabs()->currentIndex(), 2);
        QTest::keyClick(mv, Qt::Key_2);
        QCOMPARE(w->sideTabs()->currentIndex(), 1);
        QTest::keyClick(mv, Qt::Key_1);
        QCOMPARE(w->sideTabs()->currentIndex(), 0);
        // Ctrl+F finds in the mail.
        mv->setFocus();
        QTest::keyClick(mv, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(w->findBar()->isVisible());
        QTest::keyClicks(w->findBar(), QStringLiteral("mas_wr_node_store"));
        QTest::keyClick(w->findBar(), Qt::Key_Return);
        QCOMPARE(mv->textCursor().selectedText(), QStringLiteral("mas_wr_node_store"));
        QTest::keyClick(w->findBar(), Qt::Key_Escape);
        QVERIFY(w->findBar()->isHidden());
        // Help > Keys lists the table, r (reply) included.
        QStringList keys;
        for (const QString& row : keyHelpRows())
            keys << row.section(QLatin1Char('\t'), 0, 0);
        for (const char* k : {"/", "j  k", "g  G", "]  [", "z", "1  2  3", "Ctrl+F", "r", "s"})
            QVERIFY2(keys.contains(QLatin1String(k)), k);
        w->showKeys();
        auto* list = w->findChild<QTreeWidget*>(QStringLiteral("keysList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), int(keyHelpRows().size()));
    }
    // Point 3: thread and series as mbox, and the series applied with git am.
    void seriesActions() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto w = open(dir, kMail18);
        WAIT_SETTLED(*w);
        QTemporaryDir tmp;
        const QString thread = tmp.filePath(QStringLiteral("thread.mbox"));
        w->saveThreadMbox(thread);
        WAIT_SETTLED(*w);
        QVERIFY2(w->lastActionResult().startsWith(QLatin1String("Saved the thread")),
                 qPrintable(w->lastActionResult()));
        QFile f(thread);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray mbox = f.readAll();
        int mails = mbox.startsWith("From ") ? 1 : 0;
        mails += int(mbox.count("\nFrom "));
        int indexed = 0;
        for (QModelIndex i = w->threadModel()->index(0, 0); i.isValid();
             i = w->threadView()->indexBelow(i))
            indexed += i.data(RoleIsGhost).toBool() ? 0 : 1;
        QCOMPARE(mails, indexed);
        QVERIFY(mbox.contains("Message-ID: <" + kMail18.toLatin1() + ">") ||
                mbox.contains("Message-Id: <" + kMail18.toLatin1() + ">"));

        const QString series = tmp.filePath(QStringLiteral("series.mbox"));
        w->saveSeriesMbox(series);
        WAIT_SETTLED(*w);
        QVERIFY2(w->lastActionResult().contains(QLatin1String("1 patch")),
                 qPrintable(w->lastActionResult()));
        QFile s(series);
        QVERIFY(s.open(QIODevice::ReadOnly));
        QVERIFY(s.readAll().contains("maple_tree: Fix stale data copy in"));

        // A tree without lib/maple_tree.c: git am refuses, and the window says so with git's words.
        const QString repo = tmp.filePath(QStringLiteral("repo"));
        QVERIFY(QDir().mkpath(repo));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("git"),
                     {QStringLiteral("-C"), repo, QStringLiteral("init"), QStringLiteral("-q")}),
                 0);
        w->applySeries(repo);
        WAIT_SETTLED(*w);
        QVERIFY2(w->lastActionResult().startsWith(QLatin1String("git am failed in ") + repo),
                 qPrintable(w->lastActionResult()));
        QVERIFY(w->lastActionResult().contains(QLatin1String("lib/maple_tree.c")));

        // A tree holding what the patch changes (each hunk's old lines at their line numbers):
        // git am applies it, the window says so, and the commit is the posted patch.
        const QString good = tmp.filePath(QStringLiteral("good"));
        QVERIFY(baseTreeFor(s.fileName(), good));
        w->applySeries(good);
        WAIT_SETTLED(*w);
        QVERIFY2(w->lastActionResult().startsWith(QLatin1String("Applied to ") + good),
                 qPrintable(w->lastActionResult()));
        QProcess log;
        log.start(QStringLiteral("git"), {QStringLiteral("-C"), good, QStringLiteral("log"),
                                          QStringLiteral("--format=%s%n%b"), QStringLiteral("-1")});
        QVERIFY(log.waitForFinished());
        const QString commit = QString::fromUtf8(log.readAllStandardOutput());
        QVERIFY2(commit.startsWith(QLatin1String("maple_tree: Fix stale data copy in")),
                 qPrintable(commit));
        QVERIFY(commit.contains(QLatin1String("Signed-off-by: Liam R. Howlett")));
    }

    // A git tree in `dir` whose files hold, at each hunk's line numbers, the hunk's old lines
    // (context and removed), other lines filler: the tree a series mbox applies onto.
    static bool baseTreeFor(const QString& mbox, const QString& dir) {
        QFile f(mbox);
        if (!f.open(QIODevice::ReadOnly) || !QDir().mkpath(dir)) return false;
        std::map<QString, QStringList> files;
        QString path;
        bool inHunk = false;
        for (const QString& line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("+++ b/"))) {
                path = line.mid(6);
                inHunk = false;
            } else if (line.startsWith(QLatin1String("@@ -")) && !path.isEmpty()) {
                const int from = line.mid(4).section(QLatin1Char(','), 0, 0).toInt();
                QStringList& lines = files[path];
                while (lines.size() < from - 1)
                    lines << QStringLiteral("filler %1").arg(lines.size() + 1);
                inHunk = true;
            } else if (inHunk && (line.startsWith(QLatin1Char(' ')) || line.startsWith('-'))) {
                files[path] << line.mid(1);
            } else if (inHunk && !line.startsWith(QLatin1Char('+'))) {
                inHunk = false;
            }
        }
        for (const auto& [name, lines] : files) {
            const QString file = dir + QLatin1Char('/') + name;
            QDir().mkpath(QFileInfo(file).path());
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly)) return false;
            out.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
        }
        const QStringList git{QStringLiteral("-C"), dir};
        for (const QStringList& args :
             {QStringList{QStringLiteral("init"), QStringLiteral("-q")},
              QStringList{QStringLiteral("config"), QStringLiteral("user.name"),
                          QStringLiteral("T")},
              QStringList{QStringLiteral("config"), QStringLiteral("user.email"),
                          QStringLiteral("t@example.org")},
              QStringList{QStringLiteral("add"), QStringLiteral("-A")},
              QStringList{QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                          QStringLiteral("base")}})
            if (QProcess::execute(QStringLiteral("git"), git + args) != 0) return false;
        return !files.empty();
    }
};

QObject* makeMailActionsTest() {
    return new MailActionsTest;
}

} // namespace lkmine::gui::test

#include "mail_actions_test.moc"
