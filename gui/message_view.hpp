// MessageView: one mail as plain text: headers, body with coloured and foldable quote levels,
// clickable message-ids, commit shas and URLs.
#pragma once

#include "core/model/message.hpp"
#include "core/index/store.hpp"

#include <QStringList>
#include <QTextBrowser>
#include <QUrl>
#include <vector>

class QTextCursor;

namespace lkmine::gui {

// Mail text never goes through HTML: the document is built with QTextCursor::insertText and
// character formats, anchors included, so markup in a mail is shown, not interpreted.
class MessageView : public QTextBrowser {
    Q_OBJECT
  public:
    explicit MessageView(QWidget* parent = nullptr);

    void showMessage(const Message& message, const StoredMail& stored);
    void showPlaceholder(const QString& text);
    QString messageId() const { return messageId_; }
    // The mail shown (what `r` replies to); empty for a placeholder.
    const Message& message() const { return message_; }
    const StoredMail& stored() const { return stored_; }

    // Runs of quoted lines, in order; long runs start folded.
    int quoteRunCount() const { return int(runs_.size()); }
    int quoteRunLines(int run) const;
    bool isQuoteRunFolded(int run) const;
    void setQuoteRunFolded(int run, bool folded);
    // Every anchor href in document order (for tests and keyboard use).
    QStringList hrefs() const;
    // Document position of the first anchor with `href`, or -1.
    int anchorPosition(const QString& href) const;
    // What a click on `href` does.
    void activateHref(const QString& href);

    static constexpr int kFoldAtLines = 25;

  signals:
    void messageIdActivated(const QString& msgid);
    void commitActivated(const QString& sha);
    void urlActivated(const QUrl& url);

  private:
    struct QuoteRun {
        int firstLine = 0, lines = 0;
        bool folded = false;
    };
    void render();
    void renderHeaders(QTextCursor& c);
    void renderBody(QTextCursor& c);
    void insertLine(QTextCursor& c, const QString& line, bool inDiff);

    Message message_;
    StoredMail stored_;
    QString messageId_;
    QStringList bodyLines_;
    std::vector<QuoteRun> runs_;
    bool truncated_ = false;
};

} // namespace lkmine::gui
