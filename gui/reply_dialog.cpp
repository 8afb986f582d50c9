// ReplyDialog: composes with core's compose_reply, finishes with finalize_mail, delivers with
// ingest's senders (the same path as `lkmine reply`).
#include "gui/reply_dialog.hpp"

#include "core/mail/outgoing.hpp"
#include "core/mail/parse.hpp"
#include "gui/reply_settings_dialog.hpp"
#include "gui/summary_format.hpp"
#include "ingest/reply_send.hpp"

#include <QtConcurrent/QtConcurrent>

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lkmine::gui {

namespace {
const char* const kTrailers[] = {"Reviewed-by", "Acked-by", "Tested-by"};

QString trailerLine(const QString& key, const Identity& me) {
    return key + QStringLiteral(": ") + qstr(format_address({me.name, me.email}));
}
} // namespace

ReplyDialog::ReplyDialog(const Message& parent, const std::string& raw,
                         std::vector<DiffComment> comments, QWidget* parentWidget)
    : QDialog(parentWidget), parent_(parent), raw_(raw), comments_(std::move(comments)) {
    setObjectName(QStringLiteral("replyDialog"));
    setWindowTitle(tr("Reply — %1").arg(labelText(parent.subject)));
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::PlainText);
    title_->setWordWrap(true);
    title_->setText(tr("Reply to all: %1 — %2%3")
                        .arg(labelText(parent.subject), fromText(parent.from),
                             comments_.empty() ? QString()
                                               : tr(" (%n review comment(s) on its diff)", "",
                                                    int(comments_.size()))));
    identity_ = new QLabel(this);
    identity_->setTextFormat(Qt::PlainText);
    auto* settingsButton = new QPushButton(tr("Settings…"), this);
    connect(settingsButton, &QPushButton::clicked, this, &ReplyDialog::editSettings);

    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("replyEditor"));
    editor_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor_->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto* trailerRow = new QHBoxLayout;
    trailerRow->addWidget(new QLabel(tr("Add:"), this));
    for (const char* key : kTrailers) {
        // Alt+R, Alt+A, Alt+T: the first letter is the mnemonic.
        const QString name = QString::fromLatin1(key);
        auto* b = new QPushButton(QLatin1Char('&') + name, this);
        b->setCheckable(true);
        b->setObjectName(QStringLiteral("trailer-") + name);
        b->setProperty("trailer", name);
        connect(b, &QPushButton::toggled, this, [this, name](bool on) { toggleTrailer(name, on); });
        trailers_.push_back(b);
        trailerRow->addWidget(b);
    }
    trailerRow->addStretch();
    trailerRow->addWidget(identity_);
    trailerRow->addWidget(settingsButton);

    commentList_ = new QListWidget(this);
    commentList_->setObjectName(QStringLiteral("replyComments"));
    commentList_->setMaximumHeight(6 * fontMetrics().lineSpacing());
    commentList_->installEventFilter(this);
    deleteComment_ = new QPushButton(tr("&Delete comment"), this);
    deleteComment_->setObjectName(QStringLiteral("deleteComment"));
    connect(deleteComment_, &QPushButton::clicked, this,
            [this] { removeComment(commentList_->currentRow()); });
    auto* commentRow = new QHBoxLayout;
    auto* commentLabel = new QLabel(tr("Co&mments:"), this);
    commentLabel->setBuddy(commentList_);
    commentRow->addWidget(commentLabel);
    commentRow->addWidget(commentList_, 1);
    commentRow->addWidget(deleteComment_, 0, Qt::AlignTop);

    sender_ = new QComboBox(this);
    send_ = new QPushButton(tr("&Send"), this);
    save_ = new QPushButton(tr("Save as .eml…"), this);
    auto* cancel = new QPushButton(tr("Cancel"), this);
    connect(send_, &QPushButton::clicked, this, &ReplyDialog::send);
    connect(save_, &QPushButton::clicked, this, &ReplyDialog::saveInteractively);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Send with:"), this));
    buttons->addWidget(sender_, 1);
    buttons->addWidget(send_);
    buttons->addWidget(save_);
    buttons->addWidget(cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(trailerRow);
    layout->addLayout(commentRow);
    layout->addWidget(editor_, 1);
    layout->addWidget(status_);
    layout->addLayout(buttons);
    resize(860, 640);

    auto s = load_reply_settings();
    if (!s) showStatus(qstr(s.error()), true);
    setSettings(s ? *s : ReplySettings{});
    fillCommentList();
    editor_->setFocus();
}

