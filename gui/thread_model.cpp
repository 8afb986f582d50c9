// ThreadModel: parent/child tables built once from the entries' parent links.
#include "gui/thread_model.hpp"

#include "gui/item_roles.hpp"
#include "gui/summary_format.hpp"

namespace lkmine::gui {

ThreadModel::ThreadModel(QObject* parent) : QAbstractItemModel(parent) {}

void ThreadModel::setThread(ThreadTree tree) {
    beginResetModel();
    tree_ = std::move(tree);
    const int n = int(tree_.entries.size());
    children_.assign(std::size_t(n), {});
    roots_.clear();
    rowInParent_.assign(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        int p = tree_.entries[std::size_t(i)].parent;
        // A parent must come earlier in display order; anything else is treated as a root so a
        // broken tree cannot make a cycle.
        auto& siblings = (p >= 0 && p < i) ? children_[std::size_t(p)] : roots_;
        rowInParent_[std::size_t(i)] = int(siblings.size());
        siblings.push_back(i);
        if (!(p >= 0 && p < i)) tree_.entries[std::size_t(i)].parent = -1;
    }
    endResetModel();
}

void ThreadModel::clear() {
    setThread({});
}

QString ThreadModel::threadId() const {
    return qstr(tree_.thread_id);
}

const ThreadEntry* ThreadModel::entryAt(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this) return nullptr;
    const auto id = index.internalId();
    if (id >= tree_.entries.size()) return nullptr;
    return &tree_.entries[id];
}

QModelIndex ThreadModel::indexOfEntry(int entry, int column) const {
    if (entry < 0 || entry >= int(tree_.entries.size())) return {};
    return createIndex(rowInParent_[std::size_t(entry)], column, quintptr(entry));
}

QModelIndex ThreadModel::indexOfMessageId(const QString& msgid) const {
    const std::string id = stdstr(msgid);
    for (std::size_t i = 0; i < tree_.entries.size(); ++i)
        if (tree_.entries[i].mail.message_id == id) return indexOfEntry(int(i));
    return {};
}

QModelIndex ThreadModel::nearestWithPatches(const QModelIndex& index) const {
    const ThreadEntry* e = entryAt(index);
    if (!e) return {};
    int i = int(index.internalId());
    // Parents come strictly earlier, so this walk ends.
    while (i >= 0) {
        const ThreadEntry& cur = tree_.entries[std::size_t(i)];
        if (!cur.mail.ghost && cur.mail.patches > 0) return indexOfEntry(i);
        i = cur.parent;
    }
    return {};
}

QModelIndex ThreadModel::stepInOrder(const QModelIndex& index, int delta) const {
    const int n = int(tree_.entries.size());
    if (n == 0) return {};
    if (!entryAt(index)) return indexOfEntry(delta >= 0 ? 0 : n - 1);
    const int next = int(index.internalId()) + delta;
    return indexOfEntry(next, 0); // entries are already in display order
}

QModelIndex ThreadModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    const std::vector<int>* list = &roots_;
    if (parent.isValid()) {
        if (!entryAt(parent)) return {};
        list = &children_[parent.internalId()];
    }
    if (row >= int(list->size())) return {};
    return createIndex(row, column, quintptr((*list)[std::size_t(row)]));
}

QModelIndex ThreadModel::parent(const QModelIndex& child) const {
    const ThreadEntry* e = entryAt(child);
    if (!e || e->parent < 0) return {};
    return indexOfEntry(e->parent);
}

int ThreadModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(roots_.size());
    if (parent.column() != 0 || !entryAt(parent)) return 0;
    return int(children_[parent.internalId()].size());
}

int ThreadModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant ThreadModel::data(const QModelIndex& index, int role) const {
    const ThreadEntry* e = entryAt(index);
    if (!e) return {};
    if (role == RoleDepth) return e->depth;
    if (role == Qt::DisplayRole && index.column() == ColumnSubject && !e->mail.ghost) {
        // The indented column reads like a reader's thread pane: who replied, and the subject
        // only where it changed from the parent's.
        QString who = fromText(e->mail.from);
        const ThreadEntry* p = e->parent >= 0 ? &tree_.entries[std::size_t(e->parent)] : nullptr;
        if (p && !p->mail.ghost && p->mail.subject_info.clean == e->mail.subject_info.clean)
            return who;
        return QStringLiteral("%1 — %2").arg(who, labelText(e->mail.subject));
    }
    return summaryData(e->mail, index.column(), role);
}

QVariant ThreadModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return summaryHeader(section, tr("Thread"));
}

} // namespace lkmine::gui
