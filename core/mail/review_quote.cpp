// Review comments on diff lines: a map of each patch line (file, hunk, post-image number),
// the lookup by file and line numbers, and the quote that keeps only the commented lines.
#include "core/mail/review_quote.hpp"

#include "core/base/text.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace lkmine {
namespace {

struct FileHead {
    std::size_t first = 0, last = 0; // "diff --git" (or "---") .. "+++" lines
    std::string path;                // post-image path, or pre-image for a deleted file
};

struct LineInfo {
    int file = -1;   // index into PatchMap::files
    long hunk = -1;  // line index of its "@@" line; -1 for header lines
    long pos = 0;    // post-image line number (of the next line, for a removed line)
    char kind = 'h'; // ' ', '+', '-', '\\' inside a hunk; 'h' otherwise
};

struct PatchMap {
    std::vector<std::string_view> lines;
    std::vector<LineInfo> info;
    std::vector<FileHead> files;
};

long number(std::string_view s, std::size_t& i) {
    long v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    return v;
}

// "@@ -a[,b] +c[,d] @@": b, c, d (counts default to 1).
bool hunk_numbers(std::string_view l, long& old_count, long& new_start, long& new_count) {
    std::size_t i = 3;
    if (l.size() < 8 || l[i] != '-') return false;
    ++i;
    number(l, i);
    old_count = 1;
    if (i < l.size() && l[i] == ',') old_count = number(l, ++i);
    if (i + 1 >= l.size() || l[i] != ' ' || l[i + 1] != '+') return false;
    i += 2;
    new_start = number(l, i);
    new_count = 1;
    if (i < l.size() && l[i] == ',') new_count = number(l, ++i);
    return true;
}

std::string header_path(std::string_view rest) {
    rest = rest.substr(0, rest.find('\t'));
    if (text::starts(rest, "a/") || text::starts(rest, "b/")) rest.remove_prefix(2);
    return std::string(text::trim(rest));
}

void start_file(PatchMap& pm, std::size_t i) {
    pm.files.push_back({i, i, {}});
    std::string_view l = pm.lines[i];
    std::size_t b = l.rfind(" b/");
    if (text::starts(l, "diff --git ") && b != std::string_view::npos)
        pm.files.back().path = std::string(l.substr(b + 3));
}

PatchMap map_patch(std::string_view patch_text) {
    PatchMap pm;
    pm.lines = text::split_lines(patch_text);
    pm.info.resize(pm.lines.size());
    long old_left = 0, new_left = 0, new_no = 0, hunk = -1;
    for (std::size_t i = 0; i < pm.lines.size(); ++i) {
        std::string_view l = pm.lines[i];
        LineInfo& li = pm.info[i];
        li.file = int(pm.files.size()) - 1;
        char c = l.empty() ? ' ' : l[0]; // an empty context line lost its space in transit
        if ((old_left > 0 || new_left > 0) && (c == ' ' || c == '+' || c == '-' || c == '\\')) {
            li = {li.file, hunk, new_no, c};
            if (c == ' ' || c == '+') ++new_no, --new_left;
            if (c == ' ' || c == '-') --old_left;
            continue;
        }
        old_left = new_left = 0;
        bool git_file = text::starts(l, "diff ");
        bool plain_file = text::starts(l, "--- ") && i + 1 < pm.lines.size() &&
                          text::starts(pm.lines[i + 1], "+++ ") &&
                          (pm.files.empty() || pm.files.back().last != pm.files.back().first ||
                           !text::starts(pm.lines[pm.files.back().first], "diff "));
        if (git_file || plain_file) {
            start_file(pm, i);
            li.file = int(pm.files.size()) - 1;
        } else if (!pm.files.empty() && text::starts(l, "--- ")) {
            if (pm.files.back().path.empty()) pm.files.back().path = header_path(l.substr(4));
        } else if (!pm.files.empty() && text::starts(l, "+++ ")) {
            pm.files.back().last = i;
            std::string p = header_path(l.substr(4));
            if (p != "/dev/null") pm.files.back().path = p;
        } else if (!pm.files.empty() && text::starts(l, "@@ ")) {
            long old_count = 0, new_count = 0, new_start = 0;
            if (hunk_numbers(l, old_count, new_start, new_count)) {
                hunk = long(i), old_left = old_count, new_left = new_count, new_no = new_start;
                li.hunk = hunk;
            }
        }
    }
    return pm;
}

bool path_matches(std::string_view path, std::string_view file) {
    return path == file || (path.size() > file.size() && path.ends_with(file) &&
                            path[path.size() - file.size() - 1] == '/');
}

std::string hunk_ranges(const PatchMap& pm, int file) {
    std::string out;
    for (std::size_t i = 0; i < pm.info.size(); ++i) {
        if (pm.info[i].file != file || pm.info[i].hunk != long(i)) continue;
        long old_count = 0, start = 0, count = 0;
        hunk_numbers(pm.lines[i], old_count, start, count);
        out += (out.empty() ? "" : ", ") + std::to_string(start) + "-" +
               std::to_string(start + std::max(count, 1L) - 1);
    }
    return out;
}

} // namespace

