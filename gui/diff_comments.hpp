// DiffComments: review comments anchored on lines selected in the diff view (`c` or the context
// menu), kept for the reply that quotes those lines.
#pragma once

#include "core/mail/reply.hpp"

#include <QObject>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

class QAction;

namespace lkmine::gui {

class DiffView;

class DiffComments : public QObject {
    Q_OBJECT
  public:
    explicit DiffComments(DiffView* view);

    // The patch lines shown in text-view blocks first..last, clipped to the patch the first
    // block belongs to; nothing when they hold no patch line (a banner, the blank line after).
    std::optional<DiffSpan> spanOfBlocks(int first, int last) const;
    // A comment after the lines selected in the diff view (the cursor's line without a
    // selection). False, with nothing added, when they hold no diff line or `text` is empty.
    bool commentOnSelection(const QString& text);
    // Asks for the text with `ask` (a dialog by default), then commentOnSelection.
    void commentInteractively();

    const std::vector<DiffComment>& comments() const { return comments_; }
    // Drops comment `index` (the reply composer's Delete); false when there is no such one.
    bool remove(std::size_t index);
    // The mail the comments are on, parsed; its id is empty while there are none.
    const Message& message() const { return message_; }
    QString messageId() const;
    void clear();
    QAction* commentAction() const { return action_; }

    // Returns the comment typed for the quoted lines, or an empty string to cancel.
    std::function<QString(const QString& quotedLines)> ask;

  signals:
    void changed();

  private:
    void highlight();
    void showMenu(const QPoint& pos);

    DiffView* view_;
    QAction* action_;
    Message message_;
    std::vector<DiffComment> comments_;
};

} // namespace lkmine::gui
