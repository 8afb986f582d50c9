// DiffView: lays the patches out as one plain-text document and records where files and hunks
// start.
#include "gui/diff_view.hpp"

#include "gui/colours.hpp"
#include "gui/diff_highlighter.hpp"
#include "gui/long_lines.hpp"
#include "gui/summary_format.hpp"

#include <QColor>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <string_view>

namespace lkmine::gui {

namespace {

constexpr int kLineRole = Qt::UserRole + 1;

QString pathOf(const PatchFile& f) {
    return labelText(f.status == FileStatus::deleted ? f.old_path : f.new_path);
}

// One diff line as shown: its CR (a CRLF mail) dropped, controls and bidi overrides visible, cut
// when overlong (the diff saved to a file keeps it whole; a review comment quotes the patch).
QString shownLine(std::string_view l) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return cutLongLine(qstr(safe_text(l)));
}

qint64 lineCount(const std::string& text) {
    if (text.empty()) return 0;
    return qint64(std::count(text.begin(), text.end(), '\n')) + (text.back() == '\n' ? 0 : 1);
}

} // namespace

DiffView::DiffView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("diffView"));
    caption_ = new QLabel(this);
    caption_->setTextFormat(Qt::PlainText); // the caption holds a mail subject
    caption_->setWordWrap(true);
    files_ = new QTreeWidget(this);
    files_->setObjectName(QStringLiteral("diffFiles"));
    files_->setColumnCount(3);
    files_->setHeaderLabels({tr("File"), tr("+"), tr("−")});
    files_->header()->setStretchLastSection(false);
    files_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    files_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    files_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    files_->setRootIsDecorated(true);
    files_->setIndentation(14);
    text_ = new QPlainTextEdit(this);
    text_->setObjectName(QStringLiteral("diffText"));
    text_->setReadOnly(true);
    // A cursor the keyboard moves and extends (Shift+arrows), so lines can be chosen for a
    // review comment without a mouse.
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    highlighter_ = new DiffHighlighter(text_->document());

    truncBar_ = new QWidget(this);
    truncBar_->setObjectName(QStringLiteral("diffTruncated"));
    truncText_ = new QLabel(truncBar_);
    truncText_->setWordWrap(true);
    showAll_ = new QPushButton(tr("Show &all"), truncBar_);
    showAll_->setObjectName(QStringLiteral("diffShowAll"));
    save_ = new QPushButton(tr("Sa&ve diff…"), truncBar_);
    save_->setObjectName(QStringLiteral("diffSave"));
    connect(showAll_, &QPushButton::clicked, this, &DiffView::showAll);
    connect(save_, &QPushButton::clicked, this, &DiffView::saveInteractively);
    auto* barLayout = new QHBoxLayout(truncBar_);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(truncText_, 1);
    barLayout->addWidget(showAll_);
    barLayout->addWidget(save_);
    truncBar_->hide();

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(files_);
    split->addWidget(text_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(caption_);
    layout->addWidget(truncBar_);
    layout->addWidget(split);
    setFocusProxy(text_); // `1` (the Diff tab) puts the keyboard in the diff

    connect(files_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) jumpToLine(item->data(0, kLineRole).toInt());
    });
}

QString DiffView::caption() const {
    return caption_->text();
}

void DiffView::showPlaceholder(const QString& text) {
    messageId_.clear();
    message_ = {};
    anchors_.clear();
    files_->clear();
    caption_->setText(text);
    text_->clear();
    truncated_ = false;
    totalLines_ = 0;
    truncBar_->hide();
}

void DiffView::setLineCap(int lines) {
    cap_ = std::max(0, lines);
}

void DiffView::showPatches(const Message& message, const QString& caption) {
    messageId_ = qstr(message.message_id);
    message_ = message;
    captionText_ = caption;
    shownCap_ = cap_;
    layOut();
}

void DiffView::showAll() {
    if (!truncated_) return;
    shownCap_ = 0;
    const int top = topLine();
    layOut();
    jumpToLine(top);
}

