// Decoding of header text: RFC 2047 encoded words, raw 8-bit bytes, and header unfolding.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// Decodes RFC 2047 encoded words (Q and B, any charset, RFC 2231 "*lang" suffix) anywhere in
// the text, also when glued to other text. Whitespace between adjacent encoded words is
// dropped, and adjacent words of one charset are joined as bytes before conversion so a
// character split across them survives. Malformed words stay as text; other bytes are
// read with sanitize_utf8. The result is valid UTF-8 on one line (fold_line_breaks).
std::string decode_header_text(std::string_view raw);

// A header value is one line: each CR, LF or CRLF that decoding produced (an encoded word
// "=0D=0A", an RFC 2231 "%0D%0A") becomes one space, so a value cannot forge header lines.
std::string fold_line_breaks(std::string text);

// Removes the line breaks (CRLF or LF) of folded header lines, keeping the whitespace.
std::string unfold(std::string_view value);

} // namespace lkmine
