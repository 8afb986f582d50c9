// The reviewer's queue view: build_queue() on a worker thread, one row per series revision.
#include "gui/queue_view.hpp"

#include "core/review/queue.hpp"

#include <QtConcurrent/QtConcurrent>

#include <QDateTime>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lkmine::gui {
namespace {

enum Column { ColPosted, ColRevision, ColTitle, ColAuthor, ColReviews, ColNote, ColCount };

struct Outcome {
    bool ok = false;
    QString error;
    QueueResult result;
};

Outcome run_queue(const std::string& dir, QueueOptions o) {
    Outcome out;
    auto store = StoreReader::open(dir);
    if (!store) {
        out.error = QString::fromStdString(store.error());
        return out;
    }
    auto state = ReviewStateDb::open(default_state_path(dir));
    if (!state) {
        out.error = QString::fromStdString(state.error());
        return out;
    }
    auto r = build_queue(*store, &*state, o);
    if (!r) {
        out.error = QString::fromStdString(r.error());
        return out;
    }
    out.ok = true;
    out.result = std::move(*r);
    return out;
}

QStringList words(const QString& s, const QString& sep) {
    return s.split(QRegularExpression(sep), Qt::SkipEmptyParts);
}

QTreeWidgetItem* item_of(const QueueRow& r) {
    auto* it = new QTreeWidgetItem;
    it->setText(
        ColPosted,
        QDateTime::fromSecsSinceEpoch(r.posted, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd")));
    it->setText(ColRevision, QStringLiteral("v%1 · %2").arg(r.revision).arg(r.patches));
    it->setText(ColTitle, QString::fromStdString(r.title));
    it->setText(ColAuthor,
                QString::fromStdString(r.author.name.empty() ? r.author.email : r.author.name));
    QStringList reviews;
    for (const auto& v : r.reviews)
        reviews << QStringLiteral("%1:%2 %3")
                       .arg(v.patch == 0 ? QStringLiteral("all") : QString::number(v.patch),
                            QString::fromStdString(v.kind), QString::fromStdString(v.by));
    it->setText(ColReviews, reviews.join(QStringLiteral(", ")));
    if (r.new_since_my_review)
        it->setText(ColNote, QObject::tr("new since my review of v%1").arg(r.my_last_reviewed));
    it->setData(ColTitle, Qt::UserRole, QString::fromStdString(r.head));
    return it;
}

} // namespace

QueueView::QueueView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("queueView"));
    me_ = new QLineEdit(qEnvironmentVariable("LKMINE_ME"), this);
    me_->setPlaceholderText(tr("my addresses, comma-separated"));
    areas_ = new QLineEdit(this);
    areas_->setPlaceholderText(tr("areas: io_uring/ include/linux/io_uring*"));
    days_ = new QSpinBox(this);
    days_->setRange(1, 3650);
    days_->setValue(30);
    days_->setSuffix(tr(" days"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(me_, 2);
    bar->addWidget(areas_, 3);
    bar->addWidget(days_);
    bar->addWidget(refreshButton);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(ColCount);
    tree_->setHeaderLabels(
        {tr("Posted"), tr("Rev · patches"), tr("Title"), tr("Author"), tr("Reviews"), tr("Note")});
    tree_->setRootIsDecorated(false);
    tree_->header()->resizeSection(ColTitle, 320);
    status_ = new QLabel(tr("Give my address and an area, then Refresh."), this);
    status_->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(tree_);
    layout->addWidget(status_);
    connect(refreshButton, &QPushButton::clicked, this, &QueueView::refresh);
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* it, int) {
        emit messageActivated(it->data(ColTitle, Qt::UserRole).toString());
    });
}

void QueueView::setIndexDir(const QString& dir) {
    dir_ = dir;
    if (!me_->text().isEmpty()) refresh();
}

void QueueView::setMe(const QString& me) {
    me_->setText(me);
}

void QueueView::setAreas(const QString& areas) {
    areas_->setText(areas);
}

void QueueView::setDays(int days) {
    days_->setValue(days);
}

void QueueView::refresh() {
    if (busy_ || dir_.isEmpty()) return;
    QueueOptions o;
    for (const auto& m : words(me_->text().toLower(), QStringLiteral("[,\\s]+")))
        o.me.push_back(m.toStdString());
    for (const auto& a : words(areas_->text(), QStringLiteral("\\s+")))
        o.areas.push_back(a.toStdString());
    o.days = days_->value();
    if (o.me.empty()) {
        status_->setText(tr("Give my address first."));
        return;
    }
    busy_ = true;
    status_->setText(tr("Reading the queue…"));
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        Outcome out = watcher->result();
        watcher->deleteLater();
        busy_ = false;
        tree_->clear();
        if (!out.ok) {
            status_->setText(out.error);
            emit refreshed(-1);
            return;
        }
        for (const auto& r : out.result.rows)
            tree_->addTopLevelItem(item_of(r));
        status_->setText(tr("%n series waiting for my review", nullptr,
                            static_cast<int>(out.result.rows.size())));
        emit refreshed(static_cast<int>(out.result.rows.size()));
    });
    watcher->setFuture(QtConcurrent::run(run_queue, dir_.toStdString(), o));
}

} // namespace lkmine::gui
