// A search host with only remote shards (issue 19): a real index split in two shards, each
// served by its own xapian-tcpsrv on 127.0.0.1; the client answers as the local index does,
// lists and removes its shards, and answers from the living shards when one is killed or hangs.
#include "core/index/store.hpp"
#include "tests/cli/indexer_fixture.hpp"
#include "tests/support/tcp_shards.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <set>

namespace lkmine::test {
namespace {

using nlohmann::json;

const std::string kIoctlCommit = "558ddf0842cfa4df6dced9ffde150b81787d4144";
const std::string kV2Ioctl = "20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com";
const std::string kCrashTitle = "slab-use-after-free Read in ringbuf_pop";

// The project sample (mails, kernel repository, syzbot log) and the real linux-fscrypt
// archive in one index of two shards, built once.
class RemoteShards : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!std::filesystem::exists(fscrypt_epoch())) return; // each test says why
        dir_ = new TempDir();
        auto k =
            sh("bash " + quote(std::string(LKMINE_SOURCE_DIR) + "/corpora/build-kernel-sample.sh") +
               " " + quote(repo()) + " >/dev/null 2>&1");
        ASSERT_EQ(k.status, 0) << k.err;
        auto r = lkmine({"index", "-q", "--shards", "2", "--db", local(), "--git", repo(),
                         "--bisect-logs", (project_corpora() / "syzbot-sample").string(),
                         (lore_sample() / "linux-demo").string(), fscrypt_epoch().string()},
                        1200);
        ASSERT_EQ(r.status, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    void SetUp() override {
        LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
        if (!have_xapian_tcpsrv()) {
            if (in_ci()) FAIL() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
            GTEST_SKIP() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
        }
        ASSERT_NE(dir_, nullptr);
    }
    static std::string local() { return (dir_->path() / "local").string(); }
    static std::string repo() { return (dir_->path() / "kernel").string(); }
    static std::string shard(int n) { return local() + "/shard" + std::to_string(n); }
    static TempDir* dir_;
};
TempDir* RemoteShards::dir_ = nullptr;

// Two servers, one per shard, and a fresh client index listing them.
struct Served {
    std::unique_ptr<TcpServer> s0, s1;
    TempDir dir;
    std::string client = (dir / "client").string();

