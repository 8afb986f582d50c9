// `lkmine shards list|init|add|remove` and `lkmine compact`: the shards of an index, local and
// remote.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/safe_output.hpp"
#include "core/index/store.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace lkmine::cli {

int run_shards_list(const ShardsCmdOptions& opt) {
    auto shards = list_shards(opt.db);
    if (shards.empty() && !std::filesystem::exists(std::filesystem::path(opt.db) / "XAPIANDB")) {
        std::cerr << "lkmine shards: no index at " << opt.db << ": run lkmine index first\n";
        return 1;
    }
    int failed = 0;
    for (const auto& s : shards) {
        if (!s.error.empty()) ++failed;
        if (opt.json)
            safe_printf("%s\n", shard_to_json(s).c_str());
        else if (!s.error.empty())
            safe_printf("%-28s unreachable: %s\n", s.name.c_str(), s.error.c_str());
        else if (s.remote)
            safe_printf("%-28s %10zu documents\n", s.name.c_str(), s.documents);
        else
            safe_printf("%-28s %10zu documents %10llu KiB\n", s.name.c_str(), s.documents,
                        static_cast<unsigned long long>(s.bytes / 1024));
    }
    if (failed)
        std::cerr << shards.size() - static_cast<std::size_t>(failed) << " of " << shards.size()
                  << " shards reachable\n";
    return failed ? 3 : 0;
}

int run_shards_init(const ShardsCmdOptions& opt) {
    Status st = init_client_index(opt.db);
    if (!st) {
        std::cerr << "lkmine shards init: " << st.error() << "\n";
        return 1;
    }
    safe_printf("created an index with no local shard at %s; add remote shards with lkmine "
                "shards add --db %s --remote HOST:PORT\n",
                opt.db.c_str(), opt.db.c_str());
    return 0;
}

int run_shards_add(const ShardsCmdOptions& opt) {
    Status st = add_remote_shard(opt.db, opt.remote);
    if (!st) {
        std::cerr << "lkmine shards add: " << st.error() << "\n";
        return 1;
    }
    safe_printf("added remote shard %s to %s; every search now includes it\n", opt.remote.c_str(),
                opt.db.c_str());
    return 0;
}

int run_shards_remove(const ShardsCmdOptions& opt) {
    Status st = remove_remote_shard(opt.db, opt.remote);
    if (!st) {
        std::cerr << "lkmine shards remove: " << st.error() << "\n";
        return 1;
    }
    safe_printf("removed remote shard %s from %s\n", opt.remote.c_str(), opt.db.c_str());
    return 0;
}

int run_compact(const CompactCmdOptions& opt) {
    Status st = compact_index(opt.db, [&](const std::string& line) {
        if (!opt.quiet) safe_printf("%s\n", line.c_str());
    });
    if (!st) {
        std::cerr << "lkmine compact: " << st.error() << "\n";
        return 1;
    }
    return 0;
}

} // namespace lkmine::cli
