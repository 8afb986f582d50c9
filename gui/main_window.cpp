// MainWindow: widgets, layout, the empty state and remembered settings.
#include "gui/main_window.hpp"
#include "gui/queue_view.hpp"

#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/reply_actions.hpp"
#include "gui/report_view.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui/thread_model.hpp"

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lkmine::gui {

namespace {

QTreeView* makeMailView(QWidget* parent, const QString& name) {
    auto* v = new QTreeView(parent);
    v->setObjectName(name);
    v->setUniformRowHeights(true);
    v->setAlternatingRowColors(true);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->setAllColumnsShowFocus(true);
    return v;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    worker_ = new StoreWorker(this);
    results_ = new ResultsModel(worker_, this);
    thread_ = new ThreadModel(this);
    buildUi();
    new ReplyActions(this); // `r` reply, `c` review comment (reply_actions.cpp)
    connect(worker_, &StoreWorker::idle, this, [this] {
        if (isSettled()) emit settled();
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    setWindowTitle(tr("lkmine"));
    stack_ = new QStackedWidget(this);
    setCentralWidget(stack_);

    auto* emptyPage = new QWidget(stack_);
    emptyState_ = new QLabel(emptyPage);
    emptyState_->setObjectName(QStringLiteral("emptyState"));
    emptyState_->setTextFormat(Qt::PlainText);
    emptyState_->setAlignment(Qt::AlignCenter);
    emptyState_->setWordWrap(true);
    emptyState_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    emptyState_->setText(tr("Opening the index…"));
    createIndexButton_ = new QPushButton(tr("Create index…"), emptyPage);
    createIndexButton_->setObjectName(QStringLiteral("createIndexButton"));
    createIndexButton_->hide(); // until the open fails
    auto* emptyLayout = new QVBoxLayout(emptyPage);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyState_);
    emptyLayout->addSpacing(12);
    emptyLayout->addWidget(createIndexButton_, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);

    auto* page = new QWidget(stack_);
    queryBar_ = new QueryBar(page);
    resultCount_ = new QLabel(page);
    resultCount_->setObjectName(QStringLiteral("resultCount"));
    auto* top = new QHBoxLayout;
    top->addWidget(queryBar_, 1);
    top->addWidget(resultCount_);

    resultsView_ = makeMailView(page, QStringLiteral("resultsView"));
    resultsView_->setRootIsDecorated(false);
    resultsView_->setModel(results_);
    resultsView_->header()->resizeSection(ColumnSubject, 330);
    resultsView_->header()->resizeSection(ColumnBadges, 90);
    resultsView_->header()->resizeSection(ColumnFrom, 130);
    resultsView_->header()->resizeSection(ColumnDate, 120);

    threadView_ = makeMailView(page, QStringLiteral("threadView"));
    threadView_->setModel(thread_);
    threadView_->setIndentation(10);
    threadView_->setColumnHidden(ColumnFrom, true); // the tree column names the author
    threadView_->setColumnHidden(ColumnList, true);
    threadView_->header()->resizeSection(ColumnSubject, 330);
    threadView_->header()->resizeSection(ColumnBadges, 70);

    messageView_ = new MessageView(page);
    diffView_ = new DiffView(page);
    messageView_->showPlaceholder(tr("Select a mail."));
    diffView_->showPlaceholder(tr("No diff shown."));
    symptomView_ = new ReportView(page);
    symptomView_->setObjectName(QStringLiteral("symptomView"));
    symptomView_->showPlaceholder(
        tr("No symptom asked for.\n\nSymptom… (Ctrl+Shift+S) shows the syzbot bugs, bisections "
           "and patch threads of a crash title."));
    commitView_ = new ReportView(page);
    commitView_->setObjectName(QStringLiteral("commitView"));
    commitView_->showPlaceholder(tr("No commit shown.\n\nClick a commit id in a mail."));
    sideTabs_ = new QTabWidget(page);
    sideTabs_->setObjectName(QStringLiteral("sideTabs"));
    sideTabs_->addTab(diffView_, tr("Diff"));
    sideTabs_->addTab(symptomView_, tr("Symptom"));
    sideTabs_->addTab(commitView_, tr("Commit"));
    auto* queueView = new QueueView(page); // the reviewer's queue (gui/queue_view.cpp)
    sideTabs_->addTab(queueView, tr("Queue"));
    connect(queueView, &QueueView::messageActivated, this, &MainWindow::openMessage);

    mailBar_ = new QWidget(page);
    mailBar_->setObjectName(QStringLiteral("mailBar"));
    patchStatus_ = new QLabel(mailBar_);
    patchStatus_->setObjectName(QStringLiteral("patchStatus"));
    patchStatus_->setTextFormat(Qt::PlainText); // subjects are mail content
    patchStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    commitButton_ = new QPushButton(tr("Open commit"), mailBar_);
    commitButton_->setObjectName(QStringLiteral("commitButton"));
    symptomButton_ = new QPushButton(tr("Symptom of this crash"), mailBar_);
    symptomButton_->setObjectName(QStringLiteral("symptomButton"));
    auto* bar = new QHBoxLayout(mailBar_);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(patchStatus_, 1);
    bar->addWidget(commitButton_);
    bar->addWidget(symptomButton_);
    commitButton_->hide();
    symptomButton_->hide();
    auto* mailColumn = new QWidget(page);
    auto* mailLayout = new QVBoxLayout(mailColumn);
    mailLayout->setContentsMargins(0, 0, 0, 0);
    mailLayout->addWidget(mailBar_);
    mailLayout->addWidget(messageView_, 1);

    left_ = new QSplitter(Qt::Vertical, page);
    left_->setObjectName(QStringLiteral("leftSplitter"));
    left_->addWidget(resultsView_);
    left_->addWidget(threadView_);
    outer_ = new QSplitter(Qt::Horizontal, page);
    outer_->setObjectName(QStringLiteral("outerSplitter"));
    outer_->addWidget(left_);
    outer_->addWidget(mailColumn);
    outer_->addWidget(sideTabs_);
    outer_->setSizes({460, 560, 580});
    left_->setSizes({300, 500});

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(top);
    layout->addWidget(outer_, 1);
    stack_->addWidget(emptyPage);
    stack_->addWidget(page);
    stack_->setCurrentWidget(emptyPage);
    resize(1600, 1000);

    connect(queryBar_, &QueryBar::querySubmitted, this, &MainWindow::runQuery);
    connect(queryBar_, &QueryBar::escapePressed, this, [this] { resultsView_->setFocus(); });
    connect(results_, &ResultsModel::searchFinished, this, [this] {
        resultCount_->setText(results_->errorText().isEmpty()
                                  ? tr("%n result(s)", "", int(results_->estimatedTotal()))
                                  : QString());
        if (!results_->errorText().isEmpty()) statusBar()->showMessage(results_->errorText());
        // Like a mail reader: something is shown at once, unless --open asked for a mail.
        if (results_->rowCount() > 0 && pendingOpen_.isEmpty() && shownId_.isEmpty())
            resultsView_->setCurrentIndex(results_->index(0, 0));
    });
    connect(resultsView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const QString id = current.data(RoleMessageId).toString();
                if (!id.isEmpty()) loadThread(id, id);
            });
    connect(threadView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onThreadCurrentChanged);
    connect(messageView_, &MessageView::messageIdActivated, this, &MainWindow::followMessageId);
    connect(messageView_, &MessageView::urlActivated, this, &MainWindow::followUrl);
    connect(messageView_, &MessageView::commitActivated, this, &MainWindow::commitRequested);
    connect(this, &MainWindow::commitRequested, this, &MainWindow::openCommitReport);
    for (ReportView* v : {symptomView_, commitView_}) {
        connect(v, &ReportView::messageIdActivated, this, &MainWindow::followMessageId);
        connect(v, &ReportView::commitActivated, this, &MainWindow::commitRequested);
    }
    connect(commitButton_, &QPushButton::clicked, this,
            [this] { emit commitRequested(mergedSha_); });
    connect(symptomButton_, &QPushButton::clicked, this, [this] { showSymptom(crashTitle_); });
    auto* symptomAction = new QAction(tr("Symptom…"), this);
    symptomAction->setObjectName(QStringLiteral("symptomAction"));
    symptomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    symptomAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(symptomAction, &QAction::triggered, this, &MainWindow::askSymptom);
    addAction(symptomAction);
    newIndexAction_ = new QAction(tr("&New index…"), this);
    newIndexAction_->setObjectName(QStringLiteral("newIndexAction"));
    newIndexAction_->setShortcut(QKeySequence::New);
    connect(newIndexAction_, &QAction::triggered, this, &MainWindow::showIndexDialog);
    connect(createIndexButton_, &QPushButton::clicked, this, &MainWindow::showIndexDialog);
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(newIndexAction_);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    for (QObject* o :
         {static_cast<QObject*>(resultsView_), static_cast<QObject*>(threadView_),
          static_cast<QObject*>(messageView_), static_cast<QObject*>(diffView_->textView()),
          static_cast<QObject*>(diffView_->fileList()), static_cast<QObject*>(symptomView_),
          static_cast<QObject*>(commitView_)})
        o->installEventFilter(this);
}

void MainWindow::setPersistent(bool persistent) {
    persistent_ = persistent;
    if (persistent_) loadSettings();
}

void MainWindow::loadSettings() {
    QSettings s;
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/outer")))
        outer_->restoreState(s.value(QStringLiteral("window/outer")).toByteArray());
    if (s.contains(QStringLiteral("window/left")))
        left_->restoreState(s.value(QStringLiteral("window/left")).toByteArray());
    if (s.contains(QStringLiteral("window/results")))
        resultsView_->header()->restoreState(
            s.value(QStringLiteral("window/results")).toByteArray());
    queryBar_->setHistory(s.value(QStringLiteral("queries/recent")).toStringList());
}

void MainWindow::saveSettings() {
    if (!persistent_) return;
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/outer"), outer_->saveState());
    s.setValue(QStringLiteral("window/left"), left_->saveState());
    s.setValue(QStringLiteral("window/results"), resultsView_->header()->saveState());
    s.setValue(QStringLiteral("queries/recent"), queryBar_->history());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

void MainWindow::showEmptyState(const QString& dir, const QString& error) {
    emptyState_->setText(
        tr("No lkmine index at %1\n\n%2\n\nCreate one from a mailing list archive (public-inbox "
           "mirror, mbox or Maildir) here, or in a shell with\n\n    lkmine index --db %1 PATH"
           "\n\nand start lkmine-gui again (or pass --db DIR).")
            .arg(dir, error));
    createIndexButton_->show();
    stack_->setCurrentIndex(0);
}

void MainWindow::openIndex(const QString& dir) {
    openFinished_ = false;
    setWindowTitle(tr("lkmine — %1").arg(dir));
    worker_->open(dir, this, [this](const OpenReply& r) {
        openFinished_ = true;
        if (!r.ok) {
            showEmptyState(r.dir, r.error);
            return;
        }
        stack_->setCurrentIndex(1);
        statusBar()->showMessage(tr("Index: %1").arg(r.dir));
        if (auto* queue = findChild<QueueView*>()) queue->setIndexDir(r.dir);
    });
}

bool MainWindow::hasIndex() const {
    return worker_->isOpen();
}

bool MainWindow::isSettled() const {
    return openFinished_ && worker_->pending() == 0;
}

} // namespace lkmine::gui
