// Helpers shared by the test executables: where the shared real-data corpora are, and how to
// fail loudly under CI when they are missing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lkmine::test {

// ../shared/corpora next to the checkout, or $LKMINE_SHARED_CORPORA.
inline std::filesystem::path shared_corpora() {
    if (const char* env = std::getenv("LKMINE_SHARED_CORPORA")) return env;
#ifdef LKMINE_SOURCE_DIR
    return std::filesystem::path(LKMINE_SOURCE_DIR) / ".." / "shared" / "corpora";
#else
    return std::filesystem::path("..") / "shared" / "corpora";
#endif
}

// The project's own sample data.
inline std::filesystem::path project_corpora() {
#ifdef LKMINE_SOURCE_DIR
    return std::filesystem::path(LKMINE_SOURCE_DIR) / "corpora";
#else
    return "corpora";
#endif
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci && *ci && std::string(ci) != "0" && std::string(ci) != "false";
}

} // namespace lkmine::test

// Use at the top of a test that needs ../shared/corpora/<sub>: skips on a developer machine
// without the data, fails under CI.
#define LKMINE_REQUIRE_CORPUS(sub)                                                                 \
    do {                                                                                           \
        if (!std::filesystem::exists(::lkmine::test::shared_corpora() / (sub))) {                  \
            if (::lkmine::test::in_ci())                                                           \
                FAIL() << "shared corpus missing under CI: "                                       \
                       << (::lkmine::test::shared_corpora() / (sub)).string();                     \
            GTEST_SKIP() << "shared corpus not found: " << (sub);                                  \
        }                                                                                          \
    } while (0)
