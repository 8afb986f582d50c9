// ingest::run: the pipeline, then the syzbot stage, then the link stage, as one call.
#include "ingest/run.hpp"

#include "core/index/store.hpp"
#include "core/syzbot/bisect_log.hpp"
#include "ingest/file_io.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

namespace lkmine::ingest {
namespace {

bool cancelled(const RunOptions& opt) {
    return opt.index.cancel && opt.index.cancel->load();
}

void say(const RunProgressFn& progress, RunProgress::Stage stage, std::string line) {
    if (!progress) return;
    RunProgress p;
    p.stage = stage;
    p.line = std::move(line);
    progress(p);
}

void run_syzbot(const RunOptions& opt, std::vector<BisectLogFile> logs,
                const RunProgressFn& progress, RunSummary& out) {
    say(progress, RunProgress::Stage::syzbot, "syzbot: collecting reports and bisections");
    auto done = update_syzbot_index(opt.index.db, logs);
    if (done)
        out.syzbot = *done;
    else
        out.errors.push_back("syzbot stage: " + done.error());
}

void run_link(const RunOptions& opt, const RunProgressFn& progress, RunSummary& out) {
    LinkStageOptions lo;
    lo.git = opt.git;
    lo.more_git = opt.more_git;
    lo.refs = opt.git_refs;
    lo.range = opt.git_range;
    lo.methods = opt.link_methods;
    lo.release_pattern = opt.release_pattern;
    lo.jobs = opt.index.jobs;
    lo.commit_every = opt.index.commit_every;
    lo.cancel = opt.index.cancel;
    lo.progress = [&](const std::string& line) { say(progress, RunProgress::Stage::link, line); };
    say(progress, RunProgress::Stage::link, "linking: reading commits of " + opt.git);
    auto linked = update_link_index(opt.index.db, lo);
    if (!linked) {
        out.errors.push_back("--git " + opt.git + ": " + linked.error());
        return;
    }
    out.link = *linked;
    if (linked->cancelled) out.cancelled = true;
}

} // namespace

unsigned default_shards() {
    return std::min(2u, std::max(1u, std::thread::hardware_concurrency()));
}

Result<std::vector<BisectLogFile>> find_bisect_logs(const std::string& path,
                                                    std::vector<std::string>* skipped) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_regular_file(path, ec)) files.push_back(path);
    for (const auto& e : fs::directory_iterator(path, ec))
        if (e.is_regular_file(ec)) files.push_back(e.path());
    if (files.empty())
        return make_error("cannot read --bisect-logs " + path + ": " +
                          (ec ? ec.message() : std::string("no files there")));
    std::sort(files.begin(), files.end());
    std::vector<BisectLogFile> logs;
    for (const auto& f : files) {
        auto text = read_whole_file(f.string());
        if (text && looks_like_bisect_log(*text))
            logs.push_back({f.string(), std::move(*text)});
        else if (skipped)
            skipped->push_back(f.string());
    }
    return logs;
}

Result<RunSummary> run(const RunOptions& opt, const RunProgressFn& progress) {
    RunSummary out;
    std::vector<BisectLogFile> logs;
    if (!opt.bisect_logs.empty()) { // checked first: a typo should not cost a whole run
        auto found = find_bisect_logs(opt.bisect_logs, &out.bisect_log_skipped);
        if (!found) return found.error_info();
        logs = std::move(*found);
    }
    IndexOptions io = opt.index;
    // An existing index keeps its count (0 asks for that); a new one gets one shard per core.
    if (!io.shards && list_shards(io.db).empty()) io.shards = default_shards();
    {
        auto mails = run_index(io, [&](const IndexProgress& p) {
            if (!progress) return;
            RunProgress rp;
            rp.mails = p;
            progress(rp);
        });
        if (!mails) return mails.error_info();
        out.mails = std::move(*mails);
        out.errors = out.mails.errors;
        out.cancelled = out.mails.cancelled;
    }
    // No source could be read at all: there is nothing for the stages (and no index to make).
    if (out.mails.read == 0 && !out.mails.errors.empty()) return out;
    // The stages read what the pipeline committed and take the writer lock it has released.
    if (!out.cancelled && !cancelled(opt)) run_syzbot(opt, std::move(logs), progress, out);
    if (!out.cancelled && !cancelled(opt) && !opt.git.empty()) run_link(opt, progress, out);
    if (cancelled(opt)) out.cancelled = true;
    return out;
}

} // namespace lkmine::ingest
