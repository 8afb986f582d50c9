// Finds the first kernel crash in console output and titles it with syzkaller's rules.
#include "core/syzbot/crash_title.hpp"

#include "core/syzbot/crash_title_regex.hpp"
#include "core/syzbot/crash_title_table.hpp"
#include "core/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lkmine {
namespace {

using crash::Extractor;
using crash::Match;
using crash::Regex;
using crash::RegexSet;

// Lines and the multi-line window are bounded as they were under std::regex, whose titles
// these are; crash::Regex itself needs no bound.
constexpr std::size_t max_line = 2048;
constexpr std::size_t report_window = 12 * 1024;
constexpr std::size_t max_lines = 20000;

std::string expand(std::string re) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (std::size_t p = 0; (p = re.find(from, p)) != std::string::npos; p += to.size())
            re.replace(p, from.size(), to);
    };
    replace_all("{{ADDR}}", "0x[0-9a-f]+");
    replace_all("{{PC}}", R"(\[<?(?:0x)?[0-9a-f]+>?\])");
    replace_all("{{FUNC}}", R"(([a-zA-Z0-9_]+)(?:\.|\+))");
    replace_all("{{SRC}}", R"(([a-zA-Z0-9_/.-]+\.[a-z]+:[0-9]+))");
    return re;
}

Regex make_re(const std::string& re) {
    return Regex(expand(re));
}

// Leading text of a pattern with no regex syntax: a cheap filter before running the regex.
std::string literal_prefix(const std::string& re) {
    std::string out;
    for (char c : re) {
        if (std::string_view(".*+?()[]{}|\\^$").find(c) != std::string_view::npos) break;
        out += c;
    }
    // A following quantifier applies to the last literal character.
    if (out.size() < re.size() &&
        std::string_view("*?{").find(re[out.size()]) != std::string_view::npos && !out.empty())
        out.pop_back();
    return out;
}

struct Part {
    bool parse_stack = false;
    std::optional<Regex> re;
};

struct CFormat {
    const crash::TitleFormat* src;
    Regex title;
    std::string title_literal;
    std::optional<Regex> report;
    std::vector<Part> parts, parts2;
    std::optional<RegexSet> skip; // the format's own skip patterns, beside Compiled::skip
};

struct CKind {
    const crash::OopsKind* src;
    std::vector<CFormat> formats;
    std::vector<Regex> suppressions;
};

struct Compiled {
    std::vector<CKind> kinds;
    std::vector<Regex> stack_start, frame_res, corrupted_lines;
    std::optional<RegexSet> stall_anchor;
    std::optional<RegexSet> skip; // frame names every format skips
    std::vector<Regex> report_start_ignores;
};

std::vector<Part> compile_parts(const std::vector<std::string>& in) {
    std::vector<Part> out;
    for (const auto& p : in) {
        Part part;
        if (p == crash::parse_stack_trace)
            part.parse_stack = true;
        else
            part.re = make_re(p);
        out.push_back(std::move(part));
    }
    return out;
}

// One alternation of all the patterns; as a yes/no, a RegexSet of them answers the same.
RegexSet join(const std::vector<std::string>& v) {
    std::vector<std::string> expanded;
    for (const auto& x : v)
        expanded.push_back(expand(x));
    return RegexSet(expanded);
}

std::vector<Regex> compile_all(const std::vector<std::string>& v) {
    std::vector<Regex> out;
    for (const auto& s : v)
        out.push_back(make_re(s));
    return out;
}

