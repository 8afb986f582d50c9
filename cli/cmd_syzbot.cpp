// `lkmine bisect-log`, `crash-title`, `symptom`, and the syzbot stage run at the end of `index`.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/safe_output.hpp"
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/syzbot_facts.hpp"
#include "core/stages/symptom_report.hpp"
#include "core/stages/syzbot_stage.hpp"
#include "core/syzbot/bisect_log.hpp"
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/syzbot_mail.hpp"
#include "ingest/file_io.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace lkmine::cli {
namespace {

constexpr std::size_t kShownTested = 20, kShownThreads = 12;

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 12);
}

std::string day(const std::string& iso) {
    return iso.substr(0, 10);
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

// syzkaller's report test files open with "TITLE: ..."-style lines and may end with the
// expected report; neither is console output.
std::string_view strip_test_metadata(std::string_view text) {
    if (text.rfind("TITLE:", 0) != 0 && text.rfind("CORRUPTED:", 0) != 0 &&
        text.rfind("TYPE:", 0) != 0)
        return text;
    auto blank = text.find("\n\n");
    if (blank == std::string_view::npos) return {};
    text.remove_prefix(blank + 2);
    auto rep = text.find("\nREPORT:\n");
    return rep == std::string_view::npos ? text : text.substr(0, rep + 1);
}

bool looks_like_mail(std::string_view text) {
    std::string_view head = text.substr(0, 8192);
    auto end = head.find("\n\n");
    if (end != std::string_view::npos) head = head.substr(0, end);
    int fields = 0;
    for (std::string_view f :
         {"\nFrom:", "\nSubject:", "\nMessage-ID:", "\nMessage-Id:", "\nDate:"})
        if (("\n" + std::string(head)).find(f) != std::string::npos) ++fields;
    return fields >= 2;
}

void print_tested(const SymptomTested& t) {
    std::string id = short_sha(t.commit) + (t.label.empty() ? "" : " (" + t.label + ")");
    std::string runs = !t.all_runs.empty() ? "all runs: " + t.all_runs
                       : t.crashed
                           ? std::to_string(t.crashed) + "/" + std::to_string(t.runs) + " crashed"
                       : t.runs ? "no crash"
                                : "no runs listed";
    safe_printf("      %-7s %-22s %s%s%s\n", t.verdict.c_str(), id.c_str(), runs.c_str(),
                t.titles.empty() ? "" : ": ", join(t.titles, "; ").c_str());
}

void print_bisection(const SymptomBisection& b) {
    safe_printf("  %s bisection%s -> culprit %s \"%s\"\n", b.kind.empty() ? "?" : b.kind.c_str(),
                b.extid.empty() ? "" : (" of " + b.extid).c_str(),
                b.culprit.sha.empty() ? "(none)" : short_sha(b.culprit.sha).c_str(),
                b.culprit.subject.c_str());
    if (!b.culprit.author.empty())
        safe_printf("    by %s, %s\n", b.culprit.author.c_str(), b.culprit.date.c_str());
    safe_printf("    from: %s\n", join(b.sources).c_str());
    if (!b.tested.empty()) {
        int good = 0, bad = 0;
        for (const auto& t : b.tested)
            good += t.verdict == "good", bad += t.verdict == "bad";
        safe_printf("    tested %zu commits (%d good, %d bad)%s:\n", b.tested.size(), good, bad,
                    b.revisions_tested
                        ? (", " + std::to_string(b.revisions_tested) + " revisions").c_str()
                        : "");
        for (std::size_t i = 0; i < b.tested.size() && i < kShownTested; ++i)
            print_tested(b.tested[i]);
        if (b.tested.size() > kShownTested)
            safe_printf("      ... %zu more (--json)\n", b.tested.size() - kShownTested);
    }
    for (const auto& w : b.warnings)
        safe_printf("    WARNING: %s\n", w.c_str());
    for (const auto& n : b.notes)
        safe_printf("    note: %s\n", n.c_str());
}

void print_threads(const char* heading, const std::vector<SymptomThread>& list) {
    safe_printf("\n%s (%zu):\n", heading, list.size());
    for (std::size_t i = 0; i < list.size() && i < kShownThreads; ++i) {
        const auto& t = list[i];
        safe_printf("  %-10s %s  %s\n", (t.role == "discussion" ? t.method : t.role).c_str(),
                    day(t.date).c_str(), t.subject.c_str());
        safe_printf("             <%s>  %zu of the thread's %zu mails%s\n", t.message_id.c_str(),
                    t.message_ids.size(), t.thread_size,
                    t.role == "discussion" ? "" : ("; found by " + t.method).c_str());
    }
    if (list.size() > kShownThreads)
        safe_printf("  ... %zu more (--json)\n", list.size() - kShownThreads);
}

void print_symptom(const SymptomReport& r) {
    safe_printf("symptom \"%s\" (normalised: %s)\n", r.query.c_str(), r.normalized.c_str());
    safe_printf("\nbugs (%zu):\n", r.bugs.size());
    for (const auto& b : r.bugs) {
        safe_printf("  %s  %s\n", b.extid.c_str(), b.title.c_str());
        safe_printf("    %s, %d report%s, first %s, last %s, %d mails\n", b.status.c_str(),
                    b.reports, b.reports == 1 ? "" : "s",
                    b.first_seen.empty() ? "?" : day(b.first_seen).c_str(),
                    b.last_seen.empty() ? "?" : day(b.last_seen).c_str(), b.mails);
        std::vector<std::pair<std::string, std::string>> fixes; // title, methods
        for (const auto& f : b.fixes) {
            auto it = std::find_if(fixes.begin(), fixes.end(),
                                   [&](const auto& x) { return x.first == f.title; });
            if (it == fixes.end())
                fixes.emplace_back(f.title, f.method);
            else
                it->second += ", " + f.method;
        }
        for (const auto& [title, how] : fixes)
            safe_printf("    fix (%s): %s\n", how.c_str(), title.c_str());
    }
    safe_printf("\nbisections (%zu):\n", r.bisections.size());
    for (const auto& b : r.bisections)
        print_bisection(b);
    print_threads("patch threads of culprits and fixes", r.patches);
    print_threads("discussions", r.discussions);
}

} // namespace

