// What a mail document holds: positional subject and prose, and cheap hand-tokenised terms for the
// rest.
#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/index/phrase_pairs.hpp"
#include "core/mail/segments.hpp"
#include "core/patch/diff.hpp"

#include <algorithm>

namespace lkmine::store_detail {

std::string english_stem(std::string_view word) {
    thread_local Xapian::Stem stem("english"); // a stemmer keeps state: one per thread
    return stem(std::string(word));
}

namespace {

void add_words(Xapian::Document& doc, std::string_view prefix, std::string_view text) {
    for_each_word(text, [&](std::string_view w) { add_term(doc, prefix, w); });
}

// The words of one chunk of text without positions (a run of quoted lines, a diff line, a hunk
// header) and (schema 8) the hash of each pair of words in a row there, in text order, so a
// phrase is decided from the index instead of by reading each mail holding its words
// (phrase_check.cpp).
void add_chunk(Xapian::Document& doc, std::string_view prefix, std::string_view text,
               MailPairs& mail_pairs) {
    std::uint64_t prev = 0;
    bool first = true;
    PairRun& pairs = mail_pairs.of(prefix);
    pairs.chunk();
    for_each_word(text, [&](std::string_view w) {
        add_term(doc, prefix, w);
        std::uint64_t h = word_hash(w);
        if (!first) pairs.add(prefix, prev, h);
        prev = h;
        first = false;
    });
}

std::string_view angle_email(std::string_view v) {
    auto lt = v.rfind('<');
    auto gt = v.rfind('>');
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt)
        return v.substr(lt + 1, gt - lt - 1);
    auto at = v.find('@');
    if (at == std::string_view::npos) return {};
    auto b = v.find_last_of(" \t", at);
    auto e = v.find_first_of(" \t>,", at);
    b = b == std::string_view::npos ? 0 : b + 1;
    return v.substr(b, e == std::string_view::npos ? v.npos : e - b);
}

void add_address(Xapian::Document& doc, std::string_view prefix, std::string_view name,
                 std::string_view email) {
    add_words(doc, prefix, name);
    add_words(doc, prefix, email);
    add_term(doc, prefix, lowercase_ascii(email));
}

void add_syzbot(Xapian::Document& doc, std::string_view text) {
    auto p = text.find("syzbot+");
    if (p == std::string_view::npos) return;
    auto e = text.find_first_of("@ \t>,", p);
    add_boolean(doc, prefix_of("syz"),
                lowercase_ascii(text.substr(p, e == text.npos ? text.npos : e - p)));
}

void add_trailers(Xapian::Document& doc, const Message& msg) {
    for (const auto& t : msg.trailers) {
        const char* prefix = t.key == "Reviewed-by" ? prefix_of("rb")
                             : t.key == "Acked-by"  ? prefix_of("ab")
                             : t.key == "Tested-by" ? prefix_of("tb")
                                                    : nullptr;
        if (prefix) {
            auto email = angle_email(t.value);
            auto name = t.value.substr(0, std::min(t.value.find('<'), t.value.size()));
            add_address(doc, prefix, name, email);
        } else if (t.key == "Fixes") {
            std::string_view v = t.value;
            auto e = v.find_first_not_of("0123456789abcdefABCDEF");
            if (e == std::string_view::npos) e = v.size();
            if (e >= 7) add_boolean(doc, prefix_of("fixes"), lowercase_ascii(v.substr(0, e)));
        } else if (t.key == "Reported-by") {
            add_syzbot(doc, t.value);
        }
    }
}

// A path is found by any run of its components, as lore reads dfn: as a phrase of them:
// "include/linux/fscrypt.h" gives itself, "linux/fscrypt.h", "include/linux", "fscrypt.h"...
void add_path(Xapian::Document& doc, std::string_view path) {
    if (path.empty()) return;
    std::vector<std::size_t> starts{0}, ends;
    for (std::size_t i = 0; i < path.size(); ++i)
        if (path[i] == '/') ends.push_back(i), starts.push_back(i + 1);
    ends.push_back(path.size());
    constexpr std::size_t max_components = 16; // deeper paths: whole path, heads and tails only
    bool all_runs = starts.size() <= max_components;
    for (std::size_t a = 0; a < starts.size(); ++a)
        for (std::size_t b = a; b < ends.size(); ++b) {
            if (!all_runs && a != 0 && b + 1 != ends.size() && a != b) continue;
            if (ends[b] > starts[a])
                add_boolean(doc, prefix_of("dfn"), path.substr(starts[a], ends[b] - starts[a]));
        }
}

void add_patches(Xapian::Document& doc, const Message& msg, MailPairs& pairs) {
    for (const auto& p : msg.patches) {
        add_boolean(doc, prefix_of("patchid"), p.patch_id);
        for (const auto& f : p.files) {
            add_path(doc, f.old_path);
            if (f.new_path != f.old_path) add_path(doc, f.new_path);
            add_boolean(doc, prefix_of("dfpre"), lowercase_ascii(f.old_blob));
            add_boolean(doc, prefix_of("dfpost"), lowercase_ascii(f.new_blob));
            for (const auto& h : f.hunk_headers)
                add_chunk(doc, prefix_of("dfhh"), h, pairs);
        }
        DiffTerms dt = diff_terms(p);
        for (const auto& l : dt.removed)
            add_chunk(doc, prefix_of("dfa"), l, pairs);
        for (const auto& l : dt.added)
            add_chunk(doc, prefix_of("dfb"), l, pairs);
        for (const auto& l : dt.context)
            add_chunk(doc, prefix_of("dfctx"), l, pairs);
    }
}

// The lines of a diff that public-inbox indexes as the mail's own text (SearchIdx.pm
// index_diff: they go to XNQ, not to a diff prefix): "diff --git a/x b/x" and other "diff "
// lines, file mode, rename, copy and similarity lines, binary patch markers, quilt's "Index:".
// So nq:lock finds "diff --git a/fs/btrfs/locking.c ...". File names of "---"/"+++" lines, hunk
// lines and "index" lines are not own text (they are dfn:, dfa:/dfb:/dfctx:, dfpre:/dfpost:).
bool diff_prose_line(std::string_view line) {
    static constexpr std::string_view kStarts[] = {"diff ",
                                                   "old mode ",
                                                   "new mode ",
                                                   "deleted file mode ",
                                                   "new file mode ",
                                                   "similarity index ",
                                                   "dissimilarity index ",
                                                   "rename from ",
                                                   "rename to ",
                                                   "copy from ",
                                                   "copy to ",
                                                   "\\ No newline",
                                                   "Binary files ",
                                                   "GIT binary patch",
                                                   "literal ",
                                                   "delta ",
                                                   "Index: "};
    for (std::string_view s : kStarts)
        if (line.starts_with(s)) return true;
    return false;
}

// The file name of a "--- a/x" or "+++ b/x" line without its first component ("x"), as lore
// reads it into XDFN (words of nq: and b:); empty for a name without one ("/dev/null").
std::string_view header_name(std::string_view line) {
    std::string_view name = line.substr(4);
    name = name.substr(0, std::min(name.find_first_of("\t\r\n"), name.size()));
    auto slash = name.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 >= name.size()) return {};
    return name.substr(slash + 1);
}

