// Flattened-mail recovery, body half: infers line breaks and quote levels from a one-line body.
#include "core/mail/flattened.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

namespace lkmine {
namespace {

using Words = std::vector<std::string_view>;

struct OutLine {
    int level = 0; // number of '>' markers
    std::string text;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Words split_words(std::string_view s) {
    Words out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i]))
            ++i;
        std::size_t b = i;
        while (i < s.size() && !is_space(s[i]))
            ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

bool is_marker(std::string_view w) {
    return !w.empty() && w.size() <= 32 && w.find_first_not_of('>') == std::string_view::npos;
}

bool is_ellipsis(std::string_view w) {
    return (w.size() >= 3 && w.find_first_not_of('.') == std::string_view::npos) || w == "[...]" ||
           w == "<snip>" || w == "[snip]";
}

bool ends_sentence(std::string_view w) {
    if (w.empty() || w == "e.g." || w == "i.e." || w == "vs." || is_ellipsis(w)) return false;
    char c = w.back();
    if (c == ')' || c == '"' || c == '\'') {
        if (w.size() < 2) return false;
        c = w[w.size() - 2];
    }
    return c == '.' || c == '!' || c == '?';
}

bool starts_sentence(std::string_view w) {
    if (w.empty()) return false;
    unsigned char c = static_cast<unsigned char>(w.front());
    return std::isupper(c) || c == '(' || c == '"' || is_ellipsis(w);
}

bool is_trailer_key(std::string_view w) {
    for (std::string_view k : {"Signed-off-by:", "Reviewed-by:", "Acked-by:", "Tested-by:",
                               "Reported-by:", "Suggested-by:", "Co-developed-by:", "Fixes:",
                               "Link:", "Closes:", "Reported-and-tested-by:", "Cc:"})
        if (w == k) return true;
    return false;
}

std::size_t joined_len(const Words& w, std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i)
        n += w[i].size() + (i > from ? 1 : 0);
    return n;
}

std::string join(const Words& w, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) out += ' ';
        out += w[i];
    }
    return out;
}

// Prose re-wrapped at 72 columns: the original breaks are unknowable, this keeps it readable.
void wrap(const Words& w, std::size_t from, std::size_t to, std::vector<OutLine>& out) {
    std::string line;
    for (std::size_t i = from; i < to; ++i) {
        if (!line.empty() && line.size() + 1 + w[i].size() > 72) {
            out.push_back({0, line});
            line.clear();
        }
        if (!line.empty()) line += ' ';
        line += w[i];
    }
    if (!line.empty()) out.push_back({0, line});
}

// Where the unquoted text must start a new line, and whether a blank line goes before it.
struct Break {
    bool paragraph = false;
    bool own_line = false; // the unit ends after this line (attribution, "...", "--")
    std::size_t len = 0;   // words in an own_line unit
};

Break break_at(const Words& w, std::size_t i) {
    Break b;
    std::string_view x = w[i];
    std::string_view next = i + 1 < w.size() ? w[i + 1] : std::string_view{};
    bool after_sentence = i == 0 || ends_sentence(w[i - 1]) || w[i - 1].back() == ':';
    if (is_ellipsis(x)) return {true, true, 1};
    if (x == "On" && after_sentence) {
        for (std::size_t j = i + 1; j < w.size() && j < i + 25; ++j)
            if (w[j] == "wrote:" || w[j] == "writes:") return {true, true, j - i + 1};
    }
    if (x == "--") return {true, true, 1}; // signature separator
    if (x == "---" && !(next.substr(0, 2) == "a/" || next == "/dev/null")) return {true, true, 1};
    if (is_trailer_key(x)) return {i > 0 && !is_trailer_key(w[i - 1]) && after_sentence, false, 0};
    if ((x == "diff" && next == "--git") || (x == "---" && !next.empty()) || x == "+++" ||
        (x == "@@" && next.substr(0, 1) == "-"))
        return {false, false, 0};
    b.len = static_cast<std::size_t>(-1); // not a break
    return b;
}

bool starts_unit(const Words& w, std::size_t i) {
    return break_at(w, i).len != static_cast<std::size_t>(-1);
}

void emit_unquoted(const Words& w, std::vector<OutLine>& out) {
    std::size_t i = 0;
    while (i < w.size()) {
        Break b = break_at(w, i);
        if (b.len == static_cast<std::size_t>(-1)) b = Break{};
        if (b.paragraph && !out.empty() && !out.back().text.empty()) out.push_back({0, ""});
        if (b.own_line) {
            std::size_t end = std::min(w.size(), i + b.len);
            out.push_back({0, w[i] == "--" ? "-- " : join(w, i, end)});
            if (is_ellipsis(w[i]) && end < w.size()) out.push_back({0, ""});
            i = end;
            continue;
        }
        std::size_t j = i + 1;
        while (j < w.size() && !starts_unit(w, j))
            ++j;
        wrap(w, i, j, out);
        i = j;
    }
}

// How a run of k markers splits into lines: k markers may be one line of level k, or empty
// quoted lines then a text line ("> > \n> > text" flattens to 4 markers). The reading that
// changes quote depth least, from the previous line (p) through to the next run (n), wins:
// quoted paragraphs keep their level, and depth rarely jumps.
struct RunLayout {
    std::vector<int> empties; // levels of the empty quoted lines first
    int level = 0;            // level of the text line
};

