// The CLI's standard output and error pass through the sanitiser (core/safe_text.hpp).
#pragma once

#include <ostream>

namespace lkmine::cli {

// While alive, std::cout and std::cerr write through SafeTextBuf: no mail can send a control
// sequence to the user's terminal through any text or JSON output.
class SafeOutput {
  public:
    SafeOutput();
    ~SafeOutput();
    SafeOutput(const SafeOutput&) = delete;
    SafeOutput& operator=(const SafeOutput&) = delete;
};

// printf to std::cout, so the text passes the same filter (std::printf would bypass it).
void safe_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

// For the byte-exact outputs (show --raw, export --mbox -): standard output unfiltered when it
// is a pipe or a file, std::cout (filtered) when it is a terminal.
std::ostream& raw_stdout();

} // namespace lkmine::cli
