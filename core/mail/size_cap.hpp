// The per-mail size cap every source applies: a mail over it is cut at a line boundary, with a
// "truncated" warning that the index keeps as the `truncated` flag.
#pragma once

#include "core/model/message.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lkmine {

inline constexpr std::size_t kDefaultMaxMailSize = std::size_t{64} << 20;
inline constexpr const char* kTruncatedWarning = "truncated";

// Where a mail of `bytes` is cut to fit `cap`: just after the last '\n' at or before `cap`
// (0 when the first line alone is longer than the cap). bytes.size() when it fits.
std::size_t line_cut(std::string_view bytes, std::size_t cap);

// The warning of a mail of `whole_size` bytes (0: unknown, "over") cut to `kept` bytes.
Warning truncation_warning(std::uint64_t whole_size, std::size_t kept, std::size_t cap);

// Cuts raw.bytes to `cap` at a line boundary and adds the warning; `whole_size` is the mail's
// size before any cut (a source that read only the first cap+1 bytes knows it from the file).
// Returns true when it cut.
bool cap_mail(RawMessage& raw, std::size_t cap, std::uint64_t whole_size = 0);

} // namespace lkmine
