// Link and quote detection on real lines of kernel mail (taken from the maple-tree thread).
#include "gui/text_links.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

namespace lkmine::gui::test {

class TextLinksTest : public QObject {
    Q_OBJECT
  private slots:
    void links_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("hrefs");
        QTest::newRow("lore link")
            << "Link: "
               "https://lore.kernel.org/linux-mm/20220712142441.4184969-1-Liam.Howlett@oracle.com/."
            << QStringList{"https://lore.kernel.org/linux-mm/"
                           "20220712142441.4184969-1-Liam.Howlett@oracle.com/"};
        QTest::newRow("attribution with id")
            << "> On Tue, 12 Jul 2022 <20220712142441.4184969-1-Liam.Howlett@oracle.com> wrote:"
            << QStringList{"mid:20220712142441.4184969-1-Liam.Howlett%40oracle.com"};
        QTest::newRow("address is not an id")
            << "Signed-off-by: Liam R. Howlett <Liam.Howlett@oracle.com>" << QStringList{};
        QTest::newRow("short address") << "Hugh Dickins <hughd@google.com> wrote:" << QStringList{};
        QTest::newRow("Fixes sha") << "Fixes: 54a611b60590 (\"Maple Tree: add new data structure\")"
                                   << QStringList{"sha:54a611b60590"};
        QTest::newRow("decimal is not a sha") << "at 20220712142441 seconds" << QStringList{};
        QTest::newRow("short hex is not a sha") << "commit abcdef1 only" << QStringList{};
        QTest::newRow("id inside url stays the url")
            << "see <https://lore.kernel.org/r/Ys2LCwQZUuOwiiX6@casper.infradead.org>"
            << QStringList{"https://lore.kernel.org/r/Ys2LCwQZUuOwiiX6@casper.infradead.org"};
    }
    void links() {
        QFETCH(QString, line);
        QFETCH(QStringList, hrefs);
        QStringList got;
        int end = 0;
        for (const LinkSpan& s : findLinks(line)) {
            QVERIFY(s.start >= end); // ordered, not overlapping
            end = s.start + s.length;
            got << hrefFor(s);
        }
        QCOMPARE(got, hrefs);
    }
    void hrefRoundTrip() {
        LinkSpan s{0, 0, LinkSpan::MessageId, QStringLiteral("a+b/c%d@host")};
        LinkSpan::Kind kind;
        QString target;
        QVERIFY(parseHref(hrefFor(s), &kind, &target));
        QCOMPARE(kind, LinkSpan::MessageId);
        QCOMPARE(target, s.target);
    }
    void quoteDepth_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("depth");
        QTest::newRow("plain") << "Thanks, Hugh" << 0;
        QTest::newRow("one") << "> * Liam R. Howlett" << 1;
        QTest::newRow("spaced") << "> > > On Wed, 13 Jul 2022" << 3;
        QTest::newRow("packed") << ">>foo" << 2;
        QTest::newRow("diff line is no quote") << "-\tif (mte_dead_node(node))" << 0;
        QTest::newRow("indented arrow") << "  -> not a quote" << 0;
    }
    void quoteDepth() {
        QFETCH(QString, line);
        QFETCH(int, depth);
        QCOMPARE(lkmine::gui::quoteDepth(line), depth);
    }
};

QObject* makeTextLinksTest() {
    return new TextLinksTest;
}

} // namespace lkmine::gui::test

#include "text_links_test.moc"
