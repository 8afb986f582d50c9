// Pair hashes of words in a row and the per-mail value that holds them (phrase_pairs.hpp).
#include "core/index/phrase_pairs.hpp"

#include <cstring>

namespace lkmine::store_detail {
namespace {

constexpr std::uint64_t kMask48 = (std::uint64_t{1} << 48) - 1;
constexpr std::size_t kBytes = 6;

std::uint64_t mix(std::uint64_t x) { // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

} // namespace

std::uint64_t word_hash(std::string_view word) {
    return fnv1a(word);
}

std::uint64_t pair_hash(std::string_view prefix, std::uint64_t a, std::uint64_t b) {
    return mix(mix(fnv1a(prefix) ^ a) + b) & kMask48;
}

void PairSet::add(std::uint64_t pair) {
    hashes_.push_back(pair);
}

// Distinct hashes through an open-addressing table twice their number (0 marks a free slot:
// a hash of 0 is kept aside), cheaper than a sort for the thousands of pairs of a patch.
std::string PairSet::encode() {
    std::vector<std::uint64_t> table;
    std::size_t size = 16;
    while (size < hashes_.size() * 2)
        size *= 2;
    table.assign(size, 0);
    std::string out;
    out.reserve(hashes_.size() * kBytes);
    bool zero = false;
    auto put = [&](std::uint64_t h) {
        for (std::size_t i = 0; i < kBytes; ++i)
            out.push_back(static_cast<char>((h >> (8 * i)) & 0xff));
    };
    for (std::uint64_t h : hashes_) {
        if (h == 0) {
            if (!zero) put(h);
            zero = true;
            continue;
        }
        std::size_t i = (h * 0x9e3779b97f4a7c15ULL >> 20) & (size - 1);
        while (table[i] != 0 && table[i] != h)
            i = (i + 1) & (size - 1);
        if (table[i] == h) continue;
        table[i] = h;
        put(h);
    }
    hashes_.clear();
    return out;
}

bool holds_pair(std::string_view value, std::uint64_t pair) {
    unsigned char want[kBytes];
    for (std::size_t i = 0; i < kBytes; ++i)
        want[i] = static_cast<unsigned char>((pair >> (8 * i)) & 0xff);
    for (std::size_t p = 0; p + kBytes <= value.size(); p += kBytes)
        if (std::memcmp(value.data() + p, want, kBytes) == 0) return true;
    return false;
}

} // namespace lkmine::store_detail
