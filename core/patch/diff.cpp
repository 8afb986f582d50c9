// Finding unified diffs in mail text: git-style and plain, hunk counts decide where they end.
#include "core/patch/diff.hpp"

#include "core/base/text.hpp"
#include "core/patch/patch_id.hpp"

#include <algorithm>
#include <regex>
#include <unordered_set>

namespace lkmine {

namespace {

using text::starts;

constexpr std::size_t max_term_line = 1000;

struct Line {
    std::string_view s;     // without "\n" and a trailing "\r"
    std::size_t begin, end; // offsets in the text; end is past the "\n"
};

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        std::string_view s = text.substr(pos, (nl == std::string_view::npos ? end : nl) - pos);
        if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
        lines.push_back({s, pos, end});
        pos = end;
    }
    return lines;
}

// Git's C-style quoting of paths: "a/foo\tbar", octal escapes for bytes >= 0x80.
// Returns the unquoted text and how many characters of `s` it used.
std::string unquote_c(std::string_view s, std::size_t& used) {
    std::string out;
    std::size_t i = 1; // past the opening quote
    while (i < s.size() && s[i] != '"') {
        char c = s[i++];
        if (c != '\\' || i >= s.size()) {
            out += c;
            continue;
        }
        char e = s[i++];
        switch (e) {
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int k = 0; k < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++k)
                    v = v * 8 + (s[i++] - '0');
                out += static_cast<char>(v);
            } else {
                out += e; // \" and \\ and anything unknown
            }
        }
    }
    used = std::min(s.size(), i + 1);
    return out;
}

// The length of a `diff -u` timestamp ending `s` with the blanks before it, or 0: GNU's
// "2023-01-31 10:00:00.123456789 +0100" or ctime's "Tue Jan 31 10:00:00 2023". A mailer that
// turned the tab before it into spaces leaves it glued to the name; git apply strips it then
// too (apply.c, diff_timestamp_len).
std::size_t timestamp_tail(std::string_view s) {
    static const std::regex stamp(
        R"([ \t]+(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?)"
        R"(|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})[ \t]*$)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(s.begin(), s.end(), m, stamp)) return 0;
    return std::size_t(m.length(0));
}

// A path as written on a ---/+++/rename line: quoted, or up to a tab (git adds one after
// names with spaces; plain diff puts the timestamp there), or before a timestamp whose tab
// a mailer made spaces.
std::string read_path(std::string_view s) {
    if (!s.empty() && s[0] == '"') {
        std::size_t used = 0;
        return unquote_c(s, used);
    }
    s = s.substr(0, s.find('\t'));
    return std::string(s.substr(0, s.size() - timestamp_tail(s)));
}

// git prefixes: a/ b/ by default, c/ i/ w/ o/ 1/ 2/ with diff.mnemonicPrefix.
std::string strip_git_prefix(std::string p) {
    if (p.size() > 2 && p[1] == '/' && std::isalnum(static_cast<unsigned char>(p[0])))
        p.erase(0, 2);
    return p;
}

// Plain diffs name files like "linux-6.1.orig/fs/x.c": drop the first component, as -p1.
std::string strip_first_component(std::string p) {
    std::size_t slash = p.find('/');
    if (slash != std::string::npos && slash + 1 < p.size()) p.erase(0, slash + 1);
    return p;
}

// "diff --git a/x b/x": both names, quoted or not; a name with spaces is split where the two
// halves name the same file (renames get their names from the rename lines anyway).
void read_git_header_paths(std::string_view rest, std::string& a, std::string& b) {
    if (!rest.empty() && rest[0] == '"') {
        std::size_t used = 0;
        a = unquote_c(rest, used);
        rest.remove_prefix(std::min(rest.size(), used + 1));
        b = read_path(rest);
    } else if (std::size_t q = rest.find(" \""); q != std::string_view::npos) {
        a = std::string(rest.substr(0, q));
        b = read_path(rest.substr(q + 1));
    } else if (rest.size() % 2 == 1 && rest[rest.size() / 2] == ' ' &&
               strip_git_prefix(std::string(rest.substr(0, rest.size() / 2))) ==
                   strip_git_prefix(std::string(rest.substr(rest.size() / 2 + 1)))) {
        a = std::string(rest.substr(0, rest.size() / 2));
        b = std::string(rest.substr(rest.size() / 2 + 1));
    } else {
        std::size_t sp = rest.find(" b/");
        if (sp == std::string_view::npos) sp = rest.find(' ');
        if (sp == std::string_view::npos) return;
        a = std::string(rest.substr(0, sp));
        b = std::string(rest.substr(sp + 1));
    }
    a = strip_git_prefix(a);
    b = strip_git_prefix(b);
}

bool hunk_line_start(std::string_view s) {
    return s.empty() || s[0] == ' ' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\\';
}

bool plain_start(const std::vector<Line>& l, std::size_t i) {
    return i + 2 < l.size() && starts(l[i].s, "--- ") && starts(l[i + 1].s, "+++ ") &&
           starts(l[i + 2].s, "@@ -");
}

// "diff -u a b" or similar from diff(1): only a diff when ---/+++ follows its header lines.
bool other_diff_start(const std::vector<Line>& l, std::size_t i) {
    for (std::size_t j = i + 1; j < l.size() && j < i + 8; ++j) {
        if (starts(l[j].s, "--- ")) return j + 1 < l.size() && starts(l[j + 1].s, "+++ ");
        if (l[j].s.empty() || !std::isalpha(static_cast<unsigned char>(l[j].s[0]))) return false;
    }
    return false;
}

bool read_count(std::string_view s, std::size_t& i, long& v) {
    std::size_t start = i;
    v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (v < 100000000) v = v * 10 + (s[i] - '0');
        ++i;
    }
    return i > start;
}

