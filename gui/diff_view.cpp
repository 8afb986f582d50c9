// DiffView: lays the patches out as one plain-text document and records where files and hunks
// start.
#include "gui/diff_view.hpp"

#include "gui/colours.hpp"
#include "gui/diff_highlighter.hpp"
#include "gui/summary_format.hpp"

#include <QColor>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace lkmine::gui {

namespace {

constexpr int kLineRole = Qt::UserRole + 1;

QString pathOf(const PatchFile& f) {
    return qstr(f.status == FileStatus::deleted ? f.old_path : f.new_path);
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
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    highlighter_ = new DiffHighlighter(text_->document());

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(files_);
    split->addWidget(text_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(caption_);
    layout->addWidget(split);

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
}

void DiffView::showPatches(const Message& message, const QString& caption) {
    messageId_ = qstr(message.message_id);
    message_ = message;
    anchors_.clear();
    files_->clear();
    caption_->setText(caption);
    QStringList lines;
    const int total = int(message.patches.size());
    for (int i = 0; i < total; ++i)
        addPatch(message.patches[std::size_t(i)], i, total, lines);
    text_->setPlainText(lines.join(QLatin1Char('\n')));
    files_->expandAll();
    jumpToLine(0);
}

void DiffView::addPatch(const Patch& patch, int index, int total, QStringList& lines) {
    QString banner = DiffHighlighter::patchBanner() +
                     tr("patch %1/%2 · %3").arg(index + 1).arg(total).arg(qstr(patch.source));
    if (!patch.patch_id.empty())
        banner += tr(" · patch-id %1").arg(qstr(patch.patch_id.substr(0, 12)));
    lines << banner;
    QStringList text = qstr(patch.text).split(QLatin1Char('\n'));
    if (!text.isEmpty() && text.back().isEmpty()) text.removeLast();
    const bool gitStyle = std::any_of(text.begin(), text.end(), [](const QString& l) {
        return l.startsWith(QLatin1String("diff "));
    });
    int fileInPatch = -1;
    QTreeWidgetItem* fileItem = nullptr;
    for (int j = 0; j < text.size(); ++j) {
        const QString& l = text[j];
        const int line = int(lines.size());
        const bool fileStart = gitStyle
                                   ? l.startsWith(QLatin1String("diff "))
                                   : l.startsWith(QLatin1String("--- ")) && j + 1 < text.size() &&
                                         text[j + 1].startsWith(QLatin1String("+++ "));
        if (fileStart) {
            ++fileInPatch;
            fileItem = new QTreeWidgetItem(files_);
            if (fileInPatch < int(patch.files.size())) {
                const PatchFile& f = patch.files[std::size_t(fileInPatch)];
                fileItem->setText(0, pathOf(f));
                fileItem->setText(1, f.binary ? tr("bin") : QString::number(f.added));
                fileItem->setText(2, f.binary ? QString() : QString::number(f.removed));
            } else {
                fileItem->setText(0, l);
            }
            fileItem->setData(0, kLineRole, line);
            fileItem->setForeground(1, colours().added);
            fileItem->setForeground(2, colours().removed);
            anchors_.push_back({line, {}});
        } else if (fileItem && l.startsWith(QLatin1String("@@"))) {
            auto* hunkItem = new QTreeWidgetItem(fileItem);
            hunkItem->setText(0, l);
            hunkItem->setToolTip(0, l);
            hunkItem->setData(0, kLineRole, line);
            anchors_.back().hunks.push_back(line);
        }
        lines << l;
    }
    lines << QString();
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
