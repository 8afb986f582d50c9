// ResultsModel: lazy offset paging and query replacement, against the real indexed thread.
#include "gui/item_roles.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QSet>
#include <QSignalSpy>
#include <QTreeView>

namespace lkmine::gui::test {

class ResultsModelTest : public QObject {
    Q_OBJECT
  private slots:
    void pagesInEveryMail() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        StoreWorker worker;
        bool opened = false;
        worker.open(dir, this, [&](const OpenReply& r) { opened = r.ok; });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
        ResultsModel model(&worker);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(5);
        QSignalSpy finished(&model, &ResultsModel::searchFinished);
        model.setQuery(QString()); // every mail
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(model.rowCount(), 5);
        // Nothing more is fetched until a view draws a row near the end (as scrolling down does).
        QVERIFY(!model.canFetchMore({}));
        const auto showLast = [&] { model.index(model.rowCount() - 1, 0).data(); };
        showLast();
        QVERIFY(model.canFetchMore({}));
        int pages = 1;
        while (model.canFetchMore({}) || model.isLoading()) {
            if (!model.isLoading()) {
                model.fetchMore({});
                ++pages;
            }
            QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
            showLast();
            QVERIFY(pages < 20);
        }
        QCOMPARE(model.rowCount(), mapleMailCount()); // 22 files, 22 distinct Message-IDs
        QCOMPARE(pages, 5);                           // 5+5+5+5+2
        QSet<QString> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.index(r, 0).data(RoleMessageId).toString());
        QCOMPARE(int(ids.size()), model.rowCount());
        // Newest first: Liam's last reply (22, 2022-07-19) heads the list, his first patch ends it.
        QCOMPARE(model.index(0, 0).data(RoleMessageId).toString(),
                 QStringLiteral("20220719013419.knzzx7thm5qkskcd@revolver"));
        QCOMPARE(model.index(model.rowCount() - 1, 0).data(RoleMessageId).toString(),
                 QStringLiteral("20220712142441.4184969-1-Liam.Howlett@oracle.com"));
    }
    // QTreeView asks for more on every layout: a list showing its top row must stay at one page,
    // not page through every result, and load the next page once scrolled to the end.
    void viewPagesOnlyWhenScrolled() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        StoreWorker worker;
        bool opened = false;
        worker.open(dir, this, [&](const OpenReply& r) { opened = r.ok; });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
        ResultsModel model(&worker);
        model.setPageSize(5);
        QTreeView view;
        view.setUniformRowHeights(true);
        view.setModel(&model);
        view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view.resize(400, view.header()->sizeHint().height() + view.fontMetrics().height() +
                             2 * view.frameWidth());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy finished(&model, &ResultsModel::searchFinished);
        model.setQuery(QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QTest::qWait(300);
        QVERIFY(worker.pending() == 0);
        QCOMPARE(model.rowCount(), 5);
        view.scrollToBottom();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 10, 10000);
    }
    void badgesAndColumns() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        StoreWorker worker;
        bool opened = false;
        worker.open(dir, this, [&](const OpenReply& r) { opened = r.ok; });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
        ResultsModel model(&worker);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &ResultsModel::searchFinished);
        model.setQuery(QStringLiteral("f:hughd@google.com"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        // INDEX.tsv: Hugh wrote 08, 12, 14, 15, 19 and 21.
        QCOMPARE(model.rowCount(), 6);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, 0).data(RoleFromEmail).toString(),
                     QStringLiteral("hughd@google.com"));
            QCOMPARE(model.index(r, ColumnFrom).data().toString(), QStringLiteral("Hugh Dickins"));
        }
        // The resent stale-data-copy fix (18) is a patch for v10, one inline diff.
        QSignalSpy again(&model, &ResultsModel::searchFinished);
        model.setQuery(QStringLiteral("m:20220718141818.2569416-1-Liam.Howlett@oracle.com"));
        QTRY_COMPARE_WITH_TIMEOUT(again.size(), 1, 10000);
        QCOMPARE(model.rowCount(), 1);
        const QStringList badges = model.index(0, 0).data(RoleBadges).toStringList();
        QVERIFY2(badges.size() >= 2, qPrintable(badges.join('|')));
        QVERIFY2(badges[0].startsWith(QLatin1String("RESEND PATCH")), qPrintable(badges.join('|')));
        QCOMPARE(badges[1], QStringLiteral("diff"));
        QCOMPARE(model.index(0, ColumnDate).data().toString(),
                 QStringLiteral("2022-07-18 14:18 UTC"));
    }
    void newerQueryWins() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        StoreWorker worker;
        bool opened = false;
        worker.open(dir, this, [&](const OpenReply& r) { opened = r.ok; });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
        ResultsModel model(&worker);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &ResultsModel::searchFinished);
        model.setQuery(QString());                            // 22 mails, answer dropped
        model.setQuery(QStringLiteral("f:david@redhat.com")); // David wrote one (06)
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(worker.pending(), 0, 10000);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(RoleMessageId).toString(),
                 QStringLiteral("653cc1da-e45a-9a93-7158-cee3e710ba35@redhat.com"));
    }
};

QObject* makeResultsModelTest() {
    return new ResultsModelTest;
}

} // namespace lkmine::gui::test

#include "results_model_test.moc"
