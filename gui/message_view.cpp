// MessageView: builds the mail's document with cursors and formats (never HTML).
#include "gui/message_view.hpp"

#include "gui/colours.hpp"
#include "gui/long_lines.hpp"
#include "gui/summary_format.hpp"
#include "gui/text_links.hpp"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>

namespace lkmine::gui {

namespace {

constexpr qsizetype kMaxBodyChars = 2 * 1024 * 1024; // a 50 MB body would freeze the layout

QTextCharFormat plain() {
    return QTextCharFormat();
}

QTextCharFormat coloured(const QColor& c, bool bold = false) {
    QTextCharFormat f;
    f.setForeground(c);
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
}

QTextCharFormat anchor(const QString& href, QTextCharFormat base) {
    base.setAnchor(true);
    base.setAnchorHref(href);
    base.setForeground(colours().link);
    base.setFontUnderline(true);
    return base;
}

QString addressList(const std::vector<Address>& list) {
    QStringList out;
    for (const auto& a : list)
        out << (a.name.empty()
                    ? labelText(a.email)
                    : QStringLiteral("%1 <%2>").arg(labelText(a.name), labelText(a.email)));
    return out.join(QStringLiteral(", "));
}

void insertWithLinks(QTextCursor& c, const QString& text, const QTextCharFormat& base) {
    int pos = 0;
    for (const LinkSpan& s : findLinks(text)) {
        c.insertText(text.mid(pos, s.start - pos), base);
        c.insertText(text.mid(s.start, s.length), anchor(hrefFor(s), base));
        pos = s.start + s.length;
    }
    c.insertText(text.mid(pos), base);
}

} // namespace

MessageView::MessageView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    // Headers (a long Cc) and prose wrap at the pane's edge; nothing is clipped.
    setLineWrapMode(QTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setObjectName(QStringLiteral("messageView"));
    document()->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(this, &QTextBrowser::anchorClicked, this,
            [this](const QUrl& url) { activateHref(url.toString(QUrl::FullyEncoded)); });
}

void MessageView::showMessage(const Message& message, const StoredMail& stored,
                              const std::vector<MailAttachment>& attachments) {
    message_ = message;
    stored_ = stored;
    attachments_ = attachments;
    messageId_ = qstr(message.message_id.empty() ? stored.summary.message_id : message.message_id);
    QString body = qstr(safe_text(message.body_text)); // bidi and controls shown, not obeyed
    truncated_ = body.size() > kMaxBodyChars;
    if (truncated_) body.truncate(kMaxBodyChars);
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    bodyLines_ = cutLongLines(body).split(QLatin1Char('\n'));
    runs_.clear();
    for (int i = 0; i < bodyLines_.size(); ++i) {
        if (quoteDepth(bodyLines_[i]) == 0) continue;
        if (!runs_.empty() && runs_.back().firstLine + runs_.back().lines == i) {
            ++runs_.back().lines;
        } else {
            runs_.push_back({i, 1, false});
        }
    }
    for (auto& r : runs_)
        r.folded = r.lines >= kFoldAtLines;
    render();
    verticalScrollBar()->setValue(0);
}

void MessageView::showPlaceholder(const QString& text) {
    message_ = {};
    stored_ = {};
    attachments_.clear();
    messageId_.clear();
    bodyLines_.clear();
    runs_.clear();
    document()->clear();
    QTextCursor c(document());
    c.insertText(text, coloured(colours().dim));
}

void MessageView::setMode(Mode mode) {
    if (mode_ == mode) return;
    mode_ = mode;
    if (!messageId_.isEmpty() || !stored_.raw.empty()) {
        render();
        verticalScrollBar()->setValue(0);
    }
}

void MessageView::toggleAllQuotes() {
    bool anyOpen = false;
    for (const auto& r : runs_)
        anyOpen = anyOpen || (r.lines >= 4 && !r.folded);
    for (auto& r : runs_)
        if (r.lines >= 4) r.folded = anyOpen;
    const int scroll = verticalScrollBar()->value();
    render();
    verticalScrollBar()->setValue(scroll);
}

int MessageView::quoteRunLines(int run) const {
    return run >= 0 && run < int(runs_.size()) ? runs_[std::size_t(run)].lines : 0;
}

bool MessageView::isQuoteRunFolded(int run) const {
    return run >= 0 && run < int(runs_.size()) && runs_[std::size_t(run)].folded;
}

void MessageView::setQuoteRunFolded(int run, bool folded) {
    if (run < 0 || run >= int(runs_.size())) return;
    runs_[std::size_t(run)].folded = folded;
    const int scroll = verticalScrollBar()->value();
    render();
    verticalScrollBar()->setValue(scroll);
}

void MessageView::render() {
    document()->clear();
    QTextCursor c(document());
    c.beginEditBlock();
    if (mode_ == Mode::Raw) {
        QString raw = qstr(safe_text(stored_.raw));
        if (raw.size() > kMaxBodyChars) raw.truncate(kMaxBodyChars);
        raw.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        c.insertText(cutLongLines(raw), plain());
    } else {
        if (mode_ == Mode::FullHeaders)
            renderFullHeaders(c);
        else
            renderHeaders(c);
        renderBody(c);
        renderAttachments(c);
    }
    c.endEditBlock();
}

void MessageView::renderHeaders(QTextCursor& c) {
    const QTextCharFormat label = coloured(colours().label, true);
    auto header = [&](const QString& name, const QString& value) {
        if (value.isEmpty()) return;
        c.insertText(name + QStringLiteral(": "), label);
        insertWithLinks(c, cutLongLines(value), plain());
        c.insertBlock();
    };
    auto idHeader = [&](const QString& name, const std::vector<std::string>& ids) {
        if (ids.empty()) return;
        c.insertText(name + QStringLiteral(": "), label);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i) c.insertText(QStringLiteral(" "), plain());
            LinkSpan s{0, 0, LinkSpan::MessageId, qstr(ids[i])};
            c.insertText(QLatin1Char('<') + s.target + QLatin1Char('>'),
                         anchor(hrefFor(s), plain()));
        }
        c.insertBlock();
    };
    header(QStringLiteral("From"), addressList({message_.from}));
    header(QStringLiteral("To"), addressList(message_.to));
    header(QStringLiteral("Cc"), addressList(message_.cc));
    if (message_.date.valid)
        header(QStringLiteral("Date"),
               QStringLiteral("%1  (sent %2)")
                   .arg(formatDate(message_.date.epoch, true), labelText(message_.date_text)));
    c.insertText(QStringLiteral("Subject: "), label);
    c.insertText(cutLongLines(labelText(message_.subject)), coloured(colours().text, true));
    c.insertBlock();
    idHeader(QStringLiteral("Message-ID"), {message_.message_id});
    if (!message_.in_reply_to.empty())
        idHeader(QStringLiteral("In-Reply-To"), {message_.in_reply_to});
    QStringList lists;
    for (const auto& l : message_.list_ids)
        lists << labelText(l); // mail text: controls shown, not obeyed
    header(QStringLiteral("List-Id"), lists.join(QStringLiteral(", ")));
    for (std::size_t i = 0; i < message_.attachments.size(); ++i) {
        const auto& a = message_.attachments[i];
        c.insertText(QStringLiteral("Attachment: "), label);
        c.insertText(QStringLiteral("%1 (%2, %3 bytes)  ")
                         .arg(labelText(a.filename), labelText(a.content_type))
                         .arg(a.size),
                     plain());
        if (i < attachments_.size()) {
            c.insertText(tr("[save]"), anchor(QStringLiteral("att-save:%1").arg(i), plain()));
            c.insertText(QStringLiteral(" "), plain());
            c.insertText(tr("[open]"), anchor(QStringLiteral("att-open:%1").arg(i), plain()));
        }
        c.insertBlock();
    }
    if (!message_.patches.empty())
        header(QStringLiteral("Diffs"),
               QStringLiteral("%1 (see the diff view)").arg(message_.patches.size()));
    if (!stored_.other_copies.empty())
        header(QStringLiteral("Copies"), QString::number(stored_.other_copies.size() + 1));
    c.insertBlock();
}

