// Every colour lkmine-gui draws text in, derived from the palette so light and dark desktops
// both read well (each checked against its background for a minimum contrast).
#pragma once

#include <QColor>
#include <QPalette>

namespace lkmine::gui {

struct Colours {
    QColor base, text;         // the palette's Base and Text
    QColor dim, label, link;   // secondary text, header names, anchors
    QColor quote[4];           // quote levels 1..4 (then again)
    QColor added, removed;     // diff lines (foreground)
    QColor addedBg, removedBg; // their tinted backgrounds
    QColor hunk, hunkBg, fileBg, banner;
    QColor good, goodBg, bad, badBg, warn, warnBg;
    QColor badge; // the badges column
};

// The colours for `palette` (its Base and Text decide light or dark).
Colours coloursFor(const QPalette& palette);
// The application palette's colours, recomputed when that palette changes.
const Colours& colours();

// WCAG 2 contrast ratio of two colours (1 .. 21).
double contrastRatio(const QColor& a, const QColor& b);
// `hue`/`saturation` at the lightness nearest the background's opposite that reaches `ratio`
// against `background`.
QColor readableOn(const QColor& background, double hue, double saturation, double ratio = 4.5);

} // namespace lkmine::gui
