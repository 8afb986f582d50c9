// read_attachments() walks the MIME tree as parse_message() does; safe_attachment_name() cleans
// a sender-chosen name before it touches the file system.
#include "core/mail/attachments.hpp"

#include "core/base/charset.hpp"
#include "core/mail/flattened.hpp"
#include "core/mail/header.hpp"
#include "core/mail/mime.hpp"
#include "core/mail/rfc2047.hpp"

namespace lkmine {
namespace {

bool is_patch_part(const MimePart& p) {
    if (p.content_type == "text/x-patch" || p.content_type == "text/x-diff" ||
        p.content_type == "application/x-patch")
        return true;
    const std::string& f = p.filename;
    return f.ends_with(".patch") || f.ends_with(".diff");
}

// UTF-8 text without control characters but line breaks, tabs and form feeds.
bool printable_utf8(std::string_view s) {
    if (!is_valid_utf8(s)) return false;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
    }
    return true;
}

std::string extension_for(std::string_view type) {
    if (type == "text/x-patch" || type == "text/x-diff") return ".patch";
    if (type.starts_with("text/")) return ".txt";
    if (type == "application/x-xz") return ".xz";
    if (type == "application/gzip" || type == "application/x-gzip") return ".gz";
    return ".bin";
}

} // namespace

std::vector<MailAttachment> read_attachments(std::string_view raw_mail) {
    std::string recovered;
    if (looks_flattened(raw_mail)) {
        std::vector<Warning> ignored;
        recovered = recover_flattened(raw_mail, ignored);
        raw_mail = recovered;
    }
    HeaderBlock block = split_headers(raw_mail);
    std::vector<Header> headers;
    for (const RawHeader& h : block.fields)
        headers.push_back({h.name, decode_header_text(h.value)});
    MimeTree tree = walk_mime(headers, raw_mail.substr(block.body_offset));
    std::vector<MailAttachment> out;
    for (MimePart& p : tree.parts) {
        bool text = p.content_type == "text/plain";
        if (text && p.disposition != "attachment" && p.filename.empty()) continue; // the body
        MailAttachment a;
        a.filename = p.filename;
        a.content_type = p.content_type;
        a.is_text = p.content_type.starts_with("text/") || is_patch_part(p);
        if (a.is_text) a.text = to_utf8(p.content, p.charset.empty() ? "us-ascii" : p.charset);
        a.content = std::move(p.content);
        out.push_back(std::move(a));
    }
    return out;
}

std::string searched_attachment_text(std::string_view raw_mail) {
    std::string out;
    for (MailAttachment& a : read_attachments(raw_mail)) {
        std::string_view text;
        if (a.is_text && a.content_type != "text/html" && a.content_type != "text/xhtml")
            text = a.text;
        else if (a.content_type == "application/octet-stream" && printable_utf8(a.content))
            text = a.content;
        if (text.empty()) continue;
        out.append(text);
        if (out.back() != '\n') out.push_back('\n');
    }
    return out;
}

std::string safe_attachment_name(std::string_view name, std::size_t index,
                                 std::string_view content_type) {
    std::size_t slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        // U+202A..U+202E and U+2066..U+2069 (bidi controls): E2 80 AA..AE, E2 81 A6..A9.
        if (c == 0xE2 && i + 2 < name.size()) {
            unsigned char b = static_cast<unsigned char>(name[i + 1]);
            unsigned char d = static_cast<unsigned char>(name[i + 2]);
            if ((b == 0x80 && d >= 0xAA && d <= 0xAE) || (b == 0x81 && d >= 0xA6 && d <= 0xA9)) {
                out += '_';
                i += 2;
                continue;
            }
        }
        out += (c < 0x20 || c == 0x7F || c == ':') ? '_' : static_cast<char>(c);
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' ' || out.front() == '-'))
        out.erase(out.begin());
    while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
        out.pop_back();
    if (out.size() > 120) {
        std::size_t cut = 120;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut; // never split a UTF-8 sequence
        out.resize(cut);
    }
    if (out.empty()) out = "attachment-" + std::to_string(index + 1) + extension_for(content_type);
    return out;
}

} // namespace lkmine
