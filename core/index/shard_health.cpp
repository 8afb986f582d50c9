// Opening the shards a reader can reach: each one on its own with a timeout, the unreachable
// ones named (ShardHealth) so a partial answer says what it lacks.
#include "core/index/detail/xapian.hpp"

#include <mutex>

namespace lkmine {
namespace {

std::mutex g_mutex;
ReaderOptions g_defaults;
ShardHealth g_seen;

} // namespace

void set_default_reader_options(const ReaderOptions& options) {
    std::lock_guard lock(g_mutex);
    g_defaults = options;
}

ReaderOptions default_reader_options() {
    std::lock_guard lock(g_mutex);
    return g_defaults;
}

std::string ShardHealth::summary() const {
    std::string s = std::to_string(answered) + " of " + std::to_string(total) + " shards answered";
    for (const auto& [shard, why] : failed)
        s += "; " + shard + ": " + why;
    return s;
}

ShardHealth shard_failures_seen() {
    std::lock_guard lock(g_mutex);
    return g_seen;
}

namespace store_detail {

Result<Xapian::Database> open_reachable(const std::string& dir, const ReaderOptions& options,
                                        ShardHealth& health, std::vector<Xapian::Database>* each) {
    health = ShardHealth{};
    if (each) each->clear();
    Xapian::Database db;
    for (const auto& spec : shard_specs(dir)) {
        ++health.total;
        if (auto shard = reach_shard(spec, options.timeout_ms)) {
            db.add_database(*shard);
            if (each) each->push_back(*shard);
            ++health.answered;
        } else {
            health.failed.emplace_back(spec.where, shard.error());
        }
    }
    if (health.partial()) {
        std::lock_guard lock(g_mutex);
        g_seen = health;
    }
    // An index with no shard yet (shards init): empty, not an error.
    if (health.total == 0) return Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY);
    if (health.answered == 0)
        return make_error("no shard of " + dir + " answered: " + health.summary(), ErrorCode::io,
                          "are the xapian-tcpsrv servers running? (lkmine shards list)");
    if (health.partial() && options.require_all)
        return make_error(health.summary() + " (--require-all-shards)", ErrorCode::io);
    return db;
}

} // namespace store_detail
} // namespace lkmine
