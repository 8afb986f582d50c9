// Ruling out a phrase on a raw mail's bytes: what the index tokenizer (detail/xapian.hpp
// for_each_word) would cut from the decoded text, read from the raw bytes when they are it.
#include "core/index/raw_phrase.hpp"

#include "core/mail/flattened.hpp"

namespace lkmine::store_detail {
namespace {

// The tokenizer's word bytes: ASCII letters, digits, '_' and every non-ASCII byte.
bool word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

unsigned char lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// Whether `text` starts with `name` (lowercase), ASCII case folded.
bool starts_nocase(std::string_view text, std::string_view name) {
    if (text.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (lower(static_cast<unsigned char>(text[i])) != static_cast<unsigned char>(name[i]))
            return false;
    return true;
}

bool has_nocase(std::string_view hay, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (starts_nocase(hay.substr(i), needle)) return true;
    return false;
}

// Whether one Content-* field (continuation lines included) makes a part's text differ from
// its raw bytes: a transfer encoding, HTML, a charset whose ASCII bytes are not its text.
bool opaque_field(std::string_view field) {
    static constexpr std::string_view kCte = "content-transfer-encoding:";
    if (starts_nocase(field, kCte)) {
        std::string v;
        for (char c : field.substr(kCte.size()))
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"')
                v += static_cast<char>(lower(static_cast<unsigned char>(c)));
        return !(v.starts_with("7bit") || v.starts_with("8bit") || v.starts_with("binary"));
    }
    for (std::string_view s : {"html", "utf-16", "utf-32", "utf-7", "iso-2022", "ucs-2"})
        if (has_nocase(field, s)) return true;
    return false;
}

// Whether the decoded text may differ from the raw bytes in its words or what separates them,
// from the Content-* fields of the mail and of its parts (lines starting "Content-"), or
// because the mail is flattened (rebuilt before parsing).
bool text_is_not_raw(std::string_view raw) {
    for (std::size_t line = 0; line < raw.size();) {
        auto nl = raw.find('\n', line);
        auto end = nl == raw.npos ? raw.size() : nl + 1;
        if ((raw[line] == 'C' || raw[line] == 'c') && starts_nocase(raw.substr(line), "content-")) {
            while (end < raw.size() && (raw[end] == ' ' || raw[end] == '\t')) { // folded
                auto more = raw.find('\n', end);
                end = more == raw.npos ? raw.size() : more + 1;
            }
            if (opaque_field(raw.substr(line, end - line))) return true;
        }
        line = end;
    }
    return looks_flattened(raw);
}

// The length of `word` at raw[p] (ASCII case folded), as a whole word; 0 when not there.
std::size_t word_at(std::string_view raw, std::size_t p, std::string_view word) {
    if (!starts_nocase(raw.substr(p), word)) return 0;
    auto e = p + word.size();
    return e < raw.size() && word_byte(static_cast<unsigned char>(raw[e])) ? 0 : word.size();
}

// Past the non-word bytes at p, and past words the tokenizer drops (over 64 bytes).
std::size_t skip_separator(std::string_view raw, std::size_t p) {
    while (p < raw.size()) {
        if (!word_byte(static_cast<unsigned char>(raw[p]))) {
            ++p;
            continue;
        }
        auto e = p;
        while (e < raw.size() && word_byte(static_cast<unsigned char>(raw[e])))
            ++e;
        if (e - p <= 64) return p;
        p = e;
    }
    return p;
}

bool run_at(std::string_view raw, std::size_t p, const std::vector<std::string>& words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) p = skip_separator(raw, p);
        auto n = p < raw.size() ? word_at(raw, p, words[i]) : 0;
        if (n == 0) return false;
        p += n;
    }
    return true;
}

} // namespace

bool raw_may_hold_run(std::string_view raw, const std::vector<std::string>& words) {
    if (words.empty() || words[0].empty()) return true;
    const auto first = static_cast<unsigned char>(words[0][0]);
    for (std::size_t p = 0; p < raw.size(); ++p) {
        if (lower(static_cast<unsigned char>(raw[p])) != first) continue;
        if (p > 0 && word_byte(static_cast<unsigned char>(raw[p - 1]))) continue;
        if (run_at(raw, p, words)) return true;
    }
    return text_is_not_raw(raw);
}

} // namespace lkmine::store_detail
