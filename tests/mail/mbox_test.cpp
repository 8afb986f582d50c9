// Tests for mbox splitting: hand-made mboxrd/mboxo edge cases, resumable offsets, real archives.
#include "core/mail/mbox.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

std::string mail(const std::string& id, const std::string& body) {
    return "From: A <a@example.org>\nSubject: test " + id + "\nMessage-ID: <" + id +
           "@example.org>\n\n" + body;
}

fs::path write_temp(const std::string& name, const std::string& data) {
    fs::path dir = fs::temp_directory_path() / "lkmine-mbox-test";
    fs::create_directories(dir);
    fs::path p = dir / name;
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << data;
    return p;
}

struct Read {
    std::vector<RawMessage> msgs;
    std::vector<std::uint64_t> ends;
};

Read read_all(const fs::path& p, std::uint64_t offset = 0) {
    Read r;
    auto reader = MboxReader::open(p.string(), offset);
    EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error());
    if (!reader.ok()) return r;
    RawMessage m;
    std::uint64_t end = 0;
    while (reader->next(m, end)) {
        r.msgs.push_back(m);
        r.ends.push_back(end);
    }
    EXPECT_EQ(reader->error(), "");
    return r;
}

// The first Message-ID header of a raw mail, unfolded and without <>.
std::string message_id_of(const std::string& raw) {
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        std::string line = raw.substr(pos, nl == std::string::npos ? nl : nl - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break; // end of headers
        std::string lower;
        for (char c : line.substr(0, 11))
            lower += static_cast<char>(std::tolower(c));
        if (lower == "message-id:") {
            std::string v = line.substr(11);
            std::size_t next = nl == std::string::npos ? raw.size() : nl + 1;
            if (v.find('<') == std::string::npos && next < raw.size())
                v += raw.substr(next, raw.find('\n', next) - next);
            std::size_t a = v.find('<'), b = v.find('>', a);
            if (a == std::string::npos || b == std::string::npos) return "";
            return v.substr(a + 1, b - a - 1);
        }
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return "";
}

TEST(Mbox, MboxrdUnescapesOneLevelAndRoundTrips) {
    std::vector<std::string> mails = {
        mail("1", "From the start\n>From quoted\n>>From deeper\nplain\n"),
        mail("2", "no newline at end"),
        mail("3", "\n\nFrom a@b Mon Jan  1 00:00:00 2001\nafter a blank line\n"),
    };
    std::string box;
    for (const auto& m : mails)
        box += mboxrd_entry(m);
    // The writer escaped every ^>*From line once.
    EXPECT_NE(box.find("\n>From the start\n>>From quoted\n>>>From deeper\n"), std::string::npos);
    EXPECT_NE(box.find("\n>From a@b Mon Jan  1"), std::string::npos);

    auto got = split_mbox(box);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].bytes, mails[0]);
    EXPECT_EQ(got[1].bytes, mails[1] + "\n"); // the entry had to end the last line
    EXPECT_EQ(got[2].bytes, mails[2]);
    EXPECT_EQ(got[0].origin.location, "0");
    EXPECT_EQ(got[1].origin.location, std::to_string(mboxrd_entry(mails[0]).size()));
    for (const auto& m : got)
        EXPECT_TRUE(m.warnings.empty());
}

TEST(Mbox, MboxoBodyFromLinesStayInTheBody) {
    std::string box = "From alice@example.org Thu Jul  4 10:00:00 2019\n" +
                      mail("1", "Hi,\n\nFrom here on we use the new API.\n\n"
                                ">From an escaped line\nbye\n") +
                      "\nFrom bob@example.org Fri Jul  5 11:12:13 2019\n" + mail("2", "two\n") +
                      "\nFrom carol@example.org Sat Jul  6 12:00:00 2019\n" + mail("3", "three\n");
    auto got = split_mbox(box);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_NE(got[0].bytes.find("\n\nFrom here on we use the new API.\n\nFrom an escaped line\n"),
              std::string::npos);
    EXPECT_EQ(message_id_of(got[1].bytes), "2@example.org");
    EXPECT_EQ(got[2].bytes, mail("3", "three\n"));
}

TEST(Mbox, FromLineWithoutBlankLineBeforeIsBody) {
    std::string box = mbox_from_line() + mail("1", "text\nFrom x@y Mon Jan  1 00:00:00 2001\n") +
                      "\n" + mbox_from_line() + mail("2", "b\n");
    auto got = split_mbox(box);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_NE(got[0].bytes.find("\nFrom x@y Mon Jan  1"), std::string::npos);
}

TEST(Mbox, CrlfKeepsCrlfAndDropsTheSeparatorLine) {
    std::string m1 = "From: a@b\r\nMessage-ID: <c1@x>\r\n\r\nbody one\r\n";
    std::string m2 = "From: a@b\r\nMessage-ID: <c2@x>\r\n\r\n>From body two\r\n";
    std::string box = "From mboxrd@z Thu Jan  1 00:00:00 1970\r\n" + m1 +
                      "\r\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\r\n" + m2 + "\r\n";
    auto got = split_mbox(box);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].bytes, m1);
    EXPECT_EQ(got[1].bytes, "From: a@b\r\nMessage-ID: <c2@x>\r\n\r\nFrom body two\r\n");
}

