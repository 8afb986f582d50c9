// Where a mail's raw bytes live: in its document for mbox, Maildir and loose files, but in the
// public-inbox epoch it was read from when there is one, as public-inbox itself does: the git
// objects already hold the bytes, and copying them into Xapian cost a sixth of indexing time
// (deflating the document data) and most of the index size.
#include "core/git/repo.hpp"
#include "core/index/detail/xapian.hpp"

#include <map>

namespace lkmine::store_detail {
namespace {

bool is_blob_id(std::string_view s) {
    if (s.size() != 40) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

bool raw_kept_in_git(const Origin& o) {
    return !o.source.empty() && is_blob_id(o.location);
}

Status load_raw(DocRecord& rec) {
    if (!rec.raw.empty()) return ok_status();
    auto colon = rec.origin.rfind(':');
    if (colon == std::string::npos || !is_blob_id(std::string_view(rec.origin).substr(colon + 1)))
        return ok_status(); // an empty mail, stored as such
    std::string dir = rec.origin.substr(0, colon), blob_id = rec.origin.substr(colon + 1);
    // One open repository per epoch and thread (libgit2 objects are not shared across threads).
    thread_local std::map<std::string, GitRepo> repos;
    auto it = repos.find(dir);
    if (it == repos.end()) {
        auto repo = GitRepo::open(dir);
        if (!repo)
            return make_error("the raw mail of <" + rec.summary.message_id + "> is kept in " + dir +
                              ", which cannot be opened (" + repo.error() +
                              "); was the archive moved? index it again from its new place");
        if (repos.size() >= 64) repos.clear();
        it = repos.emplace(dir, std::move(*repo)).first;
    }
    auto bytes = it->second.blob(blob_id);
    if (!bytes)
        return make_error("the raw mail of <" + rec.summary.message_id + "> (blob " + blob_id +
                          " in " + dir + ") cannot be read: " + bytes.error());
    rec.raw = std::move(*bytes);
    return ok_status();
}

} // namespace lkmine::store_detail
