// syzbot mails: crash reports, bisection results, test results, and #syz commands in replies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

enum class SyzbotKind { none, report, cause_bisection, fix_bisection, test_result };

struct SyzbotInfo {
    SyzbotKind kind = SyzbotKind::none;
    std::string extid; // the <hash> of syzbot+<hash>@syzkaller.appspotmail.com
    std::string title; // Subject without Re:, [syzbot] and [subsystem?] tags
    std::string head_commit, git_tree, config_link, dashboard_link, compiler;
    std::string syz_repro_link, c_repro_link, bisection_log_link, start_commit;
    std::string report_text; // the crash report part of the body
    std::string crash_title; // crash_title() of the body
    // Bisection result ("bisected this issue to" / "suspects this issue was fixed by").
    std::string culprit_sha, culprit_author, culprit_date, culprit_title;
    bool inconclusive = false;
    std::vector<std::string> candidates; // "sha subject" lines of an inconclusive result
};

SyzbotInfo parse_syzbot_mail(std::string_view from_email, std::string_view subject,
                             std::string_view body_text, const std::vector<std::string>& addresses);

struct SyzCommand {
    std::string command;  // "fix", "dup", "invalid", "undup", "test", "set", "unset", ...
    std::string argument; // rest of the line, trimmed
};

// "#syz ..." commands on unquoted lines.
std::vector<SyzCommand> parse_syz_commands(std::string_view body_text);

// Hashes of every "Reported-by: syzbot+<hash>@..." trailer, in order, without duplicates.
std::vector<std::string> reported_by_extids(std::string_view text);

} // namespace lkmine
