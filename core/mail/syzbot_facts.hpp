// syzbot_facts(): the syzbot side of one parsed mail (report, bisection, #syz fix, Reported-by,
// crash titles in the text), cheap for the many mails that have none.
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <string_view>

namespace lkmine {

SyzbotFacts syzbot_facts(const Message& m);

// The body as its sender wrote it: format=flowed mails (syzbot's older reports) unwrapped, so
// console lines are whole again. The text crash titles are read from.
std::string console_text(const Message& m);

// True when the text may hold kernel console output (a guard before the costlier crash_title()).
bool may_carry_crash(std::string_view text);

} // namespace lkmine
