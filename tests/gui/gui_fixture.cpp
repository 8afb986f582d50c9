// Builds the test index from the real maple-tree thread with StoreWriter + parse_message.
#include "gui_fixture.hpp"

#include "core/index/store.hpp"
#include "core/mail/parse.hpp"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <memory>

namespace lkmine::gui::test {

QString mapleCorpus() {
    const QByteArray env = qgetenv("LKMINE_SHARED_CORPORA");
    const QString root = env.isEmpty() ? QStringLiteral(LKMINE_SOURCE_DIR "/../shared/corpora")
                                       : QString::fromLocal8Bit(env);
    return root + QStringLiteral("/maple-tree-thread");
}

bool haveMapleCorpus() {
    return QDir(mapleCorpus()).exists();
}

bool inCi() {
    const QByteArray ci = qgetenv("CI");
    return !ci.isEmpty() && ci != "0" && ci != "false";
}

static QStringList emlFiles() {
    return QDir(mapleCorpus()).entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name);
}

int mapleMailCount() {
    return int(emlFiles().size());
}

QString mapleIndex(QString* error) {
    static std::unique_ptr<QTemporaryDir> tmp;
    static QString built;
    if (!built.isEmpty()) return built;
    tmp = std::make_unique<QTemporaryDir>();
    const QString dir = tmp->path() + QStringLiteral("/index");
    auto writer = StoreWriter::open(dir.toStdString());
    if (!writer) {
        *error = QString::fromStdString(writer.error());
        return {};
    }
    for (const QString& name : emlFiles()) {
        QFile f(mapleCorpus() + QLatin1Char('/') + name);
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QByteArray bytes = f.readAll();
        RawMessage raw{bytes.toStdString(), Origin{name.toStdString(), {}}};
        const Message msg = parse_message(raw);
        auto added = writer->add(msg, raw.bytes, {});
        if (!added) {
            *error = QString::fromStdString(added.error());
            return {};
        }
    }
    auto committed = writer->commit();
    if (!committed) {
        *error = QString::fromStdString(committed.error());
        return {};
    }
    built = dir;
    return built;
}

} // namespace lkmine::gui::test