Result<DiffSpan> find_diff_lines(const Message& m, std::string_view file, long first, long last) {
    std::string known, ranges;
    for (std::size_t p = 0; p < m.patches.size(); ++p) {
        PatchMap pm = map_patch(m.patches[p].text);
        for (std::size_t f = 0; f < pm.files.size(); ++f) {
            known += (known.empty() ? "" : ", ") + pm.files[f].path;
            if (!path_matches(pm.files[f].path, file)) continue;
            long lo = -1, hi = -1;
            for (std::size_t i = 0; i < pm.info.size(); ++i) {
                const LineInfo& li = pm.info[i];
                if (li.file != int(f) || li.kind == 'h' || li.pos < first || li.pos > last)
                    continue;
                if (lo < 0) lo = long(i);
                hi = long(i);
            }
            if (lo >= 0) return DiffSpan{p, std::size_t(lo), std::size_t(hi)};
            ranges += (ranges.empty() ? "" : "; ") + hunk_ranges(pm, int(f));
        }
    }
    if (!ranges.empty())
        return make_error("no diff line of " + std::string(file) + " is in lines " +
                              std::to_string(first) + "-" + std::to_string(last),
                          ErrorCode::usage, "its hunks cover lines " + ranges);
    return make_error("no file " + std::string(file) + " in the patches of this mail",
                      ErrorCode::usage,
                      known.empty() ? "the mail carries no patch" : "its files: " + known);
}

Result<DiffComment> parse_comment_arg(const Message& m, std::string_view arg) {
    std::size_t eq = arg.find('=');
    std::string_view where = arg.substr(0, eq);
    std::size_t colon = where.rfind(':');
    auto bad = make_error("bad --comment '" + std::string(arg) + "'", ErrorCode::usage,
                          "write FILE:LINE=TEXT or FILE:FIRST-LAST=TEXT (post-image line "
                          "numbers, as in the hunk's +N)");
    if (eq == std::string_view::npos || colon == std::string_view::npos || colon == 0) return bad;
    std::string_view nums = where.substr(colon + 1);
    long first = 0, last = 0;
    auto r = std::from_chars(nums.data(), nums.data() + nums.size(), first);
    if (r.ec != std::errc{}) return bad;
    last = first;
    if (r.ptr != nums.data() + nums.size()) {
        if (*r.ptr != '-') return bad;
        auto r2 = std::from_chars(r.ptr + 1, nums.data() + nums.size(), last);
        if (r2.ec != std::errc{} || r2.ptr != nums.data() + nums.size() || last < first) return bad;
    }
    auto span = find_diff_lines(m, where.substr(0, colon), first, last);
    if (!span) return span.error_info();
    return DiffComment{*span, std::string(arg.substr(eq + 1))};
}

namespace {

// Writes the quote, remembering which file and hunk headers the reader has already seen.
struct ReviewWriter {
    std::string out;
    std::size_t context = 3;
    const PatchMap* pm = nullptr;
    long patch = -1, file = -1, hunk = -1, last = -1;

    void quote(std::size_t i) {
        std::string_view l = pm->lines[i];
        out += l.empty() ? ">" : "> ";
        out += l;
        out += '\n';
    }
    void enter(long p, const PatchMap& map, std::size_t first) {
        const LineInfo& li = map.info[first];
        if (p != patch || li.file != file) {
            pm = &map, patch = p, file = li.file, hunk = -1, last = -1;
            if (file >= 0)
                for (std::size_t i = map.files[std::size_t(file)].first;
                     i <= map.files[std::size_t(file)].last; ++i)
                    quote(i);
        }
    }
    void write(const DiffComment& c) {
        std::size_t first = c.span.first;
        while (first <= c.span.last && pm->info[first].kind == 'h')
            ++first; // a selection starting on a header: its first diff line
        if (first > c.span.last) first = c.span.last;
        const LineInfo& li = pm->info[first];
        std::size_t start = first >= context ? first - context : 0;
        if (li.hunk >= 0) start = std::max(start, std::size_t(li.hunk) + 1);
        if (li.hunk != hunk && li.hunk >= 0) {
            quote(std::size_t(li.hunk));
            hunk = li.hunk;
            last = li.hunk;
        }
        if (last >= 0 && start <= std::size_t(last)) start = std::size_t(last) + 1;
        if (last >= 0 && start > std::size_t(last) + 1) out += "[...]\n";
        for (std::size_t i = start; i <= c.span.last; ++i) {
            quote(i);
            if (pm->info[i].kind == 'h' && pm->info[i].hunk == long(i)) hunk = long(i);
        }
        last = std::max(last, long(c.span.last));
        std::string_view text = c.text;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        out += "\n" + std::string(text) + "\n\n";
    }
};

} // namespace

Result<std::string> quote_review(const Message& m, std::vector<DiffComment> comments,
                                 std::size_t context) {
    std::stable_sort(comments.begin(), comments.end(), [](const auto& a, const auto& b) {
        return std::tie(a.span.patch, a.span.first) < std::tie(b.span.patch, b.span.first);
    });
    std::map<std::size_t, PatchMap> maps;
    ReviewWriter w;
    w.context = context;
    for (const auto& c : comments) {
        if (c.span.patch >= m.patches.size())
            return make_error("a comment is on patch " + std::to_string(c.span.patch + 1) +
                              " but the mail carries " + std::to_string(m.patches.size()));
        auto it = maps.find(c.span.patch);
        if (it == maps.end())
            it = maps.emplace(c.span.patch, map_patch(m.patches[c.span.patch].text)).first;
        if (c.span.first > c.span.last || c.span.last >= it->second.lines.size())
            return make_error("a comment's lines " + std::to_string(c.span.first + 1) + "-" +
                              std::to_string(c.span.last + 1) + " are outside its patch");
        w.enter(long(c.span.patch), it->second, c.span.first);
        w.write(c);
    }
    return w.out;
}

} // namespace lkmine
