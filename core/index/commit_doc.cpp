// Commit documents of the index: terms a search finds them by, and the record `lkmine commit`
// reads back; the link records written on mail documents.
#include "core/index/detail/commit_doc.hpp"

#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/mail/date.hpp"
#include "core/patch/backport.hpp"
#include "core/patch/subject.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace lkmine::store_detail {
namespace {

void put_sketch(std::string& out, const std::vector<std::uint64_t>& v) {
    auto n = static_cast<std::uint32_t>(v.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::uint64_t));
}

bool get_sketch(std::string_view& in, std::vector<std::uint64_t>& v) {
    std::uint32_t n = 0;
    if (in.size() < sizeof n) return false;
    std::memcpy(&n, in.data(), sizeof n);
    in.remove_prefix(sizeof n);
    if (in.size() / sizeof(std::uint64_t) < n) return false;
    v.resize(n);
    std::memcpy(v.data(), in.data(), n * sizeof(std::uint64_t));
    in.remove_prefix(n * sizeof(std::uint64_t));
    return true;
}

// Same ISO 8601 form as mails, so commit rows sort and print like mail rows.
std::string date_text(const Date& d) {
    return d.valid ? format_iso8601(d) : std::string();
}

void add_address_terms(Xapian::Document& doc, const Address& a) {
    for_each_word(a.name, [&](std::string_view w) { add_term(doc, prefix_of("f"), w); });
    for_each_word(a.email, [&](std::string_view w) { add_term(doc, prefix_of("f"), w); });
    if (!a.email.empty()) add_term(doc, prefix_of("f"), lowercase_ascii(a.email));
}

int method_rank(std::string_view m) {
    if (m == "trailer") return 0;
    if (m == "patch-id") return 1;
    if (m == "blob") return 2;
    if (m == "fuzzy") return 3;
    return 4; // mention
}

// "where is it now" terms (schema.hpp: XREF XSTABLE XUPSTREAM XREVERTS XNS).
void add_where_terms(Xapian::Document& doc, const CommitRecord& c) {
    for (const auto& r : c.refs) {
        add_boolean(doc, prefix_of("ref"), r);
        if (auto s = stable_series(r.substr(r.find(':') + 1)); !s.empty())
            add_boolean(doc, prefix_of("stable"), s);
    }
    for (const auto& s : c.backported_to)
        add_boolean(doc, prefix_of("stable"), s);
    if (!c.upstream.empty()) add_boolean(doc, prefix_of("upstream"), c.upstream);
    if (!c.reverts.empty()) add_boolean(doc, prefix_of("reverts"), c.reverts);
    add_boolean(doc, prefix_of("subject-key"), subject_key(c));
}

void put_where_fields(Fields& f, const CommitRecord& c) {
    for (const auto& r : c.refs)
        f.emplace_back("ref", r);
    for (const auto& s : c.backported_to)
        f.emplace_back("backported_to", s);
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"tag", &c.tag},
                        {"next_tag", &c.next_tag},
                        {"upstream", &c.upstream},
                        {"upstream_how", &c.upstream_how},
                        {"reverts", &c.reverts}})
        if (!v->empty()) f.emplace_back(k, *v);
}

void get_where_fields(const Fields& f, CommitRecord& c) {
    c.refs = field_list(f, "ref");
    c.backported_to = field_list(f, "backported_to");
    c.tag = field(f, "tag");
    c.next_tag = field(f, "next_tag");
    c.upstream = field(f, "upstream");
    c.upstream_how = field(f, "upstream_how");
    c.reverts = field(f, "reverts");
}

} // namespace

std::string subject_key(const CommitRecord& c) {
    // FNV-1a of author address and normalised subject: a backport keeps both.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : lowercase_ascii(c.author.email) + '\n' + normalize_subject(c.subject))
        h = (h ^ ch) * 1099511628211ULL;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

bool update_commit_where(Xapian::Document& doc, const std::function<bool(CommitRecord&)>& change) {
    CommitRecord c;
    CommitExtra x;
    if (!decode_commit(doc, c, &x) || !change(c)) return false;
    doc = build_commit_document(c, x);
    return true;
}

unsigned commit_shard(std::string_view sha, std::size_t shards) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : sha)
        h = (h ^ c) * 1099511628211ULL;
    return shards ? static_cast<unsigned>(h % shards) : 0;
}

