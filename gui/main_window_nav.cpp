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
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
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

void MainWindow::showNewest() {
    queryBar_->clear();
    queryBar_->setPlaceholderText(
        tr("newest threads — type a query (f:, s:, b:, dfn: …) and Enter"));
    resultCount_->setText(tr("searching…"));
    results_->setNewestThreads();
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
    if (view != View::Thread && !viewOverride_) {
        rememberedOuter_ = outer_->saveState();
        viewOverride_ = true;
    }
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
            // The mail shown stays; a bar above it offers the mail on lore instead.
            statusBar()->showMessage(tr("%1: %2").arg(msgid, r.error));
            if (shownId_ == select) shownId_ = messageView_->messageId();
            if (!back_.isEmpty() && back_.last() == shownId_) back_.removeLast();
            if (messageView_->messageId().isEmpty())
                messageView_->showPlaceholder(tr("Select a mail."));
            showNotice(tr("<%1> is not in this index.").arg(msgid), loreUrl(msgid));
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
    noticeBar_->hide();
    if (e->mail.ghost) {
        ++mailGeneration_;
        clearSidePanels(nullptr);
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
    messageView_->showMessage(r.message, r.stored, r.attachments);
    clearSidePanels(&r);
    setWindowTitle(tr("%1 — lkmine").arg(labelText(r.message.subject))); // no raw controls
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
                   : tr("Diff discussed: %1 — %2").arg(labelText(m.subject), who);
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

void MainWindow::scrollPane(QObject* watched, int lines, bool toEnd) {
    auto* area = qobject_cast<QAbstractScrollArea*>(watched);
    if (!area) area = messageView_;
    QScrollBar* bar = area->verticalScrollBar();
    if (toEnd) {
        bar->setValue(lines > 0 ? bar->maximum() : bar->minimum());
        return;
    }
    // QPlainTextEdit scrolls in lines; QTextEdit in pixels, so a line is the font's spacing.
    const int step = qobject_cast<QPlainTextEdit*>(area) ? 1 : area->fontMetrics().lineSpacing();
    bar->setValue(bar->value() + lines * step);
}

void MainWindow::stepHunk(int delta) {
    sideTabs_->setCurrentWidget(diffView_);
    const int top = diffView_->textView()->textCursor().blockNumber();
    int target = -1;
    for (int f = 0; f < diffView_->fileCount(); ++f)
        for (int h = 0;; ++h) {
            const int line = diffView_->hunkLine(f, h);
            if (line < 0) break;
            if (delta > 0 && line > top && (target < 0 || line < target)) target = line;
            if (delta < 0 && line < top && line > target) target = line;
        }
    if (target >= 0) diffView_->jumpToLine(target);
}

void MainWindow::runCommand(Command command, QObject* from) {
    auto* view = qobject_cast<QTreeView*>(from);
    switch (command) {
    case Command::NextMail:
    case Command::PrevMail:
        stepMail(command == Command::NextMail ? +1 : -1);
        break;
    case Command::Down:
    case Command::Up:
    case Command::Top:
    case Command::Bottom: {
        const bool down = command == Command::Down || command == Command::Bottom;
        const bool end = command == Command::Top || command == Command::Bottom;
        if (!view) {
            scrollPane(from, down ? 1 : -1, end);
            break;
        }
        QAbstractItemModel* model = view->model();
        if (model->rowCount() == 0) break;
        const QModelIndex cur = view->currentIndex();
        QModelIndex next;
        if (view == resultsView_ && freshResults_ && !end) {
            next = model->index(0, 0); // after a new search, the first j is the first result
        } else if (end) {
            next = down ? model->index(model->rowCount() - 1, 0) : model->index(0, 0);
            while (down && view->isExpanded(next) && model->rowCount(next) > 0)
                next = model->index(model->rowCount(next) - 1, 0, next);
        } else {
            next = !cur.isValid() ? model->index(0, 0)
                   : down         ? view->indexBelow(cur)
                                  : view->indexAbove(cur);
        }
        if (view == resultsView_) freshResults_ = false;
        if (next.isValid()) {
            view->setCurrentIndex(next);
            view->scrollTo(next);
        }
        break;
    }
    case Command::NextHunk:
    case Command::PrevHunk:
        stepHunk(command == Command::NextHunk ? +1 : -1);
        break;
    case Command::FoldQuotes:
        messageView_->toggleAllQuotes();
        break;
    case Command::TabDiff:
    case Command::TabSymptom:
    case Command::TabCommit:
        sideTabs_->setCurrentIndex(command == Command::TabDiff      ? 0
                                   : command == Command::TabSymptom ? 1
                                                                    : 2);
        sideTabs_->currentWidget()->setFocus();
        break;
    case Command::Enter:
        if (from == resultsView_)
            threadView_->setFocus();
        else if (from == threadView_)
            messageView_->setFocus();
        break;
    case Command::Search:
        keysToResults_ = false;
        queryBar_->setFocus();
        queryBar_->selectAll();
        break;
    case Command::FocusResults:
        resultsView_->setFocus();
        break;
    case Command::Back:
        goBack();
        break;
    case Command::Reload:
        reloadThread();
        break;
    case Command::FindInMail:
        findBar_->show();
        findBar_->setFocus();
        findBar_->selectAll();
        break;
    case Command::Save:
        saveAttachments();
        break;
    case Command::Comment: // the reply window's own shortcut
        break;
    case Command::Reply:
        if (!messageView_->messageId().isEmpty()) emit replyRequested(messageView_->messageId());
        break;
    case Command::FullHeaders:
    case Command::RawSource: {
        const MessageView::Mode want =
            command == Command::RawSource ? MessageView::Mode::Raw : MessageView::Mode::FullHeaders;
        messageView_->setMode(messageView_->mode() == want ? MessageView::Mode::Normal : want);
        rawAction_->setChecked(messageView_->mode() == MessageView::Mode::Raw);
        headersAction_->setChecked(messageView_->mode() == MessageView::Mode::FullHeaders);
        break;
    }
    case Command::OpenOnLore:
        openOnLore();
        break;
    case Command::CopyMessageId:
        copyMessageId();
        break;
    case Command::ReviewStatus:
        showReviewStatus(messageView_->messageId());
        break;
    case Command::Help:
        showKeys();
        break;
    }
}

bool MainWindow::handleKey(QObject* watched, int key, Qt::KeyboardModifiers modifiers) {
    Command command;
    if (!commandForKey(key, modifiers, &command)) return false;
    // Enter and Esc keep their meaning in the other widgets (a button, a combo box's list).
    const bool pane = watched == resultsView_ || watched == threadView_ ||
                      watched == messageView_ || watched == diffView_->textView() ||
                      watched == diffView_->fileList() || watched == symptomView_ ||
                      watched == commitView_ || watched == reviewView_;
    if (!pane && (command == Command::Enter || command == Command::Back ||
                  command == Command::Down || command == Command::Up))
        return false;
    if (command == Command::Enter && watched != resultsView_ && watched != threadView_)
        return false;
    runCommand(command, watched);
    return true;
}

// The window activated again (a completion list or dialog closed, the window manager): the
// keys stay in the results after Enter, unless the user went back to the query bar.
void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    // Qt gives the keyboard to the window's focus widget after this event: looked at after it.
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && keysToResults_)
        QTimer::singleShot(0, this, [this] {
            if (keysToResults_ && isActiveWindow() && focusWidget() == queryBar_)
                resultsView_->setFocus(Qt::ActiveWindowFocusReason);
        });
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // Typing or clicking in the query bar again: its keys are the user's, not the results'.
    if (watched == queryBar_ &&
        (event->type() == QEvent::KeyPress || event->type() == QEvent::MouseButtonPress))
        keysToResults_ = false;
    if (event->type() == QEvent::KeyPress && watched->isWidgetType()) {
        auto* w = static_cast<QWidget*>(watched);
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape && w == findBar_) {
            findBar_->hide();
            messageView_->setFocus();
            return true;
        }
        // Keys typed into a text input are text; a dialog's keys are its own.
        const bool input =
            qobject_cast<QLineEdit*>(w) ||
            (qobject_cast<QAbstractScrollArea*>(w) == nullptr && w->inherits("QAbstractSpinBox"));
        if (!input && w->window() == this && handleKey(watched, key->key(), key->modifiers()))
            return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace lkmine::gui
