// Strict JWZ threading (Message-ID / In-Reply-To / References, no subject guessing) into a
// display-ordered flat list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lkmine {

struct ThreadNode {
    std::string message_id;
    std::vector<std::string> references; // oldest first, as in the header
    std::string in_reply_to;
    std::int64_t date = 0;
    bool ghost = false; // referenced but not seen: a placeholder
};

struct ThreadLine {
    std::string message_id;
    int node = -1;   // index into the input, -1 for an id only referenced by others
    int depth = 0;   // 0 for a root
    int parent = -1; // index into the output list
    bool ghost = false;
};

// The result depends only on the set of nodes, never on their order. Every id a mail
// references but the set lacks is a placeholder where References places it, even with one
// child (a lone reply shows its missing parent) or none (an id whose place a mail's own
// In-Reply-To overruled); a ghost no mail names is left out.
// Children are ordered by date (a placeholder by its earliest descendant), then Message-ID. Cycles
// in References are broken by refusing any link that would close one. Never recurses.
std::vector<ThreadLine> build_thread(const std::vector<ThreadNode>& nodes);

} // namespace lkmine
