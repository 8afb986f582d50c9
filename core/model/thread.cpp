// Strict JWZ threading with explicit stacks, independent of arrival order.
#include "core/model/thread.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace lkmine {
namespace {

constexpr std::size_t kMaxReferences = 512; // the tail is what matters for parentage

struct Container {
    std::string_view id;
    int node = -1;  // input index of a real (non-ghost) message, -1 when empty
    int input = -1; // first input index with this id, ghost or not
    int parent = -1;
    std::vector<int> children;
    std::int64_t date = std::numeric_limits<std::int64_t>::max();
    bool removed = false;
    bool has_child = false;  // only then can linking it close a cycle
    bool referenced = false; // named by a mail of the set (In-Reply-To or References)
};

class Builder {
  public:
    int get(std::string_view id) {
        auto [it, inserted] = index_.try_emplace(id, static_cast<int>(all_.size()));
        if (inserted) {
            all_.emplace_back();
            all_.back().id = id;
        }
        return it->second;
    }

    // Links child under parent unless that closes a cycle or child already has a parent
    // and `overwrite` is false.
    void link(int child, int parent, bool overwrite) {
        if (child == parent) return;
        if (all_[child].parent >= 0 && !overwrite) return;
        std::size_t steps = 0;
        if (all_[child].has_child)
            for (int p = parent; p >= 0; p = all_[p].parent)
                if (p == child || ++steps > all_.size()) return;
        all_[child].parent = parent;
        all_[parent].has_child = true;
    }

    std::vector<Container> all_;

  private:
    std::unordered_map<std::string_view, int> index_;
};

// Input indices sorted by (ghost last, date, id), so duplicates and links resolve the same way
// whatever the order of arrival.
std::vector<int> canonical_order(const std::vector<ThreadNode>& nodes) {
    std::vector<int> order(nodes.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const auto &x = nodes[a], &y = nodes[b];
        if (x.ghost != y.ghost) return !x.ghost;
        if (x.date != y.date) return x.date < y.date;
        return x.message_id < y.message_id;
    });
    return order;
}

void link_all(Builder& b, const std::vector<ThreadNode>& nodes, const std::vector<int>& order) {
    for (int i : order) {
        int c = b.get(nodes[i].message_id);
        if (b.all_[c].input < 0) b.all_[c].input = i;
        if (!nodes[i].ghost && b.all_[c].node < 0) {
            b.all_[c].node = i;
            b.all_[c].date = nodes[i].date;
        }
    }
    // A mail's own claim about its parent is the strongest evidence, so it goes first.
    for (int i : order) {
        const auto& n = nodes[i];
        if (n.ghost) continue;
        std::string_view parent = n.in_reply_to;
        if (parent.empty() && !n.references.empty()) parent = n.references.back();
        if (!parent.empty()) {
            int p = b.get(parent);
            b.all_[p].referenced = true;
            b.link(b.get(n.message_id), p, true);
        }
    }
    for (int i : order) {
        const auto& refs = nodes[i].references;
        if (nodes[i].ghost) continue;
        std::size_t first = refs.size() > kMaxReferences ? refs.size() - kMaxReferences : 0;
        for (std::size_t r = first; r < refs.size(); ++r)
            b.all_[b.get(refs[r])].referenced = true;
        for (std::size_t r = first; r + 1 < refs.size(); ++r)
            b.link(b.get(refs[r + 1]), b.get(refs[r]), false);
    }
}

// Pre-order over the parent links, roots first; explicit stack.
std::vector<int> preorder(std::vector<Container>& all, std::vector<int>& roots) {
    for (auto& c : all)
        c.children.clear();
    roots.clear();
    for (int i = 0; i < static_cast<int>(all.size()); ++i) {
        if (all[i].parent >= 0)
            all[all[i].parent].children.push_back(i);
        else
            roots.push_back(i);
    }
    std::vector<int> out, stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
        int c = stack.back();
        stack.pop_back();
        out.push_back(c);
        for (auto it = all[c].children.rbegin(); it != all[c].children.rend(); ++it)
            stack.push_back(*it);
    }
    return out;
}

// Every referenced id stays in the tree where References puts it, so a reply to a missing mail
// is drawn under that mail, not under the thread root; an id whose place in the chain a
// mail's own In-Reply-To overruled stays as a leaf under its References parent. Only a ghost
// document no mail of the set names goes.
void prune_and_date(std::vector<Container>& all, std::vector<int>& roots,
                    const std::vector<int>& pre) {
    for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
        Container& c = all[*it];
        std::erase_if(c.children, [&](int k) { return all[k].removed; });
        for (int k : c.children)
            c.date = std::min(c.date, all[k].date);
        if (c.node < 0 && c.children.empty() && !c.referenced) c.removed = true;
    }
    std::erase_if(roots, [&](int k) { return all[k].removed; });
}

} // namespace

std::vector<ThreadLine> build_thread(const std::vector<ThreadNode>& nodes) {
    Builder b;
    link_all(b, nodes, canonical_order(nodes));
    auto& all = b.all_;
    std::vector<int> roots;
    prune_and_date(all, roots, preorder(all, roots));

    auto earlier = [&](int x, int y) {
        if (all[x].date != all[y].date) return all[x].date < all[y].date;
        return all[x].id < all[y].id;
    };
    std::sort(roots.begin(), roots.end(), earlier);
    std::vector<ThreadLine> out;
    std::vector<std::pair<int, int>> stack; // container, parent line
    for (auto it = roots.rbegin(); it != roots.rend(); ++it)
        stack.push_back({*it, -1});
    while (!stack.empty()) {
        auto [c, parent] = stack.back();
        stack.pop_back();
        ThreadLine line;
        line.message_id = std::string(all[c].id);
        line.node = all[c].node >= 0 ? all[c].node : all[c].input;
        line.ghost = all[c].node < 0;
        line.parent = parent;
        line.depth = parent < 0 ? 0 : out[parent].depth + 1;
        out.push_back(std::move(line));
        auto& kids = all[c].children;
        std::sort(kids.begin(), kids.end(), earlier);
        int me = static_cast<int>(out.size()) - 1;
        for (auto k = kids.rbegin(); k != kids.rend(); ++k)
            stack.push_back({*k, me});
    }
    return out;
}

} // namespace lkmine
