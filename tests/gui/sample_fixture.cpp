// Builds the project sample index (lore + kernel + syzbot samples) with the scripts and the CLI.
#include "gui_fixture.hpp"

#include <QProcess>
#include <QTemporaryDir>
#include <memory>

namespace lkmine::gui::test {

namespace {

bool run(const QString& program, const QStringList& args, QString* error) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(240000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed: %3")
                     .arg(program, args.join(QLatin1Char(' ')),
                          QString::fromLocal8Bit(p.readAll().right(2000)));
        return false;
    }
    return true;
}

} // namespace

QString sampleIndex(QString* error) {
    static std::unique_ptr<QTemporaryDir> tmp;
    static QString built;
    if (!built.isEmpty()) return built;
    tmp = std::make_unique<QTemporaryDir>();
    const QString src = QStringLiteral(LKMINE_SOURCE_DIR);
    const QString lore = tmp->path() + QStringLiteral("/lore");
    const QString kernel = tmp->path() + QStringLiteral("/kernel");
    const QString db = tmp->path() + QStringLiteral("/db");
    if (!run(QStringLiteral("bash"), {src + QStringLiteral("/corpora/build-lore-sample.sh"), lore},
             error) ||
        !run(QStringLiteral("bash"),
             {src + QStringLiteral("/corpora/build-kernel-sample.sh"), kernel}, error) ||
        !run(QStringLiteral(LKMINE_BINARY),
             {QStringLiteral("index"), QStringLiteral("--db"), db, QStringLiteral("--git"), kernel,
              QStringLiteral("--bisect-logs"), src + QStringLiteral("/corpora/syzbot-sample"),
              lore + QStringLiteral("/linux-demo")},
             error))
        return {};
    built = db;
    return built;
}

} // namespace lkmine::gui::test
