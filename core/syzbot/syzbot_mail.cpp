// Reads what syzbot put in its mails (links, bisection culprits) and the #syz commands people send.
#include "core/syzbot/syzbot_mail.hpp"

#include "core/syzbot/crash_title.hpp"
#include "core/base/text.hpp"

#include <algorithm>
#include <cctype>

namespace lkmine {
namespace {

using text::split_lines;
using text::starts;
using text::trim;

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// The hash after "syzbot+" up to '@' (or any non-hash character).
std::string extid_at(std::string_view s, std::size_t plus) {
    std::size_t e = plus + 1;
    while (e < s.size() && (std::isalnum(static_cast<unsigned char>(s[e]))))
        ++e;
    return std::string(s.substr(plus + 1, e - plus - 1));
}

std::string find_extid(std::string_view s) {
    for (std::size_t p = s.find("syzbot+"); p != std::string_view::npos;
         p = s.find("syzbot+", p + 1)) {
        std::string id = extid_at(s, p + 6);
        if (id.size() >= 8) return id;
    }
    std::size_t p = s.find("extid=");
    if (p != std::string_view::npos) return extid_at(s, p + 5);
    return "";
}

std::string clean_title(std::string_view subject) {
    std::string_view s = trim(subject);
    bool tagged = false; // after "[syzbot]" every bracket group is a subsystem tag
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view p : {"Re:", "RE:", "re:", "Fwd:", "Aw:", "AW:"})
            if (starts(s, p)) {
                s = trim(s.substr(p.size()));
                changed = true;
            }
        if (starts(s, "[syzbot")) {
            std::size_t e = s.find(']');
            if (e != std::string_view::npos) {
                s = trim(s.substr(e + 1));
                changed = tagged = true;
            }
        } else if (starts(s, "[") && s.find(']') != std::string_view::npos &&
                   (tagged || s.substr(0, s.find(']')).find('?') != std::string_view::npos)) {
            s = trim(s.substr(s.find(']') + 1)); // "[ext4?]" subsystem guesses
            changed = true;
        }
    }
    return std::string(s);
}

// "key:   value" lines of syzbot's header block.
void read_field(std::string_view l, SyzbotInfo& info) {
    struct Field {
        std::string_view key;
        std::string SyzbotInfo::*member;
    };
    static const Field fields[] = {{"HEAD commit:", &SyzbotInfo::head_commit},
                                   {"git tree:", &SyzbotInfo::git_tree},
                                   {"kernel config:", &SyzbotInfo::config_link},
                                   {"dashboard link:", &SyzbotInfo::dashboard_link},
                                   {"compiler:", &SyzbotInfo::compiler},
                                   {"syz repro:", &SyzbotInfo::syz_repro_link},
                                   {"C reproducer:", &SyzbotInfo::c_repro_link},
                                   {"bisection log:", &SyzbotInfo::bisection_log_link},
                                   {"start commit:", &SyzbotInfo::start_commit}};
    for (const auto& f : fields)
        if (starts(l, f.key) && (info.*f.member).empty())
            info.*f.member = std::string(trim(l.substr(f.key.size())));
}

void read_bisection(const std::vector<std::string_view>& lines, std::size_t i, SyzbotInfo& info) {
    for (; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (starts(l, "commit ") && info.culprit_sha.empty()) {
            info.culprit_sha = std::string(trim(l.substr(7)).substr(0, 40));
        } else if (starts(l, "Author:") && info.culprit_author.empty()) {
            info.culprit_author = std::string(trim(l.substr(7)));
        } else if (starts(l, "Date:") && info.culprit_date.empty()) {
            info.culprit_date = std::string(trim(l.substr(5)));
        } else if (starts(l, "    ") && info.culprit_title.empty() && !info.culprit_sha.empty()) {
            info.culprit_title = std::string(trim(l));
        } else if (starts(l, "bisection log:")) {
            return;
        }
    }
}

} // namespace

