// Why a syzbot bisection may be wrong, read from its log: crash titles that change along the way,
// a merge as culprit, a culprit the log cannot show to touch the crashing code.
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/symptom.hpp"

#include <algorithm>
#include <map>

namespace lkmine {
namespace {

// "KASAN: slab-use-after-free Read in ringbuf_pop" -> "KASAN: slab-use-after-free": the kind of
// crash without where it happened or the access, so variants of one bug stay one family.
std::string crash_family(std::string_view title) {
    std::string t = normalize_title(title);
    auto in = t.find(" in ");
    if (in != std::string::npos) t.resize(in);
    for (std::string_view access : {" Read/Write", " Read", " Write"}) {
        if (t.size() > access.size() &&
            t.compare(t.size() - access.size(), access.size(), access) == 0) {
            t.resize(t.size() - access.size());
            break;
        }
    }
    return t;
}

std::string counted(const std::map<std::string, int>& m) {
    std::string out;
    for (const auto& [title, n] : m) {
        if (!out.empty()) out += ", ";
        out += "\"" + title + "\" (" + std::to_string(n) + (n == 1 ? " run)" : " runs)");
    }
    return out;
}

} // namespace

void check_bisection(const BisectLog& log, std::string_view bug_title, SymptomBisection& out) {
    std::map<std::string, int> titles;   // every crash title seen, with its run count
    std::map<std::string, int> families; // crash kinds
    int boot_failures = 0;
    for (const auto& t : log.tested)
        for (const auto& r : t.runs) {
            if (!r.title.empty()) {
                ++titles[r.title];
                ++families[crash_family(r.title)];
            }
            if (r.result.find("boot failed") != std::string::npos ||
                r.result.find("build failed") != std::string::npos)
                ++boot_failures;
        }
    if (families.size() > 1)
        out.warnings.push_back("crash titles changed during the bisection: " + counted(titles) +
                               "; commits may have been judged on different bugs");
    else if (titles.size() > 1)
        out.notes.push_back("title variants of one crash kind: " + counted(titles));
    if (!bug_title.empty() && !titles.empty()) {
        std::string want = normalize_title(bug_title);
        bool seen = std::any_of(titles.begin(), titles.end(),
                                [&](const auto& kv) { return normalize_title(kv.first) == want; });
        if (!seen)
            out.warnings.push_back("no tested commit showed the bug's own title \"" +
                                   std::string(bug_title) + "\"");
    }
    const std::string& subject = log.culprit.subject;
    if (subject.rfind("Merge ", 0) == 0 || subject.rfind("Merge:", 0) == 0)
        out.warnings.push_back("the culprit is a merge commit (\"" + subject +
                               "\"): the bug came from one of the merged commits");
    if (!log.candidates.empty() || (log.culprit.sha.empty() && !log.tested.empty()))
        out.warnings.push_back("the bisection is inconclusive: no single culprit");
    if (boot_failures > 0)
        out.notes.push_back(std::to_string(boot_failures) +
                            " runs failed to build or boot; those commits were skipped");
    if (!log.culprit.sha.empty())
        out.notes.push_back("files touched by the culprit: unknown (the log does not list them), "
                            "so a culprit touching only Documentation/ or another architecture "
                            "cannot be ruled out here");
}

SymptomBisection bisection_from_log(const BisectLog& log, std::string_view bug_title) {
    SymptomBisection b;
    b.kind = log.kind;
    b.culprit = log.culprit;
    b.crash_title = log.crash.title;
    b.revisions_tested = log.revisions_tested;
    b.inconclusive = !log.candidates.empty();
    for (const auto& t : log.tested) {
        SymptomTested st;
        st.commit = t.commit;
        st.label = t.label;
        st.verdict = t.verdict;
        st.runs = static_cast<int>(t.runs.size());
        if (t.runs.size() == 1 && t.runs[0].n == -1) {
            st.all_runs = t.runs[0].result; // the log does not say how many runs there were
            st.runs = 0;
            if (!t.runs[0].title.empty()) st.titles.push_back(t.runs[0].title);
            b.tested.push_back(std::move(st));
            continue;
        }
        for (const auto& r : t.runs) {
            st.results.push_back(r.result);
            if (r.title.empty()) continue;
            ++st.crashed;
            if (std::find(st.titles.begin(), st.titles.end(), r.title) == st.titles.end())
                st.titles.push_back(r.title);
        }
        b.tested.push_back(std::move(st));
    }
    check_bisection(log, bug_title, b);
    return b;
}

} // namespace lkmine
