// `lkmine show --copy N`: one of several mails reusing a Message-ID with other content.
#pragma once

#include "cli/commands.hpp"

#include <cstddef>

namespace lkmine::cli {

// run_show for copy `copy` (1-based, indexing order; 1 is what run_show shows).
int run_show_copy(const MailCmdOptions& opt, std::size_t copy);

} // namespace lkmine::cli
