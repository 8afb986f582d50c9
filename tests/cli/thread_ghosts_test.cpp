// Threads show every missing mail they refer to (a lone reply too), checked against an oracle:
// the connected components of the In-Reply-To/References graph over a whole real epoch.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace lkmine::test {
namespace {

using Json = nlohmann::json;

// Every node of a `thread --json` tree, depth first.
std::vector<Json> nodes_of(const Json& tree) {
    std::vector<Json> out, stack(tree["roots"].begin(), tree["roots"].end());
    while (!stack.empty()) {
        Json n = stack.back();
        stack.pop_back();
        for (const auto& c : n["children"])
            stack.push_back(c);
        out.push_back(std::move(n));
    }
    return out;
}

std::size_t count_of(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (auto p = text.find(word); p != std::string::npos; p = text.find(word, p + 1))
        ++n;
    return n;
}

// The flattened seed is one reply whose References name 10 mails no source holds: all 10
// are ghosts of its thread, in text and JSON, and `show` of one is an error.
TEST(ThreadGhosts, LoneReplyShowsEveryMissingParent) {
    LKMINE_REQUIRE_CORPUS("seeds/004_3fb08d2b406b8ea0.txt");
    TempDir t;
    std::string db = (t / "db").string();
    auto r = lkmine(
        {"index", "--db", db, (shared_corpora() / "seeds/004_3fb08d2b406b8ea0.txt").string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    Counts c = stats(t / "db");
    ASSERT_EQ(c.mails, 1u);
    EXPECT_EQ(c.ghosts, 10u);
    auto ids = all_ids(t / "db");
    ASSERT_EQ(ids.size(), 1u);
    const std::string mail = *ids.begin();

    auto th = lkmine({"thread", "--db", db, "--json", mail});
    ASSERT_EQ(th.status, 0) << th.err;
    Json tree = Json::parse(th.out);
    auto nodes = nodes_of(tree);
    std::size_t ghosts = std::count_if(nodes.begin(), nodes.end(),
                                       [](const Json& n) { return n["ghost"].get<bool>(); });
    EXPECT_EQ(ghosts, c.ghosts) << th.out;
    EXPECT_EQ(nodes.size(), c.ghosts + 1);
    // The reply sits under its In-Reply-To parent, at the end of the References chain.
    auto text = lkmine({"thread", "--db", db, mail});
    EXPECT_EQ(count_of(text.out, "[missing]"), c.ghosts) << text.out;
    EXPECT_EQ(text.out.rfind("[missing]") < text.out.find("* "), true) << text.out;

    std::string ghost;
    for (const auto& n : nodes)
        if (n["ghost"].get<bool>()) ghost = n["message_id"];
    auto show = lkmine({"show", "--db", db, ghost});
    EXPECT_EQ(show.status, 1) << show.out;
    EXPECT_NE(show.err.find("missing mail"), std::string::npos) << show.err;
    EXPECT_TRUE(show.out.empty()) << show.out;
}

// threads_oracle.py (Python's email package) computes the components, ghosts included, and
// asks lkmine for the thread of one mail of each: every one must hold exactly its component.
TEST(ThreadGhosts, FscryptThreadsAreTheComponentsOfTheReferenceGraph) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt");
    TempDir t;
    std::string db = (t / "db").string();
    auto r = lkmine({"index", "--db", db, fscrypt_epoch().string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    auto o = run({"python3", std::string(LKMINE_SOURCE_DIR) + "/bench/accuracy/threads_oracle.py",
                  "--epoch", fscrypt_epoch().string(), "--db", db, "--lkmine", LKMINE_BINARY},
                 1200);
    Json j = Json::parse(o.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << o.out << o.err;
    EXPECT_EQ(o.status, 0) << o.out;
    EXPECT_EQ(j["checked"], j["threads"]);
    EXPECT_EQ(j["agree"], j["threads"]) << j["differences"].dump(1);
    EXPECT_GT(j["lone_replies_to_ghosts"].get<int>(), 0) << "the case the check is about";
    Counts c = stats(t / "db");
    EXPECT_EQ(c.mails, j["mails"].get<std::size_t>());
    EXPECT_EQ(c.ghosts, j["ghosts"].get<std::size_t>());
    EXPECT_EQ(c.threads, j["threads"].get<std::size_t>());
}

} // namespace
} // namespace lkmine::test
