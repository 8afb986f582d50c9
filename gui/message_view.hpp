// MessageView: one mail as plain text: headers, body with coloured and foldable quote levels,
// clickable message-ids, commit shas and URLs.
#pragma once

#include "core/index/store.hpp"
#include "core/mail/attachments.hpp"
#include "core/model/message.hpp"

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
    // Normal: the usual headers and the text; FullHeaders: every header as sent (decoded);
    // Raw: the mail's source bytes exactly as stored (controls shown, never obeyed).
    enum class Mode { Normal, FullHeaders, Raw };

    explicit MessageView(QWidget* parent = nullptr);

    // `attachments` (read_attachments() of the raw mail) are listed with save and open links;
    // text ones (an attached patch: its Subject, changelog, trailers, diffstat and diff) are
    // shown in full after the body.
    void showMessage(const Message& message, const StoredMail& stored,
                     const std::vector<MailAttachment>& attachments = {});
    Mode mode() const { return mode_; }
    void setMode(Mode mode);
    const std::vector<MailAttachment>& attachments() const { return attachments_; }
    // Folds every quote run of 4+ lines when any is open, else opens them all (`z`).
    void toggleAllQuotes();
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
    // A save ("att-save:N") or open ("att-open:N") link of attachment N was clicked.
    void attachmentActivated(int index, bool open);

  private:
    struct QuoteRun {
        int firstLine = 0, lines = 0;
        bool folded = false;
    };
    void render();
    void renderHeaders(QTextCursor& c);
    void renderFullHeaders(QTextCursor& c);
    void renderBody(QTextCursor& c);
    void renderAttachments(QTextCursor& c);
    void insertLine(QTextCursor& c, const QString& line, bool inDiff);

    Message message_;
    StoredMail stored_;
    std::vector<MailAttachment> attachments_;
    Mode mode_ = Mode::Normal;
    QString messageId_;
    QStringList bodyLines_;
    std::vector<QuoteRun> runs_;
    bool truncated_ = false;
};

} // namespace lkmine::gui
