// Interdiff of a posted patch and its commit: LCS over the changed lines of both diffs.
#include "core/patch/interdiff.hpp"

#include "core/base/text.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lkmine {
namespace {

using text::starts;

constexpr std::size_t kMaxCells = 16u << 20; // LCS table bound (the middle part after trimming)
constexpr std::size_t kContext = 1;

} // namespace

// The lines that say what a diff does: file headers and +/- lines of hunks.
std::vector<std::string_view> diff_changed_lines(std::string_view text) {
    std::vector<std::string_view> out;
    bool in_hunk = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (starts(line, "diff --git ")) {
            out.push_back(line);
            in_hunk = false;
        } else if (starts(line, "@@")) {
            in_hunk = true;
        } else if (in_hunk && !line.empty() && (line[0] == '+' || line[0] == '-')) {
            out.push_back(line);
        } else if (in_hunk && !line.empty() && line[0] != ' ' && line[0] != '\\') {
            in_hunk = false; // the end of the diff: a signature, the next mail part
        }
    }
    return out;
}

std::string interdiff(std::string_view posted, std::string_view merged) {
    auto a = diff_changed_lines(posted), b = diff_changed_lines(merged);
    std::size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre])
        ++pre;
    std::size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
    if (n == 0 && m == 0) return {};
    if ((n + 1) * (m + 1) > kMaxCells)
        return "(the posted patch and the commit differ in too many lines to compare: " +
               std::to_string(n) + " and " + std::to_string(m) + ")\n";
    // lcs[i][j]: LCS length of a[pre+i..] and b[pre+j..] (middle parts only).
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1
                                                : std::max(at(i + 1, j), at(i, j + 1));
    // Edit script over the whole sequences: ' ' same, '-' posted only, '+' merged only.
    std::vector<std::pair<char, std::string_view>> script;
    for (std::size_t k = 0; k < pre; ++k)
        script.emplace_back(' ', a[k]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[pre + i] == b[pre + j]) {
            script.emplace_back(' ', a[pre + i]);
            ++i, ++j;
        } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
            script.emplace_back('+', b[pre + j++]);
        } else {
            script.emplace_back('-', a[pre + i++]);
        }
    }
    for (std::size_t k = a.size() - suf; k < a.size(); ++k)
        script.emplace_back(' ', a[k]);

    // Print changes with kContext lines around, plus the file header each region is in.
    std::vector<bool> show(script.size(), false);
    for (std::size_t k = 0; k < script.size(); ++k)
        if (script[k].first != ' ')
            for (std::size_t c = (k > kContext ? k - kContext : 0);
                 c <= std::min(script.size() - 1, k + kContext); ++c)
                show[c] = true;
    std::string out;
    std::string_view file;
    bool gap = true;
    for (std::size_t k = 0; k < script.size(); ++k) {
        const auto& [op, line] = script[k];
        if (op == ' ' && starts(line, "diff --git ")) file = line;
        if (!show[k]) {
            gap = true;
            continue;
        }
        if (gap) {
            out += "@@ ";
            out += file.empty() ? std::string_view("(first file)") : file;
            out += "\n";
            gap = false;
        }
        out += op;
        out += line;
        out += '\n';
    }
    return out;
}

} // namespace lkmine
