// MainWindow: widgets, layout, the empty state and remembered settings.
#include "gui/main_window.hpp"

#include "gui/colours.hpp"
#include "gui/column_fit.hpp"
#include "gui/diff_view.hpp"
#include "gui/item_roles.hpp"
#include "gui/message_view.hpp"
#include "gui/query_bar.hpp"
#include "gui/queue_view.hpp"
#include "gui/reply_actions.hpp"
#include "gui/report_view.hpp"
#include "gui/results_model.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"
#include "gui/thread_model.hpp"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextCursor>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

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
    // A partial answer says so for as long as it lasts (issue 19): never a smaller index in
    // silence.
    shardHealth_ = new QLabel(this);
    shardHealth_->setObjectName(QStringLiteral("shardHealth"));
    shardHealth_->setTextFormat(Qt::PlainText);
    shardHealth_->hide();
    statusBar()->addPermanentWidget(shardHealth_);
    connect(worker_, &StoreWorker::shardHealthChanged, this, [this](const QString& summary) {
        QPalette p = shardHealth_->palette(); // a red readable on the status bar's Window
        p.setColor(QPalette::WindowText, readableOn(palette().color(QPalette::Window), 0.0, 0.8));
        shardHealth_->setPalette(p);
        shardHealth_->setText(summary);
        shardHealth_->setToolTip(summary);
        shardHealth_->setVisible(!summary.isEmpty());
    });
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
    threadView_ = makeMailView(page, QStringLiteral("threadView"));
    threadView_->setModel(thread_);
    threadView_->setIndentation(10);
    threadView_->setColumnHidden(ColumnFrom, true); // the tree column names the author
    threadView_->setColumnHidden(ColumnList, true);
    // Columns fit what they hold (a full date and time with its zone, a name, badges); the
    // subject takes the rest.
    const int dateWidth =
        resultsView_->fontMetrics().horizontalAdvance(QStringLiteral("2022-07-18 02:27 UTC")) +
        resultsView_->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    for (QTreeView* v : {resultsView_, threadView_})
        (new ColumnFitter(v))->setMinimumWidth(ColumnDate, dateWidth);

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
    reviewView_ = new ReportView(page);
    reviewView_->setObjectName(QStringLiteral("reviewView"));
    reviewView_->showPlaceholder(
        tr("No review status shown.\n\nOn your reply to a patch (a review with comments between "
           "quoted lines), press a: each comment is followed into the next revision of the "
           "series (changed, unchanged, dropped) with the author's answer."));
    sideTabs_->addTab(reviewView_, tr("Review"));
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
    buildMailColumnBars(mailColumn);
    auto* mailLayout = new QVBoxLayout(mailColumn);
    mailLayout->setContentsMargins(0, 0, 0, 0);
    mailLayout->addWidget(noticeBar_);
    mailLayout->addWidget(mailBar_);
    mailLayout->addWidget(messageView_, 1);
    mailLayout->addWidget(findBar_);

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
    clampToScreen();
    saveDir_ = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (saveDir_.isEmpty()) saveDir_ = QDir::homePath();

    // Enter runs the query and moves to the results, so j/k work at once.
    connect(queryBar_, &QueryBar::querySubmitted, this, [this](const QString& q) {
        runQuery(q);
        // The completion list must not stay open over the results (its closing hands the
        // focus back to the query bar, hence the focus moves after it).
        if (QWidget* popup = queryBar_->prefixCompleter()->popup(); popup && popup->isVisible())
            popup->hide();
        // The completer may hand the focus back to the query bar after this returns: the
        // results take it again when the search has finished.
        focusResultsOnFinish_ = true;
        keysToResults_ = true;
        QTimer::singleShot(0, resultsView_, [this] { resultsView_->setFocus(); });
    });
    connect(results_, &ResultsModel::searchStarted, this, [this] { freshResults_ = true; });
    connect(queryBar_, &QueryBar::escapePressed, this, [this] { resultsView_->setFocus(); });
    connect(results_, &ResultsModel::searchFinished, this, [this] {
        resultCount_->setText(results_->errorText().isEmpty()
                                  ? tr("%n result(s)", "", int(results_->estimatedTotal()))
                                  : QString());
        if (!results_->errorText().isEmpty()) statusBar()->showMessage(results_->errorText());
        // Like a mail reader: something is shown at once, unless --open asked for a mail.
        if (results_->rowCount() > 0 && pendingOpen_.isEmpty() && shownId_.isEmpty())
            resultsView_->setCurrentIndex(results_->index(0, 0));
        // The window's own focus widget: while a closing completion list is still the active
        // window, hasFocus() is false although the keyboard will come back to the query bar.
        if (std::exchange(focusResultsOnFinish_, false) &&
            (queryBar_->hasFocus() || focusWidget() == queryBar_))
            resultsView_->setFocus();
    });
    connect(resultsView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const QString id = current.data(RoleMessageId).toString();
                // A commit found by a commit query (type:commit, stable:6.1 dfn:mm): its report,
                // as `lkmine commit` gives it; it has no thread.
                static const QRegularExpression sha(QStringLiteral("^[0-9a-f]{40}$"));
                if (sha.match(id).hasMatch())
                    openCommitReport(id);
                else if (!id.isEmpty())
                    loadThread(id, id);
            });
    connect(threadView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onThreadCurrentChanged);
    connect(messageView_, &MessageView::messageIdActivated, this, &MainWindow::followMessageId);
    connect(messageView_, &MessageView::urlActivated, this, &MainWindow::followUrl);
    connect(messageView_, &MessageView::commitActivated, this, [this](const QString& sha) {
        emit commitRequested(sha);
        commitOwner_ = shownId_;
    });
    connect(this, &MainWindow::commitRequested, this, &MainWindow::openCommitReport);
    for (ReportView* v : {symptomView_, commitView_, reviewView_}) {
        connect(v, &ReportView::messageIdActivated, this, &MainWindow::followMessageId);
        connect(v, &ReportView::commitActivated, this, [this](const QString& sha) {
            commitOwner_.clear();
            emit commitRequested(sha);
        });
        // Browsing from a report: the reports stay while the mails it leads to are read.
        connect(v, &ReportView::messageIdActivated, this, [this] {
            commitOwner_.clear();
            symptomOwner_.clear();
            reviewOwner_.clear();
        });
    }
    connect(commitButton_, &QPushButton::clicked, this, [this] {
        emit commitRequested(mergedSha_);
        commitOwner_ = shownId_;
    });
    connect(symptomButton_, &QPushButton::clicked, this, [this] {
        showSymptom(crashTitle_);
        symptomOwner_ = shownId_;
    });
    connect(messageView_, &MessageView::attachmentActivated, this, [this](int i, bool open) {
        if (open)
            openAttachment(i);
        else
            chooseAndSave(i);
    });
    connect(createIndexButton_, &QPushButton::clicked, this, &MainWindow::showIndexDialog);
    buildMenus();
    // Keys reach the window from any of its widgets (a combo box too), except text inputs.
    qApp->installEventFilter(this);
}

