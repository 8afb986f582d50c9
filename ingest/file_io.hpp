// Whole-file reading for sources and the CLI, with errors a user can act on.
#pragma once

#include "core/base/result.hpp"

#include <string>

namespace lkmine {

// "-" reads standard input.
Result<std::string> read_whole_file(const std::string& path);

} // namespace lkmine
