// DiffHighlighter: a block state remembers whether we are inside a hunk, so "--- " in a hunk
// is a removed line and not a file header.
#include "gui/diff_highlighter.hpp"

#include <QColor>
#include <QTextCharFormat>

namespace lkmine::gui {

namespace {

enum State { Header = 0, InHunk = 1 };

QTextCharFormat lineFormat(const QColor& fg, const QColor& bg, bool bold = false) {
    QTextCharFormat f;
    f.setForeground(fg);
    if (bg.isValid()) f.setBackground(bg);
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
}

} // namespace

DiffHighlighter::DiffHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

void DiffHighlighter::highlightBlock(const QString& text) {
    static const QTextCharFormat added =
        lineFormat(QColor(0x11, 0x63, 0x29), QColor(0xe6, 0xff, 0xec));
    static const QTextCharFormat removed =
        lineFormat(QColor(0x82, 0x07, 0x1e), QColor(0xff, 0xeb, 0xe9));
    static const QTextCharFormat hunk =
        lineFormat(QColor(0x05, 0x50, 0xae), QColor(0xdd, 0xf4, 0xff));
    static const QTextCharFormat file =
        lineFormat(QColor(0x1f, 0x23, 0x28), QColor(0xea, 0xee, 0xf2), true);
    static const QTextCharFormat meta = lineFormat(QColor(0x57, 0x60, 0x6a), QColor());
    static const QTextCharFormat banner = lineFormat(QColor(0x6f, 0x42, 0xc1), QColor(), true);

    int state = previousBlockState() == InHunk ? InHunk : Header;
    const int n = int(text.size());
    if (text.startsWith(patchBanner())) {
        setFormat(0, n, banner);
        state = Header;
    } else if (text.startsWith(QLatin1String("diff "))) {
        setFormat(0, n, file);
        state = Header;
    } else if (text.startsWith(QLatin1String("@@"))) {
        setFormat(0, n, hunk);
        state = InHunk;
    } else if (state == Header) {
        if (text.startsWith(QLatin1String("--- ")) || text.startsWith(QLatin1String("+++ ")))
            setFormat(0, n, file);
        else
            setFormat(0, n, meta);
    } else if (text.startsWith(QLatin1Char('+'))) {
        setFormat(0, n, added);
    } else if (text.startsWith(QLatin1Char('-'))) {
        setFormat(0, n, removed);
    } else if (text.startsWith(QLatin1Char('\\'))) {
        setFormat(0, n, meta);
    } else if (!text.startsWith(QLatin1Char(' ')) && !text.isEmpty()) {
        state = Header; // "--- a/..." of a plain diff's next file, or prose after the diff
        setFormat(0, n, meta);
    }
    setCurrentBlockState(state);
}

} // namespace lkmine::gui
