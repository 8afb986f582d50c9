// What the index reads as a mail's text: the writer (terms) and the phrase check must agree.
#pragma once

#include "core/model/message.hpp"

#include <string_view>

namespace lkmine::store_detail {

// `msg` itself, or (schema 4) for a mail with attached text parts `copy` filled with msg and
// those parts after its body, past a blank line: lore searches every text part.
const Message& indexed_text(const Message& msg, std::string_view raw, Message& copy);

} // namespace lkmine::store_detail
