// Message-ID extraction: angle-bracketed ids first, bare addr-spec-like words as a fallback.
#include "core/mail/msgid.hpp"

#include <unordered_set>

namespace lkmine {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string without_space(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (!is_space(c)) out += c;
    return out;
}

// Trailing/leading punctuation that prose wraps around a bare id.
std::string_view strip_punct(std::string_view w) {
    const std::string_view junk = "<>\"',;:.()[]";
    while (!w.empty() && junk.find(w.front()) != npos)
        w.remove_prefix(1);
    while (!w.empty() && junk.find(w.back()) != npos)
        w.remove_suffix(1);
    return w;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '%' && k + 2 < s.size() && hex_value(s[k + 1]) >= 0 &&
            hex_value(s[k + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[k + 1]) * 16 + hex_value(s[k + 2]));
            k += 2;
        } else {
            out += s[k];
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::vector<std::string> parse_msgid_list(std::string_view raw) {
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    const auto add = [&](std::string id) {
        if (!id.empty() && seen.insert(id).second) ids.push_back(std::move(id));
    };
    std::string bare; // text outside <>, comments and quotes, for the fallback
    bool any_angle = false;
    bool comments_ok = true, quotes_ok = true; // false once one was unclosed: keeps it linear
    for (std::size_t k = 0; k < raw.size();) {
        const char c = raw[k];
        if (c == '<') {
            const std::size_t close = raw.find_first_of("<>", k + 1);
            if (close != npos && raw[close] == '>') {
                any_angle = true;
                add(without_space(raw.substr(k + 1, close - k - 1)));
                k = close + 1;
                continue;
            }
            // A '<' with no '>': the id runs to the end of the word.
            std::size_t e = k + 1;
            while (e < raw.size() && !is_space(raw[e]) && raw[e] != '<' && raw[e] != ',')
                ++e;
            const std::string_view w = raw.substr(k + 1, e - k - 1);
            if (w.find('@') != npos) {
                any_angle = true;
                add(std::string(w));
            }
            bare += ' ';
            k = e;
        } else if (c == '(' && comments_ok) {
            int depth = 0;
            std::size_t e = k;
            for (; e < raw.size(); ++e) {
                if (raw[e] == '\\')
                    ++e;
                else if (raw[e] == '(')
                    ++depth;
                else if (raw[e] == ')' && --depth == 0)
                    break;
            }
            if (e >= raw.size()) { // unclosed: not a comment after all
                comments_ok = false;
                bare += ' ';
                ++k;
                continue;
            }
            bare += ' ';
            k = e + 1;
        } else if (c == '"' && quotes_ok) {
            std::size_t e = k + 1;
            while (e < raw.size() && raw[e] != '"')
                e += raw[e] == '\\' ? 2 : 1;
            if (e >= raw.size()) {
                quotes_ok = false;
                bare += ' ';
                ++k;
                continue;
            }
            bare += ' ';
            k = e + 1;
        } else {
            bare += c;
            ++k;
        }
    }
    // With bracketed ids present, bare words are prose ("foo@bar's message of ..."), and an
    // address there is no id; without any, words holding an '@' are ids that lost their <>.
    if (any_angle) return ids;
    std::size_t k = 0;
    while (k < bare.size()) {
        while (k < bare.size() && (is_space(bare[k]) || bare[k] == ','))
            ++k;
        const std::size_t b = k;
        while (k < bare.size() && !is_space(bare[k]) && bare[k] != ',')
            ++k;
        const std::string_view w = strip_punct(std::string_view(bare).substr(b, k - b));
        const std::size_t at = w.find('@');
        if (at != npos && at > 0 && at + 1 < w.size()) add(std::string(w));
    }
    return ids;
}

std::string parse_msgid(std::string_view raw) {
    std::vector<std::string> ids = parse_msgid_list(raw);
    return ids.empty() ? std::string() : std::move(ids.front());
}

std::string msgid_from_arg(std::string_view user_input) {
    std::string_view s = trim(user_input);
    for (std::string_view prefix : {"mid:", "id:", "m:"})
        if (s.starts_with(prefix)) {
            s = trim(s.substr(prefix.size()));
            break;
        }
    std::string_view path;
    bool is_url = false;
    for (std::string_view scheme : {"https://", "http://"})
        if (s.starts_with(scheme)) {
            s.remove_prefix(scheme.size());
            is_url = true;
        }
    if (is_url || s.starts_with("lore.kernel.org/")) {
        const std::size_t slash = s.find('/');
        path = slash == npos ? std::string_view() : s.substr(slash + 1);
        if (const std::size_t cut = path.find_first_of("?#"); cut != npos)
            path = path.substr(0, cut);
        std::vector<std::string_view> parts;
        std::size_t k = 0;
        while (k <= path.size()) {
            std::size_t e = path.find('/', k);
            if (e == npos) e = path.size();
            if (e > k) parts.push_back(path.substr(k, e - k));
            k = e + 1;
        }
        // "/r/<id>" and "/all/<id>" name no list; otherwise "/<list>/<id>/..."
        std::string_view id;
        if (parts.size() >= 2)
            id = parts[1];
        else if (parts.size() == 1)
            id = parts[0];
        std::string decoded = url_decode(id);
        if (decoded.size() >= 2 && decoded.front() == '<' && decoded.back() == '>')
            decoded = decoded.substr(1, decoded.size() - 2);
        return decoded;
    }
    // Not a URL: as written, since '%' is legal in a Message-ID (<abc%2Bdef@example.com>).
    std::string_view d = s;
    if (d.size() >= 2 && d.front() == '<' && d.back() == '>') d = d.substr(1, d.size() - 2);
    return std::string(trim(d));
}

} // namespace lkmine