// "@@ -a[,b] +c[,d] @@ header": the counts (1 when omitted) and the text after the "@@".
bool read_hunk_header(std::string_view s, long& old_n, long& new_n, std::string_view& text) {
    std::size_t i = 4;
    long v = 0;
    old_n = new_n = 1;
    if (!read_count(s, i, v)) return false;
    if (i < s.size() && s[i] == ',' && !read_count(s, ++i, old_n)) return false;
    if (s.substr(i, 2) != " +") return false;
    i += 2;
    if (!read_count(s, i, v)) return false;
    if (i < s.size() && s[i] == ',' && !read_count(s, ++i, new_n)) return false;
    if (s.substr(i, 3) != " @@") return false;
    text = s.substr(i + 3);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return true;
}

void add_term(std::vector<std::string>* out, std::string_view s) {
    if (out && s.size() <= max_term_line) out->emplace_back(s);
}

class Parser {
  public:
    // context = false: the context lines and hunk headers are not kept in `terms`.
    Parser(const std::vector<Line>& lines, DiffTerms* terms, bool context = true)
        : l_(lines), terms_(terms), context_(context) {}

    // Reads the hunks starting at i; returns the index past them.
    std::size_t hunks(std::size_t i, PatchFile& f) {
        while (i < l_.size() && starts(l_[i].s, "@@ -")) {
            long old_n = 0, new_n = 0;
            std::string_view hh;
            if (!read_hunk_header(l_[i].s, old_n, new_n, hh)) break;
            std::string header(hh);
            ++i;
            // Mailers wrap long hunk headers: "@@ ... @@ static int foo(int a,\nint b)".
            if (i + 1 < l_.size() && !hunk_line_start(l_[i].s) && !starts(l_[i].s, "diff ") &&
                hunk_line_start(l_[i + 1].s) && !l_[i + 1].s.empty()) {
                header += ' ';
                header += l_[i].s;
                ++i;
            }
            if (terms_ && context_ && !header.empty()) add_term(&terms_->hunk_headers, header);
            f.hunk_headers.push_back(std::move(header));
            for (; i < l_.size() && (old_n > 0 || new_n > 0); ++i) {
                std::string_view s = l_[i].s;
                char c = s.empty() ? ' ' : s[0];
                if (s == "-- " && (i + 1 >= l_.size() || !hunk_line_start(l_[i + 1].s)))
                    break; // a signature under a hunk whose counts were too big
                if (c == ' ') {
                    if (old_n == 0 || new_n == 0) break;
                    --old_n, --new_n;
                    if (terms_ && context_ && !s.empty()) add_term(&terms_->context, s.substr(1));
                } else if (c == '-') {
                    if (old_n == 0) break;
                    --old_n, ++f.removed;
                    if (terms_) add_term(&terms_->removed, s.substr(1));
                } else if (c == '+') {
                    if (new_n == 0) break;
                    --new_n, ++f.added;
                    if (terms_) add_term(&terms_->added, s.substr(1));
                } else if (c != '\\') {
                    break;
                }
            }
            if (i < l_.size() && starts(l_[i].s, "\\ ")) ++i; // "\ No newline at end of file"
            if (old_n > 0 || new_n > 0) break;                // cut short: the diff ends here
        }
        return i;
    }

