// What the index searches as own and as quoted text is what segment_body() (and so the GUI
// and `lkmine parse`) shows: an indented "> " line is quoted in both.
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

std::size_t hits(StoreReader& r, const std::string& q) {
    auto page = r.search(q, {});
    EXPECT_TRUE(page.ok()) << q << ": " << page.error();
    return page.ok() ? page->results.size() : 0;
}

TEST(BodyTerms, IndentedQuoteIsQuotedTextNotOwnProse) {
    fs::path dir = fs::temp_directory_path() / ("lkmine-bodyterms-" + std::to_string(getpid()));
    fs::remove_all(dir);
    const std::string raw = "From: Bob <bob@example.com>\n"
                            "Subject: Re: [PATCH] x: fix y\n"
                            "Message-ID: <r1@example.com>\n"
                            "In-Reply-To: <p1@example.com>\n"
                            "Date: Mon, 4 Jul 2022 10:00:00 +0000\n"
                            "\n"
                            "Ann wrote:\n"
                            " > zanzibar quoted with a blank first\n"
                            "> plainquote marker\n"
                            "\n"
                            "Ownprose here.\n";
    {
        auto w = StoreWriter::open(dir.string());
        ASSERT_TRUE(w.ok()) << w.error();
        ASSERT_TRUE(w->add(parse_message(RawMessage{raw, {"t", ""}, {}}), raw, {}).ok());
        ASSERT_TRUE(w->commit().ok());
    }
    auto r = StoreReader::open(dir.string());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(hits(*r, "q:zanzibar"), 1u);
    EXPECT_EQ(hits(*r, "nq:zanzibar"), 0u);
    EXPECT_EQ(hits(*r, "q:plainquote"), 1u);
    EXPECT_EQ(hits(*r, "nq:ownprose"), 1u);
    EXPECT_EQ(hits(*r, "q:ownprose"), 0u);
    EXPECT_EQ(hits(*r, "b:zanzibar"), 1u); // b: is own and quoted text, as on lore
    fs::remove_all(dir);
}

} // namespace
} // namespace lkmine
