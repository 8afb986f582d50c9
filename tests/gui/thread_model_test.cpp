// ThreadModel: tree shape, ghost rows and order, on a hand-made tree and on the real thread.
#include "core/index/store.hpp"
#include "gui/item_roles.hpp"
#include "gui/thread_model.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QAbstractItemModelTester>
#include <QFont>

namespace lkmine::gui::test {

namespace {

ThreadEntry entry(const char* id, int depth, int parent, bool ghost = false, int patches = 0) {
    ThreadEntry e;
    e.mail.message_id = id;
    e.mail.subject = ghost ? "" : "Re: [PATCH] x";
    e.mail.subject_info.clean = "x";
    e.mail.from.name = std::string("author of ") + id;
    e.mail.ghost = ghost;
    e.mail.patches = patches;
    e.depth = depth;
    e.parent = parent;
    return e;
}

// a ─┬─ ghost ── b
//    └─ c
ThreadTree smallTree() {
    ThreadTree t;
    t.thread_id = "0000000000000001";
    t.entries = {entry("a@x", 0, -1, false, 1), entry("ghost@x", 1, 0, true), entry("b@x", 2, 1),
                 entry("c@x", 1, 0)};
    return t;
}

} // namespace

class ThreadModelTest : public QObject {
    Q_OBJECT
  private slots:
    void shapeAndGhost() {
        ThreadModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setThread(smallTree());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex a = model.index(0, 0);
        QCOMPARE(model.rowCount(a), 2);
        const QModelIndex ghost = model.index(0, 0, a);
        QVERIFY(ghost.data(RoleIsGhost).toBool());
        QVERIFY(ghost.data(Qt::DisplayRole).toString().contains(QLatin1String("not in the index")));
        QVERIFY(ghost.data(Qt::FontRole).value<QFont>().italic());
        const QModelIndex b = model.index(0, 0, ghost);
        QCOMPARE(b.data(RoleMessageId).toString(), QStringLiteral("b@x"));
        QCOMPARE(model.parent(b), ghost);
        QCOMPARE(b.data(RoleDepth).toInt(), 2);
        QCOMPARE(model.index(1, 0, a).data(RoleMessageId).toString(), QStringLiteral("c@x"));
        // Same subject as the parent: the tree column names the author only.
        QCOMPARE(model.index(1, 0, a).data().toString(), QStringLiteral("author of c@x"));
    }
    void orderAndPatches() {
        ThreadModel model;
        model.setThread(smallTree());
        QModelIndex i = model.stepInOrder({}, +1);
        QStringList order;
        while (i.isValid()) {
            order << i.data(RoleMessageId).toString();
            i = model.stepInOrder(i, +1);
        }
        QCOMPARE(order, (QStringList{"a@x", "ghost@x", "b@x", "c@x"}));
        const QModelIndex b = model.indexOfMessageId(QStringLiteral("b@x"));
        QCOMPARE(model.nearestWithPatches(b).data(RoleMessageId).toString(), QStringLiteral("a@x"));
    }
    void brokenParentsCannotLoop() {
        ThreadTree t = smallTree();
        t.entries[0].parent = 3; // points forward: would make a cycle
        ThreadModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setThread(t);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(
            !model.nearestWithPatches(model.indexOfMessageId(QStringLiteral("c@x"))).isValid() ||
            true);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
    void realThread() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto reader = StoreReader::open(dir.toStdString());
        QVERIFY(reader.ok());
        auto tree = reader->thread(kSeedId);
        QVERIFY2(tree.ok(), tree.ok() ? "" : tree.error().c_str());
        ThreadModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setThread(tree.value());
        // INDEX.tsv: 18 of the 22 mails reply (directly or not) to 01, the sparse-fixes patch.
        int real = 0;
        for (const auto& e : tree->entries)
            real += !e.mail.ghost;
        QCOMPARE(real, 18);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(root.data(RoleMessageId).toString(),
                 QStringLiteral("20220712142441.4184969-1-Liam.Howlett@oracle.com"));
        // 01 has two direct replies: Willy's (03) and David's (06).
        QCOMPARE(model.rowCount(root), 2);
        // The seed hangs 11 levels deep: 01 06 07 08 09 11 12 13 14 16 17 19.
        const QModelIndex seed = model.indexOfMessageId(QString::fromLatin1(kSeedId));
        QVERIFY(seed.isValid());
        int depth = 0;
        for (QModelIndex p = model.parent(seed); p.isValid(); p = model.parent(p))
            ++depth;
        QCOMPARE(depth, 11);
        QCOMPARE(model.parent(seed).data(RoleMessageId).toString(),
                 QStringLiteral("20220718134541.ucbpuqdfcnfxravx@revolver"));
        QCOMPARE(seed.data(RoleFromEmail).toString(), QStringLiteral("hughd@google.com"));
    }
};

QObject* makeThreadModelTest() {
    return new ThreadModelTest;
}

} // namespace lkmine::gui::test

#include "thread_model_test.moc"
