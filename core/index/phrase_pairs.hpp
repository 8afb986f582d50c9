// The pairs of words in a row in text without positions, kept per mail as one value (schema 7),
// so a phrase there is decided from the index, not by reading the mail (phrase_check.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine::store_detail {

// A word as the index tokenizer cut it, hashed (64 bits).
std::uint64_t word_hash(std::string_view word);
// The pair (a, b) of words in a row under the term prefix `prefix` ("XQUOT", "XDFA", ...), as
// a 48-bit hash: two pairs share one about once in 2^48, so a mail whose value holds the pair
// of a two-word phrase is taken to hold the phrase.
std::uint64_t pair_hash(std::string_view prefix, std::uint64_t a, std::uint64_t b);

// The distinct pair hashes of one mail, as the value of slot::pairs: 6 bytes each, little
// endian, in no order.
class PairSet {
  public:
    void add(std::uint64_t pair);
    std::string encode();
    bool empty() const { return hashes_.empty(); }

  private:
    std::vector<std::uint64_t> hashes_;
};

// Whether an encoded PairSet holds `pair`.
bool holds_pair(std::string_view value, std::uint64_t pair);

} // namespace lkmine::store_detail