const Compiled& compiled() {
    static const Compiled c = [] {
        Compiled c;
        const auto& params = crash::linux_stack_params();
        for (const auto& kind : crash::linux_oopses()) {
            CKind ck{&kind, {}, compile_all(kind.suppressions)};
            for (const auto& f : kind.formats) {
                CFormat cf{&f, make_re(f.title), literal_prefix(f.title), {}, {}, {}, {}};
                if (!f.report.empty()) cf.report = make_re(f.report);
                if (f.has_stack) {
                    cf.parts = compile_parts(f.stack.parts);
                    cf.parts2 = compile_parts(f.stack.parts2);
                    cf.skip = join(f.stack.skip);
                }
                ck.formats.push_back(std::move(cf));
            }
            c.kinds.push_back(std::move(ck));
        }
        c.stack_start = compile_all(params.stack_start);
        c.frame_res = compile_all(params.frame_res);
        c.corrupted_lines = compile_all(params.corrupted_lines);
        c.stall_anchor = join(params.stall_anchors);
        c.skip = join(params.skip_patterns);
        c.report_start_ignores =
            compile_all({"invalid opcode: 0000", "Kernel panic - not syncing",
                         "unregister_netdevice: waiting for", "PANIC: double fault"});
        return c;
    }();
    return c;
}

bool search(std::string_view s, const Regex& re) {
    if (s.size() > max_line) s = s.substr(0, max_line);
    return re.search(s);
}

bool matches_any(std::string_view s, const std::vector<Regex>& res) {
    for (const auto& re : res)
        if (search(s, re)) return true;
    return false;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A symbolized report (what syzbot mails) expands each return address into its inlined calls:
// a copy of the line naming the inlined function, "f file.c:12 [inline]", then the real
// "g+0x1/0x2 file.c:34" frame. syzkaller titles the raw console output, which has only the
// real frame, so such lines are dropped: the guilty frame is the next non-inline one. The mark
// may sit mid-line ("WARNING: f.c:1 at f f.c:1 [inline], CPU#0: ...").
bool is_inline_frame(std::string_view line) {
    constexpr std::string_view mark = " [inline]";
    for (std::size_t p = line.find(mark); p != std::string_view::npos; p = line.find(mark, p + 1)) {
        std::size_t q = p;
        while (q > 0 && is_digit(line[q - 1]))
            --q;
        if (q == p || q == 0 || line[q - 1] != ':') continue;
        std::size_t start = q - 1;
        while (start > 0 && line[start - 1] != ' ')
            --start;
        if (line.substr(start, q - 1 - start).find('.') != std::string_view::npos) return true;
    }
    return false;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines = text::split_lines(text, max_lines);
    std::erase_if(lines, is_inline_frame);
    return lines;
}

// The console prefix "[  12.345678][ T1234] ": returns "" (no prefix), "console" (timestamp
// only) or the caller context "[ T1234]"; `rest` gets the offset after the prefix.
std::string extract_context(std::string_view line, std::size_t* rest = nullptr) {
    auto try_at = [&](std::size_t p, std::string* ctx) -> std::size_t {
        if (p < line.size() && line[p] == '<') {
            std::size_t q = p + 1;
            while (q < line.size() && is_digit(line[q]))
                ++q;
            if (q > p + 1 && q < line.size() && line[q] == '>') p = q + 1;
        }
        if (p >= line.size() || line[p] != '[') return 0;
        ++p;
        while (p < line.size() && line[p] == ' ')
            ++p;
        std::size_t d = p;
        while (p < line.size() && is_digit(line[p]))
            ++p;
        if (p == d || p >= line.size() || line[p] != '.') return 0;
        d = ++p;
        while (p < line.size() && is_digit(line[p]))
            ++p;
        if (p == d || p >= line.size() || line[p] != ']') return 0;
        ++p;
        std::size_t save = p;
        *ctx = "console";
        if (p < line.size() && line[p] == '[') {
            std::size_t q = p + 1;
            while (q < line.size() && line[q] == ' ')
                ++q;
            if (q < line.size() && (line[q] == 'C' || line[q] == 'T')) {
                std::size_t d2 = ++q;
                while (q < line.size() && is_digit(line[q]))
                    ++q;
                if (q > d2 && q < line.size() && line[q] == ']') {
                    *ctx = std::string(line.substr(p, q + 1 - p));
                    p = q + 1;
                }
            }
        }
        if (p < line.size() && line[p] == ' ') return p + 1;
        if (save < line.size() && line[save] == ' ') {
            *ctx = "console";
            return save + 1;
        }
        return 0;
    };
    std::size_t start = 0;
    if (line.substr(0, 3) == "** ") {
        std::size_t q = 3;
        while (q < line.size() && is_digit(line[q]))
            ++q;
        std::string_view tail = " printk messages dropped ** ";
        if (q > 3 && line.substr(q, tail.size()) == tail) start = q + tail.size();
    }
    std::vector<std::size_t> starts{start};
    for (std::size_t p = line.find(" login: ", start); p != std::string_view::npos;
         p = line.find(" login: ", p + 1))
        starts.push_back(p + 8);
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        std::string ctx;
        if (std::size_t r = try_at(*it, &ctx)) {
            if (rest) *rest = r;
            return ctx;
        }
    }
    return "";
}

