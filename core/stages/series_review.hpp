// Trailers given to the patches of a revision, each once, with who gave it and where.
#pragma once

#include "core/index/store.hpp"
#include "core/stages/series.hpp"

#include <map>
#include <string>
#include <string_view>

namespace lkmine {

// Reviewed-by, Acked-by, Tested-by: the columns of the review table.
bool is_review_key(std::string_view key);

// Fills rev.patch_trailers and rev.series_trailers. A patch gets the review trailers of its
// own body ("patch"), then those of every reply below it ("reply"), replies read oldest first;
// the cover's replies go to series_trailers ("cover"). From replies b4's rules apply: a
// trailer naming a person counts only when that person sent the reply (same address up to a
// +tag or a subdomain, or the same name); Cc, links and message ids are not given trailers;
// patch mails of the series are never replies. A trailer is kept once per patch (key and
// value, any case).
void read_reviews(StoreReader& store, SeriesRevision& rev);

// How read_reviews may spare work for a caller that wants the review trailers alone.
struct ReviewReading {
    // Threads already read, by thread id; the revision's thread is taken from here when
    // present, else read and added.
    std::map<std::string, ThreadTree>* threads = nullptr;
    // Only Reviewed-by, Acked-by and Tested-by are kept, and a mail whose index terms hold
    // none of them (rb:, ab:, tb:) is not read: the same review trailers, fewer mails parsed.
    bool review_keys_only = false;
    // Mails whose terms the caller read already: whether they hold a review trailer.
    const std::map<std::string, bool>* has_review_terms = nullptr;
    std::size_t* mails_read = nullptr; // counts the mails read and parsed, when set
};
void read_reviews(StoreReader& store, SeriesRevision& rev, const ReviewReading& how);

} // namespace lkmine
