// Charset conversion to UTF-8 for mail headers and bodies: iconv with mail-world aliases and
// fallbacks.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// Converts bytes in `charset` (any case, aliases such as "latin1", "utf8", "unknown-8bit") to
// valid UTF-8 without NUL bytes; undecodable sequences become U+FFFD. An unknown charset is
// read as UTF-8 when the bytes are valid UTF-8, else as windows-1252, and *ok is set to false.
std::string to_utf8(std::string_view bytes, std::string_view charset, bool* ok = nullptr);

// Valid UTF-8 is returned unchanged. Otherwise, when the text holds no valid multibyte
// sequence at all it is read as windows-1252 (8-bit legacy text); else each invalid byte
// becomes U+FFFD.
std::string sanitize_utf8(std::string_view text);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

} // namespace lkmine
