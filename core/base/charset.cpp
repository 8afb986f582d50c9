// Charset conversion to UTF-8: a fast path for UTF-8/ASCII/windows-1252, iconv for the rest.
#include "core/base/charset.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

namespace lkmine {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// Windows-1252 0x80..0x9F; the five undefined bytes map to the C1 controls like WHATWG does.
constexpr char16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_code_point(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void append_cp1252(std::string& out, unsigned char c) {
    if (c < 0x80)
        out += static_cast<char>(c);
    else if (c < 0xA0)
        append_code_point(out, cp1252_high[c - 0x80]);
    else
        append_code_point(out, c);
}

// Index of the first byte at or after i that is >= 0x80 (or NUL, with stop_at_nul); eight
// bytes at a time, since nearly all mail text is ASCII.
std::size_t skip_ascii(std::string_view s, std::size_t i, bool stop_at_nul) {
    constexpr std::uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    while (i + 8 <= s.size()) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        std::uint64_t stop = w & high;
        if (stop_at_nul) stop |= (w - ones) & ~w & high;
        if (stop) break;
        i += 8;
    }
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80 || (stop_at_nul && c == 0)) break;
        ++i;
    }
    return i;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = at(i);
    if (c < 0x80) return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (at(i + 1) < lo || at(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k)
        if ((at(i + k) & 0xC0) != 0x80) return 0;
    return len;
}

// Copies valid UTF-8, replacing invalid bytes with U+FFFD and dropping NULs. Valid runs are
// copied whole: this runs over every body and header, nearly always valid ASCII.
std::string repair_utf8(std::string_view s, bool drop_nul) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0, run = 0; // s[run, i) is valid and not yet copied
    while (true) {
        i = skip_ascii(s, i, true);
        if (i >= s.size()) break;
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c == 0 ? 1 : utf8_sequence_length(s, i);
        if (n == 0 || (c == 0 && drop_nul)) {
            out.append(s.data() + run, i - run);
            if (n == 0) out += replacement;
            run = ++i;
            continue;
        }
        i += n;
    }
    out.append(s.data() + run, i - run);
    return out;
}

bool has_multibyte_sequence(std::string_view s) {
    for (std::size_t i = skip_ascii(s, 0, false); i < s.size(); i = skip_ascii(s, i + 1, false))
        if (utf8_sequence_length(s, i) > 1) return true;
    return false;
}

std::string decode_cp1252(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (unsigned char c : s)
        if (c != 0) append_cp1252(out, c);
    return out;
}

bool is_ascii(std::string_view s) {
    return skip_ascii(s, 0, false) == s.size();
}

