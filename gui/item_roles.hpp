// Every item role the lkmine-gui models expose, in one place, so views read roles and never parse
// mail.
#pragma once

#include <Qt>

namespace lkmine::gui {

enum ItemRole {
    RoleMessageId = Qt::UserRole + 1, // QString, without <>
    RoleSubject,                      // QString, as sent
    RoleFromName,                     // QString
    RoleFromEmail,                    // QString
    RoleDate,                         // QDateTime (UTC), invalid when the mail had no usable date
    RoleDateText,                     // QString, ISO 8601 with the sender's offset
    RoleLists,                        // QStringList of List-Ids
    RoleBadges,     // QStringList: "PATCH v10 1/3", "RFC", "2 diffs", "ghost", flags
    RolePatchCount, // int: diffs found in the mail
    RoleIsGhost,    // bool: referenced but not in the index
    RoleIsReply,    // bool
    RoleThreadId,   // QString
    RoleDepth,      // int: depth in the thread tree
};

// Columns shared by the results and thread models.
enum Column { ColumnSubject = 0, ColumnBadges, ColumnFrom, ColumnDate, ColumnList, ColumnCount };

} // namespace lkmine::gui
