// Linker: commit indexes in memory and the per-mail match over the few candidates they give.
#include "core/link/link.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace lkmine {
namespace {

constexpr std::string_view empty_blob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
constexpr std::size_t blob_key_len = 7; // git never abbreviates an index line below 7

struct Candidate {
    std::string sha;
    std::vector<std::string> post_blobs;
    link_detail::FuzzyFeatures features;
    std::int64_t commit_date = 0; // 0: unknown
    int revert_depth = 0;
};

// A blob link needs this share of the mail's changed lines in the commit: the same post-image
// is also written by a Revert of a later change, whose lines are that change's.
constexpr double blob_min_lines = 0.5;

// The mail side as the gates read it.
struct MailView {
    const PatchSide& side;
    link_detail::FuzzyFeatures features;
    int revert_depth = 0;
};

// Commit numbers of one author kept sorted by author date, so the date window of a mail is a
// binary search. Commits arrive nearly in date order, so insertion from the back is cheap.
using DatedList = std::vector<std::uint32_t>;

} // namespace

struct Linker::Impl {
    FuzzyParams params;
    std::vector<Candidate> commits;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_msgid, by_patch_id, by_blob;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_subject;
    std::unordered_map<std::string, DatedList> by_email, by_name;
    std::map<std::string, std::uint32_t> by_sha;   // ordered: prefix lookups
    std::unordered_set<std::uint64_t> known_files; // path hashes touched by any indexed commit

    // The author date is the mail's to the second: what git am and b4 am write.
    static bool same_date(const MailView& m, const Candidate& c) {
        return m.side.date != 0 && c.features.date == m.side.date;
    }
    // The commit existed (was committed) long before the mail was posted.
    bool committed_before(const MailView& m, const Candidate& c) const {
        return c.commit_date != 0 && m.side.date != 0 &&
               c.commit_date < m.side.date - params.committed_before;
    }
    // The mail belongs to this repository: at least half of its paths were touched by some
    // indexed commit (its own merge touches all of them).
    bool in_repository(const MailView& m) const {
        if (m.features.files.empty() || known_files.empty()) return true; // nothing to judge
        std::size_t known = 0;
        for (auto h : m.features.files)
            known += known_files.count(h);
        return 2 * known >= m.features.files.size();
    }
    // Time, direction and files, for the weak methods.
    bool weak_ok(const MailView& m, const Candidate& c) const {
        if (m.revert_depth != c.revert_depth) return false;
        if (committed_before(m, c) && !same_date(m, c)) return false;
        if (c.features.has_diff && !m.features.files.empty() &&
            !link_detail::intersects(m.features.files, c.features.files))
            return false;
        return true;
    }
    std::vector<std::uint32_t> patch_id_matches(const MailView& m) const;

    // When a commit found by patch id, blob or fuzzy carries the mail's author date to the
    // second, the mail was applied as that commit: other commits with the same content are
    // other postings' (a patch applied, reverted and applied again from a later mail).
    void keep_dated(const MailView& m, std::vector<Link>& links) const {
        auto dated = [&](const Link& l) {
            return l.method != LinkMethod::trailer && same_date(m, commits[by_sha.at(l.sha)]);
        };
        if (std::none_of(links.begin(), links.end(), dated)) return;
        std::erase_if(links,
                      [&](const Link& l) { return l.method != LinkMethod::trailer && !dated(l); });
    }

    void add_dated(std::unordered_map<std::string, DatedList>& map, const std::string& key,
                   std::uint32_t n) {
        if (key.empty()) return;
        DatedList& l = map[key];
        l.push_back(n);
        for (std::size_t i = l.size() - 1;
             i > 0 && commits[l[i - 1]].features.date > commits[l[i]].features.date; --i)
            std::swap(l[i - 1], l[i]);
    }

