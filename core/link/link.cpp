// Mail -> commit linking: building both sides, the commit indexes, and the exact methods.
#include "core/link/link.hpp"

#include "core/base/text.hpp"
#include "core/mail/address.hpp"
#include "core/patch/diff.hpp"
#include "core/patch/patch_id.hpp"
#include "core/patch/subject.hpp"
#include "core/patch/trailer.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace lkmine {
namespace {

using text::trim;

bool iequals_prefix(std::string_view line, std::string_view key) {
    if (line.size() < key.size()) return false;
    for (std::size_t i = 0; i < key.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != key[i]) return false;
    return true;
}

// git am (mailinfo) reads "From:", "Subject:" and "Date:" lines at the very top of the body.
struct InBody {
    std::string from, subject;
};
InBody in_body_headers(std::string_view body) {
    InBody out;
    std::size_t pos = 0;
    bool started = false;
    for (int n = 0; n < 8 && pos < body.size(); ++n) {
        std::size_t end = body.find('\n', pos);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = trim(body.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            if (started) break;
            continue;
        }
        if (iequals_prefix(line, "from:"))
            out.from = std::string(trim(line.substr(5)));
        else if (iequals_prefix(line, "subject:"))
            out.subject = std::string(trim(line.substr(8)));
        else if (!iequals_prefix(line, "date:"))
            break;
        started = true;
    }
    return out;
}

std::string strip_angles(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '<') s.remove_prefix(1);
    if (!s.empty() && s.back() == '>') s.remove_suffix(1);
    return std::string(trim(s));
}

std::vector<std::string> named_msgids(const std::vector<Trailer>& trailers) {
    std::vector<std::string> out;
    for (const auto& t : trailers) {
        std::string id;
        if (t.key == "Link" || t.key == "Closes")
            id = msgid_from_link(t.value);
        else if (t.key == "Message-Id")
            id = strip_angles(t.value);
        if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(std::move(id));
    }
    return out;
}

bool all_zero(std::string_view hex) {
    return std::all_of(hex.begin(), hex.end(), [](char c) { return c == '0'; });
}

void fill_diff(PatchSide& side, const Patch& patch) {
    DiffTerms terms = diff_terms(patch);
    side.added = std::move(terms.added);
    side.removed = std::move(terms.removed);
    for (const auto& f : patch.files) {
        if (!f.old_path.empty()) side.files.push_back(f.old_path);
        if (!f.new_path.empty() && f.new_path != f.old_path) side.files.push_back(f.new_path);
        if (f.status != FileStatus::deleted && f.new_blob.size() >= 7 && !all_zero(f.new_blob))
            side.post_blobs.push_back(f.new_blob);
    }
    side.has_diff = !patch.files.empty();
}

} // namespace

PatchSide from_mail(const Message& mail) {
    PatchSide side;
    side.id = mail.message_id;
    side.author = mail.from;
    side.date = mail.date.valid ? mail.date.epoch : 0;
    InBody ib = in_body_headers(mail.body_text);
    if (!ib.from.empty()) {
        Address a = parse_address(ib.from);
        if (!a.email.empty()) side.author = a;
    }
    side.subject_norm = normalize_subject(ib.subject.empty() ? mail.subject : ib.subject);
    for (const auto& p : mail.patches) {
        if (p.files.empty()) continue;
        side.patch_id = p.patch_id.empty() ? patch_id_stable(p.text) : p.patch_id;
        fill_diff(side, p);
        break;
    }
    side.named_msgids = named_msgids(mail.trailers);
    return side;
}

