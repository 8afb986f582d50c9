// ReplyDialog: the in-app reply editor: the composed reply-all (with review comments), trailer
// buttons, and Send / Save as .eml through the same senders as `lkmine reply`.
#pragma once

#include "core/base/result.hpp"
#include "core/mail/reply.hpp"
#include "ingest/reply_settings.hpp"

#include <QDialog>
#include <QString>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace lkmine::gui {

class ReplyDialog : public QDialog {
    Q_OBJECT
  public:
    // `raw`: the mail's stored bytes when known (Reply-To and List-Post read exactly), else
    // empty and `parent` is used; `comments` are on `parent`'s patches.
    ReplyDialog(const Message& parent, const std::string& raw, std::vector<DiffComment> comments,
                QWidget* parentWidget = nullptr);

    QPlainTextEdit* editor() const { return editor_; }
    QPushButton* trailerButton(const QString& key) const; // "Reviewed-by", "Acked-by", ...
    QPushButton* sendButton() const { return send_; }
    QPushButton* saveButton() const { return save_; }
    QComboBox* senderChoice() const { return sender_; }
    QLabel* status() const { return status_; }
    // The review comments, one row each (file, lines, first words); Delete or the button drops
    // the selected one.
    QListWidget* commentList() const { return commentList_; }
    QPushButton* deleteCommentButton() const { return deleteComment_; }
    const std::vector<DiffComment>& comments() const { return comments_; }
    // Drops comment `index`: the reply is composed again when its text was not edited, else the
    // comment's own paragraph is taken out of the text (its quoted lines stay).
    bool removeComment(int index);
    const ReplySettings& settings() const { return settings_; }
    void setSettings(const ReplySettings& s); // recomposes while the text is untouched

    // The mail the text makes now (finalize_mail), with the date of now.
    Result<std::string> finishedMail() const;
    // Writes the .eml; the status line says where, or why not.
    bool saveTo(const QString& path);
    // Hands the mail to the chosen sender in the background; `sent` or the status tells.
    void send();

  signals:
    void sent(const QString& messageId);
    void commentRemoved(int index);

  private:
    void compose();
    void toggleTrailer(const QString& key, bool on);
    void editSettings();
    void saveInteractively();
    void showStatus(const QString& text, bool error);
    void fillCommentList();
    bool eventFilter(QObject* watched, QEvent* event) override;

    Message parent_;
    std::string raw_;
    std::vector<DiffComment> comments_;
    ReplySettings settings_;
    QString composed_; // the text as composed, to tell whether the user edited it
    QLabel* title_;
    QLabel* identity_;
    QPlainTextEdit* editor_;
    std::vector<QPushButton*> trailers_;
    QListWidget* commentList_;
    QPushButton* deleteComment_;
    QComboBox* sender_;
    QPushButton* send_;
    QPushButton* save_;
    QLabel* status_;
};

} // namespace lkmine::gui
