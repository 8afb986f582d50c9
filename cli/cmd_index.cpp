// `lkmine index`: ingest::run with a live progress line, then a summary of each stage.
#include "cli/commands.hpp"
#include "cli/safe_output.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/store.hpp"
#include "core/link/link.hpp"
#include "ingest/run.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace lkmine::cli {
namespace {

std::string fmt_rate(double n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", n);
    return buf;
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

void print_progress(const ingest::RunProgress& rp) {
    if (rp.stage != ingest::RunProgress::Stage::mails) {
        std::fprintf(stderr, "\r\033[K%s", safe_line(rp.line).c_str());
        std::fflush(stderr);
        return;
    }
    const IndexProgress& p = rp.mails;
    double rate = p.seconds > 0 ? p.done / p.seconds : 0;
    std::string eta;
    if (p.estimate > p.done && rate > 0)
        eta = ", ETA " + fmt_rate((p.estimate - p.done) / rate) + " s";
    std::string of = p.estimate ? "/" + std::to_string(p.estimate) : "";
    std::fprintf(stderr, "\r\033[K%zu%s mails, %s mails/s%s, %zu warnings  %s", p.done, of.c_str(),
                 fmt_rate(rate).c_str(), eta.c_str(), p.warnings, safe_line(p.source).c_str());
    std::fflush(stderr);
}

// Not on a terminal (a log, a CI job): a plain line of the stages at most every 10 s, so a
// long commit stage still says its rate and ETA.
void print_plain_progress(const ingest::RunProgress& rp) {
    using Clock = std::chrono::steady_clock;
    static Clock::time_point last{};
    if (rp.stage == ingest::RunProgress::Stage::mails) return;
    auto now = Clock::now();
    if (now - last < std::chrono::seconds(10) && rp.line.find("/") != std::string::npos) return;
    last = now;
    std::fprintf(stderr, "%s\n", safe_line(rp.line).c_str());
    std::fflush(stderr);
}

// Each unreadable mail once on standard error, at most a screenful; the index keeps them all.
void print_unreadable(const IndexSummary& s) {
    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < s.unreadable.size() && i < shown; ++i)
        std::cerr << "warning: " << safe_line(s.unreadable[i])
                  << " (skipped; tried again on the next run)\n";
    if (s.unreadable.size() > shown)
        std::cerr << "warning: ... and " << s.unreadable.size() - shown
                  << " more unreadable mails (lkmine stats --problems)\n";
}

// Each mail cut at the size cap, at most a screenful; `flag:truncated` finds them all.
void print_truncated(const IndexSummary& s) {
    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < s.truncated.size() && i < shown; ++i)
        std::cerr << "warning: " << safe_line(s.truncated[i]) << "\n";
    if (s.truncated.size() > shown)
        std::cerr << "warning: ... and " << s.truncated.size() - shown
                  << " more mails cut at the size cap (lkmine search flag:truncated)\n";
}

void print_mails(const IndexSummary& s, const std::string& db) {
    double rate = s.seconds > 0 ? s.read / s.seconds : 0;
    safe_printf("indexed %zu mails into %s in %.1f s (%s mails/s)", s.read, db.c_str(), s.seconds,
                fmt_rate(rate).c_str());
    if (!s.unreadable.empty())
        safe_printf(", %zu unreadable (see lkmine stats --problems)", s.unreadable.size());
    safe_printf("\n  new %zu, duplicates %zu, same id with other content (kept as copies: "
                "show --copy) %zu, removed %zu\n",
                s.added, s.duplicates, s.differing, s.deleted);
    if (s.recovered)
        safe_printf("  %zu mails unreadable in an earlier run were read this time\n", s.recovered);
    if (s.outstanding > s.unreadable.size())
        safe_printf("  %zu mails of earlier runs are still unreadable (lkmine stats --problems)\n",
                    s.outstanding - s.unreadable.size());
    if (!s.truncated.empty())
        safe_printf("  %zu mails over the size cap were cut at a line boundary (lkmine search "
                    "flag:truncated)\n",
                    s.truncated.size());
    if (s.not_mail)
        safe_printf("  %zu files skipped: not mail (no mail header in their first lines)\n",
                    s.not_mail);
    if (s.purged)
        safe_printf("  %zu mails gone from a purged archive: kept as missing mails\n", s.purged);
    if (!s.warnings_by_kind.empty()) {
        safe_printf("  %zu mails with warnings:", s.mails_with_warnings);
        for (const auto& [kind, n] : s.warnings_by_kind)
            safe_printf(" %s %zu;", kind.c_str(), n);
        safe_printf("\n");
    }
    if (auto reader = StoreReader::open(db)) {
        StoreStats st = reader->stats();
        safe_printf("  the index now holds %zu mails in %zu threads, %zu missing mails (ghosts)\n",
                    st.mails, st.threads, st.ghosts);
    }
}