    // "GIT binary patch" then "literal N"/"delta N" blocks of base85 lines, each ending blank.
    std::size_t binary_block(std::size_t i) {
        ++i;
        while (i < l_.size() && (starts(l_[i].s, "literal ") || starts(l_[i].s, "delta "))) {
            ++i;
            while (i < l_.size() && !l_[i].s.empty() &&
                   std::isalpha(static_cast<unsigned char>(l_[i].s[0])) &&
                   !starts(l_[i].s, "literal ") && !starts(l_[i].s, "delta "))
                ++i;
            if (i < l_.size() && l_[i].s.empty()) ++i;
        }
        return i;
    }

    // One file's diff at i; returns the index past it, or i when there is none.
    std::size_t file(std::size_t i, PatchFile& f) {
        std::size_t start = i;
        bool git = starts(l_[i].s, "diff --git ");
        bool has_lines = git;
        if (git) read_git_header_paths(l_[i].s.substr(11), f.old_path, f.new_path);
        if (starts(l_[i].s, "diff ")) ++i;
        for (; i < l_.size(); ++i) {
            std::string_view s = l_[i].s;
            if (starts(s, "old mode "))
                f.old_mode = s.substr(9);
            else if (starts(s, "new mode "))
                f.new_mode = s.substr(9);
            else if (starts(s, "deleted file mode ")) {
                f.status = FileStatus::deleted;
                f.old_mode = s.substr(18);
            } else if (starts(s, "new file mode ")) {
                f.status = FileStatus::added;
                f.new_mode = s.substr(14);
            } else if (starts(s, "rename from ") || starts(s, "copy from ")) {
                f.status = s[0] == 'r' ? FileStatus::renamed : FileStatus::copied;
                f.old_path = read_path(s.substr(s[0] == 'r' ? 12 : 10));
            } else if (starts(s, "rename to ") || starts(s, "copy to ")) {
                f.new_path = read_path(s.substr(s[0] == 'r' ? 10 : 8));
            } else if (starts(s, "similarity index ") || starts(s, "dissimilarity index ")) {
            } else if (starts(s, "index ")) {
                read_index(s.substr(6), f);
            } else if (starts(s, "Binary files ")) {
                f.binary = true;
                return i + 1;
            } else if (starts(s, "GIT binary patch")) {
                f.binary = true;
                return binary_block(i);
            } else if (starts(s, "--- ") && i + 1 < l_.size() && starts(l_[i + 1].s, "+++ ")) {
                read_minus_plus(s.substr(4), l_[i + 1].s.substr(4), git, f);
                return hunks(i + 2, f);
            } else {
                break;
            }
        }
        return has_lines ? i : start;
    }

