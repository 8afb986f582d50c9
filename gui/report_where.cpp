// ReportView: the commit's where-trail (posted -> applied in a tree -> linux-next -> mainline
// release -> stable backports -> reverted), the same steps `lkmine commit` prints.
#include "gui/report_view.hpp"
#include "gui/summary_format.hpp"

#include <QTextCursor>
#include <algorithm>

namespace lkmine::gui {

namespace {

// A day as `lkmine commit` writes it ("2023-01-03"), in the zone the window shows.
QString dayText(const Date& d) {
    return d.valid ? formatDate(d.epoch).left(10) : QStringLiteral("(no date)");
}

QString labels(const WhereItIs& w, const std::string& kind) {
    QStringList out;
    for (const auto& r : w.refs)
        if (r.kind == kind) out << labelText(r.label);
    return out.join(QStringLiteral(", "));
}

// "stable 6.1   " as the CLI pads it.
QString step(const QString& name) {
    return QStringLiteral("  ") + name.leftJustified(12) + QLatin1Char(' ');
}

} // namespace

bool hasWhereTrail(const WhereItIs& w) {
    return !w.refs.empty() || !w.backports.empty() || !w.reverted_by.empty() || !w.upstream.empty();
}

void ReportView::whereTrail(QTextCursor& c, const WhereItIs& w,
                            const std::vector<LinkedMail>& mails) {
    heading(c, tr("Where it is now"));
    if (!mails.empty()) {
        text(c, step(tr("posted")));
        for (std::size_t i = 0; i < mails.size(); ++i) {
            const MailSummary& m = mails[i].mail;
            if (i) text(c, QStringLiteral(", "));
            text(c, QStringLiteral("v%1 %2 ")
                        .arg(std::max(1, m.subject_info.revision))
                        .arg(dayText(m.date)));
            mailLink(c, m.message_id);
        }
        newline(c);
    }
    if (const QString t = labels(w, "tree"); !t.isEmpty())
        text(c, step(tr("applied")) + tr("in %1, %2\n").arg(t, dayText(w.applied)));
    if (const QString n = labels(w, "next"); !n.isEmpty())
        text(c, step(QStringLiteral("linux-next")) + n +
                    (w.next_tag.empty() ? QString()
                                        : tr(" (first in %1)").arg(labelText(w.next_tag))) +
                    QLatin1Char('\n'));
    const QString mainline = labels(w, "mainline");
    if (!mainline.isEmpty())
        text(c,
             step(tr("mainline")) +
                 (w.release.empty()
                      ? tr("in %1, in no release yet").arg(mainline)
                      : tr("%1 (first in %2)").arg(labelText(w.release), labelText(w.first_tag))) +
                 QLatin1Char('\n'));
    for (const auto& r : w.refs)
        if (r.kind.starts_with("stable "))
            text(c, step(labelText(r.kind)) + tr("in %1").arg(labelText(r.label)) +
                        (mainline.isEmpty() && !w.first_tag.empty()
                             ? tr(" (first in %1)").arg(labelText(w.first_tag))
                             : QString()) +
                        QLatin1Char('\n'));
    if (!w.upstream.empty()) {
        text(c, step(tr("backport of")));
        shaLink(c, w.upstream);
        text(c, QStringLiteral(" (%1)\n").arg(labelText(w.upstream_how)), dimFormat());
    }
    for (const auto& b : w.backports) {
        text(c, step(QStringLiteral("stable ") + labelText(b.series)));
        shaLink(c, b.sha);
        text(c, (b.tag.empty() ? QString() : tr(" in %1").arg(labelText(b.tag))) +
                    QStringLiteral(", ") + dayText(b.date));
        text(c, QStringLiteral(" (%1)\n").arg(labelText(b.how)), dimFormat());
    }
    for (const CommitRecord& r : w.reverted_by) {
        text(c, step(tr("reverted by")), badFormat());
        shaLink(c, r.sha);
        text(c, QStringLiteral(" %1, %2\n").arg(labelText(r.subject), dayText(r.commit_date)));
    }
    newline(c);
}

} // namespace lkmine::gui
