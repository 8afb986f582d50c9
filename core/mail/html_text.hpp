// The text of an HTML-only mail for indexing and display (libxml2's HTML parser, in
// html_text.cpp only): script, style and head dropped, entities decoded, blocks on lines.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// `html` is UTF-8 (the MIME layer converted it). Never fails: broken markup is read as a
// browser would, as well as libxml2 can.
std::string html_to_text(std::string_view html);

} // namespace lkmine
