// The mimetic adapter: the one file that includes mimetic; walks MIME structure without recursion.
#include "core/mail/mime.hpp"

#include "core/base/charset.hpp"
#include "core/mail/rfc2047.hpp"
#include "core/base/text.hpp"

#include <mimetic/codec/base64.h>
#include <mimetic/codec/code.h>
#include <mimetic/codec/qp.h>
#include <mimetic/mimetic.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <iterator>
#include <utility>

namespace lkmine {
namespace {

using text::lower;

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

bool looks_like_header_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 80 &&
           (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '-'))
        ++i;
    return i > 0 && i < line.size() && line[i] == ':';
}

// Counts Content-Type fields that mention "multipart" or "rfc822": an upper bound of the nesting
// depth mimetic will recurse through (it descends into multiparts and message/rfc822 parts).
// mimetic also takes "Content-Type :" (blanks before the colon) and folded values, so both
// count; missing one lets a deep mail overflow the stack.
int multipart_declarations(std::string_view body) {
    int count = 0;
    bool in_content_type = false; // continuation lines of a Content-Type field follow
    std::size_t seen = 0;         // bytes of that field's value looked at so far
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos) eol = body.size();
        std::string_view line = body.substr(pos, eol - pos);
        pos = eol + 1;
        std::string_view value;
        if (in_content_type && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            value = line;
        } else {
            in_content_type = false;
            if (!iequals_prefix(line, "content-type")) continue;
            std::size_t i = 12;
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            if (i == line.size() || line[i] != ':') continue;
            value = line.substr(i + 1);
            in_content_type = true;
            seen = 0;
        }
        if (seen >= 200) continue; // counted already, or a value too long to be a real type
        std::string v = lower(value.substr(0, 200 - seen));
        seen += v.size();
        if (v.find("multipart") != std::string::npos || v.find("rfc822") != std::string::npos) {
            ++count;
            seen = 200;
        }
    }
    return count;
}

// Header-like lines longer than the bound are cut: mimetic parses header fields in quadratic time.
std::string bound_part_headers(std::string_view body, int& cut) {
    std::string out;
    out.reserve(body.size());
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t eol = body.find('\n', pos);
        std::size_t end = eol == std::string_view::npos ? body.size() : eol + 1;
        std::string_view line = body.substr(pos, end - pos);
        if (line.size() > kMaxMimeHeaderLine && looks_like_header_line(line)) {
            out.append(line.substr(0, kMaxMimeHeaderLine));
            out.push_back('\n');
            ++cut;
        } else {
            out.append(line);
        }
        pos = end;
    }
    return out;
}

