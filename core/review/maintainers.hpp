// MAINTAINERS-style areas: sections whose M:/R: name me, their F:/X: file patterns, and the
// get_maintainer.pl rules for matching a path.
#pragma once

#include "core/base/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct MaintainersSection {
    std::string name;
    std::vector<std::string> people;          // M: and R: entries as written
    std::vector<std::string> files, excluded; // F: and X: patterns
};

// Every section of a MAINTAINERS file's text (a section: a title line, then "X:\t..." lines).
std::vector<MaintainersSection> parse_maintainers(std::string_view text);

// The sections where one of `me` (addresses, any case) is an M: or R: entry.
std::vector<MaintainersSection> sections_of(const std::vector<MaintainersSection>& all,
                                            const std::vector<std::string>& me);

// A file pattern as get_maintainer.pl reads it: "dir/" anything below dir, "dir/*.c" (and any
// pattern without a trailing slash) only at its own depth, "*" and "?" globs.
bool path_matches(std::string_view pattern, std::string_view path);

// The path components of `pattern` before its first glob ("include/linux/io_uring*" gives
// "include/linux"): a dfn: term every matching path holds; "" when the pattern starts with one.
std::string literal_dir(std::string_view pattern);

} // namespace lkmine
