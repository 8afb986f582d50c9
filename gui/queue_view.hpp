// The reviewer's queue in the side tabs: series in my area or addressed to me that wait for my
// review (core/review/queue.hpp), refreshed in the background; a row opens its thread.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;
class QTreeWidget;

namespace lkmine::gui {

class QueueView : public QWidget {
    Q_OBJECT
  public:
    explicit QueueView(QWidget* parent = nullptr);

    // The index (and its review-state.sqlite) the queue is read from; refreshes when the
    // addresses are set.
    void setIndexDir(const QString& dir);
    // My addresses (comma-separated) and area patterns (space-separated, MAINTAINERS F: rules).
    void setMe(const QString& me);
    void setAreas(const QString& areas);
    void setDays(int days);
    void refresh();

    QTreeWidget* tree() const { return tree_; }
    QLabel* status() const { return status_; }
    bool isBusy() const { return busy_; }

  signals:
    void messageActivated(const QString& msgid);
    void refreshed(int rows);

  private:
    QString dir_;
    QLineEdit* me_ = nullptr;
    QLineEdit* areas_ = nullptr;
    QSpinBox* days_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QLabel* status_ = nullptr;
    bool busy_ = false;
};

} // namespace lkmine::gui
