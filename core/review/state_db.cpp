// Review state in SQLite (the only file that includes sqlite3.h): WAL, one transaction per
// change, a busy timeout for concurrent CLI and GUI writers, damaged files refused.
#include "core/review/state_db.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <system_error>

namespace lkmine {

namespace fs = std::filesystem;

struct ReviewStateDb::Impl {
    sqlite3* db = nullptr;
    std::string path;
    ~Impl() {
        if (db) sqlite3_close_v2(db);
    }
};

namespace {

constexpr int kBusyMs = 10000;
constexpr const char* kSchema =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES('format', 'lkmine-review-state 1');"
    "CREATE TABLE review_state(user TEXT NOT NULL, message_id TEXT NOT NULL,"
    " series_id TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', revision INTEGER NOT "
    "NULL DEFAULT 0,"
    " read INTEGER NOT NULL DEFAULT 0, flagged INTEGER NOT NULL DEFAULT 0,"
    " reviewed INTEGER NOT NULL DEFAULT 0, waiting INTEGER NOT NULL DEFAULT 0,"
    " done INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(user, message_id));"
    "CREATE INDEX review_state_series ON review_state(user, series_id);";

Error damaged(const std::string& path, const std::string& why) {
    return make_error("review state " + path + " is damaged: " + why, ErrorCode::io,
                      "it was left as it is; restore it from a backup, or move it away to start "
                      "an empty state (lkmine never resets it)");
}

std::string errmsg(sqlite3* db) {
    return db ? sqlite3_errmsg(db) : "out of memory";
}

Status exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return ok_status();
    std::string m = err ? err : errmsg(db);
    sqlite3_free(err);
    return make_error(m, ErrorCode::io);
}

// Every row of a one-column query as text; an error when SQLite fails.
Result<std::vector<std::string>> column(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
        return make_error(errmsg(db), ErrorCode::io);
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        auto* t = sqlite3_column_text(st, 0);
        out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return make_error(errmsg(db), ErrorCode::io);
    return out;
}

Result<sqlite3*> open_raw(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string m = errmsg(db);
        sqlite3_close_v2(db);
        return make_error(m, ErrorCode::io);
    }
    sqlite3_busy_timeout(db, kBusyMs);
    return db;
}

// A new state file is written whole under a temporary name and linked into place, so a
// killed first run never leaves an empty file that would later pass for an empty database.
Status create(const std::string& path) {
    std::string tmp = path + ".new-" + std::to_string(::getpid());
    fs::remove(tmp);
    auto db = open_raw(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db)
        return make_error("cannot create review state " + tmp + ": " + db.error(), ErrorCode::io);
    Status s = exec(*db, "PRAGMA journal_mode=WAL");
    if (s) s = exec(*db, (std::string("BEGIN;") + kSchema + "COMMIT;").c_str());
    sqlite3_close_v2(*db);
    if (!s) {
        fs::remove(tmp);
        return make_error("cannot create review state " + path + ": " + s.error(), ErrorCode::io);
    }
    // link() fails when another process created the file first: then theirs is kept.
    if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
        std::error_code ec(errno, std::generic_category());
        fs::remove(tmp);
        return make_error("cannot create review state " + path + ": " + ec.message(),
                          ErrorCode::io);
    }
    fs::remove(tmp);
    return ok_status();
}

Status check(sqlite3* db, const std::string& path) {
    auto qc = column(db, "PRAGMA quick_check");
    if (!qc) return damaged(path, qc.error());
    if (qc->empty() || qc->front() != "ok")
        return damaged(path, qc->empty() ? "integrity check gave no answer" : qc->front());
    auto fmt = column(db, "SELECT value FROM meta WHERE key='format'");
    if (!fmt || fmt->empty() || fmt->front() != "lkmine-review-state 1")
        return damaged(path, "not an lkmine review state (no meta 'format' row)");
    return ok_status();
}

} // namespace

std::string default_state_path(const std::string& db_dir) {
    return (fs::path(db_dir) / "review-state.sqlite").string();
}

Result<ReviewStateDb> ReviewStateDb::open(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (auto dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
        if (Status s = create(path); !s) return s.error_info();
    } else if (fs::file_size(path, ec) == 0) {
        return damaged(path, "the file is empty (truncated?)");
    }
    auto db = open_raw(path, SQLITE_OPEN_READWRITE);
    if (!db) return damaged(path, db.error());
    auto impl = std::make_unique<Impl>();
    impl->db = *db;
    impl->path = path;
    if (Status s = check(impl->db, path); !s) return s.error_info();
    if (Status s = exec(impl->db, "PRAGMA synchronous=FULL"); !s) return damaged(path, s.error());
    return ReviewStateDb(std::move(impl));
}

ReviewStateDb::ReviewStateDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReviewStateDb::ReviewStateDb(ReviewStateDb&&) noexcept = default;
ReviewStateDb& ReviewStateDb::operator=(ReviewStateDb&&) noexcept = default;
ReviewStateDb::~ReviewStateDb() = default;

