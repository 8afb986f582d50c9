// Starting a git child (spawn_git, write_to_git), and run_git and git_rev_list: one git command
// run to its end, its output read whole.
#include "core/git/git_child.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <utility>

extern char** environ;

namespace lkmine {

namespace {

// The environment minus GIT_DIR and the like; ends with a null pointer, for posix_spawn.
std::vector<char*> child_environment() {
    static constexpr const char* drop[] = {"GIT_DIR=",        "GIT_WORK_TREE=",
                                           "GIT_COMMON_DIR=", "GIT_OBJECT_DIRECTORY=",
                                           "GIT_INDEX_FILE=", "GIT_ALTERNATE_OBJECT_DIRECTORIES="};
    std::vector<char*> env;
    for (char** e = environ; *e; ++e) {
        bool keep = true;
        for (const char* d : drop)
            keep = keep && std::strncmp(*e, d, std::strlen(d)) != 0;
        if (keep) env.push_back(*e);
    }
    env.push_back(nullptr);
    return env;
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    void close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
    int release() { return std::exchange(fd, -1); }
};

} // namespace

Result<GitProcess> spawn_git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int to_git[2], from_git[2];
    if (::pipe2(to_git, O_CLOEXEC) < 0) return make_error("cannot create a pipe for git");
    Fd in{to_git[1]}, child_in{to_git[0]};
    if (::pipe2(from_git, O_CLOEXEC) < 0) return make_error("cannot create a pipe for git");
    Fd out{from_git[0]}, child_out{from_git[1]};
    std::FILE* err = std::tmpfile();
    auto env = child_environment();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, child_in.fd, 0);
    posix_spawn_file_actions_adddup2(&fa, child_out.fd, 1);
    if (err)
        posix_spawn_file_actions_adddup2(&fa, fileno(err), 2);
    else
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), env.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        if (err) std::fclose(err);
        return make_error(std::string("cannot run git: ") + std::strerror(rc));
    }
    return GitProcess{pid, in.release(), out.release(), err};
}

bool write_to_git(int fd, std::string_view text) {
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    bool ok = true;
    for (std::size_t at = 0; at < text.size();) {
        ssize_t n = ::write(fd, text.data() + at, text.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        at += static_cast<std::size_t>(n);
    }
    if (!ok && errno == EPIPE) {
        timespec zero{0, 0};
        sigtimedwait(&pipe_only, nullptr, &zero); // the pending SIGPIPE, consumed
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return ok;
}

std::string git_child_messages(std::FILE* f) {
    std::string text;
    if (!f) return text;
    std::rewind(f);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
        text.append(buf, n);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

Result<std::string> run_git(const std::string& dir, const std::vector<std::string>& args,
                            std::string_view input) {
    std::vector<std::string> all{"-C", dir};
    all.insert(all.end(), args.begin(), args.end());
    auto git = spawn_git(std::move(all));
    if (!git) return git.error_info();
    Fd in{git->in}, out{git->out};
    write_to_git(in.fd, input); // a failure shows as git's exit status and message below
    in.close();
    std::string text;
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(out.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    while (::waitpid(git->pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::string message = git_child_messages(git->err);
    if (git->err) std::fclose(git->err);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return make_error("git " + (args.empty() ? std::string() : args[0]) + " failed" +
                          (message.empty() ? "" : ": " + message));
    return text;
}

Result<std::vector<std::string>> git_rev_list(const std::string& dir, const std::string& tip,
                                              const std::vector<std::string>& hide) {
    std::string input = tip + "\n";
    for (const auto& h : hide)
        input.append("^").append(h).append("\n");
    auto text = run_git(dir, {"rev-list", "--ignore-missing", "--stdin"}, input);
    if (!text) return text.error_info();
    // --ignore-missing ignores a tip the repository lacks too: nothing listed is either that or
    // a tip that is hidden itself.
    if (text->empty())
        if (auto tip_is = run_git(dir, {"cat-file", "-e", tip + "^{commit}"}); !tip_is)
            return make_error("git rev-list: " + tip + " names no commit here");
    std::vector<std::string> out;
    std::string_view all(*text);
    for (std::size_t pos = 0; pos < all.size();) {
        std::size_t end = all.find('\n', pos);
        if (end == std::string_view::npos) end = all.size();
        if (end > pos) out.emplace_back(all.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

} // namespace lkmine
