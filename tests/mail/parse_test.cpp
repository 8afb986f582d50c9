// parse_message() on the real maple-tree thread, the flattened seed, and hostile input.
#include "core/mail/parse.hpp"
#include "tests/support/diff_git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace lkmine {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::shared_corpora;

Message parse_file(const fs::path& p) {
    return parse_message({read_file(p), {p.string(), ""}});
}

struct IndexRow {
    std::string file, message_id, subject, in_reply_to;
};

std::vector<IndexRow> maple_index() {
    std::vector<IndexRow> rows;
    std::ifstream in(shared_corpora() / "maple-tree-thread" / "INDEX.tsv");
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string col;
        while (std::getline(ss, col, '\t'))
            cols.push_back(col);
        if (cols.size() < 6) continue;
        auto strip = [](std::string s) {
            return s.size() >= 2 && s.front() == '<' ? s.substr(1, s.size() - 2) : s;
        };
        rows.push_back({cols[0], strip(cols[1]), cols[4], strip(cols[5])});
    }
    return rows;
}

// Runs a shell pipeline and returns its standard output.
std::string run(const std::string& cmd) {
    std::string out;
    FILE* f = popen(cmd.c_str(), "r");
    if (!f) return out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, n);
    pclose(f);
    return out;
}

TEST(ParseMaple, EveryMailHasItsIdsAndSubject) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    auto rows = maple_index();
    ASSERT_EQ(rows.size(), 22u);
    for (const auto& row : rows) {
        Message m = parse_file(shared_corpora() / "maple-tree-thread" / row.file);
        EXPECT_EQ(m.message_id, row.message_id) << row.file;
        EXPECT_EQ(m.subject, row.subject) << row.file;
        EXPECT_EQ(m.in_reply_to, row.in_reply_to) << row.file;
        EXPECT_TRUE(m.date.valid) << row.file;
        EXPECT_FALSE(m.body_text.empty()) << row.file;
        EXPECT_FALSE(m.recovered) << row.file;
    }
}

TEST(ParseMaple, AttachedPatchesMatchGit) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    const std::map<std::string, std::string> attached = {
        {"11-liam-vma-adjust-fix-attached.eml",
         "0001-mm-mmap-Fix-__vma_adjust-issue-on-memory-failure.patch"},
        {"13-liam-stale-data-copy-attached.eml",
         "0001-maple_tree-Fix-stale-data-copy-in-mas_wr_node_store.patch"}};
    for (const auto& [file, filename] : attached) {
        fs::path path = shared_corpora() / "maple-tree-thread" / file;
        Message m = parse_file(path);
        ASSERT_EQ(m.attachments.size(), 1u) << file;
        EXPECT_EQ(m.attachments[0].filename, filename);
        EXPECT_EQ(m.attachments[0].content_type, "text/x-diff");
        ASSERT_EQ(m.patches.size(), 1u) << file;
        EXPECT_EQ(m.patches[0].source, "attachment");
        // Oracle: Python decodes the attachment, git computes its patch id.
        std::string git_id = run("python3 -c 'import email,sys; "
                                 "m=email.message_from_binary_file(open(sys.argv[1],\"rb\"));"
                                 "[sys.stdout.buffer.write(p.get_payload(decode=True)) for p in "
                                 "m.walk() if p.get_content_type()==\"text/x-diff\"]' " +
                                 path.string() + " | git patch-id --stable");
        ASSERT_GE(git_id.size(), 40u);
        EXPECT_EQ(m.patches[0].patch_id, git_id.substr(0, 40)) << file;
    }
}

