// ReplyActions: the main window's Reply action (`r`) and the diff view's review comments (`c`),
// installed by MainWindow with one line so the reply code stays in its own files.
#pragma once

#include <QDialog>
#include <QObject>
#include <QPointer>

class QAction;

namespace lkmine::gui {

class DiffComments;
class MainWindow;
class ReplyDialog;

class ReplyActions : public QObject {
    Q_OBJECT
  public:
    explicit ReplyActions(MainWindow* window);

    QAction* replyAction() const { return reply_; }
    DiffComments* comments() const { return comments_; }
    // Opens the reply editor (non-modal) for the shown mail, with the review comments made on
    // its diff; with comments on another mail's diff, the reply goes to that mail. Null when
    // no mail is shown.
    ReplyDialog* openReply();
    ReplyDialog* dialog() const; // the open one, or null

  private:
    MainWindow* window_;
    QAction* reply_;
    DiffComments* comments_;
    QPointer<QDialog> dialog_;
};

} // namespace lkmine::gui
