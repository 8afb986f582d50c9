// Parses syzbot bisection logs line by line; unknown lines are ignored, never fatal.
#include "core/syzbot/bisect_log.hpp"

#include "core/base/text.hpp"

#include <cctype>

namespace lkmine {
namespace {

using text::split_lines;
using text::starts;
using text::trim;

bool is_sha(std::string_view s) {
    if (s.size() < 7 || s.size() > 40) return false;
    for (char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::string first_word(std::string_view s) {
    s = trim(s);
    return std::string(s.substr(0, s.find(' ')));
}

// "... (build: 1h2m, test: 3h)" pieces.
std::string field_after(std::string_view line, std::string_view key) {
    std::size_t p = line.find(key);
    if (p == std::string_view::npos) return "";
    std::string_view v = line.substr(p + key.size());
    std::size_t end = v.find_first_of(",)");
    return std::string(trim(v.substr(0, end)));
}

void parse_cc(std::string_view v, std::vector<std::string>& cc) {
    for (std::size_t p = v.find('"'); p != std::string_view::npos; p = v.find('"', p + 1)) {
        std::size_t e = v.find('"', p + 1);
        if (e == std::string_view::npos) break;
        cc.emplace_back(v.substr(p + 1, e - p - 1));
        p = e;
    }
}

void set_verdict(BisectLog& log, const std::string& sha, const std::string& verdict) {
    for (auto it = log.tested.rbegin(); it != log.tested.rend(); ++it)
        if (it->commit == sha) {
            it->verdict = verdict;
            return;
        }
}

// The verdict a run list implies when no "# git bisect" line states it.
void infer_verdicts(BisectLog& log) {
    for (auto& t : log.tested) {
        if (t.verdict != "unknown" || t.runs.empty()) continue;
        bool crashed = false, ok = false;
        for (const auto& r : t.runs) {
            crashed = crashed || r.result == "crashed";
            ok = ok || r.result == "OK";
        }
        if (crashed)
            t.verdict = log.kind == "fix" ? "good" : "bad";
        else if (ok)
            t.verdict = log.kind == "fix" ? "bad" : "good";
    }
}

} // namespace

bool looks_like_bisect_log(std::string_view text) {
    text = text.substr(0, 4096);
    return text.find("bisecting cause commit starting from") != std::string_view::npos ||
           text.find("bisecting fixing commit since") != std::string_view::npos ||
           (text.find("testing commit ") != std::string_view::npos &&
            (text.find("# git bisect") != std::string_view::npos ||
             text.find("run #0: ") != std::string_view::npos));
}

BisectLog parse_bisect_log(std::string_view text) {
    BisectLog log;
    auto lines = split_lines(text);
    std::string pending_label, last_subject_sha, last_subject;
    bool in_commit = false, in_message = false, in_crash = false, in_candidates = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (in_crash) {
            log.crash.lines.emplace_back(l);
            continue;
        }
        if (in_commit) {
            if (starts(l, "Author:"))
                log.culprit.author = std::string(trim(l.substr(7)));
            else if (starts(l, "Date:"))
                log.culprit.date = std::string(trim(l.substr(5)));
            else if (starts(l, "    ") || (l.empty() && in_message)) {
                std::string_view body = l.size() >= 4 ? l.substr(4) : std::string_view{};
                if (!in_message) log.culprit.subject = std::string(trim(body));
                in_message = true;
                log.culprit.message += std::string(body) + "\n";
                continue;
            } else if (!l.empty()) {
                in_commit = false;
                while (log.culprit.message.size() >= 2 &&
                       log.culprit.message.compare(log.culprit.message.size() - 2, 2, "\n\n") == 0)
                    log.culprit.message.pop_back();
            }
            if (in_commit) continue;
        }
        if (in_candidates) {
            std::string w = first_word(l);
            if (is_sha(w)) {
                log.candidates.emplace_back(trim(l));
                continue;
            }
            in_candidates = false;
        }
        if (starts(l, "bisecting cause commit starting from ")) {
            log.kind = "cause";
            log.start_commit = first_word(l.substr(37));
        } else if (starts(l, "bisecting fixing commit since ")) {
            log.kind = "fix";
            log.start_commit = first_word(l.substr(30));
        } else if (starts(l, "building syzkaller on ")) {
            log.syzkaller_commit = first_word(l.substr(22));
        } else if (starts(l, "testing release ")) {
            pending_label = first_word(l.substr(16));
        } else if (starts(l, "testing commit ")) {
            BisectTested t;
            t.commit = first_word(l.substr(15));
            std::size_t w = l.find(" with ");
            if (w != std::string_view::npos) t.compiler = std::string(trim(l.substr(w + 6)));
            if (log.compiler.empty()) log.compiler = t.compiler;
            t.label = pending_label;
            pending_label.clear();
            if (t.commit == last_subject_sha) t.subject = last_subject;
            log.tested.push_back(std::move(t));
        } else if (starts(l, "run #") && !log.tested.empty()) {
            BisectRun r;
            r.n = std::atoi(std::string(l.substr(5, 6)).c_str());
            std::size_t c = l.find(": ");
            std::string_view rest = c == std::string_view::npos ? "" : l.substr(c + 2);
            std::size_t c2 = rest.find(": ");
            r.result = std::string(rest.substr(0, c2));
            if (c2 != std::string_view::npos) r.title = std::string(rest.substr(c2 + 2));
            log.tested.back().runs.push_back(std::move(r));
        } else if (starts(l, "all runs: ") && !log.tested.empty()) {
            // "all runs: OK" or "all runs: crashed: TITLE": one verdict for every run, count
            // unsaid.
            std::string_view rest = l.substr(10);
            std::size_t c2 = rest.find(": ");
            BisectRun r{-1, std::string(rest.substr(0, c2)), ""};
            if (c2 != std::string_view::npos) r.title = std::string(rest.substr(c2 + 2));
            log.tested.back().runs.push_back(std::move(r));
        } else if (starts(l, "# git bisect ")) {
            BisectStep step;
            std::string_view rest = l.substr(13);
            step.action = first_word(rest);
            rest = trim(rest.substr(std::min(rest.size(), step.action.size())));
            while (!rest.empty()) {
                std::string w = first_word(rest);
                step.args.push_back(w);
                rest = trim(rest.substr(std::min(rest.size(), w.size())));
            }
            if (step.action != "start")
                for (const auto& a : step.args)
                    set_verdict(log, a, step.action);
            log.steps.push_back(std::move(step));
        } else if (starts(l, "[") && l.find("] ") != std::string_view::npos &&
                   is_sha(l.substr(1, l.find("] ") - 1))) {
            last_subject_sha = std::string(l.substr(1, l.find("] ") - 1));
            last_subject = std::string(l.substr(l.find("] ") + 2));
        } else if (starts(l, "commit ") && is_sha(first_word(l.substr(7)))) {
            log.culprit = BisectCulprit{};
            log.culprit.sha = first_word(l.substr(7));
            in_commit = true;
            in_message = false;
        } else if (starts(l, "revisions tested: ")) {
            log.revisions_tested = std::atoi(std::string(l.substr(18, 8)).c_str());
            log.time.total = field_after(l, "total time: ");
            std::size_t sp = log.time.total.find(' ');
            if (sp != std::string::npos) log.time.total.resize(sp);
            log.time.build = field_after(l, "build: ");
            log.time.test = field_after(l, "test: ");
        } else if (starts(l, "first bad commit: ") || starts(l, "first good commit: ")) {
            std::string_view rest = l.substr(l.find(": ") + 2);
            std::string sha = first_word(rest);
            if (log.culprit.sha.empty()) log.culprit.sha = sha;
            if (log.culprit.subject.empty() && rest.size() > sha.size())
                log.culprit.subject = std::string(trim(rest.substr(sha.size())));
        } else if (starts(l, "cc: ")) {
            parse_cc(l.substr(4), log.cc);
        } else if (starts(l, "crash: ")) {
            log.crash.title = std::string(trim(l.substr(7)));
            in_crash = true;
        } else if (l.find("the first bad commit could be any of") != std::string_view::npos ||
                   l.find("the first good commit could be any of") != std::string_view::npos) {
            in_candidates = true;
        }
    }
    infer_verdicts(log);
    return log;
}

} // namespace lkmine
