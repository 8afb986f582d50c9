// parse_message(): ties header decoding, MIME, subjects, diffs and trailers into one Message.
#include "core/mail/parse.hpp"

#include "core/base/charset.hpp"
#include "core/base/text.hpp"
#include "core/mail/address.hpp"
#include "core/mail/date.hpp"
#include "core/mail/flattened.hpp"
#include "core/mail/header.hpp"
#include "core/mail/html_text.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/mime.hpp"
#include "core/mail/msgid.hpp"
#include "core/mail/rfc2047.hpp"
#include "core/mail/syzbot_facts.hpp"
#include "core/patch/diff.hpp"
#include "core/patch/subject.hpp"
#include "core/patch/trailer.hpp"

#include <algorithm>
#include <cctype>

namespace lkmine {
namespace {

using text::lower;

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string abbreviate(std::string_view s, std::size_t n = 80) {
    std::string out = sanitize_utf8(s.substr(0, n));
    if (s.size() > n) out += "...";
    return out;
}

const RawHeader* field(const HeaderBlock& block, std::string_view name) {
    return find_header(block, name);
}

void read_ids(Message& m, const HeaderBlock& block) {
    const RawHeader* mid = field(block, "Message-ID");
    if (!mid) {
        m.warnings.push_back({"no-message-id", "the mail has no Message-ID header"});
    } else {
        m.message_id = parse_msgid(mid->value);
        if (m.message_id.empty())
            m.warnings.push_back({"no-message-id", "Message-ID header '" + abbreviate(mid->value) +
                                                       "' holds no id"});
    }
    if (const RawHeader* irt = field(block, "In-Reply-To")) {
        auto ids = parse_msgid_list(irt->value);
        if (!ids.empty()) m.in_reply_to = ids.front();
    }
    for (const RawHeader* ref : find_headers(block, "References")) {
        for (auto& id : parse_msgid_list(ref->value))
            if (std::find(m.references.begin(), m.references.end(), id) == m.references.end())
                m.references.push_back(std::move(id));
    }
}

// A mail without a Date: header still has the date its first relay saw it.
void read_date(Message& m, const HeaderBlock& block) {
    if (const RawHeader* d = field(block, "Date")) {
        m.date = parse_date(d->value);
        if (!m.date.valid)
            m.warnings.push_back({"bad-date", "unparsable Date: '" + abbreviate(d->value) + "'"});
    } else {
        m.warnings.push_back({"no-date", "the mail has no Date header"});
    }
    if (!m.date.valid) {
        if (const RawHeader* r = field(block, "Received")) {
            auto semi = r->value.rfind(';');
            if (semi != std::string::npos) m.date = parse_date(r->value.substr(semi + 1));
        }
    }
    if (m.date.valid) m.date_text = format_iso8601(m.date);
}

void read_addresses(Message& m, const HeaderBlock& block) {
    if (const RawHeader* f = field(block, "From"))
        m.from = parse_address(f->value);
    else
        m.warnings.push_back({"no-from", "the mail has no From header"});
    for (const RawHeader* h : find_headers(block, "To"))
        for (auto& a : parse_address_list(h->value))
            m.to.push_back(std::move(a));
    for (const RawHeader* h : find_headers(block, "Cc"))
        for (auto& a : parse_address_list(h->value))
            m.cc.push_back(std::move(a));
}

void read_lists(Message& m, const HeaderBlock& block) {
    for (const RawHeader* h : find_headers(block, "List-Id")) {
        std::string v = decode_header_text(h->value);
        auto lt = v.rfind('<');
        auto gt = v.rfind('>');
        std::string id = (lt != std::string::npos && gt != std::string::npos && gt > lt)
                             ? v.substr(lt + 1, gt - lt - 1)
                             : trim(v);
        id = lower(trim(id));
        if (!id.empty() && std::find(m.list_ids.begin(), m.list_ids.end(), id) == m.list_ids.end())
            m.list_ids.push_back(id);
    }
}

bool is_patch_attachment(const MimePart& p) {
    if (p.content_type == "text/x-patch" || p.content_type == "text/x-diff" ||
        p.content_type == "text/x-diff" || p.content_type == "application/x-patch")
        return true;
    std::string fn = lower(p.filename);
    auto ends = [&](std::string_view suf) {
        return fn.size() >= suf.size() && fn.compare(fn.size() - suf.size(), suf.size(), suf) == 0;
    };
    return ends(".patch") || ends(".diff");
}

// An application/octet-stream attachment that is plain UTF-8 text: mailers send a patch file
// named "patch" or "fix.txt" this way (git am applies it; public-inbox indexes it as text).
bool octet_text(const MimePart& p) {
    if (p.content_type != "application/octet-stream" || !is_valid_utf8(p.content)) return false;
    return std::none_of(p.content.begin(), p.content.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
    });
}

// An attachment: listed; its patches (a patch file, a text part, octet-stream text) found. The
// trailers of an attached patch file's commit message are the mail's too: b4 reads a mail
// whose diff is attached from that part (it prefers the part with the diff as the body).
void read_attachment(Message& m, const MimePart& p, std::vector<Trailer>& trailers) {
    bool text = p.content_type == "text/plain";
    m.attachments.push_back({p.filename, p.content_type, p.content.size()});
    bool textual = p.content_type.rfind("text/", 0) == 0 || is_patch_attachment(p);
    if (!((textual && (is_patch_attachment(p) || text)) || octet_text(p))) return;
    std::string utf8 = to_utf8(p.content, !p.charset.empty() ? p.charset
                                          : textual          ? "us-ascii"
                                                             : "utf-8");
    std::vector<Patch> found = find_patches(utf8, "attachment");
    if (found.empty()) return;
    for (auto& t : parse_trailers(utf8))
        trailers.push_back(std::move(t));
    for (auto& patch : found)
        m.patches.push_back(std::move(patch));
}

void read_body(Message& m, const HeaderBlock& block, std::string_view body) {
    std::vector<Trailer> attached_trailers;
    MimeTree tree = walk_mime(m.headers, body);
    for (auto& w : tree.warnings)
        m.warnings.push_back(std::move(w));
    std::string html_fallback;
    for (const MimePart& p : tree.parts) {
        bool text = p.content_type == "text/plain";
        bool body_part = text && p.disposition != "attachment" && p.filename.empty();
        if (body_part) {
            if (!m.body_text.empty() && m.body_text.back() != '\n') m.body_text += '\n';
            std::string text = to_utf8(p.content, p.charset.empty() ? "us-ascii" : p.charset);
            if (m.body_text.empty())
                m.body_text = std::move(text); // the common single part: no second copy
            else
                m.body_text += text;
            continue;
        }
        if (p.content_type == "text/html" && p.filename.empty() && p.disposition != "attachment") {
            html_fallback += to_utf8(p.content, p.charset.empty() ? "us-ascii" : p.charset);
        }
        read_attachment(m, p, attached_trailers);
    }
    // Only when the mail has no text/plain part at all.
    if (m.body_text.empty() && !html_fallback.empty()) m.body_text = html_to_text(html_fallback);
    std::vector<Patch> inline_patches = find_patches(m.body_text, "inline");
    m.patches.insert(m.patches.begin(), std::make_move_iterator(inline_patches.begin()),
                     std::make_move_iterator(inline_patches.end()));
    m.trailers = parse_trailers(m.body_text);
    for (auto& t : attached_trailers)
        if (std::none_of(m.trailers.begin(), m.trailers.end(),
                         [&](const Trailer& x) { return x.key == t.key && x.value == t.value; }))
            m.trailers.push_back(std::move(t));
}

} // namespace

