// The QtTest classes of gui_tests, run one after the other by gui_test_main.cpp.
#pragma once

#include <QObject>

namespace lkmine::gui::test {

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
