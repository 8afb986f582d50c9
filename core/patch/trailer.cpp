// Trailers ("Reviewed-by:", "Fixes:", "Link:") found in patch mails, replies and commit messages.
#include "core/patch/trailer.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace lkmine {
namespace {

constexpr std::size_t max_key_length = 48;

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f');
}
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (is_blank(s.front()) || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (is_blank(s.back()) || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

bool contains(std::string_view s, std::string_view what) {
    return s.find(what) != std::string_view::npos;
}

// person: an address, found on the line or on a wrapped next line (checked once joined).
enum class Check { any, address, person, link, fixes, msgid };

struct KnownKey {
    std::string_view lower;
    std::string_view canonical;
    Check check;
};

constexpr std::array<KnownKey, 16> known_keys = {{
    {"signed-off-by", "Signed-off-by", Check::person},
    {"reviewed-by", "Reviewed-by", Check::person},
    {"acked-by", "Acked-by", Check::person},
    {"tested-by", "Tested-by", Check::person},
    {"reported-by", "Reported-by", Check::any},
    {"suggested-by", "Suggested-by", Check::any},
    {"co-developed-by", "Co-developed-by", Check::any},
    {"reported-and-tested-by", "Reported-and-tested-by", Check::any},
    {"fixes", "Fixes", Check::fixes},
    {"stable-dep-of", "Stable-dep-of", Check::fixes},
    {"link", "Link", Check::link},
    {"buglink", "BugLink", Check::link},
    {"closes", "Closes", Check::link},
    {"cc", "Cc", Check::address},
    {"message-id", "Message-Id", Check::msgid},
    {"change-id", "change-id", Check::any},
}};

// "Debugged-By" -> "Debugged-by"; any other key -> "" (not a trailer).
std::string canonical_key(std::string_view key, Check& check) {
    std::string lk = lower(key);
    for (const auto& k : known_keys) {
        if (lk == k.lower) {
            check = k.check;
            return std::string(k.canonical);
        }
    }
    if (lk.size() < 4 || lk.compare(lk.size() - 3, 3, "-by") != 0) return {};
    for (std::size_t i = 0; i < lk.size(); ++i) {
        bool ok = is_alpha(lk[i]) || (lk[i] == '-' && i > 0 && lk[i - 1] != '-');
        if (!ok) return {};
    }
    check = Check::address; // unknown "*-by" keys only when they name someone's address
    lk[0] = static_cast<char>(lk[0] - 'a' + 'A');
    return lk;
}

bool value_fits(Check check, std::string_view v) {
    switch (check) {
    case Check::any:
    case Check::person:
        return true;
    case Check::address:
        return contains(v, "@");
    case Check::msgid:
        return contains(v, "@");
    case Check::link:
        return contains(v, "://") || contains(v, "@");
    case Check::fixes:
        return parse_fixes(v).has_value() || contains(v, "://");
    }
    return false;
}

// "<a@b<mailto:a@b>>" pasted from HTML mailers becomes "<a@b>".
std::string drop_mailto_junk(std::string_view v) {
    std::string out;
    std::size_t i = 0;
    while (i < v.size()) {
        auto m = v.find("<mailto:", i);
        if (m == std::string_view::npos) break;
        auto close = v.find('>', m);
        if (close == std::string_view::npos) break;
        out.append(v.substr(i, m - i));
        i = close + 1;
    }
    out.append(v.substr(i));
    return out;
}

// Splits "Key: value" at column 0; false when the line has no such shape.
bool split_key_value(std::string_view line, std::string_view& key, std::string_view& value) {
    if (line.empty() || !is_alpha(line[0])) return false;
    std::size_t i = 0;
    while (i < line.size() && i <= max_key_length &&
           (is_alpha(line[i]) || is_digit(line[i]) || line[i] == '-' || line[i] == '_'))
        ++i;
    if (i >= line.size() || line[i] != ':') return false;
    key = line.substr(0, i);
    value = trim(line.substr(i + 1));
    return !value.empty();
}

bool is_header_word(std::string_view key) {
    std::string lk = lower(key);
    return lk == "from" || lk == "to" || lk == "sent" || lk == "subject" || lk == "date";
}

bool is_diff_start(std::string_view line, std::string_view next) {
    return starts_with(line, "diff --git ") || starts_with(line, "diff -") ||
           starts_with(line, "Index: ") || (starts_with(line, "--- ") && starts_with(next, "+++ "));
}

bool stays_in_diff(std::string_view line) {
    if (line.empty()) return false;
    char c = line[0];
    if (c == ' ' || c == '+' || c == '-' || c == '@' || c == '\\') return true;
    for (std::string_view p : {"diff ", "index ", "new file mode", "deleted file mode", "old mode",
                               "new mode", "similarity index", "dissimilarity index", "rename ",
                               "copy ", "Binary files", "GIT binary patch", "literal ", "delta "})
        if (starts_with(line, p)) return true;
    return false;
}

int paren_balance(std::string_view v) {
    int n = 0;
    for (char c : v)
        n += (c == '(') - (c == ')');
    return n;
}

struct Scanner {
    std::vector<Trailer> out;
    std::vector<bool> need_address; // per trailer in out: Check::person
    bool in_diff = false;
    bool header_block = false;
    bool last_was_trailer = false;

    // A line that continues the previous trailer's value; true when it was consumed.
    bool continue_previous(std::string_view line) {
        if (!last_was_trailer || out.empty()) return false;
        std::string_view t = trim(line);
        if (t.empty()) return false;
        if (t.front() == '[' && t.back() == ']') { // b4's "[for the foo bits]" note
            last_was_trailer = false;
            return true;
        }
        Trailer& prev = out.back();
        bool indented = is_blank(line[0]);
        bool open_fixes = (prev.key == "Fixes" || prev.key == "Stable-dep-of") &&
                          paren_balance(prev.value) > 0 && contains(t, ")");
        bool lone_address = t.front() == '<' && t.back() == '>' && contains(t, "@") &&
                            !contains(prev.value, "<") && !contains(prev.value, "@");
        // "Reviewed-by: Jan Kara <jack@suse.cz>" then "\t\t\tHonza": a signature, not a wrap.
        bool complete = !prev.value.empty() && prev.value.back() == '>' &&
                        contains(prev.value, "@") && !open_fixes;
        std::string_view k, v;
        if (complete) return last_was_trailer = false, false;
        Check ignored = Check::any;
        if (indented && split_key_value(t, k, v) && !canonical_key(k, ignored).empty())
            return false; // an indented trailer of its own, not a wrap

        if (!indented && !open_fixes && !lone_address) return false;
        if (!indented && split_key_value(t, k, v)) return false;
        prev.value += ' ';
        prev.value += drop_mailto_junk(t);
        return true;
    }

    // Returns false when collection must stop.
    bool feed(std::string_view line, std::string_view next) {
        // A signature starts at "-- " only, as b4 reads it: a bare "--" is as often a
        // separator inside the text (a cover letter's "--" above its Signed-off-by).
        if (line == "-- " || line == "---" || trim(line) == "---" ||
            starts_with(trim(line), "-----Original Message-----"))
            return false;
        std::string_view t = trim(line);
        if (!t.empty() && t.front() == '>') {
            last_was_trailer = false;
            return true;
        }
        if (in_diff && stays_in_diff(line)) return true;
        in_diff = false;
        if (is_diff_start(line, next)) {
            in_diff = true;
            last_was_trailer = false;
            return true;
        }
        if (t.empty()) {
            header_block = false;
            last_was_trailer = false;
            return true;
        }
        if (continue_previous(line)) return true;
        last_was_trailer = false;
        std::string_view key, value;
        // Indented trailers count (a reply's "    Reviewed-by: ..."), as b4 reads them.
        if (!split_key_value(t, key, value)) return true;
        if (is_header_word(key)) {
            header_block = true;
            return true;
        }
        Check check = Check::any;
        std::string canon = canonical_key(key, check);
        if (canon.empty() || (header_block && canon == "Cc")) return true;
        std::string v = drop_mailto_junk(value);
        if (!value_fits(check, v)) return true;
        out.push_back(Trailer{std::move(canon), std::move(v)});
        need_address.push_back(check == Check::person);
        last_was_trailer = true;
        return true;
    }

    // Reviewed-by, Acked-by, Tested-by and Signed-off-by name someone: without an address
    // ("Reviewed-by: is not necessary, but ...") the line is prose.
    std::vector<Trailer> finish() {
        std::vector<Trailer> kept;
        kept.reserve(out.size());
        for (std::size_t i = 0; i < out.size(); ++i)
            if (!need_address[i] || contains(out[i].value, "@")) kept.push_back(std::move(out[i]));
        return kept;
    }
};

} // namespace

std::vector<Trailer> parse_trailers(std::string_view body_text) {
    Scanner sc;
    std::size_t pos = 0;
    std::string_view next;
    auto line_at = [&](std::size_t p) {
        auto nl = body_text.find('\n', p);
        std::string_view l = body_text.substr(p, nl == std::string_view::npos ? nl : nl - p);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        return std::make_pair(l, nl == std::string_view::npos ? body_text.size() : nl + 1);
    };
    while (pos < body_text.size()) {
        auto [cur, after] = line_at(pos);
        next = after < body_text.size() ? line_at(after).first : std::string_view{};
        if (!sc.feed(cur, next)) break;
        pos = after;
    }
    return sc.finish();
}

std::optional<FixesRef> parse_fixes(std::string_view value) {
    std::string_view v = trim(value);
    if (lower(v.substr(0, 7)) == "commit ") v = trim(v.substr(7));
    std::size_t n = 0;
    while (n < v.size() && is_hex(v[n]))
        ++n;
    if (n < 7 || n > 40 || (n < v.size() && (is_alpha(v[n]) || is_digit(v[n]) || v[n] == '_')))
        return std::nullopt;
    FixesRef ref{lower(v.substr(0, n)), {}};
    std::string_view rest = trim(v.substr(n));
    if (!rest.empty() && rest.front() == '(') {
        rest.remove_prefix(1);
        // The subject may hold parentheses itself: prefer the `")` that closes the quote.
        auto close = rest.rfind("\")");
        if (close != std::string_view::npos)
            rest = rest.substr(0, close + 1);
        else if (auto p = rest.rfind(')'); p != std::string_view::npos)
            rest = rest.substr(0, p);
    } else if (!rest.empty() && rest.front() == '#') {
        rest = {};
    }
    rest = trim(rest);
    for (std::string_view q : {"\"", "\xE2\x80\x9C", "'"})
        if (starts_with(rest, q)) {
            rest.remove_prefix(q.size());
            break;
        }
    for (std::string_view q : {"\"", "\xE2\x80\x9D", "'"})
        if (rest.size() >= q.size() && rest.substr(rest.size() - q.size()) == q) {
            rest.remove_suffix(q.size());
            break;
        }
    ref.subject = std::string(trim(rest));
    return ref;
}

namespace {

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

} // namespace

std::string msgid_from_link(std::string_view url) {
    std::string_view v = trim(url);
    if (!v.empty() && v.front() == '<') v.remove_prefix(1);
    auto scheme = v.find("://");
    if (scheme != std::string_view::npos) {
        std::string s = lower(v.substr(0, scheme));
        if (s != "http" && s != "https") return {};
        v = v.substr(scheme + 3);
    }
    // The URL ends at whitespace or at the '>' of "<https://...>".
    for (std::size_t i = 0; i < v.size(); ++i)
        if (is_blank(v[i]) || v[i] == '>' || v[i] == '"') {
            v = v.substr(0, i);
            break;
        }
    auto slash = v.find('/');
    if (slash == std::string_view::npos) return {};
    std::string host = lower(v.substr(0, slash));
    if (host.starts_with("www.")) host.erase(0, 4);
    std::string_view path = v.substr(slash + 1);
    path = path.substr(0, path.find_first_of("?#"));
    std::vector<std::string> segs;
    for (std::size_t b = 0; b <= path.size();) {
        auto e = std::min(path.find('/', b), path.size());
        segs.push_back(percent_decode(path.substr(b, e - b)));
        b = e + 1;
    }
    // Where the id starts: /r/<id> and /<list>/<id> on lore, /r/<id> on lkml (its /n/<tag> are
    // tip-tree tags, not mails), /project/<p>/patch/<id> on patchwork, /<id> or /r/<id> on
    // msgid.link. A Message-ID may itself hold '/', so it runs to the segment with the '@'.
    std::size_t start = segs.size();
    if (host == "lore.kernel.org")
        start = segs[0].find('@') != std::string::npos ? 0 : 1;
    else if (host == "lkml.kernel.org")
        start = segs[0] == "r" ? 1 : segs.size();
    else if (host == "msgid.link" || host == "patch.msgid.link")
        start = segs[0] == "r" ? 1 : 0;
    else if (host == "patchwork.kernel.org")
        for (std::size_t i = 0; i + 1 < segs.size(); ++i)
            if (segs[i] == "patch") {
                start = i + 1;
                break;
            }
    for (std::size_t end = start; end < segs.size(); ++end) {
        if (segs[end].find('@') == std::string::npos) continue;
        std::string id;
        for (std::size_t i = start; i <= end; ++i)
            id += (i > start ? "/" : "") + segs[i];
        if (id.size() > 1 && id.front() == '<' && id.back() == '>')
            id = id.substr(1, id.size() - 2);
        return id;
    }
    return {};
}

} // namespace lkmine
