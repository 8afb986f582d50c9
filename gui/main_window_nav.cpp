// MainWindow: what happens when the user searches, selects, follows a link or presses a key.
#include "core/mail/msgid.hpp"
#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/report_view.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"
#include "gui/thread_model.hpp"

#include <QAbstractScrollArea>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>

namespace lkmine::gui {

void MainWindow::runQuery(const QString& query) {
    if (queryBar_->text() != query) queryBar_->setText(query);
    queryBar_->remember(query);
    saveSettings();
    resultCount_->setText(tr("searching…"));
    results_->setQuery(query);
}

void MainWindow::openMessage(const QString& idOrUrl) {
    const QString id = qstr(msgid_from_arg(stdstr(idOrUrl)));
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("not a Message-ID: %1").arg(idOrUrl));
        return;
    }
    pendingOpen_ = id;
    loadThread(id, id);
}

void MainWindow::setView(View view) {
    if (view == View::Symptom || view == View::Commit) {
        outer_->setSizes({300, 480, 820});
        ReportView* v = view == View::Symptom ? symptomView_ : commitView_;
        sideTabs_->setCurrentWidget(v);
        v->setFocus();
    } else if (view == View::Diff) {
        sideTabs_->setCurrentWidget(diffView_);
        outer_->setSizes({300, 480, 820});
        diffView_->textView()->setFocus();
    } else {
        threadView_->setFocus();
    }
}

void MainWindow::loadThread(const QString& msgid, const QString& select) {
    if (thread_->indexOfMessageId(msgid).isValid()) {
        selectInThread(select);
        return;
    }
    shownId_ = select; // claimed now, so a first result arriving meanwhile does not override it
    fetchThread(msgid, select);
}

void MainWindow::reloadThread() {
    const QString id = threadView_->currentIndex().data(RoleMessageId).toString();
    if (!id.isEmpty()) fetchThread(id, QString());
}

void MainWindow::fetchThread(const QString& msgid, const QString& select) {
    worker_->thread(msgid, this, [this, msgid, select](const ThreadReply& r) {
        if (!r.ok) {
            statusBar()->showMessage(tr("%1: %2").arg(msgid, r.error));
            messageView_->showPlaceholder(
                tr("<%1> is not in the index.\n\n%2").arg(msgid, r.error));
            return;
        }
        // The selection survives the reset: the same mail is selected again when still there.
        const QModelIndex cur = threadView_->currentIndex();
        const QString keep = select.isEmpty() ? cur.data(RoleMessageId).toString() : select;
        thread_->setThread(r.tree);
        threadView_->expandAll();
        selectInThread(keep);
    });
}

void MainWindow::selectInThread(const QString& msgid) {
    const QModelIndex idx = thread_->indexOfMessageId(msgid);
    if (!idx.isValid()) return;
    if (threadView_->currentIndex().internalId() == idx.internalId() &&
        threadView_->currentIndex().isValid()) {
        if (shownId_ != msgid || messageView_->messageId() != msgid) onThreadCurrentChanged(idx);
        return;
    }
    threadView_->setCurrentIndex(idx);
    threadView_->scrollTo(idx);
}

void MainWindow::onThreadCurrentChanged(const QModelIndex& current) {
    const ThreadEntry* e = thread_->entryAt(current);
    if (!e) return;
    const QString id = qstr(e->mail.message_id);
    shownId_ = id;
    if (e->mail.ghost) {
        ++mailGeneration_;
        patchStatus_->clear();
        commitButton_->hide();
        symptomButton_->hide();
        messageView_->showPlaceholder(
            tr("<%1>\n\nThis mail is referenced by the thread but is not in the index.").arg(id));
        diffView_->showPlaceholder(tr("No diff: the mail is missing."));
        return;
    }
    loadMail(id);
}

void MainWindow::loadMail(const QString& msgid) {
    const quint64 generation = ++mailGeneration_;
    worker_->mail(msgid, this, [this, generation](const MailReply& r) {
        if (generation != mailGeneration_) return; // the user moved on
        if (!r.ok) {
            messageView_->showPlaceholder(r.error);
            diffView_->showPlaceholder(QString());
            return;
        }
        showMail(r);
    });
}

void MainWindow::showMail(const MailReply& r) {
    messageView_->showMessage(r.message, r.stored);
    setWindowTitle(tr("%1 — lkmine").arg(qstr(r.message.subject)));
    emit mailShown(messageView_->messageId());
    showMailBar(r);
    showDiffFor(r);
}

