// ReportView: the revisions of a patch's series and the range-diff between two chosen ones.
#include "gui/colours.hpp"
#include "gui/long_lines.hpp"
#include "gui/report_view.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"
#include "gui/text_links.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTextCursor>

namespace lkmine::gui {

namespace {

QTextCharFormat statusFormat(char status) {
    switch (status) {
    case '<':
        return badFormat();
    case '>':
        return goodFormat();
    case '!': {
        QTextCharFormat f;
        f.setForeground(colours().warn);
        f.setBackground(colours().warnBg);
        f.setFontWeight(QFont::Bold);
        return f;
    }
    default:
        return dimFormat();
    }
}

QString revisionLabel(const SeriesRevision& r) {
    const int n = int(r.patches.size());
    return QStringLiteral("v%1  %2  (%3)")
        .arg(r.revision)
        .arg(qstr(r.head.date_text.substr(0, 10)))
        .arg(n == 1 ? QObject::tr("1 patch") : QObject::tr("%1 patches").arg(n));
}

} // namespace

void ReportView::buildRangeBar() {
    rangeBar_ = new QWidget(this);
    rangeBar_->setObjectName(QStringLiteral("rangeBar"));
    rangeBar_->setAutoFillBackground(true);
    rangeFrom_ = new QComboBox(rangeBar_);
    rangeFrom_->setObjectName(QStringLiteral("rangeFrom"));
    rangeTo_ = new QComboBox(rangeBar_);
    rangeTo_->setObjectName(QStringLiteral("rangeTo"));
    auto* layout = new QHBoxLayout(rangeBar_);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(new QLabel(tr("Range-diff from"), rangeBar_));
    layout->addWidget(rangeFrom_);
    layout->addWidget(new QLabel(tr("to"), rangeBar_));
    layout->addWidget(rangeTo_);
    layout->addStretch(1);
    for (QComboBox* box : {rangeFrom_, rangeTo_})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { requestRangeDiff(); });
    rangeBar_->hide();
}

// The bar sits above the text, in a viewport margin, while there are two revisions to compare.
void ReportView::placeRangeBar() {
    if (!rangeBar_) return;
    const bool shown = revisions_.size() >= 2 && seriesAt_ >= 0;
    const int h = shown ? rangeBar_->sizeHint().height() : 0;
    setViewportMargins(0, h, 0, 0);
    rangeBar_->setVisible(shown);
    if (shown) rangeBar_->setGeometry(frameWidth(), frameWidth(), width() - 2 * frameWidth(), h);
}

void ReportView::resizeEvent(QResizeEvent* event) {
    QTextBrowser::resizeEvent(event);
    placeRangeBar();
}

void ReportView::loadRevisions(StoreWorker* worker, const QString& msgid) {
    if (!worker || seriesAt_ < 0) return;
    worker_ = worker;
    const quint64 generation = seriesGeneration_;
    seriesNote_ = tr("reading the revisions of its series…");
    renderSeries();
    worker->series(msgid, this, [this, generation](const SeriesReply& r) {
        if (generation != seriesGeneration_) return;
        if (!r.ok) {
            seriesNote_ = r.error;
            renderSeries();
            return;
        }
        revisions_ = r.revisions;
        currentRevision_ = r.current;
        const int n = int(revisions_.size());
        const int to = currentRevision_ > 0 ? currentRevision_ : std::min(1, n - 1);
        {
            const QSignalBlocker b1(rangeFrom_), b2(rangeTo_);
            rangeFrom_->clear();
            rangeTo_->clear();
            for (const SeriesRevision& rev : revisions_) {
                rangeFrom_->addItem(revisionLabel(rev));
                rangeTo_->addItem(revisionLabel(rev));
            }
            rangeFrom_->setCurrentIndex(std::max(0, to - 1));
            rangeTo_->setCurrentIndex(to);
        }
        placeRangeBar();
        seriesNote_.clear();
        if (n >= 2)
            requestRangeDiff();
        else
            renderSeries();
    });
}