  private:
    static void read_index(std::string_view s, PatchFile& f) {
        std::size_t dots = s.find("..");
        if (dots == std::string_view::npos) return;
        std::size_t sp = s.find(' ', dots);
        f.old_blob = s.substr(0, dots);
        f.new_blob = s.substr(dots + 2, sp == std::string_view::npos ? sp : sp - dots - 2);
        if (sp != std::string_view::npos && f.old_mode.empty() && f.new_mode.empty())
            f.old_mode = f.new_mode = s.substr(sp + 1);
    }

    static void read_minus_plus(std::string_view minus, std::string_view plus, bool git,
                                PatchFile& f) {
        std::string a = read_path(minus), b = read_path(plus);
        auto strip = git ? strip_git_prefix : strip_first_component;
        if (a == "/dev/null") {
            if (f.status == FileStatus::modified) f.status = FileStatus::added;
        } else if (!git || f.old_path.empty() || f.status == FileStatus::modified) {
            if (f.status != FileStatus::renamed && f.status != FileStatus::copied)
                f.old_path = strip(a);
        }
        if (b == "/dev/null") {
            if (f.status == FileStatus::modified) f.status = FileStatus::deleted;
        } else if (f.status != FileStatus::renamed && f.status != FileStatus::copied) {
            f.new_path = strip(b);
        }
    }

    const std::vector<Line>& l_;
    DiffTerms* terms_;
    bool context_;
};

bool patch_start(const std::vector<Line>& l, std::size_t i) {
    if (starts(l[i].s, "diff --git ")) return true;
    if (starts(l[i].s, "diff ")) return other_diff_start(l, i);
    return plain_start(l, i);
}

// Consecutive file diffs from i; returns the index past the last one.
// `file_lines` (optional) gets the line each file's diff starts at.
std::size_t parse_patch(const std::vector<Line>& l, std::size_t i, Patch& p, DiffTerms* terms,
                        std::vector<std::size_t>* file_lines = nullptr, bool context = true) {
    Parser parser(l, terms, context);
    while (i < l.size() && patch_start(l, i)) {
        PatchFile f;
        std::size_t next = parser.file(i, f);
        if (next == i) break;
        if (file_lines) file_lines->push_back(i);
        if (f.old_path.empty()) f.old_path = f.new_path;
        if (f.new_path.empty()) f.new_path = f.old_path;
        p.files.push_back(std::move(f));
        i = next;
        // quilt and diff(1) put "Index: x" and "====" lines between files
        while (i < l.size() && (starts(l[i].s, "Index: ") || starts(l[i].s, "====")) &&
               i + 1 < l.size() && (patch_start(l, i + 1) || starts(l[i + 1].s, "====")))
            ++i;
    }
    return i;
}

// Every diff starts on a "diff " or "--- " line: most mails have neither.
bool may_hold_diff(std::string_view text) {
    return starts(text, "diff ") || starts(text, "--- ") ||
           text.find("\ndiff ") != std::string_view::npos ||
           text.find("\n--- ") != std::string_view::npos;
}

// Each patch gets the id git patch-id gives the text it overlaps (as `git am` reads a mail:
// mail_patch_ids), once: where git reads two of our patches as one (a diff whose lines the
// mailer wrapped), the first has the id and the rest none. A patch git sees nothing in (a
// plain ---/+++ diff without a "diff " line) has none, as in git.
void assign_patch_ids(const std::vector<PatchIdSpan>& ids,
                      const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                      std::vector<Patch>& patches) {
    std::size_t k = 0;
    for (std::size_t n = 0; n < patches.size(); ++n) {
        const auto [begin, end] = spans[n];
        while (k < ids.size() && ids[k].end <= begin)
            ++k; // ids of text before this patch (no patch of ours there)
        if (k < ids.size() && ids[k].begin < end) patches[n].patch_id = ids[k++].id;
    }
}

