// Address-list parsing: a single left-to-right scan into mailboxes, then one small parse each.
#include "core/mail/address.hpp"

#include "core/mail/rfc2047.hpp"

#include <string>

namespace lkmine {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_wsp(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_wsp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back()))
        s.remove_suffix(1);
    return s;
}

// Index just past the closing quote of the quoted string at s[i], or npos when unclosed.
std::size_t skip_quoted(std::string_view s, std::size_t i) {
    for (std::size_t k = i + 1; k < s.size(); ++k) {
        if (s[k] == '\\')
            ++k;
        else if (s[k] == '"')
            return k + 1;
    }
    return npos;
}

// Index just past the comment at s[i] (nested parentheses counted, no recursion); an
// unclosed comment runs to the end.
std::size_t skip_comment(std::string_view s, std::size_t i) {
    int depth = 0;
    for (std::size_t k = i; k < s.size(); ++k) {
        if (s[k] == '\\')
            ++k;
        else if (s[k] == '(')
            ++depth;
        else if (s[k] == ')' && --depth == 0)
            return k + 1;
    }
    return s.size();
}

// Index of the '>' closing the angle address at s[i], or npos when it is missing: a ',' or
// '<' before any '>' means the writer forgot it (source routes "<@a,@b:x@y>" excepted).
std::size_t angle_close(std::string_view s, std::size_t i) {
    const bool route = i + 1 < s.size() && s[i + 1] == '@';
    for (std::size_t k = i + 1; k < s.size(); ++k) {
        if (s[k] == '>') return k;
        if (s[k] == '<' || (s[k] == ',' && !route)) return npos;
    }
    return npos;
}

std::string unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '\\' && k + 1 < s.size()) ++k;
        out += s[k];
    }
    return out;
}

// Turns words and quoted strings into display text: quotes removed, whitespace runs outside
// quotes collapsed, encoded words decoded.
std::string display_text(std::string_view s) {
    std::string phrase;
    bool quote_open_ok = true;
    for (std::size_t k = 0; k < s.size(); ++k) {
        const char c = s[k];
        if (c == '"' && quote_open_ok) {
            const std::size_t e = skip_quoted(s, k);
            if (e == npos) {
                quote_open_ok = false; // a stray quote: drop it, read the rest as words
                continue;
            }
            phrase += unescape(s.substr(k + 1, e - k - 2));
            k = e - 1;
        } else if (c == '"') {
            continue;
        } else if (is_wsp(c)) {
            if (!phrase.empty() && phrase.back() != ' ') phrase += ' ';
        } else {
            phrase += c;
        }
    }
    std::string decoded = decode_header_text(trim(phrase));
    return std::string(trim(decoded));
}

std::string clean_email(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '@') { // obsolete source route "@a,@b:user@host"
        const std::size_t colon = s.find(':');
        if (colon != npos) s = trim(s.substr(colon + 1));
    }
    if (s.size() >= 7 && (s.substr(0, 7) == "mailto:" || s.substr(0, 7) == "MAILTO:"))
        s = trim(s.substr(7));
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"' && skip_quoted(s, 0) == s.size())
        return unescape(s.substr(1, s.size() - 2));
    std::string out;
    out.reserve(s.size());
    const bool quoted_local = s.find('"') != npos;
    for (char c : s)
        if (quoted_local || !is_wsp(c)) out += c; // folding inside an address leaves spaces
    return out;
}

// Splits the text outside comments into words; quoted strings stay inside their word.
std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> words;
    std::size_t k = 0;
    while (k < s.size()) {
        while (k < s.size() && is_wsp(s[k]))
            ++k;
        const std::size_t begin = k;
        while (k < s.size() && !is_wsp(s[k])) {
            if (s[k] == '"') {
                const std::size_t e = skip_quoted(s, k);
                k = e == npos ? k + 1 : e;
            } else {
                ++k;
            }
        }
        if (k > begin) words.push_back(s.substr(begin, k - begin));
    }
    return words;
}

