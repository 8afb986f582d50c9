// A review reply read as comments anchored on the patch it quotes, and their fate in a later
// revision.
#include "core/patch/review_comments.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace lkmine {
namespace {

struct DiffLine {
    char kind;        // '+', '-', ' '
    std::string norm; // content with whitespace runs collapsed, trimmed
    std::string raw;  // as in the patch, with its kind
    std::size_t file, hunk;
    int old_line, new_line;
};

struct DiffHunk {
    std::string header;
    int old_start = 0, old_count = 0;
};

struct ParsedDiff {
    std::vector<std::string> files;
    std::vector<DiffHunk> hunks;
    std::vector<DiffLine> lines;
};

std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t nl = s.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? s.size() : nl;
        std::string_view l = s.substr(pos, end - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        out.push_back(l);
        pos = end + 1;
    }
    return out;
}

std::string normalise(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool starts(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

// "@@ -12,7 +12,9 @@": old start and count; false when the line is no hunk header.
bool hunk_numbers(std::string_view l, int& old_start, int& old_count, int& new_start) {
    if (!starts(l, "@@ -")) return false;
    const char* p = l.data() + 4;
    char* end = nullptr;
    old_start = static_cast<int>(std::strtol(p, &end, 10));
    old_count = 1;
    if (*end == ',') old_count = static_cast<int>(std::strtol(end + 1, &end, 10));
    auto plus = l.find(" +", static_cast<std::size_t>(end - l.data()));
    if (plus == std::string_view::npos) return false;
    new_start = static_cast<int>(std::strtol(l.data() + plus + 2, nullptr, 10));
    return true;
}

std::string path_after(std::string_view l, std::string_view prefix) {
    std::string p(l.substr(prefix.size()));
    if (auto tab = p.find('\t'); tab != std::string::npos) p.resize(tab);
    if (starts(p, "a/") || starts(p, "b/")) p.erase(0, 2);
    return p;
}

ParsedDiff parse_diff(std::string_view diff) {
    ParsedDiff d;
    int old_line = 0, new_line = 0;
    bool in_hunk = false;
    std::string old_path;
    for (std::string_view l : split_lines(diff)) {
        int os, oc, ns;
        if (starts(l, "diff ")) {
            in_hunk = false;
            old_path.clear();
        } else if (!in_hunk && starts(l, "--- ")) {
            old_path = path_after(l, "--- ");
        } else if (!in_hunk && starts(l, "+++ ")) {
            std::string p = path_after(l, "+++ ");
            d.files.push_back(p == "/dev/null" ? old_path : p);
        } else if (hunk_numbers(l, os, oc, ns)) {
            if (d.files.empty()) d.files.emplace_back();
            d.hunks.push_back({std::string(l), os, oc});
            old_line = os, new_line = ns;
            in_hunk = true;
        } else if (in_hunk && !l.empty() && (l[0] == '+' || l[0] == '-' || l[0] == ' ')) {
            char k = l[0];
            d.lines.push_back({k, normalise(l.substr(1)), std::string(l), d.files.size() - 1,
                               d.hunks.size() - 1, old_line, new_line});
            if (k != '+') ++old_line;
            if (k != '-') ++new_line;
        } else if (in_hunk && l.empty()) {
            d.lines.push_back(
                {' ', "", " ", d.files.size() - 1, d.hunks.size() - 1, old_line, new_line});
            ++old_line, ++new_line;
        } else if (!starts(l, "\\ ")) {
            in_hunk = false;
        }
    }
    return d;
}

// Depth of a quoted line ("> > x" is 2) and its text after one level.
int quote_level(std::string_view l, std::string_view& rest) {
    int depth = 0;
    std::size_t i = 0;
    while (i < l.size() &&
           (l[i] == '>' || (depth > 0 && l[i] == ' ' && i + 1 < l.size() && l[i + 1] == '>'))) {
        if (l[i] == '>') ++depth;
        ++i;
    }
    rest = l.substr(i);
    return depth;
}

// The diff line a quote level 1 holds: "> +foo" is "+foo", ">  foo" is " foo".
std::string_view unquote_one(std::string_view l) {
    l.remove_prefix(1);
    if (!l.empty() && l[0] == ' ') l.remove_prefix(1);
    return l;
}

bool is_trailer_line(std::string_view l) {
    auto colon = l.find(": ");
    if (colon == std::string_view::npos || colon < 3) return false;
    for (char c : l.substr(0, colon))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    return l.substr(0, colon).find('-') != std::string_view::npos;
}

bool is_attribution(std::string_view l) {
    std::string n = normalise(l);
    return n.size() >= 6 && (n.ends_with("wrote:") || n.ends_with("writes:"));
}

// The position in `d.lines` of the quoted lines `q` (the last one anchors), found with as many
// of the lines before it as match in order; prefers positions after `after`.
long locate(const ParsedDiff& d, const std::vector<std::string_view>& q, long after) {
    long best = -1;
    int best_score = 0;
    for (std::size_t p = 0; p < d.lines.size(); ++p) {
        const std::string_view last = q.back();
        if (last.empty() || d.lines[p].kind != last[0] ||
            d.lines[p].norm != normalise(last.substr(1)))
            continue;
        int score = 10;
        std::size_t at = p;
        for (std::size_t k = q.size() - 1; k-- > 0 && at > 0;) {
            for (std::size_t back = 1; back <= 3 && at >= back; ++back) {
                const auto& dl = d.lines[at - back];
                if (!q[k].empty() && dl.kind == q[k][0] && dl.norm == normalise(q[k].substr(1))) {
                    score += 2;
                    at -= back;
                    break;
                }
            }
        }
        if (static_cast<long>(p) > after) score += 1;
        if (score > best_score) best_score = score, best = static_cast<long>(p);
    }
    return best;
}

bool meaningful(std::string_view diff_line) {
    return diff_line.size() > 1 && normalise(diff_line.substr(1)).size() >= 4;
}

CommentAnchor anchor_at(const ParsedDiff& d, std::size_t p,
                        const std::vector<std::string_view>& q) {
    const DiffLine& at = d.lines[p];
    CommentAnchor a;
    a.file = d.files[at.file];
    const DiffHunk& h = d.hunks[at.hunk];
    a.hunk_header = h.header;
    a.old_start = h.old_start, a.old_count = h.old_count;
    a.old_line = at.old_line, a.new_line = at.new_line;
    // The commented lines: the last meaningful quoted lines, at most 3, as in the patch.
    for (std::size_t k = q.size(); k-- > 0 && a.lines.size() < 3;)
        if (meaningful(q[k])) a.lines.insert(a.lines.begin(), std::string(q[k]));
    if (a.lines.empty()) a.lines.push_back(at.raw);
    for (const auto& l : d.lines)
        if (l.hunk == at.hunk && l.kind != ' ' && l.norm.size() >= 4) a.hunk_lines.push_back(l.raw);
    return a;
}

// "...", "[...]", "<snip>": the reviewer marks cut text, says nothing.
bool only_elision(const std::string& text) {
    std::string n = normalise(text);
    for (const char* e :
         {"...", "[...]", "[ ... ]", "<snip>", "[snip]", "snip", "<...>", "..", "[..]"})
        if (n == e) return true;
    return false;
}

std::string trimmed_comment(const std::vector<std::string_view>& lines) {
    std::vector<std::string_view> keep;
    for (auto l : lines) {
        if (l == "-- " || l == "--") break;
        keep.push_back(l);
    }
    while (!keep.empty() && (normalise(keep.back()).empty() || is_trailer_line(keep.back()) ||
                             is_attribution(keep.back())))
        keep.pop_back();
    std::size_t first = 0;
    while (first < keep.size() && normalise(keep[first]).empty())
        ++first;
    std::string out;
    for (std::size_t i = first; i < keep.size(); ++i)
        out += std::string(keep[i]) + (i + 1 < keep.size() ? "\n" : "");
    return out;
}

} // namespace

std::vector<ReviewComment> parse_review_comments(std::string_view reply_body,
                                                 std::string_view patch_diff) {
    const ParsedDiff d = parse_diff(patch_diff);
    std::vector<ReviewComment> out;
    const auto lines = split_lines(reply_body);
    std::vector<std::string_view> quoted; // diff lines quoted since the last comment
    long last_pos = -1;
    std::size_t i = 0;
    while (i < lines.size()) {
        std::string_view rest;
        int depth = quote_level(lines[i], rest);
        if (lines[i] == "-- ") break;
        if (depth == 1) {
            std::string_view dl = unquote_one(lines[i]);
            if (!dl.empty() && (dl[0] == '+' || dl[0] == '-' || dl[0] == ' ') &&
                !starts(dl, "+++ ") && !starts(dl, "--- "))
                quoted.push_back(dl);
            else if (dl.empty())
                quoted.push_back(" ");
            ++i;
            continue;
        }
        if (depth > 1) {
            ++i;
            continue;
        }
        // The reviewer's own lines, up to the next quoted line.
        std::size_t start = i;
        std::vector<std::string_view> own;
        while (i < lines.size() && quote_level(lines[i], rest) == 0 && lines[i] != "-- ")
            own.push_back(lines[i++]);
        std::string text = trimmed_comment(own);
        // Quoted lines that end in blank context are trimmed to the last diff-looking one.
        while (!quoted.empty() && normalise(quoted.back().substr(1)).empty())
            quoted.pop_back();
        if (text.empty() || only_elision(text)) {
            if (!text.empty()) quoted.clear();
            continue;
        }
        if (quoted.empty()) continue;
        std::vector<std::string_view> q;
        q.swap(quoted);
        long p = locate(d, q, last_pos);
        if (p < 0) continue;
        ReviewComment c;
        c.anchor = anchor_at(d, static_cast<std::size_t>(p), q);
        c.text = std::move(text);
        c.body_line = static_cast<int>(start) + 1;
        out.push_back(std::move(c));
        last_pos = p;
    }
    return out;
}

namespace {

bool contains_in_order(const ParsedDiff& d, std::size_t file,
                       const std::vector<std::string>& want) {
    std::size_t k = 0;
    for (const auto& l : d.lines) {
        if (k == want.size()) break;
        if (l.file != file || want[k].empty()) continue;
        if (l.kind == want[k][0] && l.norm == normalise(std::string_view(want[k]).substr(1))) ++k;
    }
    return k == want.size();
}

// "static void f(int" of "@@ -1,2 +1,3 @@ static void f(int": the function a hunk is in.
std::string hunk_function(std::string_view header) {
    auto second = header.find("@@", 2);
    return second == std::string_view::npos ? "" : normalise(header.substr(second + 2));
}

} // namespace

std::string follow_anchor(const CommentAnchor& anchor, std::string_view new_diff) {
    const ParsedDiff d = parse_diff(new_diff);
    auto f = std::find(d.files.begin(), d.files.end(), anchor.file);
    if (f == d.files.end()) return "dropped";
    const auto file = static_cast<std::size_t>(f - d.files.begin());
    if (contains_in_order(d, file, anchor.lines)) return "unchanged";
    // The hunk is still there when one of its changed lines is, or a hunk of the new diff
    // covers the same lines of the old file.
    // A hunk line found elsewhere ("} else {") proves little: two distinctive ones are asked
    // for (one when the hunk has only one).
    std::size_t distinctive = 0, found = 0;
    bool same_function = false;
    for (const auto& l : anchor.hunk_lines) {
        if (normalise(std::string_view(l).substr(1)).size() < 10) continue;
        ++distinctive;
        for (const auto& dl : d.lines)
            if (dl.file == file && !l.empty() && dl.kind == l[0] &&
                dl.norm == normalise(std::string_view(l).substr(1))) {
                ++found;
                same_function |=
                    hunk_function(d.hunks[dl.hunk].header) == hunk_function(anchor.hunk_header);
                break;
            }
    }
    if (found >= std::min<std::size_t>(2, distinctive) && (found > 0 || same_function))
        return "changed";
    if (found > 0 && same_function) return "changed";
    for (const auto& l : d.lines) {
        if (l.file != file) continue;
        const DiffHunk& h = d.hunks[l.hunk];
        if (h.old_start < anchor.old_start + anchor.old_count &&
            anchor.old_start < h.old_start + std::max(h.old_count, 1))
            return "changed";
    }
    return "dropped";
}

std::string reply_to_comment(std::string_view author_reply, const ReviewComment& comment) {
    const auto lines = split_lines(author_reply);
    const auto want = split_lines(comment.text);
    if (want.empty()) return {};
    const std::string first = normalise(want.front());
    if (first.size() < 8) return {};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view rest;
        if (quote_level(lines[i], rest) != 1 || normalise(rest) != first || first.empty()) continue;
        // Skip the rest of the quote, then take the author's lines up to the next quote.
        std::size_t j = i + 1;
        while (j < lines.size() && quote_level(lines[j], rest) >= 1)
            ++j;
        std::vector<std::string_view> own;
        while (j < lines.size() && quote_level(lines[j], rest) == 0 && lines[j] != "-- ")
            own.push_back(lines[j++]);
        return trimmed_comment(own);
    }
    return {};
}

} // namespace lkmine
