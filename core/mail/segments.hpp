// One body segmentation for every view: the index (own vs quoted text), `lkmine parse`,
// `show` and the GUI read a mail's body through it, so what is shown as quoted is exactly
// what is searched as quoted.
#pragma once

#include "core/model/message.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace lkmine {

struct BodySegment {
    enum class Kind { prose, quote, patch, trailers, signature } kind = Kind::prose;
    int level = 0;                  // quote depth of a quote segment ("> > x" is 2)
    std::size_t begin = 0, end = 0; // byte range of whole lines in the body
};

// Quote depth of one line: the '>' markers before its text, blanks allowed before and between
// them ("> > x" and " > x" are quoted, as mail readers show them). 0 for an own line.
int quote_depth(std::string_view line);

// The body cut into runs of lines: a quote run per depth, the inline diffs of `patches`, a
// block of trailer lines, the signature (from a "-- " line to the end), and prose between.
std::vector<BodySegment> segment_body(std::string_view body, const std::vector<Patch>& patches);

const char* segment_kind_name(BodySegment::Kind k); // "prose", "quote", ...

} // namespace lkmine
