// ingest::run: what `lkmine index` and the GUI's New index dialog both do. The pipeline reads
// the sources into the index, then the syzbot stage (with the bisection logs found) rebuilds
// the bugs, then, with a git tree, the link stage reads commits and links mail to them. One
// cancel flag and one progress callback reach every stage.
#pragma once

#include "core/base/result.hpp"
#include "core/link/link.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/syzbot_stage.hpp"
#include "ingest/pipeline.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lkmine::ingest {

struct RunOptions {
    IndexOptions index;      // db, sources, jobs, batch, shards (0: default_shards() when new)
    std::string bisect_logs; // a syzbot bisection log file, or a directory of them
    std::string git;         // kernel repository for the link stage ("" = none)
    std::vector<std::string> more_git;        // further trees: linux-next, stable, maintainer trees
    std::vector<std::string> git_refs;        // "REF" or "TREE:REF" (link_stage.hpp)
    std::string git_range;                    // "v6.0..", "" = all of HEAD
    unsigned link_methods = all_link_methods; // link_bit() mask
    std::string release_pattern; // glob of release tags, stored for `commit`/`patch`; "" = keep
};

// Where the run is: reading mails (`mails` is filled) or a line of the syzbot or link stage.
struct RunProgress {
    enum class Stage { mails, syzbot, link } stage = Stage::mails;
    IndexProgress mails;
    std::string line;
};
using RunProgressFn = std::function<void(const RunProgress&)>;

struct RunSummary {
    IndexSummary mails;
    std::optional<SyzbotStageSummary> syzbot;    // empty when the stage did not run or failed
    std::optional<LinkStageSummary> link;        // empty without a git tree or on failure
    std::vector<std::string> errors;             // stages or sources that failed; rest indexed
    std::vector<std::string> bisect_log_skipped; // files under bisect_logs that are no logs
    bool cancelled = false;                      // a later run resumes
};

// Fails only when nothing could be indexed (no index could be opened, or --bisect-logs cannot
// be read); a failing stage or source is listed in RunSummary::errors.
Result<RunSummary> run(const RunOptions& opt, const RunProgressFn& progress);

// Shards of a new index on this machine: one writer per core (DESIGN.md §7), at most 2.
unsigned default_shards();

// The syzbot bisection logs at `path` (a file or the files of a directory), sorted by name;
// files that are not bisection logs are named in `skipped`.
Result<std::vector<BisectLogFile>> find_bisect_logs(const std::string& path,
                                                    std::vector<std::string>* skipped = nullptr);

} // namespace lkmine::ingest