SyzbotInfo parse_syzbot_mail(std::string_view from_email, std::string_view subject,
                             std::string_view body, const std::vector<std::string>& addresses) {
    SyzbotInfo info;
    const bool from_syzbot = from_email.find("syzbot") != std::string_view::npos &&
                             from_email.find("syzkaller.appspotmail.com") != std::string_view::npos;
    info.extid = find_extid(from_email);
    for (const auto& a : addresses)
        if (info.extid.empty()) info.extid = find_extid(a);
    if (info.extid.empty()) info.extid = find_extid(body.substr(0, 1 << 20));
    info.title = clean_title(subject);
    auto lines = split_lines(body);
    bool in_candidates = false;
    std::size_t report_start = std::string_view::npos;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (starts(l, ">")) continue;
        read_field(l, info);
        if (l.find("syzbot has bisected this issue to") != std::string_view::npos ||
            l.find("syzbot has bisected this bug to") != std::string_view::npos) {
            info.kind = SyzbotKind::cause_bisection;
            read_bisection(lines, i + 1, info);
        } else if (l.find("The issue was bisected to") != std::string_view::npos ||
                   l.find("The bug was bisected to") != std::string_view::npos) {
            read_bisection(lines, i + 1, info); // a report that already carries its culprit
        } else if (l.find("syzbot suspects this issue was fixed by commit") !=
                       std::string_view::npos ||
                   l.find("syzbot suspects this bug was fixed by commit") !=
                       std::string_view::npos) {
            info.kind = SyzbotKind::fix_bisection;
            read_bisection(lines, i + 1, info);
        } else if (starts(l, "Bisection is inconclusive")) {
            info.inconclusive = true;
            if (info.kind == SyzbotKind::none) info.kind = SyzbotKind::cause_bisection;
            in_candidates = l.find("could be any of") != std::string_view::npos;
            continue;
        } else if (l.find("syzbot has tested the proposed patch") != std::string_view::npos ||
                   l.find("syzbot tried to test the proposed patch") != std::string_view::npos) {
            info.kind = SyzbotKind::test_result;
        } else if (report_start == std::string_view::npos &&
                   (starts(l, "syzbot found the following") || starts(l, "HEAD commit:") ||
                    l.find("the first crash in console output") != std::string_view::npos)) {
            if (info.kind == SyzbotKind::none) info.kind = SyzbotKind::report;
            report_start = static_cast<std::size_t>(l.data() - body.data());
        }
        if (in_candidates) {
            std::string_view t = trim(l);
            if (t.size() >= 12 && std::all_of(t.begin(), t.begin() + 12, is_hex))
                info.candidates.emplace_back(t);
            else if (!t.empty())
                in_candidates = false;
        }
    }
    if (info.kind == SyzbotKind::none && from_syzbot &&
        body.find("Call Trace") != std::string_view::npos)
        info.kind = SyzbotKind::report;
    if (!from_syzbot && info.kind == SyzbotKind::report && subject.substr(0, 3) == "Re:")
        info.kind = SyzbotKind::none; // a human quoting a report
    if (info.kind == SyzbotKind::report || info.kind == SyzbotKind::cause_bisection ||
        info.kind == SyzbotKind::fix_bisection) {
        std::string_view rest =
            body.substr(report_start == std::string_view::npos ? 0 : report_start);
        std::size_t end = rest.find("\n---\nThis report is generated by");
        if (end == std::string_view::npos) end = rest.find("\n---\nThis bug is generated by");
        info.report_text = std::string(rest.substr(0, end));
        info.crash_title = lkmine::crash_title(info.report_text, CrashText::report);
    }
    return info;
}

std::vector<SyzCommand> parse_syz_commands(std::string_view body) {
    std::vector<SyzCommand> out;
    for (std::string_view l : split_lines(body)) {
        std::string_view t = trim(l);
        if (t.empty() || t[0] == '>' || !starts(t, "#syz")) continue;
        t = t.substr(4);
        if (t.empty() || !(t[0] == ' ' || t[0] == '\t')) continue;
        t = trim(t);
        std::size_t e = 0;
        while (e < t.size() &&
               (std::isalnum(static_cast<unsigned char>(t[e])) || t[e] == '-' || t[e] == '_'))
            ++e;
        if (e == 0) continue;
        SyzCommand c{std::string(t.substr(0, e)), ""};
        std::string_view rest = t.substr(e);
        if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
        c.argument = std::string(trim(rest));
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<std::string> reported_by_extids(std::string_view text) {
    std::vector<std::string> out;
    for (std::string_view l : split_lines(text)) {
        std::string_view t = trim(l);
        if (t.size() < 12) continue;
        std::string lower(t.substr(0, 12));
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (lower != "reported-by:") continue;
        std::size_t p = t.find("syzbot+");
        if (p == std::string_view::npos) continue;
        std::string id = extid_at(t, p + 6);
        if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
}

} // namespace lkmine
