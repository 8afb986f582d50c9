// The keymap table, mutt-like; MainWindow dispatches from it and Help > Keys prints it.
#include "gui/key_map.hpp"

#include <QObject>
#include <QStringList>

namespace lkmine::gui {

const std::vector<KeyBinding>& keyBindings() {
    static const std::vector<KeyBinding> table = {
        {QKeySequence(Qt::Key_Slash), Command::Search, QStringLiteral("/"),
         QObject::tr("search (from any pane)")},
        {QKeySequence(Qt::Key_Return), Command::Enter, QStringLiteral("Enter"),
         QObject::tr("run the query and go to the results; results → thread → mail")},
        {QKeySequence(Qt::Key_J), Command::Down, QStringLiteral("j  k"),
         QObject::tr("next / previous row; in a text pane, scroll a line")},
        {QKeySequence(Qt::Key_K), Command::Up, QString(), QString()},
        {QKeySequence(Qt::Key_G), Command::Top, QStringLiteral("g  G"),
         QObject::tr("first / last row, or top / bottom of a text pane")},
        {QKeySequence(Qt::SHIFT | Qt::Key_G), Command::Bottom, QString(), QString()},
        {QKeySequence(Qt::Key_N), Command::NextMail, QStringLiteral("n  p"),
         QObject::tr("next / previous mail of the thread")},
        {QKeySequence(Qt::Key_P), Command::PrevMail, QString(), QString()},
        {QKeySequence(Qt::Key_BracketRight), Command::NextHunk, QStringLiteral("]  ["),
         QObject::tr("next / previous hunk of the diff")},
        {QKeySequence(Qt::Key_BracketLeft), Command::PrevHunk, QString(), QString()},
        {QKeySequence(Qt::Key_Z), Command::FoldQuotes, QStringLiteral("z"),
         QObject::tr("fold / unfold the quoted text")},
        {QKeySequence(Qt::Key_1), Command::TabDiff, QStringLiteral("1  2  3"),
         QObject::tr("side tab: Diff, Symptom, Commit")},
        {QKeySequence(Qt::Key_2), Command::TabSymptom, QString(), QString()},
        {QKeySequence(Qt::Key_3), Command::TabCommit, QString(), QString()},
        // r and c are the reply window's shortcuts (reply_actions.cpp), listed here for Help.
        {QKeySequence(Qt::Key_R), Command::Reply, QStringLiteral("r"),
         QObject::tr("reply to all, the kernel way"), false},
        {QKeySequence(Qt::Key_C), Command::Comment, QStringLiteral("c"),
         QObject::tr("comment the lines selected in the diff (goes into the reply)"), false},
        {QKeySequence(Qt::Key_S), Command::Save, QStringLiteral("s"),
         QObject::tr("save the mail's attachments (or the mail) to the save folder")},
        {QKeySequence(Qt::Key_H), Command::FullHeaders, QStringLiteral("h"),
         QObject::tr("all headers on / off")},
        {QKeySequence(Qt::Key_O), Command::OpenOnLore, QStringLiteral("o"),
         QObject::tr("open the mail on lore.kernel.org in the browser")},
        {QKeySequence(Qt::Key_A), Command::ReviewStatus, QStringLiteral("a"),
         QObject::tr("on my review of a patch: were my comments addressed in the next revision?")},
        {QKeySequence(Qt::Key_Escape), Command::Back, QStringLiteral("Esc"),
         QObject::tr("back to the mail a link was followed from; else the pane before")},
        {QKeySequence(Qt::Key_F5), Command::Reload, QStringLiteral("F5"),
         QObject::tr("read the thread again")},
        {QKeySequence(Qt::Key_Question), Command::Help, QStringLiteral("?"),
         QObject::tr("this list of keys")},
        {QKeySequence(Qt::CTRL | Qt::Key_F), Command::FindInMail, QStringLiteral("Ctrl+F"),
         QObject::tr("find in the mail (Enter: next, Esc: close)"), false},
        {QKeySequence(Qt::CTRL | Qt::Key_U), Command::RawSource, QStringLiteral("Ctrl+U"),
         QObject::tr("raw source of the mail on / off"), false},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), Command::CopyMessageId,
         QStringLiteral("Ctrl+Shift+C"), QObject::tr("copy the Message-ID"), false},
    };
    return table;
}

bool commandForKey(int key, Qt::KeyboardModifiers modifiers, Command* command) {
    modifiers &= ~Qt::KeypadModifier;
    // Shift is part of the character for G and ?: compare the key with Shift kept.
    const bool shift = modifiers & Qt::ShiftModifier;
    if (modifiers & ~Qt::ShiftModifier) return false;
    if (key == Qt::Key_Enter) key = Qt::Key_Return;
    for (const KeyBinding& b : keyBindings()) {
        if (!b.plain) continue;
        const QKeyCombination k = b.key[0];
        const bool wantShift = k.keyboardModifiers() & Qt::ShiftModifier;
        const bool letter = key >= Qt::Key_A && key <= Qt::Key_Z;
        if (k.key() == key && (!letter || wantShift == shift)) {
            *command = b.command;
            return true;
        }
    }
    return false;
}

QStringList keyHelpRows() {
    QStringList rows;
    for (const KeyBinding& b : keyBindings())
        if (!b.keys.isEmpty()) rows << b.keys + QLatin1Char('\t') + b.description;
    return rows;
}

} // namespace lkmine::gui
