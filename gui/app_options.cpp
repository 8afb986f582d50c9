// lkmine-gui options: --db --query --open --view --screenshot.
#include "gui/app_options.hpp"

#include <QCommandLineParser>
#include <QDir>
#include <QProcessEnvironment>

namespace lkmine::gui {

QString defaultDbPath() {
    const auto env = QProcessEnvironment::systemEnvironment();
    if (!env.value(QStringLiteral("LKMINE_DB")).isEmpty())
        return env.value(QStringLiteral("LKMINE_DB"));
    if (!env.value(QStringLiteral("XDG_DATA_HOME")).isEmpty())
        return env.value(QStringLiteral("XDG_DATA_HOME")) + QStringLiteral("/lkmine");
    return QDir::homePath() + QStringLiteral("/.local/share/lkmine");
}

AppOptions parseArguments(const QStringList& arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Browse an lkmine index of kernel mailing lists."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Index directory."),
                                QStringLiteral("DIR"));
    const QCommandLineOption query(QStringLiteral("query"), QStringLiteral("Run this query."),
                                   QStringLiteral("Q"));
    const QCommandLineOption open(
        QStringLiteral("open"),
        QStringLiteral("Open this Message-ID (or lore URL) and its thread."),
        QStringLiteral("MSGID"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  QStringLiteral("thread, diff, commit or symptom."),
                                  QStringLiteral("VIEW"), QStringLiteral("thread"));
    const QCommandLineOption shot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window after the actions above, save it, exit."),
        QStringLiteral("FILE.png"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QStringLiteral("Window size in logical pixels, e.g. 1280x720 (for --screenshot)."),
        QStringLiteral("WxH"));
    const QCommandLineOption dark(
        QStringLiteral("dark"),
        QStringLiteral("Dark palette (Fusion style), as on a dark desktop; for screenshots."));
    p.addOptions({db, query, open, view, shot, size, dark});
    AppOptions o;
    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (p.isSet(QStringLiteral("help"))) p.showHelp(0);
    if (p.isSet(QStringLiteral("version"))) p.showVersion();
    o.db = p.isSet(db) ? p.value(db) : defaultDbPath();
    o.query = p.value(query);
    o.open = p.value(open);
    o.view = p.value(view);
    o.screenshot = p.value(shot);
    o.dark = p.isSet(dark);
    if (p.isSet(size)) {
        const QStringList wh = p.value(size).split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh[0].toInt() : 0, h = wh.size() == 2 ? wh[1].toInt() : 0;
        if (w < 320 || h < 240 || w > 8192 || h > 8192)
            o.error = QStringLiteral("--size must be WxH, e.g. 1280x720");
        else
            o.size = QSize(w, h);
    }
    static const QStringList views = {QStringLiteral("thread"), QStringLiteral("diff"),
                                      QStringLiteral("commit"), QStringLiteral("symptom")};
    if (!views.contains(o.view))
        o.error = QStringLiteral("--view must be one of: ") + views.join(QStringLiteral(", "));
    if (!p.positionalArguments().isEmpty())
        o.error = QStringLiteral("unexpected argument: ") + p.positionalArguments().first();
    return o;
}

} // namespace lkmine::gui
