// ResultsModel: the search results as a flat table that pages in lazily (canFetchMore/fetchMore).
#pragma once

#include "core/index/store.hpp"

#include <QAbstractTableModel>
#include <QString>
#include <vector>

namespace lkmine::gui {

class StoreWorker;

// Flat like a list, with the columns of item_roles.hpp (a QAbstractListModel cannot have them).
// Each page is one offset/limit search on the worker; answers to an older query are dropped.
// The next page is fetched only once a view has drawn a row within half a page of the end.
class ResultsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    explicit ResultsModel(StoreWorker* worker, QObject* parent = nullptr);

    void setQuery(const QString& query); // "" lists every mail
    // The newest threads, one row each (a start without --query).
    void setNewestThreads();
    QString query() const { return query_; }
    void setPageSize(int n) { pageSize_ = n > 0 ? n : 1; }
    std::size_t estimatedTotal() const { return total_; }
    bool isLoading() const { return loading_; }
    QString errorText() const { return error_; }
    const MailSummary* summaryAt(int row) const;
    int rowOfMessageId(const QString& msgid) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

  signals:
    void searchStarted(const QString& query);
    // The first page of the current query arrived (or failed: see errorText()).
    void searchFinished(const QString& query);
    void pageLoaded(int firstRow, int count);

  private:
    void reset(const QString& query, bool threads);
    void requestPage();
    void noteShown(int row) const;

    StoreWorker* worker_;
    QString query_;
    std::vector<MailSummary> rows_;
    std::size_t total_ = 0;
    quint64 generation_ = 0;
    bool loading_ = false;
    bool threads_ = false;
    bool exhausted_ = true;
    int pageSize_ = 100;
    QString error_;
    // The furthest row a view asked data() for: views ask only for the rows they draw.
    mutable int furthestShown_ = -1;
    mutable bool fetchQueued_ = false;
};

} // namespace lkmine::gui
