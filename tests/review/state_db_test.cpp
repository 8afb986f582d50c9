// Review state faults: two processes writing at once, a kill -9 mid-write, damaged files.
#include "core/review/state_db.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/lkmine-review-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

ReviewChange reviewed() {
    ReviewChange c;
    c.reviewed = true;
    return c;
}

// In a child: `n` marks "<prefix>-i", one transaction each; exit 0 when all were written.
void write_marks(const std::string& path, const std::string& prefix, int n, int report_fd) {
    auto db = ReviewStateDb::open(path);
    if (!db) _exit(2);
    for (int i = 0; i < n; ++i) {
        if (!db->apply("me@example.org", prefix + "-" + std::to_string(i), reviewed())) _exit(3);
        if (report_fd >= 0 && ::write(report_fd, &i, sizeof i) != sizeof i) _exit(4);
    }
    _exit(0);
}

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ReviewState, MarksAreKeptPerUserAndChangedFieldByField) {
    TempDir dir;
    const std::string path = (dir.path / "review-state.sqlite").string();
    auto db = ReviewStateDb::open(path);
    ASSERT_TRUE(db) << db.error();
    ReviewChange flag;
    flag.flagged = true;
    flag.series_id = "v1@x";
    flag.revision = 2;
    ASSERT_TRUE(db->apply("me@example.org", "head@x", flag));
    ASSERT_TRUE(db->apply("me@example.org", "head@x", reviewed()));
    auto m = db->get("me@example.org", "head@x");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->flagged);
    EXPECT_TRUE(m->reviewed);
    EXPECT_FALSE(m->done);
    EXPECT_EQ(m->series_id, "v1@x");
    EXPECT_EQ(m->revision, 2);
    EXPECT_FALSE(db->get("other@example.org", "head@x"));
}

TEST(ReviewState, TwoProcessesWritingAtOnceKeepBothWrites) {
    TempDir dir;
    const std::string path = (dir.path / "review-state.sqlite").string();
    ASSERT_TRUE(ReviewStateDb::open(path)); // created before the race on creation
    pid_t a = fork();
    if (a == 0) write_marks(path, "a", 200, -1);
    pid_t b = fork();
    if (b == 0) write_marks(path, "b", 200, -1);
    int sa = 0, sb = 0;
    waitpid(a, &sa, 0);
    waitpid(b, &sb, 0);
    EXPECT_TRUE(WIFEXITED(sa) && WEXITSTATUS(sa) == 0) << sa;
    EXPECT_TRUE(WIFEXITED(sb) && WEXITSTATUS(sb) == 0) << sb;
    auto db = ReviewStateDb::open(path);
    ASSERT_TRUE(db) << db.error();
    auto all = db->list("me@example.org");
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 400u);
}

TEST(ReviewState, KillNineMidWriteLosesNothingCommitted) {
    TempDir dir;
    const std::string path = (dir.path / "review-state.sqlite").string();
    ASSERT_TRUE(ReviewStateDb::open(path));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = fork();
    if (child == 0) {
        ::close(fds[0]);
        write_marks(path, "k", 1000000, fds[1]);
    }
    ::close(fds[1]);
    int last = -1, i = 0;
    while (last < 300 && ::read(fds[0], &i, sizeof i) == sizeof i)
        last = i;
    ::kill(child, SIGKILL);
    while (::read(fds[0], &i, sizeof i) == sizeof i) // commits reported before the kill landed
        last = i;
    ::close(fds[0]);
    waitpid(child, nullptr, 0);
    ASSERT_GE(last, 300);
    auto db = ReviewStateDb::open(path); // integrity checked on open
    ASSERT_TRUE(db) << db.error();
    for (int k = 0; k <= last; ++k)
        ASSERT_TRUE(db->get("me@example.org", "k-" + std::to_string(k))) << k;
}

TEST(ReviewState, TruncatedFileIsReportedAndLeftAsItIs) {
    TempDir dir;
    const fs::path path = dir.path / "review-state.sqlite";
    {
        auto db = ReviewStateDb::open(path.string());
        ASSERT_TRUE(db);
        for (int k = 0; k < 300; ++k)
            ASSERT_TRUE(db->apply("me@example.org", "t-" + std::to_string(k), reviewed()));
    } // the last connection checkpoints the WAL into the file
    ASSERT_FALSE(fs::exists(path.string() + "-wal"));
    fs::resize_file(path, fs::file_size(path) / 2);
    const std::string before = bytes_of(path);
    auto db = ReviewStateDb::open(path.string());
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().find("is damaged"), std::string::npos) << db.error();
    EXPECT_NE(db.error().find(path.string()), std::string::npos) << db.error();
    EXPECT_EQ(bytes_of(path), before);
}

TEST(ReviewState, EmptyOrForeignFileIsRefused) {
    TempDir dir;
    const fs::path empty = dir.path / "empty.sqlite", foreign = dir.path / "foreign.sqlite";
    std::ofstream(empty).close();
    std::ofstream(foreign) << "From me@example.org Thu Jan  1 00:00:00 1970\nSubject: x\n\n";
    for (const auto& p : {empty, foreign}) {
        const std::string before = bytes_of(p);
        auto db = ReviewStateDb::open(p.string());
        ASSERT_FALSE(db) << p;
        EXPECT_NE(db.error().find("is damaged"), std::string::npos) << db.error();
        EXPECT_EQ(bytes_of(p), before);
    }
}

} // namespace
} // namespace lkmine
