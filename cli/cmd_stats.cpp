// `lkmine stats`: what the index holds.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/schema.hpp"
#include "core/index/store.hpp"

#include <iostream>

namespace lkmine::cli {

int run_stats(const StatsCmdOptions& opt) {
    auto store = StoreReader::open(opt.db);
    if (!store) {
        std::cerr << "lkmine stats: " << store.error() << "\n";
        return 1;
    }
    StoreStats s = store->stats();
    if (opt.json) {
        std::cout << stats_to_json(s) << "\n";
        return 0;
    }
    std::cout << "index:      " << opt.db << " (" << s.bytes / 1024 << " KiB)\n"
              << "mails:      " << s.mails << "\n"
              << "threads:    " << s.threads << "\n"
              << "ghosts:     " << s.ghosts << " (referenced, not seen)\n"
              << "duplicates: " << s.duplicates << " (same Message-ID, other content)\n"
              << "sources:    " << s.sources.size() << "\n";
    for (const auto& [key, state] : s.sources) {
        std::cout << "  " << key;
        for (const auto& [pkey, list] : s.problems)
            if (pkey == key)
                std::cout << " (" << list.size() << " unreadable"
                          << (opt.problems ? "" : ": lkmine stats --problems") << ")";
        std::cout << "\n";
        if (!opt.problems) continue;
        for (const auto& [pkey, list] : s.problems)
            if (pkey == key)
                for (const auto& p : list)
                    std::cout << "    unreadable: " << safe_line(p.message) << "\n";
    }
    std::cout << "shards:     " << s.shards.size() << "\n";
    for (const auto& sh : s.shards) {
        std::cout << "  " << sh.name << ": ";
        if (!sh.error.empty())
            std::cout << "unreachable (" << sh.error << ")\n";
        else
            std::cout << sh.documents << " documents"
                      << (sh.remote ? "" : ", " + std::to_string(sh.bytes / 1024) + " KiB") << "\n";
    }
    std::cout << "schema:     " << s.schema
              << (s.schema < kSchemaVersion ? " (built by an older lkmine: remove the index and "
                                              "run lkmine index again for every feature)"
                                            : "")
              << "\n";
    if (s.mails && !s.date_terms)
        std::cout << "note:       begun by an older lkmine without month terms: newest-first "
                     "searches are slower until the index is rebuilt\n";
    return 0;
}

} // namespace lkmine::cli
