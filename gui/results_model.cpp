// ResultsModel: offset-paged search results, fetched on the store worker as the view scrolls.
#include "gui/results_model.hpp"

#include "gui/item_roles.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"

namespace lkmine::gui {

ResultsModel::ResultsModel(StoreWorker* worker, QObject* parent)
    : QAbstractTableModel(parent), worker_(worker) {}

void ResultsModel::setNewestThreads() {
    reset(QString(), true);
}

void ResultsModel::setQuery(const QString& query) {
    reset(query, false);
}

void ResultsModel::reset(const QString& query, bool threads) {
    beginResetModel();
    threads_ = threads;
    query_ = query;
    rows_.clear();
    total_ = 0;
    error_.clear();
    furthestShown_ = -1;
    exhausted_ = true; // views (and the model tester) may call fetchMore during the reset
    loading_ = false;
    ++generation_;
    endResetModel();
    exhausted_ = false;
    emit searchStarted(query_);
    requestPage();
}

void ResultsModel::requestPage() {
    if (loading_ || exhausted_) return;
    loading_ = true;
    SearchOptions options;
    options.offset = rows_.size();
    options.limit = std::size_t(pageSize_);
    // setNewestThreads(): every mail, one row per thread, newest first.
    const QString query = threads_ ? QStringLiteral("type:mail") : query_;
    options.threads = threads_;
    const quint64 generation = generation_;
    const bool first = rows_.empty();
    worker_->search(query, options, this, [this, generation, first](const SearchReply& r) {
        if (generation != generation_) return; // a newer query replaced this one
        // loading_ stays set while rows go in: a view reacting to the insert must not ask for
        // the same page again.
        if (!r.ok) {
            error_ = r.error;
            exhausted_ = true;
        } else {
            total_ = r.page.estimated_total;
            const int n = int(r.page.results.size());
            if (n > 0) {
                const int firstRow = int(rows_.size());
                beginInsertRows({}, firstRow, firstRow + n - 1);
                rows_.insert(rows_.end(), r.page.results.begin(), r.page.results.end());
                endInsertRows();
                emit pageLoaded(firstRow, n);
            }
            // The estimate can be high: a short page is the real end.
            exhausted_ = n < pageSize_ || rows_.size() >= total_;
        }
        loading_ = false;
        if (first) emit searchFinished(query_);
    });
}

const MailSummary* ResultsModel::summaryAt(int row) const {
    if (row < 0 || row >= int(rows_.size())) return nullptr;
    return &rows_[std::size_t(row)];
}

int ResultsModel::rowOfMessageId(const QString& msgid) const {
    const std::string id = stdstr(msgid);
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].message_id == id) return int(i);
    return -1;
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    noteShown(index.row());
    return summaryData(rows_[std::size_t(index.row())], index.column(), role);
}

void ResultsModel::noteShown(int row) const {
    if (row <= furthestShown_) return;
    furthestShown_ = row;
    // A view asks for more only at the very bottom (or on a layout); a jump near the end must
    // load the next page too. Queued: data() is called while painting.
    if (fetchQueued_ || !canFetchMore({})) return;
    fetchQueued_ = true;
    auto* self = const_cast<ResultsModel*>(this);
    QMetaObject::invokeMethod(
        self,
        [self] {
            self->fetchQueued_ = false;
            self->fetchMore({});
        },
        Qt::QueuedConnection);
}

QVariant ResultsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return summaryHeader(section, tr("Subject"));
}

// Only near the end of what was drawn: QTreeView calls fetchMore() on every layout
// (QTreeViewPrivate::layout) and every page inserted lays it out again, so a plain "more exists"
// made the results list page through every hit (800 searches for 80k) and hold the store
// thread, so the user's next search or thread waited behind it (bench/gui_bench).
bool ResultsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !exhausted_ && !loading_ && !rows_.empty() &&
           furthestShown_ + std::max(1, pageSize_ / 2) >= int(rows_.size());
}

void ResultsModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) requestPage();
}

} // namespace lkmine::gui
