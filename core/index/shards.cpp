// Shard management: the stub file listing local and remote shards, per-shard figures, and
// compaction of each local shard swapped in atomically.
#include "core/index/detail/xapian.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lkmine {
namespace store_detail {

namespace fs = std::filesystem;

// Xapian opens a directory holding a file of this name as a stub database, so DIR itself
// becomes the combined database and xapian-delve or any Xapian tool can open it too.
std::string stub_path(const std::string& dir) {
    return (fs::path(dir) / "XAPIANDB").string();
}

namespace {

struct StubLine {
    std::string type, arg; // "auto shard0", "remote host:port"
};

std::vector<StubLine> read_stub(const std::string& dir) {
    std::vector<StubLine> out;
    std::ifstream in(stub_path(dir));
    std::string line;
    while (std::getline(in, line)) {
        auto sp = line.find(' ');
        if (line.empty() || line[0] == '#' || sp == std::string::npos) continue;
        out.push_back({line.substr(0, sp), line.substr(sp + 1)});
    }
    return out;
}

int local_shards(const std::string& dir) {
    int n = 0;
    while (fs::exists(shard_path(dir, n)))
        ++n;
    return n;
}

std::uint64_t dir_bytes(const std::string& path) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
        if (e.is_regular_file(ec)) total += e.file_size(ec);
    return total;
}

bool split_host_port(const std::string& hp, std::string& host, unsigned& port) {
    auto colon = hp.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == hp.size()) return false;
    host = hp.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    try {
        std::size_t used = 0;
        unsigned long p = std::stoul(hp.substr(colon + 1), &used);
        if (used != hp.size() - colon - 1 || p == 0 || p > 65535) return false;
        port = static_cast<unsigned>(p);
    } catch (const std::exception&) {
        return false;
    }
    return host.find_first_of(" \t\n") == std::string::npos;
}

void write_stub(const std::string& dir, const std::vector<StubLine>& lines, Status& st) {
    // Written aside and renamed, so a reader never sees half a stub.
    std::string tmp = stub_path(dir) + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& l : lines)
            out << l.type << ' ' << l.arg << '\n';
        if (!out.flush()) {
            st = make_error("cannot write " + tmp);
            return;
        }
    }
    std::error_code ec;
    fs::rename(tmp, stub_path(dir), ec);
    if (ec) st = make_error("cannot write " + stub_path(dir) + ": " + ec.message());
}

} // namespace

std::vector<ShardSpec> shard_specs(const std::string& dir) {
    std::vector<ShardSpec> out;
    if (!fs::exists(stub_path(dir))) {
        for (int i = 0, n = local_shards(dir); i < n; ++i)
            out.push_back({false, shard_path(dir, i)});
        return out;
    }
    for (const auto& l : read_stub(dir)) {
        bool remote = l.type == "remote";
        bool absolute = fs::path(l.arg).is_absolute();
        out.push_back({remote, remote || absolute ? l.arg : (fs::path(dir) / l.arg).string()});
    }
    return out;
}

Xapian::Database open_shard(const ShardSpec& spec, unsigned timeout_ms) {
    if (!spec.remote) return Xapian::Database(spec.where);
    std::string host;
    unsigned port = 0;
    if (!split_host_port(spec.where, host, port))
        throw Xapian::InvalidArgumentError("not HOST:PORT: " + spec.where);
    auto db = Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
    db.get_doccount(); // the greeting is read lazily by some versions: ask now, within the timeout
    return db;
}

std::string shard_error(const Xapian::Error& e, unsigned timeout_ms) {
    if (std::string_view(e.get_type()) == "NetworkTimeoutError")
        return "timed out after " + std::to_string(timeout_ms) + " ms";
    std::string why = e.get_error_string() ? e.get_error_string() : "";
    if (why.empty()) why = e.get_msg();
    if (!why.empty() && why[0] >= 'A' && why[0] <= 'Z' && (why.size() < 2 || why[1] > 'Z'))
        why[0] = static_cast<char>(why[0] - 'A' + 'a');
    return why;
}

Result<Xapian::Database> reach_shard(const ShardSpec& spec, unsigned timeout_ms) {
    try {
        return open_shard(spec, timeout_ms);
    } catch (const Xapian::Error& e) {
        return make_error(shard_error(e, timeout_ms), ErrorCode::io);
    }
}

Xapian::Database open_shards(const std::string& dir) {
    Xapian::Database db;
    for (const auto& spec : shard_specs(dir))
        db.add_database(open_shard(spec, default_reader_options().timeout_ms));
    return db;
}

} // namespace store_detail