void ReportView::requestRangeDiff() {
    const int from = rangeFrom_->currentIndex(), to = rangeTo_->currentIndex();
    const int n = int(revisions_.size());
    if (!worker_ || from < 0 || to < 0 || from >= n || to >= n) return;
    rangeDiff_.reset();
    seriesNote_ =
        tr("comparing v%1 with v%2…").arg(revisions_[from].revision).arg(revisions_[to].revision);
    // A newer choice makes any range-diff still on its way stale.
    const quint64 generation = ++seriesGeneration_;
    renderSeries();
    worker_->rangeDiff(revisions_[from], revisions_[to], this,
                       [this, generation](const RangeDiffReply& r) {
                           if (generation != seriesGeneration_) return;
                           if (r.ok) {
                               rangeDiff_ = r.diff;
                               seriesNote_.clear();
                           } else {
                               seriesNote_ = r.error;
                           }
                           renderSeries();
                       });
}

void ReportView::renderSeries() {
    if (seriesAt_ < 0) return;
    const int scroll = verticalScrollBar()->value();
    QTextCursor c(document());
    c.setPosition(seriesAt_);
    c.setPosition(seriesAt_ + seriesLength_, QTextCursor::KeepAnchor);
    c.removeSelectedText();

    heading(c, tr("Revisions (%1)").arg(revisions_.size()));
    if (revisions_.empty())
        text(c, QStringLiteral("  ") + seriesNote_ + QLatin1Char('\n'), dimFormat());
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        const SeriesRevision& r = revisions_[i];
        const bool current = int(i) == currentRevision_;
        text(c, current ? QStringLiteral("  * ") : QStringLiteral("    "));
        text(c, revisionLabel(r) + QStringLiteral("  "));
        link(c, cutLongLine(qstr(r.head.subject)),
             hrefFor({0, 0, LinkSpan::MessageId, qstr(r.head.message_id)}));
        newline(c);
    }
    newline(c);
    if (revisions_.size() >= 2) {
        if (rangeDiff_) {
            const auto& d = *rangeDiff_;
            heading(c, tr("Range-diff v%1 → v%2").arg(d.from.revision).arg(d.to.revision));
            int same = 0, changed = 0, dropped = 0, added = 0;
            for (const auto& p : d.pairs)
                (p.status == '='   ? same
                 : p.status == '!' ? changed
                 : p.status == '<' ? dropped
                                   : added)++;
            text(c,
                 tr("  %1 same, %2 changed, %3 dropped, %4 new  (- v%5 only, + v%6 only)\n")
                     .arg(same)
                     .arg(changed)
                     .arg(dropped)
                     .arg(added)
                     .arg(d.from.revision)
                     .arg(d.to.revision),
                 dimFormat());
            for (const auto& p : d.pairs)
                rangeDiffPair(c, p);
        } else {
            heading(c, tr("Range-diff"));
            text(c, QStringLiteral("  ") + seriesNote_ + QLatin1Char('\n'), dimFormat());
        }
        newline(c);
    }
    seriesLength_ = c.position() - seriesAt_;
    verticalScrollBar()->setValue(scroll);
}

// "1: subject = 1: subject" as git range-diff prints it, each subject a link to its mail.
void ReportView::rangeDiffPair(QTextCursor& c, const RangeDiffPair& p) {
    const auto& d = *rangeDiff_;
    const int width = int(QString::number(int(std::max(d.a.size(), d.b.size()))).size());
    auto side = [&](const std::optional<std::size_t>& k, const std::vector<RangeDiffPatch>& ps,
                    const SeriesRevision& rev) {
        if (!k || *k >= ps.size() || *k >= rev.patches.size()) {
            text(c, QStringLiteral("%1:  -------").arg(QStringLiteral("-"), width), dimFormat());
            return;
        }
        text(c, QStringLiteral("%1:  ").arg(int(*k + 1), width));
        link(c, cutLongLine(qstr(ps[*k].subject)),
             hrefFor({0, 0, LinkSpan::MessageId, qstr(rev.patches[*k].message_id)}));
    };
    text(c, QStringLiteral("  "));
    side(p.a, d.a, d.from);
    text(c, QStringLiteral(" "));
    text(c, QString(QLatin1Char(p.status)), statusFormat(p.status));
    text(c, QStringLiteral(" "));
    side(p.b, d.b, d.to);
    newline(c);
    if (!p.interdiff.empty()) diffText(c, qstr(p.interdiff), QStringLiteral("      "));
}

} // namespace lkmine::gui