void MainWindow::buildMailColumnBars(QWidget* parent) {
    noticeBar_ = new QWidget(parent);
    noticeBar_->setObjectName(QStringLiteral("noticeBar"));
    noticeLabel_ = new QLabel(noticeBar_);
    noticeLabel_->setObjectName(QStringLiteral("noticeLabel"));
    noticeLabel_->setTextFormat(Qt::PlainText);
    noticeLabel_->setWordWrap(true);
    noticeLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    loreButton_ = new QPushButton(tr("Open on lore"), noticeBar_);
    loreButton_->setObjectName(QStringLiteral("loreButton"));
    auto* close = new QPushButton(tr("Dismiss"), noticeBar_);
    auto* nl = new QHBoxLayout(noticeBar_);
    nl->setContentsMargins(0, 0, 0, 0);
    nl->addWidget(noticeLabel_, 1);
    nl->addWidget(loreButton_);
    nl->addWidget(close);
    noticeBar_->hide();
    connect(loreButton_, &QPushButton::clicked, this, [this] {
        emit externalUrlRequested(noticeUrl_);
        noticeBar_->hide();
    });
    connect(close, &QPushButton::clicked, noticeBar_, &QWidget::hide);

    findBar_ = new QLineEdit(parent);
    findBar_->setObjectName(QStringLiteral("findBar"));
    findBar_->setPlaceholderText(tr("Find in mail (Enter: next, Shift+Enter: previous, Esc)"));
    findBar_->setClearButtonEnabled(true);
    findBar_->hide();
    connect(findBar_, &QLineEdit::returnPressed, this,
            [this] { findInMail(QGuiApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(findBar_, &QLineEdit::textEdited, this, [this] {
        QTextCursor c = messageView_->textCursor();
        c.setPosition(c.selectionStart());
        messageView_->setTextCursor(c);
        findInMail(false);
    });
    patchStatus_->setWordWrap(true);
}

// The window never starts larger than the screen's free area (a 1280x720 screen, or 2560x1440
// at scale 2, included); a remembered geometry from a bigger screen is shrunk too.
void MainWindow::clampToScreen() {
    const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s) return;
    const QRect avail = s->availableGeometry();
    const QSize frame = frameGeometry().size() - geometry().size();
    const QSize most(avail.width() - frame.width(), avail.height() - frame.height());
    const QSize want = size().boundedTo(most);
    if (want != size()) resize(want);
    QRect g = frameGeometry();
    if (!avail.contains(g)) {
        g.moveLeft(
            std::clamp(g.left(), avail.left(), std::max(avail.left(), avail.right() - g.width())));
        g.moveTop(
            std::clamp(g.top(), avail.top(), std::max(avail.top(), avail.bottom() - g.height())));
        move(g.topLeft());
    }
}

void MainWindow::setFixedWindowSize(const QSize& size) {
    fixedSize_ = true;
    resize(size);
}

void MainWindow::setPersistent(bool persistent) {
    persistent_ = persistent;
    if (persistent_) loadSettings();
}

void MainWindow::loadSettings() {
    QSettings s;
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    clampToScreen();
    setLocalTimes(s.value(QStringLiteral("display/localTimes"), false).toBool());
    if (localTimesAction_) localTimesAction_->setChecked(localTimes());
    saveDir_ = s.value(QStringLiteral("files/saveDir"), saveDir_).toString();
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
    // A --view layout is this session's: the one the user had is kept for the next.
    if (!viewOverride_)
        s.setValue(QStringLiteral("window/outer"), outer_->saveState());
    else if (!rememberedOuter_.isEmpty())
        s.setValue(QStringLiteral("window/outer"), rememberedOuter_);
    s.setValue(QStringLiteral("display/localTimes"), localTimes());
    s.setValue(QStringLiteral("files/saveDir"), saveDir_);
    s.setValue(QStringLiteral("window/left"), left_->saveState());
    s.setValue(QStringLiteral("window/results"), resultsView_->header()->saveState());
    s.setValue(QStringLiteral("queries/recent"), queryBar_->history());
}

// The frame is known once shown: clamp again so the frame fits too.
void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!clampedShown_) {
        clampedShown_ = true;
        QTimer::singleShot(0, this, [this] {
            if (!fixedSize_) clampToScreen();
        });
    }
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
        // A window just opened types into the query bar (keyboard users start there).
        if (!focusWidget() || !stack_->currentWidget()->isAncestorOf(focusWidget()))
            queryBar_->setFocus();
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
