// MessageView: quote runs and folding, anchors, and that mail text is never read as HTML.
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "gui/message_view.hpp"
#include "gui_fixture.hpp"
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QSignalSpy>

namespace lkmine::gui::test {

class MessageViewTest : public QObject {
    Q_OBJECT
  private slots:
    void markupIsShownNotRendered() {
        Message m;
        m.message_id = "x@y";
        m.subject = "<b>not bold</b>";
        m.body_text = "<script>alert(1)</script>\n<a href=\"http://evil\">click</a> &amp;\n";
        MessageView view;
        view.showMessage(m, {});
        const QString text = view.toPlainText();
        QVERIFY(text.contains(QLatin1String("<script>alert(1)</script>")));
        QVERIFY(text.contains(QLatin1String("<a href=\"http://evil\">click</a> &amp;")));
        QVERIFY(text.contains(QLatin1String("Subject: <b>not bold</b>")));
        // The only links are the ones we computed: the Message-ID and the bare URL.
        QCOMPARE(view.hrefs(), (QStringList{"mid:x%40y", "http://evil"}));
    }
    void overlongLineIsCutForDisplay() {
        // A line with no break opportunity is laid out in quadratic time by Qt: a hostile 4 MB
        // line froze the window for minutes. It is cut, saying so; the next lines are shown.
        Message m;
        m.message_id = "long@y";
        m.body_text = "before\n" + std::string(1000000, 'x') + "\nafter\n";
        MessageView view;
        view.showMessage(m, {});
        const QString text = view.toPlainText();
        QVERIFY(text.contains(QLatin1String("[line cut for display: 1000000 characters]")));
        QVERIFY(text.contains(QLatin1String("\nafter")));
        QVERIFY(text.size() < 20000);
    }
    void foldingSyntheticQuotes() {
        Message m;
        m.message_id = "f@y";
        QStringList body{QStringLiteral("On Mon, Foo wrote:")};
        for (int i = 0; i < 30; ++i)
            body << QStringLiteral("> quoted %1").arg(i);
        body << QStringLiteral("my answer") << QStringLiteral("> > short") << QStringLiteral("end");
        m.body_text = body.join('\n').toStdString();
        MessageView view;
        view.showMessage(m, {});
        QCOMPARE(view.quoteRunCount(), 2);
        QCOMPARE(view.quoteRunLines(0), 30);
        QVERIFY(view.isQuoteRunFolded(0)); // >= 25 lines start folded
        QVERIFY(!view.isQuoteRunFolded(1));
        QVERIFY(!view.toPlainText().contains(QLatin1String("quoted 10")));
        QVERIFY(view.toPlainText().contains(QLatin1String("30 quoted lines (show)")));
        view.activateHref(QStringLiteral("fold:0"));
        QVERIFY(!view.isQuoteRunFolded(0));
        QVERIFY(view.toPlainText().contains(QLatin1String("> quoted 10")));
        QVERIFY(view.toPlainText().contains(QLatin1String("my answer")));
    }
    void realHughMail() {
        LKMINE_GUI_REQUIRE_INDEX(dir);
        auto reader = StoreReader::open(dir.toStdString());
        QVERIFY(reader.ok());
        auto stored = reader->get(kSeedId);
        QVERIFY(stored.ok());
        const Message m = parse_message(RawMessage{stored->raw, {}});
        MessageView view;
        QSignalSpy mids(&view, &MessageView::messageIdActivated);
        view.showMessage(m, stored.value());
        QCOMPARE(view.messageId(), QString::fromLatin1(kSeedId));
        const QString text = view.toPlainText();
        QVERIFY(text.contains(QLatin1String("From: Hugh Dickins <hughd@google.com>")));
        // 19 quotes Liam's mail (61 quoted lines in the file): at least one run, some of depth 2.
        QVERIFY(view.quoteRunCount() >= 1);
        int quoted = 0;
        for (int r = 0; r < view.quoteRunCount(); ++r)
            quoted += view.quoteRunLines(r);
        QCOMPARE(quoted, 61);
        const QString parent = QStringLiteral("mid:20220718134541.ucbpuqdfcnfxravx%40revolver");
        QVERIFY(view.hrefs().contains(parent));
        view.activateHref(parent);
        QCOMPARE(mids.size(), 1);
        QCOMPARE(mids.at(0).at(0).toString(),
                 QStringLiteral("20220718134541.ucbpuqdfcnfxravx@revolver"));
    }
};

QObject* makeMessageViewTest() {
    return new MessageViewTest;
}

} // namespace lkmine::gui::test

#include "message_view_test.moc"
