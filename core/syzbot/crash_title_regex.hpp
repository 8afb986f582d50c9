// Internal: the small backtracking regex engine the crash-title rules run on (ECMAScript subset).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine::crash {

// Offsets of a match and its groups in the searched text; -1 for a group that took no part.
struct Match {
    std::vector<int> spans; // 2 per group, group 0 is the whole match
    bool matched(std::size_t g) const { return 2 * g + 1 < spans.size() && spans[2 * g] >= 0; }
    std::size_t size() const { return spans.size() / 2; }
    std::size_t position(std::size_t g) const { return static_cast<std::size_t>(spans[2 * g]); }
    std::string_view str(std::string_view text, std::size_t g) const {
        if (!matched(g)) return {};
        return text.substr(position(g), static_cast<std::size_t>(spans[2 * g + 1] - spans[2 * g]));
    }
};

// The patterns of crash_title_table.cpp with std::regex's ECMAScript meaning (leftmost match,
// alternatives and quantifiers tried in order, '.' stops at CR and LF, \w \d \s \b in the C
// locale), compiled in microseconds and matched without std::regex's allocations. Supports
// literals, '.', classes ([a-z], [^x], [[:space:]], \d \w \s \D \W \S), groups ((...),
// (?:...)), '|', greedy and lazy * + ? {m,n}, and the anchors ^ $ \b \B. Matching keeps its
// own stack and falls back to remembering visited states, so time stays linear in the text
// whatever the pattern. Throws std::invalid_argument on a pattern outside that subset.
class Regex {
  public:
    explicit Regex(std::string_view pattern, bool icase = false);

    // std::regex_search: the leftmost match starting at or after `from`; the text before
    // `from` is still seen by \b (like match_prev_avail), and ^ matches only at 0.
    bool search(std::string_view text, std::size_t from = 0) const;
    bool search(std::string_view text, Match& m, std::size_t from = 0) const;

    // std::regex_replace with the default format: "$n" is group n, "$&" the match, "$$" a '$'.
    std::string replace(std::string_view text, std::string_view fmt) const;

    std::size_t groups() const { return groups_; }

    // A match starting exactly at `start` (the text before it is still seen by \b).
    bool match_at(std::string_view text, std::size_t start) const;

    // The bytes a match can start with, or nullptr when a match may be empty.
    const auto* first_bytes() const { return first_known_ ? &first_ : nullptr; }

    enum class Op : std::uint8_t {
        chr,
        any,
        cls,
        split,
        jmp,
        save,
        bol,
        eol,
        wordb,
        nwordb,
        match
    };
    struct Inst {
        Op op;
        unsigned char c = 0; // chr
        int x = 0, y = 0;    // split: preferred x, then y; jmp: x; save: slot x; cls: class x
    };
    struct Class {
        std::uint64_t bits[4] = {0, 0, 0, 0};
        bool has(unsigned char c) const { return (bits[c >> 6] >> (c & 63)) & 1; }
        void add(unsigned char c) { bits[c >> 6] |= std::uint64_t{1} << (c & 63); }
    };

  private:
    bool run(std::string_view text, std::size_t from, std::vector<int>* spans,
             bool only_from = false) const;
    bool try_at(std::string_view text, std::size_t start, std::vector<int>& caps,
                std::vector<std::uint64_t>* visited, std::size_t& budget) const;

    void compute_lookahead();

    std::vector<Inst> prog_;
    std::vector<Class> classes_;
    // Per instruction: the bytes a path from it can consume first, and whether it can reach
    // the end of the pattern consuming nothing. A split skips a way that cannot start with the
    // next byte: the same result, without trying each of a long alternation's branches.
    std::vector<Class> next_bytes_;
    std::vector<bool> can_skip_;
    std::size_t groups_ = 1;
    bool icase_ = false;
    bool anchored_ = false; // starts with ^
    std::string prefix_;    // literal text every match starts with (not under icase)
    Class first_;           // bytes a match can start with
    bool first_known_ = false;
};

// Whether any of several patterns occurs in a text: what one alternation of them all answers
// as a yes/no, with each pattern tried only at positions holding a byte it can start with.
class RegexSet {
  public:
    explicit RegexSet(const std::vector<std::string>& patterns);
    bool search(std::string_view text) const;

  private:
    std::vector<Regex> res_;
    std::vector<std::uint16_t> by_byte_[256];
    std::vector<std::uint16_t> anywhere_; // patterns that may match the empty string
};

} // namespace lkmine::crash
