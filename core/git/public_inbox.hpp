// Finding public-inbox archives (v1 repos, v2 inboxes, lone epochs, mirror roots) on disk.
#pragma once

#include <string>
#include <vector>

namespace lkmine {

struct InboxLayout {
    std::string name;                // the inbox directory's name, e.g. "linux-fscrypt"
    std::string path;                // the inbox directory (v2) or the repository (v1, epoch)
    std::vector<std::string> epochs; // epoch git dirs in numeric order (one for v1)
    int version = 2;                 // 1 or 2
};

// Every inbox at or below path, sorted by path. A v2 inbox is a dir with git/0.git, git/1.git...
// (all.git is ignored); a v1 inbox a bare repo whose tree holds mails as "ab/cdef..."; an epoch
// given alone (a bare repo with 'm' or 'd' at the root) counts as a v2 inbox of one epoch.
// A mirror root is searched a few levels deep; inboxes are not searched inside.
std::vector<InboxLayout> find_inboxes(const std::string& path);

} // namespace lkmine
