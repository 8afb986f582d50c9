// `lkmine stats`: what the index holds.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/schema.hpp"
#include "core/index/store.hpp"

#include <iostream>

namespace lkmine::cli {
namespace {

// The mails cut at the size cap: what is indexed of each is only its first part.
void print_truncated(StoreReader& store, std::size_t n) {
    SearchOptions so;
    so.limit = n;
    auto page = store.search("flag:truncated", so);
    if (!page) return;
    for (const auto& m : page->results)
        std::cout << "  truncated: <" << safe_line(m.message_id) << "> " << safe_line(m.subject)
                  << "\n";
}

} // namespace

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
              << "truncated:  " << s.truncated << " (cut at the size cap: search flag:truncated)\n"
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
    if (opt.problems && s.truncated) print_truncated(*store, s.truncated);
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
