// parse_message(): raw bytes of one mail in, everything lkmine understood of it out.
#pragma once

#include "core/model/message.hpp"

#include <string_view>
#include <vector>

namespace lkmine {

// Never throws and never fails: malformed input yields a Message with warnings.
Message parse_message(const RawMessage& raw);

// One file's bytes as mails: an mbox is split, a flattened mail or single mail is one.
std::vector<RawMessage> split_input(std::string_view bytes, const std::string& source);

} // namespace lkmine
