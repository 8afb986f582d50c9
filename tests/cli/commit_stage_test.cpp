// The commit stage on a generated kernel-shaped history (bench/gen-kernel-history.py): killed
// with SIGKILL after its commits, it resumes to exactly the commits git lists, each once, with
// git's own patch ids; a grown history adds only the new commits.
#include "tests/cli/indexer_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace lkmine::test {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> commit_ids(const fs::path& db) {
    if (!fs::exists(db)) return {};
    auto r = lkmine({"search", "--db", db.string(), "--json", "-n", "1000000", "type:commit"});
    std::vector<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.front() == '{')
            out.push_back(nlohmann::json::parse(line)["message_id"].get<std::string>());
    return out;
}

std::set<std::string> git_lines(const fs::path& repo, const std::string& cmd) {
    auto r = sh("cd " + quote(repo.string()) + " && " + cmd);
    EXPECT_EQ(r.status, 0) << cmd << r.err;
    std::set<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.insert(line);
    return out;
}

TEST(CommitStage, KilledRunsResumeWithoutLossOrDuplicates) {
    TempDir t;
    fs::path repo = t / "linux", db = t / "db";
    std::string gen = std::string(LKMINE_SOURCE_DIR) + "/bench/gen-kernel-history.py";
    auto g = sh("python3 " + quote(gen) + " " + quote(repo.string()) + " --commits 2500", 600);
    ASSERT_EQ(g.status, 0) << g.err;
    std::size_t last = 0;
    for (double delay : {0.0, 0.3, 1.0}) {
        pid_t pid =
            spawn_lkmine({"index", "--db", db.string(), "--batch", "200", "--git", repo.string()},
                         t / "index.log");
        auto deadline = Clock::now() + std::chrono::seconds(300);
        bool finished = false;
        while (commit_ids(db).size() <= last && Clock::now() < deadline) {
            int st;
            if (waitpid(pid, &st, WNOHANG) == pid) {
                finished = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (finished) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        kill(pid, SIGKILL);
        wait_for(pid);
        auto ids = commit_ids(db);
        EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
        EXPECT_GE(ids.size(), last) << "a kill lost committed commits";
        last = ids.size();
        std::printf("[ info ] killed %.1f s after a commit: %zu commits indexed\n", delay, last);
    }
    EXPECT_GT(last, 0u) << "no kill landed after a commit: the test checked little";
    auto r = lkmine({"index", "--db", db.string(), "--git", repo.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    auto ids = commit_ids(db);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), git_lines(repo, "git rev-list HEAD"));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "listed twice";

    // git's patch ids are ours: every patch id of the last 30 non-merge commits finds its commit.
    for (const auto& line : git_lines(repo, "git log -p --no-merges -30 | git patch-id --stable")) {
        std::string pid = line.substr(0, 40), sha = line.substr(41, 40);
        auto s = lkmine({"search", "--db", db.string(), "--json", "type:commit patchid:" + pid});
        EXPECT_NE(s.out.find(sha), std::string::npos) << "patch id " << pid << " of " << sha;
    }

    // +100 commits: only those are read.
    auto a = sh("python3 " + quote(gen) + " " + quote(repo.string()) + " --append 100", 600);
    ASSERT_EQ(a.status, 0) << a.err;
    auto inc = lkmine({"index", "--db", db.string(), "--git", repo.string()});
    ASSERT_EQ(inc.status, 0) << inc.err;
    auto added = git_lines(repo, "git rev-list --count HEAD");
    EXPECT_NE(inc.out.find(" new in "), std::string::npos) << inc.out;
    auto now = commit_ids(db);
    EXPECT_EQ(std::to_string(now.size()), *added.begin());
    EXPECT_NE(inc.out.find("commits: " + std::to_string(now.size() - ids.size()) + " in range, " +
                           std::to_string(now.size() - ids.size()) + " new"),
              std::string::npos)
        << inc.out;
}

// The patches come from a git diff-tree child; without git on PATH they come from libgit2,
// with a note saying so. Both give git's own patch id to every non-merge commit.
TEST(CommitStage, PatchIdsAreGitsWithOrWithoutGitOnPath) {
    TempDir t;
    fs::path repo = t / "linux";
    std::string gen = std::string(LKMINE_SOURCE_DIR) + "/bench/gen-kernel-history.py";
    auto g = sh("python3 " + quote(gen) + " " + quote(repo.string()) + " --commits 300", 600);
    ASSERT_EQ(g.status, 0) << g.err;
    // (patch id, commit) as git computes them; an empty commit has none, and two commits
    // of the generated history may share one.
    std::vector<std::pair<std::string, std::string>> sha_of;
    for (const auto& line : git_lines(repo, "git log -p --no-merges | git patch-id --stable"))
        sha_of.emplace_back(line.substr(0, 40), line.substr(41, 40));
    ASSERT_GT(sha_of.size(), 300u);
    for (bool with_git : {true, false}) {
        fs::path db = t / (with_git ? "db-git" : "db-libgit2");
        auto r = sh(std::string(with_git ? "" : "PATH=/nonexistent ") + quote(LKMINE_BINARY) +
                        " index --db " + quote(db.string()) + " --git " + quote(repo.string()),
                    600);
        ASSERT_EQ(r.status, 0) << r.out << r.err;
        EXPECT_EQ(r.err.find("cannot run git") == std::string::npos, with_git) << r.err;
        std::string query = "type:commit (";
        for (const auto& [pid, sha] : sha_of)
            query += (query.back() == '(' ? "patchid:" : " OR patchid:") + pid;
        auto s = lkmine({"search", "--db", db.string(), "--json", "-n", "100000", query + ")"});
        std::set<std::string> found;
        std::istringstream in(s.out);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line.front() == '{')
                found.insert(nlohmann::json::parse(line)["message_id"].get<std::string>());
        std::set<std::string> expect;
        for (const auto& [pid, sha] : sha_of)
            expect.insert(sha);
        EXPECT_EQ(found, expect) << (with_git ? "git diff-tree" : "libgit2");
        int checked = 0; // and each id on its own commit, for a sample
        for (const auto& [pid, sha] : sha_of) {
            if (++checked > 10) break;
            auto one =
                lkmine({"search", "--db", db.string(), "--json", "type:commit patchid:" + pid});
            EXPECT_NE(one.out.find(sha), std::string::npos) << pid;
        }
    }
}

} // namespace
} // namespace lkmine::test