std::string str(const mimetic::istring& s) {
    return std::string(s.c_str(), s.size());
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// RFC 2231 parameter `name` from a parameter list: plain, extended (name*), or continued
// (name*0, name*1*...); falls back to RFC 2047 words in a plain value.
std::string find_param(const mimetic::FieldParamList& params, const std::string& name) {
    std::string plain, extended, charset;
    std::vector<std::pair<int, std::string>> pieces;
    for (const auto& p : params) {
        std::string key = lower(str(p.name()));
        const std::string& value = p.value();
        if (key == name) {
            plain = value;
        } else if (key == name + "*") {
            extended = value;
        } else if (key.rfind(name + "*", 0) == 0) {
            std::string rest = key.substr(name.size() + 1);
            bool encoded = !rest.empty() && rest.back() == '*';
            if (encoded) rest.pop_back();
            if (rest.empty() || !std::all_of(rest.begin(), rest.end(), ::isdigit) ||
                rest.size() > 4)
                continue;
            int n = std::stoi(rest);
            std::string v = value;
            if (encoded && n == 0) {
                std::size_t q1 = v.find('\'');
                std::size_t q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
                if (q2 != std::string::npos) {
                    charset = v.substr(0, q1);
                    v = v.substr(q2 + 1);
                }
            }
            pieces.emplace_back(n, encoded ? percent_decode(v) : v);
        }
    }
    if (!extended.empty()) {
        std::size_t q1 = extended.find('\'');
        std::size_t q2 = q1 == std::string::npos ? q1 : extended.find('\'', q1 + 1);
        if (q2 != std::string::npos)
            return fold_line_breaks(
                to_utf8(percent_decode(extended.substr(q2 + 1)), extended.substr(0, q1)));
        return fold_line_breaks(sanitize_utf8(percent_decode(extended)));
    }
    if (!pieces.empty()) {
        std::sort(pieces.begin(), pieces.end());
        std::string joined;
        for (auto& piece : pieces)
            joined += piece.second;
        return charset.empty() ? decode_header_text(joined)
                               : fold_line_breaks(to_utf8(joined, charset));
    }
    return decode_header_text(plain);
}

// mimetic's QP::Decoder state machine, kept byte for byte (including its quirks: blanks before
// a line break drop that break, control characters vanish), without its per-byte iterator
// and string calls.
std::string decode_qp(std::string_view in) {
    enum State { waiting_char, after_eq, first_hex, second_hex, blank, newline };
    const auto is_blank = [](unsigned char c) { return c == ' ' || c == '\t'; };
    const auto is_nl = [](unsigned char c) { return c == '\r' || c == '\n'; };
    const auto is_hex = [](unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    };
    const auto hex = [](unsigned char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return 0;
    };
    std::string out, prev;
    out.reserve(in.size());
    State state = waiting_char;
    int nl = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        for (bool again = true; again;) {
            again = false;
            switch (state) {
            case blank:
                if (is_blank(c)) {
                    prev += static_cast<char>(c);
                } else if (is_nl(c)) {
                    prev.clear();
                    state = waiting_char;
                } else {
                    out += prev;
                    prev.clear();
                    state = waiting_char;
                    again = true;
                }
                break;
            case after_eq:
                if (is_blank(c)) {
                    prev += static_cast<char>(c);
                } else if (is_nl(c)) {
                    state = newline;
                    again = true;
                } else {
                    if (prev.size() > 1) {
                        out += prev;
                        prev.clear();
                        state = waiting_char;
                    } else {
                        state = first_hex;
                    }
                    again = true;
                }
                break;
            case first_hex:
                if (!is_hex(c)) {
                    out += prev;
                    prev.clear();
                    out += static_cast<char>(c);
                    state = waiting_char;
                } else {
                    prev += static_cast<char>(c);
                    state = second_hex;
                }
                break;
            case second_hex:
                if (!is_hex(c)) {
                    out += prev;
                    prev.clear();
                    out += static_cast<char>(c);
                } else {
                    out += static_cast<char>(hex(static_cast<unsigned char>(prev.back())) << 4 |
                                             hex(c));
                    prev.clear();
                }
                state = waiting_char;
                break;
            case newline:
                if (nl == 0) {
                    nl = c;
                } else {
                    if (prev.empty() || prev[0] != '=') out += '\n';
                    prev.clear();
                    state = waiting_char;
                    const bool two_chars = c == (nl == '\r' ? '\n' : '\r');
                    nl = 0;
                    again = !two_chars;
                }
                break;
            case waiting_char:
                if (is_blank(c)) {
                    state = blank;
                    again = true;
                } else if (is_nl(c)) {
                    state = newline;
                    again = true;
                } else if (c == '=') {
                    state = after_eq;
                    prev += '=';
                } else if (c >= 32 || c == '\t') {
                    out += static_cast<char>(c);
                }
                break;
            }
        }
    }
    if (!prev.empty()) {
        out += '=';
        if (prev.size() > 1 && prev[1] != ' ') out += prev[1];
    } else if (nl != 0) {
        out += '\n';
    }
    return out;
}

std::string transfer_decode(const std::string& encoding, std::string_view body,
                            std::vector<Warning>& warnings) {
    std::string out;
    if (encoding == "base64") {
        mimetic::Base64::Decoder decoder;
        mimetic::decode(body.begin(), body.end(), decoder, std::back_inserter(out));
    } else if (encoding == "quoted-printable") {
        out = decode_qp(body);
    } else {
        if (!encoding.empty() && encoding != "7bit" && encoding != "8bit" && encoding != "binary")
            warnings.push_back({"unknown-transfer-encoding",
                                "Content-Transfer-Encoding '" + encoding + "' kept as is"});
        out = body;
    }
    return out;
}

MimePart leaf(const mimetic::Header& h, std::string_view body, int depth,
              std::vector<Warning>& warnings) {
    MimePart part;
    part.depth = depth;
    if (h.hasField("Content-Type")) {
        const mimetic::ContentType& ct = h.contentType();
        part.content_type = lower(str(ct.type())) + "/" + lower(str(ct.subtype()));
        part.charset = lower(find_param(ct.paramList(), "charset"));
        part.filename = find_param(ct.paramList(), "name");
    }
    if (part.content_type.empty() || part.content_type == "/") part.content_type = "text/plain";
    if (h.hasField("Content-Disposition")) {
        const mimetic::ContentDisposition& cd = h.contentDisposition();
        part.disposition = lower(str(cd.type()));
        std::string fn = find_param(cd.paramList(), "filename");
        if (!fn.empty()) part.filename = fn;
    }
    std::string encoding;
    if (h.hasField("Content-Transfer-Encoding"))
        encoding = lower(str(h.contentTransferEncoding().mechanism()));
    part.content = transfer_decode(encoding, body, warnings);
    return part;
}

