// syzbot terms on mail documents, and the field record used by report and bisection documents.
#include "core/index/detail/syzbot_doc.hpp"

#include "core/index/detail/xapian.hpp"
#include "core/syzbot/crash_title.hpp"

namespace lkmine::store_detail {

std::string symptom_exact_term(std::string_view title) {
    return kSymptomExact + lowercase_ascii(normalize_title(title));
}

void add_symptom_terms(Xapian::Document& doc, std::string_view title) {
    add_normalized_symptom_terms(doc, normalize_title(title));
}

void add_normalized_symptom_terms(Xapian::Document& doc, std::string_view norm) {
    if (norm.empty()) return;
    for_each_word(norm, [&](std::string_view w) { add_term(doc, kSymptomWords, w); });
    add_boolean(doc, kSymptomExact, lowercase_ascii(norm));
}

void add_syzbot_terms(Xapian::Document& doc, const Message& msg) {
    const SyzbotFacts& f = msg.syzbot;
    if (f.empty()) return;
    add_boolean(doc, prefix_of("flag"), "syzbot");
    if (!f.extid.empty()) add_boolean(doc, prefix_of("syz"), "syzbot+" + lowercase_ascii(f.extid));
    for (const auto& e : f.reported_by)
        add_boolean(doc, prefix_of("syz"), "syzbot+" + lowercase_ascii(e));
    for (const auto& s : f.symptoms)
        add_symptom_terms(doc, s);
    doc.add_value(slot::syzbot, encode_syzbot_digest(msg));
}

std::string encode_syzbot_digest(const Message& msg) {
    const SyzbotFacts& f = msg.syzbot;
    const SubjectInfo& si = msg.subject_info;
    Fields d{{"from", msg.from.email},
             {"date", msg.date.valid ? std::to_string(msg.date.epoch) : ""},
             {"date_text", msg.date_text},
             {"clean", si.clean},
             {"flags", std::string(si.is_patch ? "p" : "") + (si.is_reply ? "r" : "") +
                           (msg.patches.empty() ? "" : "d")},
             {"kind", f.kind},
             {"extid", f.extid},
             {"title", f.title}};
    for (const auto& s : f.symptoms)
        d.emplace_back("symptom", s);
    for (const auto& e : f.reported_by)
        d.emplace_back("reported_by", e);
    for (const auto& t : f.fix_titles)
        d.emplace_back("fix", t);
    return encode_fields(d);
}

bool decode_syzbot_digest(std::string_view v, Message& out, bool& has_patches) {
    Fields d = decode_fields(v);
    if (d.empty()) return false;
    out.from.email = field(d, "from");
    std::string date = field(d, "date");
    out.date.valid = !date.empty();
    out.date.epoch = date.empty() ? 0 : std::stoll(date);
    out.date_text = field(d, "date_text");
    out.subject_info.clean = field(d, "clean");
    std::string flags = field(d, "flags");
    out.subject_info.is_patch = flags.find('p') != std::string::npos;
    out.subject_info.is_reply = flags.find('r') != std::string::npos;
    has_patches = flags.find('d') != std::string::npos;
    SyzbotFacts& f = out.syzbot;
    f.kind = field(d, "kind");
    f.extid = field(d, "extid");
    f.title = field(d, "title");
    f.symptoms = field_list(d, "symptom");
    f.reported_by = field_list(d, "reported_by");
    f.fix_titles = field_list(d, "fix");
    return true;
}

namespace {

void escape_into(std::string& out, std::string_view v) {
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
}

std::string unescape(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '\\' || i + 1 == v.size()) {
            out += v[i];
            continue;
        }
        char n = v[++i];
        out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    }
    return out;
}

} // namespace

std::string encode_fields(const Fields& f) {
    std::string out = "lkmine-fields 1\n";
    for (const auto& [k, v] : f) {
        out += k;
        out += '\t';
        escape_into(out, v);
        out += '\n';
    }
    return out;
}

Fields decode_fields(std::string_view data) {
    Fields out;
    constexpr std::string_view magic = "lkmine-fields 1\n";
    if (data.substr(0, magic.size()) != magic) return out;
    std::size_t pos = magic.size();
    while (pos < data.size()) {
        auto nl = data.find('\n', pos);
        if (nl == std::string_view::npos) nl = data.size();
        std::string_view line = data.substr(pos, nl - pos);
        pos = nl + 1;
        auto tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        out.emplace_back(std::string(line.substr(0, tab)), unescape(line.substr(tab + 1)));
    }
    return out;
}

std::string field(const Fields& f, std::string_view key) {
    for (const auto& [k, v] : f)
        if (k == key) return v;
    return {};
}

std::vector<std::string> field_list(const Fields& f, std::string_view key) {
    std::vector<std::string> out;
    for (const auto& [k, v] : f)
        if (k == key) out.push_back(v);
    return out;
}

std::vector<std::string> split_unit(std::string_view s) {
    std::vector<std::string> out;
    std::size_t b = 0;
    for (;;) {
        auto e = s.find('\x1f', b);
        out.emplace_back(s.substr(b, e == std::string_view::npos ? s.npos : e - b));
        if (e == std::string_view::npos) break;
        b = e + 1;
    }
    return out;
}

} // namespace lkmine::store_detail
