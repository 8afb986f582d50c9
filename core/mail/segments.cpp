// segment_body(): prose, quotes, inline diffs, trailers and signature of a mail body.
#include "core/mail/segments.hpp"

#include "core/patch/trailer.hpp"

#include <algorithm>
#include <utility>

namespace lkmine {
namespace {

using Kind = BodySegment::Kind;

// "Key: value" with a key of letters and '-' in column 0: worth asking parse_trailers().
bool may_be_trailer(std::string_view line) {
    std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > 40) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        char c = line[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
    }
    return colon + 1 < line.size() && line[colon + 1] == ' ';
}

bool is_signature_marker(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line == "-- " || line == "--";
}

// Byte ranges of the inline diffs in the body (attached ones are not in it).
std::vector<std::pair<std::size_t, std::size_t>> patch_ranges(std::string_view body,
                                                              const std::vector<Patch>& patches) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& p : patches) {
        if (p.text.size() < 16) continue;
        auto at = body.find(p.text);
        if (at != std::string_view::npos) out.emplace_back(at, at + p.text.size());
    }
    return out;
}

void append(std::vector<BodySegment>& out, Kind kind, int level, std::size_t begin,
            std::size_t end) {
    if (!out.empty() && out.back().kind == kind && out.back().level == level &&
        out.back().end == begin) {
        out.back().end = end;
        return;
    }
    out.push_back(BodySegment{kind, level, begin, end});
}

} // namespace

int quote_depth(std::string_view line) {
    int depth = 0;
    for (char c : line) {
        if (c == '>')
            ++depth;
        else if (c != ' ' && c != '\t')
            break;
    }
    return depth;
}

std::vector<BodySegment> segment_body(std::string_view body, const std::vector<Patch>& patches) {
    const auto diffs = patch_ranges(body, patches);
    std::vector<BodySegment> out;
    bool in_signature = false;
    for (std::size_t pos = 0; pos < body.size();) {
        auto nl = body.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
        std::string_view line = body.substr(pos, end - pos);
        bool in_diff = std::any_of(diffs.begin(), diffs.end(),
                                   [&](const auto& r) { return pos >= r.first && pos < r.second; });
        int depth = in_diff ? 0 : quote_depth(line);
        Kind kind = Kind::prose;
        if (in_diff)
            kind = Kind::patch;
        else if (depth > 0)
            kind = Kind::quote;
        else if (in_signature || is_signature_marker(line))
            kind = Kind::signature, in_signature = true;
        else if (may_be_trailer(line) && !parse_trailers(line).empty())
            kind = Kind::trailers;
        append(out, kind, depth, pos, end);
        pos = end;
    }
    return out;
}

const char* segment_kind_name(BodySegment::Kind k) {
    switch (k) {
    case Kind::prose:
        return "prose";
    case Kind::quote:
        return "quote";
    case Kind::patch:
        return "patch";
    case Kind::trailers:
        return "trailers";
    case Kind::signature:
        return "signature";
    }
    return "prose";
}

} // namespace lkmine
