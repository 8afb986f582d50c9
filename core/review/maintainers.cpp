// MAINTAINERS-style areas: sections, M:/R: entries matched to my addresses, F:/N:/X: patterns.
#include "core/review/maintainers.hpp"

#include "core/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace lkmine {
namespace {

using text::lower;
using text::trim;

// Glob match where '*' and '?' may cross '/' (get_maintainer.pl turns them into .* and .),
// anchored at the start of `s`; `prefix`: `s` may go on after the pattern.
bool glob(std::string_view p, std::string_view s, bool prefix) {
    std::size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
    while (si < s.size()) {
        if (pi == p.size() && prefix) return true;
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi, ++si;
        } else if (pi < p.size() && p[pi] == '*') {
            star_p = pi++, star_s = si;
        } else if (star_p != std::string_view::npos) {
            pi = star_p + 1, si = ++star_s;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

} // namespace

std::vector<MaintainersSection> parse_maintainers(std::string_view text) {
    std::vector<MaintainersSection> out;
    std::string_view prev;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        bool field =
            line.size() >= 2 && std::isupper(static_cast<unsigned char>(line[0])) && line[1] == ':';
        if (!field) {
            prev = trim(line);
            continue;
        }
        if (out.empty() || !prev.empty()) {
            out.push_back({std::string(prev), {}, {}, {}, {}});
            prev = {};
        }
        std::string value(trim(line.substr(2)));
        switch (line[0]) {
        case 'M':
        case 'R':
            out.back().people.push_back(value);
            break;
        case 'F':
            out.back().files.push_back(value);
            break;
        case 'X':
            out.back().excluded.push_back(value);
            break;
        case 'N':
            out.back().file_regexes.push_back(value);
            break;
        default:
            break;
        }
    }
    return out;
}

std::vector<MaintainersSection> sections_of(const std::vector<MaintainersSection>& all,
                                            const std::vector<std::string>& me) {
    std::vector<MaintainersSection> out;
    for (const auto& s : all) {
        bool mine = std::any_of(s.people.begin(), s.people.end(), [&](const std::string& p) {
            std::string lp = lower(p);
            return std::any_of(me.begin(), me.end(), [&](const std::string& m) {
                std::string lm = lower(m);
                return lp == lm || lp.find("<" + lm + ">") != std::string::npos;
            });
        });
        if (mine) out.push_back(s);
    }
    return out;
}

bool path_matches(std::string_view pattern, std::string_view path) {
    if (pattern.empty()) return false;
    if (pattern.back() == '/') return glob(pattern, path, true);
    if (!glob(pattern, path, true)) return false;
    // A directory named without its slash ("F: io_uring") covers what is below it.
    return std::count(path.begin(), path.end(), '/') ==
               std::count(pattern.begin(), pattern.end(), '/') ||
           (pattern.find_first_of("*?") == std::string_view::npos && path.size() > pattern.size() &&
            path[pattern.size()] == '/');
}

std::string literal_dir(std::string_view pattern) {
    std::size_t glob_at = pattern.find_first_of("*?[");
    std::string_view lit = pattern.substr(0, glob_at);
    if (glob_at != std::string_view::npos) {
        auto slash = lit.rfind('/');
        lit = slash == std::string_view::npos ? std::string_view{} : lit.substr(0, slash);
    }
    while (!lit.empty() && lit.back() == '/')
        lit.remove_suffix(1);
    return std::string(lit);
}

std::string perl_x_to_ecmascript(std::string_view value) {
    std::string out;
    bool in_class = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '\\' && i + 1 < value.size()) {
            out += c;
            out += value[++i];
            continue;
        }
        if (in_class) {
            // "[]a]" and "[^]a]": a ']' right after the opening is a member, not the end
            bool first = out.back() == '[' || (out.back() == '^' && out[out.size() - 2] == '[');
            if (c == ']' && !first) in_class = false;
            out += c;
            continue;
        }
        if (c == '#') break;
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        if (c == '[') in_class = true;
        out += c;
    }
    return out;
}

Result<AreaMatcher> AreaMatcher::make(const std::vector<MaintainersSection>& sections) {
    AreaMatcher m;
    for (const auto& s : sections) {
        Section sec{s.files, s.excluded, s.file_regexes, {}};
        for (const auto& n : s.file_regexes) {
            try {
                sec.regexes.emplace_back(perl_x_to_ecmascript(n), std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                return make_error("MAINTAINERS section \"" + s.name + "\": N: " + n +
                                      ": not a regular expression lkmine can read (" + e.what() +
                                      ")",
                                  ErrorCode::usage);
            }
            m.all_ = true;
        }
        for (const auto& f : s.files) {
            std::string d = literal_dir(f);
            if (d.empty())
                m.all_ = true;
            else if (std::find(m.dirs_.begin(), m.dirs_.end(), d) == m.dirs_.end())
                m.dirs_.push_back(d);
        }
        m.sections_.push_back(std::move(sec));
    }
    return m;
}

std::vector<std::string> AreaMatcher::matches(std::string_view path) const {
    std::vector<std::string> out;
    auto add = [&](std::string label) {
        if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(std::move(label));
    };
    const std::string p(path);
    for (const auto& s : sections_) {
        if (std::any_of(s.excluded.begin(), s.excluded.end(),
                        [&](const std::string& x) { return path_matches(x, path); }))
            continue;
        for (const auto& f : s.files)
            if (path_matches(f, path)) add(f);
        for (std::size_t i = 0; i < s.regexes.size(); ++i)
            if (std::regex_search(p, s.regexes[i])) add("N:" + s.names[i]);
    }
    return out;
}

namespace {

// Every run of components of `path` but the whole path ("a/b/c": "a", "b", "c", "a/b", "b/c").
void add_runs(std::string_view path, std::unordered_set<std::string_view>& to) {
    std::vector<std::size_t> starts{0}, ends;
    for (std::size_t i = 0; i < path.size(); ++i)
        if (path[i] == '/') ends.push_back(i), starts.push_back(i + 1);
    ends.push_back(path.size());
    for (std::size_t a = 0; a < starts.size(); ++a)
        for (std::size_t b = a; b < ends.size(); ++b)
            if (ends[b] > starts[a] && (a > 0 || b + 1 < ends.size()))
                to.insert(path.substr(starts[a], ends[b] - starts[a]));
}

} // namespace

std::optional<std::vector<std::string>> areas_of_path_runs(const AreaMatcher& area,
                                                           const std::vector<std::string>& terms) {
    std::unordered_set<std::string_view> runs;
    for (const auto& t : terms)
        add_runs(t, runs);
    std::vector<std::string> out;
    for (const auto& t : terms)
        if (!runs.count(t))
            for (auto& a : area.matches(t))
                if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
    for (const auto& t : terms)
        if (runs.count(t))
            for (const auto& a : area.matches(t))
                if (std::find(out.begin(), out.end(), a) == out.end()) return std::nullopt;
    return out;
}

} // namespace lkmine
