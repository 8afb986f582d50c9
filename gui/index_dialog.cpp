// IndexDialog: source, git tree and index choosers, a worker thread, progress and Cancel.
#include "gui/index_dialog.hpp"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

namespace lkmine::gui {

namespace {

QPushButton* smallButton(const QString& text, const QString& name, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAutoDefault(false);
    return b;
}

QString rateText(double done, double seconds) {
    return QString::number(seconds > 0 ? done / seconds : 0.0, 'f', 0);
}

} // namespace

IndexDialog::IndexDialog(const QString& db, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("indexDialog"));
    setWindowTitle(tr("New index"));
    buildUi(db);
    // Queued: the worker emits on its own thread, the widgets change on this one.
    connect(this, &IndexDialog::workerProgress, this, &IndexDialog::showProgress,
            Qt::QueuedConnection);
    setState(State::Idle);
}

IndexDialog::~IndexDialog() {
    cancelFlag_ = true;
    if (thread_) thread_->wait(); // the drain after a cancel is bounded (a few hundred mails)
}

void IndexDialog::buildUi(const QString& db) {
    auto* sourceBox = new QGroupBox(tr("Mail to index"), this);
    sources_ = new QListWidget(sourceBox);
    sources_->setObjectName(QStringLiteral("sourceList"));
    sources_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    sources_->setMinimumHeight(70);
    sources_->setMaximumHeight(130); // a few paths; the space goes to the outcome text
    auto* addFolder = smallButton(tr("Add folder…"), QStringLiteral("addFolderButton"), sourceBox);
    auto* addFile = smallButton(tr("Add file…"), QStringLiteral("addFileButton"), sourceBox);
    auto* remove = smallButton(tr("Remove"), QStringLiteral("removeSourceButton"), sourceBox);
    auto* sourceButtons = new QVBoxLayout;
    sourceButtons->addWidget(addFolder);
    sourceButtons->addWidget(addFile);
    sourceButtons->addWidget(remove);
    sourceButtons->addStretch(1);
    auto* hint = new QLabel(tr("A lore mirror (a public-inbox v2 or v1 inbox, or a directory of "
                               "them), an mbox file, a Maildir or a directory of mail files."),
                            sourceBox);
    hint->setWordWrap(true);
    auto* sourceGrid = new QGridLayout(sourceBox);
    sourceGrid->addWidget(sources_, 0, 0);
    sourceGrid->addLayout(sourceButtons, 0, 1);
    sourceGrid->addWidget(hint, 1, 0, 1, 2);

    git_ = new QLineEdit(this);
    git_->setObjectName(QStringLiteral("gitEdit"));
    git_->setPlaceholderText(tr("optional: a kernel git tree, to link patches to commits"));
    auto* gitBrowse = smallButton(tr("Browse…"), QStringLiteral("gitBrowseButton"), this);
    auto* gitRow = new QHBoxLayout;
    gitRow->addWidget(git_, 1);
    gitRow->addWidget(gitBrowse);
    logs_ = new QLineEdit(this);
    logs_->setObjectName(QStringLiteral("logsEdit"));
    logs_->setPlaceholderText(tr("optional: syzbot bisection logs (a file or a directory)"));
    auto* logsBrowse = smallButton(tr("Browse…"), QStringLiteral("logsBrowseButton"), this);
    auto* logsRow = new QHBoxLayout;
    logsRow->addWidget(logs_, 1);
    logsRow->addWidget(logsBrowse);
    db_ = new QLineEdit(db, this);
    db_->setObjectName(QStringLiteral("dbEdit"));
    db_->setToolTip(tr("Created if missing; an existing index gets the new mail added."));
    auto* dbBrowse = smallButton(tr("Browse…"), QStringLiteral("dbBrowseButton"), this);
    auto* dbRow = new QHBoxLayout;
    dbRow->addWidget(db_, 1);
    dbRow->addWidget(dbBrowse);
    auto* form = new QFormLayout;
    form->addRow(tr("Kernel git tree:"), gitRow);
    form->addRow(tr("Bisection logs:"), logsRow);
    form->addRow(tr("Index directory:"), dbRow);

    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("indexProgress"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("indexStatus"));
    status_->setTextFormat(Qt::PlainText);
    result_ = new QLabel(this);
    result_->setObjectName(QStringLiteral("indexResult"));
    result_->setTextFormat(Qt::PlainText); // paths and errors are shown as they are
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    start_ = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    start_->setObjectName(QStringLiteral("startButton"));
    cancel_ = buttons->addButton(tr("Close"), QDialogButtonBox::RejectRole);
    cancel_->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(sourceBox);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(result_);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(640, 400);
    inputs_ = {sources_,  addFolder, addFile,    remove, git_,
               gitBrowse, logs_,     logsBrowse, db_,    dbBrowse};

    connect(addFolder, &QPushButton::clicked, this, &IndexDialog::addFolder);
    connect(addFile, &QPushButton::clicked, this, &IndexDialog::addFile);
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(sources_->selectedItems()); });
    connect(gitBrowse, &QPushButton::clicked, this, &IndexDialog::browseGit);
    connect(logsBrowse, &QPushButton::clicked, this, &IndexDialog::browseLogs);
    connect(dbBrowse, &QPushButton::clicked, this, &IndexDialog::browseDb);
    // The box's accepted()/rejected() stay unconnected: the dialog stays open to show the outcome.
    connect(start_, &QPushButton::clicked, this, &IndexDialog::start);
    connect(cancel_, &QPushButton::clicked, this, &IndexDialog::cancel);
}