namespace {

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// An upsert: columns not changed keep their value.
const char* kUpsert =
    "INSERT INTO review_state(user, message_id, series_id, revision, read, flagged, reviewed,"
    " waiting, done, updated, title) VALUES(?1, ?2, ?3, ?4, coalesce(?5, 0), coalesce(?6, 0),"
    " coalesce(?7, 0), coalesce(?8, 0), coalesce(?9, 0), ?10, ?11)"
    " ON CONFLICT(user, message_id) DO UPDATE SET"
    " series_id = CASE WHEN ?3 = '' THEN series_id ELSE ?3 END,"
    " title = CASE WHEN ?11 = '' THEN title ELSE ?11 END,"
    " revision = CASE WHEN ?4 = 0 THEN revision ELSE ?4 END,"
    " read = coalesce(?5, read), flagged = coalesce(?6, flagged),"
    " reviewed = coalesce(?7, reviewed), waiting = coalesce(?8, waiting),"
    " done = coalesce(?9, done), updated = ?10";

ReviewMark mark_of(sqlite3_stmt* st) {
    auto text = [&](int i) {
        auto* t = sqlite3_column_text(st, i);
        return std::string(t ? reinterpret_cast<const char*>(t) : "");
    };
    ReviewMark m;
    m.user = text(0);
    m.message_id = text(1);
    m.series_id = text(2);
    m.revision = sqlite3_column_int(st, 3);
    m.read = sqlite3_column_int(st, 4) != 0;
    m.flagged = sqlite3_column_int(st, 5) != 0;
    m.reviewed = sqlite3_column_int(st, 6) != 0;
    m.waiting = sqlite3_column_int(st, 7) != 0;
    m.done = sqlite3_column_int(st, 8) != 0;
    m.updated = sqlite3_column_int64(st, 9);
    m.title = text(10);
    return m;
}

constexpr const char* kSelect = "SELECT user, message_id, series_id, revision, read, flagged,"
                                " reviewed, waiting, done, updated, title FROM review_state";

} // namespace

Status ReviewStateDb::apply(const std::string& user, const std::string& message_id,
                            const ReviewChange& c) {
    sqlite3* db = impl_->db;
    if (Status s = exec(db, "BEGIN IMMEDIATE"); !s)
        return make_error("review state " + impl_->path + ": " + s.error(), ErrorCode::locked,
                          "another lkmine holds it for more than 10 s");
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, kUpsert, -1, &st, nullptr);
    if (rc == SQLITE_OK) {
        bind_text(st, 1, user);
        bind_text(st, 2, message_id);
        bind_text(st, 3, c.series_id);
        sqlite3_bind_int(st, 4, c.revision);
        const std::optional<bool>* flags[] = {&c.read, &c.flagged, &c.reviewed, &c.waiting,
                                              &c.done};
        for (int i = 0; i < 5; ++i)
            if (flags[i]->has_value()) sqlite3_bind_int(st, 5 + i, **flags[i] ? 1 : 0);
        auto now = std::chrono::system_clock::now().time_since_epoch();
        sqlite3_bind_int64(st, 10, std::chrono::duration_cast<std::chrono::seconds>(now).count());
        bind_text(st, 11, c.title);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK) {
        std::string m = errmsg(db);
        (void)exec(db, "ROLLBACK");
        return make_error("review state " + impl_->path + ": " + m, ErrorCode::io);
    }
    if (Status s = exec(db, "COMMIT"); !s) {
        (void)exec(db, "ROLLBACK");
        return make_error("review state " + impl_->path + ": " + s.error(), ErrorCode::io);
    }
    return ok_status();
}

std::optional<ReviewMark> ReviewStateDb::get(const std::string& user,
                                             const std::string& message_id) {
    sqlite3_stmt* st = nullptr;
    std::string sql = std::string(kSelect) + " WHERE user = ?1 AND message_id = ?2";
    if (sqlite3_prepare_v2(impl_->db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return {};
    bind_text(st, 1, user);
    bind_text(st, 2, message_id);
    std::optional<ReviewMark> out;
    if (sqlite3_step(st) == SQLITE_ROW) out = mark_of(st);
    sqlite3_finalize(st);
    return out;
}

Result<std::vector<ReviewMark>> ReviewStateDb::list(const std::string& user) {
    sqlite3_stmt* st = nullptr;
    std::string sql = std::string(kSelect) + " WHERE user = ?1 ORDER BY updated DESC, message_id";
    if (sqlite3_prepare_v2(impl_->db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        return make_error(errmsg(impl_->db), ErrorCode::io);
    bind_text(st, 1, user);
    std::vector<ReviewMark> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        out.push_back(mark_of(st));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return make_error(errmsg(impl_->db), ErrorCode::io);
    return out;
}

} // namespace lkmine