TEST(ParseMaple, ResentPatchIsInlineAndMatchesGit) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    fs::path path = shared_corpora() / "maple-tree-thread" / "18-liam-resend-stale-data-copy.eml";
    Message m = parse_file(path);
    EXPECT_EQ(m.subject_info.clean, "maple_tree: Fix stale data copy in mas_wr_node_store()");
    ASSERT_EQ(m.patches.size(), 1u);
    EXPECT_EQ(m.patches[0].source, "inline");
    ASSERT_EQ(m.patches[0].files.size(), 1u);
    EXPECT_EQ(m.patches[0].files[0].new_path, "lib/maple_tree.c");
    // The mail is quoted-printable: Python decodes the body, git computes the patch id.
    std::string git_id =
        run("python3 -c 'import email,sys; sys.stdout.buffer.write("
            "email.message_from_binary_file(open(sys.argv[1],\"rb\")).get_payload(decode=True))' " +
            path.string() + " | git patch-id --stable");
    ASSERT_GE(git_id.size(), 40u);
    EXPECT_EQ(m.patches[0].patch_id, git_id.substr(0, 40));
    // The RESEND is the very fix Liam attached to mail 13: same patch id.
    Message attached =
        parse_file(shared_corpora() / "maple-tree-thread" / "13-liam-stale-data-copy-attached.eml");
    ASSERT_EQ(attached.patches.size(), 1u);
    EXPECT_EQ(m.patches[0].patch_id, attached.patches[0].patch_id);
    bool signed_off = false;
    for (const auto& t : m.trailers)
        signed_off |= t.key == "Signed-off-by" &&
                      t.value.find("Liam.Howlett@oracle.com") != std::string::npos;
    EXPECT_TRUE(signed_off);
}

TEST(ParseMaple, CrashLogAttachmentAndInlineFixAreFound) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    Message m =
        parse_file(shared_corpora() / "maple-tree-thread" / "12-hugh-report-messages-xz.eml");
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].filename, "messages.xz");
    EXPECT_EQ(m.attachments[0].content_type, "application/x-xz");
    EXPECT_GT(m.attachments[0].size, 1000u);
    // Hugh's point 2 is a one-line fix to do_mas_munmap() as a plain ---/+++ diff in the text;
    // git gives plain diffs no patch id, and neither do we.
    ASSERT_EQ(m.patches.size(), 1u);
    EXPECT_EQ(m.patches[0].source, "inline");
    ASSERT_EQ(m.patches[0].files.size(), 1u);
    EXPECT_EQ(m.patches[0].files[0].new_path, "mm/mmap.c");
    EXPECT_EQ(m.patches[0].files[0].added, 1);
    EXPECT_EQ(m.patches[0].files[0].removed, 1);
    EXPECT_EQ(m.patches[0].files[0].hunk_headers.at(0),
              "int do_mas_munmap(struct ma_state *mas, struct mm_struct *mm,");
    EXPECT_TRUE(m.patches[0].patch_id.empty());
}

TEST(ParseSeed, FlattenedMailIsRecoveredLikeItsOriginal) {
    LKMINE_REQUIRE_CORPUS("seeds");
    Message flat = parse_file(shared_corpora() / "seeds" / "004_3fb08d2b406b8ea0.txt");
    Message raw =
        parse_file(shared_corpora() / "maple-tree-thread" / "19-hugh-stale-data-copy-success.eml");
    EXPECT_TRUE(flat.recovered);
    EXPECT_EQ(flat.message_id, "7db5a8c5-9084-a7fe-6e83-713e52ed8539@google.com");
    EXPECT_EQ(flat.message_id, raw.message_id);
    EXPECT_EQ(flat.in_reply_to, raw.in_reply_to);
    // The flattening stripped <...> beginning with a letter: one of the original's 11
    // References (<fc9c2193-...>) is gone, the other 10 come back in order.
    EXPECT_EQ(raw.references.size(), 11u);
    EXPECT_EQ(flat.references.size(), 10u);
    std::vector<std::string> digit_refs;
    for (const auto& r : raw.references)
        if (!r.empty() && std::isdigit(static_cast<unsigned char>(r[0]))) digit_refs.push_back(r);
    EXPECT_EQ(flat.references, digit_refs);
    EXPECT_EQ(flat.subject, raw.subject);
    EXPECT_EQ(flat.from.name, "Hugh Dickins");
    EXPECT_EQ(flat.date.epoch, raw.date.epoch);
    EXPECT_EQ(flat.list_ids, raw.list_ids);
    bool warned = false;
    for (const auto& w : flat.warnings)
        warned |= w.kind == "recovered-flattened";
    EXPECT_TRUE(warned);
    // Hugh's reply quotes Liam: the recovered body keeps quote levels.
    EXPECT_NE(flat.body_text.find("\n> "), std::string::npos);
}

