// What a commit message says about other commits: the upstream commit a stable backport
// carries ("commit X upstream." / "[ Upstream commit X ]") and the commit a revert undoes.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// The full (40 hex, lowercase) id in a stable backport's upstream line; "" when none. The
// line is read as the stable maintainers write it: "commit X upstream." (alone on its line,
// near the top), "[ Upstream commit X ]", "Upstream commit X." or "(cherry picked from commit
// X)". Abbreviated ids are not taken: a backport line always spells the id in full.
std::string upstream_commit(std::string_view message);

// The id in git revert's "This reverts commit X." line (7..40 hex, lowercase); "" when none.
std::string reverted_commit(std::string_view message);

// A stable series named by a branch ("linux-6.1.y", "stable/linux-6.1.y" -> "6.1"); "" when
// the name is no stable branch.
std::string stable_series(std::string_view ref);

} // namespace lkmine
