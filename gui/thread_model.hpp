// ThreadModel: one thread (core ThreadTree, JWZ display order) as a tree, with ghost rows.
#pragma once

#include "core/index/store.hpp"

#include <QAbstractItemModel>
#include <QString>
#include <vector>

namespace lkmine::gui {

// Nodes are the ThreadTree entries; an index's internalId is its entry number, so parents and
// rows are table look-ups (no recursion over user-supplied depth).
class ThreadModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    explicit ThreadModel(QObject* parent = nullptr);

    void setThread(ThreadTree tree);
    void clear();
    QString threadId() const;
    int entryCount() const { return int(tree_.entries.size()); }
    const ThreadEntry* entryAt(const QModelIndex& index) const;
    QModelIndex indexOfMessageId(const QString& msgid) const;
    // The entry itself or its nearest ancestor with a diff; invalid when none has one.
    QModelIndex nearestWithPatches(const QModelIndex& index) const;
    // Next/previous row in display order (depth-first, as shown when fully expanded).
    QModelIndex stepInOrder(const QModelIndex& index, int delta) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

  private:
    QModelIndex indexOfEntry(int entry, int column = 0) const;

    ThreadTree tree_;
    std::vector<std::vector<int>> children_; // per entry; roots_ for the top level
    std::vector<int> roots_;
    std::vector<int> rowInParent_;
};

} // namespace lkmine::gui
