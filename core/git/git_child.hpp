// git itself as a child process, for what it does better than libgit2 1.5: the commit stage's
// diffs (GitDiffStream, diff_stream.hpp, a long-lived child started here) and walks that hide
// many commits (git stops at the hidden side's frontier; libgit2 walks every ancestor of each
// hidden commit).
#pragma once

#include "core/base/result.hpp"

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// A git child: pipes to its standard input and from its standard output, and its standard
// error in a temporary file (null if none could be made: then /dev/null). The caller closes
// the pipes and the file and waits for the process.
struct GitProcess {
    pid_t pid = -1;
    int in = -1, out = -1;
    std::FILE* err = nullptr;
};
// Starts `git ARGS...` (ARGS without "git") in the environment minus what would point git at
// another repository than the one asked for (GIT_DIR and the like).
Result<GitProcess> spawn_git(std::vector<std::string> args);

// Writes all of text to a git child's input; false when git is gone. SIGPIPE is blocked
// meanwhile, so that a git that died gives an error, not the end of lkmine.
bool write_to_git(int fd, std::string_view text);

// What a git child wrote to its standard error, kept in a temporary file (null: none), without
// its trailing newlines.
std::string git_child_messages(std::FILE* f);

// Runs `git -C dir ARGS...`, gives it `input` on its standard input (all of it before reading
// its output: for commands that read their input first, as rev-list --stdin does) and returns
// its standard output; an error with git's message when it cannot run or exits non-zero.
Result<std::string> run_git(const std::string& dir, const std::vector<std::string>& args,
                            std::string_view input = {});

// Commits reachable from tip and from none of hide (full ids; ids the repository lacks are
// ignored), as `git rev-list` lists them, in no promised order.
Result<std::vector<std::string>> git_rev_list(const std::string& dir, const std::string& tip,
                                              const std::vector<std::string>& hide);

} // namespace lkmine
