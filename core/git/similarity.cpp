// git's rename similarity score, following git's diffcore-delta.c and diffcore-rename.c.
#include "core/git/similarity.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace lkmine {
namespace {

constexpr unsigned hash_base = 107927;
constexpr std::uint64_t max_score = 60000;

// git treats a blob as binary when a NUL shows up in its first 8000 bytes.
bool is_binary(std::string_view s) {
    return s.substr(0, 8000).find('\0') != std::string_view::npos;
}

// Bytes per span hash: spans end at a newline or after 64 bytes; CR before LF is ignored in text.
std::unordered_map<unsigned, std::uint64_t> span_counts(std::string_view buf) {
    std::unordered_map<unsigned, std::uint64_t> counts;
    const bool text = !is_binary(buf);
    std::uint32_t accum1 = 0, accum2 = 0;
    unsigned n = 0;
    for (std::size_t i = 0; i < buf.size(); ++i) {
        std::uint32_t c = static_cast<unsigned char>(buf[i]);
        if (text && c == '\r' && i + 1 < buf.size() && buf[i + 1] == '\n') continue;
        std::uint32_t old1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 += c;
        if (++n < 64 && c != '\n') continue;
        counts[(accum1 + accum2 * 0x61u) % hash_base] += n;
        n = 0;
        accum1 = accum2 = 0;
    }
    // Like git, a last span without a newline is not counted.
    return counts;
}

} // namespace

int git_similarity_percent(std::string_view src, std::string_view dst) {
    if (src == dst) return 100;
    const std::uint64_t max_size = std::max(src.size(), dst.size());
    if (dst.empty() || max_size == 0) return 0;
    auto src_counts = span_counts(src);
    auto dst_counts = span_counts(dst);
    std::uint64_t copied = 0;
    for (const auto& [hash, count] : src_counts) {
        auto it = dst_counts.find(hash);
        if (it != dst_counts.end()) copied += std::min(count, it->second);
    }
    const std::uint64_t score = copied * max_score / max_size;
    return static_cast<int>(score * 100 / max_score);
}

} // namespace lkmine
