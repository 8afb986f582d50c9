// What in a line of mail text is a link (URL, Message-ID, commit sha) and how deep it is quoted.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

class QTextDocument;

namespace lkmine::gui {

struct LinkSpan {
    enum Kind { Url, MessageId, Sha };
    int start = 0;
    int length = 0;
    Kind kind = Url;
    QString target; // URL, id without <>, or sha
};

// Links in one line, in order, never overlapping: URLs first, then <message-ids>, then
// 12-40 digit hex words with a letter in them (kernel convention for commit ids).
QVector<LinkSpan> findLinks(const QString& line);

// "> > foo" is 2; "|" and other markers are not quotes.
int quoteDepth(const QString& line);

// The href the message view stores for a link, and back.
QString hrefFor(const LinkSpan& span);
bool parseHref(const QString& href, LinkSpan::Kind* kind, QString* target);

// Every anchor href of a rendered document, in order (what the views' links point at).
QStringList anchorHrefs(const QTextDocument& doc);

} // namespace lkmine::gui