// A reply that attaches a patch file (as <d0eb6092-cbc9-dd37-e49f-6ff8c6b8b136@kernel.dk> on
// io-uring): the patch's own trailers are the mail's, as b4 reads the part with the diff; an
// attached log that holds no patch gives none, and the body's trailers come first.
TEST(ParseAttachments, AnAttachedPatchFilesTrailersAreTheMails) {
    const std::string mail = "Message-ID: <attached@example.org>\n"
                             "Subject: Re: [PATCH] foo: bar\n"
                             "MIME-Version: 1.0\n"
                             "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
                             "--B\nContent-Type: text/plain\n\n"
                             "Here is a version with the fix.\n\n"
                             "Acked-by: Body Acker <acker@example.org>\n\n-- \nJens\n"
                             "--B\nContent-Type: text/x-patch; name=\"0001-foo.patch\"\n"
                             "Content-Disposition: attachment; filename=\"0001-foo.patch\"\n\n"
                             "From: Jens <jens@example.org>\nSubject: [PATCH] foo: bar\n\n"
                             "Fix the bar.\n\n"
                             "Link: https://lore.kernel.org/r/parent@example.org\n"
                             "Signed-off-by: Jens <jens@example.org>\n---\n"
                             "diff --git a/foo.c b/foo.c\n--- a/foo.c\n+++ b/foo.c\n"
                             "@@ -1 +1 @@\n-a\n+b\n"
                             "--B\nContent-Type: text/plain; name=\"log.txt\"\n"
                             "Content-Disposition: attachment; filename=\"log.txt\"\n\n"
                             "Signed-off-by: Not A Patch <log@example.org>\n"
                             "--B--\n";
    Message m = parse_message({mail, {"attached", ""}});
    ASSERT_EQ(m.patches.size(), 1u);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& t : m.trailers)
        got.emplace_back(t.key, t.value);
    EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                       {"Acked-by", "Body Acker <acker@example.org>"},
                       {"Link", "https://lore.kernel.org/r/parent@example.org"},
                       {"Signed-off-by", "Jens <jens@example.org>"}}));
}

// Hostile input: each yields a Message with warnings, never a crash or a hang.
bool has_warning(const Message& m, const std::string& kind) {
    for (const auto& w : m.warnings)
        if (w.kind == kind) return true;
    return false;
}

TEST(ParseBadInput, EmptyFile) {
    Message m = parse_message({"", {"empty", ""}});
    EXPECT_TRUE(m.message_id.empty());
    EXPECT_TRUE(has_warning(m, "no-message-id"));
    EXPECT_TRUE(has_warning(m, "empty"));
}

TEST(ParseBadInput, BinaryGarbage) {
    std::string junk;
    std::uint32_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
        x = x * 1664525u + 1013904223u;
        junk.push_back(static_cast<char>(x >> 24));
    }
    Message m = parse_message({junk, {"junk", ""}});
    EXPECT_TRUE(has_warning(m, "no-message-id"));
}

TEST(ParseBadInput, FiftyMegabyteBody) {
    std::string mail = "Message-ID: <big@x>\nSubject: big\n\n";
    std::string line(79, 'a');
    line += '\n';
    while (mail.size() < 50u * 1024 * 1024)
        mail += line;
    Message m = parse_message({mail, {"big", ""}});
    EXPECT_EQ(m.message_id, "big@x");
    EXPECT_GT(m.body_text.size(), 49u * 1024 * 1024);
}

TEST(ParseBadInput, FourMegabyteHeaderLine) {
    std::string mail = "Message-ID: <long@x>\nX-Long: " + std::string(4 * 1024 * 1024, 'h') +
                       "\nSubject: still here\n\nbody\n";
    Message m = parse_message({mail, {"long", ""}});
    EXPECT_EQ(m.message_id, "long@x");
    EXPECT_EQ(m.subject, "still here");
    EXPECT_TRUE(has_warning(m, "long-header"));
}

TEST(ParseBadInput, FourMegabyteContentTypeInAPart) {
    std::string mail = "Message-ID: <ct@x>\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                       "Content-Type: text/plain; x=" +
                       std::string(4 * 1024 * 1024, 'q') + "\n\nhello\n--b--\n";
    Message m = parse_message({mail, {"ct", ""}});
    EXPECT_EQ(m.message_id, "ct@x");
    EXPECT_TRUE(has_warning(m, "long-header"));
}

