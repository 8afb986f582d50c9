// Kernel mail subjects read the way b4 reads them: reply markers, [PATCH vN i/n] groups, clean
// text.
#include "core/patch/subject.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace lkmine {
namespace {

// A pathological subject ("[a b c ...]" of 4 MB) must not produce a huge prefix list.
constexpr std::size_t max_prefixes = 64;

bool is_space_byte(unsigned char c) {
    return c <= 0x20 || c == 0x7f;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != prefix[i]) return false;
    return true;
}

// Control bytes, NUL and no-break spaces count as spaces: folded headers and mangled
// clients put all of them into subjects.
std::string collapse_whitespace(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        auto c = static_cast<unsigned char>(in[i]);
        bool space = is_space_byte(c);
        if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
            space = true;
            ++i;
        }
        if (space) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += static_cast<char>(c);
    }
    return out;
}

// "Re:", "AW:", "Re[2]:", "Re :" at pos; returns the position after the colon or npos.
std::size_t match_reply_marker(std::string_view s, std::size_t pos) {
    static constexpr std::array<std::string_view, 8> markers = {"re", "aw", "fwd",  "fw",
                                                                "sv", "vs", "antw", "odp"};
    std::size_t i = pos;
    while (i < s.size() && i - pos <= 4 && is_alpha(s[i]))
        ++i;
    if (i == pos || i - pos > 4) return std::string_view::npos;
    std::string word = lower(s.substr(pos, i - pos));
    bool known = false;
    for (auto m : markers)
        known = known || word == m;
    // Like b4, any other 2-3 letter word is a localised marker ("WG:", "TR:", "RIF:") when
    // a bracket group follows; without one it may be a subsystem ("mm: fix").
    if (!known && word.size() >= 2 && word.size() <= 3 && i < s.size() && s[i] == ':') {
        std::size_t j = i + 1;
        if (j < s.size() && s[j] == ' ') ++j;
        if (j < s.size() && s[j] == '[') return i + 1;
    }
    if (!known) return std::string_view::npos;
    if (i < s.size() && s[i] == '[') { // "Re[2]:" from some clients
        std::size_t j = i + 1;
        while (j < s.size() && j - i <= 4 && is_digit(s[j]))
            ++j;
        if (j == i + 1 || j >= s.size() || s[j] != ']') return std::string_view::npos;
        i = j + 1;
    }
    if (i < s.size() && s[i] == ' ') ++i; // French clients write "Re :"
    if (i < s.size() && s[i] == ':') return i + 1;
    return std::string_view::npos;
}

// End (index of the closing ']') of the group opening at pos, or npos. Nested groups are
// balanced; an unbalanced inner '[' falls back to the first ']' as b4 does.
std::size_t find_group_end(std::string_view s, std::size_t pos) {
    int depth = 0;
    for (std::size_t i = pos; i < s.size(); ++i) {
        if (s[i] == '[') ++depth;
        if (s[i] == ']' && --depth == 0) return i;
    }
    return s.find(']', pos);
}

bool all_digits(std::string_view s, std::size_t min_len, std::size_t max_len) {
    if (s.size() < min_len || s.size() > max_len) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// "v3", "V3", "-v3" -> 3; -1 when the word is not a revision.
int revision_of(std::string_view w) {
    if (!w.empty() && w[0] == '-') w.remove_prefix(1);
    if (w.size() < 2 || (w[0] != 'v' && w[0] != 'V')) return -1;
    w.remove_prefix(1);
    if (!all_digits(w, 1, 6)) return -1;
    return std::stoi(std::string(w));
}

bool parse_counter(std::string_view w, int& index, int& total) {
    auto slash = w.find('/');
    if (slash == std::string_view::npos) return false;
    auto a = w.substr(0, slash), b = w.substr(slash + 1);
    if (!all_digits(a, 1, 4) || !all_digits(b, 1, 4)) return false;
    index = std::stoi(std::string(a));
    total = std::stoi(std::string(b));
    return true;
}

struct GroupState {
    SubjectInfo& info;
    bool rfc = false;
    bool counted = false;
    bool revision_written = false;
    std::string previous; // lowercased previous word, to see "for v10"
};

void add_word(GroupState& st, std::string_view word) {
    while (!word.empty() && (word.front() == ',' || word.front() == ';'))
        word.remove_prefix(1);
    while (!word.empty() && (word.back() == ',' || word.back() == ';'))
        word.remove_suffix(1);
    if (word.empty()) return;
    // "PATCHv3", "RFC-v2", "RESEND_v2": the word glued to its revision.
    for (std::string_view head : {"patch", "rfc", "resend"}) {
        if (!starts_with_ci(word, head) || word.size() == head.size()) continue;
        auto rest = word.substr(head.size());
        if (rest[0] == '-' || rest[0] == '_') rest.remove_prefix(1);
        if (revision_of(rest) >= 0 && rest[0] != '-') {
            add_word(st, word.substr(0, head.size()));
            add_word(st, rest);
            return;
        }
    }
    std::string lw = lower(word);
    int rev = revision_of(word);
    if (rev >= 0 && st.previous != "for") {
        st.info.revision = rev;
        st.revision_written = true;
    } else if (parse_counter(word, st.info.index, st.info.total)) {
        st.counted = true;
    } else {
        if (lw.rfind("patch", 0) == 0) st.info.is_patch = true;
        if (lw.rfind("rfc", 0) == 0) st.rfc = true;
        if (st.info.prefixes.size() < max_prefixes) st.info.prefixes.emplace_back(word);
    }
    st.previous = std::move(lw);
}

void read_group(GroupState& st, std::string_view inner) {
    std::size_t i = 0;
    while (i < inner.size()) {
        while (i < inner.size() && (inner[i] == ' ' || inner[i] == '[' || inner[i] == ']'))
            ++i;
        std::size_t start = i;
        while (i < inner.size() && inner[i] != ' ' && inner[i] != '[' && inner[i] != ']')
            ++i;
        if (i > start) add_word(st, inner.substr(start, i - start));
    }
}

} // namespace

SubjectInfo parse_subject(std::string_view decoded_subject) {
    SubjectInfo info;
    const std::string s = collapse_whitespace(decoded_subject);
    GroupState st{info, false, false, false, {}};
    std::size_t pos = 0;
    // Each round consumes at least one byte, so this ends after at most s.size() rounds.
    while (pos < s.size()) {
        if (s[pos] == ' ') {
            ++pos;
            continue;
        }
        if (auto after = match_reply_marker(s, pos); after != std::string_view::npos) {
            info.is_reply = true;
            pos = after;
            continue;
        }
        if (s[pos] != '[') break;
        auto end = find_group_end(s, pos);
        if (end == std::string::npos) break;
        st.previous.clear();
        read_group(st, std::string_view(s).substr(pos + 1, end - pos - 1));
        pos = end + 1;
    }
    if (st.rfc && (st.counted || st.revision_written)) info.is_patch = true;
    info.clean = s.substr(std::min(pos, s.size()));
    return info;
}

std::string normalize_subject(std::string_view subject) {
    std::string out = lower(parse_subject(subject).clean);
    while (!out.empty()) {
        char c = out.back();
        if (c == ' ' || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
            out.pop_back();
        else
            break;
    }
    return out;
}

} // namespace lkmine
