// What `lkmine symptom` answers: the syzbot bugs with a crash title, their bisections (with
// reliability warnings), the patch threads of culprits and fixes, and the human discussions.
#pragma once

#include "core/model/message.hpp"
#include "core/syzbot/bisect_log.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct BugFix {
    std::string title;      // commit title named by "#syz fix:", or the patch subject
    std::string method;     // "syz-fix" | "reported-by"
    std::string message_id; // the mail that says so
};

// One syzbot bug (one extid), gathered from all its mails.
struct SymptomBug {
    std::string extid, title, normalized;
    std::string first_seen, last_seen; // dates (ISO 8601) of its syzbot mails
    int reports = 0;                   // crash report mails syzbot sent
    int mails = 0;                     // every mail about the bug (syzbot's and people's)
    std::string status;                // "fixed" (a fix is named) or "open"
    std::vector<BugFix> fixes;
    std::string report_message_id; // the first report mail
};

struct SymptomTested {
    std::string commit, label, verdict; // label: "v5.2" of "testing release v5.2"
    std::vector<std::string> titles;    // distinct crash titles its runs showed
    int runs = 0, crashed = 0;
    std::string all_runs; // "OK", "crashed": the log's "all runs: ..." (runs then 0: not counted)
    std::vector<std::string> results; // each "run #N:" result as the log wrote it: "OK", "crashed"
};

struct SymptomBisection {
    std::string kind;  // "cause" | "fix"
    std::string extid; // the bug, when known
    BisectCulprit culprit;
    std::vector<std::string> sources;  // "mail:<msgid>", "log:<path>"
    std::string crash_title;           // the final crash of the log
    std::vector<SymptomTested> tested; // empty when only the result mail is indexed
    int revisions_tested = 0;
    bool inconclusive = false;
    std::vector<std::string> warnings; // why the result may be wrong
    std::vector<std::string> notes;    // weaker remarks (title variants within one crash type)
};

struct SymptomThread {
    std::string role;   // "culprit" | "fix" | "discussion"
    std::string method; // how it was found: "commit-link", "subject", "reported-by", "syz-fix",
                        // "symptom", "bug-thread"
    std::string thread_id, subject, date, message_id; // the first matching mail of the thread
    std::vector<std::string> message_ids;             // every matching mail, by date
    std::size_t thread_size = 0;                      // documents in the whole thread
    std::string extid;                                // the bug it belongs to, when known
};

struct SymptomReport {
    std::string query, normalized;
    std::vector<SymptomBug> bugs;
    std::vector<SymptomBisection> bisections;
    std::vector<SymptomThread> patches;     // culprit and fix patch threads
    std::vector<SymptomThread> discussions; // people's mails carrying the crash or about the bug
};

// Reliability of a bisection from its log (std-only, bisect_check.cpp). `bug_title` (may be "")
// is the title of the bug it was run for.
void check_bisection(const BisectLog& log, std::string_view bug_title, SymptomBisection& out);
// Fills kind, culprit, tested, crash title, revisions and the checks from a log.
SymptomBisection bisection_from_log(const BisectLog& log, std::string_view bug_title);

} // namespace lkmine