void print_syzbot(const SyzbotStageSummary& d) {
    if (d.incremental && d.bugs)
        safe_printf("  syzbot: %zu of %zu bugs updated, %zu bisection results, from %zu mails\n",
                    d.bugs, d.total_bugs, d.bisections, d.mails);
    else if (!d.incremental && (d.bugs || d.logs || d.mails))
        safe_printf("  syzbot: %zu bugs (%zu with a report mail), %zu bisection results, %zu logs "
                    "added, %zu logs tied to a bug, from %zu mails\n",
                    d.bugs, d.reported_bugs, d.bisections, d.logs, d.logs_linked, d.mails);
}

void print_link(const LinkStageSummary& r) {
    double rate = r.commit_seconds > 0 ? r.commits_added / r.commit_seconds : 0;
    safe_printf("commits: %zu in range, %zu new in %.1f s (%.0f commits/s)\n", r.commits_walked,
                r.commits_added, r.commit_seconds, rate);
    safe_printf("links: %zu patch mails checked, %zu linked;", r.mails_checked, r.mails_linked);
    for (const auto& [m, n] : r.links_by_method)
        safe_printf(" %s %zu;", m.c_str(), n);
    safe_printf(" %.1f s in all\n", r.seconds);
}

void print_summary(const ingest::RunSummary& s, const IndexCmdOptions& opt) {
    for (const auto& n : s.mails.notes)
        std::cerr << "note: " << n << "\n";
    if (s.link)
        for (const auto& n : s.link->notes)
            std::cerr << "note: " << n << "\n";
    for (const auto& e : s.errors)
        std::cerr << "error: " << e << "\n";
    print_unreadable(s.mails);
    print_truncated(s.mails);
    if (opt.quiet) return;
    print_mails(s.mails, opt.db);
    if (s.syzbot) print_syzbot(*s.syzbot);
    if (s.link) print_link(*s.link);
    if (s.cancelled && !g_signal) safe_printf("stopped early: run lkmine index again to go on\n");
}

} // namespace

int run_index(const IndexCmdOptions& opt) {
    ingest::RunOptions ro;
    ro.index.db = opt.db;
    ro.index.paths = opt.sources;
    ro.index.jobs = opt.jobs;
    ro.index.commit_every = opt.batch;
    ro.index.shards = opt.shards;
    ro.index.max_mail_size = opt.max_mail_size;
    ro.bisect_logs = opt.bisect_logs;
    if (!opt.git.empty()) ro.git = opt.git.front();
    if (opt.git.size() > 1) ro.more_git.assign(opt.git.begin() + 1, opt.git.end());
    ro.git_refs = opt.git_refs;
    ro.git_range = opt.git_range;
    if (!opt.git_range.empty() && !opt.git_refs.empty()) {
        std::cerr << "lkmine index: --git-range and --git-ref cannot be combined\n";
        return 2;
    }
    ro.release_pattern = opt.release_pattern;
    if (!opt.git.empty()) {
        auto methods = parse_link_methods(opt.link_methods);
        if (!methods) {
            std::cerr << "lkmine index: --link-methods: " << methods.error() << "\n";
            return 2;
        }
        ro.link_methods = *methods;
    }
    bool tty = isatty(STDERR_FILENO) && !opt.quiet;
    StopSignals stop_signals;
    ro.index.cancel = &g_stop; // every stage stops at a signal, keeping what it committed
    auto result = ingest::run(ro, tty         ? ingest::RunProgressFn(print_progress)
                                  : opt.quiet ? nullptr
                                              : ingest::RunProgressFn(print_plain_progress));
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!result) {
        std::cerr << "lkmine index: " << result.error() << "\n";
        return 1;
    }
    print_summary(*result, opt);
    if (g_signal) return report_stop(result->mails);
    if (!result->errors.empty()) return 1;
    // Partial: the rest is indexed, the holes recorded for the next run.
    const IndexSummary& m = result->mails;
    return m.unreadable.empty() && m.outstanding == 0 ? 0 : 3;
}

} // namespace lkmine::cli
