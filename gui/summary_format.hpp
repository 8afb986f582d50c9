// Turning core MailSummary values into the strings, dates and badges both item models show.
#pragma once

#include "core/base/safe_text.hpp"
#include "core/index/store.hpp"
#include "core/model/message.hpp"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace lkmine::gui {

inline QString qstr(const std::string& s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
// Mail text for a label: one line, bidi overrides and controls shown, not obeyed (a sender
// "evil" never reads "live", "exe.txt" never "txt.exe").
inline QString labelText(const std::string& s) {
    return qstr(safe_line(s));
}
inline std::string stdstr(const QString& s) {
    return s.toUtf8().toStdString();
}

// "PATCH v10 1/3", "RFC", "2 diffs", "ghost", and flags worth a glance.
QStringList badgesOf(const MailSummary& m);
QDateTime dateOf(const MailSummary& m);
// Dates are shown in UTC ("2022-07-18 02:27 UTC") unless the user chose local time (View menu,
// remembered): one zone for every mail, so a reply never looks older than its parent.
void setLocalTimes(bool local);
bool localTimes();
// "2022-07-18 02:27 UTC" (with `seconds`, "2022-07-18 02:27:40 UTC"), in the chosen zone.
QString formatDate(qint64 epoch, bool seconds = false);
// formatDate() of the mail's date; "" when it had none.
QString shortDate(const MailSummary& m);
QString fromText(const Address& a);
// The crash title a mail's "Symptom of this crash" button asks about, or "" (see the .cpp).
QString crashTitleOf(const Message& m);
// DisplayRole/ToolTipRole/our roles for a summary in `column`; invalid QVariant when not handled.
QVariant summaryData(const MailSummary& m, int column, int role);
// The header of `column` in both models; only the first column's title differs between them.
QVariant summaryHeader(int column, const QString& firstTitle);

} // namespace lkmine::gui