// A reply has no diff of its own; the diff it discusses is the nearest ancestor's, so a
// reviewer reads the reply on one side and that diff on the other.
void MainWindow::showDiffFor(const MailReply& r) {
    const auto caption = [](const Message& m, bool own) {
        const QString who = fromText(m.from);
        return own ? tr("Diff of this mail (%1)").arg(who)
                   : tr("Diff discussed: %1 — %2").arg(qstr(m.subject), who);
    };
    if (!r.message.patches.empty()) {
        diffView_->showPatches(r.message, caption(r.message, true));
        return;
    }
    const QModelIndex self = thread_->indexOfMessageId(qstr(r.message.message_id));
    const QModelIndex withDiff = thread_->nearestWithPatches(self);
    if (!withDiff.isValid()) {
        diffView_->showPlaceholder(tr("No diff in this mail or in the mails it replies to."));
        return;
    }
    const QString id = withDiff.data(RoleMessageId).toString();
    if (diffView_->messageId() == id) {
        diffView_->jumpToLine(diffView_->topLine()); // already shown: keep the reader's place
        return;
    }
    const quint64 generation = mailGeneration_;
    worker_->mail(id, this, [this, generation, caption](const MailReply& d) {
        if (generation != mailGeneration_) return;
        if (d.ok)
            diffView_->showPatches(d.message, caption(d.message, false));
        else
            diffView_->showPlaceholder(d.error);
    });
}

void MainWindow::followMessageId(const QString& msgid) {
    if (!shownId_.isEmpty() && shownId_ != msgid) back_.push_back(shownId_);
    if (thread_->indexOfMessageId(msgid).isValid())
        selectInThread(msgid);
    else
        loadThread(msgid, msgid);
}

void MainWindow::followUrl(const QUrl& url) {
    // A lore link names a mail: show it here when the index has it.
    if (url.host() == QLatin1String("lore.kernel.org")) {
        const QString id = qstr(msgid_from_arg(stdstr(url.toString())));
        if (!id.isEmpty() && id.contains(QLatin1Char('@'))) {
            followMessageId(id);
            return;
        }
    }
    emit externalUrlRequested(url);
}

void MainWindow::stepMail(int delta) {
    QModelIndex idx = threadView_->currentIndex();
    for (int guard = thread_->entryCount(); guard > 0; --guard) {
        idx = thread_->stepInOrder(idx, delta);
        if (!idx.isValid()) return;
        if (!idx.data(RoleIsGhost).toBool()) break;
    }
    if (idx.isValid()) {
        threadView_->setCurrentIndex(idx);
        threadView_->scrollTo(idx);
    }
}

void MainWindow::goBack() {
    if (!back_.isEmpty()) {
        const QString id = back_.takeLast();
        if (thread_->indexOfMessageId(id).isValid())
            selectInThread(id);
        else
            loadThread(id, id);
        return;
    }
    QWidget* f = focusWidget();
    if (f == messageView_ || f == diffView_->textView() || f == diffView_->fileList())
        threadView_->setFocus();
    else if (f == threadView_)
        resultsView_->setFocus();
    else
        queryBar_->setFocus();
}

bool MainWindow::handleKey(QObject* watched, int key) {
    auto* view = qobject_cast<QTreeView*>(watched);
    switch (key) {
    case Qt::Key_N:
        stepMail(+1);
        return true;
    case Qt::Key_P:
        stepMail(-1);
        return true;
    case Qt::Key_J:
    case Qt::Key_K: {
        const int d = key == Qt::Key_J ? 1 : -1;
        if (view) {
            const QModelIndex cur = view->currentIndex();
            QModelIndex next = !cur.isValid() ? view->model()->index(0, 0)
                               : d > 0        ? view->indexBelow(cur)
                                              : view->indexAbove(cur);
            if (next.isValid()) view->setCurrentIndex(next);
        } else if (auto* area = qobject_cast<QAbstractScrollArea*>(watched)) {
            area->verticalScrollBar()->setValue(area->verticalScrollBar()->value() + d * 3);
        }
        return true;
    }
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (watched == resultsView_)
            threadView_->setFocus();
        else if (watched == threadView_)
            messageView_->setFocus();
        else
            return false;
        return true;
    case Qt::Key_Slash:
        queryBar_->setFocus();
        queryBar_->selectAll();
        return true;
    case Qt::Key_Escape:
        goBack();
        return true;
    case Qt::Key_F5:
        reloadThread();
        return true;
    default:
        return false;
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers() & ~Qt::KeypadModifier;
        if (mods == Qt::NoModifier && handleKey(watched, key->key())) return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace lkmine::gui
