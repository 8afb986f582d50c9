// Whether a text carries kernel (or syzkaller) console output, not only a crash named in prose.
#pragma once

#include <string_view>

namespace lkmine {

// True when `text` holds lines only a console log has: "Call Trace:", "RIP: ", "Modules linked
// in:", "CPU: 1 PID: 2 ...", "Hardware name:", "------------[ cut here ]------------", a Go
// "goroutine N [running]:" trace, or several "[  12.345678]" time-stamped lines. Quoted lines
// ("> ") count too: a reply quoting a report still shows that report's output. A reviewer's
// sentence "crashed on kernel BUG at mm/huge_memory.c:2013" is not console output.
bool has_console_output(std::string_view text);

} // namespace lkmine