void DiffView::layOut() {
    anchors_.clear();
    files_->clear();
    caption_->setText(captionText_);
    QStringList lines;
    const int total = int(message_.patches.size());
    totalLines_ = 0;
    for (const Patch& p : message_.patches)
        totalLines_ += lineCount(p.text);
    qint64 budget = shownCap_ > 0 ? shownCap_ : std::numeric_limits<qint64>::max();
    truncated_ = false;
    for (int i = 0; i < total && !truncated_; ++i)
        truncated_ = !addPatch(message_.patches[std::size_t(i)], i, total, lines, budget);
    if (truncated_) {
        truncText_->setText(tr("Diff truncated: %L1 of %L2 lines shown (%L3 files listed).")
                                .arg(std::min<qint64>(shownCap_, totalLines_))
                                .arg(totalLines_)
                                .arg(anchors_.size()));
        auto* more = new QTreeWidgetItem(files_);
        more->setText(0, tr("… diff truncated: Show all, or Save diff"));
        more->setData(0, kLineRole, int(lines.size()) - 1);
    }
    truncBar_->setVisible(truncated_);
    text_->setPlainText(lines.join(QLatin1Char('\n')));
    files_->expandAll();
    jumpToLine(0);
}

bool DiffView::addPatch(const Patch& patch, int index, int total, QStringList& lines,
                        qint64& budget) {
    QString banner = DiffHighlighter::patchBanner() +
                     tr("patch %1/%2 · %3").arg(index + 1).arg(total).arg(labelText(patch.source));
    if (!patch.patch_id.empty())
        banner += tr(" · patch-id %1").arg(qstr(patch.patch_id.substr(0, 12)));
    lines << banner;
    // Walked in place, one line at a time: only the lines laid out become QStrings.
    const std::string_view text = patch.text;
    const bool gitStyle = text.starts_with("diff ") || text.find("\ndiff ") != text.npos;
    int fileInPatch = -1;
    QTreeWidgetItem* fileItem = nullptr;
    for (std::size_t pos = 0; pos < text.size();) {
        if (budget-- <= 0) return false;
        std::size_t end = text.find('\n', pos);
        if (end == text.npos) end = text.size();
        const std::string_view l = text.substr(pos, end - pos);
        const std::size_t next = end + 1;
        pos = next;
        const int line = int(lines.size());
        const bool fileStart =
            gitStyle ? l.starts_with("diff ")
                     : l.starts_with("--- ") &&
                           text.substr(std::min(next, text.size())).starts_with("+++ ");
        if (fileStart) {
            ++fileInPatch;
            fileItem = new QTreeWidgetItem(files_);
            if (fileInPatch < int(patch.files.size())) {
                const PatchFile& f = patch.files[std::size_t(fileInPatch)];
                fileItem->setText(0, pathOf(f));
                fileItem->setText(1, f.binary ? tr("bin") : QString::number(f.added));
                fileItem->setText(2, f.binary ? QString() : QString::number(f.removed));
            } else {
                fileItem->setText(0, shownLine(l));
            }
            fileItem->setData(0, kLineRole, line);
            fileItem->setForeground(1, colours().added);
            fileItem->setForeground(2, colours().removed);
            anchors_.push_back({line, {}});
        } else if (fileItem && l.starts_with("@@")) {
            auto* hunkItem = new QTreeWidgetItem(fileItem);
            hunkItem->setText(0, shownLine(l));
            hunkItem->setToolTip(0, hunkItem->text(0));
            hunkItem->setData(0, kLineRole, line);
            anchors_.back().hunks.push_back(line);
        }
        lines << shownLine(l);
    }
    lines << QString();
    return true;
}

bool DiffView::saveDiff(const QString& path, QString* error) const {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    for (const Patch& p : message_.patches)
        if (f.write(p.text.data(), qint64(p.text.size())) != qint64(p.text.size())) {
            if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
            return false;
        }
    return true;
}

void DiffView::saveInteractively() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save diff"), QStringLiteral("diff.patch"));
    if (path.isEmpty()) return;
    QString error;
    if (!saveDiff(path, &error))
        truncText_->setText(error);
    else
        truncText_->setText(tr("Saved the whole diff to %1").arg(path));
}

int DiffView::fileCount() const {
    return int(anchors_.size());
}

int DiffView::fileLine(int file) const {
    return file >= 0 && file < int(anchors_.size()) ? anchors_[std::size_t(file)].line : -1;
}

int DiffView::hunkLine(int file, int hunk) const {
    if (file < 0 || file >= int(anchors_.size())) return -1;
    const auto& h = anchors_[std::size_t(file)].hunks;
    return hunk >= 0 && hunk < int(h.size()) ? h[std::size_t(hunk)] : -1;
}

void DiffView::jumpToLine(int line) {
    QTextBlock block = text_->document()->findBlockByNumber(line);
    if (!block.isValid()) return;
    QTextCursor c(block);
    text_->setTextCursor(c);
    // Without wrapping, the scroll bar of a QPlainTextEdit counts blocks.
    text_->verticalScrollBar()->setValue(line);
}

int DiffView::topLine() const {
    return text_->verticalScrollBar()->value();
}

} // namespace lkmine::gui
