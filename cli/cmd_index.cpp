// `lkmine index`: reads sources into the index, with a live progress line and a summary.
#include "cli/commands.hpp"
#include "cli/safe_output.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/store.hpp"
#include "ingest/pipeline.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
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
                 fmt_rate(rate).c_str(), eta.c_str(), p.warnings, safe_line(p.source).c_str());
    std::fflush(stderr);
}

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_stop_signal(int sig) {
    g_signal = sig;
    g_stop.store(true);
}

// SIGINT, SIGTERM and SIGHUP ask the pipeline to stop: what was read is written and
// committed with its source positions, so a re-run resumes there. The handler is reset on
// first use (SA_RESETHAND): a second signal ends the process at once, which loses nothing
// committed either.
class StopSignals {
  public:
    StopSignals() {
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        for (std::size_t i = 0; i < 3; ++i)
            sigaction(kSignals[i], &sa, &old_[i]);
    }
    ~StopSignals() {
        for (std::size_t i = 0; i < 3; ++i)
            sigaction(kSignals[i], &old_[i], nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

  private:
    static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction old_[3];
};

// After a stop signal: what is kept and how to go on; the exit code is 128 + the signal.
int report_stop(const IndexSummary& s) {
    const int sig = g_signal;
    const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    std::cerr << "lkmine index: stopped by " << name;
    if (s.cancelled && !s.stopped_at.empty()) std::cerr << " while reading " << s.stopped_at;
    std::cerr << "; the " << s.read
              << " mails read in this run are committed. Run the same command again to resume "
                 "where it stopped.\n";
    return 128 + sig;
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
    StopSignals stop_signals;
    io.cancel = &g_stop;
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
    if (!opt.quiet) {
        double rate = s.seconds > 0 ? s.read / s.seconds : 0;
        safe_printf("indexed %zu mails into %s in %.1f s (%s mails/s)\n", s.read, opt.db.c_str(),
                    s.seconds, fmt_rate(rate).c_str());
        safe_printf("  new %zu, duplicates %zu, same id with other content %zu, removed %zu\n",
                    s.added, s.duplicates, s.differing, s.deleted);
        if (s.purged)
            safe_printf("  %zu mails gone from a purged archive: kept as missing mails\n",
                        s.purged);
        if (!s.warnings_by_kind.empty()) {
            safe_printf("  %zu mails with warnings:", s.mails_with_warnings);
            for (const auto& [kind, n] : s.warnings_by_kind)
                safe_printf(" %s %zu;", kind.c_str(), n);
            safe_printf("\n");
        }
        if (auto reader = StoreReader::open(opt.db)) {
            StoreStats st = reader->stats();
            safe_printf(
                "  the index now holds %zu mails in %zu threads, %zu missing mails (ghosts)\n",
                st.mails, st.threads, st.ghosts);
        }
    }
    // The later stages catch up with what is committed on the next run.
    if (g_signal) return report_stop(s);
    // After the pipeline: the stage reads what it committed and needs its writer lock released.
    int syzbot = run_syzbot_stage(opt.db, opt.bisect_logs, opt.quiet);
    if (g_signal) return report_stop(s);
    int link = opt.git.empty() ? 0 : run_link_stage(opt);
    if (g_signal) return report_stop(s);
    return s.errors.empty() && syzbot == 0 && link == 0 ? 0 : 1;
}

} // namespace lkmine::cli