bool match_oops(std::string_view line, const CKind& kind) {
    if (line.find(kind.src->header) == std::string_view::npos) return false;
    return !matches_any(line, kind.suppressions);
}

struct Found {
    const CKind* kind = nullptr;
    std::size_t line = 0;
    std::string context;
};

// The kinds whose header occurs somewhere in the text, in table order: only they can match a
// line, and most texts hold one or two of the thirty headers.
std::vector<const CKind*> kinds_in(std::string_view text) {
    std::vector<const CKind*> out;
    for (const auto& kind : compiled().kinds)
        if (text.find(kind.src->header) != std::string_view::npos) out.push_back(&kind);
    return out;
}

Found find_first_oops(const std::vector<std::string_view>& lines,
                      const std::vector<const CKind*>& kinds) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        for (const CKind* kind : kinds)
            if (match_oops(lines[i], *kind)) return Found{kind, i, extract_context(lines[i])};
    return {};
}

// The line without its console prefix; `questionable` for " ? func+0x" guesses of the unwinder.
std::string_view strip_prefix(std::string_view line, const std::string& context,
                              bool* questionable) {
    *questionable = false;
    if (context.empty()) return line;
    std::size_t p = line.find("] ");
    std::size_t rest = 0;
    extract_context(line, &rest);
    line = line.substr(rest ? rest : (p == std::string_view::npos ? 0 : p + 2));
    if (line.find("<EOI>") == std::string_view::npos) {
        std::size_t q = line.find(" ? ");
        if (q != std::string_view::npos) {
            *questionable = true;
            return line.substr(q + 2);
        }
        constexpr std::string_view unreliable = " (unreliable)";
        if (line.size() >= unreliable.size() &&
            line.substr(line.size() - unreliable.size()) == unreliable) {
            *questionable = true;
            return line.substr(0, line.size() - unreliable.size());
        }
    }
    return line;
}

bool is_cpu_context(const std::string& ctx) {
    return ctx.find('C') != std::string::npos && ctx[0] == '[';
}

struct ReportText {
    std::vector<std::string> lines;
    std::size_t report_end = 0; // number of lines before a second report started
    std::size_t end_line = 0;   // last line (exclusive) of any oops seen
};

