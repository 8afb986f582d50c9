// ReplyActions: wires `r` to ReplyDialog and `c` (DiffComments) into the diff view.
#include "gui/reply_actions.hpp"

#include "gui/diff_comments.hpp"
#include "gui/diff_view.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/reply_dialog.hpp"

#include <QAction>
#include <QMenuBar>
#include <QStatusBar>

namespace lkmine::gui {

ReplyActions::ReplyActions(MainWindow* window) : QObject(window), window_(window) {
    setObjectName(QStringLiteral("replyActions"));
    comments_ = new DiffComments(window->diffView());
    reply_ = new QAction(tr("&Reply to all…"), window);
    reply_->setObjectName(QStringLiteral("replyAction"));
    reply_->setShortcut(QKeySequence(Qt::Key_R));
    reply_->setShortcutContext(Qt::WindowShortcut);
    connect(reply_, &QAction::triggered, this, [this] { openReply(); });
    window->addAction(reply_);
    QMenu* mail = window->menuBar()->findChild<QMenu*>(QStringLiteral("mailMenu"));
    if (!mail) {
        mail = window->menuBar()->addMenu(tr("&Mail"));
        mail->setObjectName(QStringLiteral("mailMenu"));
    }
    mail->addAction(reply_);
    mail->addAction(comments_->commentAction());
}

ReplyDialog* ReplyActions::dialog() const {
    return static_cast<ReplyDialog*>(dialog_.data());
}

ReplyDialog* ReplyActions::openReply() {
    const MessageView* mv = window_->messageView();
    const bool elsewhere =
        !comments_->comments().empty() && comments_->messageId() != mv->messageId();
    if (mv->messageId().isEmpty() && !elsewhere) {
        window_->statusBar()->showMessage(tr("No mail to reply to"), 4000);
        return nullptr;
    }
    if (dialog_) dialog_->close();
    const Message& target = elsewhere ? comments_->message() : mv->message();
    const std::string raw = elsewhere ? std::string() : mv->stored().raw;
    std::vector<DiffComment> comments;
    if (comments_->messageId() == QString::fromStdString(target.message_id))
        comments = comments_->comments();
    auto* d = new ReplyDialog(target, raw, comments, window_);
    dialog_ = d;
    d->setAttribute(Qt::WA_DeleteOnClose);
    // A comment deleted in the composer is gone from the diff view's marks too.
    connect(d, &ReplyDialog::commentRemoved, comments_,
            [this](int index) { comments_->remove(std::size_t(index)); });
    connect(d, &ReplyDialog::sent, comments_, [this](const QString& id) {
        comments_->clear();
        window_->statusBar()->showMessage(tr("Reply <%1> sent").arg(id), 8000);
    });
    d->show();
    return d;
}

} // namespace lkmine::gui
