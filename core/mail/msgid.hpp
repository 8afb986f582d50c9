// Message-ID parsing for Message-ID/In-Reply-To/References values and for user arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Every id in the value, without <>, in order, duplicates removed (first kept). Copes with
// comments and quoted phrases between ids ("<a@b> (Foo's message of ...)"), ids broken by
// folding, missing angle brackets, and prose ("Your message of ...") that holds no id.
std::vector<std::string> parse_msgid_list(std::string_view raw);

// The first id of the value, or "".
std::string parse_msgid(std::string_view raw);

// An id typed by a user: "<id>", "id", "mid:id", or a lore URL
// (https://lore.kernel.org/<list>/<id>/[T/#u|raw], .../r/<id>). Only a URL's id is
// %XX-decoded: a typed id is taken as written, '%' being legal in Message-IDs.
std::string msgid_from_arg(std::string_view user_input);

} // namespace lkmine
