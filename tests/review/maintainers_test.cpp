// MAINTAINERS sections and get_maintainer.pl's path rules.
#include "core/review/maintainers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>

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

// Excerpts of the kernel's MAINTAINERS (sections as they read there, trimmed to a few lines).
const char* kRealExcerpt = "ARM/Allwinner sunXi SoC support\n"
                           "M:\tChen-Yu Tsai <wens@csie.org>\n"
                           "M:\tJernej Skrabec <jernej.skrabec@gmail.com>\n"
                           "M:\tSamuel Holland <samuel@sholland.org>\n"
                           "L:\tlinux-sunxi@lists.linux.dev\n"
                           "S:\tMaintained\n"
                           "F:\tarch/arm/mach-sunxi/\n"
                           "F:\tdrivers/clk/sunxi-ng/\n"
                           "F:\tdrivers/pinctrl/sunxi/\n"
                           "N:\tallwinner\n"
                           "N:\tsun[x456789]i\n"
                           "N:\tsun[25]0i\n"
                           "\n"
                           "ARM/Rockchip SoC support\n"
                           "M:\tHeiko Stuebner <heiko@sntech.de>\n"
                           "L:\tlinux-rockchip@lists.infradead.org\n"
                           "S:\tMaintained\n"
                           "F:\tarch/arm/mach-rockchip/\n"
                           "F:\tdrivers/*/*/*rockchip*\n"
                           "F:\tdrivers/*/*rockchip*\n"
                           "N:\trockchip\n"
                           "\n"
                           "TEGRA ARCHITECTURE SUPPORT\n"
                           "M:\tThierry Reding <thierry.reding@gmail.com>\n"
                           "M:\tJonathan Hunter <jonathanh@nvidia.com>\n"
                           "L:\tlinux-tegra@vger.kernel.org\n"
                           "S:\tSupported\n"
                           "F:\tdrivers/firmware/tegra/\n"
                           "N:\t[^a-z]tegra\n"
                           "\n"
                           "NETWORKING [GENERAL]\n"
                           "M:\tJakub Kicinski <kuba@kernel.org>\n"
                           "M:\tPaolo Abeni <pabeni@redhat.com>\n"
                           "L:\tnetdev@vger.kernel.org\n"
                           "S:\tMaintained\n"
                           "F:\tinclude/net/\n"
                           "F:\tnet/\n"
                           "X:\tnet/bluetooth/\n"
                           "X:\tnet/mac80211/\n"
                           "X:\tnet/wireless/\n"
                           "\n"
                           "NETWORKING [WIRELESS]\n"
                           "M:\tJohannes Berg <johannes@sipsolutions.net>\n"
                           "L:\tlinux-wireless@vger.kernel.org\n"
                           "S:\tMaintained\n"
                           "F:\tnet/mac80211/\n"
                           "F:\tnet/wireless/\n";

std::vector<std::string> area_of(const std::vector<std::string>& me, std::string_view path) {
    auto m = AreaMatcher::make(sections_of(parse_maintainers(kRealExcerpt), me));
    EXPECT_TRUE(m) << m.error();
    return m ? m->matches(path) : std::vector<std::string>{};
}

using Labels = std::vector<std::string>;

