// Pairing the patches of two revisions of a series and what changed in each, like git range-diff.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lkmine {

struct RangeDiffPatch {
    std::string subject; // clean subject, without [PATCH vN n/m] (compared normalised)
    std::string diff;    // the patch's diff text
};

struct RangeDiffPair {
    std::optional<std::size_t> a, b; // positions in the two revisions; none: only in the other
    // '=' same changes, '!' changed, '<' only in A (dropped), '>' only in B (new).
    char status = '=';
    // Why the two were paired: "diff" (same changed lines), "subject" (same normalised
    // subject), "similar" (cheapest assignment by changed lines); "" when unpaired.
    std::string method;
    std::string interdiff; // for '!': interdiff(a.diff, b.diff), '-' A only, '+' B only
};

struct RangeDiffOptions {
    // As git's --creation-factor: a pair is kept only when its changed lines differ by less
    // than this share of what dropping one and adding the other would cost.
    double creation_factor = 0.6;
    // Bounds on the similarity step: above them, patches left by the diff and subject steps
    // stay unpaired (a cost matrix of the patches, O(n^3) assignment).
    std::size_t max_assignment = 300;            // unpaired patches of A plus of B
    std::size_t max_compared_lines = 50'000'000; // sum over compared pairs of their lines
};

// Pairs a[i] with b[j] in three steps, like git range-diff in spirit: identical changes first
// (equal diff_changed_lines(), so a rebase alone keeps a pair '='), then equal normalised
// subjects, then the cheapest assignment by how many changed lines differ. The result lists
// every patch of both once, in B's order with each dropped A patch after the pairs before it
// (git range-diff's order). Deterministic; never throws.
std::vector<RangeDiffPair> range_diff(const std::vector<RangeDiffPatch>& a,
                                      const std::vector<RangeDiffPatch>& b,
                                      const RangeDiffOptions& options = {});

// git range-diff's text: "1:  subject = 1:  subject", "-:  ------- > 3:  subject", and each
// interdiff indented by four spaces.
std::string format_range_diff(const std::vector<RangeDiffPair>& pairs,
                              const std::vector<RangeDiffPatch>& a,
                              const std::vector<RangeDiffPatch>& b);

} // namespace lkmine
