// `lkmine reply` on the maple-tree thread: delivered through msmtp and git send-email to a real
// SMTP server on 127.0.0.1 (aiosmtpd, tests/cli/smtp_sink.py) and compared byte for byte with a
// golden file; every reply of the thread read back by Python's email package.
#include "tests/cli/indexer_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace lkmine::test {
namespace {

const char* kMaple = "maple-tree-thread";
const std::string kMail13 = "20220718022718.wtlw7grwp6dv5fcp@revolver";
const std::string kGolden = "tests/cli/golden/reply-maple-13-review.eml";
const std::string kComment1 =
    "lib/maple_tree.c:4123=Without the post-increment here, dst_offset now points at the\n"
    "slot just written: please say so in the comment below, the goto skips the\n"
    "increment.";
const std::string kComment2 =
    "maple_tree.c:4129-4132=Is mas->last >= mas->max also right for a range that\n"
    "ends below the node maximum but overwrites the rest of the data?";

fs::path source_dir() {
    return LKMINE_SOURCE_DIR;
}

std::string crlf_to_lf(std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
    return out;
}

// A Python with aiosmtpd (Debian's python3-aiosmtpd lives in /usr/bin/python3), or "".
std::string smtp_python() {
    for (const char* p : {"python3", "/usr/bin/python3"})
        if (sh(std::string(p) + " -c 'import aiosmtpd' 2>/dev/null").status == 0) return p;
    return {};
}

// tests/cli/smtp_sink.py running in `dir`; stopped (by its pid) when destroyed.
class SmtpSink {
  public:
    SmtpSink(const std::string& python, const fs::path& dir) : dir_(dir) {
        std::string script = (source_dir() / "tests/cli/smtp_sink.py").string();
        std::vector<std::string> argv{python, script, dir.string()};
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);
        if (posix_spawnp(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = 0;
        for (int i = 0; i < 200 && pid_ && !fs::exists(dir / "port"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (fs::exists(dir / "port")) port_ = read_bytes(dir / "port");
    }
    ~SmtpSink() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    const std::string& port() const { return port_; }
    // The n-th delivered mail (1-based) and its envelope, waiting up to 10 s for it.
    bool delivered(int n, std::string& mail, nlohmann::json& envelope) const {
        fs::path base = dir_ / std::to_string(n);
        for (int i = 0; i < 200 && !fs::exists(base.string() + ".json"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!fs::exists(base.string() + ".json")) return false;
        mail = read_bytes(base.string() + ".eml");
        envelope = nlohmann::json::parse(read_bytes(base.string() + ".json"));
        return true;
    }

  private:
    fs::path dir_;
    pid_t pid_ = 0;
    std::string port_;
};

class ReplyCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!fs::exists(shared_corpora() / kMaple)) return;
        dir_ = new TempDir();
        auto r = lkmine({"index", "-q", "--db", db(), (shared_corpora() / kMaple).string()});
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    void SetUp() override { LKMINE_REQUIRE_CORPUS(kMaple); }
    static std::string db() { return (dir_->path() / "db").string(); }

  public:
    RunResult reply_as(const std::vector<std::string>& args, const std::string& name) {
        return reply(args, "", name);
    }

  protected:
    // lkmine reply with a fixed identity, date and config directory (no git config: the
    // fixture runs without one).
    RunResult reply(const std::vector<std::string>& args, const std::string& env = "",
                    const std::string& name = "Jane Reviewer") {
        std::string cmd = "XDG_CONFIG_HOME=" + quote((tmp_ / "config").string()) +
                          " LKMINE_NAME=" + quote(name) +
                          " LKMINE_EMAIL=jane@example.org"
                          " LKMINE_DATE='Tue, 19 Jul 2022 09:00:00 +0200' " +
                          env + " " + quote(LKMINE_BINARY) + " reply --db " +
                          quote(db_override_.empty() ? db() : db_override_);
        for (const auto& a : args)
            cmd += " " + quote(a);
        return sh(cmd + " </dev/null");
    }
    std::vector<std::string> review_args() {
        return {kMail13,   "--comment",     kComment1,      "--comment",
                kComment2, "--reviewed-by", "--message-id", "reply-test-1@example.org"};
    }
    fs::path mail_file(const std::string& prefix) {
        for (const auto& e : fs::directory_iterator(shared_corpora() / kMaple))
            if (e.path().filename().string().rfind(prefix, 0) == 0) return e.path();
        return {};
    }

    static TempDir* dir_;
    TempDir tmp_;
    std::string db_override_; // a test's own index instead of the thread's
};
TempDir* ReplyCli::dir_ = nullptr;

const std::set<std::string> kRecipients13 = {
    "liam.howlett@oracle.com",        "hughd@google.com",   "david@redhat.com",
    "akpm@linux-foundation.org",      "yuzhao@google.com",  "willy@infradead.org",
    "maple-tree@lists.infradead.org", "linux-mm@kvack.org", "linux-kernel@vger.kernel.org"};

std::string need_sink_tools() {
    std::string py = smtp_python();
    if (py.empty()) return "python3-aiosmtpd is not installed (scripts/install-deps.sh)";
    if (sh("command -v msmtp").status != 0) return "msmtp is not installed";
    return {};
}

#define LKMINE_REQUIRE_SMTP_TOOLS()                                                                \
    do {                                                                                           \
        std::string missing = need_sink_tools();                                                   \
        if (!missing.empty()) {                                                                    \
            if (in_ci()) FAIL() << missing;                                                        \
            GTEST_SKIP() << missing;                                                               \
        }                                                                                          \
    } while (0)

// The review of mail 13's attached patch, sent by msmtp to the SMTP server: what the server
// received is the golden file (read by hand: two hunks trimmed around the comments, the file
// header once, "[...]" where lines were left out, the trailer last), CRLF being SMTP's line end.
TEST_F(ReplyCli, ReviewOfMail13ThroughMsmtpArrivesByteForByte) {
    LKMINE_REQUIRE_SMTP_TOOLS();
    fs::create_directories(tmp_ / "sink");
    SmtpSink sink(smtp_python(), tmp_ / "sink");
    ASSERT_FALSE(sink.port().empty()) << "the SMTP server did not start";
    write_bytes(tmp_ / "msmtprc", "defaults\nauth off\ntls off\naccount default\n"
                                  "host 127.0.0.1\nport " +
                                      sink.port() + "\nfrom jane@example.org\n");
    fs::permissions(tmp_ / "msmtprc", fs::perms::owner_read | fs::perms::owner_write);
    auto args = review_args();
    for (std::string a : {"--no-edit", "--send-with", "sendmail", "--sendmail"})
        args.push_back(a);
    args.push_back("msmtp -C " + (tmp_ / "msmtprc").string() + " -t");
    auto r = reply(args);
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.err.find("sent with msmtp"), std::string::npos) << r.err;

    std::string mail;
    nlohmann::json envelope;
    ASSERT_TRUE(sink.delivered(1, mail, envelope));
    EXPECT_NE(mail.find("\r\n"), std::string::npos); // it did cross SMTP
    EXPECT_EQ(crlf_to_lf(mail), read_bytes(source_dir() / kGolden));
    EXPECT_EQ(envelope["mail_from"], "jane@example.org");
    auto rcpts = envelope["rcpt_tos"].get<std::vector<std::string>>();
    EXPECT_EQ(std::set<std::string>(rcpts.begin(), rcpts.end()), kRecipients13);
    EXPECT_EQ(rcpts.size(), kRecipients13.size());
}

// The same reply handed to git send-email (its own Date and X-Mailer, the rest ours): same
// recipients, threading headers and body.
TEST_F(ReplyCli, GitSendEmailDeliversTheSameReply) {
    LKMINE_REQUIRE_SMTP_TOOLS();
    if (sh("git send-email -h 2>&1 | grep -q smtp-server").status != 0) {
        if (in_ci()) FAIL() << "git send-email is not installed (git-email, libmailtools-perl)";
        GTEST_SKIP() << "git send-email is not installed";
    }
    fs::create_directories(tmp_ / "sink");
    fs::create_directories(tmp_ / "config/lkmine");
    SmtpSink sink(smtp_python(), tmp_ / "sink");
    ASSERT_FALSE(sink.port().empty());
    write_bytes(tmp_ / "config/lkmine/reply.conf",
                "git-send-email = git send-email --smtp-server=127.0.0.1 --smtp-server-port=" +
                    sink.port() + " --smtp-encryption=none\n");
    auto args = review_args();
    for (std::string a : {"--no-edit", "--send-with", "git-send-email"})
        args.push_back(a);
    auto r = reply(args);
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    std::string mail;
    nlohmann::json envelope;
    ASSERT_TRUE(sink.delivered(1, mail, envelope));
    mail = crlf_to_lf(mail);
    std::string golden = read_bytes(source_dir() / kGolden);
    auto body = [](const std::string& m) { return m.substr(m.find("\n\n") + 2); };
    auto trimmed = [](std::string s) {
        while (!s.empty() && s.back() == '\n')
            s.pop_back();
        return s;
    };
    EXPECT_EQ(trimmed(body(mail)), trimmed(body(golden)));
    for (const std::string& h : std::vector<std::string>{
             "\nIn-Reply-To: <" + kMail13 + ">\n", "\nMessage-Id: <reply-test-1@example.org>\n",
             "\nSubject: Re: [PATCH] maple_tree: Fix sparse reported issues\n",
             "\nFrom: Jane Reviewer <jane@example.org>\n"})
        EXPECT_NE(("\n" + mail).find(h), std::string::npos) << h << "\n" << mail.substr(0, 2000);
    auto rcpts = envelope["rcpt_tos"].get<std::vector<std::string>>();
    EXPECT_EQ(std::set<std::string>(rcpts.begin(), rcpts.end()), kRecipients13);
}

// Replies (as `Jürgen Groß`, an Acked-by) to every mail of `files` indexed in `db`, then
// Python's email package reads each reply and its parent back (tests/cli/reply_check.py):
// In-Reply-To, References, Re: subject, To the author, Cc the rest (and List-Post) without
// duplicates or ourselves, the non-ASCII name decoded back. Returns the number of replies.
std::size_t check_replies(ReplyCli& t, const fs::path& dir, const std::string& files_glob,
                          const fs::path& out) {
    auto ids = sh("python3 " + quote((source_dir() / "tests/cli/reply_check.py").string()) +
                  " --ids " + quote(dir.string()) + "/" + files_glob);
    EXPECT_EQ(ids.status, 0) << ids.err;
    std::string pairs;
    std::size_t n = 0;
    std::istringstream lines(ids.out);
    for (std::string line; std::getline(lines, line);) {
        const std::string file = line.substr(0, line.find('\t'));
        const std::string msgid = line.substr(line.find('\t') + 1);
        const fs::path reply = out / ("reply-" + std::to_string(n++) + ".eml");
        auto r =
            t.reply_as({msgid, "--no-edit", "--acked-by", "-o", reply.string()}, "Jürgen Groß");
        EXPECT_EQ(r.status, 0) << file << ": " << r.err;
        pairs += reply.string() + "\t" + file + "\n";
    }
    write_bytes(out / "pairs", pairs);
    auto check =
        sh("python3 " + quote((source_dir() / "tests/cli/reply_check.py").string()) + " --pairs " +
           quote((out / "pairs").string()) + " jane@example.org 'Jürgen Groß'");
    EXPECT_EQ(check.status, 0) << check.out << check.err;
    return n;
}

TEST_F(ReplyCli, PythonEmailReadsEveryReplyOfTheThread) {
    EXPECT_EQ(check_replies(*this, shared_corpora() / kMaple, "*.eml", tmp_.path()), 22u);
}

// The same over notmuch's lkml corpus (210 LKML mails of 2010: long Cc lists, cut headers,
// List-Post, duplicate References), indexed into a database of its own.
TEST_F(ReplyCli, PythonEmailReadsEveryReplyOfNotmuchLkml) {
    LKMINE_REQUIRE_CORPUS("notmuch-test-corpora/lkml");
    const fs::path lkml = shared_corpora() / "notmuch-test-corpora/lkml";
    auto r = lkmine({"index", "-q", "--db", (tmp_ / "lkml-db").string(), lkml.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    db_override_ = (tmp_ / "lkml-db").string();
    EXPECT_EQ(check_replies(*this, lkml / "cur", "*", tmp_.path()), 210u);
}

// An editor that empties the text aborts: nothing is written, exit 1, the reason said.
TEST_F(ReplyCli, EmptiedEditorAborts) {
    fs::path out = tmp_ / "r.eml";
    auto r = reply({kMail13, "-o", out.string()}, "VISUAL= EDITOR='truncate -s 0'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("empty"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

// What the user types in the editor is what leaves.
TEST_F(ReplyCli, EditorTextIsSent) {
    fs::path out = tmp_ / "r.eml";
    auto r = reply({kMail13, "-o", out.string()},
                   "VISUAL= EDITOR=\"sed -i '\\$a Thanks, that fixes it here too.'\"");
    ASSERT_EQ(r.status, 0) << r.err;
    std::string mail = read_bytes(out);
    EXPECT_NE(mail.find("> Liam\n\nThanks, that fixes it here too.\n"), std::string::npos)
        << mail.substr(mail.size() > 300 ? mail.size() - 300 : 0);
}

// A comment on lines the patch does not touch says which lines it does.
TEST_F(ReplyCli, CommentOutsideTheHunksIsAUsageError) {
    auto r = reply({kMail13, "--no-edit", "--comment", "lib/maple_tree.c:10-12=hm"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("4120-4137"), std::string::npos) << r.err;
    r = reply({kMail13, "--no-edit", "--comment", "mm/mmap.c:10=hm"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("its files: lib/maple_tree.c"), std::string::npos) << r.err;
}

// Without any identity (no environment, config file or git config) nothing is composed.
TEST_F(ReplyCli, NoIdentityIsAUsageError) {
    auto r = sh("cd / && env -u LKMINE_NAME -u LKMINE_EMAIL XDG_CONFIG_HOME=" +
                quote(tmp_.path().string()) + " " + quote(LKMINE_BINARY) +
                " reply --no-edit --db " + quote(db()) + " " + kMail13);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("no identity"), std::string::npos) << r.err;
}

} // namespace
} // namespace lkmine::test