Xapian::Document build_commit_document(const CommitRecord& c, const CommitExtra& extra) {
    Xapian::Document doc;
    doc.add_boolean_term(id_term(c.sha));
    doc.add_boolean_term(kCommitType);
    doc.add_boolean_term("Kcommit");
    for_each_word(c.subject, [&](std::string_view w) { add_term(doc, prefix_of("s"), w); });
    add_address_terms(doc, c.author);
    for (const auto& f : c.fixes)
        add_boolean(doc, prefix_of("fixes"), f);
    for (const auto& f : extra.fixes_full)
        add_boolean(doc, prefix_of("fixes"), f);
    if (!c.patch_id.empty()) add_boolean(doc, prefix_of("patchid"), c.patch_id);
    for (const auto& f : c.files) {
        add_boolean(doc, prefix_of("dfn"), f);
        for (std::size_t b = 0; b < f.size();) {
            auto e = std::min(f.find('/', b), f.size());
            if (e > b && e - b < f.size()) add_boolean(doc, prefix_of("dfn"), f.substr(b, e - b));
            b = e + 1;
        }
    }
    for (const auto& b : c.post_blobs)
        add_boolean(doc, prefix_of("dfpost"), b);
    add_where_terms(doc, c);
    doc.add_value(slot::date, Xapian::sortable_serialise(static_cast<double>(c.author_date.epoch)));
    add_date_terms(doc, c.author_date.epoch);

    DocRecord rec; // so a search lists the commit like a mail: id, subject, author, date
    rec.summary.message_id = c.sha;
    rec.summary.subject = c.subject;
    rec.summary.from = c.author;
    rec.summary.date = c.author_date;
    rec.summary.date_text = date_text(c.author_date);
    rec.summary.flags.push_back("commit");
    doc.set_data(encode_record(rec));

    Fields f{{"sha", c.sha},
             {"subject", c.subject},
             {"an", c.author.name},
             {"ae", c.author.email},
             {"ad", std::to_string(c.author_date.epoch)},
             {"ao", std::to_string(c.author_date.offset_minutes)},
             {"cn", c.committer.name},
             {"ce", c.committer.email},
             {"cd", std::to_string(c.commit_date.epoch)},
             {"co", std::to_string(c.commit_date.offset_minutes)},
             {"patch_id", c.patch_id}};
    for (const auto& p : c.parents)
        f.emplace_back("parent", p);
    for (const auto& t : c.trailers)
        f.emplace_back("trailer", t.key + '\x1f' + t.value);
    for (const auto& x : c.fixes)
        f.emplace_back("fixes", x);
    for (const auto& x : extra.fixes_full)
        f.emplace_back("fixes_full", x);
    for (const auto& x : c.files)
        f.emplace_back("file", x);
    for (const auto& x : c.post_blobs)
        f.emplace_back("blob", x);
    for (const auto& x : extra.named_msgids)
        f.emplace_back("msgid", x);
    put_where_fields(f, c);
    std::string sk(extra.features.has_diff ? "d" : "n");
    put_sketch(sk, extra.features.subject_tokens);
    put_sketch(sk, extra.features.files);
    put_sketch(sk, extra.features.lines);
    f.emplace_back("sketch", sk);
    doc.add_value(kCommitSlot, encode_fields(f));
    return doc;
}