void IndexDialog::setSources(const QStringList& paths) {
    sources_->clear();
    for (const QString& p : paths)
        sources_->addItem(QDir::cleanPath(p));
}

QStringList IndexDialog::sources() const {
    QStringList out;
    for (int i = 0; i < sources_->count(); ++i)
        out << sources_->item(i)->text();
    return out;
}

void IndexDialog::setGitTree(const QString& path) {
    git_->setText(path.isEmpty() ? path : QDir::cleanPath(path));
}

void IndexDialog::setDbDir(const QString& dir) {
    db_->setText(dir);
}

QString IndexDialog::dbDir() const {
    return db_->text().trimmed();
}

IndexRequest IndexDialog::request() const {
    return IndexRequest{sources(), git_->text().trimmed(), dbDir(), logs_->text().trimmed()};
}

void IndexDialog::addFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Add a lore mirror, inbox, Maildir or mail directory"), QDir::homePath());
    if (!dir.isEmpty() && sources().indexOf(dir) < 0) sources_->addItem(dir);
}

void IndexDialog::addFile() {
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Add mbox or mail files"), QDir::homePath(),
                                      tr("Mail (*.mbox *.mbx *.eml *.mail *.txt);;All files (*)"));
    for (const QString& f : files)
        if (sources().indexOf(f) < 0) sources_->addItem(f);
}

void IndexDialog::browseGit() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Kernel git tree"), git_->text());
    if (!dir.isEmpty()) git_->setText(dir);
}

void IndexDialog::browseLogs() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("syzbot bisection logs"), logs_->text());
    if (!dir.isEmpty()) logs_->setText(dir);
}

void IndexDialog::browseDb() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Index directory"), dbDir());
    if (!dir.isEmpty()) db_->setText(dir);
}

void IndexDialog::setState(State state) {
    state_ = state;
    const bool running = isRunning();
    for (QWidget* w : inputs_)
        w->setEnabled(!running);
    start_->setEnabled(!running);
    start_->setText(state == State::Cancelled ? tr("Resume") : tr("Start"));
    cancel_->setEnabled(state != State::Cancelling);
    cancel_->setText(state == State::Running      ? tr("Cancel")
                     : state == State::Cancelling ? tr("Cancelling…")
                                                  : tr("Close"));
    if (state == State::Running) cancel_->setFocus();
}

void IndexDialog::showError(const QString& text) {
    result_->setStyleSheet(QStringLiteral("color: #b00020;"));
    result_->setText(text);
}

