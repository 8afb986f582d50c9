// Writing mails out: a thread or an am-ready series as an mbox, and handing a series to
// `git am`. Shared by `lkmine am` and the GUI's series actions.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/stages/am.hpp"

#include <string>

namespace lkmine {

// Every indexed mail of the thread `msgid` is in, in display order, as an mboxrd (ghosts,
// referenced but not indexed, are left out). Fails when the mail is not indexed.
Result<std::string> thread_mbox(StoreReader& store, const std::string& msgid);

// The patches of `series` as an mboxrd `git am` reads.
std::string am_mbox(const AmSeries& series);

// "v2 <id>: 3 patches" and each patch's subject with the trailers added ("    + Key: value"),
// as `lkmine am` reports them.
std::string am_summary(const AmSeries& series);

struct GitAmResult {
    int status = -1;    // git's exit status (0: applied)
    std::string output; // what git printed (stdout and stderr, in order)
};

// Runs `git -C repo am mbox_path`, capturing its output. An error only when git could not be
// run at all; a failed `am` is a result with status != 0 (git leaves the am in progress).
Result<GitAmResult> git_am(const std::string& repo, const std::string& mbox_path);

} // namespace lkmine
