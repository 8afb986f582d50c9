// Header splitting: a plain memchr-driven scan, no regex, no copies beyond the field strings.
#include "core/mail/header.hpp"

#include <algorithm>
#include <cstring>

namespace lkmine {
namespace {

bool is_wsp(char c) {
    return c == ' ' || c == '\t';
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// A field name is printable ASCII without ':' (RFC 5322 ftext); the obsolete syntax allows
// whitespace before the colon, which we trim.
bool valid_field_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127) return false;
    }
    return true;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (is_wsp(s.back()) || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Each field is measured first (its line plus continuation lines) and then copied once, so
// a mail costs one allocation per long field and nothing else.
class Splitter {
  public:
    explicit Splitter(std::string_view mail) : mail_(mail) {}

    HeaderBlock run() {
        block_.fields.reserve(32);
        std::size_t pos = 0;
        if (mail_.starts_with("From ")) pos = line_end(0);
        while (pos < mail_.size()) {
            const std::size_t next = line_end(pos);
            const std::string_view line = strip_eol(mail_.substr(pos, next - pos));
            if (line.empty()) {
                block_.body_offset = next;
                return std::move(block_);
            }
            if (is_wsp(line.front())) { // folded line with no field before it
                if (block_.fields.empty() && !warned_orphan_) {
                    block_.warnings.push_back(
                        {"orphan-continuation", "header starts with a folded line"});
                    warned_orphan_ = true;
                }
                pos = next;
                continue;
            }
            const std::size_t field_end = continuation_end(next);
            if (!field(line, pos, next, field_end)) {
                block_.warnings.push_back(
                    {"no-blank-line", "header ended by a line that is not a field"});
                block_.body_offset = pos;
                return std::move(block_);
            }
            pos = field_end;
        }
        block_.body_offset = mail_.size();
        return std::move(block_);
    }

  private:
    static std::string_view strip_eol(std::string_view line) {
        if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    }

    std::size_t line_end(std::size_t pos) const {
        const void* nl = std::memchr(mail_.data() + pos, '\n', mail_.size() - pos);
        return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - mail_.data()) + 1
                  : mail_.size();
    }

    std::size_t continuation_end(std::size_t pos) const {
        while (pos < mail_.size() && is_wsp(mail_[pos]))
            pos = line_end(pos);
        return pos;
    }

    // The field whose first line is [line_begin, first_end) and whose continuation lines run
    // to field_end; false when the first line is no "name:" line.
    bool field(std::string_view line, std::size_t line_begin, std::size_t first_end,
               std::size_t field_end) {
        const void* colon = std::memchr(line.data(), ':', line.size());
        if (!colon) return false;
        const auto c = static_cast<std::size_t>(static_cast<const char*>(colon) - line.data());
        std::string_view name = line.substr(0, c);
        while (!name.empty() && is_wsp(name.back()))
            name.remove_suffix(1);
        if (!valid_field_name(name)) return false;
        if (block_.fields.size() >= max_header_fields) {
            if (block_.fields.size() == max_header_fields && !dropping_)
                block_.warnings.push_back(
                    {"too-many-headers",
                     "more than " + std::to_string(max_header_fields) + " fields; rest dropped"});
            dropping_ = true;
            return true;
        }
        RawHeader& h = block_.fields.emplace_back();
        h.name.assign(name.data(), name.size());
        std::string_view first = line.substr(c + 1);
        while (!first.empty() && is_wsp(first.front()))
            first.remove_prefix(1);
        if (first_end == field_end) { // the common case: one line
            first = trim_right(first);
            assign_bounded(h, first);
            return true;
        }
        std::string& v = h.value;
        v.reserve(std::min(field_end - line_begin, max_header_bytes));
        append_bounded(h, first);
        for (std::size_t p = first_end; p < field_end;) {
            const std::size_t e = line_end(p);
            append_bounded(h, strip_eol(mail_.substr(p, e - p)));
            p = e;
        }
        std::size_t lead = 0;
        while (lead < v.size() && is_wsp(v[lead]))
            ++lead;
        if (lead) v.erase(0, lead);
        v.resize(trim_right(v).size());
        return true;
    }

    void assign_bounded(RawHeader& h, std::string_view text) {
        if (text.size() > max_header_bytes) {
            text = text.substr(0, max_header_bytes);
            warn_long(h);
        }
        h.value.assign(text.data(), text.size());
    }

    void append_bounded(RawHeader& h, std::string_view text) {
        std::string& v = h.value;
        if (v.size() >= max_header_bytes) return;
        if (v.size() + text.size() > max_header_bytes) {
            text = text.substr(0, max_header_bytes - v.size());
            warn_long(h);
        }
        v.append(text.data(), text.size());
    }

    void warn_long(const RawHeader& h) {
        block_.warnings.push_back(
            {"long-header", "field " + h.name + " longer than 1 MiB, truncated"});
    }

    std::string_view mail_;
    HeaderBlock block_;
    bool dropping_ = false;
    bool warned_orphan_ = false;
};

} // namespace

HeaderBlock split_headers(std::string_view mail) {
    return Splitter(mail).run();
}

const RawHeader* find_header(const HeaderBlock& block, std::string_view name) {
    for (const RawHeader& f : block.fields)
        if (iequals(f.name, name)) return &f;
    return nullptr;
}

std::vector<const RawHeader*> find_headers(const HeaderBlock& block, std::string_view name) {
    std::vector<const RawHeader*> out;
    for (const RawHeader& f : block.fields)
        if (iequals(f.name, name)) out.push_back(&f);
    return out;
}

} // namespace lkmine
