// Trailers given to the patches of a revision, each once, with who gave it and where.
#pragma once

#include "core/stages/series.hpp"
#include "core/index/store.hpp"

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

} // namespace lkmine
