// Pair hashes of words in a row and the per-mail value that holds them (phrase_pairs.hpp).
#include "core/index/phrase_pairs.hpp"

#include "core/index/schema.hpp"

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

struct Packed {
    unsigned char b[kBytes];
};

Packed pack(std::uint64_t h) {
    Packed p;
    for (std::size_t i = 0; i < kBytes; ++i)
        p.b[i] = static_cast<unsigned char>((h >> (8 * i)) & 0xff);
    return p;
}

bool at(std::string_view value, std::size_t pos, const Packed& p) {
    return std::memcmp(value.data() + pos, p.b, kBytes) == 0;
}

} // namespace

std::uint64_t word_hash(std::string_view word) {
    return fnv1a(word);
}

std::uint64_t pair_hash(std::string_view prefix, std::uint64_t a, std::uint64_t b) {
    return mix(mix(fnv1a(prefix) ^ a) + b) & kMask48;
}

void PairRun::add(std::string_view prefix, std::uint64_t a, std::uint64_t b) {
    // Only a chunk starting with the word the previous one ended with (same prefix) could
    // seem to continue its phrase: a 0 cuts the chain there.
    if (chunk_start_ && !hashes_.empty() && last_word_ == a && last_prefix_ == prefix)
        hashes_.push_back(0);
    chunk_start_ = false;
    hashes_.push_back(pair_hash(prefix, a, b));
    last_prefix_ = prefix;
    last_word_ = b;
}

std::string PairRun::encode() const {
    std::string out(hashes_.size() * kBytes, '\0');
    char* o = out.data();
    for (std::uint64_t h : hashes_)
        for (std::size_t i = 0; i < kBytes; ++i)
            *o++ = static_cast<char>((h >> (8 * i)) & 0xff);
    return out;
}

namespace {

// The prefixes of MailPairs' runs, with their slots.
constexpr std::pair<const char*, unsigned> kPairSlots[] = {
    {prefix_of("q"), slot::pairs},         {prefix_of("dfa"), slot::pairs_dfa},
    {prefix_of("dfb"), slot::pairs_dfb},   {prefix_of("dfctx"), slot::pairs_dfctx},
    {prefix_of("dfhh"), slot::pairs_dfhh},
};

std::size_t run_index(std::string_view prefix) {
    for (std::size_t i = 0; i < std::size(kPairSlots); ++i)
        if (prefix == kPairSlots[i].first) return i;
    return 0; // not a prefix of text without positions: the writer never asks
}

} // namespace

PairRun& MailPairs::of(std::string_view prefix) {
    return runs_[run_index(prefix)];
}

std::vector<std::pair<unsigned, std::string>> MailPairs::encode() const {
    std::vector<std::pair<unsigned, std::string>> out;
    for (std::size_t i = 0; i < std::size(kPairSlots); ++i)
        if (!runs_[i].empty()) out.emplace_back(kPairSlots[i].second, runs_[i].encode());
    return out;
}

unsigned pairs_slot(std::string_view prefix) {
    return kPairSlots[run_index(prefix)].second;
}

bool holds_pair(std::string_view value, std::uint64_t pair) {
    const Packed want = pack(pair);
    for (std::size_t p = 0; p + kBytes <= value.size(); p += kBytes)
        if (at(value, p, want)) return true;
    return false;
}

bool holds_chain(std::string_view value, const std::vector<std::uint64_t>& pairs) {
    if (pairs.empty()) return true;
    std::vector<Packed> want;
    for (std::uint64_t h : pairs)
        want.push_back(pack(h));
    const std::size_t span = pairs.size() * kBytes;
    for (std::size_t p = 0; p + span <= value.size(); p += kBytes) {
        if (!at(value, p, want[0])) continue;
        std::size_t i = 1;
        while (i < want.size() && at(value, p + i * kBytes, want[i]))
            ++i;
        if (i == want.size()) return true;
    }
    return false;
}

} // namespace lkmine::store_detail