void MessageView::renderFullHeaders(QTextCursor& c) {
    const QTextCharFormat label = coloured(colours().label, true);
    for (const Header& h : message_.headers) {
        c.insertText(labelText(h.name) + QStringLiteral(": "), label);
        insertWithLinks(c, cutLongLines(qstr(safe_text(h.value))), plain());
        c.insertBlock();
    }
    c.insertBlock();
}

// Text attachments after the body, each under a rule naming it: an attached patch reads as
// `git format-patch` wrote it (Subject, changelog, trailers, diffstat, then the diff).
void MessageView::renderAttachments(QTextCursor& c) {
    const QTextCharFormat rule = coloured(colours().label, true);
    for (std::size_t i = 0; i < attachments_.size(); ++i) {
        const MailAttachment& a = attachments_[i];
        if (!a.is_text) continue;
        c.insertBlock();
        c.insertBlock();
        c.insertText(QStringLiteral("──── Attachment %1: %2 (%3) ────")
                         .arg(i + 1)
                         .arg(labelText(a.filename), labelText(a.content_type)),
                     rule);
        c.insertBlock();
        QString text = qstr(safe_text(a.text));
        if (text.size() > kMaxBodyChars) text.truncate(kMaxBodyChars);
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        const QStringList lines = text.split(QLatin1Char('\n'));
        bool inDiff = false;
        for (int k = 0; k < lines.size(); ++k) {
            const QString& line = lines[k];
            if (line.startsWith(QLatin1String("diff --git ")))
                inDiff = true;
            else if (line == QLatin1String("-- "))
                inDiff = false;
            insertLine(c, line, inDiff);
            if (k + 1 < lines.size()) c.insertBlock();
        }
    }
}

