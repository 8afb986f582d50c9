// Document data encoding (length-prefixed binary record) and the term helpers shared by the store
// files.
#include "core/base/sha1.hpp"
#include "core/index/detail/xapian.hpp"

namespace lkmine::store_detail {
namespace {

constexpr char kMagic = 'L';
constexpr char kVersion = 1;
constexpr char kLineVersion = 1;

class Out {
  public:
    void u(std::uint64_t v) {
        while (v >= 0x80) {
            s_ += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        s_ += static_cast<char>(v);
    }
    void i(std::int64_t v) { u((static_cast<std::uint64_t>(v) << 1) ^ (v < 0 ? ~0ULL : 0)); }
    void str(std::string_view v) {
        u(v.size());
        s_.append(v);
    }
    void strs(const std::vector<std::string>& v) {
        u(v.size());
        for (const auto& x : v)
            str(x);
    }
    std::string s_;
};

class In {
  public:
    explicit In(std::string_view d) : d_(d) {}
    bool u(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ >= d_.size()) return false;
            auto b = static_cast<unsigned char>(d_[p_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    template <typename T> bool i(T& out) {
        std::uint64_t v;
        if (!u(v)) return false;
        out = static_cast<T>(static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1)));
        return true;
    }
    bool b(bool& out) {
        std::uint64_t v;
        if (!u(v)) return false;
        out = v != 0;
        return true;
    }
    bool view(std::string_view& out) {
        std::uint64_t n;
        if (!u(n) || n > d_.size() - p_) return false;
        out = d_.substr(p_, n);
        p_ += n;
        return true;
    }
    bool str(std::string& out) {
        std::string_view v;
        if (!view(v)) return false;
        out.assign(v);
        return true;
    }
    bool strs(std::vector<std::string>& out) {
        std::uint64_t n;
        if (!u(n) || n > d_.size() - p_) return false; // each item takes at least a byte
        out.resize(n);
        for (auto& x : out)
            if (!str(x)) return false;
        return true;
    }
    bool byte(char& c) {
        if (p_ >= d_.size()) return false;
        c = d_[p_++];
        return true;
    }

