// The one sanitiser for mail-derived text shown to a person (CLI output, GUI labels).
#include "core/base/safe_text.hpp"

#include <cstdint>
#include <cstdio>

namespace lkmine {
namespace {

enum class Mode { text, line };

// Length of the strict UTF-8 sequence at s[i] (no overlongs, surrogates or > U+10FFFF) and
// its code point; 0 when it is invalid or cut short.
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char t = b(k);
        if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xBF)) return 0;
        cp = (cp << 6) | (t & 0x3F);
    }
    return len;
}

bool must_escape(std::uint32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void escape(std::string& out, std::uint32_t cp) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
    out += buf;
}

void append_safe(std::string& out, std::string_view s, Mode mode) {
    out.reserve(out.size() + s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t cp = 0;
        const std::size_t len = decode(s, i, cp);
        if (len == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD for one invalid byte
            ++i;
            continue;
        }
        const bool crlf = cp == '\r' && i + 1 < s.size() && s[i + 1] == '\n';
        if (crlf) ++i; // "\r\n" is handled as its "\n"
        if (cp == '\n' || crlf) {
            out += mode == Mode::line ? ' ' : '\n';
        } else if (cp == '\t') {
            out += mode == Mode::line ? ' ' : '\t';
        } else if (mode == Mode::line && cp == '\r') {
            out += ' ';
        } else if (must_escape(cp)) {
            escape(out, cp);
        } else {
            out.append(s.substr(i, len));
        }
        i += crlf ? 1 : len;
    }
}

// Where a buffer can be cut without splitting a UTF-8 sequence or a "\r\n".
std::size_t safe_cut(std::string_view s) {
    std::size_t cut = s.size();
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80) continue; // a continuation byte: look further back
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (need > back) cut = s.size() - back;
        break;
    }
    if (cut == s.size() && cut > 0 && s[cut - 1] == '\r') --cut;
    return cut;
}

} // namespace

std::string safe_text(std::string_view s) {
    std::string out;
    append_safe(out, s, Mode::text);
    return out;
}

std::string safe_line(std::string_view s) {
    std::string out;
    append_safe(out, s, Mode::line);
    return out;
}

SafeTextBuf::~SafeTextBuf() {
    pass_on(true);
    sink_->pubsync();
}

SafeTextBuf::int_type SafeTextBuf::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    pending_ += traits_type::to_char_type(c);
    pass_on(false);
    return c;
}

std::streamsize SafeTextBuf::xsputn(const char* s, std::streamsize n) {
    pending_.append(s, static_cast<std::size_t>(n));
    pass_on(false); // at once, so the order with printf and other streams stays as written
    return n;
}

int SafeTextBuf::sync() {
    pass_on(false);
    return sink_->pubsync();
}

void SafeTextBuf::pass_on(bool everything) {
    const std::size_t cut = everything ? pending_.size() : safe_cut(pending_);
    if (cut == 0) return;
    std::string out;
    append_safe(out, std::string_view(pending_).substr(0, cut), Mode::text);
    sink_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
    pending_.erase(0, cut);
}

} // namespace lkmine
