// ColumnFitter: the lists' columns sized to content (see column_fit.hpp).
#include "gui/column_fit.hpp"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>
#include <algorithm>

namespace lkmine::gui {

ColumnFitter::ColumnFitter(QTreeView* view) : QObject(view), view_(view) {
    view->header()->setStretchLastSection(false);
    view->header()->setTextElideMode(Qt::ElideRight);
    view->viewport()->installEventFilter(this);
    connect(view->header(), &QHeaderView::sectionResized, this, [this] {
        if (!fitting_ && view_->isVisible() && view_->header()->underMouse()) userSized_ = true;
    });
    auto* model = view->model();
    connect(model, &QAbstractItemModel::modelReset, this, &ColumnFitter::fitLater);
    connect(model, &QAbstractItemModel::layoutChanged, this, &ColumnFitter::fitLater);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ColumnFitter::fitLater);
    connect(model, &QAbstractItemModel::dataChanged, this, &ColumnFitter::fitLater);
    connect(view, &QTreeView::expanded, this, &ColumnFitter::fitLater);
}

bool ColumnFitter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show) fitLater();
    return QObject::eventFilter(watched, event);
}

void ColumnFitter::fitLater() {
    if (queued_ || userSized_) return;
    queued_ = true;
    QTimer::singleShot(0, this, [this] {
        queued_ = false;
        fit();
    });
}

void ColumnFitter::setMinimumWidth(int column, int width) {
    minimum_[column] = width;
    fitLater();
}

void ColumnFitter::fit() {
    if (userSized_) return;
    fitting_ = true;
    QHeaderView* h = view_->header();
    const int columns = h->count();
    int others = 0, second = 0;
    for (int c = 1; c < columns; ++c) {
        if (view_->isColumnHidden(c)) continue;
        // QTreeView's own override is protected: called as the public QAbstractItemView one.
        const int width =
            std::max({static_cast<const QAbstractItemView*>(view_)->sizeHintForColumn(c),
                      h->sectionSizeHint(c), minimum_.value(c, 0)});
        h->resizeSection(c, width);
        others += width;
        if (second == 0) second = width;
    }
    const int room = view_->viewport()->width();
    h->resizeSection(0, std::max({room - others, room - second, room / 4}));
    fitting_ = false;
}

} // namespace lkmine::gui
