// Installs the sanitising filter on std::cout and std::cerr; keeps the unfiltered stdout.
#include "cli/safe_output.hpp"

#include "core/base/safe_text.hpp"

#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <iostream>
#include <memory>

namespace lkmine::cli {
namespace {

std::streambuf* g_raw_out = nullptr; // std::cout's own buffer, before the filter
std::unique_ptr<SafeTextBuf> g_out, g_err;

} // namespace

SafeOutput::SafeOutput() {
    g_raw_out = std::cout.rdbuf();
    g_out = std::make_unique<SafeTextBuf>(g_raw_out);
    g_err = std::make_unique<SafeTextBuf>(std::cerr.rdbuf());
    std::cout.rdbuf(g_out.get());
    std::cerr.rdbuf(g_err.get());
    std::cerr.setf(std::ios::unitbuf); // messages appear at once, as before
}

SafeOutput::~SafeOutput() {
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(g_out->sink());
    std::cerr.rdbuf(g_err->sink());
    g_out.reset(); // passes on what is still held
    g_err.reset();
}

void safe_printf(const char* format, ...) {
    va_list args, again;
    va_start(args, format);
    va_copy(again, args);
    char small[512];
    const int n = std::vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0) {
        va_end(again);
        return;
    }
    if (static_cast<std::size_t>(n) < sizeof small) {
        std::cout.write(small, n);
    } else {
        std::string big(static_cast<std::size_t>(n) + 1, '\0');
        std::vsnprintf(big.data(), big.size(), format, again);
        std::cout.write(big.data(), n);
    }
    va_end(again);
}

std::ostream& raw_stdout() {
    if (!g_raw_out || isatty(STDOUT_FILENO)) return std::cout;
    static std::ostream raw(g_raw_out);
    std::cout.flush();
    return raw;
}

} // namespace lkmine::cli
