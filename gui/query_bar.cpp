// QueryBar: word-wise prefix completion (so "f:hugh s:ma" completes "s:" mid-line) and history.
#include "gui/query_bar.hpp"

#include "core/index/schema.hpp"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QSet>
#include <QStandardItemModel>
#include <algorithm>

namespace lkmine::gui {

namespace {
constexpr int kCompletionRole = Qt::UserRole + 1;
}

QueryBar::QueryBar(QWidget* parent) : QLineEdit(parent) {
    setObjectName(QStringLiteral("queryBar"));
    setClearButtonEnabled(true);
    setPlaceholderText(
        tr("Search: s:subject f:from dfn:file.c b:words d:2022-07-01..  (/ to focus)"));
    prefixes_ = new QStandardItemModel(this);
    QSet<QString> seen;
    for (const PrefixInfo& p : kPrefixes) {
        const QString name = QString::fromLatin1(p.name) + QLatin1Char(':');
        if (seen.contains(name)) continue;
        seen.insert(name);
        auto* item =
            new QStandardItem(QStringLiteral("%1  %2").arg(name, QString::fromUtf8(p.help)));
        item->setData(name, kCompletionRole);
        prefixes_->appendRow(item);
    }
    completer_ = new QCompleter(prefixes_, this);
    completer_->setCompletionRole(kCompletionRole);
    completer_->setCaseSensitivity(Qt::CaseInsensitive);
    completer_->setCompletionMode(QCompleter::PopupCompletion);
    completer_->setWidget(this);
    // The list offers completions; it never takes the window's activation (and with it the
    // keyboard focus the window gives back after the query ran).
    completer_->popup()->setAttribute(Qt::WA_ShowWithoutActivating);
    connect(completer_, qOverload<const QString&>(&QCompleter::activated), this,
            &QueryBar::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, &QueryBar::updateCompletion);
    connect(this, &QLineEdit::returnPressed, this,
            [this] { emit querySubmitted(text().trimmed()); });
}

void QueryBar::setHistory(const QStringList& history) {
    history_ = history.mid(0, kHistorySize);
    historyPos_ = -1;
}

void QueryBar::remember(const QString& query) {
    if (query.isEmpty()) return;
    history_.removeAll(query);
    history_.prepend(query);
    while (history_.size() > kHistorySize)
        history_.removeLast();
    historyPos_ = -1;
}

QString QueryBar::wordUnderCursor() const {
    const QString t = text();
    int start = cursorPosition();
    while (start > 0 && !t[start - 1].isSpace() && t[start - 1] != QLatin1Char('('))
        --start;
    const QString word = t.mid(start, cursorPosition() - start);
    // Only a bare word can still become a prefix; "s:foo" already has one.
    if (word.isEmpty() || word.contains(QLatin1Char(':')) || word.startsWith(QLatin1Char('"')))
        return {};
    return word;
}

void QueryBar::updateCompletion() {
    const QString word = wordUnderCursor();
    if (word.isEmpty()) {
        completer_->popup()->hide();
        return;
    }
    completer_->setCompletionPrefix(word);
    if (completer_->completionCount() == 0) {
        completer_->popup()->hide();
        return;
    }
    completer_->complete();
}

void QueryBar::insertCompletion(const QString& prefix) {
    const QString word = wordUnderCursor();
    const int pos = cursorPosition();
    QString t = text();
    t.replace(pos - word.size(), word.size(), prefix);
    setText(t);
    setCursorPosition(pos - int(word.size()) + int(prefix.size()));
}

void QueryBar::keyPressEvent(QKeyEvent* event) {
    if (completer_->popup()->isVisible()) {
        // The popup handles its own keys; Enter/Tab there picks the completion.
        QLineEdit::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_Down: {
        if (history_.isEmpty()) break;
        const int step = event->key() == Qt::Key_Up ? 1 : -1;
        historyPos_ = std::clamp(historyPos_ + step, -1, int(history_.size()) - 1);
        setText(historyPos_ < 0 ? QString() : history_[historyPos_]);
        return;
    }
    case Qt::Key_Escape:
        emit escapePressed();
        return;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace lkmine::gui