    void window(const std::unordered_map<std::string, DatedList>& map, const std::string& key,
                std::int64_t lo, std::int64_t hi, std::vector<std::uint32_t>& out) const {
        if (key.empty()) return;
        auto it = map.find(key);
        if (it == map.end()) return;
        const DatedList& l = it->second;
        auto date = [&](std::uint32_t n) { return commits[n].features.date; };
        auto first = std::lower_bound(l.begin(), l.end(), lo,
                                      [&](std::uint32_t n, std::int64_t d) { return date(n) < d; });
        for (; first != l.end() && date(*first) <= hi; ++first)
            out.push_back(*first);
    }

    std::vector<std::pair<std::uint32_t, double>> blob_matches(const MailView& mail) const;
    std::vector<std::pair<std::uint32_t, double>> fuzzy(const MailView& mail) const;
};

Linker::Linker(FuzzyParams params) : impl_(std::make_unique<Impl>()) {
    impl_->params = params;
}
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;
Linker::~Linker() = default;

std::size_t Linker::size() const {
    return impl_->commits.size();
}

void Linker::add_commit(const PatchSide& side) {
    add_commit(side, link_detail::fuzzy_features(side));
}

void Linker::add_commit(const PatchSide& side, const link_detail::FuzzyFeatures& features) {
    Impl& d = *impl_;
    const auto n = static_cast<std::uint32_t>(d.commits.size());
    Candidate c{side.id, {}, features, side.commit_date, revert_depth(side.subject_norm)};
    for (auto h : features.files)
        d.known_files.insert(h);
    for (const auto& f : side.files) // the whole list: the features keep a sketch of it
        d.known_files.insert(link_detail::text_hash(f));
    for (const auto& b : side.post_blobs) {
        if (b.size() < blob_key_len || b == empty_blob) continue;
        c.post_blobs.push_back(b);
    }
    d.commits.push_back(std::move(c));
    d.by_sha.emplace(side.id, n);
    for (const auto& m : side.named_msgids)
        d.by_msgid[m].push_back(n);
    if (!side.patch_id.empty()) d.by_patch_id[side.patch_id].push_back(n);
    for (const auto& b : d.commits.back().post_blobs)
        d.by_blob[b.substr(0, blob_key_len)].push_back(n);
    if (!side.subject_norm.empty()) d.by_subject[side.subject_norm].push_back(n);
    d.add_dated(d.by_email, d.commits.back().features.email, n);
    d.add_dated(d.by_name, d.commits.back().features.name, n);
}

// Every post-image blob of the mail must be one the commit wrote: one file in common is not
// enough when the mail touches several.
std::vector<std::pair<std::uint32_t, double>>
Linker::Impl::blob_matches(const MailView& view) const {
    const PatchSide& mail = view.side;
    std::unordered_map<std::uint32_t, std::size_t> hits;
    std::size_t wanted = 0;
    for (const auto& abbrev : mail.post_blobs) {
        if (abbrev.size() < blob_key_len || empty_blob.starts_with(abbrev)) continue;
        ++wanted;
        auto it = by_blob.find(abbrev.substr(0, blob_key_len));
        if (it == by_blob.end()) return {};
        std::uint32_t last = UINT32_MAX;
        for (std::uint32_t n : it->second) {
            if (n == last) continue;
            for (const auto& full : commits[n].post_blobs)
                if (full.starts_with(abbrev)) {
                    ++hits[n];
                    last = n;
                    break;
                }
        }
    }
    // 1.0 when the commit wrote exactly the mail's files; less when it wrote more.
    std::vector<std::pair<std::uint32_t, double>> out;
    for (auto [n, count] : hits)
        if (wanted > 0 && count == wanted && weak_ok(view, commits[n]) &&
            (!commits[n].features.has_diff ||
             link_detail::containment(view.features.lines, commits[n].features.lines) >=
                 blob_min_lines))
            out.emplace_back(n,
                             std::min(1.0, double(wanted) / double(commits[n].post_blobs.size())));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<std::uint32_t, double>> Linker::Impl::fuzzy(const MailView& view) const {
    const PatchSide& mail = view.side;
    const auto& f = view.features;
    std::vector<std::uint32_t> cand;
    const std::int64_t lo = f.date - params.window_before, hi = f.date + params.window_after;
    window(by_email, f.email, lo, hi, cand);
    window(by_name, f.name, lo, hi, cand);
    if (auto it = by_subject.find(mail.subject_norm); it != by_subject.end())
        cand.insert(cand.end(), it->second.begin(), it->second.end());
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());

    std::vector<std::pair<std::uint32_t, double>> best;
    double best_score = -1;
    for (std::uint32_t n : cand) {
        const auto& cf = commits[n].features;
        if (!weak_ok(view, commits[n])) continue;
        double s = link_detail::fuzzy_score(f, cf, params);
        double need = (f.has_diff && cf.has_diff) ? params.threshold_with_diff
                                                  : params.threshold_without_diff;
        if (s < need) continue;
        if (s > best_score + params.tie_epsilon) {
            best.clear();
            best_score = s;
        }
        if (s >= best_score - params.tie_epsilon) best.emplace_back(n, s);
    }
    return best;
}