int run_bisect_log(const BisectLogCmdOptions& opt) {
    auto text = read_whole_file(opt.file);
    if (!text) {
        std::cerr << "lkmine bisect-log: " << text.error() << "\n";
        return 1;
    }
    if (!looks_like_bisect_log(*text)) {
        std::cerr << "lkmine bisect-log: " << opt.file
                  << " does not look like a syzbot bisection log\n";
        return 1;
    }
    BisectLog log = parse_bisect_log(*text);
    if (opt.json) {
        std::cout << bisect_log_to_json(log) << "\n";
        return 0;
    }
    SymptomBisection b = bisection_from_log(log, "");
    safe_printf("%s bisection from %s (syzkaller %s, %s)\n",
                log.kind.empty() ? "?" : log.kind.c_str(), short_sha(log.start_commit).c_str(),
                short_sha(log.syzkaller_commit).c_str(), log.compiler.c_str());
    if (!log.crash.title.empty()) safe_printf("crash: %s\n", log.crash.title.c_str());
    print_bisection(b);
    if (!log.time.total.empty())
        safe_printf("  time: total %s, build %s, test %s\n", log.time.total.c_str(),
                    log.time.build.c_str(), log.time.test.c_str());
    return 0;
}

int run_crash_title(const CrashTitleCmdOptions& opt) {
    auto text = read_whole_file(opt.file);
    if (!text) {
        std::cerr << "lkmine crash-title: " << text.error() << "\n";
        return 1;
    }
    std::string title;
    if (looks_like_mail(*text)) {
        // A syzbot report is titled as the report syzkaller cut; any other mail only from
        // console output it carries.
        Message m = parse_message(RawMessage{*text, {opt.file, ""}, {}});
        const std::string body = console_text(m);
        std::vector<std::string> addresses;
        for (const auto* list : {&m.to, &m.cc})
            for (const auto& a : *list)
                addresses.push_back(a.email);
        SyzbotInfo info = parse_syzbot_mail(m.from.email, m.subject, body, addresses);
        title =
            info.kind == SyzbotKind::report ? info.crash_title : crash_title(body, CrashText::mail);
    } else {
        title = crash_title(strip_test_metadata(*text));
    }
    if (title.empty()) return 1;
    std::cout << title << "\n";
    return 0;
}

int run_symptom(const SymptomCmdOptions& opt) {
    auto reader = StoreReader::open(opt.db);
    if (!reader) {
        std::cerr << "lkmine symptom: " << reader.error() << "\n";
        return 1;
    }
    auto rep = symptom_report(*reader, opt.text);
    if (!rep) {
        std::cerr << "lkmine symptom: " << rep.error() << "\n";
        return 1;
    }
    if (opt.json)
        std::cout << symptom_to_json(*rep) << "\n";
    else
        print_symptom(*rep);
    return 0;
}

} // namespace lkmine::cli
