// gui_tests: one executable running every QtTest class offscreen, with a throw-away QSettings.
#include "gui_tests.hpp"

#include <QtTest/QTest>

#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cstdlib>
#include <memory>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir config; // settings written by the window must not touch the user's
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("lkmine-tests"));
    QApplication::setApplicationName(QStringLiteral("gui_tests"));
    QStandardPaths::setTestModeEnabled(true);
    using namespace lkmine::gui::test;
    int failed = 0;
    for (auto make :
         {makeTextLinksTest, makeThreadModelTest, makeResultsModelTest, makeMessageViewTest,
          makeMainWindowTest, makeReportsTest, makeIndexDialogTest, makeReplyTest,
          makeMailActionsTest, makeKeyboardWalkTest, makeRobustnessTest}) {
        std::unique_ptr<QObject> t(make());
        // LKMINE_GUI_TEST=MainWindow runs only the classes whose name contains it.
        const QByteArray only = qgetenv("LKMINE_GUI_TEST");
        if (!only.isEmpty() && !QByteArray(t->metaObject()->className()).contains(only)) continue;
        failed += QTest::qExec(t.get(), argc, argv);
    }
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
