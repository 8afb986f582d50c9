// A commit as lkmine knows it: read from git (core/git) or from its index document
// (core/index), compared with mails by core/link. One type for both (it was CommitInfo and
// CommitRecord); the fields a source cannot fill stay empty.
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <vector>

namespace lkmine {

struct Commit {
    std::string sha;
    std::string subject; // first paragraph, lines joined by a space (git's %s)
    std::string message; // raw message, as git's %B
    Address author, committer;
    Date author_date, commit_date;
    std::vector<std::string> parents;
    // Read from git with the diff only: the diff against the first parent (the empty tree for
    // a root commit) in git's format with rename detection, as `git show` prints it.
    std::string diff;
    std::vector<std::string> files;      // paths touched; a rename gives old and new path
    std::vector<std::string> post_blobs; // full ids of post-image blobs (not for deletions)
    // Filled by the link stage (and read back from the index), not by the git reader:
    std::vector<Trailer> trailers;  // Fixes, Link, Closes, Reported-by, Message-Id, change-id...
    std::vector<std::string> fixes; // shas named by Fixes:, as written (lowercase)
    std::string patch_id;           // git patch-id --stable, "" for a merge or an empty commit
    // Where it is (the commit stage of the link stage): the indexed refs that contain it
    // ("linux:master", "linux-stable:linux-6.1.y"), the first v* and next-* tags that contain
    // it, the upstream commit of a stable backport (and how that was found: "upstream-line",
    // "patch-id", "subject"), the stable series that carry a backport, the commit a revert undoes.
    std::vector<std::string> refs;
    std::vector<std::string> backported_to; // stable series with a backport of it ("6.1")
    std::string tag, next_tag, upstream, upstream_how, reverts;
};

// The names the two halves used before they were one type.
using CommitInfo = Commit;
using CommitRecord = Commit;

} // namespace lkmine
