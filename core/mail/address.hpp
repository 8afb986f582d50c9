// RFC 5322 address lists (From/To/Cc) as written by real mail software, broken forms included.
#pragma once

#include "core/model/message.hpp"

#include <string_view>
#include <vector>

namespace lkmine {

// Display names are decoded (encoded words, quoted strings); a comment gives the name when
// there is none ("foo@bar (Foo Bar)"); group names are dropped and their members kept. The
// value may still be folded. Never throws; broken input yields what can be recovered.
std::vector<Address> parse_address_list(std::string_view raw_value);

// The first address of the list, or an empty Address.
Address parse_address(std::string_view raw_value);

} // namespace lkmine
