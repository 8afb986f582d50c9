// Crash titles the way syzkaller names them, from kernel console output or a syzbot mail body.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// Title of the first crash in the text ("KASAN: use-after-free Read in foo"), "" if none.
// Works on raw console logs (with "[  12.3][ T123]" prefixes) and on mail bodies.
std::string crash_title(std::string_view console_log_or_mail_text);

// A key under which variants of one crash group together: no " (2)" suffix, no addresses,
// pids, timestamps or compiler suffixes (".isra.0", ".cold", ".constprop.0").
std::string normalize_title(std::string_view title);

} // namespace lkmine