ReportText find_report(const std::vector<std::string_view>& lines, const Found& f,
                       const std::vector<const CKind*>& kinds) {
    const auto& c = compiled();
    const bool some_absent = kinds.size() < c.kinds.size();
    ReportText r;
    bool second = false, skip_text = false, cpu_traceback = false;
    int text_lines = 0;
    const int min_lines = lines[f.line].find("BUG: KMSAN:") != std::string_view::npos ? 16 : 22;
    static const std::string_view info_with_stack[] = {
        "vmalloc: allocation failure:", "FAULT_INJECTION: forcing a failure",
        "FAULT_FLAG_ALLOW_RETRY missing"};
    for (std::size_t i = f.line; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        std::string ctx = extract_context(line);
        bool questionable = false;
        std::string_view stripped = strip_prefix(line, ctx, &questionable);
        bool is_oops_line = i == f.line;
        bool unmatched = some_absent; // a kind not matching this line: look for info lines
        for (const CKind* kind : kinds) {
            if (!match_oops(line, *kind)) {
                unmatched = true;
                continue;
            }
            r.end_line = i + 1;
            if (!is_oops_line && !second && !matches_any(line, c.report_start_ignores))
                second = true;
        }
        if (unmatched && !is_oops_line && !second)
            for (auto pat : info_with_stack)
                if (line.find(pat) != std::string_view::npos) second = true;
        if (!is_oops_line &&
            (questionable || (ctx != f.context && (!cpu_traceback || !is_cpu_context(ctx)))))
            continue;
        ++text_lines;
        bool skip_line = skip_text;
        if (line.find("Disabling lock debugging due to kernel taint") != std::string_view::npos) {
            skip_line = true;
        } else if (line.find("Sending NMI from CPU") != std::string_view::npos) {
            cpu_traceback = true;
        } else if ((line.find("Kernel panic - not syncing") != std::string_view::npos ||
                    line.find("WARNING: possible circular locking dependency detected") !=
                        std::string_view::npos) &&
                   text_lines > min_lines) {
            skip_text = skip_line = true;
        }
        if (!is_oops_line && skip_line) continue;
        r.lines.emplace_back(stripped.substr(0, std::min(stripped.size(), max_line)));
        if (!second || (!f.context.empty() && f.context != "console"))
            r.report_end = r.lines.size();
    }
    return r;
}

std::string format_title(const std::string& fmt, const std::vector<std::string>& args) {
    std::string out;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt.compare(i, 2, "%[") == 0) {
            std::size_t close = fmt.find(']', i);
            if (close != std::string::npos && close + 1 < fmt.size()) {
                int n = std::atoi(fmt.c_str() + i + 2);
                if (n >= 1 && static_cast<std::size_t>(n) <= args.size()) out += args[n - 1];
                i = close + 1; // skip the verb
                continue;
            }
        }
        out += fmt[i];
    }
    return out;
}

std::vector<std::string> strip_frames(const std::vector<std::string>& frames) {
    const auto& prefixes = crash::linux_stack_params().strip_prefixes;
    std::vector<std::string> out;
    for (const auto& f : frames) {
        std::string best = f;
        for (const auto& p : prefixes)
            if (f.compare(0, p.size(), p) == 0 && f.size() - p.size() < best.size())
                best = f.substr(p.size());
        out.push_back(best);
    }
    return out;
}

std::string stall_frame(const std::vector<std::string>& frames) {
    const auto& c = compiled();
    std::string prev = frames.front();
    for (const auto& f : frames) {
        if (c.stall_anchor->search(f)) {
            if (f.find("smp_call_function") != std::string::npos) prev = "smp_call_function";
            return prev;
        }
        prev = f;
    }
    return "";
}

std::string hang_frame(const std::vector<std::string>& frames) {
    static const std::pair<const char*, const char*> anchors[] = {
        {"rtnl_lock", ""},
        {"synchronize_rcu", "synchronize_rcu"},
        {"synchronize_srcu", "synchronize_rcu"},
        {"synchronize_net", "synchronize_rcu"},
        {"synchronize_sched", "synchronize_rcu"}};
    for (const auto& f : frames)
        for (const auto& [anchor, repl] : anchors)
            if (f.find(anchor) != std::string::npos) return *repl ? repl : f;
    static const char* skip[] = {"sched",          "_lock",       "_slowlock",
                                 "down",           "rwsem",       "completion",
                                 "kthread",        "wait",        "synchronize",
                                 "context_switch", "__switch_to", "cancel_delayed_work",
                                 "rcu_barrier"};
    for (const auto& f : frames) {
        bool skipped = false;
        for (const char* s : skip)
            skipped = skipped || f.find(s) != std::string::npos;
        if (!skipped) return f;
    }
    return "";
}

std::string key_frame(const std::vector<std::string>& raw, Extractor ex) {
    if (raw.empty()) return "";
    auto stripped = strip_frames(raw);
    switch (ex) {
    case Extractor::stall:
        return stall_frame(stripped);
    case Extractor::hang_task:
        return hang_frame(stripped);
    default:
        return stripped.front();
    }
}