void IndexDialog::start() {
    if (isRunning()) return;
    const IndexRequest req = request();
    if (const QString problem = checkIndexRequest(req); !problem.isEmpty()) {
        showError(problem);
        return;
    }
    result_->setStyleSheet(QString());
    result_->clear();
    status_->setText(tr("Looking at the sources…"));
    progress_->setRange(0, 0); // busy until the first estimate
    progress_->setFormat(tr("%v / %m mails"));
    cancelFlag_ = false;
    outcome_ = IndexOutcome{};
    thread_ = QThread::create([this, req] {
        outcome_ = runIndexJob(req, cancelFlag_, [this](const IndexJobProgress& p) {
            emit workerProgress(p.done, p.estimate, p.seconds, p.source, p.stage);
        });
    });
    thread_->setObjectName(QStringLiteral("lkmine-index"));
    connect(thread_, &QThread::finished, this, &IndexDialog::workerDone, Qt::QueuedConnection);
    setState(State::Running);
    thread_->start(QThread::LowPriority); // the window's thread keeps the upper hand
}

void IndexDialog::cancel() {
    if (state_ == State::Running) {
        cancelFlag_ = true;
        status_->setText(tr("Cancelling: writing what was read…"));
        setState(State::Cancelling);
    } else if (state_ != State::Cancelling) {
        QDialog::reject();
    }
}

void IndexDialog::reject() {
    if (isRunning()) {
        cancel(); // Esc or the title bar's close: stop, and stay to show what was kept
        return;
    }
    QDialog::reject();
}

void IndexDialog::showProgress(qulonglong done, qulonglong estimate, double seconds,
                               const QString& source, const QString& stage) {
    if (!isRunning()) return; // a late report from a finished run
    if (!stage.isEmpty()) {
        progress_->setRange(0, 0);
        status_->setText(stage);
        return;
    }
    if (estimate > 0) {
        progress_->setRange(0, int(std::min<qulonglong>(estimate, INT_MAX)));
        progress_->setValue(int(std::min<qulonglong>({done, estimate, INT_MAX})));
    }
    QString text =
        estimate ? tr("%1 of %2 mails").arg(done).arg(estimate) : tr("%1 mails").arg(done);
    text += tr(", %1 mails/s").arg(rateText(double(done), seconds));
    if (estimate > done && done > 0 && seconds > 0)
        text +=
            tr(", about %1 s left").arg(qRound(double(estimate - done) * seconds / double(done)));
    if (!source.isEmpty()) text += QStringLiteral("\n") + source;
    status_->setText(text);
}

void IndexDialog::workerDone() {
    if (!thread_) return;
    thread_->wait();
    thread_->deleteLater();
    thread_ = nullptr;
    setState(!outcome_.ok         ? State::Failed
             : outcome_.cancelled ? State::Cancelled
                                  : State::Finished);
    showOutcome();
    emit stateChanged(state_);
    if (outcome_.ok) emit indexReady(dbDir());
}

void IndexDialog::showOutcome() {
    const IndexOutcome& o = outcome_;
    if (!o.ok) {
        progress_->setRange(0, 1);
        progress_->setValue(0);
        status_->setText(tr("Nothing was indexed."));
        showError(o.error);
        return;
    }
    progress_->setRange(0, 1);
    progress_->setValue(o.cancelled ? 0 : 1);
    progress_->setFormat(o.cancelled ? tr("Cancelled") : tr("Done"));
    status_->setText(tr("%1 mails read in %2 s (%3 mails/s): %4 new, %5 already indexed")
                         .arg(o.read)
                         .arg(o.seconds, 0, 'f', 1)
                         .arg(rateText(double(o.read), o.seconds))
                         .arg(o.added)
                         .arg(o.duplicates));
    QStringList lines;
    if (o.cancelled)
        lines << tr("Cancelled. What was read is in the index and searchable; Resume (or the same "
                    "sources again) continues where this run stopped.");
    lines << tr("The index at %1 now holds %2 mails in %3 threads.")
                 .arg(dbDir())
                 .arg(o.mailsInIndex)
                 .arg(o.threads);
    if (!o.linkSummary.isEmpty()) lines << tr("Commits: %1.").arg(o.linkSummary);
    for (const QString& p : o.problems)
        lines << tr("Problem: %1").arg(p);
    for (const QString& n : o.notes)
        lines << tr("Note: %1").arg(n);
    result_->setStyleSheet(o.problems.isEmpty() ? QString() : QStringLiteral("color: #8a5a00;"));
    result_->setText(lines.join(QLatin1Char('\n')));
}

} // namespace lkmine::gui
