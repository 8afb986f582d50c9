// The index directory's shape checked before it is opened: every shard its metadata declares
// is there, the directory is not another tool's Xapian database, and a writer may write it.
#include "core/index/detail/xapian.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

namespace lkmine::store_detail {

namespace fs = std::filesystem;

namespace {

bool is_xapian_dir(const fs::path& p) {
    std::error_code ec;
    for (const char* f : {"iamglass", "iamchert", "iamhoney", "iamflint"})
        if (fs::exists(p / f, ec)) return true;
    return false;
}

// Why `dir` holds another program's Xapian database ("" when it does not).
std::string foreign_database(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / ".notmuch", ec)) return "a notmuch mail store (it has .notmuch/)";
    if (is_xapian_dir(dir)) return "a Xapian database of another program (notmuch, mu?)";
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind("shard", 0) != 0 && it->is_directory(ec) && is_xapian_dir(it->path()))
            return "another program's Xapian database in " + name + "/ (mu's cache?)";
    }
    return "";
}

// The first path of the shard (its directory, then its files) this process cannot write.
std::string unwritable(const fs::path& p) {
    if (::access(p.c_str(), W_OK) != 0) return p.string() + ": " + std::strerror(errno);
    std::error_code ec;
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && ::access(it->path().c_str(), W_OK) != 0)
            return it->path().string() + ": " + std::strerror(errno);
    return "";
}

} // namespace

// Shard numbers of the shardN directories under dir.
std::set<int> shard_numbers(const std::string& dir) {
    std::set<int> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() < 6 || name.rfind("shard", 0) != 0) continue;
        if (name.find_first_not_of("0123456789", 5) != std::string::npos) continue;
        if (name.size() > 9 || !it->is_directory(ec)) continue;
        out.insert(std::stoi(name.substr(5)));
    }
    return out;
}

int declared_shards(const std::string& dir, const std::set<int>& present) {
    int declared = 0;
    for (int n : present) {
        try {
            Xapian::Database db(shard_path(dir, n));
            std::string v = db.get_metadata(kShardCountKey);
            if (!v.empty()) declared = std::max(declared, std::stoi(v));
        } catch (const std::exception&) {
            // unopenable shards are reported when they are opened
        }
    }
    return declared;
}

Status check_layout(const std::string& dir, bool for_writing) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return ok_status(); // nothing yet (a writer creates it)
    std::set<int> present = shard_numbers(dir);
    if (present.empty()) {
        std::string foreign = foreign_database(dir);
        if (!foreign.empty())
            return make_error(dir + " holds " + foreign + ", not an lkmine index", ErrorCode::usage,
                              "lkmine writes nothing there; give it a directory of its own (--db)");
    }
    for (int n : present) {
        auto opened = xapian_guard(shard_path(dir, n), dir, [&]() -> Result<Xapian::Database> {
            return Xapian::Database(shard_path(dir, n));
        });
        if (!opened) continue; // named by the open that follows, with Xapian's reason
        Xapian::Database& db = *opened;
        bool ours = db.get_doccount() == 0 || !db.get_metadata(kShardCountKey).empty() ||
                    db.metadata_keys_begin("lkmine:") != db.metadata_keys_end("lkmine:");
        if (!ours)
            return make_error(shard_path(dir, n) + " is a Xapian database without lkmine's "
                                                   "metadata, not an lkmine shard",
                              ErrorCode::usage, "give lkmine a directory of its own (--db)");
    }
    int expected =
        present.empty() ? 0 : std::max(declared_shards(dir, present), *present.rbegin() + 1);
    std::string missing;
    for (int n = 0; n < expected; ++n)
        if (!present.count(n)) missing += (missing.empty() ? "" : ", ") + shard_path(dir, n);
    if (!missing.empty())
        return make_error("index at " + dir + " has " + std::to_string(expected) + " shards but " +
                              missing +
                              " is missing: its mails would vanish "
                              "from every search and new mail would go to the wrong shard",
                          ErrorCode::failed,
                          "restore the missing shard directory, or remove " + dir +
                              " and run lkmine index again");
    if (!for_writing) return ok_status();
    if (::access(dir.c_str(), W_OK) != 0)
        return make_error(
            "index at " + dir + " is read-only (" + dir + ": " + std::strerror(errno) + ")",
            ErrorCode::io, "lkmine index needs write access; search, show and stats still work");
    for (int n : present)
        if (std::string why = unwritable(shard_path(dir, n)); !why.empty())
            return make_error("index at " + dir + " is read-only (" + why + ")", ErrorCode::io,
                              "lkmine index needs write access; search, show and stats still work");
    return ok_status();
}

} // namespace lkmine::store_detail
