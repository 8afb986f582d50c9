// xapian-tcpsrv processes and a silent listener on loopback for the remote-shard tests.
#include "tests/support/tcp_shards.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace lkmine::test {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    return a;
}

bool accepts(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(port);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

} // namespace

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(0);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

bool have_xapian_tcpsrv() {
    return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0;
}

TcpServer::TcpServer(const std::vector<std::string>& dbs) {
    signal(SIGPIPE, SIG_IGN); // Xapian's client writes to sockets a killed server closed
    // The port is free when picked, but another process may take it before the server binds
    // it: then that server exits ("already in use") and another port is tried.
    for (int attempt = 0; attempt < 5 && !ready_; ++attempt) {
        kill_now();
        port_ = free_port();
        start(dbs);
    }
}

void TcpServer::start(const std::vector<std::string>& dbs) {
    pid_ = fork();
    if (pid_ == 0) {
        setpgid(0, 0);
        // Dies with the test, however the test ends (a crash, a timeout's SIGKILL): no server
        // is left holding its port for the next run.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        std::vector<std::string> args = {"xapian-tcpsrv", "--port",    std::to_string(port_),
                                         "--interface",   "127.0.0.1", "--quiet"};
        args.insert(args.end(), dbs.begin(), dbs.end());
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    for (int i = 0; i < 200 && !ready_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) { // it exited: the port was taken
            pid_ = -1;
            return;
        }
        ready_ = accepts(port_);
    }
}

void TcpServer::kill_now() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL); // the group: the server forks one child per connection
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

TcpServer::~TcpServer() {
    kill_now();
}

int kill_tcpsrv_on_port(int port) {
    int killed = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
        std::ifstream in(e.path() / "cmdline", std::ios::binary);
        std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<std::string> args;
        for (std::size_t b = 0, z; b < cmd.size(); b = z + 1) {
            z = cmd.find('\0', b);
            if (z == std::string::npos) z = cmd.size();
            args.push_back(cmd.substr(b, z - b));
        }
        if (args.empty() || std::filesystem::path(args[0]).filename() != "xapian-tcpsrv") continue;
        for (std::size_t i = 0; i + 1 < args.size(); ++i)
            if ((args[i] == "--port" || args[i] == "-p") && args[i + 1] == std::to_string(port)) {
                pid_t pid = std::atoi(e.path().filename().c_str());
                if (pid > 0 && kill(pid, SIGKILL) == 0) ++killed;
            }
    }
    return killed;
}

SilentListener::SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(0);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 16);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
}

SilentListener::~SilentListener() {
    if (fd_ >= 0) close(fd_);
}

} // namespace lkmine::test