void append_line(std::string& prose, std::string_view line) {
    prose.append(line);
    if (prose.back() != '\n') prose.push_back('\n');
}

// What lore reads as own text of a diff: the lines of diff_prose_line, a "--- " line without
// an "a/"-like name ("--- /dev/null"), and each file name of the "---"/"+++" lines once (lore
// indexes those as XDFN words, which its nq: and b: cover).
void append_diff_prose(std::string& prose, std::string_view diff) {
    std::vector<std::string_view> seen;
    for (std::size_t pos = 0; pos < diff.size();) {
        auto nl = diff.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? diff.size() : nl + 1;
        std::string_view line = diff.substr(pos, end - pos);
        pos = end;
        if (diff_prose_line(line)) {
            append_line(prose, line);
        } else if (line.starts_with("--- ") || line.starts_with("+++ ")) {
            auto name = header_name(line);
            if (name.empty() && line[0] == '-') append_line(prose, line);
            if (name.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
            seen.push_back(name);
            append_line(prose, name);
        }
    }
}

// Splits the body (segment_body(), the segmentation every view shows) into own prose
// (positional) and quoted words; inline diffs are left out of both since their lines are
// indexed as diff terms, but for the lines lore reads as own text (diff_prose_line).
void add_body(Xapian::Document& doc, const Message& msg, Xapian::TermGenerator& tg,
              MailPairs& pairs) {
    std::string_view body = msg.body_text;
    std::string prose;
    prose.reserve(body.size());
    for (const BodySegment& seg : segment_body(body, msg.patches)) {
        std::string_view text = body.substr(seg.begin, seg.end - seg.begin);
        if (seg.kind == BodySegment::Kind::quote)
            add_chunk(doc, prefix_of("q"), text, pairs);
        else if (seg.kind == BodySegment::Kind::patch)
            append_diff_prose(prose, text);
        else
            prose.append(text);
    }
    tg.increase_termpos(10);
    tg.index_text(prose, 1, prefix_of("nq"));
}

std::string series_key(const Message& msg, std::string_view own_id) {
    const SubjectInfo& si = msg.subject_info;
    if (!si.is_patch || si.is_reply) return {};
    if (si.index == 0 || msg.references.empty()) return std::string(own_id);
    return msg.references.front();
}

} // namespace