void append_frames(std::vector<std::string>& frames, std::string_view line, const Match& m,
                   const RegexSet& skip) {
    for (std::size_t i = 1; i < m.size(); ++i) {
        if (!m.matched(i)) continue;
        std::string fr(m.str(line, i));
        // syzkaller joins the common and the format's skip patterns into one alternation.
        if (!compiled().skip->search(fr) && !skip.search(fr)) frames.push_back(std::move(fr));
    }
}

bool search_line(const std::string& line, const Regex& re, Match& m) {
    return re.search(line, m);
}

bool extract_frames_impl(const std::vector<std::string>& lines, const std::vector<Part>& parts,
                         const RegexSet& skip, Extractor ex, std::vector<std::string>& results) {
    const auto& c = compiled();
    std::vector<std::string> raw;
    bool ok = true;
    int stacks = 0;
    std::size_t li = 0;
    Match m;
    for (std::size_t pi = 0;; ++pi) {
        if (pi == parts.size() || (parts[pi].parse_stack && stacks > 0)) {
            std::string key = key_frame(raw, ex);
            if (key.empty()) {
                key = "corrupted";
                ok = false;
            }
            results.push_back(key);
            raw.clear();
        }
        if (pi == parts.size()) break;
        const Part& part = parts[pi];
        if (part.parse_stack) {
            ++stacks;
            bool next_part = false;
            while (li < lines.size() && !next_part) {
                const std::string& ln = lines[li++];
                if (matches_any(ln, c.corrupted_lines)) {
                    ok = false;
                    break;
                }
                if (matches_any(ln, c.stack_start)) break;
                if (pi + 1 < parts.size() && !parts[pi + 1].parse_stack &&
                    search_line(ln, *parts[pi + 1].re, m)) {
                    append_frames(raw, ln, m, skip);
                    ++pi;
                    next_part = true;
                    break;
                }
                for (const auto& re : c.frame_res) {
                    if (search_line(ln, re, m)) {
                        append_frames(raw, ln, m, skip);
                        break;
                    }
                }
            }
        } else {
            while (li < lines.size()) {
                const std::string& ln = lines[li++];
                if (matches_any(ln, c.corrupted_lines)) {
                    ok = false;
                    break;
                }
                if (search_line(ln, *part.re, m)) {
                    append_frames(raw, ln, m, skip);
                    break;
                }
            }
        }
    }
    return ok;
}

bool extract_frames(const std::vector<std::string>& lines, const CFormat& f,
                    std::vector<std::string>& results) {
    Extractor ex = f.src->stack.extractor;
    bool ok = extract_frames_impl(lines, f.parts, *f.skip, ex, results);
    if (ok || f.parts2.empty()) return ok;
    results.clear();
    return extract_frames_impl(lines, f.parts2, *f.skip, ex, results);
}

// syzkaller's extractDescription over the report lines.
std::string describe(const std::vector<std::string>& lines, const CKind& kind) {
    std::string text;
    std::vector<std::size_t> starts;
    for (const auto& l : lines) {
        starts.push_back(text.size());
        text += l;
        text += '\n';
    }
    std::size_t start_pos = text.size(), limit_line = lines.size();
    std::string desc;
    Match m;
    for (const auto& f : kind.formats) {
        std::size_t pos = std::string::npos, line_no = 0;
        std::vector<std::string> args;
        if (text.find(f.title_literal) == std::string::npos) continue; // in no line either
        for (std::size_t i = 0; i < lines.size() && i <= limit_line; ++i) {
            if (lines[i].find(f.title_literal) == std::string::npos) continue;
            if (f.title.search(lines[i], m)) {
                pos = starts[i] + m.position(0);
                line_no = i;
                for (std::size_t g = 1; g < m.size(); ++g)
                    args.emplace_back(m.str(lines[i], g));
                break;
            }
        }
        if (pos == std::string::npos || pos > start_pos) continue;
        if (pos == start_pos && !desc.empty()) continue;
        if (pos < start_pos) {
            desc.clear();
            start_pos = pos;
            limit_line = line_no;
        }
        std::size_t match_start = pos;
        if (f.report) {
            std::string_view window = std::string_view(text).substr(pos, report_window);
            Match rm;
            if (!f.report->search(window, rm)) continue;
            args.clear();
            for (std::size_t g = 1; g < rm.size(); ++g)
                args.emplace_back(rm.str(window, g));
            match_start = pos + rm.position(0);
        }
        if (f.src->has_stack) {
            auto it = std::upper_bound(starts.begin(), starts.end(), match_start);
            std::size_t li = static_cast<std::size_t>(it - starts.begin()) - 1;
            std::vector<std::string> sub(lines.begin() + li, lines.end());
            sub[0] = sub[0].substr(match_start - starts[li]);
            std::vector<std::string> frames;
            extract_frames(sub, f, frames);
            args.insert(args.end(), frames.begin(), frames.end());
        }
        desc = format_title(f.src->fmt, args);
    }
    if (desc.empty()) {
        for (const auto& l : lines) {
            std::size_t p = l.find(kind.src->header);
            if (p != std::string::npos) return l.substr(p);
        }
    }
    return desc;
}

