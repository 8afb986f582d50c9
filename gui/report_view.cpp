// ReportView: shared text helpers and the commit report (the symptom one is in symptom_view.cpp).
#include "gui/report_view.hpp"

#include "gui/colours.hpp"
#include "gui/long_lines.hpp"
#include "gui/summary_format.hpp"
#include "gui/text_links.hpp"

#include <QColor>
#include <QDateTime>
#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

namespace lkmine::gui {

bool hasWhereTrail(const WhereItIs& w); // report_where.cpp

namespace {

QTextCharFormat coloured(const QColor& fg, const QColor& bg = {}, bool bold = false) {
    QTextCharFormat f;
    f.setForeground(fg);
    if (bg.isValid()) f.setBackground(bg);
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
}

QString dateText(const Date& d) {
    if (!d.valid) return QStringLiteral("(no date)");
    return formatDate(d.epoch);
}

QString person(const Address& a) {
    if (a.email.empty()) return qstr(a.name);
    return a.name.empty() ? qstr(a.email)
                          : QStringLiteral("%1 <%2>").arg(qstr(a.name), qstr(a.email));
}

} // namespace

QTextCharFormat goodFormat() {
    return coloured(colours().good, colours().goodBg, true);
}
QTextCharFormat badFormat() {
    return coloured(colours().bad, colours().badBg, true);
}
QTextCharFormat dimFormat() {
    return coloured(colours().dim);
}

ReportView::ReportView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    // Long range-diff and commit lines wrap: nothing is clipped at the right edge.
    setLineWrapMode(QTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document()->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(this, &QTextBrowser::anchorClicked, this,
            [this](const QUrl& url) { activateHref(url.toString(QUrl::FullyEncoded)); });
    buildRangeBar();
}

void ReportView::showPlaceholder(const QString& t) {
    begin(QString(), QString());
    setPlainText(t);
}

void ReportView::begin(const QString& kind, const QString& subject) {
    kind_ = kind;
    subject_ = subject;
    clear();
    revisions_.clear();
    currentRevision_ = -1;
    rangeDiff_.reset();
    seriesAt_ = -1;
    seriesLength_ = 0;
    ++seriesGeneration_;
    placeRangeBar();
}

void ReportView::heading(QTextCursor& c, const QString& t) {
    text(c, t + QLatin1Char('\n'), coloured(colours().label, colours().fileBg, true));
}

void ReportView::text(QTextCursor& c, const QString& t, const QTextCharFormat& f) {
    c.insertText(t, f);
}

void ReportView::link(QTextCursor& c, const QString& label, const QString& href) {
    QTextCharFormat f;
    f.setAnchor(true);
    f.setAnchorHref(href);
    f.setForeground(colours().link);
    f.setFontUnderline(true);
    c.insertText(label, f);
}

void ReportView::mailLink(QTextCursor& c, const std::string& msgid) {
    const QString id = qstr(msgid);
    link(c, QLatin1Char('<') + id + QLatin1Char('>'), hrefFor({0, 0, LinkSpan::MessageId, id}));
}

void ReportView::shaLink(QTextCursor& c, const std::string& sha, int length) {
    const QString s = qstr(sha);
    link(c, s.left(length), hrefFor({0, 0, LinkSpan::Sha, s}));
}

void ReportView::diffText(QTextCursor& c, const QString& diff, const QString& indent) {
    const Colours& k = colours();
    const QTextCharFormat add = coloured(k.added, k.addedBg);
    const QTextCharFormat del = coloured(k.removed, k.removedBg);
    const QTextCharFormat hunk = coloured(k.hunk, k.hunkBg);
    QStringList lines = diff.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
    for (const QString& line : lines) {
        // An interdiff's first column says posted (-) or merged (+); lines are diff lines.
        const QTextCharFormat f = line.startsWith(QLatin1String("@@")) ? hunk
                                  : line.startsWith(QLatin1Char('+'))  ? add
                                  : line.startsWith(QLatin1Char('-'))  ? del
                                                                       : QTextCharFormat();
        text(c, indent + cutLongLine(line) + QLatin1Char('\n'), f);
    }
}

QStringList ReportView::hrefs() const {
    return anchorHrefs(*document());
}

void ReportView::activateHref(const QString& href) {
    LinkSpan::Kind kind;
    QString target;
    if (!parseHref(href, &kind, &target)) return;
    if (kind == LinkSpan::MessageId) emit messageIdActivated(target);
    if (kind == LinkSpan::Sha) emit commitActivated(target);
}

void ReportView::linkedMail(QTextCursor& c, const LinkedMail& m) {
    text(c, QStringLiteral("  ") + shortDate(m.mail) + QStringLiteral("  "));
    mailLink(c, m.mail.message_id);
    text(c, QStringLiteral("  [%1 %2]\n").arg(qstr(m.method)).arg(m.score, 0, 'f', 2), dimFormat());
    text(c, QStringLiteral("      ") + qstr(m.mail.subject) + QLatin1Char('\n'));
}

void ReportView::showPatch(const PatchReport& r, const std::vector<MailSummary>& samePatch,
                           const QString& patchId) {
    begin(QStringLiteral("patch"), qstr(r.mail.message_id));
    QTextCursor c(document());
    heading(c, tr("patch ") + qstr(r.mail.subject));
    text(c, QStringLiteral("  "));
    mailLink(c, r.mail.message_id);
    text(c, QStringLiteral("  %1, %2\n").arg(person(r.mail.from), dateText(r.mail.date)));
    text(c,
         !r.git_indexed ? tr("  merge status unknown (no git tree indexed)\n")
         : r.days_unmerged >= 0
             ? tr("  not merged as any indexed commit (%n day(s) since posted)\n", "",
                  int(r.days_unmerged))
             : tr("  not merged as any indexed commit\n"),
         dimFormat());
    newline(c);
    if (!samePatch.empty()) {
        heading(c, tr("Same patch (patch-id %1) also in").arg(patchId.left(12)));
        for (const MailSummary& m : samePatch) {
            text(c,
                 QStringLiteral("  %1  ").arg(m.date.valid ? formatDate(m.date.epoch) : QString()));
            link(c, labelText(m.subject), hrefFor({0, 0, LinkSpan::MessageId, qstr(m.message_id)}));
            text(c, QStringLiteral("  (%1)\n").arg(fromText(m.from)), dimFormat());
        }
        newline(c);
    }
    seriesAt_ = c.position();
    moveCursor(QTextCursor::Start);
}

void ReportView::showCommit(const CommitReport& r) {
    const CommitRecord& k = r.commit;
    begin(QStringLiteral("commit"), qstr(k.sha));
    QTextCursor c(document());
    heading(c, QStringLiteral("commit ") + qstr(k.sha));
    text(c, qstr(k.subject) + QLatin1Char('\n'),
         QTextCharFormat(coloured(colours().text, {}, true)));
    text(c, QStringLiteral("Author:  %1, %2\n").arg(person(k.author), dateText(k.author_date)));
    text(c, QStringLiteral("Commit:  %1, %2\n").arg(person(k.committer), dateText(k.commit_date)));
    text(c, QStringLiteral("Release: %1\n\n")
                .arg(r.release.empty() ? QStringLiteral("(in no release tag)") : qstr(r.release)));

    heading(c, tr("Posted as (%1)").arg(r.mails.size()));
    if (r.mails.empty()) text(c, tr("  no mail of the index is linked to it\n"), dimFormat());
    for (const LinkedMail& m : r.mails)
        linkedMail(c, m);
    newline(c);
    if (hasWhereTrail(r.where)) whereTrail(c, r.where, r.mails);

    heading(c, tr("Posted vs merged"));
    if (r.interdiff_msgid.empty()) {
        text(c, tr("  no posted patch to compare\n"), dimFormat());
    } else if (r.interdiff.empty()) {
        text(c, QStringLiteral("  "));
        mailLink(c, r.interdiff_msgid);
        text(c, tr(": identical changes\n"), goodFormat());
    } else {
        text(c, QStringLiteral("  "));
        mailLink(c, r.interdiff_msgid);
        text(c, tr(": differs (- posted, + merged)\n"), badFormat());
        diffText(c, qstr(r.interdiff));
    }
    newline(c);
    seriesAt_ = c.position(); // the revisions of its series go here once loaded

    heading(c, tr("Fixed by (%1)").arg(r.fixed_by.size()));
    if (r.fixed_by.empty()) text(c, tr("  no later commit names it in Fixes:\n"), dimFormat());
    for (std::size_t i = 0; i < r.fixed_by.size(); ++i) {
        const CommitRecord& f = r.fixed_by[i];
        text(c, QStringLiteral("  "));
        shaLink(c, f.sha);
        text(c, QStringLiteral(" ") + qstr(f.subject));
        text(c, QStringLiteral("  (%1, %2)\n").arg(person(f.author), dateText(f.author_date)),
             dimFormat());
        if (i < r.fixed_by_mails.size())
            for (const LinkedMail& m : r.fixed_by_mails[i]) {
                text(c, QStringLiteral("      posted as "));
                mailLink(c, m.mail.message_id);
                text(c, QStringLiteral(" [%1 %2]\n").arg(qstr(m.method)).arg(m.score, 0, 'f', 2),
                     dimFormat());
            }
    }
    if (!r.fixes.empty() || !r.fixes_unindexed.empty()) {
        newline(c);
        heading(c, tr("Fixes"));
        for (const CommitRecord& f : r.fixes) {
            text(c, QStringLiteral("  "));
            shaLink(c, f.sha);
            text(c, QStringLiteral(" ") + qstr(f.subject) + QLatin1Char('\n'));
        }
        for (const std::string& s : r.fixes_unindexed)
            text(c, QStringLiteral("  %1 (not in the index)\n").arg(qstr(s)), dimFormat());
    }
    if (!r.bisections.empty()) {
        newline(c);
        heading(c, tr("Blamed by syzbot"));
        for (const auto& b : r.bisections)
            text(c,
                 QStringLiteral("  %1 bisection %2 %3\n")
                     .arg(qstr(b.kind),
                          b.extid.empty() ? QString() : QStringLiteral("of ") + qstr(b.extid),
                          qstr(b.source)),
                 badFormat());
    }
    if (!r.mentions.empty()) {
        newline(c);
        heading(c, tr("Mentioned in (%1)").arg(r.mentions.size()));
        for (const LinkedMail& m : r.mentions)
            linkedMail(c, m);
    }
    for (const std::string& n : r.notes)
        text(c, QStringLiteral("note: ") + qstr(n) + QLatin1Char('\n'), dimFormat());
    if (!k.message.empty()) {
        newline(c);
        heading(c, tr("Message"));
        for (const QString& line : qstr(k.message).split(QLatin1Char('\n')))
            text(c, QStringLiteral("  ") + line + QLatin1Char('\n'));
    }
    moveCursor(QTextCursor::Start);
}

} // namespace lkmine::gui
