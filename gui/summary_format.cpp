// Display strings for mail summaries, shared by the results list and the thread tree.
#include "gui/summary_format.hpp"

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

QString shortDate(const MailSummary& m) {
    if (!m.date.valid) return {};
    QDateTime local =
        QDateTime::fromSecsSinceEpoch(m.date.epoch, QTimeZone(m.date.offset_minutes * 60));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString fromText(const Address& a) {
    if (!a.name.empty()) return labelText(a.name);
    return labelText(a.email);
}

static QVariant displayData(const MailSummary& m, int column) {
    switch (column) {
    case ColumnSubject:
        if (m.ghost) return QStringLiteral("(not in the index) <%1>").arg(qstr(m.message_id));
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
            lists << qstr(l);
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
        if (m.ghost) return QBrush(QColor(0x80, 0x80, 0x80));
        if (column == ColumnBadges) return QBrush(QColor(0x1b, 0x5e, 0x20));
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
