// finalize_mail(): the edited draft's headers encoded and folded, its body given MIME headers.
#include "core/mail/outgoing.hpp"

#include "core/base/charset.hpp"
#include "core/base/text.hpp"
#include "core/mail/address.hpp"
#include "core/mail/reply.hpp"

#include <ctime>
#include <vector>

namespace lkmine {
namespace {

constexpr std::size_t kFoldAt = 78;
constexpr std::size_t kMaxLine = 998;

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

struct Field {
    std::string name, value; // value unfolded
};

// "Name: value" lines with continuations, up to the first empty line.
Result<std::vector<Field>> read_fields(const std::vector<std::string_view>& lines,
                                       std::size_t& body_start) {
    std::vector<Field> fields;
    std::size_t i = 0;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        std::string_view l = lines[i];
        if ((l[0] == ' ' || l[0] == '\t') && !fields.empty()) {
            fields.back().value += " " + std::string(text::trim(l));
            continue;
        }
        std::size_t colon = l.find(':');
        bool ok = colon != std::string_view::npos && colon > 0;
        for (std::size_t k = 0; ok && k < colon; ++k)
            ok = l[k] > ' ' && l[k] < 127;
        if (!ok)
            return make_error("line " + std::to_string(i + 1) +
                                  " of the headers is not "
                                  "'Name: value': " +
                                  std::string(l),
                              ErrorCode::usage, "leave an empty line between headers and body");
        fields.push_back(
            {std::string(l.substr(0, colon)), std::string(text::trim(l.substr(colon + 1)))});
    }
    body_start = i + 1;
    return fields;
}

// Appends `items` after "Name: ", separated by `sep`, breaking the line before an item that
// would pass kFoldAt.
std::string fold_items(const std::string& name, const std::vector<std::string>& items,
                       const std::string& sep) {
    std::string out = name + ":";
    std::size_t col = out.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string piece = (i + 1 < items.size()) ? items[i] + sep : items[i];
        if (i > 0 && col + 1 + piece.size() > kFoldAt) {
            out += "\n";
            col = 0;
        }
        out += " " + piece;
        col += 1 + piece.size();
    }
    return out + "\n";
}

// "Name: value" with a line break put before a space wherever the line would pass kFoldAt
// (RFC 5322 folding: unfolding gives the value back exactly, runs of spaces included).
std::string fold_text(const std::string& name, std::string_view value) {
    std::string line = name + ": " + std::string(value);
    std::string out;
    const std::size_t min_cut = name.size() + 2; // never fold right after the colon
    while (line.size() > kFoldAt) {
        std::size_t cut = line.rfind(' ', kFoldAt);
        if (cut == std::string::npos || cut <= min_cut) cut = line.find(' ', kFoldAt);
        if (cut == std::string::npos || cut <= min_cut) break; // one long word: leave it
        out += line.substr(0, cut) + "\n";
        line.erase(0, cut); // the continuation line starts with the space
        if (line.find_first_not_of(' ') == std::string::npos) break;
    }
    return out + line + "\n";
}

Result<std::string> address_field(const Field& f) {
    std::vector<Address> list = parse_address_list(f.value);
    if (list.empty() && !text::trim(f.value).empty())
        return make_error("cannot read the addresses of " + f.name + ": " + f.value,
                          ErrorCode::usage);
    std::vector<std::string> items;
    for (const auto& a : list) {
        if (a.email.empty() || a.email.find('@') == std::string::npos)
            return make_error(f.name + ": '" + format_address(a) + "' is not an address",
                              ErrorCode::usage);
        if (!is_ascii(a.email))
            return make_error(f.name + ": " + a.email + " is not an ASCII address",
                              ErrorCode::usage, "internationalised addresses are not sent");
        items.push_back(is_ascii(a.name) ? format_address(a)
                                         : encode_header_words(a.name) + " <" + a.email + ">");
    }
    return fold_items(f.name, items, ",");
}

bool is_address_field(std::string_view name) {
    std::string n = text::lower(name);
    return n == "from" || n == "to" || n == "cc" || n == "bcc" || n == "reply-to";
}

bool is_mime_field(std::string_view name) {
    std::string n = text::lower(name);
    return n == "mime-version" || n == "content-type" || n == "content-transfer-encoding";
}