struct Replacement {
    Regex re;
    const char* with;
};

std::string replace_dynamic(std::string s) {
    static const std::vector<Replacement> table = [] {
        std::vector<Replacement> t;
        auto add = [&](const char* re, const char* with) { t.push_back({Regex(re), with}); };
        add(R"(syz-executor\.?[0-9]+((/|:)[0-9]+)?)", "syz-executor");
        add(R"(syzkaller[0-9]+((/|:)[0-9]+)?)", "syzkaller");
        add(R"(([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,})", "$1ADDR");
        add(R"(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}))", "IP");
        add(R"((\.\w+)(:[0-9]+)+)", "$1:LINE");
        add(R"(([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+)", "$1");
        add(R"(CPU#[0-9]+)", "CPU");
        add(R"((\W)(\d+)(\W|$))", "$1NUM$3");
        add(R"(\d{7,})", "NUM");
        return t;
    }();
    for (const auto& r : table) {
        for (int guard = 0; guard < 50; ++guard) {
            std::string next = r.re.replace(s, r.with);
            if (next == s) break;
            s = std::move(next);
        }
    }
    return s;
}

std::string sanitize(std::string_view title) {
    std::string res;
    char prev = ' ';
    for (std::size_t i = 0; i < title.size() && i < 120; ++i) {
        char ch = title[i];
        unsigned char u = static_cast<unsigned char>(ch);
        if (ch == '\t')
            ch = ' ';
        else if (u < 0x20 || u >= 0x7f)
            continue;
        if (ch == ' ' && prev == ' ') continue;
        res += ch;
        prev = ch;
    }
    while (!res.empty() && res.back() == ' ')
        res.pop_back();
    return res;
}

