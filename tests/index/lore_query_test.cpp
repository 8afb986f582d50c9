// Lore queries pasted as users write them: prefixes in any case, empty values refused, English
// stems and possessives, dfn: path runs and indented review trailers, on a small temp index.
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "tests/support/search_ids.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

const char* const kMails[] = {
    // <p1>: a patch touching include/linux/fscrypt.h, "fixes" and "races" in its subject.
    "From: Marco Elver <elver@google.com>\n"
    "To: linux-fscrypt@vger.kernel.org\n"
    "Subject: [PATCH] fscrypt: fixes two races in KASan's shadow\n"
    "Message-ID: <p1@example.com>\n"
    "Date: Mon, 4 Jul 2022 10:00:00 +0000\n"
    "\n"
    "The lock was dropped too early.\n"
    "\n"
    "Signed-off-by: Marco Elver <elver@google.com>\n"
    "---\n"
    "diff --git a/include/linux/fscrypt.h b/include/linux/fscrypt.h\n"
    "index 1111111..2222222 100644\n"
    "--- a/include/linux/fscrypt.h\n"
    "+++ b/include/linux/fscrypt.h\n"
    "@@ -1,1 +1,1 @@\n"
    "-int a;\n"
    "+int b;\n",
    // <r1>: a reply with an indented review, a quoted one and a prose "Reviewed-by:".
    "From: Eric Biggers <ebiggers@kernel.org>\n"
    "Subject: Re: [PATCH] fscrypt: fixes two races in KASan's shadow\n"
    "Message-ID: <r1@example.com>\n"
    "In-Reply-To: <p1@example.com>\n"
    "Date: Mon, 4 Jul 2022 11:00:00 +0000\n"
    "\n"
    "> Reviewed-by: Quoted Person <quoted@example.com>\n"
    "> It raced with the writer.\n"
    "\n"
    "Looks right:\n"
    "\n"
    "    Reviewed-by: Eric Biggers <ebiggers@google.com>\n"
    "\n"
    "Reviewed-by: is not necessary, but Tested-by: would help.\n",
    // <o1>: an unrelated patch: tools/fscrypt.h is not linux/fscrypt.h.
    "From: Someone Else <else@example.com>\n"
    "Subject: [PATCH] tools: add a fixture\n"
    "Message-ID: <o1@example.com>\n"
    "Date: Tue, 5 Jul 2022 10:00:00 +0000\n"
    "\n"
    "Nothing to see.\n"
    "---\n"
    "diff --git a/tools/fscrypt.h b/tools/fscrypt.h\n"
    "--- a/tools/fscrypt.h\n"
    "+++ b/tools/fscrypt.h\n"
    "@@ -1,1 +1,1 @@\n"
    "-x\n"
    "+y\n",
};

using Ids = std::set<std::string>;

// Indexes raw mails into `dir` in one commit; a failure fails the test.
template <class Mails> void index_mails(const fs::path& dir, const Mails& mails) {
    auto w = StoreWriter::open(dir.string());
    ASSERT_TRUE(w.ok()) << w.error();
    for (const std::string raw : mails)
        ASSERT_TRUE(w->add(parse_message(RawMessage{raw, {"t", ""}, {}}), raw, {}).ok());
    ASSERT_TRUE(w->commit().ok());
}

// The Message-IDs a query finds in the index at `dir`; an error fails the test.
Ids search_ids(const fs::path& dir, const std::string& q) {
    auto r = StoreReader::open(dir.string());
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? test::search_ids(*r, q) : Ids{};
}

// A temporary index of a test's own mails, removed with it.
class TempIndex {
  public:
    explicit TempIndex(const std::string& name)
        : dir_(fs::temp_directory_path() / ("lkmine-" + name + "-" + std::to_string(getpid()))) {
        fs::remove_all(dir_);
    }
    ~TempIndex() { fs::remove_all(dir_); }
    template <class Mails> void add(const Mails& mails) { index_mails(dir_, mails); }
    Ids ids(const std::string& q) const { return search_ids(dir_, q); }

  private:
    fs::path dir_;
};

class LoreQuery : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("lkmine-lorequery-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        index_mails(dir_, kMails);
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    // The Message-IDs a query finds; an error fails the test.
    Ids ids(const std::string& q) { return search_ids(dir_, q); }
    std::string error_of(const std::string& q) {
        auto r = StoreReader::open(dir_.string());
        if (!r.ok()) return r.error();
        auto page = r->search(q, {});
        return page.ok() ? std::string("(no error)") : page.error();
    }
    static inline fs::path dir_;
};

const Ids kP1{"p1@example.com"};
const Ids kBoth{"p1@example.com", "r1@example.com"};

