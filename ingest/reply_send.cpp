// The editor, the senders (sendmail-compatible programs, git send-email) and .eml files.
#include "ingest/reply_send.hpp"

#include "core/base/text.hpp"
#include "core/mail/date.hpp"
#include "core/mail/reply.hpp"
#include "ingest/file_io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

extern char** environ;

namespace lkmine {
namespace {

// Feeds `input` and collects the output without either side blocking on a full pipe.
void pump(int in_fd, int out_fd, std::string_view input, std::string* output) {
    std::size_t written = 0;
    if (input.empty() && in_fd >= 0) ::close(in_fd), in_fd = -1;
    char buf[4096];
    while (in_fd >= 0 || out_fd >= 0) {
        pollfd fds[2];
        int n = 0, in_i = -1, out_i = -1;
        if (in_fd >= 0) in_i = n, fds[n++] = {in_fd, POLLOUT, 0};
        if (out_fd >= 0) out_i = n, fds[n++] = {out_fd, POLLIN, 0};
        if (::poll(fds, nfds_t(n), -1) < 0 && errno != EINTR) break;
        if (in_i >= 0 && fds[in_i].revents) {
            ssize_t w = ::write(in_fd, input.data() + written, input.size() - written);
            if (w > 0) written += std::size_t(w);
            if (w < 0 || written == input.size()) ::close(in_fd), in_fd = -1;
        }
        if (out_i >= 0 && fds[out_i].revents) {
            ssize_t r = ::read(out_fd, buf, sizeof buf);
            if (r > 0 && output) output->append(buf, std::size_t(r));
            if (r <= 0) ::close(out_fd), out_fd = -1;
        }
    }
}

std::string temp_path(const char* suffix) {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/lkmine-reply-XXXXXX" + suffix;
    int fd = ::mkstemps(tmpl.data(), int(std::strlen(suffix)));
    if (fd < 0) return {};
    ::close(fd);
    return tmpl;
}

Status write_file(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
    out.close();
    if (!out)
        return make_error("cannot write " + path + ": " + std::strerror(errno), ErrorCode::io);
    return ok_status();
}

std::string joined(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

} // namespace

Result<int> run_command(const std::vector<std::string>& argv, std::string_view input,
                        std::string* output) {
    if (argv.empty()) return make_error("no command given", ErrorCode::usage);
    int in[2], out[2] = {-1, -1};
    if (::pipe2(in, O_CLOEXEC) != 0)
        return make_error("pipe: " + std::string(std::strerror(errno)));
    if (output && ::pipe2(out, O_CLOEXEC) != 0) {
        ::close(in[0]), ::close(in[1]);
        return make_error("pipe: " + std::string(std::strerror(errno)));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    if (output) {
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, out[1], 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    if (output) ::close(out[1]);
    if (err != 0) {
        ::close(in[1]);
        if (output) ::close(out[0]);
        return make_error("cannot run " + argv[0] + ": " + std::strerror(err), ErrorCode::failed,
                          "is it installed and on $PATH?");
    }
    auto old = ::signal(SIGPIPE, SIG_IGN); // a command that exits early must not kill us
    pump(in[1], output ? out[0] : -1, input, output);
    ::signal(SIGPIPE, old);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status)) return make_error(argv[0] + " was killed by a signal");
    return WEXITSTATUS(status);
}

std::vector<std::string> split_command(std::string_view command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (char c : command) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                word += c;
        } else if (c == '\'' || c == '"') {
            quote = c, in_word = true;
        } else if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(word), word.clear(), in_word = false;
        } else {
            word += c, in_word = true;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

Result<std::string> edit_in_editor(const std::string& text) {
    std::string editor;
    for (const char* var : {"VISUAL", "EDITOR"})
        if (const char* v = std::getenv(var); v && *v && editor.empty()) editor = v;
    if (editor.empty()) editor = "vi";
    std::string path = temp_path(".eml");
    if (path.empty()) return make_error("cannot create a temporary file", ErrorCode::io);
    if (auto w = write_file(path, text); !w) return w.error_info();
    // The editor needs the terminal: no pipes, standard input left alone.
    std::vector<std::string> argv{"/bin/sh", "-c", editor + " \"$1\"", "sh", path};
    std::vector<char*> args;
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    int err = posix_spawn(&pid, "/bin/sh", nullptr, nullptr, args.data(), environ);
    int status = 0;
    if (err == 0)
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    auto edited = read_whole_file(path);
    ::unlink(path.c_str());
    if (err != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return make_error("the editor '" + editor + "' failed: nothing sent", ErrorCode::failed,
                          "set $EDITOR, or use --no-edit");
    if (!edited) return edited.error_info();
    return *edited;
}

Result<std::string> send_reply(const std::string& mail, const std::string& method,
                               const ReplySettings& settings) {
    std::vector<std::string> argv;
    std::string file;
    if (method == "sendmail") {
        argv = split_command(settings.sendmail);
    } else if (method == "git-send-email") {
        file = temp_path(".eml");
        if (file.empty()) return make_error("cannot create a temporary file", ErrorCode::io);
        if (auto w = write_file(file, mail); !w) return w.error_info();
        argv = split_command(settings.git_send_email);
        // The recipients, threading and Message-ID come from the file's own headers.
        // The recipients, threading and Message-ID come from the file's own headers; no Cc is
        // taken from the body (trailers, Signed-off-by) or a cc-cmd.
        for (const char* a :
             {"--confirm=never", "--suppress-cc=body", "--suppress-cc=cccmd", "--suppress-cc=self",
              "--no-thread", "--8bit-encoding=UTF-8", "--quiet"})
            argv.emplace_back(a);
        // Without it, git takes the committer as sender and moves our From: into the body.
        argv.push_back("--from=" +
                       format_address({settings.identity.name, settings.identity.email}));
        argv.push_back(file);
    } else {
        return make_error("unknown sender '" + method + "'", ErrorCode::usage,
                          "use sendmail or git-send-email");
    }
    if (argv.empty()) return make_error("the " + method + " command is empty", ErrorCode::usage);
    std::string output;
    auto rc = run_command(argv, file.empty() ? std::string_view(mail) : "", &output);
    if (!file.empty()) ::unlink(file.c_str());
    if (!rc) return rc.error_info();
    if (*rc != 0) {
        std::string kept = temp_path(".eml");
        if (!kept.empty() && !write_file(kept, mail)) kept.clear();
        return make_error(joined(argv) + " failed (exit " + std::to_string(*rc) +
                              "): " + std::string(text::trim(output)),
                          ErrorCode::failed, kept.empty() ? "" : "the reply is kept in " + kept);
    }
    return joined(argv);
}

Status save_reply(const std::string& mail, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        return make_error(path + " exists and is not a regular file", ErrorCode::usage);
    return write_file(path, mail);
}

Date reply_date() {
    Date d;
    if (const char* v = std::getenv("LKMINE_DATE"); v && *v) {
        std::string s = v;
        char* end = nullptr;
        long long secs = std::strtoll(s.c_str(), &end, 10);
        if (end && *end == '\0') return Date{secs, 0, true};
        d = parse_date(s);
        if (d.valid) return d;
    }
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Date{now, int(tm.tm_gmtoff / 60), true};
}

std::string new_message_id(const Date& date, const std::string& email) {
    std::time_t t = std::time_t(date.epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
    std::random_device rd;
    char rnd[24];
    std::snprintf(rnd, sizeof rnd, "%08x%08x", rd(), rd());
    std::size_t at = email.rfind('@');
    std::string domain = at == std::string::npos || at + 1 >= email.size()
                             ? "lkmine"
                             : "lkmine." + email.substr(at + 1);
    return std::string(stamp) + "." + rnd + "@" + domain;
}

} // namespace lkmine