bool parse_mailbox(std::string_view seg, Address& out) {
    std::string before; // text before the angle address, comments removed
    std::string comment;
    std::string angle;
    bool has_angle = false;
    bool quotes_ok = true;
    for (std::size_t k = 0; k < seg.size();) {
        const char c = seg[k];
        if (c == '"' && quotes_ok && !has_angle) {
            const std::size_t e = skip_quoted(seg, k);
            if (e == npos) {
                quotes_ok = false;
                ++k;
                continue;
            }
            before.append(seg.substr(k, e - k));
            k = e;
        } else if (c == '(') {
            const std::size_t e = skip_comment(seg, k);
            std::string_view inner = seg.substr(k + 1, e - k - 1);
            if (!inner.empty() && inner.back() == ')') inner.remove_suffix(1);
            if (comment.empty()) comment = unescape(trim(inner));
            if (!has_angle) before += ' ';
            k = e;
        } else if (c == '<' && !has_angle) {
            has_angle = true;
            const std::size_t e = angle_close(seg, k);
            const std::size_t end = e == npos ? seg.size() : e;
            angle = std::string(seg.substr(k + 1, end - k - 1));
            k = e == npos ? seg.size() : e + 1;
        } else {
            if (!has_angle && c != '"') before += c;
            ++k;
        }
    }
    if (has_angle) {
        out.email = clean_email(angle);
        out.name = display_text(before);
        if (out.name.empty()) out.name = display_text(comment);
        return !out.email.empty() || !out.name.empty();
    }
    const std::vector<std::string_view> words = words_of(before);
    if (words.empty()) return false;
    std::size_t at_word = npos;
    for (std::size_t w = words.size(); w-- > 0;)
        if (words[w].find('@') != npos) {
            at_word = w;
            break;
        }
    if (at_word == npos && words.size() == 1) at_word = 0; // a local user: "root"
    std::string name_words;
    for (std::size_t w = 0; w < words.size(); ++w) {
        if (w == at_word) continue;
        if (!name_words.empty()) name_words += ' ';
        name_words += words[w];
    }
    if (at_word != npos) out.email = clean_email(words[at_word]);
    out.name = display_text(name_words);
    if (out.name.empty()) out.name = display_text(comment);
    return true;
}

} // namespace

std::vector<Address> parse_address_list(std::string_view raw_value) {
    std::vector<Address> out;
    const std::string unfolded = unfold(raw_value);
    const std::string_view s = unfolded;
    std::size_t seg_begin = 0;
    bool in_group = false, seen_at = false, seen_angle = false, quotes_ok = true;
    const auto emit = [&](std::size_t end) {
        Address a;
        if (end > seg_begin && parse_mailbox(s.substr(seg_begin, end - seg_begin), a))
            out.push_back(std::move(a));
        seg_begin = end + 1;
        seen_at = seen_angle = false;
    };
    for (std::size_t k = 0; k < s.size();) {
        const char c = s[k];
        if (c == '"' && quotes_ok) {
            const std::size_t e = skip_quoted(s, k);
            if (e == npos) quotes_ok = false; // no closing quote anywhere after: literal
            k = e == npos ? k + 1 : e;
            continue;
        }
        if (c == '(') {
            k = skip_comment(s, k);
            continue;
        }
        if (c == '<') {
            seen_angle = true;
            const std::size_t e = angle_close(s, k);
            k = e == npos ? k + 1 : e + 1;
            continue;
        }
        if (c == '@') seen_at = true;
        if (c == ',' || c == ';') {
            emit(k);
            if (c == ';') in_group = false;
        } else if (c == ':' && !in_group && !seen_at && !seen_angle) {
            in_group = true; // "team: a@b, c@d;" or "undisclosed-recipients:;"
            seg_begin = k + 1;
        }
        ++k;
    }
    emit(s.size());
    return out;
}

Address parse_address(std::string_view raw_value) {
    std::vector<Address> list = parse_address_list(raw_value);
    return list.empty() ? Address{} : std::move(list.front());
}

} // namespace lkmine
