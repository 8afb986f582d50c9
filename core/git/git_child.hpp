// git itself as a child process, for what it does better than libgit2 1.5: walks that hide
// many commits (git stops at the hidden side's frontier; libgit2 walks every ancestor of each
// hidden commit). GitDiffStream (diff_stream.hpp) is the long-lived child of the commit stage.
#pragma once

#include "core/base/result.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// The environment minus what would point git at another repository than the one asked for
// (GIT_DIR and the like); ends with a null pointer, for posix_spawn.
std::vector<char*> git_child_environment();

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