// Where git patch-id ends a damaged diff and starts another at one of its files (its hunk
// counts met early), the files from there on are a patch of their own, with git's second id.
std::vector<std::size_t> git_cuts(const std::vector<PatchIdSpan>& ids, const std::vector<Line>& l,
                                  const std::vector<std::size_t>& file_lines) {
    std::vector<std::size_t> cuts; // indexes into file_lines
    for (std::size_t k = 1; k < file_lines.size(); ++k)
        for (const PatchIdSpan& s : ids)
            if (s.begin == l[file_lines[k]].begin) cuts.push_back(k);
    return cuts;
}

} // namespace

std::vector<Patch> find_patches(std::string_view text, const std::string& source) {
    std::vector<Patch> out;
    if (!may_hold_diff(text)) return out;
    auto lines = split_lines(text);
    const std::vector<PatchIdSpan> ids = mail_patch_ids(text);
    std::vector<std::pair<std::size_t, std::size_t>> spans; // each patch's [begin, end)
    auto add = [&](Patch p, std::size_t first, std::size_t end) {
        std::size_t last = end;
        while (last > first + 1 && lines[last - 1].s.empty())
            --last; // blank lines after the diff
        std::size_t b = lines[first].begin, e = lines[last - 1].end;
        p.text = std::string(text.substr(b, e - b));
        spans.push_back({b, e});
        out.push_back(std::move(p));
    };
    for (std::size_t i = 0; i < lines.size();) {
        if (!patch_start(lines, i)) {
            ++i;
            continue;
        }
        Patch p;
        p.source = source;
        std::vector<std::size_t> file_lines;
        std::size_t end = parse_patch(lines, i, p, nullptr, &file_lines);
        if (p.files.empty()) {
            ++i;
            continue;
        }
        std::size_t from = 0; // first file of the piece
        for (std::size_t cut : git_cuts(ids, lines, file_lines)) {
            Patch piece;
            piece.source = source;
            piece.files.assign(std::make_move_iterator(p.files.begin() + from),
                               std::make_move_iterator(p.files.begin() + cut));
            add(std::move(piece), file_lines[from], file_lines[cut]);
            from = cut;
        }
        if (from) p.files.erase(p.files.begin(), p.files.begin() + from);
        add(std::move(p), file_lines[from], end);
        i = end;
    }
    assign_patch_ids(ids, spans, out);
    return out;
}

DiffTerms diff_terms(const Patch& patch) {
    DiffTerms t;
    auto lines = split_lines(patch.text);
    for (std::size_t i = 0; i < lines.size();) {
        Patch scratch;
        std::size_t end = patch_start(lines, i) ? parse_patch(lines, i, scratch, &t) : i;
        i = end > i ? end : i + 1;
    }
    std::unordered_set<std::string> seen;
    for (const PatchFile& f : patch.files) {
        for (const std::string* p : {&f.old_path, &f.new_path})
            if (!p->empty() && p->size() <= max_term_line && seen.insert(*p).second)
                t.files.push_back(*p);
        if (!f.old_blob.empty()) t.pre_blobs.push_back(f.old_blob);
        if (!f.new_blob.empty()) t.post_blobs.push_back(f.new_blob);
    }
    return t;
}

DiffTerms commit_diff_terms(std::string_view text) {
    DiffTerms t;
    if (!may_hold_diff(text)) return t;
    auto lines = split_lines(text);
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < lines.size();) {
        Patch p;
        std::size_t end = patch_start(lines, i) ? parse_patch(lines, i, p, &t, nullptr, false) : i;
        i = end > i ? end : i + 1;
        for (const PatchFile& f : p.files)
            for (const std::string* path : {&f.old_path, &f.new_path})
                if (!path->empty() && path->size() <= max_term_line && seen.insert(*path).second)
                    t.files.push_back(*path);
    }
    return t;
}

} // namespace lkmine