MimePart leaf(const mimetic::MimeEntity& e, int depth, std::vector<Warning>& warnings) {
    return leaf(e.header(), e.body(), depth, warnings);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && iequals_prefix(a, b);
}

// The mail's MIME fields as a header block for mimetic. `one_line` tells whether each field
// stayed on one line (a decoded value may hold a line break).
std::string top_header_block(const std::vector<Header>& headers, bool& one_line) {
    std::string out;
    one_line = true;
    for (const Header& h : headers) {
        if (!iequals(h.name, "content-type") && !iequals(h.name, "content-transfer-encoding") &&
            !iequals(h.name, "content-disposition") && !iequals(h.name, "mime-version"))
            continue;
        out += h.name;
        out += ": ";
        const std::size_t start = out.size();
        out.append(h.value, 0, kMaxMimeHeaderLine);
        if (out.find_first_of("\r\n", start) != std::string::npos) one_line = false;
        out += '\n';
    }
    out += '\n';
    return out;
}

// Most mails are one text part: when the top header says neither multipart nor
// message/rfc822, mimetic would copy the whole body into one entity after the header, so the
// part is read here from the header alone and the body bytes as they are. Fills `tree` and
// returns true in that case.
bool single_part(const std::string& top, std::string_view body, MimeTree& tree) {
    mimetic::MimeEntity root(top.begin(), top.end());
    const mimetic::Header& h = root.header();
    if (h.hasField("Content-Type")) {
        const mimetic::ContentType& ct = h.contentType();
        if (ct.isMultipart() || (ct.type() == "message" && ct.subtype() == "rfc822")) return false;
    }
    // mimetic's header parser eats a CR right after the blank line that ends the header.
    if (!body.empty() && body.front() == '\r') body.remove_prefix(1);
    tree.parts.push_back(leaf(h, body, 0, tree.warnings));
    return true;
}

} // namespace

MimeTree walk_mime(const std::vector<Header>& headers, std::string_view body) {
    MimeTree tree;
    bool one_line = true;
    std::string top = top_header_block(headers, one_line);
    int depth_bound = multipart_declarations(top) + multipart_declarations(body);
    if (depth_bound > kMaxMimeDepth) {
        tree.warnings.push_back(
            {"mime-too-deep", std::to_string(depth_bound) + " multipart declarations (limit " +
                                  std::to_string(kMaxMimeDepth) + "): body kept as one text part"});
        tree.parts.push_back({"text/plain", "", "", "", std::string(body), 0});
        return tree;
    }
    int cut = 0;
    std::string bounded;
    if (depth_bound > 0) bounded = bound_part_headers(body, cut);
    const std::string_view rest = depth_bound > 0 ? std::string_view(bounded) : body;
    if (cut > 0)
        tree.warnings.push_back({"long-header", std::to_string(cut) +
                                                    " MIME part header line(s) cut to " +
                                                    std::to_string(kMaxMimeHeaderLine) + " bytes"});
    try {
        if (one_line && single_part(top, rest, tree)) return tree;
        std::string input = top;
        input += rest;
        mimetic::MimeEntity root(input.begin(), input.end());
        std::vector<std::pair<const mimetic::MimeEntity*, int>> stack{{&root, 0}};
        while (!stack.empty()) {
            auto [e, depth] = stack.back();
            stack.pop_back();
            const mimetic::MimeEntityList& children = e->body().parts();
            bool multipart =
                e->header().hasField("Content-Type") && e->header().contentType().isMultipart();
            if (multipart && !children.empty()) {
                // Push in reverse so leaves come out in document order.
                for (auto it = children.rbegin(); it != children.rend(); ++it)
                    stack.emplace_back(*it, depth + 1);
                continue;
            }
            if (multipart) {
                tree.warnings.push_back(
                    {"mime-empty-multipart", "a multipart part has no parts (missing boundary?)"});
            }
            tree.parts.push_back(leaf(*e, depth, tree.warnings));
        }
    } catch (const std::exception& ex) {
        tree.warnings.push_back({"mime-error", std::string("mimetic: ") + ex.what()});
        if (tree.parts.empty())
            tree.parts.push_back({"text/plain", "", "", "", std::string(body), 0});
    }
    return tree;
}

} // namespace lkmine
