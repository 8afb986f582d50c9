// Recovering "flattened" mails: copies whose line breaks became spaces and whose <...> addresses
// beginning with a letter were stripped (seen in scraped archives and some web exports).
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// True for one (or very few) very long lines that start with a header name and carry several
// more "Name: " header tokens on that same line, among them Subject: or Message-ID:.
// Ordinary mails, mboxes, logs and base64 blobs have one header per line and never match.
bool looks_flattened(std::string_view bytes);

// Rebuilds an RFC 5322 mail: one known header per line (References folded one id per line),
// a blank line, then the body with line breaks restored where they can be inferred (quote
// markers, attributions, "..." separators, signatures, trailers, diff markers; prose is
// re-wrapped at 72 columns). Always appends a "recovered-flattened" warning saying what was lost.
std::string recover_flattened(std::string_view bytes, std::vector<Warning>& warnings);

// The body half of the above, on the flattened body text alone.
std::string restore_flattened_body(std::string_view flat_body);

} // namespace lkmine