  private:
    std::string_view d_;
    std::size_t p_ = 0;
};

// The summary fields, first in a record and after the date in a result line.
void put_summary(Out& o, const MailSummary& m) {
    o.str(m.message_id);
    o.str(m.subject);
    o.str(m.date_text);
    o.str(m.from.name);
    o.str(m.from.email);
    o.i(m.date.epoch);
    o.i(m.date.offset_minutes);
    o.u(m.date.valid);
    o.strs(m.lists);
    const SubjectInfo& si = m.subject_info;
    o.strs(si.prefixes);
    o.i(si.revision);
    o.i(si.index);
    o.i(si.total);
    o.u(si.is_reply);
    o.u(si.is_patch);
    o.str(si.clean);
    o.u(m.ghost);
    o.i(m.patches);
    o.strs(m.flags);
}

bool get_summary(In& in, MailSummary& m) {
    SubjectInfo& si = m.subject_info;
    return in.str(m.message_id) && in.str(m.subject) && in.str(m.date_text) &&
           in.str(m.from.name) && in.str(m.from.email) && in.i(m.date.epoch) &&
           in.i(m.date.offset_minutes) && in.b(m.date.valid) && in.strs(m.lists) &&
           in.strs(si.prefixes) && in.i(si.revision) && in.i(si.index) && in.i(si.total) &&
           in.b(si.is_reply) && in.b(si.is_patch) && in.str(si.clean) && in.b(m.ghost) &&
           in.i(m.patches) && in.strs(m.flags);
}

} // namespace

std::string encode_record(const DocRecord& rec) {
    const MailSummary& m = rec.summary;
    Out o;
    o.s_.reserve(rec.raw.size() + 256);
    o.s_ += kMagic;
    o.s_ += kVersion;
    put_summary(o, m);
    o.str(rec.in_reply_to);
    o.strs(rec.references);
    o.str(rec.content_hash);
    o.strs(rec.other_copies);
    o.str(rec.origin);
    o.str(rec.raw);
    return std::move(o.s_);
}

bool decode_record(std::string_view data, DocRecord& rec, bool with_raw) {
    In in(data);
    char magic = 0, version = 0;
    if (!in.byte(magic) || !in.byte(version) || magic != kMagic || version != kVersion)
        return false;
    bool ok = get_summary(in, rec.summary) && in.str(rec.in_reply_to) && in.strs(rec.references) &&
              in.str(rec.content_hash) && in.strs(rec.other_copies) && in.str(rec.origin);
    if (!ok) return false;
    if (!with_raw) return true;
    return in.str(rec.raw);
}

std::string encode_line(const MailSummary& m) {
    Out o;
    // Big-endian epoch with its sign bit flipped: bytes that sort as the dates do.
    auto key = static_cast<std::uint64_t>(m.date.epoch) ^ (1ULL << 63);
    for (int shift = 56; shift >= 0; shift -= 8)
        o.s_ += static_cast<char>((key >> shift) & 0xff);
    o.s_ += kLineVersion;
    put_summary(o, m);
    o.str(m.thread_id);
    return std::move(o.s_);
}

bool decode_line(std::string_view line, MailSummary& m) {
    if (line.size() < 9 || line[8] != kLineVersion) return false;
    In in(line.substr(9));
    return get_summary(in, m) && in.str(m.thread_id);
}

std::string lowercase_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string id_term(std::string_view msgid) {
    if (msgid.size() + 1 <= term::max_length) return std::string(term::id) + std::string(msgid);
    return std::string(term::id) + "lkmine-sha1-" + sha1_hex(msgid);
}

std::string copy_key_term(std::string_view msgid, std::string_view content_hash) {
    std::string both(msgid);
    both.push_back('\0');
    both.append(content_hash);
    return std::string(kCopyKeyPrefix) + sha1_hex(both);
}

std::string copy_of_term(std::string_view msgid) {
    if (std::string_view(kCopyOfPrefix).size() + msgid.size() <= term::max_length)
        return std::string(kCopyOfPrefix) + std::string(msgid);
    return std::string(kCopyOfPrefix) + "lkmine-sha1-" + sha1_hex(msgid);
}

std::string thread_term(std::string_view thread_id) {
    return std::string(term::thread) + std::string(thread_id);
}

void add_term(Xapian::Document& doc, std::string_view prefix, std::string_view word) {
    if (word.empty() || prefix.size() + word.size() > term::max_length) return;
    std::string t;
    t.reserve(prefix.size() + word.size());
    t.append(prefix).append(word);
    doc.add_term(t);
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
    if (value.empty() || prefix.size() + value.size() > term::max_length) return;
    doc.add_boolean_term(std::string(prefix) + std::string(value));
}

std::string origin_text(const Origin& o) {
    return o.location.empty() ? o.source : o.source + ":" + o.location;
}

std::string content_hash(const Message& msg) {
    // Headers that lists rewrite (List-Id, Received, footers aside) stay out, so a cross-post
    // received through two lists is one mail.
    Sha1 h;
    h.update(msg.subject);
    h.update(std::string_view("\0", 1));
    h.update(msg.from.email);
    h.update(std::string_view("\0", 1));
    // Trailing blanks of a line or of the text are what transports and list software add or
    // strip on a re-delivery (tip-bot2 re-sends a commit mail one blank line longer). One pass:
    // the text's trailing blanks cut once, then each line without its own.
    std::string_view body = msg.body_text;
    body = body.substr(0, body.find_last_not_of(" \t\r\n") + 1); // npos + 1 == 0: all blank
    for (;;) {
        auto eol = body.find('\n');
        std::string_view line = body.substr(0, eol);
        h.update(line.substr(0, line.find_last_not_of(" \t\r") + 1));
        if (eol == std::string_view::npos) break;
        h.update(std::string_view("\n", 1));
        body.remove_prefix(eol + 1);
    }
    return to_hex(h.digest());
}

// Tabs and newlines inside a field would break the lines: they become spaces.
std::string encode_problems(const std::vector<SourceProblem>& problems) {
    auto flat = [](std::string s) {
        for (char& c : s)
            if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        return s;
    };
    std::string out;
    for (const auto& p : problems)
        out += flat(p.key) + "\t" + flat(p.message) + "\n";
    return out;
}

std::vector<SourceProblem> decode_problems(std::string_view text) {
    std::vector<SourceProblem> out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        auto tab = line.find('\t');
        if (line.empty() || tab == std::string_view::npos) continue;
        out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
    }
    return out;
}

} // namespace lkmine::store_detail
