// `lkmine index`: reads sources into the index, with a live progress line and a summary.
#include "core/index/store.hpp"
#include "cli/commands.hpp"
#include "ingest/pipeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

namespace lkmine::cli {
namespace {

std::string fmt_rate(double n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", n);
    return buf;
}

void print_progress(const IndexProgress& p) {
    double rate = p.seconds > 0 ? p.done / p.seconds : 0;
    std::string eta;
    if (p.estimate > p.done && rate > 0)
        eta = ", ETA " + fmt_rate((p.estimate - p.done) / rate) + " s";
    std::string of = p.estimate ? "/" + std::to_string(p.estimate) : "";
    std::fprintf(stderr, "\r\033[K%zu%s mails, %s mails/s%s, %zu warnings  %s", p.done, of.c_str(),
                 fmt_rate(rate).c_str(), eta.c_str(), p.warnings, p.source.c_str());
    std::fflush(stderr);
}

// Each unreadable mail once on standard error, at most a screenful; the index keeps them all.
void print_unreadable(const IndexSummary& s) {
    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < s.unreadable.size() && i < shown; ++i)
        std::cerr << "warning: " << s.unreadable[i] << " (skipped; tried again on the next run)\n";
    if (s.unreadable.size() > shown)
        std::cerr << "warning: ... and " << s.unreadable.size() - shown
                  << " more unreadable mails (lkmine stats --problems)\n";
}

void print_summary(const IndexSummary& s, const std::string& db) {
    double rate = s.seconds > 0 ? s.read / s.seconds : 0;
    std::printf("indexed %zu mails into %s in %.1f s (%s mails/s)", s.read, db.c_str(), s.seconds,
                fmt_rate(rate).c_str());
    if (!s.unreadable.empty())
        std::printf(", %zu unreadable (see lkmine stats --problems)", s.unreadable.size());
    std::printf("\n  new %zu, duplicates %zu, same id with other content %zu, removed %zu\n",
                s.added, s.duplicates, s.differing, s.deleted);
    if (s.recovered)
        std::printf("  %zu mails unreadable in an earlier run were read this time\n", s.recovered);
    if (s.outstanding > s.unreadable.size())
        std::printf("  %zu mails of earlier runs are still unreadable (lkmine stats --problems)\n",
                    s.outstanding - s.unreadable.size());
    if (s.purged)
        std::printf("  %zu mails gone from a purged archive: kept as missing mails\n", s.purged);
    if (!s.warnings_by_kind.empty()) {
        std::printf("  %zu mails with warnings:", s.mails_with_warnings);
        for (const auto& [kind, n] : s.warnings_by_kind)
            std::printf(" %s %zu;", kind.c_str(), n);
        std::printf("\n");
    }
    if (auto reader = StoreReader::open(db)) {
        StoreStats st = reader->stats();
        std::printf("  the index now holds %zu mails in %zu threads, %zu missing mails (ghosts)\n",
                    st.mails, st.threads, st.ghosts);
    }
}

} // namespace

// One shard writer per core: Xapian's inverted-index updates are the largest single cost and
// scale with writers (DESIGN.md §7). An existing index keeps its own count.
unsigned default_shards() {
    return std::min(2u, std::max(1u, std::thread::hardware_concurrency()));
}

int run_index(const IndexCmdOptions& opt) {
    IndexOptions io;
    io.db = opt.db;
    io.paths = opt.sources;
    io.jobs = opt.jobs;
    io.commit_every = opt.batch;
    // An existing index keeps its count (0 asks for that); a new one gets one shard per core.
    io.shards = opt.shards ? opt.shards : list_shards(opt.db).empty() ? default_shards() : 0;
    bool tty = isatty(STDERR_FILENO) && !opt.quiet;
    auto result = lkmine::run_index(io, tty ? ProgressFn(print_progress) : ProgressFn());
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!result) {
        std::cerr << "lkmine index: " << result.error() << "\n";
        return 1;
    }
    const IndexSummary& s = *result;
    for (const auto& n : s.notes)
        std::cerr << "note: " << n << "\n";
    for (const auto& e : s.errors)
        std::cerr << "error: " << e << "\n";
    // No path was a usable source: the pipeline created nothing, and neither may the stages.
    if (!s.errors.empty() && s.read == 0 && list_shards(opt.db).empty()) return 1;
    print_unreadable(s);
    if (!opt.quiet) print_summary(s, opt.db);
    // After the pipeline: the stage reads what it committed and needs its writer lock released.
    int syzbot = run_syzbot_stage(opt.db, opt.bisect_logs, opt.quiet);
    int link = opt.git.empty() ? 0 : run_link_stage(opt);
    if (!s.errors.empty() || syzbot != 0 || link != 0) return 1;
    // Partial: the rest is indexed, the holes recorded for the next run.
    return s.unreadable.empty() && s.outstanding == 0 ? 0 : 3;
}

} // namespace lkmine::cli