Result<std::string> header_lines(const std::vector<Field>& fields, const Date& date,
                                 const std::string& message_id) {
    bool has_date = false, has_id = false, has_to = false, has_subject = false;
    for (const auto& f : fields) {
        std::string n = text::lower(f.name);
        has_date |= n == "date", has_id |= n == "message-id";
        has_to |= n == "to" && !text::trim(f.value).empty();
        has_subject |= n == "subject";
    }
    if (!has_to) return make_error("the reply has no To: header", ErrorCode::usage);
    if (!has_subject) return make_error("the reply has no Subject: header", ErrorCode::usage);
    std::string out;
    for (const auto& f : fields) {
        if (is_mime_field(f.name)) continue; // set from the body below
        if (is_address_field(f.name)) {
            auto a = address_field(f);
            if (!a) return a.error_info();
            out += *a;
        } else {
            out += fold_text(f.name, encode_header_words(f.value));
        }
        if (text::lower(f.name) == "subject") {
            if (!has_date) out += "Date: " + rfc5322_date(date) + "\n";
            if (!has_id) out += "Message-ID: <" + message_id + ">\n";
        }
    }
    return out;
}

std::string hex_byte(unsigned char c) {
    const char* hex = "0123456789ABCDEF";
    return {'=', hex[c >> 4], hex[c & 15]};
}

} // namespace

std::string rfc5322_date(const Date& date) {
    std::time_t t = std::time_t(date.epoch + std::int64_t(date.offset_minutes) * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S", &tm);
    int off = date.offset_minutes < 0 ? -date.offset_minutes : date.offset_minutes;
    char zone[16];
    std::snprintf(zone, sizeof zone, " %c%02d%02d", date.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    return buf + std::string(zone);
}

std::string encode_header_words(std::string_view utf8) {
    if (is_ascii(utf8) && utf8.find("=?") == std::string_view::npos) return std::string(utf8);
    const std::string open = "=?UTF-8?q?", close = "?=";
    const std::size_t room = 75 - open.size() - close.size();
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i < utf8.size();) {
        std::size_t len = 1; // one whole UTF-8 character
        while (i + len < utf8.size() && (static_cast<unsigned char>(utf8[i + len]) & 0xC0) == 0x80)
            ++len;
        std::string enc;
        for (std::size_t k = i; k < i + len; ++k) {
            unsigned char c = static_cast<unsigned char>(utf8[k]);
            bool plain = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                         (c >= 'a' && c <= 'z') ||
                         std::string_view("!*+-/").find(char(c)) != std::string_view::npos;
            enc += c == ' ' ? std::string("_") : plain ? std::string(1, char(c)) : hex_byte(c);
        }
        if (word.size() + enc.size() > room) {
            out.push_back(open + word + close);
            word.clear();
        }
        word += enc;
        i += len;
    }
    if (!word.empty()) out.push_back(open + word + close);
    std::string joined;
    for (const auto& w : out)
        joined += (joined.empty() ? "" : " ") + w;
    return joined;
}

std::string encode_quoted_printable(std::string_view body) {
    std::string out;
    for (std::string_view line : text::split_lines(body)) {
        std::size_t col = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(line[i]);
            bool last = i + 1 == line.size();
            std::string enc =
                (c == '=' || c >= 127 || (c < 32 && c != '\t') || ((c == ' ' || c == '\t') && last))
                    ? hex_byte(c)
                    : std::string(1, char(c));
            if (col + enc.size() > 75) {
                out += "=\n";
                col = 0;
            }
            out += enc;
            col += enc.size();
        }
        out += '\n';
    }
    return out;
}

Result<std::string> finalize_mail(std::string_view draft, const Date& date,
                                  const std::string& message_id) {
    if (text::trim(draft).empty())
        return make_error("the reply is empty: nothing sent", ErrorCode::failed,
                          "emptying the text aborts the reply");
    if (!is_valid_utf8(draft)) return make_error("the reply is not valid UTF-8");
    std::vector<std::string_view> lines = text::split_lines(draft);
    std::size_t body_start = 0;
    auto fields = read_fields(lines, body_start);
    if (!fields) return fields.error_info();
    std::string body;
    for (std::size_t i = body_start; i < lines.size(); ++i)
        body += std::string(lines[i]) + "\n";
    if (text::trim(body).empty())
        return make_error("the reply has no body: nothing sent", ErrorCode::failed,
                          "emptying the text aborts the reply");
    auto head = header_lines(*fields, date, message_id);
    if (!head) return head.error_info();
    bool long_line = false;
    for (std::string_view l : text::split_lines(body))
        long_line |= l.size() > kMaxLine;
    const bool ascii = is_ascii(body);
    std::string mime = "MIME-Version: 1.0\nContent-Type: text/plain; charset=";
    mime += ascii ? "us-ascii\n" : "UTF-8\n";
    mime += "Content-Transfer-Encoding: ";
    mime += long_line ? "quoted-printable\n" : ascii ? "7bit\n" : "8bit\n";
    return *head + mime + "\n" + (long_line ? encode_quoted_printable(body) : body);
}

} // namespace lkmine