    explicit Served(const std::string& shard0, const std::string& shard1)
        : s0(std::make_unique<TcpServer>(std::vector<std::string>{shard0})),
          s1(std::make_unique<TcpServer>(std::vector<std::string>{shard1})) {}
    void make_client() {
        ASSERT_TRUE(s0->ready() && s1->ready()) << "xapian-tcpsrv did not start";
        auto init = lkmine({"shards", "init", "--db", client});
        ASSERT_EQ(init.status, 0) << init.err;
        for (const auto& s : {s0->address(), s1->address()}) {
            auto add = lkmine({"shards", "add", "--db", client, "--remote", s});
            ASSERT_EQ(add.status, 0) << add.err;
        }
    }
};

// An index of one local shard of `local` only, through a stub: what the surviving shard holds.
std::string only_shard(const TempDir& dir, const std::string& shard_path) {
    auto d = dir / "only";
    std::filesystem::create_directories(d);
    std::ofstream(d / "XAPIANDB") << "auto " << shard_path << "\n";
    return d.string();
}

// The same command on the local index and on the client: the same exit, output and errors.
void expect_same_answer(const std::vector<std::string>& args, const std::string& local,
                        const std::string& client) {
    auto with = [&](const std::string& db) {
        std::vector<std::string> a = args;
        a.insert(a.begin() + 1, {"--db", db});
        return lkmine(a);
    };
    auto near = with(local), far = with(client);
    std::string what = args[0] + (args.size() > 1 ? " " + args.back() : "");
    EXPECT_EQ(near.status, 0) << what << ": " << near.err;
    EXPECT_EQ(far.status, near.status) << what << ": " << far.err;
    EXPECT_FALSE(near.out.empty()) << what;
    EXPECT_EQ(far.out, near.out) << what;
}

TEST_F(RemoteShards, ClientWithNoLocalShardAnswersLikeTheLocalIndex) {
    Served served(shard(0), shard(1));
    served.make_client();
    EXPECT_FALSE(std::filesystem::exists(served.client + "/shard0")); // no local shard

    for (std::string q :
         {"*", "s:fscrypt", "s:\"inline encryption\"", "f:ebiggers", "dfn:fs/crypto/keyring.c",
          "b:policy AND NOT s:Re", "d:20200101..20200601", "l:linux-fscrypt.vger.kernel.org",
          "ringbuf", "syzbot"}) {
        expect_same_answer({"search", "--json", "--limit", "300", q}, local(), served.client);
        expect_same_answer({"search", "--threads", q}, local(), served.client);
    }
    expect_same_answer({"search", "--json", "--sort", "relevance", "encryption key"}, local(),
                       served.client);

    // Message-IDs from the answer itself: patches, replies, cover letters.
    auto found = lkmine({"search", "--db", local(), "--json", "--limit", "10", "s:PATCH"});
    ASSERT_EQ(found.status, 0) << found.err;
    std::vector<std::string> ids{kV2Ioctl};
    std::istringstream lines(found.out);
    for (std::string line; std::getline(lines, line);)
        ids.push_back(json::parse(line)["message_id"]);
    ASSERT_EQ(ids.size(), 11u);
    for (const auto& id : ids) {
        expect_same_answer({"thread", "--json", id}, local(), served.client);
        expect_same_answer({"thread", id}, local(), served.client);
        expect_same_answer({"show", "--json", id}, local(), served.client);
        expect_same_answer({"show", "--raw", id}, local(), served.client);
        expect_same_answer({"series", "--json", id}, local(), served.client);
    }
    expect_same_answer({"export", "--mbox", "-", "s:fscrypt d:20250101..20250201"}, local(),
                       served.client);
    expect_same_answer({"commit", "--json", kIoctlCommit}, local(), served.client);
    expect_same_answer({"patch", "--json", kV2Ioctl}, local(), served.client);
    expect_same_answer({"symptom", "--json", kCrashTitle}, local(), served.client);
    expect_same_answer({"am", kV2Ioctl}, local(), served.client);
}

TEST_F(RemoteShards, ShardsListJsonAndRemove) {
    Served served(shard(0), shard(1));
    served.make_client();
    auto near = lkmine({"shards", "list", "--json", "--db", local()});
    auto far = lkmine({"shards", "list", "--json", "--db", served.client});
    ASSERT_EQ(near.status, 0) << near.err;
    ASSERT_EQ(far.status, 0) << far.err;
    std::vector<json> n, f;
    std::istringstream a(near.out), b(far.out);
    for (std::string l; std::getline(a, l);)
        n.push_back(json::parse(l));
    for (std::string l; std::getline(b, l);)
        f.push_back(json::parse(l));
    ASSERT_EQ(n.size(), 2u);
    ASSERT_EQ(f.size(), 2u);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(n[i]["path"], shard(i));
        EXPECT_EQ(n[i]["remote"], false);
        EXPECT_GT(n[i]["bytes"].get<long>(), 0);
        EXPECT_EQ(f[i]["remote"], true);
        EXPECT_EQ(f[i]["address"], (i ? served.s1 : served.s0)->address());
        EXPECT_EQ(f[i]["reachable"], true);
        EXPECT_EQ(f[i]["documents"], n[i]["documents"]); // the same shard, seen remotely
        EXPECT_GT(f[i]["documents"].get<long>(), 1000);
    }

    served.s0->kill_now();
    auto down = lkmine({"shards", "list", "--json", "--db", served.client});
    EXPECT_EQ(down.status, 3) << down.err;
    auto first = json::parse(down.out.substr(0, down.out.find('\n')));
    EXPECT_EQ(first["reachable"], false);
    EXPECT_EQ(first["error"], "connection refused");

    auto rm = lkmine({"shards", "remove", "--db", served.client, "--remote", served.s0->address()});
    ASSERT_EQ(rm.status, 0) << rm.err;
    auto after = lkmine({"shards", "list", "--json", "--db", served.client});
    EXPECT_EQ(after.status, 0) << after.err;
    EXPECT_EQ(json::parse(after.out)["address"], served.s1->address());
    auto again =
        lkmine({"shards", "remove", "--db", served.client, "--remote", served.s0->address()});
    EXPECT_EQ(again.status, 1);
    EXPECT_NE(again.err.find("is not a remote shard"), std::string::npos) << again.err;
}