RunLayout layout_run(int k, int n, int p) {
    std::vector<RunLayout> cands{{{}, k}};
    for (int j = 1; j <= 2; ++j)
        if (k % (j + 1) == 0) cands.push_back({std::vector<int>(j, k / (j + 1)), k / (j + 1)});
    for (int b = 1; b < k; ++b)
        cands.push_back({{k - b}, b});
    RunLayout best;
    int best_cost = 1 << 30;
    for (const auto& c : cands) {
        int cost = 0, prev = p;
        for (int e : c.empties) {
            cost += std::abs(e - prev) + 1;
            prev = e;
        }
        cost += std::abs(c.level - prev) + (n > 0 ? std::abs(n - c.level) : 0);
        if (cost < best_cost) {
            best_cost = cost;
            best = c;
        }
    }
    return best;
}

struct Segment {
    int run = 0; // markers before the words
    Words words;
};

std::vector<Segment> segments(const Words& all) {
    std::vector<Segment> segs(1);
    for (auto w : all) {
        if (is_marker(w)) {
            if (!segs.back().words.empty()) segs.emplace_back();
            // Capped: deeper quoting is noise, and it bounds the output size.
            segs.back().run = std::min(segs.back().run + static_cast<int>(w.size()), 64);
        } else {
            segs.back().words.push_back(w);
        }
    }
    return segs;
}

// A quoted line longer than anyone wraps, or followed by a "..." elision, ends at its first
// sentence end: the rest is the reply that followed the quote (its blank line was lost).
std::size_t quoted_line_end(const Words& w, int level) {
    std::size_t ellipsis = 1; // or a trailer, signature, diff line: only at a line start
    while (ellipsis < w.size() && !is_ellipsis(w[ellipsis]) && !starts_unit(w, ellipsis))
        ++ellipsis;
    if (ellipsis > w.size()) ellipsis = w.size();
    auto width = [&](std::size_t j) {
        return 2 * static_cast<std::size_t>(level) + joined_len(w, 0, j);
    };
    if (ellipsis == w.size() && width(w.size()) <= 80) return w.size();
    for (std::size_t j = 1; j < ellipsis; ++j) {
        if (width(j) > 100) break;
        if (ends_sentence(w[j - 1]) && starts_sentence(w[j])) return j;
    }
    return ellipsis;
}

// "... thinking. Hugh" or "Thanks, Hugh": a closing name goes on its own paragraph.
std::size_t signoff_start(const Words& w) {
    std::size_t n = w.size();
    for (std::size_t len = 1; len <= 2 && len < n; ++len) {
        std::size_t b = n - len;
        bool names = true;
        for (std::size_t i = b; i < n; ++i)
            names = names && std::isupper(static_cast<unsigned char>(w[i].front())) &&
                    w[i].size() <= 20 && !ends_sentence(w[i]) && w[i].back() != ',';
        if (!names) continue;
        std::string_view before = w[b - 1];
        if (ends_sentence(before)) return b;
        for (std::string_view g : {"Thanks,", "Thanks!", "Regards,", "Cheers,", "Thanks.",
                                   "regards,", "Best,", "Greetings,", "Thx,", "Thanks"})
            if (before == g) return b - 1;
    }
    return n;
}

// Unquoted text from words[from]; the mail's last text may end with a sign-off name.
void emit_reply(const Words& words, std::size_t from, bool last, std::vector<OutLine>& out) {
    Words w(words.begin() + static_cast<std::ptrdiff_t>(from), words.end());
    std::size_t sig = last ? signoff_start(w) : w.size();
    emit_unquoted(Words(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(sig)), out);
    if (sig < w.size()) {
        out.push_back({0, ""});
        out.push_back({0, join(w, sig, w.size())});
    }
}

std::string render(const std::vector<OutLine>& lines) {
    std::string out;
    const OutLine* prev = nullptr;
    for (const auto& l : lines) {
        bool blank = l.level == 0 && l.text.empty();
        if (prev && !blank && !(prev->level == 0 && prev->text.empty())) {
            bool quote_to_text = prev->level > 0 && l.level == 0;
            bool text_to_quote = prev->level == 0 && l.level > 0 && prev->text.back() != ':';
            if (quote_to_text || text_to_quote) out += "\n";
        }
        if (blank && prev && prev->level == 0 && prev->text.empty()) continue;
        for (int i = 0; i < l.level; ++i)
            out += i + 1 < l.level || !l.text.empty() ? "> " : ">";
        out += l.text;
        out += "\n";
        prev = &l;
    }
    return out;
}

} // namespace

std::string restore_flattened_body(std::string_view flat_body) {
    Words all = split_words(flat_body);
    std::vector<Segment> segs = segments(all);
    std::vector<OutLine> lines;
    int prev_level = 0;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        bool last = i + 1 == segs.size();
        if (s.run == 0) {
            emit_reply(s.words, 0, last, lines);
            prev_level = 0;
            continue;
        }
        int next = i + 1 < segs.size() ? segs[i + 1].run : 0;
        RunLayout lay = layout_run(s.run, next, prev_level);
        for (int e : lay.empties)
            lines.push_back({e, ""});
        int m = lay.level;
        std::size_t end = quoted_line_end(s.words, m);
        lines.push_back({m, join(s.words, 0, end)});
        prev_level = m;
        if (end < s.words.size()) {
            emit_reply(s.words, end, last, lines);
            prev_level = 0;
        }
    }
    while (!lines.empty() && lines.back().level == 0 && lines.back().text.empty())
        lines.pop_back();
    return render(lines);
}

} // namespace lkmine
