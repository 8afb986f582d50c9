// syzbot_facts(): ties syzbot mail parsing, #syz commands, Reported-by and crash titles together.
#include "core/mail/syzbot_facts.hpp"

#include "core/base/text.hpp"
#include "core/mail/flowed.hpp"
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/syzbot_mail.hpp"

#include <algorithm>
#include <array>

namespace lkmine {
namespace {

// crash_title() scans line by line; a crash is near the top of any mail that carries one, so a
// 1 MB window bounds the cost of huge bodies without losing real reports.
constexpr std::size_t kCrashWindow = 1 << 20;

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

const char* kind_name(SyzbotKind k) {
    switch (k) {
    case SyzbotKind::report:
        return "report";
    case SyzbotKind::cause_bisection:
        return "cause_bisection";
    case SyzbotKind::fix_bisection:
        return "fix_bisection";
    case SyzbotKind::test_result:
        return "test_result";
    case SyzbotKind::none:
        break;
    }
    return "";
}

void push_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Quoted console output ("> Call Trace:") is how replies carry the crash; crash_title() reads
// unquoted logs, so one level of quoting is stripped first.
std::string unquote(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        std::string_view line = text.substr(pos, end - pos);
        while (!line.empty() && line[0] == '>') {
            line.remove_prefix(1);
            if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
        }
        out.append(line);
        pos = end;
    }
    return out;
}

} // namespace

bool may_carry_crash(std::string_view t) {
    static constexpr std::string_view kMarks[] = {"Call Trace",     "RIP:",
                                                  "BUG:",           "WARNING:",
                                                  "KASAN",          "KMSAN",
                                                  "KCSAN",          "UBSAN",
                                                  "Oops",           "INFO: task",
                                                  "INFO: rcu",      "general protection fault",
                                                  "kernel BUG",     "possible deadlock",
                                                  "Kernel panic",   "unregister_netdevice",
                                                  "Bad rss-counter"};
    // One pass instead of one search per mark: every body of every mail goes through here.
    static const auto starts = [] {
        std::array<bool, 256> a{};
        for (auto m : kMarks)
            a[static_cast<unsigned char>(m[0])] = true;
        return a;
    }();
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!starts[static_cast<unsigned char>(t[i])]) continue;
        std::string_view rest = t.substr(i);
        for (auto m : kMarks)
            if (m[0] == t[i] && rest.starts_with(m)) return true;
    }
    return false;
}

std::string console_text(const Message& m) {
    for (const auto& h : m.headers) {
        if (text::lower(h.name) != "content-type") continue;
        bool delsp = false;
        if (is_flowed(h.value, &delsp)) return unflow(m.body_text, delsp);
        break;
    }
    return m.body_text;
}

SyzbotFacts syzbot_facts(const Message& m) {
    SyzbotFacts f;
    bool crash_done = false;
    const std::string text = console_text(m);
    std::string_view body = text;
    std::vector<std::string> addresses;
    bool about_syzbot =
        contains(m.from.email, "syzbot") || contains(body.substr(0, kCrashWindow), "syzbot");
    for (const auto* list : {&m.to, &m.cc})
        for (const auto& a : *list) {
            addresses.push_back(a.email);
            if (contains(a.email, "syzbot")) about_syzbot = true;
        }
    if (about_syzbot || contains(body, "#syz")) {
        SyzbotInfo info = parse_syzbot_mail(m.from.email, m.subject, body, addresses);
        // syzbot+list<hash> sends the monthly summaries of a subsystem: many bugs, no crash.
        if (info.extid.rfind("list", 0) == 0) return {};
        f.kind = kind_name(info.kind);
        // Only an address names the bug a mail is about; an extid in a body may be a mention.
        if (contains(m.from.email, "syzbot+")) f.extid = info.extid;
        for (const auto& a : addresses)
            if (f.extid.empty() && contains(a, "syzbot+")) f.extid = info.extid;
        bool from_syzbot = contains(m.from.email, "syzkaller.appspotmail.com");
        if (from_syzbot) f.title = info.title;
        if (!info.culprit_sha.empty() && from_syzbot) {
            f.culprit_sha = info.culprit_sha;
            f.culprit_title = info.culprit_title;
        }
        if (from_syzbot && info.kind == SyzbotKind::report) push_unique(f.symptoms, info.title);
        push_unique(f.symptoms, info.crash_title);
        // crash_title() is costly (std::regex): never run it twice on one report.
        crash_done = !info.report_text.empty();
        for (const auto& c : parse_syz_commands(body))
            if (c.command == "fix") push_unique(f.fix_titles, c.argument);
        f.reported_by = reported_by_extids(body);
    }
    std::string_view window = body.substr(0, kCrashWindow);
    if (!crash_done && may_carry_crash(window)) {
        std::string title = crash_title(window, CrashText::mail);
        if (title.empty() && contains(window, "\n>"))
            title = crash_title(unquote(window), CrashText::mail);
        push_unique(f.symptoms, std::move(title));
    }
    return f;
}

} // namespace lkmine