TEST_F(RemoteShards, KilledShardGivesThePartialAnswerOfTheOthers) {
    Served served(shard(0), shard(1));
    served.make_client();
    TempDir tmp;
    std::string only1 = only_shard(tmp, shard(1));
    std::string dead = served.s0->address();
    served.s0->kill_now();

    for (std::string q : {"s:fscrypt", "*", "f:ebiggers"}) {
        auto oracle = lkmine({"search", "--db", only1, "--json", "--limit", "200", q});
        auto part = lkmine({"search", "--db", served.client, "--json", "--limit", "200", q});
        ASSERT_EQ(oracle.status, 0) << oracle.err;
        EXPECT_EQ(part.status, 3) << part.err;
        EXPECT_FALSE(part.out.empty());
        EXPECT_EQ(part.out, oracle.out) << q;
        auto j = json::parse(part.err.substr(part.err.find("{\"partial\"")));
        EXPECT_EQ(j["partial"]["answered"], 1);
        EXPECT_EQ(j["partial"]["total"], 2);
        EXPECT_EQ(j["partial"]["failed"][0]["shard"], dead);
        EXPECT_EQ(j["partial"]["failed"][0]["error"], "connection refused");
    }
    auto text = lkmine({"search", "--db", served.client, "s:fscrypt"});
    EXPECT_EQ(text.status, 3);
    EXPECT_NE(text.err.find("1 of 2 shards answered; " + dead + ": connection refused"),
              std::string::npos)
        << text.err;
    auto strict = lkmine({"search", "--require-all-shards", "--db", served.client, "s:fscrypt"});
    EXPECT_EQ(strict.status, 1);
    EXPECT_TRUE(strict.out.empty());
    EXPECT_NE(strict.err.find("1 of 2 shards answered"), std::string::npos) << strict.err;

    served.s1->kill_now();
    auto none = lkmine({"search", "--db", served.client, "s:fscrypt"});
    EXPECT_EQ(none.status, 1);
    EXPECT_NE(none.err.find("no shard of"), std::string::npos) << none.err;
}

TEST_F(RemoteShards, ShardKilledWhileAReaderIsOpen) {
    Served served(shard(0), shard(1));
    served.make_client();
    TempDir tmp;
    auto reader = StoreReader::open(served.client);
    ASSERT_TRUE(reader.ok()) << reader.error();
    SearchOptions all;
    all.limit = 100000;
    auto before = reader->search("s:fscrypt", all);
    ASSERT_TRUE(before.ok()) << before.error();
    EXPECT_FALSE(reader->health().partial());

    served.s0->kill_now(); // mid-run: the reader's connection to it dies
    auto after = reader->search("s:fscrypt", all);
    ASSERT_TRUE(after.ok()) << after.error();
    auto oracle = StoreReader::open(only_shard(tmp, shard(1)));
    ASSERT_TRUE(oracle.ok()) << oracle.error();
    auto expected = oracle->search("s:fscrypt", all);
    ASSERT_TRUE(expected.ok());
    ASSERT_EQ(after->results.size(), expected->results.size());
    EXPECT_LT(after->results.size(), before->results.size());
    for (std::size_t i = 0; i < after->results.size(); ++i)
        EXPECT_EQ(after->results[i].message_id, expected->results[i].message_id);
    auto h = reader->health();
    EXPECT_EQ(h.answered, 1u);
    EXPECT_EQ(h.total, 2u);
    ASSERT_EQ(h.failed.size(), 1u);
    EXPECT_EQ(h.failed[0].first, served.s0->address());
}

TEST_F(RemoteShards, HungShardTimesOutAndTheOthersAnswer) {
    Served served(shard(0), shard(1));
    ASSERT_TRUE(served.s1->ready());
    SilentListener hung;
    TempDir tmp;
    std::filesystem::create_directories(served.client);
    // Written by hand: shards add refuses a server that does not answer.
    std::ofstream(served.client + "/XAPIANDB")
        << "remote " << hung.address() << "\nremote " << served.s1->address() << "\n";
    std::string only1 = only_shard(tmp, shard(1));
    auto oracle = lkmine({"search", "--db", only1, "--json", "s:fscrypt"});
    auto part = lkmine(
        {"--shard-timeout", "500", "search", "--db", served.client, "s:fscrypt", "--json"}, 60);
    EXPECT_FALSE(part.timed_out);
    EXPECT_EQ(part.status, 3) << part.err;
    EXPECT_EQ(part.out, oracle.out);
    EXPECT_NE(part.err.find("\"error\":\"timed out after 500 ms\""), std::string::npos) << part.err;
    EXPECT_NE(part.err.find(hung.address()), std::string::npos) << part.err;
    // The flag after the command works too (fallthrough), with the strict mode.
    auto strict = lkmine({"search", "--db", served.client, "s:fscrypt", "--shard-timeout", "300",
                          "--require-all-shards"},
                         60);
    EXPECT_EQ(strict.status, 1) << strict.err;
    EXPECT_NE(strict.err.find(hung.address() + ": timed out after 300 ms"), std::string::npos)
        << strict.err;
}

