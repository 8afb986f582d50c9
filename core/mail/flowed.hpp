// RFC 3676 format=flowed text turned back into the lines its sender wrote.
#pragma once

#include <string>
#include <string_view>

namespace lkmine {

// Joins soft line breaks (a line ending in a space, other than the "-- " signature line) with
// the next line of the same quote depth and removes space-stuffing; with delsp=yes the space
// that marked the break is removed too. Hard breaks and quote markers are kept.
std::string unflow(std::string_view text, bool delsp);

// "format=flowed" (and whether "delsp=yes") in a Content-Type value.
bool is_flowed(std::string_view content_type, bool* delsp);

} // namespace lkmine