void ReplyDialog::fillCommentList() {
    const int keep = commentList_->currentRow();
    commentList_->clear();
    for (const DiffComment& c : comments_) {
        const QString first = qstr(c.text).section(QLatin1Char('\n'), 0, 0);
        QString where = tr("patch %1, lines %2-%3")
                            .arg(c.span.patch + 1)
                            .arg(c.span.first + 1)
                            .arg(c.span.last + 1);
        if (c.span.patch < parent_.patches.size()) {
            // The file the lines are in: the last file header at or before them.
            const auto& p = parent_.patches[c.span.patch];
            QString file;
            const QStringList lines = qstr(p.text).split(QLatin1Char('\n'));
            for (int i = 0; i <= int(c.span.first) && i < lines.size(); ++i)
                if (lines[i].startsWith(QLatin1String("+++ ")))
                    file = lines[i].mid(4).section(QLatin1Char('\t'), 0, 0);
            if (file.startsWith(QLatin1String("b/"))) file = file.mid(2);
            if (!file.isEmpty()) where = file + QLatin1String(", ") + where;
        }
        commentList_->addItem(where + QStringLiteral(": ") + first);
    }
    commentList_->setCurrentRow(std::min(std::max(keep, 0), commentList_->count() - 1));
    commentList_->setEnabled(!comments_.empty());
    deleteComment_->setEnabled(!comments_.empty());
}

bool ReplyDialog::removeComment(int index) {
    if (index < 0 || index >= int(comments_.size())) return false;
    const QString text = qstr(comments_[std::size_t(index)].text);
    comments_.erase(comments_.begin() + index);
    if (editor_->toPlainText() == composed_) {
        compose();
    } else {
        // Edited: keep the edits, take out the comment's own paragraph if it is still there.
        QString draft = editor_->toPlainText();
        const QString para = QLatin1Char('\n') + text + QStringLiteral("\n\n");
        const int at = draft.indexOf(para);
        if (at >= 0) draft.remove(at + 1, para.size() - 1);
        editor_->setPlainText(draft);
        showStatus(at >= 0 ? tr("Comment removed; its quoted lines stay in your edited text.")
                           : tr("Comment removed from the list; it was no longer in your text."),
                   false);
    }
    fillCommentList();
    emit commentRemoved(index);
    return true;
}

