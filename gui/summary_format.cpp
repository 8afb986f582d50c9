// Display strings for mail summaries, shared by the results list and the thread tree.
#include "gui/summary_format.hpp"

#include "core/syzbot/console_output.hpp"
#include "gui/colours.hpp"
#include "gui/item_roles.hpp"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QObject>
#include <QTimeZone>

namespace lkmine::gui {

QStringList badgesOf(const MailSummary& m) {
    QStringList out;
    if (m.ghost) return {QStringLiteral("missing")};
    const SubjectInfo& s = m.subject_info;
    if (s.is_patch && !s.is_reply) {
        QStringList words;
        for (const auto& p : s.prefixes)
            words << qstr(p);
        if (s.revision > 1) words << QStringLiteral("v%1").arg(s.revision);
        if (s.total > 0) words << QStringLiteral("%1/%2").arg(s.index).arg(s.total);
        out << words.join(QLatin1Char(' '));
    }
    if (m.patches == 1) out << QStringLiteral("diff");
    if (m.patches > 1) out << QStringLiteral("%1 diffs").arg(m.patches);
    for (const auto& f : m.flags) {
        // Only flags a reader acts on; "patch" and "reply" are already visible above.
        if (f == "recovered" || f == "duplicate-differs" || f == "no-message-id") out << qstr(f);
    }
    return out;
}

QDateTime dateOf(const MailSummary& m) {
    if (!m.date.valid) return {};
    return QDateTime::fromSecsSinceEpoch(m.date.epoch, Qt::UTC);
}

namespace {
bool gLocalTimes = false;
}

void setLocalTimes(bool local) {
    gLocalTimes = local;
}

bool localTimes() {
    return gLocalTimes;
}

QString formatDate(qint64 epoch, bool seconds) {
    const QString pattern =
        seconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm");
    if (!gLocalTimes)
        return QDateTime::fromSecsSinceEpoch(epoch, QTimeZone::utc()).toString(pattern) +
               QStringLiteral(" UTC");
    const QDateTime local = QDateTime::fromSecsSinceEpoch(epoch).toLocalTime();
    return local.toString(pattern) + QLatin1Char(' ') + local.timeZoneAbbreviation();
}

QString shortDate(const MailSummary& m) {
    if (!m.date.valid) return {};
    return formatDate(m.date.epoch);
}

// The crash a mail shows: a syzbot report's title, or a crash title found in real console
// output the mail carries (quoted or not). A crash only named in prose ("my test crashed on
// kernel BUG at ...") is not offered: its symptom report would be a guess.
QString crashTitleOf(const Message& m) {
    const SyzbotFacts& syz = m.syzbot;
    if (!syz.title.empty()) return qstr(syz.title);
    if (syz.symptoms.empty() || !has_console_output(m.body_text)) return {};
    return qstr(syz.symptoms.front());
}

QString fromText(const Address& a) {
    if (!a.name.empty()) return labelText(a.name);
    return labelText(a.email);
}

static QVariant displayData(const MailSummary& m, int column) {
    switch (column) {
    case ColumnSubject:
        if (m.ghost) return QStringLiteral("(not in the index) <%1>").arg(labelText(m.message_id));
        return m.subject.empty() ? QStringLiteral("(no subject)") : labelText(m.subject);
    case ColumnBadges:
        return badgesOf(m).join(QStringLiteral(" · "));
    case ColumnFrom:
        return fromText(m.from);
    case ColumnDate:
        return shortDate(m);
    case ColumnList: {
        QStringList lists;
        for (const auto& l : m.lists)
            lists << labelText(l); // a List-Id is mail text: no raw controls
        return lists.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant summaryData(const MailSummary& m, int column, int role) {
    switch (role) {
    case Qt::DisplayRole:
        return displayData(m, column);
    case Qt::ToolTipRole:
        if (column == ColumnFrom) return labelText(m.from.email);
        if (column == ColumnDate) return labelText(m.date_text);
        return displayData(m, column);
    case Qt::ForegroundRole:
        if (m.ghost) return QBrush(colours().dim);
        if (column == ColumnBadges) return QBrush(colours().badge);
        return {};
    case Qt::FontRole:
        if (m.ghost) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case RoleMessageId:
        return qstr(m.message_id);
    case RoleSubject:
        return qstr(m.subject);
    case RoleFromName:
        return qstr(m.from.name);
    case RoleFromEmail:
        return qstr(m.from.email);
    case RoleDate:
        return dateOf(m);
    case RoleDateText:
        return qstr(m.date_text);
    case RoleLists: {
        QStringList lists;
        for (const auto& l : m.lists)
            lists << qstr(l);
        return lists;
    }
    case RoleBadges:
        return badgesOf(m);
    case RolePatchCount:
        return m.patches;
    case RoleIsGhost:
        return m.ghost;
    case RoleIsReply:
        return m.subject_info.is_reply;
    case RoleThreadId:
        return qstr(m.thread_id);
    default:
        return {};
    }
}

QVariant summaryHeader(int column, const QString& firstTitle) {
    switch (column) {
    case ColumnSubject:
        return firstTitle;
    case ColumnBadges:
        return QObject::tr("Badges");
    case ColumnFrom:
        return QObject::tr("From");
    case ColumnDate:
        return QObject::tr("Date");
    case ColumnList:
        return QObject::tr("List");
    default:
        return {};
    }
}

} // namespace lkmine::gui
