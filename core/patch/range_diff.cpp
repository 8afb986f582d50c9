// Range-diff of two revisions: exact, subject, then min-cost pairing of their patches.
#include "core/patch/range_diff.hpp"

#include "core/patch/interdiff.hpp"
#include "core/patch/subject.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string_view>

namespace lkmine {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max() / 4;

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t sequence_hash(const std::vector<std::string_view>& lines) {
    std::uint64_t h = 1469598103934665603ull;
    for (auto l : lines)
        h = fnv1a("\n", fnv1a(l, h));
    return h;
}

struct Side {
    std::vector<std::vector<std::string_view>> lines; // diff_changed_lines of each patch
    std::vector<std::vector<std::uint64_t>> hashes;   // the same, hashed and sorted
    std::vector<std::string> subjects;                // normalised
    std::vector<long> match;                          // index on the other side, or -1
};

Side read_side(const std::vector<RangeDiffPatch>& patches) {
    Side s;
    for (const auto& p : patches) {
        s.lines.push_back(diff_changed_lines(p.diff));
        std::vector<std::uint64_t> h;
        h.reserve(s.lines.back().size());
        for (auto l : s.lines.back())
            h.push_back(fnv1a(l));
        std::sort(h.begin(), h.end());
        s.hashes.push_back(std::move(h));
        s.subjects.push_back(normalize_subject(p.subject));
        s.match.push_back(-1);
    }
    return s;
}

void pair(Side& a, Side& b, std::size_t i, std::size_t j, std::vector<std::string>& method,
          const char* how) {
    a.match[i] = static_cast<long>(j);
    b.match[j] = static_cast<long>(i);
    method[i] = how;
}

// Changed lines in one sorted multiset and not the other: git's "diffsize" of the two patches,
// minus moves (a cheap lower bound of it that needs no diff).
std::int64_t diff_size(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
    std::size_t i = 0, j = 0, common = 0;
    while (i < x.size() && j < y.size()) {
        if (x[i] == y[j])
            ++common, ++i, ++j;
        else if (x[i] < y[j])
            ++i;
        else
            ++j;
    }
    return static_cast<std::int64_t>(x.size() + y.size() - 2 * common);
}

// Minimum-cost perfect assignment of an n x n matrix (Hungarian algorithm with potentials);
// returns the column of each row.
std::vector<std::size_t> assign(const std::vector<std::int64_t>& cost, std::size_t n) {
    std::vector<std::int64_t> u(n + 1, 0), v(n + 1, 0);
    std::vector<std::size_t> p(n + 1, 0), way(n + 1, 0);
    for (std::size_t i = 1; i <= n; ++i) {
        p[0] = i;
        std::size_t j0 = 0;
        std::vector<std::int64_t> minv(n + 1, std::numeric_limits<std::int64_t>::max());
        std::vector<bool> used(n + 1, false);
        do {
            used[j0] = true;
            std::size_t i0 = p[j0], j1 = 0;
            std::int64_t delta = std::numeric_limits<std::int64_t>::max();
            for (std::size_t j = 1; j <= n; ++j) {
                if (used[j]) continue;
                std::int64_t cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (std::size_t j = 0; j <= n; ++j) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            std::size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<std::size_t> col(n, 0);
    for (std::size_t j = 1; j <= n; ++j)
        if (p[j] != 0) col[p[j] - 1] = j - 1;
    return col;
}

void pair_by_cost(Side& a, Side& b, std::vector<std::string>& method, const RangeDiffOptions& o) {
    std::vector<std::size_t> ra, rb; // the patches still unpaired
    for (std::size_t i = 0; i < a.match.size(); ++i)
        if (a.match[i] < 0) ra.push_back(i);
    for (std::size_t j = 0; j < b.match.size(); ++j)
        if (b.match[j] < 0) rb.push_back(j);
    const std::size_t n = ra.size(), m = rb.size(), size = n + m;
    if (n == 0 || m == 0 || size > o.max_assignment) return;
    auto creation = [&](const std::vector<std::uint64_t>& h) {
        // +1: a patch without diff lines still costs something to drop, so an empty pair is
        // not free.
        return static_cast<std::int64_t>((h.size() + 1) * o.creation_factor * 100);
    };
    std::vector<std::int64_t> cost(size * size, 0);
    std::size_t budget = o.max_compared_lines;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) {
            const auto &x = a.hashes[ra[i]], &y = b.hashes[rb[j]];
            std::size_t work = x.size() + y.size();
            if (work > budget) {
                cost[i * size + j] = kNever; // over the bound: these two are not compared
                continue;
            }
            budget -= work;
            cost[i * size + j] = (diff_size(x, y) + 1) * 100;
        }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = m; j < size; ++j)
            cost[i * size + j] = creation(a.hashes[ra[i]]);
    for (std::size_t i = n; i < size; ++i)
        for (std::size_t j = 0; j < m; ++j)
            cost[i * size + j] = creation(b.hashes[rb[j]]);
    auto col = assign(cost, size);
    for (std::size_t i = 0; i < n; ++i)
        if (col[i] < m && cost[i * size + col[i]] < kNever)
            pair(a, b, ra[i], rb[col[i]], method, "similar");
}

} // namespace

std::vector<RangeDiffPair> range_diff(const std::vector<RangeDiffPatch>& pa,
                                      const std::vector<RangeDiffPatch>& pb,
                                      const RangeDiffOptions& options) {
    Side a = read_side(pa), b = read_side(pb);
    std::vector<std::string> method(pa.size());
    // 1. The same changed lines (a rebase or a new trailer keeps them). Candidates by a hash of
    // the whole sequence, oldest first, so this stays linear on long series.
    std::map<std::uint64_t, std::deque<std::size_t>> by_diff;
    for (std::size_t j = 0; j < pb.size(); ++j)
        if (!b.lines[j].empty()) by_diff[sequence_hash(b.lines[j])].push_back(j);
    for (std::size_t i = 0; i < pa.size(); ++i) {
        if (a.lines[i].empty()) continue;
        auto it = by_diff.find(sequence_hash(a.lines[i]));
        if (it == by_diff.end()) continue;
        auto& js = it->second;
        auto hit = std::find_if(js.begin(), js.end(),
                                [&](std::size_t j) { return a.lines[i] == b.lines[j]; });
        if (hit == js.end()) continue;
        pair(a, b, i, *hit, method, "diff");
        js.erase(hit);
    }
    // 2. The same subject: the author says it is the same patch, however much it changed.
    std::map<std::string, std::deque<std::size_t>> by_subject;
    for (std::size_t j = 0; j < pb.size(); ++j)
        if (b.match[j] < 0 && !b.subjects[j].empty()) by_subject[b.subjects[j]].push_back(j);
    for (std::size_t i = 0; i < pa.size(); ++i) {
        if (a.match[i] >= 0 || a.subjects[i].empty()) continue;
        auto it = by_subject.find(a.subjects[i]);
        if (it == by_subject.end() || it->second.empty()) continue;
        pair(a, b, i, it->second.front(), method, "subject");
        it->second.pop_front();
    }
    // 3. The rest by similarity of their changed lines.
    pair_by_cost(a, b, method, options);

    // git range-diff's order: B's patches in order; an unpaired A patch comes as soon as every
    // A patch before it was shown.
    std::vector<RangeDiffPair> out;
    std::vector<bool> shown(pa.size(), false);
    auto emit_pair = [&](std::size_t i, std::size_t j) {
        RangeDiffPair p;
        p.a = i;
        p.b = j;
        p.method = method[i];
        p.interdiff = a.lines[i] == b.lines[j] ? std::string() : interdiff(pa[i].diff, pb[j].diff);
        p.status = p.interdiff.empty() ? '=' : '!';
        out.push_back(std::move(p));
        shown[i] = true;
    };
    std::size_t i = 0, j = 0;
    while (i < pa.size() || j < pb.size()) {
        while (i < pa.size() && shown[i])
            ++i;
        if (i < pa.size() && a.match[i] < 0) {
            RangeDiffPair p;
            p.a = i;
            p.status = '<';
            out.push_back(std::move(p));
            shown[i++] = true;
            continue;
        }
        while (j < pb.size() && b.match[j] < 0) {
            RangeDiffPair p;
            p.b = j++;
            p.status = '>';
            out.push_back(std::move(p));
        }
        if (j < pb.size()) {
            emit_pair(static_cast<std::size_t>(b.match[j]), j);
            ++j;
        } else if (i < pa.size() && !shown[i]) {
            // Only paired A patches are left and B is done: cannot happen (each pair is shown
            // with its B), but never loop forever on it.
            shown[i] = true;
        }
    }
    return out;
}

std::string format_range_diff(const std::vector<RangeDiffPair>& pairs,
                              const std::vector<RangeDiffPatch>& a,
                              const std::vector<RangeDiffPatch>& b) {
    const std::size_t width = std::to_string(std::max(a.size(), b.size())).size();
    auto side = [&](const std::optional<std::size_t>& k, const std::vector<RangeDiffPatch>& ps) {
        std::string n = k ? std::to_string(*k + 1) : "-";
        std::string s(width > n.size() ? width - n.size() : 0, ' ');
        s += n + ":  ";
        s += k && *k < ps.size() ? ps[*k].subject : std::string("-------");
        return s;
    };
    std::string out;
    for (const auto& p : pairs) {
        out += side(p.a, a);
        out += ' ';
        out += p.status;
        out += ' ';
        out += side(p.b, b);
        out += '\n';
        std::size_t pos = 0;
        while (pos < p.interdiff.size()) {
            std::size_t end = p.interdiff.find('\n', pos);
            if (end == std::string::npos) end = p.interdiff.size();
            out += "    ";
            out.append(p.interdiff, pos, end - pos);
            out += '\n';
            pos = end + 1;
        }
    }
    return out;
}

} // namespace lkmine
