// DiffHighlighter: unified-diff colours for a plain-text document (added, removed, hunk, header).
#pragma once

#include <QSyntaxHighlighter>

namespace lkmine::gui {

class DiffHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
  public:
    explicit DiffHighlighter(QTextDocument* document);

    // The line starting each patch in the diff view, so it can be told from diff text.
    static QString patchBanner() { return QStringLiteral("━━ "); }

  protected:
    void highlightBlock(const QString& text) override;
};

} // namespace lkmine::gui