std::string lower_trimmed(std::string_view cs) {
    while (!cs.empty() &&
           (cs.front() == ' ' || cs.front() == '\t' || cs.front() == '"' || cs.front() == '\''))
        cs.remove_prefix(1);
    while (!cs.empty() &&
           (cs.back() == ' ' || cs.back() == '\t' || cs.back() == '"' || cs.back() == '\''))
        cs.remove_suffix(1);
    std::string out(cs);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

enum class Kind { utf8, cp1252, guess, iconv };

struct Resolved {
    Kind kind;
    std::string iconv_name;
};

// Mail software writes charset names loosely; these are the labels seen in real archives.
Resolved resolve(std::string_view charset) {
    const std::string cs = lower_trimmed(charset);
    if (cs == "utf-8" || cs == "utf8" || cs == "x-utf8" || cs == "x-utf-8" ||
        cs == "unicode-1-1-utf-8")
        return {Kind::utf8, {}};
    // us-ascii mail often carries 8-bit text anyway; latin1 labels are really windows-1252.
    if (cs == "us-ascii" || cs == "ascii" || cs == "ansi_x3.4-1968" || cs == "iso646-us" ||
        cs == "unknown-8bit" || cs == "x-unknown" || cs == "unknown" || cs == "default" ||
        cs == "x-user-defined" || cs == "8bit" || cs == "cp-850")
        return {Kind::guess, {}};
    if (cs == "iso-8859-1" || cs == "iso8859-1" || cs == "iso_8859-1" || cs == "latin1" ||
        cs == "latin-1" || cs == "l1" || cs == "windows-1252" || cs == "cp1252" ||
        cs == "x-cp1252" || cs == "iso-8859-1:1987" || cs == "iso_8859-1:1987" || cs == "cp819" ||
        cs == "ibm819" || cs == "iso-ir-100")
        return {Kind::cp1252, {}};
    if (cs == "gb2312" || cs == "gbk" || cs == "x-gbk" || cs == "cp936" || cs == "euc-cn" ||
        cs == "chinese" || cs == "gb_2312-80")
        return {Kind::iconv, "GB18030"};
    if (cs == "ks_c_5601-1987" || cs == "ks_c_5601" || cs == "euc-kr" || cs == "korean" ||
        cs == "ksc5601" || cs == "ks_c_5601-1989" || cs == "windows-949")
        return {Kind::iconv, "CP949"};
    if (cs == "shift_jis" || cs == "shift-jis" || cs == "sjis" || cs == "x-sjis" ||
        cs == "ms_kanji" || cs == "windows-31j")
        return {Kind::iconv, "CP932"};
    if (cs == "big5" || cs == "x-x-big5" || cs == "cn-big5") return {Kind::iconv, "BIG5-HKSCS"};
    if (cs == "iso-8859-8-i" || cs == "iso-8859-8-e") return {Kind::iconv, "ISO-8859-8"};
    if (cs == "iso-8859-6-i" || cs == "iso-8859-6-e") return {Kind::iconv, "ISO-8859-6"};
    if (cs == "x-mac-roman" || cs == "mac" || cs == "macintosh") return {Kind::iconv, "MACINTOSH"};
    if (cs == "tis-620" || cs == "iso-8859-11") return {Kind::iconv, "CP874"};
    if (cs.empty()) return {Kind::guess, {}};
    return {Kind::iconv, std::string(cs)};
}

// One iconv descriptor per charset and thread: iconv_open is far dearer than a conversion.
class IconvCache {
  public:
    ~IconvCache() {
        for (auto& [name, cd] : cds_)
            if (cd != invalid()) iconv_close(cd);
    }
    iconv_t get(const std::string& name) {
        auto it = cds_.find(name);
        if (it != cds_.end()) return it->second;
        if (cds_.size() > 256) return iconv_open("UTF-8", name.c_str()); // caller closes
        iconv_t cd = iconv_open("UTF-8", name.c_str());
        cds_.emplace(name, cd);
        return cd;
    }
    bool owns(const std::string& name) const { return cds_.count(name) != 0; }
    static iconv_t invalid() { return reinterpret_cast<iconv_t>(-1); }

  private:
    std::unordered_map<std::string, iconv_t> cds_;
};

thread_local IconvCache cache;

// Runs iconv over all of `in`; each undecodable byte becomes U+FFFD and conversion resumes.
std::string convert_with(iconv_t cd, std::string_view in) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string out;
    std::string buf(in.size() * 4 + 64, '\0');
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    while (true) {
        char* dst = buf.data();
        std::size_t dst_left = buf.size();
        const std::size_t r = src_left ? iconv(cd, &src, &src_left, &dst, &dst_left)
                                       : iconv(cd, nullptr, nullptr, &dst, &dst_left);
        const int err = errno;
        out.append(buf.data(), buf.size() - dst_left);
        if (r != static_cast<std::size_t>(-1)) {
            if (src_left == 0) {
                // Flush the shift state of stateful encodings (ISO-2022-JP) once.
                dst = buf.data();
                dst_left = buf.size();
                iconv(cd, nullptr, nullptr, &dst, &dst_left);
                out.append(buf.data(), buf.size() - dst_left);
                break;
            }
            continue;
        }
        if (err == E2BIG) continue;
        out += replacement;
        if (err == EINVAL || src_left == 0) break; // truncated sequence at the end
        ++src;
        --src_left;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    return out;
}

bool ascii_transparent(std::string_view name) {
    // These encode ASCII text differently or use ESC/'+'/'~' shifts.
    return !(name.starts_with("utf-7") || name.starts_with("utf-16") ||
             name.starts_with("utf-32") || name.starts_with("ucs") || name.starts_with("hz") ||
             name.starts_with("iso-2022") || name.starts_with("unicode") ||
             name.starts_with("cp1200") || name.starts_with("cp65000"));
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (true) {
        i = skip_ascii(text, i, false);
        if (i >= text.size()) break;
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    if (!has_multibyte_sequence(text)) {
        std::string out;
        out.reserve(text.size() + text.size() / 4);
        for (unsigned char c : text)
            append_cp1252(out, c);
        return out;
    }
    return repair_utf8(text, false);
}

std::string to_utf8(std::string_view bytes, std::string_view charset, bool* ok) {
    if (ok) *ok = true;
    const Resolved r = resolve(charset);
    switch (r.kind) {
    case Kind::utf8:
        return repair_utf8(bytes, true);
    case Kind::cp1252:
        return decode_cp1252(bytes);
    case Kind::guess:
        return is_valid_utf8(bytes) ? repair_utf8(bytes, true) : decode_cp1252(bytes);
    case Kind::iconv:
        break;
    }
    if (is_ascii(bytes) && ascii_transparent(r.iconv_name) &&
        bytes.find('\x1b') == std::string_view::npos)
        return repair_utf8(bytes, true);
    iconv_t cd = cache.get(r.iconv_name);
    if (cd == IconvCache::invalid()) {
        if (ok) *ok = false;
        return is_valid_utf8(bytes) ? repair_utf8(bytes, true) : decode_cp1252(bytes);
    }
    std::string converted = convert_with(cd, bytes);
    if (!cache.owns(r.iconv_name)) iconv_close(cd);
    // iconv output is UTF-8 already; this only removes NULs and anything a module got wrong.
    return repair_utf8(converted, true);
}

} // namespace lkmine
