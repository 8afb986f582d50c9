// IndexJob: what `lkmine index SRC... [--git TREE]` does, as one call for a GUI worker thread.
#pragma once

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstddef>
#include <functional>

namespace lkmine::gui {

struct IndexRequest {
    QStringList sources; // inboxes, mirrors, mbox files, Maildirs, mail files
    QString gitTree;     // kernel repository for the commit link stage ("" = none)
    QString db;
    QString bisectLogs; // syzbot bisection log file or directory ("" = none)
};

// One report from the running job; `stage` is empty while mails are read, else a line of the
// syzbot or link stage (mail counts are then meaningless).
struct IndexJobProgress {
    std::size_t done = 0, estimate = 0;
    double seconds = 0;
    QString source;
    QString stage;
};

struct IndexOutcome {
    bool ok = false;        // the index exists and holds what was read (also when cancelled)
    bool cancelled = false; // stopped by the cancel flag; a second run resumes
    QString error;          // ok == false: why nothing was indexed
    QStringList problems;   // sources or stages that failed part-way; the rest was indexed
    QStringList notes;
    std::size_t read = 0, added = 0, duplicates = 0;
    std::size_t mailsInIndex = 0, threads = 0; // as `lkmine stats` reports afterwards
    double seconds = 0;
    QString linkSummary; // "N commits, M links" when a git tree was given
};

// Runs the pipeline, then the syzbot stage and (with a git tree) the commit link stage, like the
// CLI (ingest::run). `cancel` stops whichever stage is running; what is done is kept, and the
// next run goes on from there. Never throws; `progress` is called on the calling thread.
IndexOutcome runIndexJob(const IndexRequest& request, const std::atomic<bool>& cancel,
                         const std::function<void(const IndexJobProgress&)>& progress);

// Problems found without touching the disk beyond a stat: empty lists, missing or unreadable
// paths. Empty when the request may be started.
QString checkIndexRequest(const IndexRequest& request);

} // namespace lkmine::gui
