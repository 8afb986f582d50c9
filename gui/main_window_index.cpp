// MainWindow: "New index…" and the empty state's "Create index…", and opening what they made.
#include "gui/index_dialog.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/store_worker.hpp"
#include "gui/thread_model.hpp"

namespace lkmine::gui {

IndexDialog* MainWindow::showIndexDialog() {
    if (!indexDialog_) {
        // Not modal: the window stays usable (and searchable) while the index grows.
        indexDialog_ = new IndexDialog(worker_->dir(), this);
        indexDialog_->setAttribute(Qt::WA_DeleteOnClose);
        connect(indexDialog_, &IndexDialog::indexReady, this, &MainWindow::onIndexReady);
    }
    indexDialog_->show();
    indexDialog_->raise();
    indexDialog_->activateWindow();
    return indexDialog_;
}

IndexDialog* MainWindow::indexDialog() const {
    return indexDialog_.data();
}

void MainWindow::onIndexReady(const QString& dir) {
    // Another index, or new mail in this one: start from its newest mails, as after a start.
    shownId_.clear();
    pendingOpen_.clear();
    thread_->clear();
    messageView_->showPlaceholder(tr("Select a mail."));
    openIndex(dir);
    runQuery(queryBar_->text());
}

} // namespace lkmine::gui
