// Colours computed from the palette: hues fixed, lightness chosen against the background.
#include "gui/colours.hpp"

#include <QGuiApplication>
#include <cmath>

namespace lkmine::gui {
namespace {

double channel(double c) {
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

bool isDark(const QColor& base) {
    return luminance(base) < 0.18;
}

// `base` moved a little towards `hue` (a tinted line background), staying light or dark.
QColor tint(const QColor& base, double hue, double amount) {
    const QColor h = QColor::fromHslF(float(hue), 0.8f, isDark(base) ? 0.35f : 0.6f);
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + h.redF() * amount),
                            float(base.greenF() * (1 - amount) + h.greenF() * amount),
                            float(base.blueF() * (1 - amount) + h.blueF() * amount));
}

// The hues of the light design: blue, green, purple, amber, red.
constexpr double kBlue = 0.59, kGreen = 0.37, kPurple = 0.78, kAmber = 0.09, kRed = 0.98;

} // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

QColor readableOn(const QColor& background, double hue, double saturation, double ratio) {
    const bool dark = isDark(background);
    // Walk from a mid lightness towards white (dark background) or black (light background).
    for (int step = 0; step <= 50; ++step) {
        const double l = dark ? 0.55 + step * 0.009 : 0.42 - step * 0.0084;
        QColor c = QColor::fromHslF(float(hue), float(saturation), float(l));
        if (contrastRatio(c, background) >= ratio) return c;
    }
    return dark ? QColor(Qt::white) : QColor(Qt::black);
}

Colours coloursFor(const QPalette& p) {
    Colours c;
    c.base = p.color(QPalette::Base);
    c.text = p.color(QPalette::Text);
    if (contrastRatio(c.text, c.base) < 4.5) c.text = isDark(c.base) ? Qt::white : Qt::black;
    c.dim = readableOn(c.base, 0.58, 0.08, 4.5);
    c.label = readableOn(c.base, 0.6, 0.05, 7.0);
    const QColor link = p.color(QPalette::Link);
    c.link = contrastRatio(link, c.base) >= 4.5 ? link : readableOn(c.base, kBlue, 0.9);
    const double quoteHues[4] = {kBlue, kGreen, kPurple, kAmber};
    for (int i = 0; i < 4; ++i)
        c.quote[i] = readableOn(c.base, quoteHues[i], 0.65);
    c.addedBg = tint(c.base, kGreen, 0.12);
    c.removedBg = tint(c.base, kRed, 0.12);
    c.hunkBg = tint(c.base, kBlue, 0.12);
    c.fileBg = tint(c.base, 0.6, 0.08);
    c.added = readableOn(c.addedBg, kGreen, 0.75);
    c.removed = readableOn(c.removedBg, kRed, 0.75);
    c.hunk = readableOn(c.hunkBg, kBlue, 0.85);
    c.banner = readableOn(c.base, kPurple, 0.5);
    c.goodBg = c.addedBg;
    c.badBg = c.removedBg;
    c.good = c.added;
    c.bad = c.removed;
    c.warnBg = tint(c.base, 0.14, 0.25);
    c.warn = readableOn(c.warnBg, kAmber, 0.9);
    c.badge = readableOn(c.base, kGreen, 0.6);
    return c;
}

const Colours& colours() {
    static Colours cached;
    static QRgb base = 0, text = 0;
    static bool ready = false;
    const QPalette p = QGuiApplication::palette();
    if (!ready || p.color(QPalette::Base).rgb() != base || p.color(QPalette::Text).rgb() != text) {
        cached = coloursFor(p);
        base = p.color(QPalette::Base).rgb();
        text = p.color(QPalette::Text).rgb();
        ready = true;
    }
    return cached;
}

} // namespace lkmine::gui