TEST(Mbox, EmptyAndBlankInputsHaveNoMessages) {
    EXPECT_TRUE(split_mbox("").empty());
    EXPECT_TRUE(split_mbox("\n\n\r\n").empty());
    EXPECT_TRUE(split_mbox("not an mbox at all\nFrom here on\n").empty());
    auto r = read_all(write_temp("empty.mbox", ""));
    EXPECT_TRUE(r.msgs.empty());
}

TEST(Mbox, GarbageBeforeTheFirstFromLineIsSkippedWithAWarning) {
    std::string box = "some junk\nmore junk\n" + mbox_from_line() + mail("1", "one\n") + "\n" +
                      mbox_from_line() + mail("2", "two\n");
    auto got = split_mbox(box);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].bytes, mail("1", "one\n"));
    ASSERT_EQ(got[0].warnings.size(), 1u);
    EXPECT_EQ(got[0].warnings[0].kind, "mbox-leading-garbage");
    EXPECT_EQ(got[0].origin.location, "20");
    EXPECT_TRUE(got[1].warnings.empty());
}

TEST(Mbox, ResumingFromEveryEndOffsetYieldsTheRemainingMessages) {
    std::string box;
    for (int i = 0; i < 6; ++i)
        box += mboxrd_entry(mail(std::to_string(i), "line\n>From x\nFrom here\n"));
    fs::path p = write_temp("resume.mbox", box);
    Read all = read_all(p);
    ASSERT_EQ(all.msgs.size(), 6u);
    EXPECT_EQ(all.ends.back(), box.size());
    for (std::size_t i = 0; i < all.msgs.size(); ++i) {
        EXPECT_EQ(all.msgs[i].origin.source, p.string());
        if (i + 1 < all.msgs.size()) {
            EXPECT_EQ(std::to_string(all.ends[i]), all.msgs[i + 1].origin.location);
        }
        Read rest = read_all(p, all.ends[i]);
        ASSERT_EQ(rest.msgs.size(), all.msgs.size() - i - 1);
        for (std::size_t j = 0; j < rest.msgs.size(); ++j) {
            EXPECT_EQ(rest.msgs[j].bytes, all.msgs[i + 1 + j].bytes);
            EXPECT_EQ(rest.msgs[j].origin.location, all.msgs[i + 1 + j].origin.location);
        }
    }
    EXPECT_FALSE(MboxReader::open(p.string(), box.size() + 1).ok());
    EXPECT_FALSE(MboxReader::open((p.parent_path() / "missing.mbox").string()).ok());
}

TEST(Mbox, LongLinesAndOversizedMessages) {
    // A 3 MiB line (read in pieces) holding From_ line text must not split anything.
    std::string longline(3u << 20, 'x');
    longline.replace(1u << 20, 40, "From x@y Mon Jan  1 00:00:00 2001 here ");
    std::string m1 = mail("1", longline + "\n");
    std::string big = mail("2", std::string(5000, 'y') + "\n");
    std::string box = mboxrd_entry(m1) + mboxrd_entry(big) + mboxrd_entry(mail("3", "z\n"));
    fs::path p = write_temp("long.mbox", box);
    Read r = read_all(p);
    ASSERT_EQ(r.msgs.size(), 3u);
    EXPECT_EQ(r.msgs[0].bytes, m1);
    auto mem = split_mbox(box);
    ASSERT_EQ(mem.size(), 3u);
    EXPECT_EQ(mem[0].bytes, m1);

    auto reader = MboxReader::open(p.string());
    ASSERT_TRUE(reader.ok());
    reader->set_max_message_size(1000);
    RawMessage m;
    std::uint64_t end = 0;
    ASSERT_TRUE(reader->next(m, end));
    EXPECT_LE(m.bytes.size(), 1000u);
    ASSERT_EQ(m.warnings.size(), 1u);
    EXPECT_EQ(m.warnings[0].kind, "truncated");
    ASSERT_TRUE(reader->next(m, end));
    EXPECT_EQ(m.warnings.size(), 1u);
    ASSERT_TRUE(reader->next(m, end));
    EXPECT_EQ(m.bytes, mail("3", "z\n"));
    EXPECT_TRUE(m.warnings.empty());
    EXPECT_FALSE(reader->next(m, end));
}

