// Tests for Message-ID extraction from References/In-Reply-To and from command-line arguments.
#include "core/mail/msgid.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace lkmine;
using Ids = std::vector<std::string>;

TEST(MsgId, ReferencesInOrderWithoutDuplicates) {
    EXPECT_EQ(parse_msgid_list("<20220718185521.2297786-1-Liam.Howlett@oracle.com>\r\n"
                               " <a@b> <20220718185521.2297786-1-Liam.Howlett@oracle.com>\t<c@d>"),
              (Ids{"20220718185521.2297786-1-Liam.Howlett@oracle.com", "a@b", "c@d"}));
    EXPECT_EQ(parse_msgid("<tip-4ab9ab656a6cea5257bfa31f00c922d68f7a5c2f@git.kernel.org>"),
              "tip-4ab9ab656a6cea5257bfa31f00c922d68f7a5c2f@git.kernel.org");
    EXPECT_TRUE(parse_msgid_list("").empty());
    EXPECT_EQ(parse_msgid(""), "");
}

TEST(MsgId, JunkBetweenIds) {
    // Emacs/Gnus style In-Reply-To.
    EXPECT_EQ(parse_msgid_list("<87k0a@gnu.org> (Foo Bar's message of \"Mon, 18 Jul 2022 "
                               "10:55:12 -0700\")"),
              (Ids{"87k0a@gnu.org"}));
    EXPECT_EQ(parse_msgid_list("Linus Torvalds's message of Mon, 18 Jul 2022 "
                               "<CAHk-=wg@mail.gmail.com>"),
              (Ids{"CAHk-=wg@mail.gmail.com"}));
    EXPECT_EQ(parse_msgid_list("\"Hugh <x@y>\" <real@id>"), (Ids{"real@id"}));
    EXPECT_EQ(parse_msgid_list("<a@b>, <c@d>,<e@f>"), (Ids{"a@b", "c@d", "e@f"}));
    // An address in prose next to a real id is not an id.
    EXPECT_EQ(parse_msgid_list("torvalds@osdl.org's message <a@b>"), (Ids{"a@b"}));
}

TEST(MsgId, BrokenForms) {
    EXPECT_EQ(parse_msgid_list("20220718.GA123@casper.infradead.org"),
              (Ids{"20220718.GA123@casper.infradead.org"}));
    EXPECT_EQ(parse_msgid_list("a@b c@d"), (Ids{"a@b", "c@d"}));
    // Folding inside an id.
    EXPECT_EQ(parse_msgid_list("<20220718185521.2297786-1-\r\n Liam.Howlett@oracle.com>"),
              (Ids{"20220718185521.2297786-1-Liam.Howlett@oracle.com"}));
    EXPECT_EQ(parse_msgid_list("<a@b> <c@d"), (Ids{"a@b", "c@d"}));
    EXPECT_TRUE(parse_msgid_list("Your message of Mon, 18 Jul 2022 10:55:12 -0700").empty());
    EXPECT_EQ(parse_msgid_list("<1234.5678>"), (Ids{"1234.5678"}));
}

TEST(MsgId, HostileInputTerminates) {
    std::string s(200000, '(');
    EXPECT_TRUE(parse_msgid_list(s).empty());
    std::string q(200000, '"');
    EXPECT_TRUE(parse_msgid_list(q).empty());
    std::string many;
    for (int i = 0; i < 50000; ++i)
        many += "<" + std::to_string(i % 1000) + "@x> ";
    EXPECT_EQ(parse_msgid_list(many).size(), 1000u);
}

TEST(MsgId, FromUserArguments) {
    const std::string id = "20220718185521.2297786-1-Liam.Howlett@oracle.com";
    EXPECT_EQ(msgid_from_arg(id), id);
    EXPECT_EQ(msgid_from_arg("<" + id + ">"), id);
    EXPECT_EQ(msgid_from_arg("  mid:" + id + "\n"), id);
    EXPECT_EQ(msgid_from_arg("mid:<" + id + ">"), id);
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/linux-mm/" + id + "/"), id);
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/r/" + id), id);
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/all/" + id + "/T/#u"), id);
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/linux-mm/" + id + "/raw"), id);
    EXPECT_EQ(msgid_from_arg("http://lore.kernel.org/lkml/" + id + "/#r"), id);
    EXPECT_EQ(msgid_from_arg("lore.kernel.org/lkml/" + id), id);
    // lore percent-encodes '/' and other specials in ids.
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/lkml/CAHk-%3Dwg%2Bx%2Fy@mail.gmail.com/"),
              "CAHk-=wg+x/y@mail.gmail.com");
    // Typed ids are taken as written: '%' is a legal Message-ID character (issue 20).
    EXPECT_EQ(msgid_from_arg("CAHk-%3Dwg@mail.gmail.com"), "CAHk-%3Dwg@mail.gmail.com");
    EXPECT_EQ(msgid_from_arg("<abc%2Bdef@example.com>"), "abc%2Bdef@example.com");
    EXPECT_EQ(msgid_from_arg("mid:abc%2Bdef@example.com"), "abc%2Bdef@example.com");
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/r/abc%252Bdef@example.com"),
              "abc%2Bdef@example.com");
    EXPECT_EQ(msgid_from_arg(""), "");
    EXPECT_EQ(msgid_from_arg("https://lore.kernel.org/"), "");
}
