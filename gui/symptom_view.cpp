// ReportView::showSymptom: bugs, bisections as a good/bad timeline, culprit and fix threads.
#include "gui/report_view.hpp"
#include "gui/summary_format.hpp"

#include <QTextCursor>
#include <algorithm>

namespace lkmine::gui {

namespace {

// The runs of a tested commit in the log's own words: "run #0: OK", "10 runs: crashed", or
// "runs: 8 crashed, 2 OK" (never "0/1 crashed" for a clean step).
QString runWords(const SymptomTested& t) {
    if (!t.all_runs.empty()) return QStringLiteral("all runs: %1").arg(qstr(t.all_runs));
    if (t.results.empty())
        return t.runs > 0 ? QStringLiteral("%1/%2 runs crashed").arg(t.crashed).arg(t.runs)
                          : QString();
    if (t.results.size() == 1) return QStringLiteral("run #0: %1").arg(qstr(t.results.front()));
    std::vector<std::pair<std::string, int>> counts; // in the order the log first says them
    for (const std::string& r : t.results) {
        auto it = std::find_if(counts.begin(), counts.end(), [&](auto& c) { return c.first == r; });
        if (it == counts.end())
            counts.emplace_back(r, 1);
        else
            ++it->second;
    }
    if (counts.size() == 1)
        return QStringLiteral("%1 runs: %2").arg(t.results.size()).arg(qstr(counts.front().first));
    QStringList parts;
    for (const auto& [result, n] : counts)
        parts << QStringLiteral("%1 %2").arg(n).arg(qstr(result));
    return QStringLiteral("runs: ") + parts.join(QStringLiteral(", "));
}

} // namespace

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
        const QString runs = runWords(t);
        if (!runs.isEmpty()) text(c, QLatin1Char(' ') + runs, dimFormat());
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
