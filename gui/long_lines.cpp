// Overlong lines cut for display (see long_lines.hpp).
#include "gui/long_lines.hpp"

#include <algorithm>

namespace lkmine::gui {

namespace {

QString cutNote(qsizetype length) {
    return QStringLiteral(" \u2026 [line cut for display: %1 characters]").arg(length);
}

} // namespace

QString cutLongLine(const QString& line) {
    if (line.size() <= kMaxDisplayLineChars) return line;
    return line.left(kMaxDisplayLineChars) + cutNote(line.size());
}

QString cutLongLines(const QString& text) {
    if (text.size() <= kMaxDisplayLineChars) return text;
    QString out;
    out.reserve(std::min(text.size(), 4 * kMaxDisplayLineChars) + 64);
    qsizetype start = 0;
    for (;;) {
        qsizetype nl = text.indexOf(QLatin1Char('\n'), start);
        if (nl < 0) nl = text.size();
        const qsizetype len = nl - start;
        out += QStringView(text).mid(start, std::min(len, kMaxDisplayLineChars));
        if (len > kMaxDisplayLineChars) out += cutNote(len);
        if (nl >= text.size()) break;
        out += QLatin1Char('\n');
        start = nl + 1;
    }
    return out;
}

} // namespace lkmine::gui