TEST(RemoteShardsCli, SearchHostMadeOnAFreshDirectory) {
    TempDir dir;
    std::string client = (dir / "fresh" / "client").string();
    auto refused = lkmine({"shards", "add", "--db", client, "--remote", "127.0.0.1:1"});
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.err.find("is xapian-tcpsrv running there?"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(client)); // nothing written for a failed add
    auto init = lkmine({"shards", "init", "--db", client});
    ASSERT_EQ(init.status, 0) << init.err;
    auto twice = lkmine({"shards", "init", "--db", client});
    EXPECT_EQ(twice.status, 1);
    auto empty = lkmine({"search", "--db", client, "*"});
    EXPECT_EQ(empty.status, 0) << empty.err;
    EXPECT_TRUE(empty.out.empty());
    auto list = lkmine({"shards", "list", "--json", "--db", client});
    EXPECT_EQ(list.status, 0) << list.err;
    EXPECT_TRUE(list.out.empty());
    // Mails indexed here would be searched by no one: refused, nothing written.
    auto ix = lkmine({"index", "-q", "--db", client, (lore_sample() / "linux-demo").string()});
    EXPECT_EQ(ix.status, 1);
    EXPECT_NE(ix.err.find("holds remote shards only"), std::string::npos) << ix.err;
    EXPECT_FALSE(std::filesystem::exists(client + "/shard0"));
}

// A Maildir of these mails at dir/name.
std::string maildir(const TempDir& dir, const std::string& name,
                    const std::vector<std::string>& mails) {
    auto md = dir / name;
    for (const char* sub : {"cur", "new", "tmp"})
        std::filesystem::create_directories(md / sub);
    for (std::size_t i = 0; i < mails.size(); ++i)
        write_bytes(md / ("cur/17100000" + std::to_string(i) + ".M1.host:2,"), mails[i]);
    return md.string();
}

