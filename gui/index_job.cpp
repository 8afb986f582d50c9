// IndexJob: ingest::run (pipeline, syzbot stage, link stage), as `lkmine index` runs it.
#include "gui/index_job.hpp"

#include "core/index/store.hpp"
#include "gui/summary_format.hpp"
#include "ingest/run.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <exception>

namespace lkmine::gui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("lkmine::gui::IndexJob", text);
}

QStringList qstrings(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v)
        out << qstr(s);
    return out;
}

void takeStages(const ingest::RunSummary& s, IndexOutcome& out) {
    if (!s.link) return;
    out.notes << qstrings(s.link->notes);
    out.linkSummary = tr("%1 new commits, %2 of %3 patch mails linked")
                          .arg(s.link->commits_added)
                          .arg(s.link->mails_linked)
                          .arg(s.link->mails_checked);
}

IndexOutcome runJob(const IndexRequest& request, const std::atomic<bool>& cancel,
                    const std::function<void(const IndexJobProgress&)>& progress) {
    IndexOutcome out;
    ingest::RunOptions ro;
    ro.index.db = stdstr(request.db);
    for (const QString& s : request.sources)
        ro.index.paths.push_back(stdstr(s));
    ro.index.cancel = &cancel;
    ro.bisect_logs = stdstr(request.bisectLogs);
    ro.git = stdstr(request.gitTree); // linked with every method, as `lkmine index --git`
    auto result = ingest::run(ro, [&](const ingest::RunProgress& p) {
        if (!progress) return;
        if (p.stage == ingest::RunProgress::Stage::mails)
            progress({p.mails.done, p.mails.estimate, p.mails.seconds, qstr(p.mails.source), {}});
        else
            progress({0, 0, 0, {}, qstr(p.line)});
    });
    if (!result) {
        out.error = qstr(result.error());
        return out;
    }
    const IndexSummary& s = result->mails;
    out.read = s.read;
    out.added = s.added;
    out.duplicates = s.duplicates;
    out.seconds = s.seconds;
    out.cancelled = result->cancelled;
    out.problems = qstrings(result->errors);
    out.problems += qstrings(result->mails.unreadable); // recorded, retried by the next run
    out.notes = qstrings(s.notes);
    // No path was a usable source (run_index then creates nothing) or every one failed.
    if (s.read == 0 && !s.errors.empty() && !out.cancelled) {
        out.error = qstrings(s.errors).join(QLatin1Char('\n'));
        out.problems.clear();
        return out;
    }
    takeStages(*result, out);
    auto reader = StoreReader::open(ro.index.db);
    if (!reader) {
        out.error = qstr(reader.error());
        return out;
    }
    const StoreStats st = reader->stats();
    out.mailsInIndex = st.mails;
    out.threads = st.threads;
    out.ok = true;
    return out;
}

} // namespace

IndexOutcome runIndexJob(const IndexRequest& request, const std::atomic<bool>& cancel,
                         const std::function<void(const IndexJobProgress&)>& progress) {
    // A worker thread must not die of an exception (std::bad_alloc, a Qt allocation): it would
    // take the whole application with it.
    try {
        return runJob(request, cancel, progress);
    } catch (const std::exception& e) {
        IndexOutcome out;
        out.error = tr("indexing failed: %1").arg(QString::fromLocal8Bit(e.what()));
        return out;
    }
}

QString checkIndexRequest(const IndexRequest& request) {
    if (request.db.trimmed().isEmpty()) return tr("Choose a directory for the index.");
    if (request.sources.isEmpty() && request.gitTree.isEmpty())
        return tr("Add a mail source: a lore mirror (public-inbox inbox or a directory of them), "
                  "an mbox file or a Maildir.");
    for (const QString& s : request.sources) {
        const QFileInfo fi(s);
        if (!fi.exists()) return tr("%1 does not exist.").arg(s);
        if (!fi.isReadable()) return tr("%1 cannot be read (permissions).").arg(s);
    }
    if (!request.gitTree.isEmpty() && !QFileInfo(request.gitTree).isDir())
        return tr("The kernel git tree %1 is not a directory.").arg(request.gitTree);
    if (!request.bisectLogs.isEmpty() && !QFileInfo::exists(request.bisectLogs))
        return tr("The bisection logs %1 do not exist.").arg(request.bisectLogs);
    const QFileInfo db(request.db);
    if (db.exists() && !db.isDir()) return tr("%1 exists and is not a directory.").arg(request.db);
    return {};
}

} // namespace lkmine::gui