PatchSide from_commit(const CommitInfo& commit) {
    PatchSide side;
    side.id = commit.sha;
    side.author = commit.author;
    side.date = commit.author_date.epoch;
    side.commit_date = commit.commit_date.valid ? commit.commit_date.epoch : 0;
    side.subject_norm = normalize_subject(commit.subject);
    side.named_msgids = named_msgids(parse_trailers(commit.message));
    if (commit.diff.empty()) return side;
    side.patch_id = patch_id_stable(commit.diff);
    // One pass over the diff for its lines (a commit's diff is git's: find_patches' search
    // for git patch-id's pieces of a mail is not needed).
    DiffTerms t = commit_diff_terms(commit.diff);
    side.added = std::move(t.added);
    side.removed = std::move(t.removed);
    // The adapter's lists are complete and hold full ids: prefer them to the diff's.
    side.files = commit.files.empty() ? std::move(t.files) : commit.files;
    side.post_blobs.clear();
    for (const auto& b : commit.post_blobs)
        if (!all_zero(b)) side.post_blobs.push_back(b);
    side.has_diff = true;
    return side;
}

std::string_view link_method_name(LinkMethod m) {
    switch (m) {
    case LinkMethod::trailer:
        return "trailer";
    case LinkMethod::patch_id:
        return "patch-id";
    case LinkMethod::blob:
        return "blob";
    case LinkMethod::fuzzy:
        return "fuzzy";
    }
    return "?";
}

LinkConfidence link_confidence(std::string_view method, double score) {
    if (method == "trailer" || method == "patch-id") return LinkConfidence::certain;
    if (method == "blob" && score >= 0.5) return LinkConfidence::certain;
    if (method == "fuzzy" && score >= certain_fuzzy_score) return LinkConfidence::certain;
    return LinkConfidence::possible;
}

std::string_view link_confidence_name(LinkConfidence c) {
    return c == LinkConfidence::certain ? "certain" : "possible";
}

int revert_depth(std::string_view subject) {
    int depth = 0;
    for (;;) {
        std::string_view s = trim(subject);
        while (!s.empty() && (s.front() == '"' || s.front() == '\'' || s.front() == '`'))
            s.remove_prefix(1);
        auto word = [&](std::string_view w) {
            return iequals_prefix(s, w) &&
                   (s.size() == w.size() ||
                    !(std::isalnum(static_cast<unsigned char>(s[w.size()])) || s[w.size()] == '_' ||
                      s[w.size()] == '-'));
        };
        if (word("revert")) {
            subject = s.substr(6);
            depth += 1;
        } else if (word("reapply")) {
            subject = s.substr(7);
            depth += 2;
        } else {
            return depth;
        }
        subject = trim(subject);
        if (!subject.empty() && subject.front() == ':') subject.remove_prefix(1);
    }
}

Result<unsigned> parse_link_methods(std::string_view list) {
    unsigned mask = 0;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t end = list.find(',', pos);
        if (end == std::string_view::npos) end = list.size();
        std::string name;
        for (char c : trim(list.substr(pos, end - pos)))
            name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        pos = end + 1;
        if (name == "all") {
            mask |= all_link_methods;
            continue;
        }
        bool known = false;
        for (LinkMethod m :
             {LinkMethod::trailer, LinkMethod::patch_id, LinkMethod::blob, LinkMethod::fuzzy})
            if (name == link_method_name(m) || (m == LinkMethod::patch_id && name == "patch_id")) {
                mask |= link_bit(m);
                known = true;
            }
        if (!known)
            return make_error("unknown link method '" + name +
                              "' (valid: trailer, patch-id, blob, fuzzy, all)");
    }
    return mask;
}

std::vector<std::string> mentioned_shas(std::string_view text) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    auto word_char = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
    std::size_t i = 0;
    while (i < text.size()) {
        if (!word_char(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t start = i;
        bool hex = true, digit = false, letter = false;
        for (; i < text.size() && word_char(static_cast<unsigned char>(text[i])); ++i) {
            unsigned char c = static_cast<unsigned char>(text[i]);
            if (std::isdigit(c))
                digit = true;
            else if (std::isxdigit(c))
                letter = true;
            else
                hex = false;
        }
        std::size_t len = i - start;
        if (!hex || !digit || !letter || len < 12 || len > 40) continue;
        std::string w(text.substr(start, len));
        for (auto& c : w)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (seen.insert(w).second) out.push_back(std::move(w));
    }
    return out;
}

} // namespace lkmine
