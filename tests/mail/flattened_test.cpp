// Tests for flattened-mail recovery, checked against the raw original of a real LKML mail.
#include "core/mail/flattened.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string collapse(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// A deliberately plain reader of raw mail: unfolded header values by name, and the body.
struct Mail {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string get(const std::string& name) const {
        for (const auto& [n, v] : headers)
            if (lower(n) == lower(name)) return v;
        return "";
    }
};

Mail read_mail(const std::string& raw) {
    Mail m;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        std::string line = raw.substr(pos, nl == std::string::npos ? nl : nl - pos);
        pos = nl == std::string::npos ? raw.size() : nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;
        if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {
            m.headers.back().second += " " + line;
        } else if (auto colon = line.find(':'); colon != std::string::npos) {
            m.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
        }
    }
    for (auto& h : m.headers)
        h.second = collapse(h.second);
    m.body = raw.substr(pos);
    return m;
}

std::vector<std::string> msgids(const std::string& v) {
    std::vector<std::string> out;
    std::size_t a = 0;
    while ((a = v.find('<', a)) != std::string::npos) {
        std::size_t b = v.find('>', a);
        if (b == std::string::npos) break;
        out.push_back(v.substr(a + 1, b - a - 1));
        a = b + 1;
    }
    return out;
}

// What the flattening did to the original: <...> beginning with a letter vanished.
std::string strip_letter_brackets(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
            std::size_t b = s.find('>', i);
            if (b != std::string::npos) {
                i = b;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

struct QLine {
    int level = 0;
    std::string content; // collapsed, markers removed
};

std::vector<QLine> quote_lines(const std::string& body) {
    std::vector<QLine> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        std::string line = body.substr(pos, nl == std::string::npos ? nl : nl - pos);
        pos = nl == std::string::npos ? body.size() : nl + 1;
        QLine q;
        std::size_t i = 0;
        while (i < line.size() && (line[i] == '>' || line[i] == ' ')) {
            if (line[i] == '>') ++q.level;
            if (line[i] == ' ' && q.level == 0) break;
            ++i;
        }
        q.content = collapse(line.substr(q.level ? i : 0));
        out.push_back(q);
    }
    return out;
}

class HughMail : public ::testing::Test {
  protected:
    void SetUp() override {
        LKMINE_REQUIRE_CORPUS("seeds/004_3fb08d2b406b8ea0.txt");
        LKMINE_REQUIRE_CORPUS("maple-tree-thread/19-hugh-stale-data-copy-success.eml");
        flat_ = test::read_file(test::shared_corpora() / "seeds/004_3fb08d2b406b8ea0.txt");
        orig_raw_ = test::read_file(test::shared_corpora() /
                                    "maple-tree-thread/19-hugh-stale-data-copy-success.eml");
        recovered_raw_ = recover_flattened(flat_, warnings_);
        orig_ = read_mail(orig_raw_);
        rec_ = read_mail(recovered_raw_);
    }
    std::string flat_, orig_raw_, recovered_raw_;
    std::vector<Warning> warnings_;
    Mail orig_, rec_;
};

TEST_F(HughMail, IsDetectedAsFlattened) {
    EXPECT_TRUE(looks_flattened(flat_));
    EXPECT_FALSE(looks_flattened(orig_raw_));
    EXPECT_FALSE(looks_flattened(recovered_raw_));
}

TEST_F(HughMail, HeadersMatchTheOriginal) {
    EXPECT_EQ(msgids(rec_.get("Message-ID")),
              std::vector<std::string>{"7db5a8c5-9084-a7fe-6e83-713e52ed8539@google.com"});
    EXPECT_EQ(msgids(rec_.get("Message-ID")), msgids(orig_.get("Message-ID")));
    EXPECT_EQ(msgids(rec_.get("In-Reply-To")), msgids(orig_.get("In-Reply-To")));
    // The original has 11 References; <fc9c2193-...@google.com> began with a letter and was
    // stripped from the flattened copy, the other 10 must all come back, in order.
    std::vector<std::string> want;
    for (const auto& id : msgids(orig_.get("References")))
        if (!std::isalpha(static_cast<unsigned char>(id[0]))) want.push_back(id);
    ASSERT_EQ(msgids(orig_.get("References")).size(), 11u);
    ASSERT_EQ(want.size(), 10u);
    EXPECT_EQ(msgids(rec_.get("References")), want);
    EXPECT_EQ(rec_.get("Subject"), orig_.get("Subject"));
    EXPECT_EQ(rec_.get("Subject"), "Re: [PATCH] maple_tree: Fix sparse reported issues");
    EXPECT_EQ(rec_.get("Date"), orig_.get("Date"));
    EXPECT_EQ(rec_.get("From"), "Hugh Dickins");
    EXPECT_EQ(orig_.get("From"), "Hugh Dickins <hughd@google.com>");
    EXPECT_EQ(rec_.get("List-ID"), orig_.get("List-ID"));
    EXPECT_EQ(rec_.get("X-Mailing-List"), "linux-kernel@vger.kernel.org");
    EXPECT_EQ(rec_.get("Content-Type"), orig_.get("Content-Type"));
    EXPECT_EQ(rec_.get("MIME-Version"), "1.0");
    // Every header line of the recovered mail is a real header: nothing of the body leaked up.
    EXPECT_EQ(rec_.body.rfind("On Mon, 18 Jul 2022, Liam Howlett wrote:\n", 0), 0u);
}

TEST_F(HughMail, WarningSaysAddressesWereStripped) {
    bool found = false;
    for (const auto& w : warnings_)
        if (w.kind == "recovered-flattened") {
            found = true;
            EXPECT_NE(w.detail.find("stripped"), std::string::npos);
            EXPECT_NE(w.detail.find("addresses"), std::string::npos);
        }
    EXPECT_TRUE(found);
}

TEST_F(HughMail, EveryOriginalBodyLineIsInTheRecoveredBody) {
    std::string rec_text = collapse(rec_.body);
    std::size_t lines = 0, found = 0;
    for (const auto& q : quote_lines(orig_.body)) {
        std::string want = collapse(strip_letter_brackets(q.content));
        if (want.empty()) continue;
        std::string with_markers;
        for (int i = 0; i < q.level; ++i)
            with_markers += "> ";
        with_markers = collapse(with_markers + want);
        ++lines;
        if (rec_text.find(with_markers) != std::string::npos)
            ++found;
        else
            ADD_FAILURE() << "missing: " << with_markers;
    }
    EXPECT_GE(lines, 100u);
    EXPECT_EQ(found, lines);
}

TEST_F(HughMail, QuoteLevelsMatchTheOriginal) {
    std::vector<QLine> rec = quote_lines(rec_.body);
    std::vector<QLine> orig = quote_lines(orig_.body);
    std::size_t quoted = 0, same = 0, cursor = 0;
    for (std::size_t i = 0; i < orig.size(); ++i) {
        if (orig[i].level == 0) continue;
        ++quoted;
        std::string want = collapse(strip_letter_brackets(orig[i].content));
        if (want.empty()) {
            // An empty quoted line: the recovered line right after the last match.
            if (cursor + 1 < rec.size() && rec[cursor + 1].content.empty() &&
                rec[cursor + 1].level == orig[i].level) {
                ++same;
                ++cursor;
            }
            continue;
        }
        for (std::size_t j = cursor; j < rec.size(); ++j) {
            const std::string& got = rec[j].content;
            bool match =
                got.find(want) != std::string::npos || (!got.empty() && want.rfind(got, 0) == 0);
            if (!match) continue;
            same += rec[j].level == orig[i].level;
            cursor = j;
            break;
        }
    }
    double share = quoted ? double(same) / double(quoted) : 0;
    std::printf("quote levels: %zu of %zu quoted lines of the original match (%.1f%%)\n", same,
                quoted, 100 * share);
    EXPECT_GT(quoted, 60u);
    EXPECT_GE(share, 0.9);
}

TEST(Flattened, FiresOnlyOnTheFlattenedSeed) {
    LKMINE_REQUIRE_CORPUS("seeds");
    LKMINE_REQUIRE_CORPUS("maple-tree-thread");
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora");
    LKMINE_REQUIRE_CORPUS("syzbot-mails");
    std::size_t files = 0, fired = 0;
    for (const char* dir : {"seeds", "maple-tree-thread", "notmuch-test-corpora", "syzbot-mails"})
        for (const auto& e : fs::recursive_directory_iterator(test::shared_corpora() / dir)) {
            if (!e.is_regular_file()) continue;
            std::string data = test::read_file(e.path());
            ++files;
            bool want = e.path().filename() == "004_3fb08d2b406b8ea0.txt";
            EXPECT_EQ(looks_flattened(data), want) << e.path();
            fired += looks_flattened(data);
        }
    EXPECT_GT(files, 300u);
    EXPECT_EQ(fired, 1u);
}

TEST(Flattened, DoesNotFireOnLookalikes) {
    std::string b64(4000, 'Q');
    EXPECT_FALSE(looks_flattened(b64));
    EXPECT_FALSE(looks_flattened("Subject: hi\nFrom: a@b\nMessage-ID: <1@b>\n\n" + b64));
    std::string one_header = "Subject: " + std::string(3000, 'x');
    EXPECT_FALSE(looks_flattened(one_header));
    EXPECT_FALSE(looks_flattened(""));
    std::string prose = "From: the start of this text is prose " + std::string(600, 'y') +
                        " and it mentions Subject: lines";
    EXPECT_FALSE(looks_flattened(prose));
}

TEST(Flattened, BodyRestoresQuotesAttributionsAndTrailers) {
    const std::string original = "On Tue, 1 Feb 2022, Ann wrote:\n"
                                 "> > Deep quote line.\n"
                                 "> > more deep.\n"
                                 "> Shallow reply line\n"
                                 ">\n"
                                 "> > Second deep.\n"
                                 "> > third deep.\n"
                                 "> >\n"
                                 "> second shallow.\n"
                                 "> more shallow.\n"
                                 "\n"
                                 "Thanks for the review.\n"
                                 "\n"
                                 "Signed-off-by: Bob Smith\n"
                                 "\n"
                                 "-- \n"
                                 "Bob\n";
    EXPECT_EQ(restore_flattened_body(collapse(original)), original);
}

TEST(Flattened, MalformedInputIsHandledQuickly) {
    auto start = std::chrono::steady_clock::now();
    std::vector<Warning> w;
    EXPECT_NO_THROW(recover_flattened("", w));
    EXPECT_NO_THROW(recover_flattened(std::string(10, '\0'), w));
    EXPECT_NO_THROW(recover_flattened(std::string(1 << 20, '>'), w));
    std::string markers;
    for (int i = 0; i < 200000; ++i)
        markers += "> ";
    std::string out = recover_flattened("Subject: x Message-ID: <1@x> " + markers + "end", w);
    EXPECT_LT(out.size(), 1000u);
    std::string big = "Received: x From: A Subject: big Message-ID: <2@x> ";
    for (int i = 0; i < 200000; ++i)
        big += "word " + std::string(i % 7 == 0 ? "> " : "");
    EXPECT_FALSE(recover_flattened(big, w).empty());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

} // namespace
} // namespace lkmine
