// PaStA-style similarity of a patch mail and a commit: author, subject tokens, diff, date window.
#include "core/link/link.hpp"

#include <algorithm>
#include <cctype>

namespace lkmine {
namespace link_detail {

std::uint64_t text_hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull; // FNV-1a: stable across runs, cheap
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

namespace {

std::uint64_t hash_text(std::string_view s) {
    return text_hash(s);
}

void sort_unique(std::vector<std::uint64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Whitespace changes (re-indent, trailing blanks) are the commonest maintainer touch-up, so a
// diff line is compared with its blanks collapsed: the hash of sign + the line with each run of
// blanks inside it one space and none at its ends, made without copying the line.
std::uint64_t squeezed_hash(char sign, std::string_view line) {
    auto blank = [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    std::uint64_t h = 1469598103934665603ull;
    auto put = [&](unsigned char c) { h = (h ^ c) * 1099511628211ull; };
    put(static_cast<unsigned char>(sign));
    bool some = false, space = false;
    for (unsigned char c : line) {
        if (blank(c)) {
            space = some;
            continue;
        }
        if (space) put(' ');
        space = false, some = true;
        put(c);
    }
    return h;
}

// A fuzzy link never claims the certainty of an exact method.
constexpr double fuzzy_cap = 0.99;

// Sets are kept as their sketch_size smallest hashes (a bottom-k sketch), so a commit costs at
// most a few KB whatever the size of its diff. Jaccard is then estimated on the smallest
// elements of the union; it is exact when the union is that small.
constexpr std::size_t sketch_size = 128;

void sketch(std::vector<std::uint64_t>& v) {
    sort_unique(v);
    if (v.size() > sketch_size) v.resize(sketch_size);
    v.shrink_to_fit();
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    std::size_t i = 0, j = 0, seen = 0, common = 0;
    while (seen < sketch_size && (i < a.size() || j < b.size())) {
        if (j == b.size() || (i < a.size() && a[i] < b[j]))
            ++i;
        else if (i == a.size() || b[j] < a[i])
            ++j;
        else
            ++common, ++i, ++j;
        ++seen;
    }
    return seen ? static_cast<double>(common) / static_cast<double>(seen) : 0.0;
}

} // namespace

std::string normalize_email(std::string_view email) {
    std::string out;
    for (unsigned char c : email)
        if (!std::isspace(c) && c != '<' && c != '>')
            out.push_back(static_cast<char>(std::tolower(c)));
    return out;
}

// "Ts'o, Theodore" and "Theodore Ts'o" stay different; quotes, dots and case do not matter.
std::string normalize_name(std::string_view name) {
    std::string out;
    bool space = false;
    for (unsigned char c : name) {
        if (c == '"' || c == '.' || c == ',') continue;
        if (std::isspace(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

double containment(const std::vector<std::uint64_t>& part,
                   const std::vector<std::uint64_t>& whole) {
    // A full sketch of `whole` only knows its elements up to its largest one.
    const std::uint64_t reach =
        whole.size() >= sketch_size && !whole.empty() ? whole.back() : UINT64_MAX;
    std::size_t asked = 0, found = 0;
    for (std::uint64_t x : part) {
        if (x > reach) break;
        ++asked;
        found += std::binary_search(whole.begin(), whole.end(), x);
    }
    return asked ? static_cast<double>(found) / static_cast<double>(asked) : 0.0;
}

bool intersects(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) return true;
        a[i] < b[j] ? ++i : ++j;
    }
    return false;
}

FuzzyFeatures fuzzy_features(const PatchSide& side) {
    FuzzyFeatures f;
    f.email = normalize_email(side.author.email);
    f.name = normalize_name(side.author.name);
    f.date = side.date;
    std::string token;
    auto flush = [&] {
        if (!token.empty()) f.subject_tokens.push_back(hash_text(token));
        token.clear();
    };
    for (unsigned char c : side.subject_norm) {
        if (std::isalnum(c) || c == '_' || c >= 0x80)
            token.push_back(static_cast<char>(c));
        else
            flush();
    }
    flush();
    sketch(f.subject_tokens);
    for (const auto& p : side.files)
        f.files.push_back(hash_text(p));
    sketch(f.files);
    // '+' and '-' lines hash apart: moving a line from removed to added is a change.
    for (const auto& l : side.added)
        f.lines.push_back(squeezed_hash('+', l));
    for (const auto& l : side.removed)
        f.lines.push_back(squeezed_hash('-', l));
    sketch(f.lines);
    f.has_diff = side.has_diff;
    return f;
}

double fuzzy_score(const FuzzyFeatures& mail, const FuzzyFeatures& commit, const FuzzyParams& p) {
    const std::int64_t delta = commit.date - mail.date;
    if (delta < -p.window_before || delta > p.window_after) return -1;
    const double subject = jaccard(mail.subject_tokens, commit.subject_tokens);
    const bool same_author = (!mail.email.empty() && mail.email == commit.email) ||
                             (!mail.name.empty() && mail.name == commit.name);
    // git am takes the author date from the mail's Date: to the second, and send-email spaces
    // the mails of a series a second apart: same author at the same second is this very mail,
    // whatever the maintainer did to the subject.
    const double same_second = same_author && delta == 0 ? 1.0 : 0.0;
    if (mail.has_diff && commit.has_diff) {
        // A reworded subject is common, a rewritten diff is not: the diff weighs most, and a
        // near-identical diff links even when the maintainer replaced the whole subject.
        const double diff =
            0.3 * jaccard(mail.files, commit.files) + 0.7 * jaccard(mail.lines, commit.lines);
        if (subject < p.min_subject && diff < 0.8 && same_second == 0) return -1;
        return std::min(fuzzy_cap, 0.2 * (same_author ? 1.0 : 0.0) + 0.3 * subject + 0.5 * diff +
                                       0.2 * same_second);
    }
    if (subject < p.min_subject && same_second == 0) return -1;
    return std::min(fuzzy_cap, 0.4 * (same_author ? 1.0 : 0.0) + 0.6 * subject + 0.5 * same_second);
}

} // namespace link_detail

double fuzzy_score(const PatchSide& mail, const PatchSide& commit, const FuzzyParams& params) {
    return link_detail::fuzzy_score(link_detail::fuzzy_features(mail),
                                    link_detail::fuzzy_features(commit), params);
}

} // namespace lkmine
