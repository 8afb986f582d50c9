// The syzbot stage: after the mails are written, one report document per syzbot bug and the
// bisection documents, rebuilt from every syzbot mail and bisection log indexed so far.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/stages/syzbot_stage.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace lkmine {

// The syzbot stage (syzbot_stage.cpp): adds bisection logs, then rebuilds one report
// document per syzbot bug and the bisection documents of result mails from every mail indexed
// so far (see index/detail/syzbot_doc.hpp). Takes the writer lock: run it once StoreWriter is
// closed.
struct BisectLogFile {
    std::string source; // path, shown to the user
    std::string text;
};
struct SyzbotStageSummary {
    std::size_t mails = 0; // mails with a syzbot fact
    std::size_t bugs = 0;  // report documents (extids), reported_bugs of them with a report mail
    std::size_t reported_bugs = 0;
    std::size_t bisections = 0;            // from result mails
    std::size_t logs = 0, logs_linked = 0; // log files added now; logs in the index tied to a bug
    bool incremental = false;              // only the bugs touched since the last run were rebuilt
    std::size_t total_bugs = 0;            // report documents in the index afterwards
};
Result<SyzbotStageSummary> update_syzbot_index(const std::string& dir,
                                               const std::vector<BisectLogFile>& logs);
// With `rebuild`, every bug is rebuilt even when the last run's record allows an incremental
// run (the result must be the same: a test compares them).
Result<SyzbotStageSummary>
update_syzbot_index(const std::string& dir, const std::vector<BisectLogFile>& logs, bool rebuild);
// Every report and bisection document the syzbot stage wrote (data, terms, date), sorted:
// for checks that two ways of building them agree.
std::vector<std::string> syzbot_documents(StoreReader& reader);

} // namespace lkmine
