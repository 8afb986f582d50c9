// git's rename similarity score (diffcore-delta's span hashing), so lkmine prints the same
// "similarity index N%" as git and patch ids of renames agree with `git patch-id`.
#pragma once

#include <string_view>

namespace lkmine {

// The percentage git shows for a rename from src to dst (0..100), as diffcore-rename computes
// it: bytes of dst copied from src, over the larger size. Identical contents give 100.
int git_similarity_percent(std::string_view src, std::string_view dst);

} // namespace lkmine
