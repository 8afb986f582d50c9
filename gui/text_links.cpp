// Link and quote detection on lines of mail text, for the message view's anchors and colours.
#include "gui/text_links.hpp"

#include "core/mail/segments.hpp"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QUrl>
#include <algorithm>

namespace lkmine::gui {

namespace {

bool overlaps(const QVector<LinkSpan>& spans, int start, int length) {
    for (const auto& s : spans)
        if (start < s.start + s.length && s.start < start + length) return true;
    return false;
}

// An address like <hughd@google.com> looks like an id; real ids carry digits in their local
// part (dates, counters, hashes), addresses rarely more than two.
bool looksLikeMessageId(const QString& id) {
    const int at = id.indexOf(QLatin1Char('@'));
    if (at <= 0) return false;
    int digits = 0;
    for (int i = 0; i < at; ++i)
        digits += id[i].isDigit();
    return digits >= 3 || (at >= 14 && digits > 0);
}

} // namespace

QVector<LinkSpan> findLinks(const QString& line) {
    static const QRegularExpression url(QStringLiteral(R"(https?://[^\s<>"'\]\)]+)"));
    static const QRegularExpression mid(QStringLiteral(R"(<([^<>\s@]+@[^<>\s@]+)>)"));
    static const QRegularExpression sha(QStringLiteral(R"(\b[0-9a-f]{12,40}\b)"));
    QVector<LinkSpan> spans;
    for (auto it = url.globalMatch(line); it.hasNext();) {
        auto m = it.next();
        QString text = m.captured(0);
        while (!text.isEmpty() && QStringLiteral(".,;:!?").contains(text.back()))
            text.chop(1);
        spans.push_back({int(m.capturedStart(0)), int(text.size()), LinkSpan::Url, text});
    }
    for (auto it = mid.globalMatch(line); it.hasNext();) {
        auto m = it.next();
        if (!looksLikeMessageId(m.captured(1))) continue;
        if (overlaps(spans, int(m.capturedStart(0)), int(m.capturedLength(0)))) continue;
        spans.push_back({int(m.capturedStart(0)), int(m.capturedLength(0)), LinkSpan::MessageId,
                         m.captured(1)});
    }
    for (auto it = sha.globalMatch(line); it.hasNext();) {
        auto m = it.next();
        const QString word = m.captured(0);
        bool letter = false;
        for (QChar c : word)
            letter |= c.isLetter();
        if (!letter || overlaps(spans, int(m.capturedStart(0)), int(word.size()))) continue;
        spans.push_back({int(m.capturedStart(0)), int(word.size()), LinkSpan::Sha, word});
    }
    std::sort(spans.begin(), spans.end(),
              [](const LinkSpan& a, const LinkSpan& b) { return a.start < b.start; });
    return spans;
}

int quoteDepth(const QString& line) {
    return quote_depth(line.toStdString()); // the rule the index uses (core/mail/segments)
}

QString hrefFor(const LinkSpan& span) {
    switch (span.kind) {
    case LinkSpan::Url:
        return span.target;
    case LinkSpan::MessageId:
        return QStringLiteral("mid:") + QString::fromLatin1(QUrl::toPercentEncoding(span.target));
    case LinkSpan::Sha:
        return QStringLiteral("sha:") + span.target;
    }
    return {};
}

bool parseHref(const QString& href, LinkSpan::Kind* kind, QString* target) {
    if (href.startsWith(QLatin1String("mid:"))) {
        *kind = LinkSpan::MessageId;
        *target = QUrl::fromPercentEncoding(href.mid(4).toLatin1());
        return true;
    }
    if (href.startsWith(QLatin1String("sha:"))) {
        *kind = LinkSpan::Sha;
        *target = href.mid(4);
        return true;
    }
    if (href.startsWith(QLatin1String("http://")) || href.startsWith(QLatin1String("https://"))) {
        *kind = LinkSpan::Url;
        *target = href;
        return true;
    }
    return false;
}

QStringList anchorHrefs(const QTextDocument& doc) {
    QStringList out;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isAnchor()) out << f.anchorHref();
        }
    return out;
}

} // namespace lkmine::gui