TEST(ParseBadInput, TenThousandDeepMultipart) {
    std::string mail =
        "Message-ID: <deep@x>\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n";
    for (int i = 1; i <= 10000; ++i)
        mail += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" +
                std::to_string(i) + "\n\n";
    mail += "--b10000\nContent-Type: text/plain\n\nthe bottom\n";
    Message m = parse_message({mail, {"deep", ""}});
    EXPECT_EQ(m.message_id, "deep@x");
    EXPECT_EQ(m.subject, "deep");
    EXPECT_TRUE(has_warning(m, "mime-too-deep"));
}

TEST(ParseBadInput, InvalidUtf8AndNulBytes) {
    std::string mail =
        "Message-ID: <bad@x>\nSubject: caf\xe9 \xff\xfe\nFrom: J\xf6rg <j@x>\n\nbody \xc3\x28 with";
    mail.push_back('\0');
    mail += " a nul\n";
    Message m = parse_message({mail, {"bad", ""}});
    EXPECT_EQ(m.message_id, "bad@x");
    EXPECT_NE(m.subject.find("caf"), std::string::npos);
    EXPECT_EQ(m.subject.find('\0'), std::string::npos);
    EXPECT_EQ(m.body_text.find('\0'), std::string::npos);
    EXPECT_NE(m.body_text.find("a nul"), std::string::npos);
}

TEST(ParseBadInput, NoMessageIdSaysWhy) {
    Message m =
        parse_message({"Subject: hi\nMessage-ID: no angle brackets or at\n\nx\n", {"x", ""}});
    ASSERT_TRUE(has_warning(m, "no-message-id") || !m.message_id.empty());
}

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? t[v & 63] : '=';
        if (out.size() % 77 == 76) out += '\n';
    }
    return out + "\n";
}

// Linus-style: the patch attached as application/octet-stream named "patch", base64, next to a
// text/x-patch one and a binary blob. git am applies both patches; each has git's own id.
TEST(ParseAttachments, OctetStreamPatchAndSecondPatchHaveGitsIds) {
    test::DiffRepo r;
    r.write("mm/vmscan.c", test::lines(1, 20));
    r.commit("base");
    r.write("mm/vmscan.c", test::lines(1, 10) + "changed\n" + test::lines(12, 20));
    r.commit("one");
    std::string one = r.run("git format-patch -1 --stdout");
    r.write("mm/other.c", test::lines(1, 3));
    r.commit("two");
    std::string two = r.run("git diff HEAD~1");
    std::string mail = "From: L <l@example.org>\nSubject: Re: reclaim stall\nMessage-ID: <a@b>\n"
                       "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n"
                       "--XX\nContent-Type: text/plain; charset=utf-8\n\nTry the attached.\n\n"
                       "--XX\nContent-Type: application/octet-stream\n"
                       "Content-Disposition: attachment; filename=patch\n"
                       "Content-Transfer-Encoding: base64\n\n" +
                       base64(one) +
                       "--XX\nContent-Type: text/x-patch; charset=utf-8\n"
                       "Content-Disposition: attachment; filename=\"two.patch\"\n\n" +
                       two +
                       "--XX\nContent-Type: application/octet-stream\n"
                       "Content-Disposition: attachment; filename=blob.bin\n"
                       "Content-Transfer-Encoding: base64\n\n" +
                       base64(std::string("diff --git \0\1\2", 15)) + "--XX--\n";
    Message m = parse_message({mail, {"test", ""}});
    ASSERT_EQ(m.patches.size(), 2u);
    EXPECT_EQ(m.patches[0].source, "attachment");
    EXPECT_EQ(m.patches[0].patch_id, r.git_patch_id(one));
    EXPECT_EQ(m.patches[1].patch_id, r.git_patch_id(two));
    EXPECT_FALSE(m.patches[0].patch_id.empty());
    EXPECT_NE(m.patches[0].patch_id, m.patches[1].patch_id);
}

} // namespace
} // namespace lkmine
