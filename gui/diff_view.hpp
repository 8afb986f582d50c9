// DiffView: every patch of a mail as a coloured unified diff, with the diffstat file list
// (files and their hunks) to jump through it.
#pragma once

#include "core/model/message.hpp"

#include <QWidget>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace lkmine::gui {

class DiffHighlighter;

class DiffView : public QWidget {
    Q_OBJECT
  public:
    explicit DiffView(QWidget* parent = nullptr);

    // `caption` says whose diff this is (it may be the parent's of the selected reply).
    void showPatches(const Message& message, const QString& caption);
    void showPlaceholder(const QString& text);
    QString messageId() const { return messageId_; }
    // The mail whose patches are shown (review comments quote its lines); empty for a placeholder.
    const Message& message() const { return message_; }
    QString caption() const;

    QTreeWidget* fileList() const { return files_; }
    QPlainTextEdit* textView() const { return text_; }
    int fileCount() const;
    // Line (block number) where file `file` (in file-list order) / its hunk `hunk` starts.
    int fileLine(int file) const;
    int hunkLine(int file, int hunk) const;
    void jumpToLine(int line);
    // Block number shown at the top of the text view.
    int topLine() const;

  private:
    struct FileAnchor {
        int line = 0;
        std::vector<int> hunks;
    };
    void addPatch(const Patch& patch, int index, int total, QStringList& lines);

    QLabel* caption_;
    QTreeWidget* files_;
    QPlainTextEdit* text_;
    DiffHighlighter* highlighter_;
    std::vector<FileAnchor> anchors_;
    QString messageId_;
    Message message_;
};

} // namespace lkmine::gui
