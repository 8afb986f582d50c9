// Pack index (v2) lookup and a bounded zlib inflation of one whole (undeltified) blob entry,
// after git's Documentation/gitformat-pack.txt.
#include "core/git/pack_prefix.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

using Oid = std::array<unsigned char, 20>;

bool parse_oid(const std::string& hex, Oid& out) {
    if (hex.size() != 40) return false;
    for (std::size_t i = 0; i < 20; ++i) {
        auto nib = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<unsigned char>(hi << 4 | lo);
    }
    return true;
}

std::uint32_t be32(const unsigned char* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

bool read_at(std::ifstream& in, std::uint64_t at, unsigned char* buf, std::size_t n) {
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n));
    return in.gcount() == static_cast<std::streamsize>(n);
}

// The object's offset in the pack of a v2 .idx; -1 if absent or not a v2 index.
std::int64_t idx_offset(const fs::path& idx, const Oid& oid) {
    std::ifstream in(idx, std::ios::binary);
    unsigned char head[8], fan[4 * 256];
    if (!read_at(in, 0, head, 8) || be32(head) != 0xff744f63 || be32(head + 4) != 2) return -1;
    if (!read_at(in, 8, fan, sizeof fan)) return -1;
    const std::uint32_t n = be32(fan + 4 * 255);
    std::uint32_t lo = oid[0] ? be32(fan + 4 * (oid[0] - 1)) : 0, hi = be32(fan + 4 * oid[0]);
    const std::uint64_t names = 8 + sizeof fan;
    while (lo < hi) {
        std::uint32_t mid = lo + (hi - lo) / 2;
        Oid at;
        if (!read_at(in, names + 20ull * mid, at.data(), 20)) return -1;
        if (at == oid) {
            unsigned char off[8];
            const std::uint64_t offsets = names + 24ull * n; // names, then 4-byte CRCs
            if (!read_at(in, offsets + 4ull * mid, off, 4)) return -1;
            std::uint32_t small = be32(off);
            if (!(small & 0x80000000u)) return small;
            const std::uint64_t large = offsets + 4ull * n + 8ull * (small & 0x7fffffffu);
            if (!read_at(in, large, off, 8)) return -1;
            return static_cast<std::int64_t>(std::uint64_t{be32(off)} << 32 | be32(off + 4));
        }
        if (at < oid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

// Inflates the zlib stream starting at `at` into out, stopping past max bytes.
Result<bool> inflate_prefix(std::ifstream& in, std::uint64_t at, std::size_t max,
                            std::string& out) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return make_error("zlib: cannot start inflating");
    std::vector<unsigned char> src(1 << 16), dst(1 << 16);
    out.clear();
    int rc = Z_OK;
    while (out.size() <= max && rc != Z_STREAM_END) {
        if (z.avail_in == 0) {
            in.read(reinterpret_cast<char*>(src.data()), static_cast<std::streamsize>(src.size()));
            if (in.gcount() <= 0) break;
            z.next_in = src.data();
            z.avail_in = static_cast<uInt>(in.gcount());
        }
        z.next_out = dst.data();
        z.avail_out = static_cast<uInt>(std::min(dst.size(), max + 1 - out.size()));
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(reinterpret_cast<char*>(dst.data()), dst.size() - z.avail_out);
    }
    inflateEnd(&z);
    if (rc != Z_OK && rc != Z_STREAM_END) return make_error("zlib: corrupt packed object");
    return true;
}

// true: read; false: not in this pack, or a delta.
Result<bool> read_from_pack(const fs::path& idx, const Oid& oid, std::size_t max,
                            std::string& out) {
    std::int64_t off = idx_offset(idx, oid);
    if (off < 0) return false;
    fs::path pack = idx;
    pack.replace_extension(".pack");
    std::ifstream in(pack, std::ios::binary);
    unsigned char c = 0;
    std::uint64_t at = static_cast<std::uint64_t>(off);
    if (!read_at(in, at++, &c, 1)) return make_error("cannot read " + pack.string());
    const int type = (c >> 4) & 7;
    while (c & 0x80) // the size's varint: the inflation's end says it as well
        if (!read_at(in, at++, &c, 1)) return make_error("cannot read " + pack.string());
    if (type != 3) return false; // 3: a whole blob; 6, 7: deltas
    return inflate_prefix(in, at, max, out);
}

std::vector<fs::path> object_dirs(const fs::path& objects) {
    std::vector<fs::path> dirs{objects};
    std::ifstream alt(objects / "info" / "alternates");
    for (std::string line; std::getline(alt, line);)
        if (!line.empty() && line[0] != '#')
            dirs.push_back(fs::path(line).is_absolute() ? fs::path(line) : objects / line);
    return dirs;
}

} // namespace

Result<bool> read_packed_prefix(const std::string& objects_dir, const std::string& oid_hex,
                                std::size_t max, std::string& out) {
    Oid oid;
    if (!parse_oid(oid_hex, oid)) return make_error("not an object id: " + oid_hex);
    for (const auto& dir : object_dirs(objects_dir)) {
        std::error_code ec;
        for (fs::directory_iterator it(dir / "pack", ec), end; !ec && it != end; it.increment(ec)) {
            if (it->path().extension() != ".idx") continue;
            auto got = read_from_pack(it->path(), oid, max, out);
            if (!got || *got) return got;
        }
    }
    return false;
}

} // namespace lkmine
