// DiffComments: maps selected diff-view blocks to patch lines, asks for the comment, marks the
// commented lines.
#include "gui/diff_comments.hpp"

#include "core/base/text.hpp"
#include "gui/diff_highlighter.hpp"
#include "gui/diff_view.hpp"
#include "gui/summary_format.hpp"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

namespace lkmine::gui {

namespace {

// Ctrl+Enter in the comment's text accepts the dialog (a key filter: a window shortcut would
// need the dialog to be the active window, which a lingering popup can delay).
class CtrlEnterAccepts : public QObject {
  public:
    explicit CtrlEnterAccepts(QDialog* d) : QObject(d), dialog_(d) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::KeyPress) {
            auto* k = static_cast<QKeyEvent*>(event);
            if ((k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) &&
                (k->modifiers() & Qt::ControlModifier)) {
                dialog_->accept();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

  private:
    QDialog* dialog_;
};

// The comment editor: Tab leaves the text (to OK / Cancel), Ctrl+Enter accepts, Esc cancels, so
// a keyboard-only reviewer is never stuck in it (QInputDialog's multi-line text eats Tab).
QString askComment(QWidget* parent, const QString& quoted) {
    QDialog d(parent);
    d.setObjectName(QStringLiteral("commentDialog"));
    d.setWindowTitle(DiffComments::tr("Review comment"));
    auto* label = new QLabel(
        DiffComments::tr("Your comment after these lines (Ctrl+Enter: OK):\n\n%1").arg(quoted), &d);
    label->setTextFormat(Qt::PlainText);
    auto* edit = new QPlainTextEdit(&d);
    edit->setObjectName(QStringLiteral("commentText"));
    edit->setTabChangesFocus(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &d);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &d, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &d, &QDialog::reject);
    edit->installEventFilter(new CtrlEnterAccepts(&d));
    auto* layout = new QVBoxLayout(&d);
    layout->addWidget(label);
    layout->addWidget(edit, 1);
    layout->addWidget(buttons);
    edit->setFocus();
    return d.exec() == QDialog::Accepted ? edit->toPlainText() : QString();
}

} // namespace

DiffComments::DiffComments(DiffView* view) : QObject(view), view_(view) {
    setObjectName(QStringLiteral("diffComments"));
    QPlainTextEdit* text = view->textView();
    action_ = new QAction(tr("Comment on selected lines"), text);
    action_->setObjectName(QStringLiteral("commentAction"));
    action_->setShortcut(QKeySequence(Qt::Key_C));
    action_->setShortcutContext(Qt::WidgetShortcut);
    text->addAction(action_);
    connect(action_, &QAction::triggered, this, &DiffComments::commentInteractively);
    text->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(text, &QWidget::customContextMenuRequested, this, &DiffComments::showMenu);
    connect(text, &QPlainTextEdit::textChanged, this, &DiffComments::highlight);
    ask = [view](const QString& quoted) { return askComment(view, quoted); };
}

QString DiffComments::messageId() const {
    return qstr(message_.message_id);
}

void DiffComments::clear() {
    comments_.clear();
    message_ = {};
    highlight();
    emit changed();
}

bool DiffComments::remove(std::size_t index) {
    if (index >= comments_.size()) return false;
    comments_.erase(comments_.begin() + std::ptrdiff_t(index));
    if (comments_.empty()) message_ = {};
    highlight();
    emit changed();
    return true;
}

std::optional<DiffSpan> DiffComments::spanOfBlocks(int first, int last) const {
    const Message& m = view_->message();
    int patch = -1, banner = -1;
    for (QTextBlock b = view_->textView()->document()->firstBlock(); b.isValid(); b = b.next()) {
        if (!b.text().startsWith(DiffHighlighter::patchBanner())) continue;
        if (b.blockNumber() > first) {
            last = std::min(last, b.blockNumber() - 1); // one patch per comment
            break;
        }
        ++patch, banner = b.blockNumber();
    }
    if (patch < 0 || std::size_t(patch) >= m.patches.size()) return std::nullopt;
    const long lines = long(text::split_lines(m.patches[std::size_t(patch)].text).size());
    const long lo = std::max(0L, long(first - banner - 1));
    const long hi = std::min(lines - 1, long(last - banner - 1));
    if (lo > hi) return std::nullopt;
    return DiffSpan{std::size_t(patch), std::size_t(lo), std::size_t(hi)};
}

bool DiffComments::commentOnSelection(const QString& text) {
    if (text.trimmed().isEmpty()) return false;
    QTextCursor c = view_->textView()->textCursor();
    QTextDocument* doc = view_->textView()->document();
    int first = doc->findBlock(c.selectionStart()).blockNumber();
    int last = doc->findBlock(c.selectionEnd()).blockNumber();
    // A selection ending at the start of a line (a whole-line drag) does not take that line.
    if (c.hasSelection() && last > first &&
        doc->findBlock(c.selectionEnd()).position() == c.selectionEnd())
        --last;
    auto span = spanOfBlocks(first, last);
    if (!span) return false;
    if (messageId() != view_->messageId()) { // comments are on one mail at a time
        comments_.clear();
        message_ = view_->message();
    }
    comments_.push_back({*span, text.toStdString()});
    highlight();
    emit changed();
    return true;
}

void DiffComments::commentInteractively() {
    QTextCursor c = view_->textView()->textCursor();
    QTextDocument* doc = view_->textView()->document();
    QStringList quoted;
    for (QTextBlock b = doc->findBlock(c.selectionStart()); b.isValid(); b = b.next()) {
        quoted << QStringLiteral("> ") + b.text();
        if (b.contains(c.selectionEnd()) || quoted.size() > 12) break;
    }
    const QString text = ask ? ask(quoted.join(QLatin1Char('\n'))) : QString();
    if (!text.isEmpty()) commentOnSelection(text);
}

void DiffComments::showMenu(const QPoint& pos) {
    QPlainTextEdit* text = view_->textView();
    QMenu* menu = text->createStandardContextMenu(pos);
    menu->addSeparator();
    menu->addAction(action_);
    if (!comments_.empty())
        menu->addAction(tr("Drop all %n review comment(s)", "", int(comments_.size())), this,
                        &DiffComments::clear);
    menu->exec(text->viewport()->mapToGlobal(pos));
    delete menu;
}

// The commented lines, tinted with the palette's highlight so it reads on light and dark.
void DiffComments::highlight() {
    QList<QTextEdit::ExtraSelection> marks;
    QPlainTextEdit* text = view_->textView();
    if (!comments_.empty() && messageId() == view_->messageId()) {
        QColor tint = text->palette().color(QPalette::Highlight);
        tint.setAlpha(60);
        int banner = -1, patch = -1;
        for (QTextBlock b = text->document()->firstBlock(); b.isValid(); b = b.next()) {
            if (b.text().startsWith(DiffHighlighter::patchBanner())) {
                ++patch, banner = b.blockNumber();
                continue;
            }
            const long line = b.blockNumber() - banner - 1;
            for (const auto& c : comments_) {
                if (long(c.span.patch) != patch || line < long(c.span.first) ||
                    line > long(c.span.last))
                    continue;
                QTextEdit::ExtraSelection s;
                s.cursor = QTextCursor(b);
                s.format.setBackground(tint);
                s.format.setProperty(QTextFormat::FullWidthSelection, true);
                s.format.setToolTip(QString::fromStdString(c.text));
                marks << s;
                break;
            }
        }
    }
    text->setExtraSelections(marks);
}

} // namespace lkmine::gui
