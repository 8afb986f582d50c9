// Test helpers for the git adapter tests: a temp dir that is removed afterwards, and running the
// git command line there to build fixtures and to get the answers lkmine must agree with.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lkmine::test {

struct CommandResult {
    int status = -1;
    std::string out; // stdout only: stderr goes to the test log
};

// Runs a /bin/sh command in dir with a fixed identity and no user or system git config.
inline CommandResult sh(const std::filesystem::path& dir, const std::string& cmd) {
    std::string full = "cd '" + dir.string() +
                       "' && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                       "GIT_AUTHOR_NAME='Ann Author' GIT_AUTHOR_EMAIL=ann@example.org "
                       "GIT_COMMITTER_NAME='Carl Committer' GIT_COMMITTER_EMAIL=carl@example.org "
                       "&& export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME "
                       "GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL && (" +
                       cmd + ")";
    CommandResult r;
    FILE* p = popen(full.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// Like sh() but the command must succeed; returns stdout without the final newline.
inline std::string must(const std::filesystem::path& dir, const std::string& cmd) {
    CommandResult r = sh(dir, cmd);
    EXPECT_EQ(r.status, 0) << "command failed: " << cmd << "\n" << r.out;
    if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
}

inline std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

class TempDir {
  public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "lkmine-git-XXXXXX").string();
        if (mkdtemp(tmpl.data())) path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

} // namespace lkmine::test
