// The pairs of words in a row in text without positions, kept per mail as one value (schema 7:
// the distinct pairs; schema 8: every pair in text order), so a phrase there is decided from the
// index, not by reading the mail (phrase_check.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lkmine::store_detail {

// A word as the index tokenizer cut it, hashed (64 bits).
std::uint64_t word_hash(std::string_view word);
// The pair (a, b) of words in a row under the term prefix `prefix` ("XQUOT", "XDFA", ...), as
// a 48-bit hash: two pairs share one about once in 2^48, so a mail whose value holds the pair
// of a two-word phrase is taken to hold the phrase.
std::uint64_t pair_hash(std::string_view prefix, std::uint64_t a, std::uint64_t b);

// The pairs of one mail in text order, as the value of slot::pairs (schema 8): 6 bytes each,
// little endian. The pairs of a longer phrase stand one after the other where its words are
// in a row; where one chunk (a run of quoted lines, a diff line, a hunk header) ends with the
// word the next one of the same prefix starts with, a 0 (no pair) stands between them, so a
// phrase never chains across two chunks.
class PairRun {
  public:
    // A new chunk begins: its first pair does not follow the previous pair.
    void chunk() { chunk_start_ = true; }
    // The words a then b (hashed) in a row under `prefix`, after the previous pair of the chunk.
    void add(std::string_view prefix, std::uint64_t a, std::uint64_t b);
    std::string encode() const;
    bool empty() const { return hashes_.empty(); }

  private:
    std::vector<std::uint64_t> hashes_;
    std::string_view last_prefix_; // of the last pair, and its second word
    std::uint64_t last_word_ = 0;
    bool chunk_start_ = true;
};

// The pairs of one mail, one PairRun per prefix of text without positions (schema 8: each in
// its own value slot, pairs_slot).
class MailPairs {
  public:
    PairRun& of(std::string_view prefix);
    // (slot, encoded PairRun) of each prefix with pairs.
    std::vector<std::pair<unsigned, std::string>> encode() const;

  private:
    PairRun runs_[5];
};

// The value slot of a prefix's pairs on a schema 8 index (slot::pairs for XQUOT).
unsigned pairs_slot(std::string_view prefix);

// Whether an encoded PairRun, or a schema 7 value (the distinct pairs), holds `pair`.
bool holds_pair(std::string_view value, std::uint64_t pair);
// Whether an encoded PairRun holds `pairs` one after the other (the words of a phrase in a
// row, within one chunk). One pair: holds_pair.
bool holds_chain(std::string_view value, const std::vector<std::uint64_t>& pairs);

} // namespace lkmine::store_detail