// Host A holds a mail X and a reply Z to Y; host B holds Y (a reply to X) and a reply W to Z:
// no host sees the whole thread, and each numbered its threads on its own.
TEST(RemoteShardsCli, ThreadSpanningHostsIsJoined) {
    if (!have_xapian_tcpsrv()) {
        if (in_ci()) FAIL() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
        GTEST_SKIP() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
    }
    TempDir dir;
    std::string x = "x@host-a.example", y = "y@host-b.example", z = "z@host-a.example",
                w = "w@host-b.example";
    auto a_mails = std::vector<std::string>{make_mail(x, "[PATCH] fs: a change"),
                                            make_mail(z, "Re: [PATCH] fs: a change", y)};
    auto b_mails = std::vector<std::string>{make_mail(y, "Re: [PATCH] fs: a change", x),
                                            make_mail(w, "Re: [PATCH] fs: a change", z)};
    auto all = a_mails;
    all.insert(all.end(), b_mails.begin(), b_mails.end());
    std::string a = (dir / "a").string(), b = (dir / "b").string(), one = (dir / "one").string();
    for (auto [db, src] :
         {std::pair{a, maildir(dir, "ma", a_mails)}, std::pair{b, maildir(dir, "mb", b_mails)},
          std::pair{one, maildir(dir, "mall", all)}}) {
        auto r = lkmine({"index", "-q", "--shards", "1", "--db", db, src});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    // Alone, host A knows X apart from Z.
    auto alone = lkmine({"thread", "--json", "--db", a, x});
    ASSERT_EQ(alone.status, 0) << alone.err;
    EXPECT_EQ(alone.out.find(z), std::string::npos) << alone.out;

    TcpServer sa({a + "/shard0"}), sb({b + "/shard0"});
    ASSERT_TRUE(sa.ready() && sb.ready());
    std::string client = (dir / "client").string();
    for (const auto& s : {sa.address(), sb.address()})
        ASSERT_EQ(lkmine({"shards", "add", "--db", client, "--remote", s}).status, 0);
    std::set<std::string> thread_ids;
    for (const auto& id : {x, y, z, w}) {
        auto joined = lkmine({"thread", "--json", "--db", client, id});
        auto oracle = lkmine({"thread", "--json", "--db", one, id});
        ASSERT_EQ(joined.status, 0) << joined.err;
        ASSERT_EQ(oracle.status, 0) << oracle.err;
        // Thread ids are each index's own numbering: the trees must be the same.
        EXPECT_EQ(json::parse(joined.out)["roots"], json::parse(oracle.out)["roots"]) << id;
        thread_ids.insert(json::parse(joined.out)["thread_id"].get<std::string>());
        for (const auto& m : {x, y, z, w})
            EXPECT_NE(joined.out.find(m), std::string::npos) << m << " in " << joined.out;
        EXPECT_EQ(joined.out.find("\"ghost\":true"), std::string::npos) << joined.out;
    }
    EXPECT_EQ(thread_ids.size(), 1u); // whichever mail is asked about
}

// Kills the guide's servers when the test ends, passed or failed: its script starts them
// with setsid, out of reach of the shell's own cleanup when a step fails.
struct GuideServers {
    std::vector<int> ports;
    ~GuideServers() {
        for (int p : ports)
            kill_tcpsrv_on_port(p);
    }
};

// docs/DEPLOYMENT.md's walk-through, run as it is written there, on two free ports in place of
// the guide's 33301 and 33302 (a server another run left there would fail it).
TEST(DeploymentGuide, RunsVerbatim) {
    if (!have_xapian_tcpsrv()) {
        if (in_ci()) FAIL() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
        GTEST_SKIP() << "xapian-tcpsrv (Debian xapian-tools) is not installed";
    }
    std::string src = LKMINE_SOURCE_DIR;
    std::string guide = read_bytes(std::filesystem::path(src) / "docs/DEPLOYMENT.md");
    const std::string begin = "<!-- guide:begin -->\n```sh\n", end = "```\n<!-- guide:end -->";
    auto b = guide.find(begin), e = guide.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    std::string script = guide.substr(b + begin.size(), e - b - begin.size());
    GuideServers servers;
    servers.ports = {free_port(), free_port()};
    while (servers.ports[1] == servers.ports[0])
        servers.ports[1] = free_port();
    const std::string p0 = std::to_string(servers.ports[0]), p1 = std::to_string(servers.ports[1]);
    for (auto [from, to] :
         {std::pair{std::string("33301"), p0}, std::pair{std::string("33302"), p1}}) {
        ASSERT_NE(script.find(from), std::string::npos) << "the guide no longer uses port " << from;
        for (auto at = script.find(from); at != std::string::npos; at = script.find(from, at))
            script.replace(at, from.size(), to);
    }
    std::string bin_dir = std::filesystem::path(LKMINE_BINARY).parent_path().string();
    auto r = sh("cd " + quote(src) + " && PATH=" + quote(bin_dir) + ":\"$PATH\" bash -c " +
                    quote(script),
                300);
    ASSERT_EQ(r.err.find("already in use"), std::string::npos)
        << "port " << p0 << " or " << p1 << " was taken by another process between picking it "
        << "and xapian-tcpsrv binding it: run the test again\n"
        << r.err;
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("ringbuf"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("exit 3\nexit 1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"reachable\":true"), std::string::npos) << r.out;
    EXPECT_NE(
        r.err.find("lkmine: 1 of 2 shards answered; 127.0.0.1:" + p0 + ": connection refused"),
        std::string::npos)
        << r.err;
    // shards list pads the shard column to 28 characters.
    std::string row = "remote 127.0.0.1:" + p0;
    row.resize(std::max<std::size_t>(row.size() + 1, 29), ' ');
    EXPECT_NE(r.out.find(row + "unreachable: connection refused"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("exit 3\nremoved remote shard"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("removed remote shard 127.0.0.1:" + p0), std::string::npos) << r.out;
}

} // namespace
} // namespace lkmine::test
