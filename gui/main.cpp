// lkmine-gui: the desktop app's entry point; --screenshot renders once the loads have settled.
#include "gui/app_options.hpp"
#include "gui/main_window.hpp"

#include <QApplication>
#include <QDesktopServices>
#include <QPalette>
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
    QPalette darkPalette;
    if (opts.dark) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette p;
        const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xa8));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        QApplication::setPalette(p);
        darkPalette = p;
    }
    MainWindow window;
    window.setPersistent(!shot);
    QObject::connect(&window, &MainWindow::externalUrlRequested, &window,
                     [](const QUrl& url) { QDesktopServices::openUrl(url); });
    const bool symptom = opts.view == QLatin1String("symptom");
    const bool commit = opts.view == QLatin1String("commit");
    window.openIndex(opts.db);
    // --view commit --open SHA names a commit, not a mail; a Message-ID shows both.
    if (!opts.open.isEmpty() && !(commit && !opts.open.contains(QLatin1Char('@'))))
        window.openMessage(opts.open);
    // --view symptom --query TEXT: the text is a crash title, not a search.
    if (!opts.query.isEmpty()) {
        if (symptom)
            window.showSymptom(opts.query);
        else
            window.runQuery(opts.query);
    } else {
        window.showNewest(); // never empty lists: the newest threads, as a mail reader opens
    }
    if (commit && !opts.open.isEmpty()) window.showCommit(opts.open);
    if (opts.size.isValid()) window.setFixedWindowSize(opts.size);
    window.show();
    // The platform theme may set its palette when the first window shows (X: at once, offscreen:
    // through a posted theme event): ours wins, before any mail is rendered with its colours.
    if (opts.dark) {
        QCoreApplication::processEvents();
        QApplication::setPalette(darkPalette);
    }
    window.setView(symptom                              ? MainWindow::View::Symptom
                   : commit                             ? MainWindow::View::Commit
                   : opts.view == QLatin1String("diff") ? MainWindow::View::Diff
                                                        : MainWindow::View::Thread);
    if (!shot) return app.exec();

    int status = 0;
    bool saved = false;
    const auto save = [&] {
        if (saved) return;
        saved = true;
        if (opts.dark &&
            QApplication::palette().color(QPalette::Base) != darkPalette.color(QPalette::Base))
            std::fprintf(stderr, "lkmine-gui: the platform replaced the --dark palette\n");
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
