// MAINTAINERS sections and get_maintainer.pl's path rules.
#include "core/review/maintainers.hpp"

#include <gtest/gtest.h>

namespace lkmine {
namespace {

TEST(Maintainers, SectionsOfMeAndTheirPatterns) {
    const char* text = "IO_URING\n"
                       "M:\tJens Axboe <axboe@kernel.dk>\n"
                       "R:\tPavel Begunkov <asml.silence@gmail.com>\n"
                       "L:\tio-uring@vger.kernel.org\n"
                       "F:\tio_uring/\n"
                       "F:\tinclude/linux/io_uring*\n"
                       "X:\tio_uring/notif.c\n"
                       "\n"
                       "OTHER\n"
                       "M:\tSomeone <s@example.org>\n"
                       "F:\tfs/\n";
    auto all = parse_maintainers(text);
    ASSERT_EQ(all.size(), 2u);
    auto mine = sections_of(all, {"ASML.silence@gmail.com"});
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].name, "IO_URING");
    EXPECT_EQ(mine[0].files, (std::vector<std::string>{"io_uring/", "include/linux/io_uring*"}));
    EXPECT_EQ(mine[0].excluded, (std::vector<std::string>{"io_uring/notif.c"}));
}

TEST(Maintainers, PathRulesOfGetMaintainer) {
    EXPECT_TRUE(path_matches("io_uring/", "io_uring/net.c"));
    EXPECT_TRUE(path_matches("io_uring/", "io_uring/sub/dir.c"));
    EXPECT_FALSE(path_matches("io_uring/", "tools/io_uring/x.c"));
    EXPECT_TRUE(path_matches("include/linux/io_uring*", "include/linux/io_uring_types.h"));
    EXPECT_FALSE(path_matches("include/linux/io_uring*", "include/linux/io_uring/cmd.h"));
    EXPECT_TRUE(path_matches("drivers/net/*.c", "drivers/net/loopback.c"));
    EXPECT_FALSE(path_matches("drivers/net/*.c", "drivers/net/phy/phy.c"));
    EXPECT_TRUE(path_matches("io_uring", "io_uring/rw.c")); // a directory without its slash
    EXPECT_EQ(literal_dir("include/linux/io_uring*"), "include/linux");
    EXPECT_EQ(literal_dir("io_uring/"), "io_uring");
    EXPECT_EQ(literal_dir("*.c"), "");
}

} // namespace
} // namespace lkmine
