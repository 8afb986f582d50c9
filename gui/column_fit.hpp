// Columns of the result and thread lists sized to what they hold, the subject taking the rest.
#pragma once

#include <QObject>

class QTreeView;

namespace lkmine::gui {

// Sizes every visible column of `view` but the first to its content (the rows laid out and the
// header's title: nothing elided) and gives the first (the subject, elided when it must be) the
// rest of the viewport, but never less than 40% of it, so the next column (the badges) is seen
// even in a narrow pane. Refitted when rows arrive or the view is resized, until the user
// resizes a column by hand.
class ColumnFitter : public QObject {
    Q_OBJECT
  public:
    explicit ColumnFitter(QTreeView* view);
    // Fits now (the queued fits call it too).
    void fit();
    bool userSized() const { return userSized_; }

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void fitLater();

    QTreeView* view_;
    bool fitting_ = false, queued_ = false, userSized_ = false;
};

} // namespace lkmine::gui