void MessageView::renderBody(QTextCursor& c) {
    const QTextCharFormat foldFormat = coloured(colours().dim);
    bool inDiff = false;
    std::size_t run = 0;
    for (int i = 0; i < bodyLines_.size(); ++i) {
        const QString& line = bodyLines_[i];
        while (run < runs_.size() && runs_[run].firstLine + runs_[run].lines <= i)
            ++run;
        if (run < runs_.size() && runs_[run].firstLine == i && runs_[run].lines >= 4) {
            const QuoteRun& r = runs_[run];
            const QString href = QStringLiteral("fold:%1").arg(run);
            const QString text = r.folded ? tr("▸ %1 quoted lines (show)").arg(r.lines)
                                          : tr("▾ %1 quoted lines (hide)").arg(r.lines);
            c.insertText(text, anchor(href, foldFormat));
            c.insertBlock();
            if (r.folded) {
                i += r.lines - 1;
                continue;
            }
        }
        if (line.startsWith(QLatin1String("diff --git ")) ||
            (line.startsWith(QLatin1String("--- ")) && i + 1 < bodyLines_.size() &&
             bodyLines_[i + 1].startsWith(QLatin1String("+++ "))))
            inDiff = true;
        else if (line == QLatin1String("-- ") || line.startsWith(QLatin1String("base-commit:")))
            inDiff = false;
        insertLine(c, line, inDiff);
        if (i + 1 < bodyLines_.size()) c.insertBlock();
    }
    if (truncated_) {
        c.insertBlock();
        c.insertText(tr("[body cut at %1 characters for display]").arg(kMaxBodyChars), foldFormat);
    }
}

void MessageView::insertLine(QTextCursor& c, const QString& line, bool inDiff) {
    const int depth = quoteDepth(line);
    QTextCharFormat base;
    if (depth > 0) {
        base = coloured(colours().quote[(depth - 1) % 4]);
    } else if (inDiff) {
        if (line.startsWith(QLatin1Char('+')) && !line.startsWith(QLatin1String("+++")))
            base = coloured(colours().added);
        else if (line.startsWith(QLatin1Char('-')) && !line.startsWith(QLatin1String("---")))
            base = coloured(colours().removed);
        else if (line.startsWith(QLatin1String("@@")))
            base = coloured(colours().hunk);
    }
    insertWithLinks(c, line, base);
}

QStringList MessageView::hrefs() const {
    return anchorHrefs(*document());
}

int MessageView::anchorPosition(const QString& href) const {
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().anchorHref() == href) return it.fragment().position();
    return -1;
}

void MessageView::activateHref(const QString& href) {
    if (href.startsWith(QLatin1String("att-save:")) ||
        href.startsWith(QLatin1String("att-open:"))) {
        emit attachmentActivated(href.mid(9).toInt(), href.startsWith(QLatin1String("att-open:")));
        return;
    }
    if (href.startsWith(QLatin1String("fold:"))) {
        const int run = href.mid(5).toInt();
        setQuoteRunFolded(run, !isQuoteRunFolded(run));
        return;
    }
    LinkSpan::Kind kind;
    QString target;
    if (!parseHref(href, &kind, &target)) return;
    switch (kind) {
    case LinkSpan::MessageId:
        emit messageIdActivated(target);
        break;
    case LinkSpan::Sha:
        emit commitActivated(target);
        break;
    case LinkSpan::Url:
        emit urlActivated(QUrl(target));
        break;
    }
}

} // namespace lkmine::gui