// Over the cap, a mail is its longest prefix of whole lines that fits: no line from further on
// (the short last line included) is spliced in, and the next mail is intact.
TEST(Mbox, OversizedMessageIsCutAtALineBoundary) {
    std::string body;
    for (int i = 0; i < 40; ++i)
        body += "line " + std::to_string(i) + " " + std::string(90 + i % 7, 'a' + i % 26) + "\n";
    body += "END\n";
    std::string big = mail("big", body);
    std::string box = mboxrd_entry(big) + mboxrd_entry(mail("next", "z\n"));
    fs::path p = write_temp("cut.mbox", box);
    for (std::size_t cap : {1000u, 1501u, 2048u}) {
        auto reader = MboxReader::open(p.string());
        ASSERT_TRUE(reader.ok());
        reader->set_max_message_size(cap);
        RawMessage m;
        std::uint64_t end = 0;
        ASSERT_TRUE(reader->next(m, end));
        std::size_t nl = big.rfind('\n', cap - 1);
        EXPECT_EQ(m.bytes, big.substr(0, nl + 1)) << "cap " << cap;
        EXPECT_EQ(m.bytes.find("END"), std::string::npos);
        ASSERT_EQ(m.warnings.size(), 1u);
        EXPECT_EQ(m.warnings[0].kind, "truncated");
        EXPECT_NE(m.warnings[0].detail.find(std::to_string(big.size()) + " bytes"),
                  std::string::npos)
            << m.warnings[0].detail;
        ASSERT_TRUE(reader->next(m, end));
        EXPECT_EQ(m.bytes, mail("next", "z\n"));
        EXPECT_TRUE(m.warnings.empty());
    }
}

TEST(Mbox, LooksLikeMbox) {
    EXPECT_TRUE(looks_like_mbox("From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: a\n"));
    EXPECT_TRUE(looks_like_mbox("From alice@example.org Thu Jul  4 10:00:00 2019\r\n"));
    EXPECT_TRUE(looks_like_mbox(
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"));
    EXPECT_FALSE(looks_like_mbox("From here on we go\n"));
    EXPECT_FALSE(looks_like_mbox("From: alice@example.org\n"));
    EXPECT_FALSE(looks_like_mbox("Return-Path: <a@b>\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\n"));
    EXPECT_FALSE(looks_like_mbox(""));
}

std::vector<std::string> manifest_ids(const fs::path& manifest, const std::string& mbox) {
    std::ifstream in(manifest);
    std::vector<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::size_t pos = 0;
        for (;;) {
            std::size_t tab = line.find('\t', pos);
            cols.push_back(line.substr(pos, tab == std::string::npos ? tab : tab - pos));
            if (tab == std::string::npos) break;
            pos = tab + 1;
        }
        if (cols.size() >= 4 && cols[0] == mbox && cols[3].size() > 2)
            ids.push_back(cols[3].substr(1, cols[3].size() - 2));
    }
    return ids;
}

TEST(Mbox, SyzbotMboxesMatchTheirManifest) {
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    fs::path dir = test::shared_corpora() / "syzbot-mails";
    const std::pair<const char*, std::size_t> expected[] = {
        {"syzbot-sent-mails.mbox", 743},
        {"syzbot-thread-replies.mbox", 738},
        {"reported-by-syzbot-patches.mbox", 370}};
    for (const auto& [name, count] : expected) {
        std::vector<std::string> ids = manifest_ids(dir / "MANIFEST.tsv", name);
        ASSERT_EQ(ids.size(), count) << name;
        EXPECT_TRUE(looks_like_mbox(test::read_file(dir / name).substr(0, 4096))) << name;
        Read r = read_all(dir / name);
        ASSERT_EQ(r.msgs.size(), count) << name;
        std::size_t same = 0;
        for (std::size_t i = 0; i < count; ++i)
            same += message_id_of(r.msgs[i].bytes) == ids[i];
        EXPECT_EQ(same, count) << name << ": Message-IDs in manifest order";
        EXPECT_EQ(r.ends.back(), fs::file_size(dir / name));
    }
}

TEST(Mbox, E2fsprogsPatchesResumeHalfway) {
    LKMINE_REQUIRE_CORPUS("ext4-e2fsprogs-pairing");
    fs::path p = test::shared_corpora() / "ext4-e2fsprogs-pairing" / "e2fsprogs-patches.mbox";
    Read all = read_all(p);
    ASSERT_EQ(all.msgs.size(), 747u);
    std::string whole = test::read_file(p);
    auto mem = split_mbox(whole);
    ASSERT_EQ(mem.size(), 747u);
    for (std::size_t i = 0; i < mem.size(); ++i) {
        EXPECT_EQ(mem[i].bytes, all.msgs[i].bytes);
        EXPECT_FALSE(message_id_of(mem[i].bytes).empty()) << i;
    }
    Read rest = read_all(p, all.ends[399]);
    ASSERT_EQ(rest.msgs.size(), 347u);
    EXPECT_EQ(rest.msgs.front().bytes, all.msgs[400].bytes);
}

TEST(Mbox, RealMailsAreNotMboxes) {
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    for (const auto& e : fs::directory_iterator(test::shared_corpora() / "maple-tree-thread"))
        EXPECT_FALSE(looks_like_mbox(test::read_file(e.path()).substr(0, 4096))) << e.path();
}

} // namespace
} // namespace lkmine