TEST(Maintainers, NLinesAreRegexesSearchedInThePath) {
    auto secs = sections_of(parse_maintainers(kRealExcerpt), {"wens@csie.org"});
    ASSERT_EQ(secs.size(), 1u);
    EXPECT_EQ(secs[0].file_regexes, (Labels{"allwinner", "sun[x456789]i", "sun[25]0i"}));
    const Labels sunxi{"wens@csie.org"};
    // Found anywhere in the path, as get_maintainer.pl's m/VALUE/x does.
    EXPECT_EQ(area_of(sunxi, "arch/arm/boot/dts/allwinner/sun4i-a10.dtsi"),
              (Labels{"N:allwinner", "N:sun[x456789]i"}));
    EXPECT_EQ(area_of(sunxi, "arch/arm64/boot/dts/allwinner/sun50i-h6.dtsi"),
              (Labels{"N:allwinner", "N:sun[25]0i"}));
    EXPECT_EQ(area_of(sunxi, "drivers/clk/sunxi-ng/ccu-sun8i-h3.c"),
              (Labels{"drivers/clk/sunxi-ng/", "N:sun[x456789]i"}));
    EXPECT_TRUE(area_of(sunxi, "drivers/net/ethernet/sun/sunvnet.c").empty());
    const Labels rockchip{"heiko@sntech.de"};
    EXPECT_EQ(area_of(rockchip, "drivers/phy/rockchip/phy-rockchip-pcie.c"),
              (Labels{"drivers/*/*/*rockchip*", "N:rockchip"}));
    // One level deeper than the F: glob: only the N: line covers it.
    EXPECT_EQ(area_of(rockchip, "drivers/gpu/drm/rockchip/rockchip_drm_drv.c"),
              (Labels{"N:rockchip"}));
    EXPECT_EQ(area_of(rockchip, "arch/arm64/boot/dts/rockchip/rk3399.dtsi"),
              (Labels{"N:rockchip"}));
    EXPECT_TRUE(area_of(rockchip, "drivers/gpu/drm/meson/meson_drv.c").empty());
    // "[^a-z]tegra": a path component starting with tegra, not a word containing it.
    const Labels tegra{"jonathanh@nvidia.com"};
    EXPECT_EQ(area_of(tegra, "drivers/gpu/drm/tegra/dc.c"), (Labels{"N:[^a-z]tegra"}));
    EXPECT_EQ(area_of(tegra, "drivers/firmware/tegra/bpmp.c"),
              (Labels{"drivers/firmware/tegra/", "N:[^a-z]tegra"}));
    EXPECT_TRUE(area_of(tegra, "drivers/media/integrated.c").empty());
    EXPECT_TRUE(area_of(tegra, "tegra.c").empty()); // nothing before it: [^a-z] needs a char
}

TEST(Maintainers, XLinesLeaveAPathOutOfTheirOwnSectionOnly) {
    const Labels kuba{"kuba@kernel.org"};
    EXPECT_EQ(area_of(kuba, "net/ipv4/tcp.c"), (Labels{"net/"}));
    EXPECT_TRUE(area_of(kuba, "net/mac80211/rx.c").empty());
    EXPECT_TRUE(area_of(kuba, "net/wireless/nl80211.c").empty());
    EXPECT_EQ(area_of(kuba, "include/net/mac80211.h"), (Labels{"include/net/"}));
    // Someone in both sections: the general section's X: does not hide wireless paths.
    const Labels both{"kuba@kernel.org", "johannes@sipsolutions.net"};
    EXPECT_EQ(area_of(both, "net/mac80211/rx.c"), (Labels{"net/mac80211/"}));
    EXPECT_EQ(area_of(both, "net/ipv4/tcp.c"), (Labels{"net/"}));
    // An X: hides the section's N: matches too.
    MaintainersSection s{"S", {}, {}, {"drivers/gpu/"}, {"rockchip"}};
    auto m = AreaMatcher::make({s});
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->matches("drivers/gpu/drm/rockchip/x.c").empty());
    EXPECT_EQ(m->matches("sound/soc/rockchip/i2s.c"), (Labels{"N:rockchip"}));
}

TEST(Maintainers, WhatTheQueueSearches) {
    auto m = AreaMatcher::make(sections_of(parse_maintainers(kRealExcerpt), {"kuba@kernel.org"}));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->literal_dirs(), (Labels{"include/net", "net"}));
    EXPECT_FALSE(m->needs_all()); // the dfn: terms of the F: directories are enough
    auto r = AreaMatcher::make(sections_of(parse_maintainers(kRealExcerpt), {"heiko@sntech.de"}));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->needs_all()); // an N: regex has no directory: every patch of the window
}

