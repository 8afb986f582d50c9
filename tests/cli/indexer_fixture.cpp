// Helpers for the indexer tests: processes, temp dirs, the lore sample and the independent truth.
#include "tests/cli/indexer_fixture.hpp"

#include "tests/test_support.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

namespace lkmine::test {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const auto& a : argv)
        out.push_back(const_cast<char*>(a.c_str()));
    out.push_back(nullptr);
    return out;
}

void quiet_git_env() {
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    setenv("LC_ALL", "C", 1);
}

} // namespace

RunResult run(const std::vector<std::string>& argv, double timeout) {
    RunResult r;
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return r;
    auto args = c_argv(argv);
    pid_t pid = fork();
    if (pid == 0) {
        quiet_git_env();
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]), close(err_pipe[0]), close(out_pipe[1]), close(err_pipe[1]);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(out_pipe[1]), close(err_pipe[1]);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0) {
            r.timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        if (poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<std::size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int st = 0;
    rusage ru{};
    wait4(pid, &st, 0, &ru);
    r.max_rss_kb = ru.ru_maxrss;
    if (WIFEXITED(st)) r.status = WEXITSTATUS(st);
    if (WIFSIGNALED(st)) r.signal = WTERMSIG(st);
    return r;
}

RunResult lkmine(const std::vector<std::string>& args, double timeout) {
    std::vector<std::string> argv{LKMINE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, timeout);
}

RunResult sh(const std::string& cmd, double timeout) {
    return run({"/bin/sh", "-c", cmd}, timeout);
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

pid_t spawn_lkmine(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv{LKMINE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto cargs = c_argv(argv);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(cargs[0], cargs.data());
        _exit(127);
    }
    return pid;
}

int wait_for(pid_t pid) {
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return st;
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "lkmine-ixtest-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    sh("chmod -R u+rwX " + quote(path_.string()) + " 2>/dev/null");
    std::error_code ec;
    fs::remove_all(path_, ec);
}

const fs::path& lore_sample() {
    static TempDir* dir = nullptr;
    static fs::path out;
    static std::once_flag once;
    std::call_once(once, [] {
        dir = new TempDir(); // kept for the whole process; removed by the OS temp cleaner
        out = dir->path() / "lore";
        auto r = run({"bash", (project_corpora() / "build-lore-sample.sh").string(), out.string()});
        if (r.status != 0) ADD_FAILURE() << "build-lore-sample.sh failed: " << r.err;
        std::atexit([] { delete dir; });
    });
    return out;
}

void copy_tree(const fs::path& from, const fs::path& to) {
    auto r = sh("cp -a " + quote(from.string()) + " " + quote(to.string()));
    ASSERT_EQ(r.status, 0) << r.err;
}

fs::path sample_mails_dir() {
    return project_corpora() / "lore-sample" / "mails";
}

fs::path sample_mail(const std::string& file_start) {
    for (const auto& e : fs::directory_iterator(sample_mails_dir()))
        if (e.path().filename().string().rfind(file_start, 0) == 0) return e.path();
    ADD_FAILURE() << "no sample mail " << file_start;
    return {};
}

std::string read_bytes(const fs::path& p) {
    return read_file(p);
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

void make_v2_inbox(const fs::path& inbox, const std::vector<std::string>& mails) {
    fs::path git = inbox / "git" / "0.git";
    fs::create_directories(git.parent_path());
    std::string stream;
    for (std::size_t i = 0; i < mails.size(); ++i) {
        stream += "commit refs/heads/master\nmark :" + std::to_string(i + 1) +
                  "\ncommitter A U Thor <a@example.org> " + std::to_string(1700000000 + i) +
                  " +0000\ndata 4\nmail\n";
        if (i) stream += "from :" + std::to_string(i) + "\n";
        stream +=
            "M 100644 inline m\ndata " + std::to_string(mails[i].size()) + "\n" + mails[i] + "\n";
    }
    write_bytes(inbox / "stream", stream);
    auto r =
        sh("git init -q --bare " + quote(git.string()) +
           " && git --git-dir=" + quote(git.string()) + " fast-import --quiet < " +
           quote((inbox / "stream").string()) + " && rm " + quote((inbox / "stream").string()));
    ASSERT_EQ(r.status, 0) << r.err;
}

Counts stats(const fs::path& db) {
    Counts c;
    auto r = lkmine({"stats", "--db", db.string(), "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    if (j.is_discarded()) return c;
    c.mails = j.value("mails", 0u);
    c.threads = j.value("threads", 0u);
    c.ghosts = j.value("ghosts", 0u);
    if (j.contains("sources")) c.sources = j["sources"].size();
    return c;
}

std::multiset<std::string> all_ids(const fs::path& db) {
    std::multiset<std::string> ids;
    auto r = lkmine({"search", "--db", db.string(), "--json", "*", "--limit", "1000000"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << line;
        if (!j.is_discarded()) ids.insert(j.value("message_id", ""));
    }
    return ids;
}

std::size_t indexed_count(const std::string& out) {
    std::smatch m;
    static const std::regex re("indexed ([0-9]+) mails");
    if (!std::regex_search(out, m, re)) return SIZE_MAX;
    return std::stoul(m[1].str());
}

std::size_t committed_mails(const fs::path& db) {
    auto r = lkmine({"stats", "--db", db.string(), "--json"});
    if (r.status != 0) return 0;
    auto at = r.out.find("\"mails\":");
    return at == std::string::npos ? 0 : std::stoul(r.out.substr(at + 8));
}

bool wait_commit_or_exit(const fs::path& db, pid_t pid, std::size_t last, int seconds,
                         int poll_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (committed_mails(db) <= last && std::chrono::steady_clock::now() < deadline) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) return true;
        usleep(static_cast<useconds_t>(poll_ms) * 1000);
    }
    return false;
}

Truth truth(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"python3",
                                  std::string(LKMINE_SOURCE_DIR) + "/tests/cli/mail_truth.py"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run(argv);
    Truth t;
    EXPECT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 200);
    if (j.is_discarded()) return t;
    t.read = j["read"];
    t.mails = j["mails"];
    t.threads = j["threads"];
    t.ghosts = j["ghosts"];
    for (const auto& id : j["ids"])
        t.ids.insert(id.get<std::string>());
    return t;
}

fs::path fscrypt_epoch() {
    return shared_corpora() / "public-inbox/linux-fscrypt/git/0.git";
}
fs::path tip_epoch() {
    return shared_corpora() / "public-inbox/linux-tip-commits/git/0.git";
}

std::string make_mail(const std::string& msgid, const std::string& subject,
                      const std::string& in_reply_to) {
    std::string m = "From: Test Sender <test.sender@example.net>\n"
                    "To: linux-demo@vger.example.org\n"
                    "Subject: " +
                    subject +
                    "\n"
                    "Date: Mon, 11 Mar 2024 10:00:00 +0000\n"
                    "Message-ID: <" +
                    msgid + ">\n";
    if (!in_reply_to.empty())
        m += "In-Reply-To: <" + in_reply_to + ">\nReferences: <" + in_reply_to + ">\n";
    m += "List-Id: <linux-demo.vger.example.org>\n\nA body for " + msgid + ".\n";
    return m;
}

} // namespace lkmine::test
