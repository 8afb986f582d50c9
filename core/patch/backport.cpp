// Upstream lines of stable backports, revert lines, stable branch names.
#include "core/patch/backport.hpp"

#include "core/base/text.hpp"

#include <cctype>

namespace lkmine {
namespace {

using text::lower;
using text::trim;

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The hex word right after `lead` in `line` (case-insensitive lead), if the rest of the line
// is `tail` (ignoring case and surrounding blanks).
std::string hex_between(std::string_view line, std::string_view lead, std::string_view tail,
                        std::size_t min_len) {
    std::string l = lower(trim(line));
    if (!std::string_view(l).starts_with(lead)) return {};
    std::size_t b = lead.size(), e = b;
    while (e < l.size() && is_hex(l[e]))
        ++e;
    if (e - b < min_len || e - b > 40) return {};
    if (trim(std::string_view(l).substr(e)) != tail) return {};
    return l.substr(b, e - b);
}

template <typename F> std::string first_line(std::string_view text, F&& take) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        if (auto got = take(text.substr(pos, end - pos)); !got.empty()) return got;
        pos = end + 1;
    }
    return {};
}

} // namespace

std::string upstream_commit(std::string_view message) {
    return first_line(message, [](std::string_view line) {
        for (auto [lead, tail] :
             {std::pair<std::string_view, std::string_view>{"commit ", "upstream."},
              {"commit ", "upstream"},
              {"[ upstream commit ", "]"},
              {"[upstream commit ", "]"},
              {"upstream commit ", "."},
              {"upstream commit ", ""},
              {"(cherry picked from commit ", ")"}})
            if (auto h = hex_between(line, lead, tail, 40); !h.empty()) return h;
        return std::string();
    });
}

std::string reverted_commit(std::string_view message) {
    return first_line(message, [](std::string_view line) {
        for (auto tail : {".", ""})
            if (auto h = hex_between(line, "this reverts commit ", tail, 7); !h.empty()) return h;
        return std::string();
    });
}

std::string stable_series(std::string_view ref) {
    if (auto slash = ref.rfind('/'); slash != std::string_view::npos) ref.remove_prefix(slash + 1);
    if (!ref.starts_with("linux-") || !ref.ends_with(".y")) return {};
    std::string_view v = ref.substr(6, ref.size() - 8); // "6.1"
    auto dot = v.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == v.size()) return {};
    for (std::size_t i = 0; i < v.size(); ++i)
        if (i != dot && !std::isdigit(static_cast<unsigned char>(v[i]))) return {};
    return std::string(v);
}

} // namespace lkmine