bool decode_commit(const Xapian::Document& doc, CommitRecord& c, CommitExtra* extra) {
    std::string v = doc.get_value(kCommitSlot);
    if (v.empty()) return false;
    Fields f = decode_fields(v);
    auto num = [&](std::string_view k) { return std::strtoll(field(f, k).c_str(), nullptr, 10); };
    c.sha = field(f, "sha");
    if (c.sha.empty()) return false;
    c.subject = field(f, "subject");
    c.author = Address{field(f, "an"), field(f, "ae")};
    c.committer = Address{field(f, "cn"), field(f, "ce")};
    c.author_date = Date{num("ad"), static_cast<int>(num("ao")), true};
    c.commit_date = Date{num("cd"), static_cast<int>(num("co")), true};
    c.patch_id = field(f, "patch_id");
    c.parents = field_list(f, "parent");
    c.trailers.clear(); // a record decoded again (the commit view does) gets them once
    for (const auto& t : field_list(f, "trailer")) {
        auto parts = split_unit(t);
        if (parts.size() == 2) c.trailers.push_back(Trailer{parts[0], parts[1]});
    }
    c.fixes = field_list(f, "fixes");
    c.files = field_list(f, "file");
    c.post_blobs = field_list(f, "blob");
    get_where_fields(f, c);
    if (!extra) return true;
    extra->fixes_full = field_list(f, "fixes_full");
    extra->named_msgids = field_list(f, "msgid");
    std::string sk = field(f, "sketch");
    std::string_view in(sk);
    auto& ft = extra->features;
    ft = {};
    if (!in.empty()) {
        ft.has_diff = in.front() == 'd';
        in.remove_prefix(1);
        if (!get_sketch(in, ft.subject_tokens) || !get_sketch(in, ft.files) ||
            !get_sketch(in, ft.lines))
            ft = {};
    }
    ft.email = link_detail::normalize_email(c.author.email);
    ft.name = link_detail::normalize_name(c.author.name);
    ft.date = c.author_date.epoch;
    return true;
}

PatchSide commit_side(const CommitRecord& c, const CommitExtra& extra) {
    PatchSide s;
    s.id = c.sha;
    s.author = c.author;
    s.date = c.author_date.epoch;
    s.commit_date = c.commit_date.valid ? c.commit_date.epoch : 0;
    s.subject_norm = normalize_subject(c.subject);
    s.files = c.files;
    s.patch_id = c.patch_id;
    // A revert's post-images are the blobs of before the reverted commit: the mail that posted
    // that commit would match them, so a revert never links by blob.
    if (c.reverts.empty()) s.post_blobs = c.post_blobs;
    s.named_msgids = extra.named_msgids;
    s.has_diff = extra.features.has_diff;
    return s;
}

bool add_links(Xapian::Document& doc, const std::vector<StoredLink>& links) {
    auto have = decode_links("", doc.get_value(kLinksSlot));
    bool changed = false;
    for (const auto& l : links) {
        auto it = std::find_if(have.begin(), have.end(),
                               [&](const StoredLink& h) { return h.sha == l.sha; });
        if (it != have.end()) {
            if (method_rank(l.method) >= method_rank(it->method)) continue;
            *it = l;
        } else {
            have.push_back(l);
        }
        add_boolean(doc, kCommit, l.sha);
        if (l.method != "mention") doc.add_boolean_term(kLinkedFlag);
        changed = true;
    }
    if (changed) doc.add_value(kLinksSlot, encode_links(have));
    return changed;
}

} // namespace lkmine::store_detail

namespace lkmine {

std::string encode_links(const std::vector<StoredLink>& links) {
    std::string out;
    for (const auto& l : links) {
        char score[32];
        std::snprintf(score, sizeof score, "%.4f", l.score);
        out += l.sha + ' ' + l.method + ' ' + score + '\n';
    }
    return out;
}

std::vector<StoredLink> decode_links(const std::string& msgid, const std::string& value) {
    std::vector<StoredLink> out;
    std::size_t pos = 0;
    while (pos < value.size()) {
        auto end = std::min(value.find('\n', pos), value.size());
        std::string line = value.substr(pos, end - pos);
        pos = end + 1;
        auto a = line.find(' '), b = line.find(' ', a == std::string::npos ? a : a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        out.push_back(StoredLink{msgid, line.substr(0, a), line.substr(a + 1, b - a - 1),
                                 std::strtod(line.c_str() + b + 1, nullptr)});
    }
    return out;
}

} // namespace lkmine
