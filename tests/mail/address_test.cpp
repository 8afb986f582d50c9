// Tests for address-list parsing on the forms found in From/To/Cc of real list mail.
#include "core/mail/address.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace lkmine;

namespace {
std::string both(const Address& a) {
    return a.name + " | " + a.email;
}
} // namespace

TEST(Address, DisplayNameAndAngleAddress) {
    EXPECT_EQ(both(parse_address("Liam R. Howlett <Liam.Howlett@oracle.com>")),
              "Liam R. Howlett | Liam.Howlett@oracle.com");
    EXPECT_EQ(both(parse_address("\"Liam R. Howlett\" <Liam.Howlett@Oracle.com>")),
              "Liam R. Howlett | Liam.Howlett@Oracle.com");
    EXPECT_EQ(both(parse_address("<akpm@linux-foundation.org>")), " | akpm@linux-foundation.org");
    EXPECT_EQ(both(parse_address("  Hugh   Dickins\t<hughd@google.com>  ")),
              "Hugh Dickins | hughd@google.com");
}

TEST(Address, EncodedWordsInNames) {
    // mu-testdata and notmuch lkml senders.
    EXPECT_EQ(
        both(parse_address("\"=?ISO-8859-1?Q?Fran=E7ois_Boulogne?=\" <boulogne.f@gmail.com>")),
        "Fran\xC3\xA7ois Boulogne | boulogne.f@gmail.com");
    EXPECT_EQ(both(parse_address(
                  "=?ISO-8859-1?Q?Nicolas_de_Peslo=FCan?= \r\n\t<nicolas.2p.debian@gmail.com>")),
              "Nicolas de Peslo\xC3\xBC"
              "an | nicolas.2p.debian@gmail.com");
    EXPECT_EQ(both(parse_address("Nicolas de =?iso-8859-1?Q?Peslo=FCan?= <n@g.com>")),
              "Nicolas de Peslo\xC3\xBC"
              "an | n@g.com");
    EXPECT_EQ(both(parse_address("=?UTF-8?B?TcO8?= <testmu@testmu.xx>")),
              "M\xC3\xBC | testmu@testmu.xx");
    // Raw UTF-8 names (common since 2015) pass through.
    EXPECT_EQ(both(parse_address("Micha\xC5\x82 Miros\xC5\x82"
                                 "aw <mirq@rere.qmqm.pl>")),
              "Micha\xC5\x82 Miros\xC5\x82"
              "aw | mirq@rere.qmqm.pl");
}

TEST(Address, OldStyleCommentGivesTheName) {
    EXPECT_EQ(both(parse_address("torvalds@linux-foundation.org (Linus Torvalds)")),
              "Linus Torvalds | torvalds@linux-foundation.org");
    // A display name wins over a comment.
    EXPECT_EQ(both(parse_address("Linus <torvalds@osdl.org> (the boss)")),
              "Linus | torvalds@osdl.org");
    EXPECT_EQ(both(parse_address("root")), " | root");
}

TEST(Address, ListsWithQuotesCommentsAndGroups) {
    const auto list = parse_address_list(
        "\"Doe, Jane\" <jane@x.org>, bob@y.org (Bob, the builder),\r\n linux-mm@kvack.org");
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(both(list[0]), "Doe, Jane | jane@x.org");
    EXPECT_EQ(both(list[1]), "Bob, the builder | bob@y.org");
    EXPECT_EQ(both(list[2]), " | linux-mm@kvack.org");

    EXPECT_TRUE(parse_address_list("undisclosed-recipients:;").empty());
    EXPECT_TRUE(parse_address_list("").empty());
    EXPECT_TRUE(parse_address_list(" , ,").empty());
    const auto group = parse_address_list("team: a@b.org, \"Doe, J\" <c@d.org>;, e@f.org");
    ASSERT_EQ(group.size(), 3u);
    EXPECT_EQ(both(group[0]), " | a@b.org");
    EXPECT_EQ(both(group[1]), "Doe, J | c@d.org");
    EXPECT_EQ(both(group[2]), " | e@f.org");
    // Outlook separates with ';'.
    EXPECT_EQ(parse_address_list("a@b.org; c@d.org").size(), 2u);
}

TEST(Address, BrokenForms) {
    EXPECT_EQ(both(parse_address("\"foo@bar.org\" <foo@bar.org>")), "foo@bar.org | foo@bar.org");
    EXPECT_EQ(both(parse_address("Foo <a@b.org")), "Foo | a@b.org");            // missing '>'
    EXPECT_EQ(both(parse_address("Foo \"Bar <a@b.org>")), "Foo Bar | a@b.org"); // stray quote
    EXPECT_EQ(both(parse_address("\"Foo \\\"Bar\\\" Baz\" <a@b.org>")),
              "Foo \"Bar\" Baz | a@b.org");
    EXPECT_EQ(both(parse_address("John Q. Public <jqp@x.org>")), "John Q. Public | jqp@x.org");
    EXPECT_EQ(both(parse_address("Foo Bar foo@bar.org")), "Foo Bar | foo@bar.org"); // no <>
    EXPECT_EQ(both(parse_address("<mailto:foo@bar.org>")), " | foo@bar.org");
    EXPECT_EQ(both(parse_address("Foo <foo@\r\n bar.org>")), "Foo | foo@bar.org");
    EXPECT_EQ(both(parse_address("<@route.org,@r2.org:user@host.org>")), " | user@host.org");
    const auto two = parse_address_list("Foo <a@b.org, Bar <c@d.org>");
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(both(two[0]), "Foo | a@b.org");
    EXPECT_EQ(both(two[1]), "Bar | c@d.org");
    // The seed mail had its <...> addresses stripped: names without any address.
    EXPECT_EQ(both(parse_address("Hugh Dickins")), "Hugh Dickins | ");
}

TEST(Address, HostileInputTerminates) {
    std::string s(200000, '(');
    EXPECT_TRUE(parse_address_list(s).size() <= 1);
    std::string q(200000, '"');
    parse_address_list(q);
    std::string a;
    for (int i = 0; i < 20000; ++i)
        a += "<@<, ";
    parse_address_list(a);
    std::string many;
    for (int i = 0; i < 20000; ++i)
        many += "a@b.org, ";
    EXPECT_EQ(parse_address_list(many).size(), 20000u);
}