Message parse_message(const RawMessage& raw) {
    Message m;
    m.origin = raw.origin;
    m.raw_size = raw.bytes.size();
    m.warnings = raw.warnings; // what the source met: a size cap cut, mbox garbage
    std::string_view bytes = raw.bytes;
    std::string recovered;
    if (looks_flattened(bytes)) {
        recovered = recover_flattened(bytes, m.warnings);
        bytes = recovered;
        m.recovered = true;
    }
    if (bytes.empty()) m.warnings.push_back({"empty", "the input is empty"});
    HeaderBlock block = split_headers(bytes);
    for (auto& w : block.warnings)
        m.warnings.push_back(std::move(w));
    if (block.fields.empty() && !bytes.empty())
        m.warnings.push_back({"no-headers", "no header fields found: treated as a body"});
    m.headers.reserve(block.fields.size());
    for (const RawHeader& h : block.fields)
        m.headers.push_back({h.name, decode_header_text(h.value)});
    read_ids(m, block);
    if (const RawHeader* s = field(block, "Subject")) m.subject = decode_header_text(s->value);
    m.subject_info = parse_subject(m.subject);
    read_addresses(m, block);
    read_date(m, block);
    read_lists(m, block);
    read_body(m, block, bytes.substr(std::min(block.body_offset, bytes.size())));
    m.syzbot = syzbot_facts(m);
    return m;
}

std::vector<RawMessage> split_input(std::string_view bytes, const std::string& source) {
    if (looks_like_mbox(bytes.substr(0, 4096)) && !looks_flattened(bytes)) {
        std::vector<RawMessage> mails = split_mbox(bytes);
        for (auto& mail : mails)
            mail.origin.source = source;
        return mails;
    }
    return {RawMessage{std::string(bytes), Origin{source, ""}}};
}

} // namespace lkmine
