// lkmine-gui: the desktop app's entry point; --screenshot renders once the loads have settled.
#include "gui/app_options.hpp"
#include "gui/main_window.hpp"

#include <QApplication>
#include <QDesktopServices>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

using lkmine::gui::MainWindow;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("lkmine"));
    QApplication::setApplicationName(QStringLiteral("lkmine-gui"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    const auto opts = lkmine::gui::parseArguments(QApplication::arguments());
    if (!opts.error.isEmpty()) {
        std::fprintf(stderr, "lkmine-gui: %s\n", qPrintable(opts.error));
        return 2;
    }
    const bool shot = !opts.screenshot.isEmpty();
    MainWindow window;
    window.setPersistent(!shot);
    QObject::connect(&window, &MainWindow::externalUrlRequested, &window,
                     [](const QUrl& url) { QDesktopServices::openUrl(url); });
    if (opts.view == QLatin1String("commit") || opts.view == QLatin1String("symptom"))
        std::fprintf(stderr,
                     "lkmine-gui: the %s view comes with a later version; showing the thread\n",
                     qPrintable(opts.view));
    window.openIndex(opts.db);
    if (!opts.open.isEmpty()) window.openMessage(opts.open);
    if (!opts.query.isEmpty()) window.runQuery(opts.query);
    window.show();
    window.setView(opts.view == QLatin1String("diff") ? MainWindow::View::Diff
                                                      : MainWindow::View::Thread);
    if (!shot) return app.exec();

    int status = 0;
    bool saved = false;
    const auto save = [&] {
        if (saved) return;
        saved = true;
        if (!window.grab().save(opts.screenshot)) {
            std::fprintf(stderr, "lkmine-gui: cannot write %s\n", qPrintable(opts.screenshot));
            status = 1;
        }
        app.quit();
    };
    // Settled means every store call and its follow-ups ran; a short delay lets layouts finish.
    QObject::connect(&window, &MainWindow::settled, &app,
                     [&] { QTimer::singleShot(150, &app, save); });
    QTimer::singleShot(30000, &app, [&] {
        std::fprintf(stderr, "lkmine-gui: still loading after 30 s; saving what is shown\n");
        save();
    });
    app.exec();
    return status;
}
