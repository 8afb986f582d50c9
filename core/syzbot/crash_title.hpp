// Crash titles the way syzkaller names them, from kernel console output or a syzbot mail body.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// What the text is. `console`: console output, titled exactly as syzkaller would. `report`: one
// report as syzkaller cut it from the console (the body of a syzbot report mail); it has lost
// the "[ T123]" caller prefixes that tell which later oops lines belong to the same report, so
// an oops line inside it ("Internal error: Oops" after "Unable to handle kernel paging
// request") does not end it. `mail`: any other mail; a crash is titled only when the oops line
// heads real console output (a call trace, a register dump or a sanitizer report body follows),
// not from a quoted one-liner, a build error or a list of bug titles. For `report` and `mail`
// a title that would keep one of syzkaller's placeholders (NUM, LINE, ADDR, IP) is no title.
enum class CrashText { console, report, mail };

// Title of the first crash in the text ("KASAN: use-after-free Read in foo"), "" if none.
// Works on raw console logs (with "[  12.3][ T123]" prefixes) and on mail bodies.
std::string crash_title(std::string_view console_log_or_mail_text,
                        CrashText kind = CrashText::console);

// A key under which variants of one crash group together: no " (2)" suffix, no addresses,
// pids, timestamps or compiler suffixes (".isra.0", ".cold", ".constprop.0").
std::string normalize_title(std::string_view title);

} // namespace lkmine