// The line without quote marks, console prefix and indentation.
std::string_view bare(std::string_view line) {
    while (!line.empty() && (line[0] == '>' || line[0] == ' ' || line[0] == '\t'))
        line.remove_prefix(1);
    std::size_t rest = 0;
    if (!extract_context(line, &rest).empty()) line.remove_prefix(rest);
    while (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
        line.remove_prefix(1);
    return line;
}

// The oops header at the start of the line (after quote marks, console prefix and a
// "watchdog: "-like tag), not inside a sentence.
bool header_at_line_start(std::string_view line, const std::string& header) {
    std::string_view b = bare(line);
    std::size_t p = b.find(header);
    if (p == 0) return true;
    if (p == std::string_view::npos || p < 2 || b.substr(p - 2, 2) != ": ") return false;
    std::string_view tag = b.substr(0, p - 2);
    return !tag.empty() && tag.size() <= 20 && tag.find(' ') == std::string_view::npos;
}

// A line that only console output has: a stack trace start, a register dump, a sanitizer's
// access description.
bool is_evidence_line(std::string_view line) {
    static constexpr std::string_view starts[] = {
        "Call Trace",     "Call trace:",      "Backtrace:", "backtrace:",
        "backtrace (crc", "RIP: 0010:",       "RIP: ",      "pc : ",
        "NIP:",           "PC is at ",        "EIP: ",      "Read of size ",
        "Write of size ", "Uninit was ",      "read to 0x", "write to 0x",
        "read-write to ", "Allocated by task"};
    std::string_view b = bare(line);
    for (auto s : starts)
        if (b.substr(0, s.size()) == s) return true;
    return b.find(" is out of range for type ") != std::string_view::npos;
}

// Console output, not prose that names a crash: the oops header starts its line and a call
// trace, register dump or sanitizer report body follows within the report.
bool is_console_output(const std::vector<std::string_view>& lines, const Found& f) {
    if (!header_at_line_start(lines[f.line], f.kind->src->header)) return false;
    constexpr std::size_t window = 120;
    for (std::size_t i = f.line; i < lines.size() && i < f.line + window; ++i)
        if (is_evidence_line(lines[i])) return true;
    return false;
}

// A placeholder syzkaller's replacements left: a number, line, address or IP that no pattern
// of the table named.
bool has_placeholder(std::string_view t) {
    auto word = [&](std::size_t i) {
        return i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_');
    };
    for (std::string_view p : {"NUM", "LINE", "ADDR", "IP"})
        for (std::size_t q = t.find(p); q != std::string_view::npos; q = t.find(p, q + 1))
            if ((q == 0 || !word(q - 1)) && !word(q + p.size())) return true;
    return false;
}

std::string title_of(std::string_view text, CrashText kind) {
    auto lines = split_lines(text);
    const std::vector<const CKind*> kinds = kinds_in(text);
    Found f = find_first_oops(lines, kinds);
    if (!f.kind) return "";
    if (kind == CrashText::mail && !is_console_output(lines, f)) return "";
    ReportText r = find_report(lines, f, kinds);
    if (kind == CrashText::report) r.report_end = r.lines.size();
    std::vector<std::string> head(r.lines.begin(), r.lines.begin() + r.report_end);
    std::string title = describe(head, *f.kind);
    if (title.empty()) {
        std::vector<std::string> raw;
        for (std::size_t i = f.line; i < std::max(r.end_line, f.line + 1); ++i)
            raw.emplace_back(lines[i].substr(0, std::min(lines[i].size(), max_line)));
        title = describe(raw, *f.kind);
    }
    std::string out = sanitize(replace_dynamic(title.substr(0, 4096)));
    if (kind != CrashText::console && has_placeholder(out)) return "";
    // A quoted fragment names no frame: no symptom rather than "... in corrupted".
    if (kind == CrashText::mail && out.find("corrupted") != std::string::npos) return "";
    return out;
}

} // namespace

std::string crash_title(std::string_view text, CrashText kind) {
    try {
        return title_of(text, kind);
    } catch (const std::exception&) {
        return ""; // a rule the engine cannot compile (a bug of ours) must not lose the mail
    }
}

std::string normalize_title(std::string_view title) {
    try {
        static const Regex tags(R"(^(?:(?:re|fwd?|aw)\s*:\s*|\[[^\]]*\]\s*)+)", true);
        static const Regex dup_suffix(R"(\s*\(\d+\)\s*$)");
        static const Regex timestamp(R"(\[ *\d+\.\d+\](\[ *[CT]\d+\])?)");
        static const Regex compiler_suffix(
            R"(\.(?:isra|constprop|part|cold|lto_priv|llvm)(?:\.\d+)*\b)");
        static const Regex pid(R"(\b(?:pid|PID|tid)[ :=]*\d+)");
        std::string s = sanitize(std::string(title.substr(0, 1024)));
        s = tags.replace(s, "");
        for (int i = 0; i < 8; ++i) {
            std::string next = dup_suffix.replace(s, "");
            if (next == s) break;
            s = next;
        }
        s = timestamp.replace(s, "");
        s = compiler_suffix.replace(s, "");
        s = pid.replace(s, "pid NUM");
        return sanitize(replace_dynamic(s));
    } catch (const std::exception&) {
        return std::string(title);
    }
}

} // namespace lkmine
