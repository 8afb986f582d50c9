// Serving shards for the remote-shard tests: real xapian-tcpsrv processes on 127.0.0.1, and a
// listening socket that never answers (a hung host).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace lkmine::test {

// A loopback port nothing listens on, picked by the kernel.
int free_port();

// xapian-tcpsrv serving `dbs` on 127.0.0.1:port(), in its own process group (on SIGTERM it
// signals its whole group); killed when it goes out of scope, and when the test process dies.
// A port taken meanwhile by another process is replaced by another free one.
class TcpServer {
  public:
    explicit TcpServer(const std::vector<std::string>& dbs);
    ~TcpServer();
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    bool ready() const { return ready_; } // accepted a connection within 20 s
    void kill_now(); // SIGKILL to the server and its connections, as a crashed host

  private:
    void start(const std::vector<std::string>& dbs);
    int port_ = 0;
    pid_t pid_ = -1;
    bool ready_ = false;
};

// A socket listening on 127.0.0.1 that never accepts: the kernel completes the connection,
// then nothing is ever said (a hung server).
class SilentListener {
  public:
    SilentListener();
    ~SilentListener();
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    int fd_ = -1, port_ = 0;
};

bool have_xapian_tcpsrv();

// SIGKILLs every xapian-tcpsrv started with --port `port` (and its connection children, which
// share its command line), as started by a shell script under test; how many were killed.
int kill_tcpsrv_on_port(int port);

} // namespace lkmine::test
