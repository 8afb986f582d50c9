// Internal: the Linux oops table (headers, title formats, stack rules) used by crash_title.cpp.
#pragma once

#include <string>
#include <vector>

namespace lkmine::crash {

// Marks the place in StackRule::parts where a whole stack trace is parsed.
inline constexpr const char* parse_stack_trace = "<<PARSE STACK TRACE>>";

enum class Extractor { first, stall, hang_task };

struct StackRule {
    std::vector<std::string> parts;
    std::vector<std::string> parts2; // tried when parts yields no frame
    std::vector<std::string> skip;   // extra frame-name patterns to skip
    Extractor extractor = Extractor::first;
};

// Patterns are written in syzkaller's notation ({{PC}}, {{FUNC}}, {{SRC}}, {{ADDR}}) and
// expanded by the engine; a format without `report` uses the title's captures.
struct TitleFormat {
    std::string title;
    std::string report;
    std::string fmt; // "%[N]v" refers to the N-th capture, frames come after the captures
    bool has_stack = false;
    StackRule stack;
    bool no_stack_trace = false;
    bool corrupted = false;
};

struct OopsKind {
    std::string header; // plain substring that starts a report
    std::vector<TitleFormat> formats;
    std::vector<std::string> suppressions; // regexes: a line matching one is not a report start
};

const std::vector<OopsKind>& linux_oopses();

// Frame-level tables shared by every format.
struct StackParams {
    std::vector<std::string> stack_start;
    std::vector<std::string> frame_res;
    std::vector<std::string> skip_patterns;
    std::vector<std::string> corrupted_lines;
    std::vector<std::string> strip_prefixes;
    std::vector<std::string> stall_anchors;
};

const StackParams& linux_stack_params();

} // namespace lkmine::crash
