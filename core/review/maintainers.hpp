// MAINTAINERS-style areas: sections whose M:/R: name me, their F:/N:/X: file patterns, and the
// get_maintainer.pl rules for matching a path.
#pragma once

#include "core/base/result.hpp"

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct MaintainersSection {
    std::string name;
    std::vector<std::string> people;          // M: and R: entries as written
    std::vector<std::string> files, excluded; // F: and X: patterns
    std::vector<std::string> file_regexes;    // N: Perl regexes over the path (`m/VALUE/x`)
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

// The paths of an area, as get_maintainer.pl decides per section: a path in an X: pattern of a
// section is not in that section at all; otherwise each F: pattern matching it and each N:
// regex found in it (Perl's m/VALUE/x: unescaped blanks outside [...] ignored) counts.
class AreaMatcher {
  public:
    // An N: value std::regex (ECMAScript) cannot read is an error naming the section and line.
    static Result<AreaMatcher> make(const std::vector<MaintainersSection>& sections);

    // What path matches, as labels: an F: pattern as written, an N: regex as "N:VALUE".
    std::vector<std::string> matches(std::string_view path) const;
    // The literal directories of every F: pattern (dfn: terms a matching mail holds), and
    // whether some pattern has none (an N: regex, a leading glob): then every patch counts.
    const std::vector<std::string>& literal_dirs() const { return dirs_; }
    bool needs_all() const { return all_; }

  private:
    struct Section {
        std::vector<std::string> files, excluded, names;
        std::vector<std::regex> regexes;
    };
    std::vector<Section> sections_;
    std::vector<std::string> dirs_;
    bool all_ = false;
};

// The areas of a patch from its dfn: terms, every run of components of each path it touches
// (schema.hpp XDFN): a term that is no run of another is one of its paths. nullopt when a run
// of another term would add an area those paths do not give: it may be a path of its own too
// ("include/uapi/linux/io_uring.h" beside "tools/include/uapi/linux/io_uring.h"), which only
// the mail can tell.
std::optional<std::vector<std::string>> areas_of_path_runs(const AreaMatcher& area,
                                                           const std::vector<std::string>& terms);

// A Perl /x regex written for std::regex: blanks outside bracket expressions dropped, and a
// '#' comment outside them cut off.
std::string perl_x_to_ecmascript(std::string_view value);

} // namespace lkmine
