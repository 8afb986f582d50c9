// ReportView::showSymptom: bugs, bisections as a good/bad timeline, culprit and fix threads.
#include "gui/report_view.hpp"
#include "gui/summary_format.hpp"

#include <QTextCursor>

namespace lkmine::gui {

void ReportView::showSymptom(const SymptomReport& r) {
    begin(QStringLiteral("symptom"), qstr(r.query));
    QTextCursor c(document());
    heading(c, tr("symptom \"%1\"").arg(qstr(r.query)));
    if (r.normalized != r.query)
        text(c, tr("normalised: %1\n").arg(qstr(r.normalized)), dimFormat());
    newline(c);

    heading(c, tr("Bugs (%1)").arg(r.bugs.size()));
    if (r.bugs.empty()) text(c, tr("  no syzbot bug with this title\n"), dimFormat());
    for (const SymptomBug& b : r.bugs) {
        text(c, QStringLiteral("  ") + qstr(b.extid) + QStringLiteral("  "));
        text(c, qstr(b.title) + QLatin1Char('\n'), QTextCharFormat(badFormat()));
        text(c, QStringLiteral("    "));
        text(c, qstr(b.status), b.status == "fixed" ? goodFormat() : badFormat());
        text(c, tr(", %n report(s)", "", b.reports) +
                    tr(", first %1, last %2, %n mail(s)\n", "", b.mails)
                        .arg(qstr(b.first_seen.substr(0, 10)), qstr(b.last_seen.substr(0, 10))));
        if (!b.report_message_id.empty()) {
            text(c, tr("    report "));
            mailLink(c, b.report_message_id);
            newline(c);
        }
        for (const BugFix& f : b.fixes) {
            text(c, tr("    fix (%1): ").arg(qstr(f.method)), dimFormat());
            text(c, qstr(f.title) + QStringLiteral("  "), goodFormat());
            if (!f.message_id.empty()) mailLink(c, f.message_id);
            newline(c);
        }
    }
    newline(c);

    heading(c, tr("Bisections (%1)").arg(r.bisections.size()));
    for (const SymptomBisection& b : r.bisections)
        symptomBisection(c, b);
    newline(c);

    heading(c, tr("Patch threads of culprits and fixes (%1)").arg(r.patches.size()));
    for (const SymptomThread& t : r.patches)
        symptomThread(c, t);
    newline(c);

    heading(c, tr("Discussions (%1)").arg(r.discussions.size()));
    for (const SymptomThread& t : r.discussions)
        symptomThread(c, t);
    moveCursor(QTextCursor::Start);
}

void ReportView::symptomBisection(QTextCursor& c, const SymptomBisection& b) {
    text(c, tr("  %1 bisection%2 -> culprit ")
                .arg(qstr(b.kind), b.extid.empty() ? QString() : tr(" of ") + qstr(b.extid)));
    if (b.culprit.sha.empty())
        text(c, tr("none"), badFormat());
    else
        shaLink(c, b.culprit.sha);
    text(c, QStringLiteral(" ") + qstr(b.culprit.subject) + QLatin1Char('\n'),
         QTextCharFormat(badFormat()));
    if (!b.culprit.author.empty())
        text(c, tr("    by %1, %2\n").arg(qstr(b.culprit.author), qstr(b.culprit.date)),
             dimFormat());
    if (b.inconclusive) text(c, tr("    inconclusive\n"), badFormat());
    for (const std::string& s : b.sources)
        text(c, tr("    from %1\n").arg(qstr(s)), dimFormat());
    if (b.tested.empty())
        text(c, tr("    (only the result mail is indexed: no tested commits)\n"), dimFormat());
    else
        text(c, tr("    timeline, %1 commits tested, %2 revisions:\n")
                    .arg(b.tested.size())
                    .arg(b.revisions_tested));
    // One row per tested commit in the log's order: verdict, commit, label, what crashed.
    for (const SymptomTested& t : b.tested) {
        const bool good = t.verdict == "good";
        text(c, QStringLiteral("    "));
        text(c, QStringLiteral(" %1 ").arg(qstr(t.verdict), -5), good ? goodFormat() : badFormat());
        text(c, QStringLiteral(" "));
        shaLink(c, t.commit);
        text(c, QStringLiteral(" %1").arg(t.label.empty() ? QString() : qstr(t.label), -8));
        if (!t.all_runs.empty())
            text(c, QStringLiteral(" all runs: %1").arg(qstr(t.all_runs)), dimFormat());
        else if (t.runs > 0)
            text(c, QStringLiteral(" %1/%2 crashed").arg(t.crashed).arg(t.runs), dimFormat());
        newline(c);
        if (t.titles.empty() && good) text(c, tr("          no crash\n"), dimFormat());
        for (const std::string& title : t.titles)
            text(c, QStringLiteral("          ") + qstr(title) + QLatin1Char('\n'));
    }
    for (const std::string& w : b.warnings)
        text(c, tr("    warning: ") + qstr(w) + QLatin1Char('\n'), badFormat());
    for (const std::string& n : b.notes)
        text(c, tr("    note: ") + qstr(n) + QLatin1Char('\n'), dimFormat());
}

void ReportView::symptomThread(QTextCursor& c, const SymptomThread& t) {
    text(c, QStringLiteral("  %1 %2  ").arg(qstr(t.role), -10).arg(qstr(t.date.substr(0, 10))),
         t.role == "culprit" ? badFormat()
         : t.role == "fix"   ? goodFormat()
                             : QTextCharFormat());
    text(c, qstr(t.subject) + QLatin1Char('\n'));
    const auto& ids =
        t.message_ids.empty() ? std::vector<std::string>{t.message_id} : t.message_ids;
    for (const std::string& id : ids) {
        if (id.empty()) continue;
        text(c, QStringLiteral("             "));
        mailLink(c, id);
        newline(c);
    }
    text(c,
         tr("             %1 of the thread's %2 mails; found by %3\n")
             .arg(ids.size())
             .arg(t.thread_size)
             .arg(qstr(t.method)),
         dimFormat());
}

} // namespace lkmine::gui
