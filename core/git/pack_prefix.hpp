// The first bytes of a blob stored whole in a git pack, inflated no further than asked.
#pragma once

#include "core/base/result.hpp"

#include <cstddef>
#include <string>

namespace lkmine {

// Looks for the object `oid_hex` (40 hex digits) in the packs of `objects_dir` and of its
// alternates, and inflates its first max+1 bytes into out. true: done; false: not in a pack,
// or stored there as a delta (whose result only a whole inflation gives). An error for a pack
// that cannot be read. libgit2 has no partial read of a packed object: this is what lets an
// epoch's oversized mail cost no more memory than the size cap.
Result<bool> read_packed_prefix(const std::string& objects_dir, const std::string& oid_hex,
                                std::size_t max, std::string& out);

} // namespace lkmine
