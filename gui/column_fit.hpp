// Columns of the result and thread lists sized to what they hold, the subject taking the rest.
#pragma once

#include <QHash>
#include <QObject>

class QTreeView;

namespace lkmine::gui {

// Sizes every visible column of `view` but the first to its content (the rows laid out and the
// header's title: nothing elided) and gives the first (the subject, elided when it must be) the
// rest of the viewport; in a narrow pane at least what leaves the second column (the badges) in
// view, and never less than a quarter of it. Refitted when rows arrive or the view is resized,
// until the user resizes a column by hand.
class ColumnFitter : public QObject {
    Q_OBJECT
  public:
    explicit ColumnFitter(QTreeView* view);
    // Fits now (the queued fits call it too).
    void fit();
    // `column` is never narrower than `width` (a date column fits a full date, rows or not).
    void setMinimumWidth(int column, int width);
    bool userSized() const { return userSized_; }

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void fitLater();

    QTreeView* view_;
    QHash<int, int> minimum_;
    bool fitting_ = false, queued_ = false, userSized_ = false;
};

} // namespace lkmine::gui
