// The keymap: one table of keys, what they do, and how Help > Keys lists them.
#pragma once

#include <QKeySequence>
#include <QString>
#include <vector>

namespace lkmine::gui {

enum class Command {
    FocusResults, // Enter in the query bar
    Search,       // '/'
    Down,
    Up, // j / k: next row, or a line in a text pane
    Top,
    Bottom, // g / G
    NextMail,
    PrevMail, // n / p
    NextHunk,
    PrevHunk, // ] / [
    FoldQuotes,
    TabDiff,
    TabSymptom,
    TabCommit,
    Enter,
    Back,
    Reload,
    FindInMail,
    Save,
    Reply,
    Comment,
    FullHeaders,
    RawSource,
    OpenOnLore,
    CopyMessageId,
    ReviewStatus, // a: were the comments of this review addressed in the next revision?
    Help,
};

struct KeyBinding {
    QKeySequence key; // plain letters carry no modifier; shifted ones (G) name the shifted key
    Command command;
    QString keys;        // as Help > Keys shows them
    QString description; // what they do
    bool plain = true;   // handled by MainWindow's key filter (else a window shortcut)
};

const std::vector<KeyBinding>& keyBindings();
// The command a plain key press (no Ctrl/Alt) triggers, or false.
bool commandForKey(int key, Qt::KeyboardModifiers modifiers, Command* command);
// The table as rows of "keys<TAB>description" for Help > Keys.
QStringList keyHelpRows();

} // namespace lkmine::gui
