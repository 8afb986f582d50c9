// Precision and recall of mail -> commit links against a truth table (the link evaluations).
#pragma once

#include "core/link/link.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace lkmine {

struct Tally {
    std::size_t mails = 0, links = 0, correct_links = 0, found = 0;
    std::size_t certain_links = 0, certain_correct = 0; // links link_confidence() calls certain
    double certain_precision() const {
        return certain_links ? double(certain_correct) / double(certain_links) : 1.0;
    }
    double precision() const { return links ? double(correct_links) / double(links) : 1.0; }
    double recall() const { return mails ? double(found) / double(mails) : 0.0; }
};

using Truth = std::map<std::string, std::string>; // msgid -> sha

// A mail whose true commit is not among the indexed commits can be judged by nothing: it is
// left out (a mail absent from the truth is an unmerged patch: every link it gets is wrong).
inline Tally score(const Linker& linker, const std::vector<PatchSide>& mails, const Truth& truth,
                   unsigned mask, std::vector<std::string>* wrong = nullptr) {
    Tally t;
    for (const auto& m : mails) {
        auto it = truth.find(m.id);
        if (it != truth.end() && linker.commits_with_prefix(it->second).empty()) continue;
        if (it != truth.end()) ++t.mails;
        bool hit = false;
        for (const auto& l : linker.match(m, mask)) {
            ++t.links;
            const bool certain =
                link_confidence(link_method_name(l.method), l.score) == LinkConfidence::certain;
            t.certain_links += certain;
            if (it != truth.end() && l.sha == it->second) {
                ++t.correct_links;
                t.certain_correct += certain;
                hit = true;
            } else if (wrong) {
                wrong->push_back(m.id + " -> " + l.sha.substr(0, 12) + " (" +
                                 std::string(link_method_name(l.method)) + " " +
                                 std::to_string(l.score) + ")");
            }
        }
        if (hit) ++t.found;
    }
    return t;
}

inline void print_row(const std::string& corpus, const std::string& method, const Tally& t) {
    std::printf("%-28s %-10s mails %5zu  links %5zu  correct %5zu  precision %.4f  recall %.4f"
                "  certain %zu/%zu\n",
                corpus.c_str(), method.c_str(), t.mails, t.links, t.correct_links, t.precision(),
                t.recall(), t.certain_correct, t.certain_links);
}

} // namespace lkmine
