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

QString sampleLore(QString* error) {
    static std::unique_ptr<QTemporaryDir> tmp;
    static QString built;
    if (!built.isEmpty()) return built;
    tmp = std::make_unique<QTemporaryDir>();
    const QString lore = tmp->path() + QStringLiteral("/lore");
    if (!run(QStringLiteral("bash"),
             {QStringLiteral(LKMINE_SOURCE_DIR "/corpora/build-lore-sample.sh"), lore}, error))
        return {};
    built = lore;
    return built;
}

QString sampleKernel(QString* error) {
    static std::unique_ptr<QTemporaryDir> tmp;
    static QString built;
    if (!built.isEmpty()) return built;
    tmp = std::make_unique<QTemporaryDir>();
    const QString kernel = tmp->path() + QStringLiteral("/kernel");
    if (!run(QStringLiteral("bash"),
             {QStringLiteral(LKMINE_SOURCE_DIR "/corpora/build-kernel-sample.sh"), kernel}, error))
        return {};
    built = kernel;
    return built;
}

QString sampleIndex(QString* error) {
    static std::unique_ptr<QTemporaryDir> tmp;
    static QString built;
    if (!built.isEmpty()) return built;
    tmp = std::make_unique<QTemporaryDir>();
    const QString src = QStringLiteral(LKMINE_SOURCE_DIR);
    const QString lore = sampleLore(error);
    const QString kernel = sampleKernel(error);
    const QString db = tmp->path() + QStringLiteral("/db");
    if (lore.isEmpty() || kernel.isEmpty() ||
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
