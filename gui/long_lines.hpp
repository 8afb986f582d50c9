// Overlong lines cut for display, in every view that lays out mail or diff text.
#pragma once

#include <QString>

namespace lkmine::gui {

// Qt lays out a line with no break opportunity in quadratic time (a hostile 4 MB line kept the
// window busy for minutes): lines longer than this are cut for display, saying so. What is
// saved to a file (raw source, diff, reply) keeps them whole.
inline constexpr qsizetype kMaxDisplayLineChars = 10000;

// `line` (one line, no '\n') as shown: itself, or its first kMaxDisplayLineChars characters and
// " … [line cut for display: N characters]".
QString cutLongLine(const QString& line);
// Every line of `text` through cutLongLine; the line count never changes.
QString cutLongLines(const QString& text);

} // namespace lkmine::gui
