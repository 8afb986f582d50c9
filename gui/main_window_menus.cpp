// MainWindow: the menus (File, Mail, View, Help) and Help > Keys, built from the keymap table.
#include "gui/key_map.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/summary_format.hpp"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lkmine::gui {

namespace {

// "Save attachments\ts": a plain key is shown beside the entry but handled by the key filter
// (a shortcut of one letter would fire while typing in the query bar on some styles).
QString withKey(const QString& text, Command command) {
    for (const KeyBinding& b : keyBindings())
        if (b.command == command) {
            const QString keys = b.keys.isEmpty() ? b.key.toString() : b.keys;
            return b.plain ? text + QLatin1Char('\t') + keys : text;
        }
    return text;
}

QKeySequence shortcutOf(Command command) {
    for (const KeyBinding& b : keyBindings())
        if (b.command == command && !b.plain) return b.key;
    return {};
}

} // namespace

void MainWindow::buildMenus() {
    auto act = [this](QMenu* menu, const QString& text, Command command, const char* name) {
        QAction* a = menu->addAction(withKey(text, command));
        a->setObjectName(QLatin1String(name));
        a->setShortcut(shortcutOf(command));
        connect(a, &QAction::triggered, this, [this, command] { runCommand(command); });
        return a;
    };
    auto* file = menuBar()->addMenu(tr("&File"));
    newIndexAction_ = file->addAction(tr("&New index…"));
    newIndexAction_->setObjectName(QStringLiteral("newIndexAction"));
    newIndexAction_->setShortcut(QKeySequence::New);
    connect(newIndexAction_, &QAction::triggered, this, &MainWindow::showIndexDialog);
    file->addSeparator();
    QAction* thread = file->addAction(tr("Save thread as mbox…"));
    thread->setObjectName(QStringLiteral("saveThreadAction"));
    connect(thread, &QAction::triggered, this, [this] { chooseAndSave(-1); });
    QAction* series = file->addAction(tr("Save series as git am mbox…"));
    series->setObjectName(QStringLiteral("saveSeriesAction"));
    connect(series, &QAction::triggered, this, [this] { chooseAndSave(-2); });
    QAction* apply = file->addAction(tr("Apply series to a git tree…"));
    apply->setObjectName(QStringLiteral("applySeriesAction"));
    connect(apply, &QAction::triggered, this, [this] {
        const QString repo = QFileDialog::getExistingDirectory(this, tr("Git tree to apply to"));
        if (!repo.isEmpty()) applySeries(repo);
    });
    QAction* review = file->addAction(tr("Were my review comments addressed? (a)"));
    review->setObjectName(QStringLiteral("reviewStatusAction"));
    connect(review, &QAction::triggered, this,
            [this] { showReviewStatus(messageView_->messageId()); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* mail = menuBar()->addMenu(tr("&Mail"));
    mail->setObjectName(QStringLiteral("mailMenu")); // ReplyActions adds Reply and Comment here
    act(mail, tr("Save attachments"), Command::Save, "saveAttachmentsAction");
    act(mail, tr("Find in mail…"), Command::FindInMail, "findAction");
    mail->addSeparator();
    rawAction_ = act(mail, tr("Raw source"), Command::RawSource, "rawAction");
    rawAction_->setCheckable(true);
    headersAction_ = act(mail, tr("All headers"), Command::FullHeaders, "headersAction");
    headersAction_->setCheckable(true);
    mail->addSeparator();
    act(mail, tr("Copy Message-ID"), Command::CopyMessageId, "copyIdAction");
    QAction* copyLore = mail->addAction(tr("Copy lore link"));
    connect(copyLore, &QAction::triggered, this, &MainWindow::copyLoreLink);
    act(mail, tr("Open on lore"), Command::OpenOnLore, "loreAction");
    mail->addSeparator();
    QAction* symptom = mail->addAction(tr("Symptom…"));
    symptom->setObjectName(QStringLiteral("symptomAction"));
    symptom->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    symptom->setShortcutContext(Qt::ApplicationShortcut);
    connect(symptom, &QAction::triggered, this, &MainWindow::askSymptom);
    addAction(symptom);

    auto* view = menuBar()->addMenu(tr("&View"));
    localTimesAction_ = view->addAction(tr("Times in the local zone (else UTC)"));
    localTimesAction_->setObjectName(QStringLiteral("localTimesAction"));
    localTimesAction_->setCheckable(true);
    connect(localTimesAction_, &QAction::toggled, this, [this](bool on) {
        setLocalTimes(on);
        resultsView_->viewport()->update();
        threadView_->viewport()->update();
        if (!messageView_->messageId().isEmpty())
            messageView_->showMessage(messageView_->message(), messageView_->stored(),
                                      messageView_->attachments());
    });
    view->addSeparator();
    act(view, tr("Fold / unfold quotes"), Command::FoldQuotes, "foldAction");
    act(view, tr("Diff tab"), Command::TabDiff, "tabDiffAction");
    act(view, tr("Symptom tab"), Command::TabSymptom, "tabSymptomAction");
    act(view, tr("Commit tab"), Command::TabCommit, "tabCommitAction");

    auto* help = menuBar()->addMenu(tr("&Help"));
    act(help, tr("Keys"), Command::Help, "keysAction");
}

void MainWindow::showKeys() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("keysDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keys"));
    auto* list = new QTreeWidget(dialog);
    list->setObjectName(QStringLiteral("keysList"));
    list->setHeaderLabels({tr("Keys"), tr("What they do")});
    list->setRootIsDecorated(false);
    for (const QString& row : keyHelpRows())
        list->addTopLevelItem(new QTreeWidgetItem(row.split(QLatin1Char('\t'))));
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(list);
    layout->addWidget(buttons);
    dialog->resize(620, 480);
    dialog->show();
}

} // namespace lkmine::gui
