// Splitting a raw mail into its header fields and the offset of its body: one linear scan.
#pragma once

#include "core/model/message.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct RawHeader {
    std::string name;  // as written, without the colon
    std::string value; // raw bytes, unfolded, leading and trailing whitespace removed
};

struct HeaderBlock {
    std::vector<RawHeader> fields;
    std::size_t body_offset = 0; // where the body starts in the mail (mail.size() if none)
    std::vector<Warning> warnings;
};

inline constexpr std::size_t max_header_bytes = std::size_t{1} << 20;
inline constexpr std::size_t max_header_fields = 10000;

// Skips a leading mbox "From " line; accepts LF and CRLF. A line that is neither a field nor
// a continuation ends the header (a missing blank line). Fields above max_header_bytes are
// truncated ("long-header"); fields after max_header_fields are dropped ("too-many-headers").
HeaderBlock split_headers(std::string_view mail);

// First field with this name (case-insensitive), or nullptr.
const RawHeader* find_header(const HeaderBlock& block, std::string_view name);

// Every field with this name, in order.
std::vector<const RawHeader*> find_headers(const HeaderBlock& block, std::string_view name);

} // namespace lkmine