TEST(Maintainers, PerlExtendedRegexesAndBadOnes) {
    EXPECT_EQ(perl_x_to_ecmascript("sun [25] 0i  # A64, H6"), "sun[25]0i");
    EXPECT_EQ(perl_x_to_ecmascript("a[ #]b\\ c d"), "a[ #]b\\ cd"); // an escaped blank stays
    EXPECT_EQ(perl_x_to_ecmascript("[]x ]y"), "[]x ]y");
    MaintainersSection bad{"BROKEN", {}, {}, {}, {"sun[25"}};
    auto m = AreaMatcher::make({bad});
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().find("BROKEN"), std::string::npos) << m.error();
    EXPECT_NE(m.error().find("N: sun[25"), std::string::npos) << m.error();
}

// The dfn: terms the index holds for a patch touching `paths`: every run of their components
// (schema.hpp XDFN), sorted, each once.
std::vector<std::string> dfn_terms(const std::vector<std::string>& paths) {
    std::set<std::string> out;
    for (const auto& p : paths) {
        std::vector<std::size_t> starts{0}, ends;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p[i] == '/') ends.push_back(i), starts.push_back(i + 1);
        ends.push_back(p.size());
        for (std::size_t a = 0; a < starts.size(); ++a)
            for (std::size_t b = a; b < ends.size(); ++b)
                out.insert(p.substr(starts[a], ends[b] - starts[a]));
    }
    return {out.begin(), out.end()};
}

TEST(Maintainers, AreasFromTheIndexTermsOfAPatch) {
    const char* io_uring = "IO_URING\n"
                           "M:\tJens Axboe <axboe@kernel.dk>\n"
                           "F:\tinclude/linux/io_uring/\n"
                           "F:\tinclude/linux/io_uring.h\n"
                           "F:\tinclude/linux/io_uring_types.h\n"
                           "F:\tinclude/uapi/linux/io_uring.h\n"
                           "F:\tio_uring/\n";
    auto m = AreaMatcher::make(parse_maintainers(io_uring));
    ASSERT_TRUE(m);
    auto direct = [&](const std::vector<std::string>& paths) {
        Labels out;
        for (const auto& p : paths)
            for (const auto& a : m->matches(p))
                if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
        std::sort(out.begin(), out.end());
        return out;
    };
    auto from_terms = [&](const std::vector<std::string>& paths) -> std::optional<Labels> {
        auto got = areas_of_path_runs(*m, dfn_terms(paths));
        if (got) std::sort(got->begin(), got->end());
        return got;
    };
    // The whole paths are the terms no other term holds as a run: the same areas as the paths.
    for (const std::vector<std::string>& paths :
         {std::vector<std::string>{"io_uring/net.c", "include/linux/io_uring_types.h"},
          {"io_uring/io_uring.c", "io_uring/io_uring.h", "include/linux/io_uring.h"},
          {"fs/ext4/inode.c", "Documentation/filesystems/ext4.rst"},
          {"tools/testing/selftests/net/io_uring_zerocopy_tx.c", "io_uring/net.c"}}) {
        auto got = from_terms(paths);
        ASSERT_TRUE(got) << paths[0];
        EXPECT_EQ(*got, direct(paths)) << paths[0];
    }
    EXPECT_EQ(*from_terms({"fs/ext4/inode.c"}), Labels{});
    // A run of a longer path that an area would take: a path of its own or not, only the mail
    // tells (tools/ keeps a copy of the uapi header).
    EXPECT_FALSE(from_terms({"tools/include/uapi/linux/io_uring.h"}));
    EXPECT_FALSE(
        from_terms({"tools/include/uapi/linux/io_uring.h", "include/uapi/linux/io_uring.h"}));
    EXPECT_FALSE(from_terms({"tools/io_uring/io_uring-bench.c"})); // io_uring/ as a run
}

} // namespace
} // namespace lkmine