TEST_F(LoreQuery, PrefixNamesInAnyCase) {
    EXPECT_EQ(ids("F:Elver"), kP1);
    EXPECT_EQ(ids("f:Elver"), kP1);
    EXPECT_EQ(ids("S:races AND F:elver@google.com"), kP1);
    EXPECT_NE(error_of("Foo:bar").find("unknown prefix 'Foo:'"), std::string::npos);
}

TEST_F(LoreQuery, EmptyPrefixValueIsAnError) {
    for (const char* q : {"f:", "f: elver", "s:fix AND f:", "(f:)", "b:\"\""})
        EXPECT_NE(error_of(q).find("empty value after"), std::string::npos) << q;
}

// The index holds words only (stems as index terms cost +55% CPU); a query word matches the
// index words sharing its stem, found at query time.
TEST_F(LoreQuery, FreeTextMatchesByEnglishStem) {
    EXPECT_EQ(ids("s:fix"), kBoth);                  // "fixes"
    EXPECT_EQ(ids("s:race"), kBoth);                 // "races"
    EXPECT_EQ(ids("s:kasan"), kBoth);                // "KASan's"
    EXPECT_EQ(ids("nq:locking"), kP1);               // "lock"
    EXPECT_EQ(ids("q:race"), Ids{"r1@example.com"}); // quoted "raced"
    EXPECT_EQ(ids("b:race"), Ids{"r1@example.com"});
    EXPECT_EQ(ids("fixing"), kBoth);           // bare words too
    EXPECT_TRUE(ids("s:\"fix two\"").empty()); // a phrase matches words as written
    EXPECT_EQ(ids("s:\"fixes two\""), kBoth);
    EXPECT_TRUE(ids("s:fixture").size() == 1); // a different stem: only <o1>
    EXPECT_EQ(ids("nq:dropping"), kP1);        // "dropped": the stem "drop" is no suffix cut
    EXPECT_EQ(ids("b:writers"), Ids{"r1@example.com"}); // quoted "writer"
    EXPECT_EQ(ids("q:\"raced with the writer\""), Ids{"r1@example.com"});
    EXPECT_TRUE(ids("q:\"race with the writer\"").empty()); // quoted words match as written
    EXPECT_TRUE(ids("q:\"raced writer\"").empty());         // a phrase: words in a row
    EXPECT_TRUE(ids("s:Race").empty());   // a capitalised word matches as written, as on lore
    EXPECT_TRUE(ids("f:elvers").empty()); // addresses are not free text: no stems
}

// lore's b: and nq: are the "non-quoted body": own text and the diff (lines, hunk headers,
// file names, blob ids); q: is quoted text only.
TEST_F(LoreQuery, BodyPrefixesCoverTheDiff) {
    EXPECT_EQ(ids("nq:int"), kP1); // only in "-int a;" / "+int b;"
    EXPECT_EQ(ids("b:int"), kP1);
    EXPECT_EQ(ids("int"), kP1);
    EXPECT_TRUE(ids("q:int").empty());
    EXPECT_EQ(ids("b:include"), kP1);  // a file name component
    EXPECT_EQ(ids("nq:1111111"), kP1); // a pre-image blob id
    EXPECT_TRUE(ids("s:int").empty());
}

// Stems that are no prefix of their words: the walk over the index words starts early enough.
TEST(LoreStems, StemsThatAreNoPrefixOfTheirWords) {
    TempIndex idx("lorestems");
    const std::string mails[] = {
        "From: A <a@example.com>\nSubject: capability happiness hoping\n"
        "Message-ID: <s1@example.com>\nDate: Mon, 4 Jul 2022 10:00:00 +0000\n\nx\n"};
    ASSERT_NO_FATAL_FAILURE(idx.add(mails));
    for (const char* q : {"s:capable", "s:happy", "s:hopes", "s:capability"})
        EXPECT_EQ(idx.ids(q), Ids{"s1@example.com"}) << q;
}