Xapian::Document build_mail_document(const Message& msg, const DocRecord& rec, std::size_t raw_size,
                                     Xapian::TermGenerator& tg) {
    const MailSummary& m = rec.summary;
    Xapian::Document doc;
    set_record(doc, rec);
    doc.add_boolean_term(id_term(m.message_id));
    doc.add_boolean_term(std::string(term::type) + "mail");
    tg.set_document(doc);
    tg.index_text(m.subject, 1, prefix_of("s"));
    MailPairs pairs;
    add_body(doc, msg, tg, pairs);

    add_address(doc, prefix_of("f"), m.from.name, m.from.email);
    add_syzbot(doc, m.from.email);
    for (const auto& a : msg.to)
        add_address(doc, prefix_of("t"), a.name, a.email), add_syzbot(doc, a.email);
    for (const auto& a : msg.cc)
        add_address(doc, prefix_of("c"), a.name, a.email), add_syzbot(doc, a.email);
    add_trailers(doc, msg);
    add_patches(doc, msg, pairs);
    for (const auto& [slot_no, value] : pairs.encode())
        doc.add_value(slot_no, value);
    add_syzbot_terms(doc, msg);
    for (const auto& l : m.lists)
        add_boolean(doc, term::list, lowercase_ascii(l));
    for (const auto& f : m.flags)
        add_boolean(doc, term::flag, f);

    auto series = series_key(msg, m.message_id);
    if (!series.empty()) add_boolean(doc, prefix_of("series"), series);
    if (m.subject_info.is_patch)
        add_boolean(doc, prefix_of("v"), std::to_string(m.subject_info.revision));

    doc.add_value(slot::date, Xapian::sortable_serialise(static_cast<double>(m.date.epoch)));
    add_date_terms(doc, m.date.epoch);
    doc.add_value(slot::size, Xapian::sortable_serialise(static_cast<double>(raw_size)));
    doc.add_value(slot::revision, Xapian::sortable_serialise(m.subject_info.revision));
    return doc;
}

Xapian::Document build_ghost_document(std::string_view msgid) {
    DocRecord rec;
    rec.summary.message_id = std::string(msgid);
    rec.summary.ghost = true;
    Xapian::Document doc;
    doc.set_data(encode_record(rec));
    doc.add_boolean_term(id_term(msgid));
    doc.add_boolean_term(std::string(term::type) + "ghost");
    return doc;
}

void set_thread(Xapian::Document& doc, std::string_view thread_id) {
    std::vector<std::string> old;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        t.skip_to(term::thread);
        while (t != doc.termlist_end() && (*t).rfind(term::thread, 0) == 0)
            old.push_back(*t++);
        break;
    }
    for (const auto& t : old)
        doc.remove_term(t);
    doc.add_boolean_term(thread_term(thread_id));
    doc.add_value(slot::thread, std::string(thread_id));
    MailSummary m;
    if (decode_line(doc.get_value(slot::line), m)) {
        m.thread_id = std::string(thread_id);
        doc.add_value(slot::line, encode_line(m));
    }
}

void set_record(Xapian::Document& doc, const DocRecord& rec) {
    doc.set_data(encode_record(rec));
    if (rec.summary.ghost) return;
    MailSummary m = rec.summary;
    m.thread_id = doc.get_value(slot::thread);
    doc.add_value(slot::line, encode_line(m));
}

} // namespace lkmine::store_detail