std::vector<ShardInfo> list_shards(const std::string& dir) {
    using namespace store_detail;
    std::vector<StubLine> lines = read_stub(dir);
    if (lines.empty() && !fs::exists(stub_path(dir)))
        for (int i = 0, n = local_shards(dir); i < n; ++i)
            lines.push_back({"auto", "shard" + std::to_string(i)});
    unsigned timeout = default_reader_options().timeout_ms;
    std::vector<ShardInfo> out;
    for (const auto& l : lines) {
        ShardInfo s;
        s.remote = l.type == "remote";
        s.name = s.remote ? "remote " + l.arg : l.arg;
        s.address =
            s.remote || fs::path(l.arg).is_absolute() ? l.arg : (fs::path(dir) / l.arg).string();
        if (auto db = reach_shard({s.remote, s.address}, timeout)) {
            s.documents = db->get_doccount(); // read by open_shard: no more network traffic
            if (!s.remote) s.bytes = dir_bytes(s.address);
        } else {
            s.error = db.error();
        }
        out.push_back(std::move(s));
    }
    return out;
}

Status init_client_index(const std::string& dir) {
    using namespace store_detail;
    if (local_shards(dir) > 0 || fs::exists(stub_path(dir)))
        return make_error("there is already an index at " + dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error("cannot create " + dir + ": " + ec.message());
    Status st = ok_status();
    write_stub(dir, {}, st);
    return st;
}

Status add_remote_shard(const std::string& dir, const std::string& host_port) {
    using namespace store_detail;
    std::string host;
    unsigned port = 0;
    if (!split_host_port(host_port, host, port))
        return make_error("'" + host_port + "' is not HOST:PORT (e.g. 10.0.0.2:3333)");
    int local = local_shards(dir);
    bool stub = fs::exists(stub_path(dir));
    auto lines = read_stub(dir);
    for (const auto& l : lines)
        if (l.type == "remote" && l.arg == host_port)
            return make_error(host_port + " is already a shard of " + dir);
    unsigned timeout = default_reader_options().timeout_ms;
    if (auto db = reach_shard({true, host_port}, timeout); !db)
        return make_error("cannot reach a Xapian server at " + host_port + " (" + db.error() + ")",
                          ErrorCode::io, "is xapian-tcpsrv running there?");
    if (!stub) {
        std::error_code ec;
        fs::create_directories(dir, ec); // a fresh directory becomes a client index
        if (ec) return make_error("cannot create " + dir + ": " + ec.message());
        for (int i = 0; i < local; ++i)
            lines.push_back({"auto", "shard" + std::to_string(i)});
    }
    lines.push_back({"remote", host_port});
    Status st = ok_status();
    write_stub(dir, lines, st);
    return st;
}

Status remove_remote_shard(const std::string& dir, const std::string& host_port) {
    using namespace store_detail;
    auto lines = read_stub(dir);
    auto it = std::find_if(lines.begin(), lines.end(), [&](const StubLine& l) {
        return l.type == "remote" && l.arg == host_port;
    });
    if (it == lines.end()) return make_error(host_port + " is not a remote shard of " + dir);
    lines.erase(it);
    Status st = ok_status();
    write_stub(dir, lines, st);
    return st;
}

Status compact_index(const std::string& dir, const std::function<void(const std::string&)>& note) {
    using namespace store_detail;
    int n = local_shards(dir);
    if (n == 0)
        return make_error("no index at " + dir, ErrorCode::not_found, "run lkmine index first");
    for (int i = 0; i < n; ++i) {
        std::string path = shard_path(dir, i), tmp = path + ".compact";
        auto done = xapian_guard("cannot compact " + path, dir, [&]() -> Status {
            // Held until the swap, so no writer changes the shard while it is copied.
            Xapian::WritableDatabase lock(path, Xapian::DB_OPEN);
            std::error_code ec;
            fs::remove_all(tmp, ec);
            std::uint64_t before = dir_bytes(path);
            Xapian::Database(path).compact(tmp);
            // RENAME_EXCHANGE swaps the two directories in one step: a reader or a crash
            // sees either the old shard or the new one, never none.
            if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
                return make_error("cannot swap in compacted " + path + ": " + std::strerror(errno));
            lock.close();
            fs::remove_all(tmp, ec);
            if (note)
                note("shard" + std::to_string(i) + ": " + std::to_string(before / 1024) +
                     " KiB -> " + std::to_string(dir_bytes(path) / 1024) + " KiB");
            return ok_status();
        });
        if (!done) return done;
    }
    return ok_status();
}

} // namespace lkmine
