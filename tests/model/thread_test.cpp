// Strict JWZ threading: every small thread shape in every order of arrival gives the same tree.
#include "core/model/thread.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lkmine {
namespace {

ThreadNode mail(std::string id, std::int64_t date, std::vector<std::string> refs = {},
                std::string irt = "") {
    ThreadNode n;
    n.message_id = std::move(id);
    n.date = date;
    n.references = std::move(refs);
    n.in_reply_to = irt.empty() && !n.references.empty() ? n.references.back() : irt;
    return n;
}

ThreadNode ghost(std::string id) {
    ThreadNode n;
    n.message_id = std::move(id);
    n.ghost = true;
    return n;
}

// One line per message, indented by depth, "[ghost]" for placeholders; also checks that
// the parent index points at the line one level up.
std::string render(const std::vector<ThreadLine>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        if (l.parent >= 0) {
            EXPECT_LT(l.parent, static_cast<int>(i));
            EXPECT_EQ(lines[l.parent].depth + 1, l.depth);
        } else {
            EXPECT_EQ(l.depth, 0);
        }
        out += std::string(l.depth * 2, ' ') + l.message_id + (l.ghost ? " [ghost]" : "") + "\n";
    }
    return out;
}

// Feeds every permutation of `nodes` and expects `want` each time.
void expect_every_order(std::vector<ThreadNode> nodes, const std::string& want) {
    std::vector<int> perm(nodes.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        perm[i] = static_cast<int>(i);
    int tried = 0;
    do {
        std::vector<ThreadNode> in;
        for (int i : perm)
            in.push_back(nodes[i]);
        auto lines = build_thread(in);
        ASSERT_EQ(render(lines), want) << "permutation #" << tried;
        for (const auto& l : lines) {
            if (l.node >= 0) {
                EXPECT_EQ(in[l.node].message_id, l.message_id);
            }
        }
        ++tried;
    } while (std::next_permutation(perm.begin(), perm.end()));
}

TEST(Thread, ChainOfThree) {
    expect_every_order({mail("a", 1), mail("b", 2, {"a"}), mail("c", 3, {"a", "b"})},
                       "a\n  b\n    c\n");
}

TEST(Thread, ParentWithTwoChildrenOrderedByDate) {
    expect_every_order({mail("p", 1), mail("late", 9, {"p"}), mail("early", 5, {"p"})},
                       "p\n  early\n  late\n");
}

TEST(Thread, MissingParentJoinsSiblingsUnderPlaceholder) {
    expect_every_order({mail("b", 2, {"a"}), mail("c", 3, {"a"})}, "a [ghost]\n  b\n  c\n");
    expect_every_order({mail("b", 2, {"a"}), mail("c", 3, {"a"}), ghost("a")},
                       "a [ghost]\n  b\n  c\n");
}

TEST(Thread, MissingParentOfALoneReplyIsShown) {
    expect_every_order({mail("b", 2, {"a"}), ghost("a")}, "a [ghost]\n  b\n");
    expect_every_order({mail("b", 2, {"a"})}, "a [ghost]\n  b\n");
    // A chain of missing ancestors stays a chain, as References says.
    expect_every_order({mail("c", 3, {"a", "b"}), ghost("a"), ghost("b")},
                       "a [ghost]\n  b [ghost]\n    c\n");
}

TEST(Thread, ReplyToAMissingMailIsNotDrawnUnderTheRoot) {
    // c answers b (not archived), which answered the patch a.
    expect_every_order({mail("a", 1), mail("c", 3, {"a", "b"})}, "a\n  b [ghost]\n    c\n");
}

TEST(Thread, MissingIdInReferencesOverruledByInReplyToStaysAsALeaf) {
    // b's References put x between a and b, its In-Reply-To says a: x is shown under a.
    expect_every_order({mail("a", 1), mail("b", 3, {"a", "x"}, "a")}, "a\n  b\n  x [ghost]\n");
}

TEST(Thread, GhostNoMailNamesIsLeftOut) {
    expect_every_order({mail("a", 1), ghost("gone")}, "a\n");
}

TEST(Thread, FourMailTreeWhoseRootArrivesLast) {
    // Before the root arrives its id is a ghost; the set with the root gives the full tree.
    expect_every_order(
        {mail("b", 2, {"r"}), mail("c", 3, {"r", "b"}), mail("d", 4, {"r"}), mail("r", 1)},
        "r\n  b\n    c\n  d\n");
}

TEST(Thread, ReferencesChainPlacesAncestorsWhenParentMissing) {
    // c and d name a and b; b is missing, so b sits under a as a placeholder.
    expect_every_order({mail("a", 1), mail("c", 3, {"a", "b"}), mail("d", 4, {"a", "b"})},
                       "a\n  b [ghost]\n    c\n    d\n");
}

TEST(Thread, InReplyToWinsOverConflictingReferences) {
    // x's References say it replies to b, its In-Reply-To says a; the mail's own parent
    // claim is In-Reply-To.
    expect_every_order({mail("a", 1), mail("b", 2, {"a"}), mail("x", 3, {"a", "b"}, "a")},
                       "a\n  b\n  x\n");
}

TEST(Thread, CycleInReferencesDoesNotHang) {
    auto lines = build_thread({mail("a", 1, {"b"}), mail("b", 2, {"a"})});
    ASSERT_EQ(lines.size(), 2u);
    std::vector<std::string> ids{lines[0].message_id, lines[1].message_id};
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));
    expect_every_order({mail("a", 1, {"c", "b"}), mail("b", 2, {"a", "c"}), mail("c", 3, {"b"})},
                       render(build_thread({mail("a", 1, {"c", "b"}), mail("b", 2, {"a", "c"}),
                                            mail("c", 3, {"b"})})));
}

TEST(Thread, SelfReferenceAndDuplicateIdsAreHarmless) {
    auto lines = build_thread({mail("a", 1, {"a"}), mail("a", 1), mail("b", 2, {"a"})});
    EXPECT_EQ(render(lines), "a\n  b\n");
}

TEST(Thread, DeepChainDoesNotRecurse) {
    std::vector<ThreadNode> nodes;
    for (int i = 0; i < 20000; ++i)
        nodes.push_back(i == 0 ? mail("m0", 0)
                               : mail("m" + std::to_string(i), i, {"m" + std::to_string(i - 1)}));
    std::reverse(nodes.begin(), nodes.end());
    auto lines = build_thread(nodes);
    ASSERT_EQ(lines.size(), 20000u);
    EXPECT_EQ(lines.front().message_id, "m0");
    EXPECT_EQ(lines.back().message_id, "m19999");
    EXPECT_EQ(lines.back().depth, 19999);
}

TEST(Thread, EmptyInput) {
    EXPECT_TRUE(build_thread({}).empty());
}

} // namespace
} // namespace lkmine