// Phrases over quoted text and diff lines (no positions in the index): the candidates'
// text is checked. A phrase may wrap from one quoted line to the next (one run of quoted
// lines, as on lore), never join two runs or two diff lines.
TEST(LorePhrases, QuotedAndDiffPhrasesAreRealPhrases) {
    TempIndex idx("lorephrase");
    const std::string mails[] = {
        "From: A <a@example.com>\nSubject: Re: [PATCH] x: avoid it\n"
        "Message-ID: <q1@example.com>\nDate: Mon, 4 Jul 2022 10:00:00 +0000\n\n"
        "> We hit a data\n> race in the writer.\n\nMy own text.\n\n"
        "> use after\n\nsomething of mine\n\n> free of charge\n",
        "From: B <b@example.com>\nSubject: [PATCH] x: avoid it\n"
        "Message-ID: <d1@example.com>\nDate: Mon, 4 Jul 2022 11:00:00 +0000\n\n"
        "Fix it.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n"
        "@@ -1,2 +1,2 @@ static int data_fn(void)\n"
        "-\tint data; int x; /* race */\n+\t/* no data race now */\n \treturn 0;\n",
        "From: C <c@example.com>\nSubject: words apart\n"
        "Message-ID: <w1@example.com>\nDate: Mon, 4 Jul 2022 12:00:00 +0000\n\n"
        "> the data\n\nmine\n\n> race\n\nmore\n\n> heap spray then spray kills\n",
    };
    ASSERT_NO_FATAL_FAILURE(idx.add(mails));
    auto ids = [&](const std::string& q) { return idx.ids(q); };
    const Ids q1{"q1@example.com"}, d1{"d1@example.com"};
    EXPECT_EQ(ids("q:\"data race\""), q1); // wrapped over two quoted lines of one run
    EXPECT_EQ(ids("q:\"race in the writer\""), q1);
    EXPECT_EQ(ids("b:\"data race\""), (Ids{"q1@example.com", "d1@example.com"}));
    EXPECT_EQ(ids("\"data race\""), (Ids{"q1@example.com", "d1@example.com"}));
    EXPECT_EQ(ids("nq:\"data race\""), d1); // the added line
    EXPECT_EQ(ids("dfb:\"no data race\""), d1);
    EXPECT_TRUE(ids("dfa:\"data race\"").empty()); // "data; int x; /* race" is no phrase
    EXPECT_EQ(ids("dfa:data AND dfa:race"), d1);
    EXPECT_TRUE(ids("q:\"use after free\"").empty()); // two quoted runs
    EXPECT_EQ(ids("q:use AND q:free"), q1);
    EXPECT_EQ(ids("q:data AND q:race").size(), 2u); // w1 has both words, never in a row
    EXPECT_TRUE(ids("q:\"data race\" AND f:c@example.com").empty());
    EXPECT_EQ(ids("b:\"data race\" AND s:avoid AND d:20220704..20220704").size(), 2u);
    // Every pair of "heap spray kills" is in w1's run ("heap spray", "spray kills"), the
    // three words in a row are not: pairs find the candidates, the text decides.
    const Ids w1{"w1@example.com"};
    EXPECT_EQ(ids("q:\"heap spray\""), w1);
    EXPECT_EQ(ids("q:\"spray kills\""), w1);
    EXPECT_TRUE(ids("q:\"heap spray kills\"").empty());
    EXPECT_EQ(ids("q:\"heap spray then spray\""), w1);
    EXPECT_TRUE(ids("q:\"kills heap\"").empty()); // a pair is ordered
}

// Attached text parts are searched as lore searches every text part (the io-uring mail
// <CAD-J=zbKXuF1HCd5yG0oNaizNWZTD3248Oii7xoofQ--EqO3dw@mail.gmail.com> has its "NULL pointer
// dereference" in a base64 text/plain attachment), and a quoted-printable body still gives its
// phrase (the byte test on the raw mail is skipped for encoded parts).
TEST(LorePhrases, AttachedTextAndEncodedBodies) {
    TempIndex idx("loreattach");
    const std::string mails[] = {
        "From: A <a@example.com>\nSubject: poll ring hang\nMessage-ID: <a1@example.com>\n"
        "Date: Mon, 4 Jul 2022 10:00:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
        "Content-Type: text/plain; charset=\"UTF-8\"\n\nThe log is attached.\n--b\n"
        "Content-Type: text/plain; charset=\"US-ASCII\"; name=\"log.txt\"\n"
        "Content-Disposition: attachment; filename=\"log.txt\"\n"
        "Content-Transfer-Encoding: base64\n\n"
        // "BUG: kernel NULL pointer dereference\n> quoted words here\n"
        "QlVHOiBrZXJuZWwgTlVMTCBwb2ludGVyIGRlcmVmZXJlbmNlCj4gcXVvdGVkIHdvcmRzIGhlcmUK\n"
        "--b--\n",
        "From: B <b@example.com>\nSubject: qp\nMessage-ID: <p1@example.com>\n"
        "Date: Mon, 4 Jul 2022 11:00:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "> a null=20pointer in a quoted line, and a long line that is wrapped by the encod=\n"
        "er\n",
        "From: C <c@example.com>\nSubject: apart\nMessage-ID: <n1@example.com>\n"
        "Date: Mon, 4 Jul 2022 12:00:00 +0000\n\n"
        "> null is not a\n\nmine\n\n> pointer\n",
    };
    ASSERT_NO_FATAL_FAILURE(idx.add(mails));
    auto ids = [&](const std::string& q) { return idx.ids(q); };
    EXPECT_EQ(ids("b:\"null pointer\""), (Ids{"a1@example.com", "p1@example.com"}));
    EXPECT_EQ(ids("nq:\"pointer dereference\""), Ids{"a1@example.com"});
    EXPECT_EQ(ids("q:\"quoted words\""), Ids{"a1@example.com"});
    EXPECT_EQ(ids("q:\"null pointer\""), Ids{"p1@example.com"});
    EXPECT_EQ(ids("q:\"by the encoder\""), Ids{"p1@example.com"}); // a soft line break
    EXPECT_EQ(ids("q:null AND q:pointer").size(), 2u);             // n1: both words, in two runs
}