bool ReplyDialog::eventFilter(QObject* watched, QEvent* event) {
    if (watched == commentList_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Delete || key == Qt::Key_Backspace) {
            removeComment(commentList_->currentRow());
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QPushButton* ReplyDialog::trailerButton(const QString& key) const {
    for (auto* b : trailers_)
        if (b->property("trailer").toString() == key) return b;
    return nullptr;
}

void ReplyDialog::setSettings(const ReplySettings& s) {
    settings_ = s;
    if (settings_.sendmail.empty()) settings_.sendmail = default_sendmail_command();
    if (settings_.git_send_email.empty()) settings_.git_send_email = "git send-email";
    const bool hasIdentity = !settings_.identity.email.empty();
    identity_->setText(hasIdentity ? tr("as %1").arg(qstr(format_address(
                                         {settings_.identity.name, settings_.identity.email})))
                                   : tr("no identity: open Settings…"));
    sender_->clear();
    sender_->addItem(tr("sendmail: %1").arg(qstr(settings_.sendmail)), QStringLiteral("sendmail"));
    sender_->addItem(tr("git send-email: %1").arg(qstr(settings_.git_send_email)),
                     QStringLiteral("git-send-email"));
    if (settings_.send_with == "git-send-email") sender_->setCurrentIndex(1);
    send_->setEnabled(hasIdentity);
    save_->setEnabled(hasIdentity);
    if (editor_->toPlainText() == composed_) compose(); // untouched: follow the new identity
}

void ReplyDialog::compose() {
    ReplyOptions opt;
    opt.comments = comments_;
    auto draft = raw_.empty() ? compose_reply(parent_, settings_.identity, opt)
                              : compose_reply(raw_, settings_.identity, opt);
    if (!draft) {
        showStatus(qstr(draft.error()), true);
        return;
    }
    composed_ = QString::fromStdString(draft_text(*draft));
    editor_->setPlainText(composed_);
    for (auto* b : trailers_)
        if (b->isChecked()) toggleTrailer(b->property("trailer").toString(), true);
    composed_ = editor_->toPlainText();
}

// A trailer line at the end of the text (added once), or taken out again.
void ReplyDialog::toggleTrailer(const QString& key, bool on) {
    const QString line = trailerLine(key, settings_.identity);
    QString text = editor_->toPlainText();
    const bool untouched = text == composed_;
    if (on && !text.contains(QLatin1Char('\n') + line + QLatin1Char('\n'))) {
        if (!text.endsWith(QLatin1Char('\n'))) text += QLatin1Char('\n');
        text += line + QLatin1Char('\n');
    } else if (!on) {
        text.replace(QLatin1Char('\n') + line + QLatin1Char('\n'), QStringLiteral("\n"));
    }
    editor_->setPlainText(text);
    editor_->moveCursor(QTextCursor::End);
    if (untouched) composed_ = text;
}

Result<std::string> ReplyDialog::finishedMail() const {
    const Date date = reply_date();
    return finalize_mail(editor_->toPlainText().toStdString(), date,
                         new_message_id(date, settings_.identity.email));
}

bool ReplyDialog::saveTo(const QString& path) {
    auto mail = finishedMail();
    if (!mail) {
        showStatus(qstr(mail.error()), true);
        return false;
    }
    if (auto st = save_reply(*mail, path.toStdString()); !st) {
        showStatus(qstr(st.error()), true);
        return false;
    }
    showStatus(tr("Saved to %1").arg(path), false);
    return true;
}

void ReplyDialog::saveInteractively() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save reply"), QDir::home().filePath(QStringLiteral("reply.eml")),
        tr("Mail (*.eml)"));
    if (!path.isEmpty()) saveTo(path);
}

void ReplyDialog::send() {
    auto mail = finishedMail();
    if (!mail) {
        showStatus(qstr(mail.error()), true);
        return;
    }
    const std::string method = sender_->currentData().toString().toStdString();
    send_->setEnabled(false);
    showStatus(tr("Sending…"), false);
    struct Outcome {
        bool ok = false;
        std::string text; // the command, or the error
    };
    auto* watcher = new QFutureWatcher<Outcome>(this);
    const ReplySettings settings = settings_;
    const std::string bytes = *mail;
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, bytes] {
        const Outcome r = watcher->result();
        watcher->deleteLater();
        send_->setEnabled(true);
        if (!r.ok) {
            showStatus(qstr(r.text), true);
            return;
        }
        showStatus(tr("Sent with %1").arg(qstr(r.text)), false);
        const Message sentMail = parse_message({bytes, {}});
        emit sent(qstr(sentMail.message_id));
        accept();
    });
    watcher->setFuture(QtConcurrent::run([bytes, method, settings] {
        auto r = send_reply(bytes, method, settings);
        return r ? Outcome{true, *r} : Outcome{false, r.error()};
    }));
}

void ReplyDialog::editSettings() {
    ReplySettingsDialog d(settings_, this);
    if (d.exec() != QDialog::Accepted) return;
    if (auto st = save_reply_settings(d.settings()); !st) showStatus(qstr(st.error()), true);
    auto s = load_reply_settings(); // what the CLI will read too
    setSettings(s ? *s : d.settings());
}

void ReplyDialog::showStatus(const QString& text, bool error) {
    status_->setText(error ? tr("Error: %1").arg(text) : text);
    status_->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
}

} // namespace lkmine::gui
