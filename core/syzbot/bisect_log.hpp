// syzbot bisection logs: tested commits with their verdicts, the culprit and the final crash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct BisectRun {
    int n = 0;          // -1 for an "all runs: ..." line
    std::string result; // "crashed", "OK", "boot failed", ...
    std::string title;  // crash title after "crashed: "
};

struct BisectTested {
    std::string commit;
    std::string subject;             // from the "[sha] subject" line git bisect printed, if any
    std::string label;               // "v5.2" for "testing release v5.2"
    std::string compiler;            // "gcc (GCC) 8.1.0"
    std::string verdict = "unknown"; // good | bad | skip | unknown
    std::vector<BisectRun> runs;
};

struct BisectStep {
    std::string action; // "start", "good", "bad", "skip"
    std::vector<std::string> args;
};

struct BisectCulprit {
    std::string sha, author, date, subject;
    std::string message; // full commit message, de-indented
};

struct BisectLog {
    std::string kind; // "cause" | "fix" | "" when unknown
    std::string start_commit, syzkaller_commit, compiler;
    std::vector<BisectTested> tested;
    std::vector<BisectStep> steps;
    BisectCulprit culprit;
    int revisions_tested = 0;
    struct {
        std::string total, build, test;
    } time;
    std::vector<std::string> cc;
    struct {
        std::string title;
        std::vector<std::string> lines;
    } crash;
    std::vector<std::string> candidates; // "sha subject" when the bisection was inconclusive
};

bool looks_like_bisect_log(std::string_view text);
BisectLog parse_bisect_log(std::string_view text);

} // namespace lkmine
