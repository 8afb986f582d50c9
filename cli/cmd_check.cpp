// `lkmine check`: is the index whole? Shards, their counts, and a sample of raw mails.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/store.hpp"

#include <iostream>

namespace lkmine::cli {
namespace {

// 0: sound; 1: the index itself is damaged (or absent); 3: sound, but some raw mails cannot be
// read back (an archive moved): the same "partial" as lkmine index.
int check_exit_code(const IndexCheck& c) {
    if (!c.problems.empty()) return 1;
    return c.unreadable.empty() ? 0 : 3;
}

void print_check(const IndexCheck& c, const std::string& db) {
    std::cout << "index:    " << db << "\n";
    for (const auto& s : c.shards) {
        std::cout << "  " << s.name << ": ";
        if (!s.present)
            std::cout << "MISSING\n";
        else if (!s.openable)
            std::cout << "cannot be opened (" << safe_line(s.error) << ")\n";
        else
            std::cout << s.documents << " documents"
                      << (s.recorded.empty() ? "" : " (recorded " + s.recorded + ")") << ", commit "
                      << s.generation << (s.error.empty() ? "" : ": " + safe_line(s.error)) << "\n";
    }
    std::cout << "mails:    " << c.mails << ", " << c.sampled << " read back, "
              << c.unreadable.size() << " unreadable\n";
    for (std::size_t i = 0; i < c.unreadable.size() && i < 20; ++i)
        std::cout << "  unreadable: " << safe_line(c.unreadable[i]) << "\n";
    for (const auto& p : c.problems)
        std::cout << "problem:  " << safe_line(p) << "\n";
    std::cout << (c.problems.empty() ? c.unreadable.empty() ? "ok\n"
                                                            : "index sound; some raw mails "
                                                              "cannot be read (moved archive?)\n"
                                     : "DAMAGED\n");
}

} // namespace

int run_check(const CheckCmdOptions& opt) {
    auto c = check_index(opt.db, CheckOptions{opt.sample, opt.deep});
    if (!c) {
        std::cerr << "lkmine check: " << c.error() << "\n";
        return 1;
    }
    if (opt.json)
        std::cout << check_to_json(*c) << "\n";
    else
        print_check(*c, opt.db);
    return check_exit_code(*c);
}

} // namespace lkmine::cli
