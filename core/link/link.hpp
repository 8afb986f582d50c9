// Mail -> commit linking (DESIGN.md §4): trailers, patch id, post-image blobs, PaStA-style fuzzy.
#pragma once

#include "core/base/result.hpp"
#include "core/model/commit.hpp"
#include "core/model/message.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// What linking needs of one side, a patch mail or a commit, so both are compared alike.
struct PatchSide {
    std::string id; // Message-ID (without <>) or full commit sha
    Address author;
    std::int64_t date = 0;               // mail Date: / commit author date, seconds since the epoch
    std::int64_t commit_date = 0;        // commit: committer date; 0 for a mail or when unknown
    std::string subject_norm;            // normalize_subject()
    std::string patch_id;                // git patch-id --stable, "" without a diff
    std::vector<std::string> post_blobs; // mail: abbreviated ids of `index` lines; commit: full
    std::vector<std::string> files;      // paths touched (old and new path of a rename)
    std::vector<std::string> added, removed; // diff lines without the +/- marker
    std::vector<std::string> named_msgids;   // msgids named by Link:/Closes:/Message-Id: trailers
    bool has_diff = false; // false for a cover letter, a reply, or a commit read without diff
};

// git am's reading: an in-body "From:" (and "Subject:") at the top of the body overrides the
// header, so a patch sent on behalf of someone else is compared with its real author.
PatchSide from_mail(const Message& mail);
PatchSide from_commit(const CommitInfo& commit);

enum class LinkMethod { trailer, patch_id, blob, fuzzy };

inline constexpr unsigned link_bit(LinkMethod m) {
    return 1u << static_cast<unsigned>(m);
}
inline constexpr unsigned all_link_methods = 0xFu;

// "trailer", "patch-id", "blob", "fuzzy".
std::string_view link_method_name(LinkMethod m);

// "trailer,patch-id,blob,fuzzy" (any order, "all" for every method) -> mask of link_bit()s.
// An unknown or empty name is an error that lists the valid names.
Result<unsigned> parse_link_methods(std::string_view list);

struct Link {
    std::string msgid, sha;
    LinkMethod method = LinkMethod::trailer;
    double score = 0; // 1.0 for exact methods, the fuzzy score otherwise
};

// How far a user may trust a link: "certain" links are shown as "merged as", "possible" ones
// as "possibly merged as". Trailer and patch-id links are certain; a blob link when the commit
// wrote at least half as many files as the mail (score >= 0.5); a fuzzy link from
// certain_fuzzy_score up (author, subject and diff all agree); any other method ("revision",
// an unknown name) is possible.
enum class LinkConfidence { certain, possible };
inline constexpr double certain_fuzzy_score = 0.95;
LinkConfidence link_confidence(std::string_view method, double score);
std::string_view link_confidence_name(LinkConfidence c); // "certain", "possible"

// How many times a subject reverts: 0 for "x: fix y", 1 for 'Revert "x: fix y"', 2 for
// 'Revert "Revert "x""' and for 'Reapply "x"' (git's name for a revert of a revert). A patch
// and a commit of different depths are different changes, whatever their diffs share.
int revert_depth(std::string_view subject);

// Weights and limits of the fuzzy method; defaults are the ones chosen by the evaluation
// (docs/LINKING.md). The window is wide because a commit keeps the author date of the
// revision the maintainer applied, which can be months before or after any one posting.
struct FuzzyParams {
    std::int64_t window_before = 400 * 86400; // commit author date may precede the mail by this
    std::int64_t window_after = 400 * 86400;  // and follow it by this
    double threshold_with_diff = 0.80;        // score needed when both sides have a diff
    double threshold_without_diff = 0.80;     // score needed when the commit has no diff text
    double min_subject = 0.30;                // subject similarity below this never links
    // A commit committed this long before the mail was posted existed before the mail: it is
    // not the mail's merge for the weak methods (blob, fuzzy) unless its author date is the
    // mail's to the second. Maintainers post patches they committed days earlier (e2fsprogs
    // shows up to 7 days), so the slack is generous.
    std::int64_t committed_before = 30 * 86400;
    double tie_epsilon = 1e-9;
};

namespace link_detail {
struct FuzzyFeatures;
}

// Commit-side indexes in memory (by msgid, patch id, blob prefix, author, subject) so a mail is
// matched against its few candidates, never against every commit.
class Linker {
  public:
    explicit Linker(FuzzyParams params = {});
    Linker(Linker&&) noexcept;
    Linker& operator=(Linker&&) noexcept;
    ~Linker();

    void add_commit(const PatchSide& commit);
    // The same with the fuzzy features computed earlier (the index stores them, so a commit is
    // never re-read from git to be linked); `commit`'s diff lines and files are not used.
    void add_commit(const PatchSide& commit, const link_detail::FuzzyFeatures& features);
    std::size_t size() const;

    // Links of one mail, strongest method first, at most one link per commit. The exact methods
    // (trailer, patch-id, blob) may each give several commits (a patch applied on two branches);
    // fuzzy runs only when no exact method found anything, and keeps the best candidate (all of
    // them when tied). A mail without a diff gets trailer links only.
    //
    // Every method but the trailer respects direction: a commit whose revert_depth() differs
    // from the mail's is never linked (a Revert is not the patch it reverts; a revert of a
    // revert has the original's patch id). Among several patch-id commits, those whose author
    // date is the mail's to the second win, else those not committed before the mail (a patch
    // re-applied later is the later posting's). The weak methods (blob, fuzzy) also respect
    // time (FuzzyParams::committed_before) and the repository: a mail none of whose files any
    // indexed commit touched (a kernel patch beside a userspace tree) gets no weak link, and a
    // candidate must touch one of the mail's files. A blob link also needs most of the mail's
    // changed lines in the commit (a Revert of a later change restores the same blob).
    std::vector<Link> match(const PatchSide& mail, unsigned methods_mask = all_link_methods) const;

    // Full shas of indexed commits starting with this hex prefix (to verify mentioned_shas()).
    std::vector<std::string> commits_with_prefix(std::string_view hex_prefix) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The fuzzy score alone (0..1), for tests and tuning; negative when the pair is not comparable
// (out of the date window, subjects too far apart).
double fuzzy_score(const PatchSide& mail, const PatchSide& commit, const FuzzyParams& params = {});

namespace link_detail {
// A side reduced to what fuzzy scoring compares: normalised author, hashed sorted token sets.
struct FuzzyFeatures {
    std::string email, name;
    std::int64_t date = 0;
    std::vector<std::uint64_t> subject_tokens, files, lines;
    bool has_diff = false;
};
FuzzyFeatures fuzzy_features(const PatchSide& side);
std::uint64_t text_hash(std::string_view s); // FNV-1a, the hash of the feature sets
std::string normalize_email(std::string_view email);
std::string normalize_name(std::string_view name);
double fuzzy_score(const FuzzyFeatures& mail, const FuzzyFeatures& commit, const FuzzyParams& p);
// Share of `part`'s elements found in `whole` (both sorted bottom-k sketches), estimated on the
// elements below the larger sketch's reach; 0 when `part` is empty.
double containment(const std::vector<std::uint64_t>& part, const std::vector<std::uint64_t>& whole);
bool intersects(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);
} // namespace link_detail

// Hex words of 12..40 digits in mail text, lowercased, deduplicated, in order of appearance.
// A word must mix digits and letters (a date or a counter is not a commit id). The caller
// verifies them in the repository before linking.
std::vector<std::string> mentioned_shas(std::string_view text);

} // namespace lkmine
