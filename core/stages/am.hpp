// A revision of a patch series made ready for `git am`, with the trailers given in replies
// added to each patch as b4 does.
#pragma once

#include "core/stages/series.hpp"
#include "core/base/result.hpp"
#include "core/index/store.hpp"

#include <string>
#include <vector>

namespace lkmine {

struct AmOptions {
    int revision = 0;      // 0: the newest revision of the series
    bool add_link = false; // append "Link: <link_prefix><message-id>" to every patch
    std::string link_prefix = "https://lore.kernel.org/r/";
};

struct AmPatch {
    MailSummary mail;
    std::vector<Trailer> added; // trailers added to the commit message, in order
    std::string mail_text;      // one mail (no "From " line): headers and UTF-8 body
};

struct AmSeries {
    SeriesRevision revision;
    std::vector<AmPatch> patches;
};

// The patches of the chosen revision in order, each with its trailers added: the patch's own
// trailers stay, then come those given in replies to it, then those given in replies to the
// cover letter, then Link when asked; a trailer already present (key and value, any case) is
// not added again (b4's `am -t` rules). Fails when a patch of the revision is missing,
// naming each one, or when the revision asked for does not exist.
Result<AmSeries> am_ready(StoreReader& store, const std::string& msgid, const AmOptions& opt);

// The commit message of `body` with `added` appended to its last trailer block (before the
// "---" line or the diff).
std::string add_trailers_to_body(const std::string& body, const std::vector<Trailer>& added);

} // namespace lkmine
