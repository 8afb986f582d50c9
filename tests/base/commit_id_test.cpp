// CommitId: 40 hex digits in 20 bytes and back, sorted as the hex sorts.
#include "core/base/commit_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace lkmine {
namespace {

TEST(CommitId, HexInAndOutSortedAsTheHex) {
    const std::string sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00123abcd";
    auto id = CommitId::parse(sha);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->hex(), sha);
    EXPECT_EQ(id->bytes[0], 0x0f);
    EXPECT_EQ(id->bytes[19], 0xcd);
    auto upper = CommitId::parse("0F1E2D3C4B5A69788796A5B4C3D2E1F00123ABCD");
    ASSERT_TRUE(upper.has_value());
    EXPECT_EQ(*upper, *id);
    for (const char* bad :
         {"", "0f1e2d3c4b5a69788796a5b4c3d2e1f00123abc",
          "0f1e2d3c4b5a69788796a5b4c3d2e1f00123abcde", "0f1e2d3c4b5a69788796a5b4c3d2e1f00123abcg"})
        EXPECT_FALSE(CommitId::parse(bad).has_value()) << bad;
    std::vector<std::string> hex = {
        "ff00000000000000000000000000000000000000", "0000000000000000000000000000000000000001",
        "a000000000000000000000000000000000000000", "0900000000000000000000000000000000000000",
        "00000000000000000000000000000000000000f0"};
    std::vector<CommitId> ids;
    for (const auto& h : hex)
        ids.push_back(*CommitId::parse(h));
    std::sort(hex.begin(), hex.end());
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 0; i < hex.size(); ++i)
        EXPECT_EQ(ids[i].hex(), hex[i]);
}

} // namespace
} // namespace lkmine
