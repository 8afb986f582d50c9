// DiffHighlighter: a block state remembers whether we are inside a hunk, so "--- " in a hunk
// is a removed line and not a file header.
#include "gui/diff_highlighter.hpp"

#include "gui/colours.hpp"

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
    const Colours& k = colours();
    const QTextCharFormat added = lineFormat(k.added, k.addedBg);
    const QTextCharFormat removed = lineFormat(k.removed, k.removedBg);
    const QTextCharFormat hunk = lineFormat(k.hunk, k.hunkBg);
    const QTextCharFormat file = lineFormat(k.label, k.fileBg, true);
    const QTextCharFormat meta = lineFormat(k.dim, QColor());
    const QTextCharFormat banner = lineFormat(k.banner, QColor(), true);

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
