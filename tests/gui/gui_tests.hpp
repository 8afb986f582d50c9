// The QtTest classes of gui_tests, run one after the other by gui_test_main.cpp.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace lkmine::gui::test {

// Python's email package: the decoded bytes of the first attachment of an .eml (the oracle).
QByteArray pythonAttachment(const QString& eml);

QObject* makeTextLinksTest();
QObject* makeThreadModelTest();
QObject* makeResultsModelTest();
QObject* makeMessageViewTest();
QObject* makeMainWindowTest();
QObject* makeReportsTest();
QObject* makeIndexDialogTest();
QObject* makeMailActionsTest();
QObject* makeKeyboardWalkTest();
QObject* makeReplyTest();
QObject* makeRobustnessTest();

} // namespace lkmine::gui::test
