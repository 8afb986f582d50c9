// DiffView: every patch of a mail as a coloured unified diff, with the diffstat file list
// (files and their hunks) to jump through it.
#pragma once

#include "core/model/message.hpp"

#include <QWidget>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace lkmine::gui {

class DiffHighlighter;

class DiffView : public QWidget {
    Q_OBJECT
  public:
    explicit DiffView(QWidget* parent = nullptr);

    // Lines laid out at most, so a hostile 50 MB diff neither freezes the window nor eats GBs;
    // the rest is behind "Show all" or saved to a file.
    static constexpr int kDefaultLineCap = 20000;

    // `caption` says whose diff this is (it may be the parent's of the selected reply). Lines
    // past the cap are left out, with a bar saying so (the text shown is made safe: controls
    // and bidi overrides visible, never obeyed).
    void showPatches(const Message& message, const QString& caption);
    void setLineCap(int lines); // 0: no cap; applies from the next showPatches
    int lineCap() const { return cap_; }
    bool isTruncated() const { return truncated_; }
    // Diff lines of the shown mail's patches, all of them, laid out or not.
    qint64 totalLines() const { return totalLines_; }
    QWidget* truncationBar() const { return truncBar_; }
    QPushButton* showAllButton() const { return showAll_; }
    QPushButton* saveButton() const { return save_; }
    // Lays out the whole diff of the shown mail, past the cap (the user asked for it).
    void showAll();
    // Writes every patch of the shown mail, whole, to `path`.
    bool saveDiff(const QString& path, QString* error) const;
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
    void layOut();
    // Appends the patch's lines while `budget` lasts; false when it ran out.
    bool addPatch(const Patch& patch, int index, int total, QStringList& lines, qint64& budget);
    void saveInteractively();

    QLabel* caption_;
    QTreeWidget* files_;
    QPlainTextEdit* text_;
    DiffHighlighter* highlighter_;
    std::vector<FileAnchor> anchors_;
    QString messageId_;
    QString captionText_;
    Message message_;
    int cap_ = kDefaultLineCap;
    int shownCap_ = kDefaultLineCap; // the cap of the current layout (0 after Show all)
    bool truncated_ = false;
    qint64 totalLines_ = 0;
    QWidget* truncBar_;
    QLabel* truncText_;
    QPushButton* showAll_;
    QPushButton* save_;
};

} // namespace lkmine::gui
