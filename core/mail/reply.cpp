// compose_reply(): recipients, threading headers, subject, attribution and the quoted body.
#include "core/mail/reply.hpp"

#include "core/base/text.hpp"
#include "core/mail/address.hpp"
#include "core/mail/header.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/review_quote.hpp"

#include <algorithm>
#include <ctime>
#include <set>

namespace lkmine {
namespace {

// What the parent says about where replies go, read from its headers.
struct ReplyTargets {
    std::vector<Address> reply_to;
    std::string list_post; // the address of a "List-Post: <mailto:...>" header
};

std::string list_post_address(std::string_view value) {
    std::size_t at = text::lower(value).find("mailto:");
    if (at == std::string::npos) return {};
    std::string_view rest = value.substr(at + 7);
    std::size_t end = rest.find_first_of(">?, \t");
    return std::string(rest.substr(0, end == std::string_view::npos ? rest.size() : end));
}

ReplyTargets targets_from(const std::vector<std::pair<std::string, std::string>>& fields) {
    ReplyTargets t;
    for (const auto& [name, value] : fields) {
        std::string n = text::lower(name);
        if (n == "reply-to" && t.reply_to.empty()) t.reply_to = parse_address_list(value);
        if (n == "list-post" && t.list_post.empty()) t.list_post = list_post_address(value);
    }
    return t;
}

// Adds `a` unless its address is empty, already present, or one of `skip`.
struct Recipients {
    std::set<std::string> seen;
    void add(std::vector<Address>& list, const Address& a) {
        std::string key = text::lower(text::trim(a.email));
        // A broken address (a header cut short: "Cc: ..., linu") cannot be written to.
        if (key.find('@') == std::string::npos || !seen.insert(key).second) return;
        // "linux-mm@kvack.org" <linux-mm@kvack.org>: the name says nothing more.
        bool echo = text::lower(text::trim(a.name)) == key;
        list.push_back({echo ? std::string() : a.name, std::string(text::trim(a.email))});
    }
};

void choose_recipients(const Message& p, const ReplyTargets& t, const Identity& me, ReplyDraft& d) {
    Recipients r;
    r.seen.insert(text::lower(text::trim(me.email)));
    for (const auto& a : t.reply_to.empty() ? std::vector<Address>{p.from} : t.reply_to)
        r.add(d.to, a);
    if (!t.reply_to.empty()) r.add(d.cc, p.from); // the author still hears of it
    for (const auto& a : p.to)
        r.add(d.cc, a);
    for (const auto& a : p.cc)
        r.add(d.cc, a);
    if (!t.list_post.empty()) r.add(d.cc, {"", t.list_post});
    if (d.to.empty() && !d.cc.empty()) { // replying to oneself: the first other recipient
        d.to.push_back(d.cc.front());
        d.cc.erase(d.cc.begin());
    }
}

void set_threading(const Message& p, ReplyDraft& d) {
    d.in_reply_to = p.message_id;
    d.references = p.references;
    if (d.references.empty() && !p.in_reply_to.empty()) d.references.push_back(p.in_reply_to);
    if (!p.message_id.empty()) {
        std::erase(d.references, p.message_id);
        d.references.push_back(p.message_id);
    }
}

// The body quoted line by line; an empty line becomes ">" (no trailing space). The
// signature ("-- " line and after) is left out.
std::string quote_body(std::string_view body) {
    std::vector<std::string_view> lines = text::split_lines(body);
    lines.erase(std::find(lines.begin(), lines.end(), "-- "), lines.end());
    while (!lines.empty() && text::trim(lines.back()).empty())
        lines.pop_back();
    std::string out;
    for (std::string_view line : lines) {
        out += line.empty() ? ">" : "> ";
        out += line;
        out += '\n';
    }
    return out;
}

std::string trailer_block(const std::vector<std::string>& keys, const Identity& me) {
    std::string out;
    for (const auto& k : keys)
        out += k + ": " + format_address({me.name, me.email}) + "\n";
    return out;
}

bool needs_quotes(std::string_view name) {
    for (char c : name)
        if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos) return true;
    return false;
}

} // namespace

std::string format_address(const Address& a) {
    if (a.name.empty()) return a.email;
    std::string name = a.name;
    if (needs_quotes(name)) {
        std::string q = "\"";
        for (char c : name) {
            if (c == '"' || c == '\\') q += '\\';
            q += c;
        }
        name = q + "\"";
    }
    return name + " <" + a.email + ">";
}

std::string reply_subject(std::string_view subject) {
    std::string_view s = text::trim(subject);
    for (;;) {
        std::size_t colon = s.find(':');
        if (colon == std::string_view::npos || colon > 6) break;
        std::string head = text::lower(text::trim(s.substr(0, colon)));
        if (head != "re" && head != "aw" && head != "sv" && head != "antw") break;
        s = text::trim(s.substr(colon + 1));
    }
    return "Re: " + std::string(s);
}

std::string attribution_line(const Message& p) {
    std::string who = format_address(p.from);
    if (!p.date.valid) return who + " wrote:";
    std::time_t t = std::time_t(p.date.epoch + std::int64_t(p.date.offset_minutes) * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y at %H:%M", &tm); // C locale: English names
    return "On " + std::string(buf) + ", " + who + " wrote:";
}

namespace {

Result<ReplyDraft> compose(const Message& p, const ReplyTargets& t, const Identity& me,
                           const ReplyOptions& opt) {
    ReplyDraft d;
    d.from = {me.name, me.email};
    choose_recipients(p, t, me, d);
    set_threading(p, d);
    d.subject = reply_subject(p.subject);
    d.body = attribution_line(p) + "\n";
    if (opt.comments.empty()) {
        d.body += quote_body(p.body_text) + "\n";
    } else {
        auto review = quote_review(p, opt.comments, opt.context);
        if (!review) return review.error_info();
        d.body += *review;
    }
    d.body += trailer_block(opt.trailers, me); // the text above ends with a blank line
    return d;
}

} // namespace

Result<ReplyDraft> compose_reply(std::string_view raw, const Identity& me,
                                 const ReplyOptions& opt) {
    Message m = parse_message({std::string(raw), {}});
    HeaderBlock block = split_headers(raw);
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& f : block.fields)
        fields.emplace_back(f.name, f.value); // raw values: encoded words decoded per address
    return compose(m, targets_from(fields), me, opt);
}

Result<ReplyDraft> compose_reply(const Message& parent, const Identity& me,
                                 const ReplyOptions& opt) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& h : parent.headers)
        fields.emplace_back(h.name, h.value);
    return compose(parent, targets_from(fields), me, opt);
}

namespace {

void address_header(std::string& out, const char* name, const std::vector<Address>& list) {
    if (list.empty()) return;
    out += name;
    out += ": ";
    for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ",\n    " : "") + format_address(list[i]);
    out += '\n';
}

} // namespace

std::string draft_text(const ReplyDraft& d) {
    std::string out;
    address_header(out, "From", {d.from});
    address_header(out, "To", d.to);
    address_header(out, "Cc", d.cc);
    out += "Subject: " + d.subject + "\n";
    if (!d.in_reply_to.empty()) out += "In-Reply-To: <" + d.in_reply_to + ">\n";
    if (!d.references.empty()) {
        out += "References:";
        for (const auto& r : d.references)
            out += (&r == &d.references.front() ? " <" : "\n <") + r + ">";
        out += '\n';
    }
    return out + "\n" + d.body;
}

} // namespace lkmine
