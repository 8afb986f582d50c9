// IndexJob: run_index, then the syzbot and link stages, as cmd_index.cpp runs them.
#include "gui/index_job.hpp"

#include "core/stages/link_stage.hpp"
#include "core/link/link.hpp"
#include "core/index/store.hpp"
#include "gui/summary_format.hpp"
#include "cli/commands.hpp"
#include "ingest/pipeline.hpp"

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

// The stages read what the pipeline committed and take the writer lock it has released.
void runStages(const IndexRequest& request,
               const std::function<void(const IndexJobProgress&)>& progress, IndexOutcome& out) {
    const std::string db = stdstr(request.db);
    if (progress) progress({0, 0, 0, {}, tr("syzbot: collecting reports and bisections")});
    if (auto syz = update_syzbot_index(db, {}); !syz)
        out.problems << tr("syzbot stage: %1").arg(qstr(syz.error()));
    if (request.gitTree.isEmpty()) return;
    LinkStageOptions lo;
    lo.git = stdstr(request.gitTree);
    lo.methods = all_link_methods; // `lkmine index --git` links with every method by default
    lo.progress = [&](const std::string& line) {
        if (progress) progress({0, 0, 0, {}, qstr(line)});
    };
    if (progress)
        progress({0, 0, 0, {}, tr("linking: reading commits of %1").arg(request.gitTree)});
    auto linked = update_link_index(db, lo);
    if (!linked) {
        out.problems << tr("git tree %1: %2").arg(request.gitTree, qstr(linked.error()));
        return;
    }
    out.notes << qstrings(linked->notes);
    out.linkSummary = tr("%1 new commits, %2 of %3 patch mails linked")
                          .arg(linked->commits_added)
                          .arg(linked->mails_linked)
                          .arg(linked->mails_checked);
}

IndexOutcome runJob(const IndexRequest& request, const std::atomic<bool>& cancel,
                    const std::function<void(const IndexJobProgress&)>& progress) {
    IndexOutcome out;
    IndexOptions io;
    io.db = stdstr(request.db);
    for (const QString& s : request.sources)
        io.paths.push_back(stdstr(s));
    // As the CLI: an existing index keeps its shard count, a new one gets one per core.
    io.shards = list_shards(io.db).empty() ? cli::default_shards() : 0;
    io.cancel = &cancel;
    auto result = run_index(io, [&](const IndexProgress& p) {
        if (progress) progress({p.done, p.estimate, p.seconds, qstr(p.source), {}});
    });
    if (!result) {
        out.error = qstr(result.error());
        return out;
    }
    const IndexSummary& s = *result;
    out.read = s.read;
    out.added = s.added;
    out.duplicates = s.duplicates;
    out.seconds = s.seconds;
    out.cancelled = s.cancelled;
    out.problems = qstrings(s.errors);
    out.problems += qstrings(s.unreadable); // recorded in the index, retried by the next run
    out.notes = qstrings(s.notes);
    // No path was a usable source (run_index then creates nothing) or every one failed.
    if (s.read == 0 && !s.errors.empty() && !s.cancelled) {
        out.error = out.problems.join(QLatin1Char('\n'));
        out.problems.clear();
        return out;
    }
    if (!out.cancelled) runStages(request, progress, out);
    auto reader = StoreReader::open(io.db);
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
    const QFileInfo db(request.db);
    if (db.exists() && !db.isDir()) return tr("%1 exists and is not a directory.").arg(request.db);
    return {};
}

} // namespace lkmine::gui
