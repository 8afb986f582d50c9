// Finding the revisions of a patch series in the index (cover letters, patches, v1..vN).
#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "core/store.hpp"

#include <vector>

namespace lkmine {

// Revisions of the series `msgid` belongs to, oldest first. Revisions are joined by the same
// author and normalised subject of their head mail, each within 180 days of the previous one,
// so an unrelated older series that reused the name is not taken (b4 issue #58).
Result<std::vector<SeriesRevision>> find_series(StoreReader& store, const std::string& msgid);

} // namespace lkmine
