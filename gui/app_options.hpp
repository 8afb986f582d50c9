// The command line of lkmine-gui, parsed apart from main() so tests can check it.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

namespace lkmine::gui {

struct AppOptions {
    QString db;
    QString query;
    QString open;
    QString view = QStringLiteral("thread"); // thread | diff | commit | symptom
    QString screenshot;
    bool dark = false; // --dark: Fusion with a dark palette
    QSize size;        // --size WxH: the window's size (invalid: the screen's free area decides)
    QString error;     // non-empty: print it and exit 2
};

// $LKMINE_DB, else $XDG_DATA_HOME/lkmine, else ~/.local/share/lkmine (as the CLI).
QString defaultDbPath();
AppOptions parseArguments(const QStringList& arguments);

} // namespace lkmine::gui
