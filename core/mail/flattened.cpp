// Flattened-mail recovery: detection, and splitting the one-line header section back into headers.
#include "core/mail/flattened.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>

namespace lkmine {
namespace {

// Headers are looked for only this far: no real header section is longer.
constexpr std::size_t header_scan_limit = 256 * 1024;

constexpr std::array<std::string_view, 52> known_names = {"Received",
                                                          "Return-Path",
                                                          "Delivered-To",
                                                          "From",
                                                          "To",
                                                          "Cc",
                                                          "Bcc",
                                                          "Subject",
                                                          "Date",
                                                          "Message-ID",
                                                          "In-Reply-To",
                                                          "References",
                                                          "List-ID",
                                                          "List-Post",
                                                          "List-Help",
                                                          "List-Archive",
                                                          "List-Owner",
                                                          "List-Subscribe",
                                                          "List-Unsubscribe",
                                                          "Precedence",
                                                          "MIME-Version",
                                                          "Content-Type",
                                                          "Content-Transfer-Encoding",
                                                          "Content-Disposition",
                                                          "Content-Language",
                                                          "DKIM-Signature",
                                                          "DKIM-Filter",
                                                          "Authentication-Results",
                                                          "Received-SPF",
                                                          "Mailing-List",
                                                          "Sender",
                                                          "Reply-To",
                                                          "User-Agent",
                                                          "Organization",
                                                          "Thread-Topic",
                                                          "Thread-Index",
                                                          "Mail-Followup-To",
                                                          "Errors-To",
                                                          "Importance",
                                                          "Autocrypt",
                                                          "Openpgp",
                                                          "Feedback-ID",
                                                          "Lines",
                                                          "Content-Length",
                                                          "Resent-From",
                                                          "Resent-Date",
                                                          "Resent-Message-ID",
                                                          "Resent-To",
                                                          "Accept-Language",
                                                          "Comments",
                                                          "Keywords",
                                                          "Priority"};

enum class Kind { msgids, token, params, date, list_id, product, free };

bool ieq(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
}

// Length of a known header name starting at text[p] and followed by ':' and a space (or the
// end), else 0. Names must start with a capital, except "cc" which pine/alpine write lowercase.
std::size_t header_name_at(std::string_view text, std::size_t p) {
    if (p > 0 && !is_space(text[p - 1])) return 0;
    std::size_t e = p;
    while (e < text.size() && e - p < 64 && is_name_char(text[e]))
        ++e;
    if (e == p || e >= text.size() || text[e] != ':') return 0;
    if (e + 1 < text.size() && !is_space(text[e + 1])) return 0;
    std::string_view name = text.substr(p, e - p);
    if (!std::isupper(static_cast<unsigned char>(name[0])) && name != "cc") return 0;
    if ((name.substr(0, 2) == "X-" && name.size() > 2) ||
        (name.substr(0, 4) == "ARC-" && name.size() > 4))
        return name.size();
    for (auto k : known_names)
        if (ieq(name, k)) return name.size();
    return 0;
}

Kind kind_of(std::string_view name) {
    if (ieq(name, "Message-ID") || ieq(name, "In-Reply-To") || ieq(name, "References") ||
        ieq(name, "Resent-Message-ID"))
        return Kind::msgids;
    if (ieq(name, "Content-Type") || ieq(name, "Content-Disposition")) return Kind::params;
    if (ieq(name, "Date") || ieq(name, "Resent-Date")) return Kind::date;
    if (ieq(name, "List-ID")) return Kind::list_id;
    if (ieq(name, "User-Agent") || ieq(name, "X-Mailer")) return Kind::product;
    for (std::string_view t :
         {"MIME-Version", "Precedence", "X-Mailing-List", "Content-Transfer-Encoding",
          "Delivered-To", "X-Original-To", "Return-Path", "Lines", "Content-Length", "Importance"})
        if (ieq(name, t)) return Kind::token;
    return Kind::free;
}

struct Tok {
    std::size_t begin, end;
};

// Whitespace-separated tokens of v, at most max of them.
std::vector<Tok> tokens(std::string_view v, std::size_t max) {
    std::vector<Tok> out;
    std::size_t i = 0;
    while (i < v.size() && out.size() < max) {
        while (i < v.size() && is_space(v[i]))
            ++i;
        if (i >= v.size()) break;
        std::size_t b = i;
        while (i < v.size() && !is_space(v[i]))
            ++i;
        out.push_back({b, i});
    }
    return out;
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_quote_marker(std::string_view t) {
    return !t.empty() && t.size() <= 32 && t.find_first_not_of('>') == std::string_view::npos;
}

// Tokens that only a body has: a quote marker, or an "On ... wrote:" attribution.
std::size_t body_cue(std::string_view v) {
    auto ts = tokens(v, 100000);
    for (std::size_t i = 0; i < ts.size(); ++i) {
        std::string_view t = v.substr(ts[i].begin, ts[i].end - ts[i].begin);
        if (is_quote_marker(t)) return ts[i].begin;
        if (t == "On")
            for (std::size_t j = i + 1; j < ts.size() && j < i + 25; ++j)
                if (v.substr(ts[j].begin, ts[j].end - ts[j].begin) == "wrote:") return ts[i].begin;
    }
    return std::string_view::npos;
}

// How much of v (a value and what follows it) the header's own grammar covers.
std::size_t grammar_len(Kind kind, std::string_view v) {
    auto ts = tokens(v, 4096);
    auto tok = [&](std::size_t i) { return v.substr(ts[i].begin, ts[i].end - ts[i].begin); };
    std::size_t n = 0; // tokens taken
    switch (kind) {
    case Kind::msgids:
        while (n < ts.size()) {
            std::string_view t = tok(n);
            if (t.front() == '<' && t.back() == '>') {
                ++n;
            } else if (t.front() == '(') { // "(Name's message of ...)"
                std::size_t m = n;
                while (m < ts.size() && m < n + 20 && tok(m).back() != ')')
                    ++m;
                if (m >= ts.size() || m >= n + 20) break;
                n = m + 1;
            } else {
                break;
            }
        }
        break;
    case Kind::token:
        n = ts.empty() ? 0 : 1;
        break;
    case Kind::params:
        if (!ts.empty()) n = 1;
        while (n > 0 && n < ts.size() && tok(n - 1).back() == ';' &&
               tok(n).find('=') != std::string_view::npos)
            ++n;
        break;
    case Kind::date: // [Day,] dd Mon yyyy hh:mm[:ss] zone [(ZZZ)]
        while (n < ts.size() && n < 7) {
            std::string_view t = tok(n);
            bool dateish = t.size() <= 10 &&
                           (has_digit(t) || (t.size() == 4 && t.back() == ',') || t.size() == 3 ||
                            (t.front() == '(' && t.back() == ')') || t == "GMT" || t == "UT");
            if (!dateish) break;
            ++n;
        }
        break;
    case Kind::list_id:
        for (std::size_t i = 0; i < ts.size() && i < 8; ++i)
            if (tok(i).front() == '<' && tok(i).back() == '>') n = i + 1;
        break;
    case Kind::product:
        if (!ts.empty()) n = 1;
        while (n < ts.size() && n < 16) {
            std::string_view t = tok(n);
            bool in_comment =
                tok(n - 1).find('(') != std::string_view::npos && tok(n - 1).back() != ')';
            if (has_digit(t) || t.find('/') != std::string_view::npos || t.front() == '(' ||
                in_comment)
                ++n;
            else
                break;
        }
        break;
    case Kind::free: {
        std::size_t cue = body_cue(v);
        std::size_t end = std::min({cue, v.size(), std::size_t{998}});
        while (n < ts.size() && ts[n].end <= end)
            ++n;
        break;
    }
    }
    return n == 0 ? 0 : ts[n - 1].end;
}

// What the header's value may hold beyond its grammar before we call it body text instead.
std::size_t slack(Kind kind, std::string_view name) {
    switch (kind) {
    case Kind::token:
    case Kind::date:
        return 60;
    case Kind::free:
        if (ieq(name, "Subject")) return 1000;
        if (ieq(name, "To") || ieq(name, "Cc") || ieq(name, "From")) return 8000;
        return 4000;
    default:
        return 200;
    }
}

struct Field {
    std::string_view name;
    std::string value;
};

std::string trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    std::string out;
    for (char c : s) {
        if (is_space(c)) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// Splits the text into headers; returns where the body starts.
std::size_t split_headers(std::string_view text, std::vector<Field>& fields) {
    std::string_view scan = text.substr(0, header_scan_limit);
    std::vector<std::pair<std::size_t, std::size_t>> cands; // name position, name length
    for (std::size_t p = 0; p < scan.size(); ++p)
        if (std::size_t len = header_name_at(scan, p)) cands.push_back({p, len});
    if (cands.empty() || cands.front().first != 0) return 0;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        std::string_view name = text.substr(cands[i].first, cands[i].second);
        std::size_t vstart = cands[i].first + cands[i].second + 1;
        Kind kind = kind_of(name);
        if (i + 1 < cands.size()) {
            std::string_view span = text.substr(vstart, cands[i + 1].first - vstart);
            std::size_t g = grammar_len(kind, span);
            std::string_view rest = span.substr(g);
            bool plausible = trim(rest).size() <= slack(kind, name) &&
                             (kind != Kind::free || body_cue(span) == std::string_view::npos);
            if (plausible) {
                fields.push_back({name, trim(span)});
                continue;
            }
        }
        std::string_view v = text.substr(vstart);
        std::size_t g = grammar_len(kind, v);
        fields.push_back({name, trim(v.substr(0, g))});
        return vstart + g;
    }
    return text.size();
}

// Folds at spaces so no header line exceeds 78 columns where that is possible.
void append_folded(std::string& out, std::string_view name, std::string_view value) {
    std::string line = std::string(name) + ":";
    auto ts = tokens(value, std::size_t(-1));
    bool refs = ieq(name, "References");
    bool first = true;
    for (auto t : ts) {
        std::string_view w = value.substr(t.begin, t.end - t.begin);
        if (!first && (refs || line.size() + 1 + w.size() > 78)) {
            out += line + "\n";
            line.clear();
        }
        line += " ";
        line += w;
        first = false;
    }
    out += line + "\n";
}

std::string field_value(const std::vector<Field>& fields, std::string_view name) {
    for (const auto& f : fields)
        if (ieq(f.name, name)) return f.value;
    return "";
}

} // namespace

bool looks_flattened(std::string_view bytes) {
    while (!bytes.empty() && is_space(bytes.front()))
        bytes.remove_prefix(1);
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (bytes.size() < 200) return false;
    std::string_view first = bytes.substr(0, bytes.find('\n'));
    // One line (a trailing newline or two tolerated) that carries nearly all the bytes.
    if (first.size() < 500 || first.size() * 10 < bytes.size() * 9) return false;
    if (header_name_at(first, 0) == 0) return false;
    std::size_t headers = 0;
    bool subject_or_id = false;
    std::string_view scan = first.substr(0, header_scan_limit);
    for (std::size_t p = 1; p < scan.size(); ++p) {
        std::size_t len = header_name_at(scan, p);
        if (!len) continue;
        ++headers;
        std::string_view name = scan.substr(p, len);
        if (ieq(name, "Subject") || ieq(name, "Message-ID")) subject_or_id = true;
    }
    return headers >= 4 && subject_or_id;
}

std::string recover_flattened(std::string_view bytes, std::vector<Warning>& warnings) {
    while (!bytes.empty() && is_space(bytes.front()))
        bytes.remove_prefix(1);
    std::vector<Field> fields;
    std::size_t body_start = split_headers(bytes, fields);

    std::vector<std::string> lost;
    for (const auto& f : fields)
        if (f.value.empty()) lost.push_back(std::string(f.name));
    std::string list = field_value(fields, "X-Mailing-List");
    for (auto& f : fields) {
        // vger's List-ID is the X-Mailing-List address with '@' turned into '.'.
        if (ieq(f.name, "List-ID") && f.value.empty() && list.find('@') != std::string::npos &&
            list.find(' ') == std::string::npos) {
            std::string id = list;
            id[id.find('@')] = '.';
            f.value = "<" + id + ">";
            warnings.push_back({"list-id-inferred", "List-ID was stripped; rebuilt as " + f.value +
                                                        " from X-Mailing-List"});
        }
    }

    std::string out;
    for (const auto& f : fields)
        append_folded(out, f.name, f.value);
    out += "\n";
    out += restore_flattened_body(bytes.substr(body_start));

    std::string detail = "mail was flattened onto one line: " + std::to_string(fields.size()) +
                         " headers and the body's line breaks were rebuilt by inference (quote "
                         "levels, attributions, paragraphs); <...> addresses and message ids "
                         "beginning with a letter were stripped by the source, so From/To/Cc "
                         "addresses and some References are missing";
    if (!lost.empty()) {
        detail += "; headers left empty:";
        for (const auto& n : lost)
            detail += " " + n;
    }
    warnings.push_back({"recovered-flattened", detail});
    return out;
}

} // namespace lkmine
