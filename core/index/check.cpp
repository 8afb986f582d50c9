// `lkmine check`: the index verified shard by shard, then a sample of its raw mails read back.
#include "core/index/detail/xapian.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace lkmine {
namespace {

using namespace store_detail;

ShardCheck check_shard(const std::string& dir, int n, bool deep, Xapian::Database& all) {
    ShardCheck c;
    c.name = "shard" + std::to_string(n);
    std::string path = shard_path(dir, n);
    c.present = std::filesystem::is_directory(path);
    if (!c.present) return c;
    Status st = xapian_guard(path, dir, [&] {
        Xapian::Database db(path);
        c.documents = db.get_doccount();
        c.recorded = db.get_metadata(kDocumentsKey);
        c.generation = std::strtoull(db.get_metadata(kGenerationKey).c_str(), nullptr, 16);
        c.openable = true;
        all.add_database(db);
        if (deep) {
            std::ostringstream out;
            if (Xapian::Database::check(path, 0, &out) != 0)
                c.error = "Xapian's check found errors: " + out.str().substr(0, 400);
        }
        return ok_status();
    });
    if (!st) c.error = st.error_info().message; // no hint: this is the check it would name
    return c;
}

void judge_shards(IndexCheck& r) {
    std::uint64_t newest = 0;
    for (const auto& s : r.shards)
        newest = std::max(newest, s.generation);
    for (const auto& s : r.shards) {
        if (!s.present) {
            r.problems.push_back(s.name + " is missing (the index has " +
                                 std::to_string(r.shards.size()) + " shards)");
            continue;
        }
        if (!s.openable || !s.error.empty()) {
            r.problems.push_back(s.name + " cannot be opened: " + s.error);
            continue;
        }
        if (!s.recorded.empty() && s.recorded != std::to_string(s.documents))
            r.problems.push_back(s.name + " holds " + std::to_string(s.documents) +
                                 " documents, its last commit recorded " + s.recorded);
        // One behind is a run killed between two shards' commits, mended by the next run.
        if (s.generation + 1 < newest)
            r.problems.push_back(s.name + " is at commit " + std::to_string(s.generation) +
                                 ", the others at " + std::to_string(newest) +
                                 ": restored from an older copy?");
    }
}

// Every `step`-th mail, so the sample spans every source and shard.
void sample_raw(Xapian::Database& all, std::size_t want, IndexCheck& r) {
    r.mails = all.get_termfreq("Tmail");
    if (!want || !r.mails) return;
    std::size_t step = std::max<std::size_t>(1, r.mails / want), i = 0;
    for (auto p = all.postlist_begin("Tmail"); p != all.postlist_end("Tmail"); ++p, ++i) {
        if (i % step || r.sampled >= want) continue;
        ++r.sampled;
        DocRecord rec;
        if (!decode_record(all.get_document(*p).get_data(), rec)) {
            r.unreadable.push_back("document " + std::to_string(*p) + ": unreadable data");
            continue;
        }
        if (Status st = load_raw(rec); !st) r.unreadable.push_back(st.error());
    }
}

} // namespace

Result<IndexCheck> check_index(const std::string& dir, const CheckOptions& options) {
    std::set<int> present = shard_numbers(dir);
    if (present.empty())
        return make_error("no index at " + dir, ErrorCode::not_found, "run lkmine index first");
    IndexCheck r;
    r.declared_shards = declared_shards(dir, present);
    int expected = std::max(r.declared_shards, *present.rbegin() + 1);
    Xapian::Database all;
    for (int n = 0; n < expected; ++n)
        r.shards.push_back(check_shard(dir, n, options.deep, all));
    judge_shards(r);
    Status st = xapian_guard("reading the mails failed", dir, [&] {
        sample_raw(all, options.sample, r);
        return ok_status();
    });
    if (!st) r.problems.push_back(st.error_info().message);
    return r;
}

} // namespace lkmine
