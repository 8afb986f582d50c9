// Decoding of header text: RFC 2047 encoded words, raw 8-bit bytes, and header unfolding.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// Decodes RFC 2047 encoded words (Q and B, any charset, RFC 2231 "*lang" suffix) anywhere in
// the text, also when glued to other text. Whitespace between adjacent encoded words is
// dropped, and adjacent words of one charset are joined as bytes before conversion so a
// character split across them survives. Malformed words stay as text; other bytes are
// read with sanitize_utf8. The result is valid UTF-8.
std::string decode_header_text(std::string_view raw);

// Removes the line breaks (CRLF or LF) of folded header lines, keeping the whitespace.
std::string unfold(std::string_view value);

} // namespace lkmine
