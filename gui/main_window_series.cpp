// MainWindow: the series actions: the thread as an mbox, the series as a `git am` mbox, and
// the series applied to a git tree, through core's am_ready and git_am as `lkmine am` does.
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"

#include <QFile>
#include <QMessageBox>
#include <QStatusBar>

namespace lkmine::gui {

namespace {

QString writeFile(const QString& path, const std::string& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

} // namespace

void MainWindow::finishAction(const QString& result) {
    lastResult_ = result;
    statusBar()->showMessage(result.section(QLatin1Char('\n'), 0, 0));
    emit actionFinished(result);
    if (!persistent_) return; // tests and screenshots: no dialog
    auto* box =
        new QMessageBox(QMessageBox::Information, tr("lkmine"), result, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::saveThreadMbox(const QString& path) {
    const QString id = messageView_->messageId();
    if (id.isEmpty()) return finishAction(tr("No mail shown: no thread to save."));
    worker_->threadMbox(id, this, [this, path](const MboxReply& r) {
        if (!r.ok) return finishAction(tr("Saving the thread failed: %1").arg(r.error));
        const QString error = writeFile(path, r.mbox);
        finishAction(error.isEmpty() ? tr("Saved the thread to %1").arg(path) : error);
    });
}

void MainWindow::saveSeriesMbox(const QString& path) {
    const QString id = messageView_->messageId();
    if (id.isEmpty()) return finishAction(tr("No mail shown: no series to save."));
    worker_->seriesMbox(id, this, [this, path](const MboxReply& r) {
        if (!r.ok) return finishAction(tr("Saving the series failed: %1").arg(r.error));
        const QString error = writeFile(path, r.mbox);
        finishAction(error.isEmpty()
                         ? tr("Saved the series for git am to %1\n\n%2").arg(path, r.summary)
                         : error);
    });
}

void MainWindow::applySeries(const QString& repo) {
    const QString id = messageView_->messageId();
    if (id.isEmpty()) return finishAction(tr("No mail shown: no series to apply."));
    statusBar()->showMessage(tr("Applying the series to %1…").arg(repo));
    worker_->applySeries(id, repo, this, [this, repo](const ApplyReply& r) {
        if (!r.ok) return finishAction(tr("Applying the series failed: %1").arg(r.error));
        const QString git = qstr(r.result.output).trimmed();
        if (r.result.status == 0)
            return finishAction(tr("Applied to %1\n\n%2\n%3").arg(repo, r.summary, git));
        finishAction(tr("git am failed in %1 (exit %2); see `git -C %1 am --show-current-patch`, "
                        "or `git -C %1 am --abort`.\n\n%3\n%4")
                         .arg(repo)
                         .arg(r.result.status)
                         .arg(r.summary, git));
    });
}

} // namespace lkmine::gui
