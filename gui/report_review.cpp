// ReportView: "were my comments addressed?" (core/review/review_status.hpp), each comment of a
// review on vN with what became of its lines in v(N+1) and the author's answer, as
// `lkmine review-status` prints it.
#include "gui/colours.hpp"
#include "gui/report_view.hpp"
#include "gui/summary_format.hpp"

#include <QTextCursor>

namespace lkmine::gui {

namespace {

QString fateText(const std::string& status) {
    if (status == "changed") return QObject::tr("changed in the next revision");
    if (status == "unchanged") return QObject::tr("unchanged in the next revision");
    if (status == "dropped") return QObject::tr("hunk dropped in the next revision");
    if (status == "no-newer-revision") return QObject::tr("no newer revision yet");
    return labelText(status);
}

QString indented(const std::string& text, const QString& prefix) {
    QString out;
    for (const QString& l : qstr(safe_text(text)).split(QLatin1Char('\n')))
        out += prefix + l + QLatin1Char('\n');
    return out;
}

} // namespace

void ReportView::showReviewStatus(const ReviewStatus& s) {
    begin(QStringLiteral("review-status"), qstr(s.review_id));
    QTextCursor c(document());
    heading(c, tr("Review of v%1 patch %2: %3")
                   .arg(s.revision)
                   .arg(s.patch)
                   .arg(labelText(s.patch_subject)));
    text(c, tr("  by %1, review ").arg(labelText(s.reviewer.email)));
    mailLink(c, s.review_id);
    text(c, tr(", patch "));
    mailLink(c, s.patch_id);
    newline(c);
    if (s.next_revision) {
        text(c, tr("  next: v%1 ").arg(s.next_revision));
        mailLink(c, s.next_head);
        text(c, s.next_patch
                    ? tr(", patch %1 (range-diff %2)\n").arg(s.next_patch).arg(labelText(s.pairing))
                    : tr(", no patch paired with it (range-diff %1)\n").arg(labelText(s.pairing)));
    } else {
        text(c, tr("  next: no newer revision found\n"), dimFormat());
    }
    int changed = 0;
    for (const CommentFate& f : s.comments)
        changed += f.status == "changed" || f.status == "dropped" ? 1 : 0;
    text(c,
         tr("  %1 of %2 comments: lines changed or dropped since\n")
             .arg(changed)
             .arg(s.comments.size()),
         dimFormat());
    newline(c);
    for (const CommentFate& f : s.comments) {
        const CommentAnchor& a = f.comment.anchor;
        const QTextCharFormat mark = f.status == "unchanged"           ? badFormat()
                                     : f.status == "no-newer-revision" ? dimFormat()
                                                                       : goodFormat();
        text(c, QStringLiteral("[%1]").arg(labelText(f.status)), mark);
        text(c, QStringLiteral(" %1:%2  %3\n")
                    .arg(labelText(a.file))
                    .arg(a.new_line)
                    .arg(labelText(a.hunk_header)));
        text(c, QStringLiteral("  ") + fateText(f.status) + QLatin1Char('\n'), dimFormat());
        if (!a.lines.empty())
            diffText(c, indented(a.lines.back(), QString()), QStringLiteral("  > "));
        text(c, indented(f.comment.text, QStringLiteral("    ")));
        if (!f.reply.empty()) {
            text(c, tr("  author replied "), dimFormat());
            if (!f.reply_id.empty()) mailLink(c, f.reply_id);
            newline(c);
            text(c, indented(f.reply, QStringLiteral("    | ")));
        }
        newline(c);
    }
    text(c, tr("%n comment(s)\n", "", int(s.comments.size())), dimFormat());
    moveCursor(QTextCursor::Start);
}

} // namespace lkmine::gui
