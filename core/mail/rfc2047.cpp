// RFC 2047 encoded-word decoding, tolerant of the forms mail software really writes.
#include "core/mail/rfc2047.hpp"

#include "core/base/charset.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace lkmine {
namespace {

struct EncodedWord {
    std::string_view charset; // without the RFC 2231 language suffix
    char encoding;            // 'q' or 'b'
    std::string_view text;
    std::size_t end; // index just past "?="
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_wsp(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Parses "=?charset?X?text?=" at s[pos]; the text may hold spaces (broken encoders do that).
// `close` caches the next "?=" so a header full of "=?" without terminators stays linear.
bool parse_encoded_word(std::string_view s, std::size_t pos, std::size_t& close, EncodedWord& ew) {
    if (pos + 2 > s.size() || s[pos] != '=' || s[pos + 1] != '?') return false;
    std::size_t i = pos + 2;
    const std::size_t cs_begin = i;
    while (i < s.size() && s[i] != '?' && !is_wsp(s[i]) && i - cs_begin < 80)
        ++i;
    if (i >= s.size() || s[i] != '?' || i == cs_begin) return false;
    std::string_view charset = s.substr(cs_begin, i - cs_begin);
    if (auto star = charset.find('*'); star != std::string_view::npos)
        charset = charset.substr(0, star);
    if (i + 2 >= s.size() || s[i + 2] != '?') return false;
    const char enc = s[i + 1];
    if (enc != 'q' && enc != 'Q' && enc != 'b' && enc != 'B') return false;
    const std::size_t text_begin = i + 3;
    if (close != std::string_view::npos && close < text_begin) close = s.find("?=", text_begin);
    if (close == std::string_view::npos) return false;
    ew.charset = charset;
    ew.encoding = (enc == 'q' || enc == 'Q') ? 'q' : 'b';
    ew.text = s.substr(text_begin, close - text_begin);
    ew.end = close + 2;
    return true;
}

void decode_q(std::string_view t, std::string& out) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '_') {
            out += ' ';
        } else if (c == '=' && i + 2 < t.size() && hex_value(t[i + 1]) >= 0 &&
                   hex_value(t[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(t[i + 1]) * 16 + hex_value(t[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62; // '-' and '_': the URL-safe alphabet seen in the wild
    if (c == '/' || c == '_') return 63;
    return -1;
}

// Lenient base64: skips characters outside the alphabet, ignores missing padding.
void decode_b(std::string_view t, std::string& out) {
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : t) {
        if (c == '=') break;
        const int v = base64_value(c);
        if (v < 0) continue;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
}

bool same_charset(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// Whether any of the 8 bytes at p is CR, LF or '?': header values run to kilobytes (DKIM,
// ARC), so they are scanned a word at a time.
bool has_special_byte(const char* p) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const auto zero_byte = [&](std::uint64_t x) { return (x - ones) & ~x & high; };
    return (zero_byte(w ^ (ones * '\r')) | zero_byte(w ^ (ones * '\n')) |
            zero_byte(w ^ (ones * '?'))) != 0;
}

bool all_wsp(std::string_view s) {
    for (char c : s)
        if (!is_wsp(c)) return false;
    return true;
}

} // namespace

std::string fold_line_breaks(std::string text) {
    if (text.find_first_of("\r\n") == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        out += text[i] == '\r' || text[i] == '\n' ? ' ' : text[i];
    }
    return out;
}

std::string unfold(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') continue;
        if (c == '\n') continue;
        if (c == '\r') continue; // a lone CR is a broken line end, never text
        out += c;
    }
    return out;
}

std::string decode_header_text(std::string_view raw) {
    // Every header of every mail comes through here: one pass finds line breaks and "=?"
    // (string_view's find_first_of and find would call memchr once per byte or per '=').
    bool has_break = false, has_word = false;
    for (std::size_t i = 0; i < raw.size();) {
        if (i + 8 <= raw.size() && !has_special_byte(raw.data() + i)) {
            i += 8;
            continue;
        }
        const std::size_t end = std::min(raw.size(), i + 8);
        for (; i < end; ++i) {
            const char c = raw[i];
            if (c == '\r' || c == '\n')
                has_break = true;
            else if (c == '?' && i > 0 && raw[i - 1] == '=')
                has_word = true;
        }
    }
    std::string unfolded_storage;
    if (has_break) unfolded_storage = unfold(raw);
    const std::string_view s = has_break ? std::string_view(unfolded_storage) : raw;
    // Unfolding only removes CR and LF, so it can create "=?" only across a removed break.
    if (!has_word && (!has_break || s.find("=?") == std::string_view::npos))
        return sanitize_utf8(s);

    std::string out;
    out.reserve(s.size());
    std::string pending;         // decoded bytes of the run of encoded words
    std::string_view pending_cs; // their charset
    bool have_pending = false;
    std::size_t text_begin = 0; // start of literal text not yet emitted
    bool after_word = false;    // the last thing emitted was an encoded word
    const auto flush_pending = [&] {
        if (!have_pending) return;
        out += fold_line_breaks(to_utf8(pending, pending_cs));
        pending.clear();
        have_pending = false;
    };
    std::size_t i = 0;
    std::size_t close = 0;
    while (i < s.size()) {
        const std::size_t next = s.find("=?", i);
        if (next == std::string_view::npos) break;
        EncodedWord ew;
        if (!parse_encoded_word(s, next, close, ew)) {
            i = next + 1;
            continue;
        }
        const std::string_view between = s.substr(text_begin, next - text_begin);
        if (!(after_word && all_wsp(between))) {
            flush_pending();
            out += sanitize_utf8(between);
        }
        if (have_pending && !same_charset(pending_cs, ew.charset)) flush_pending();
        pending_cs = ew.charset;
        have_pending = true;
        if (ew.encoding == 'q')
            decode_q(ew.text, pending);
        else
            decode_b(ew.text, pending);
        after_word = true;
        i = text_begin = ew.end;
    }
    flush_pending();
    out += sanitize_utf8(s.substr(text_begin));
    return out;
}

} // namespace lkmine
