// QueryBar: the query line edit: history (Up/Down, remembered) and completion of prefixes.
#pragma once

#include <QLineEdit>
#include <QStringList>

class QCompleter;
class QStandardItemModel;

namespace lkmine::gui {

// The prefix list comes from core's schema table (kPrefixes), the one the query parser uses.
class QueryBar : public QLineEdit {
    Q_OBJECT
  public:
    explicit QueryBar(QWidget* parent = nullptr);

    QStringList history() const { return history_; }
    void setHistory(const QStringList& history);
    // Puts `query` first in the history (once), keeping at most kHistorySize entries.
    void remember(const QString& query);
    QCompleter* prefixCompleter() const { return completer_; }
    // The word under the cursor that the completer would complete, or "".
    QString wordUnderCursor() const;

    static constexpr int kHistorySize = 30;

  signals:
    void querySubmitted(const QString& query);
    void escapePressed();

  protected:
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void updateCompletion();
    void insertCompletion(const QString& prefix);

    QCompleter* completer_;
    QStandardItemModel* prefixes_;
    QStringList history_;
    int historyPos_ = -1;
};

} // namespace lkmine::gui