// lore indexes the "diff --git a/x b/x" line, mode, rename and binary lines of a diff as the
// mail's own text (SearchIdx.pm index_diff), so nq:lock finds a patch whose only "lock" is in
// fs/btrfs/locking.c (the io-uring mail <20220926091440.GA1198392@falcondesktop>); the file
// names of "---"/"+++" lines are words of nq: too (lore's XDFN), the "index" line is not.
TEST(LoreDiffText, DiffHeaderLinesAreOwnText) {
    TempIndex idx("lorediff");
    const std::string mails[] = {
        "From: A <a@example.com>\nSubject: [PATCH] btrfs: tidy\n"
        "Message-ID: <g1@example.com>\nDate: Mon, 4 Jul 2022 10:00:00 +0000\n\n"
        "Tidy up.\n---\ndiff --git a/fs/btrfs/locking.c b/fs/btrfs/locking.c\n"
        "new file mode 100644\nindex 0000000..2222222\n--- /dev/null\n"
        "+++ b/fs/btrfs/locking.c\n@@ -0,0 +1,1 @@\n+int x;\n"
        "diff --git a/fs/old_name.c b/fs/new_name.c\nsimilarity index 90%\n"
        "rename from fs/old_name.c\nrename to fs/new_name.c\n",
        "From: B <b@example.com>\nSubject: [PATCH] x: quilt style\n"
        "Message-ID: <g2@example.com>\nDate: Mon, 4 Jul 2022 11:00:00 +0000\n\n"
        "No diff line.\n---\n--- a/fs/spinning.c\n+++ b/fs/spinning.c\n"
        "@@ -1,1 +1,1 @@\n-int a;\n+int b;\n",
    };
    ASSERT_NO_FATAL_FAILURE(idx.add(mails));
    auto ids = [&](const std::string& q) { return idx.ids(q); };
    const Ids g1{"g1@example.com"};
    EXPECT_EQ(ids("nq:lock"), g1); // "locking", by its stem
    EXPECT_EQ(ids("b:btrfs"), g1);
    EXPECT_EQ(ids("nq:\"new file mode\""), g1);
    EXPECT_EQ(ids("nq:\"rename from fs\""), g1);
    EXPECT_EQ(ids("nq:similarity"), g1);
    EXPECT_TRUE(ids("q:lock").empty());
    EXPECT_TRUE(ids("s:lock").empty());
    // A diff without a "diff" line: its file names are words of nq: too (lore's XDFN words).
    EXPECT_EQ(ids("nq:spinning"), Ids{"g2@example.com"});
    EXPECT_EQ(ids("dfn:spinning.c"), Ids{"g2@example.com"});
    EXPECT_EQ(ids("nq:\"dev null\""), g1); // "--- /dev/null" is own text on lore
}

TEST_F(LoreQuery, FileNamesMatchAnyRunOfPathComponents) {
    EXPECT_EQ(ids("dfn:include/linux/fscrypt.h"), kP1);
    EXPECT_EQ(ids("dfn:linux/fscrypt.h"), kP1);
    EXPECT_EQ(ids("dfn:include/linux"), kP1);
    EXPECT_EQ(ids("dfn:fscrypt.h").size(), 2u);
    EXPECT_TRUE(ids("dfn:nux/fscrypt.h").empty()); // components, not substrings
}

TEST_F(LoreQuery, IndentedReviewCountsQuotedAndProseDoNot) {
    EXPECT_EQ(ids("rb:ebiggers@google.com"), Ids{"r1@example.com"});
    EXPECT_TRUE(ids("rb:quoted@example.com").empty());
    EXPECT_TRUE(ids("rb:necessary").empty()); // "Reviewed-by: is not necessary, but ..."
}

} // namespace
} // namespace lkmine