std::vector<Link> Linker::match(const PatchSide& mail, unsigned mask) const {
    const Impl& d = *impl_;
    std::vector<Link> out;
    auto add = [&](std::uint32_t n, LinkMethod m, double score) {
        const std::string& sha = d.commits[n].sha;
        for (const auto& l : out)
            if (l.sha == sha) return;
        out.push_back(Link{mail.id, sha, m, score});
    };
    if (mask & link_bit(LinkMethod::trailer) && !mail.id.empty())
        if (auto it = d.by_msgid.find(mail.id); it != d.by_msgid.end())
            for (auto n : it->second)
                add(n, LinkMethod::trailer, 1.0);
    if (!mail.has_diff) return out;
    const MailView view{mail, link_detail::fuzzy_features(mail), revert_depth(mail.subject_norm)};
    if (mask & link_bit(LinkMethod::patch_id))
        for (auto n : d.patch_id_matches(view))
            add(n, LinkMethod::patch_id, 1.0);
    if (mask & link_bit(LinkMethod::blob) && d.in_repository(view))
        for (auto [n, s] : d.blob_matches(view))
            add(n, LinkMethod::blob, s);
    d.keep_dated(view, out);
    if (!d.in_repository(view)) return out;
    if (mask & link_bit(LinkMethod::fuzzy) && out.empty())
        for (auto [n, s] : d.fuzzy(view))
            add(n, LinkMethod::fuzzy, s);
    d.keep_dated(view, out);
    return out;
}

// Commits with the mail's patch id and revert depth; those whose author date is the mail's win,
// else those not committed before the mail, else all (the patch id alone still says so).
std::vector<std::uint32_t> Linker::Impl::patch_id_matches(const MailView& m) const {
    std::vector<std::uint32_t> all, dated, timely;
    if (m.side.patch_id.empty()) return all;
    auto it = by_patch_id.find(m.side.patch_id);
    if (it == by_patch_id.end()) return all;
    for (auto n : it->second) {
        const Candidate& c = commits[n];
        if (c.revert_depth != m.revert_depth) continue;
        all.push_back(n);
        if (same_date(m, c)) dated.push_back(n);
        if (!committed_before(m, c)) timely.push_back(n);
    }
    if (!dated.empty()) return dated;
    if (!timely.empty()) return timely;
    return all;
}

std::vector<std::string> Linker::commits_with_prefix(std::string_view hex_prefix) const {
    std::vector<std::string> out;
    if (hex_prefix.size() < 4) return out;
    for (auto it = impl_->by_sha.lower_bound(std::string(hex_prefix));
         it != impl_->by_sha.end() && it->first.starts_with(hex_prefix); ++it)
        out.push_back(it->first);
    return out;
}

} // namespace lkmine
