// The MIME walker: a mail's leaf parts, transfer-decoded, found through mimetic (mime.cpp).
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct MimePart {
    std::string content_type; // lowercased "type/subtype"; "text/plain" when absent
    std::string charset;      // lowercased, may be empty
    std::string filename;     // decoded (RFC 2231/2047), may be empty
    std::string disposition;  // lowercased "inline", "attachment" or empty
    std::string content;      // transfer-decoded bytes, not charset-converted
    int depth = 0;            // multipart nesting depth of this part
};

struct MimeTree {
    std::vector<MimePart> parts; // leaves in document order
    std::vector<Warning> warnings;
};

// Bounds applied before mimetic sees the mail: it recurses once per multipart level and is
// quadratic on very long header lines.
inline constexpr int kMaxMimeDepth = 32;
inline constexpr std::size_t kMaxMimeHeaderLine = 16 * 1024;

// `headers` are the mail's own top-level fields (raw values); `body` is everything after them.
MimeTree walk_mime(const std::vector<Header>& headers, std::string_view body);

} // namespace lkmine
