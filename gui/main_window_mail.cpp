// MainWindow: acting on the shown mail: its attachments, lore, the clipboard, finding text, and
// keeping the side reports true to the mail shown.
#include "core/mail/attachments.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/report_view.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextCursor>
#include <QTextDocument>

namespace lkmine::gui {

namespace {

// `dir/name`, or `dir/name-1.ext`, `-2` ... when taken: a save never overwrites a file.
QString freePath(const QString& dir, const QString& name) {
    const QFileInfo info(name);
    const QString stem = info.completeBaseName().isEmpty() ? name : info.completeBaseName();
    const QString ext = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    QString path = QDir(dir).filePath(name);
    for (int n = 1; QFileInfo::exists(path) && n < 1000; ++n)
        path = QDir(dir).filePath(QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(ext));
    return path;
}

QString safeName(const MailAttachment& a, int index) {
    return qstr(safe_attachment_name(a.filename, std::size_t(index), a.content_type));
}

} // namespace

QUrl MainWindow::loreUrl(const QString& msgid) {
    return QUrl(QStringLiteral("https://lore.kernel.org/all/%1/")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(msgid, "@"))));
}

void MainWindow::showNotice(const QString& text, const QUrl& lore) {
    noticeLabel_->setText(text);
    noticeUrl_ = lore;
    loreButton_->setVisible(lore.isValid());
    noticeBar_->show();
}

bool MainWindow::saveAttachment(int index, const QString& path, QString* error) {
    const auto& list = messageView_->attachments();
    if (index < 0 || index >= int(list.size())) {
        if (error) *error = tr("no attachment %1").arg(index + 1);
        return false;
    }
    const std::string& bytes = list[std::size_t(index)].content;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        f.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size())) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QStringList MainWindow::saveAttachments() {
    const auto& list = messageView_->attachments();
    QStringList written;
    if (list.empty()) {
        statusBar()->showMessage(tr("This mail has no attachment to save."));
        return written;
    }
    QDir().mkpath(saveDir_);
    for (int i = 0; i < int(list.size()); ++i) {
        const QString path = freePath(saveDir_, safeName(list[std::size_t(i)], i));
        QString error;
        if (saveAttachment(i, path, &error))
            written << path;
        else
            statusBar()->showMessage(error);
    }
    if (!written.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(written.join(QStringLiteral(", "))));
    return written;
}

void MainWindow::openAttachment(int index) {
    const auto& list = messageView_->attachments();
    if (index < 0 || index >= int(list.size())) return;
    static QTemporaryDir tmp; // lives as long as the app: the viewer may read it later
    const QString path = freePath(tmp.path(), safeName(list[std::size_t(index)], index));
    QString error;
    if (!saveAttachment(index, path, &error)) {
        statusBar()->showMessage(error);
        return;
    }
    emit externalUrlRequested(QUrl::fromLocalFile(path));
}

// A mouse user's save: a file dialog, proposing the safe name in the save folder. `which`:
// an attachment index, -1 the thread as mbox, -2 the series as an am mbox.
void MainWindow::chooseAndSave(int which) {
    const auto& list = messageView_->attachments();
    QString proposal;
    if (which >= 0 && which < int(list.size()))
        proposal = safeName(list[std::size_t(which)], which);
    else if (which == -1)
        proposal = QStringLiteral("thread.mbox");
    else if (which == -2)
        proposal = QStringLiteral("series.mbox");
    else
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save"), QDir(saveDir_).filePath(proposal));
    if (path.isEmpty()) return;
    saveDir_ = QFileInfo(path).absolutePath();
    if (which == -1) {
        saveThreadMbox(path);
    } else if (which == -2) {
        saveSeriesMbox(path);
    } else {
        QFile::remove(path); // the dialog asked before overwriting
        QString error;
        statusBar()->showMessage(saveAttachment(which, path, &error) ? tr("Saved %1").arg(path)
                                                                     : error);
    }
}

void MainWindow::copyMessageId() {
    if (messageView_->messageId().isEmpty()) return;
    QGuiApplication::clipboard()->setText(QLatin1Char('<') + messageView_->messageId() +
                                          QLatin1Char('>'));
    statusBar()->showMessage(tr("Copied <%1>").arg(messageView_->messageId()));
}

void MainWindow::copyLoreLink() {
    if (messageView_->messageId().isEmpty()) return;
    const QString url = loreUrl(messageView_->messageId()).toString();
    QGuiApplication::clipboard()->setText(url);
    statusBar()->showMessage(tr("Copied %1").arg(url));
}

void MainWindow::openOnLore() {
    if (!messageView_->messageId().isEmpty())
        emit externalUrlRequested(loreUrl(messageView_->messageId()));
}

void MainWindow::findInMail(bool backwards) {
    const QString text = findBar_->text();
    if (text.isEmpty()) return;
    const auto flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (messageView_->find(text, flags)) return;
    QTextCursor c = messageView_->textCursor(); // wrap around once
    c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    messageView_->setTextCursor(c);
    if (!messageView_->find(text, flags))
        statusBar()->showMessage(tr("\"%1\" not found in this mail").arg(text));
}

// Reports opened from the mail being left are cleared, or refreshed for the next mail when
// their tab is in front and the next mail has one too: never the previous mail's answer.
void MainWindow::clearSidePanels(const MailReply* next) {
    const QString id = next ? qstr(next->message.message_id) : shownId_;
    if (!commitOwner_.isEmpty() && commitOwner_ != id) {
        commitOwner_.clear();
        if (next && !next->message.patches.empty() && sideTabs_->currentWidget() == commitView_) {
            showCommit(id);
            commitOwner_ = id;
        } else {
            commitView_->showPlaceholder(
                tr("No commit shown for this mail.\n\nIts patch status "
                   "is above the mail; click a commit id to see it here."));
        }
    }
    if (!reviewOwner_.isEmpty() && reviewOwner_ != id) {
        reviewOwner_.clear();
        reviewView_->showPlaceholder(
            tr("No review status shown for this mail.\n\nOn your review of a patch, press a."));
    }
    if (!symptomOwner_.isEmpty() && symptomOwner_ != id) {
        symptomOwner_.clear();
        const QString title = next ? crashTitleOf(next->message) : QString();
        if (!title.isEmpty() && sideTabs_->currentWidget() == symptomView_) {
            showSymptom(title);
            symptomOwner_ = id;
        } else {
            symptomView_->showPlaceholder(tr("No symptom shown for this mail."));
        }
    }
}

} // namespace lkmine::gui
