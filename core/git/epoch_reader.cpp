// EpochReader: a public-inbox epoch (v2, or v1 the way its commits change blobs) read commit by
// commit, oldest first, with retries of what an earlier run could not read.
#include "core/git/epoch_reader.hpp"

#include "core/git/detail/libgit2.hpp"
#include "core/git/pack_prefix.hpp"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>

namespace lkmine {

using namespace git_detail;

namespace {

using OdbPtr = Owned<git_odb, git_odb_free>;
using StreamPtr = Owned<git_odb_stream, git_odb_stream_free>;

// The first max+1 bytes of a blob of `size` bytes, never the whole of it. libgit2 inflates a
// packed object only whole (its rstream of a packed object is the whole object read first), so
// pack_prefix reads a packed blob's start itself; a loose one is streamed. A packed delta,
// which only a whole inflation gives, is refused.
Status read_blob_prefix(git_repository* repo, git_odb* db, const git_oid* oid, std::size_t size,
                        std::size_t max, std::string& out) {
    const auto objects = std::filesystem::path(git_repository_path(repo)) / "objects";
    auto packed = read_packed_prefix(objects.string(), hex(oid), max, out);
    if (!packed) return packed.error_info();
    if (*packed) return ok_status();
    std::string loose = hex(oid);
    loose.insert(2, "/");
    std::error_code ec;
    if (!std::filesystem::exists(objects / loose, ec))
        return make_error("blob of " + std::to_string(size) + " bytes, over the " +
                          std::to_string(max) +
                          "-byte limit, not read: it is packed as a delta, which only a whole "
                          "inflation gives");
    git_odb_stream* s = nullptr;
    std::size_t len = 0;
    git_object_t type{};
    if (git_odb_open_rstream(&s, &len, &type, db, oid) < 0)
        return git_failure("cannot read blob " + hex(oid));
    StreamPtr owned(s);
    out.clear();
    out.reserve(max + 1);
    char buf[1 << 16];
    while (out.size() <= max) {
        int n = git_odb_stream_read(s, buf, std::min(sizeof buf, max + 1 - out.size()));
        if (n < 0) return git_failure("cannot read blob " + hex(oid));
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return ok_status();
}

// The shallow boundary of a shallow clone: the commits listed in its "shallow" file.
std::vector<std::string> shallow_commits(git_repository* repo) {
    std::vector<std::string> out;
    if (git_repository_is_shallow(repo) != 1) return out;
    std::ifstream in(std::filesystem::path(git_repository_path(repo)) / "shallow");
    for (std::string line; std::getline(in, line);)
        if (is_full_hex(line)) out.push_back(line);
    return out;
}

// Commits reachable from tip, parents before children (a topological order, oldest first),
// not going past the shallow boundary: libgit2 1.5's revwalk fails on the missing parents.
Result<std::vector<git_oid>> walk_to_boundary(git_repository* repo, const git_oid& tip,
                                              const std::vector<std::string>& boundary) {
    std::set<std::string> seen;
    std::set<std::string> stop(boundary.begin(), boundary.end());
    std::vector<git_oid> out;
    std::vector<std::pair<git_oid, bool>> stack{{tip, false}}; // bool: parents pushed
    while (!stack.empty()) {
        auto [oid, expanded] = stack.back();
        stack.pop_back();
        if (expanded) {
            out.push_back(oid);
            continue;
        }
        if (!seen.insert(hex(&oid)).second) continue;
        stack.emplace_back(oid, true);
        if (stop.count(hex(&oid))) continue;
        auto commit = lookup_commit(repo, &oid);
        if (!commit) return commit.error_info();
        for (unsigned i = git_commit_parentcount(commit->get()); i-- > 0;)
            stack.emplace_back(*git_commit_parent_id(commit->get(), i), false);
    }
    return out;
}

} // namespace

struct EpochReader::Impl {
    RepoPtr repo;
    std::vector<git_oid> commits; // oldest first
    std::size_t pos = 0;
    bool rewritten = false;
    std::string head;
    std::deque<EpochEntry> pending; // a v1 commit may carry several blobs
    std::deque<EpochEntry> retries; // read before the walk
    std::size_t max_blob = 0;       // 0: no limit
    std::vector<std::string> shallow;

    Status walk_shallow(const git_oid& head, const std::string& after_commit);
    Status read_mail_blob(const git_oid* oid, EpochEntry& e);
    void read_commit_entries(const git_oid* oid);
    Status read_v1_entries(git_commit* c, EpochEntry base);
    void read_retry(EpochEntry e);
    void unreadable(EpochEntry e, const std::string& why) {
        e.problem = why;
        e.bytes.clear();
        pending.push_back(std::move(e));
    }
};

EpochReader::EpochReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EpochReader::EpochReader(EpochReader&&) noexcept = default;
EpochReader& EpochReader::operator=(EpochReader&&) noexcept = default;
EpochReader::~EpochReader() = default;

Result<EpochReader> EpochReader::open(const std::string& git_dir, const std::string& after_commit) {
    auto repo = open_repository(git_dir);
    if (!repo) return repo.error_info();
    auto impl = std::make_unique<Impl>();
    impl->repo = std::move(*repo);
    git_repository* r = impl->repo.get();
    if (head_is_unborn(r)) { // a freshly created epoch: nothing yet
        impl->rewritten = !after_commit.empty();
        return EpochReader(std::move(impl));
    }
    git_oid head;
    if (git_reference_name_to_id(&head, r, "HEAD") < 0)
        return git_failure("cannot read HEAD of " + git_dir);
    impl->head = hex(&head);

    impl->shallow = shallow_commits(r);
    if (!impl->shallow.empty()) {
        if (auto st = impl->walk_shallow(head, after_commit); !st) return st.error_info();
        return EpochReader(std::move(impl));
    }
    git_oid after;
    bool hide = false;
    if (!after_commit.empty()) {
        // Anything unusable (not hex, unknown object, not an ancestor) means the history we
        // resumed from is gone: start over.
        git_commit* probe = nullptr;
        if (is_full_hex(after_commit) && git_oid_fromstr(&after, after_commit.c_str()) == 0 &&
            git_commit_lookup(&probe, r, &after) == 0) {
            git_commit_free(probe);
            hide = git_oid_equal(&after, &head) || git_graph_descendant_of(r, &head, &after) == 1;
        }
        impl->rewritten = !hide;
        git_error_clear();
    }

    git_revwalk* w = nullptr;
    if (git_revwalk_new(&w, r) < 0) return git_failure("cannot walk " + git_dir);
    WalkPtr walk(w);
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    if (git_revwalk_push(w, &head) < 0 || (hide && git_revwalk_hide(w, &after) < 0))
        return git_failure("cannot walk " + git_dir);
    git_oid oid;
    int rc;
    while ((rc = git_revwalk_next(&oid, w)) == 0)
        impl->commits.push_back(oid);
    if (rc != GIT_ITEROVER) return git_failure("cannot walk " + git_dir);
    return EpochReader(std::move(impl));
}

// A shallow clone read up to its boundary; after_commit is hidden with its ancestors when the
// walk meets it, else (history rewritten) everything is read.
Status EpochReader::Impl::walk_shallow(const git_oid& head, const std::string& after_commit) {
    auto all = walk_to_boundary(repo.get(), head, shallow);
    if (!all) return all.error_info();
    git_oid after;
    bool found = false;
    if (is_full_hex(after_commit) && git_oid_fromstr(&after, after_commit.c_str()) == 0)
        found = std::any_of(all->begin(), all->end(),
                            [&](const git_oid& o) { return git_oid_equal(&o, &after); });
    rewritten = !after_commit.empty() && !found;
    if (!found) {
        commits = std::move(*all);
        return ok_status();
    }
    auto old = walk_to_boundary(repo.get(), after, shallow);
    if (!old) return old.error_info();
    std::set<std::string> hidden;
    for (const auto& o : *old)
        hidden.insert(hex(&o));
    for (const auto& o : *all)
        if (!hidden.count(hex(&o))) commits.push_back(o);
    return ok_status();
}

void EpochReader::set_max_blob_size(std::size_t max) {
    impl_->max_blob = max;
}
const std::vector<std::string>& EpochReader::shallow_boundary() const {
    return impl_->shallow;
}

bool EpochReader::rewritten() const {
    return impl_->rewritten;
}
std::size_t EpochReader::total_estimate() const {
    return impl_->commits.size();
}
std::string EpochReader::head() const {
    return impl_->head;
}

void EpochReader::retry_first(std::vector<EpochEntry> wanted) {
    for (auto& e : wanted)
        impl_->retries.push_back(std::move(e));
}

Result<bool> EpochReader::next(EpochEntry& out) {
    while (impl_->pending.empty()) {
        if (!impl_->retries.empty()) {
            EpochEntry e = std::move(impl_->retries.front());
            impl_->retries.pop_front();
            impl_->read_retry(std::move(e));
            continue;
        }
        if (impl_->pos >= impl_->commits.size()) return false;
        impl_->read_commit_entries(&impl_->commits[impl_->pos]);
        ++impl_->pos;
    }
    out = std::move(impl_->pending.front());
    impl_->pending.pop_front();
    return true;
}

Result<std::vector<std::string>> EpochReader::mail_blobs(const std::string& git_dir) {
    auto reader = open(git_dir, "");
    if (!reader) return reader.error_info();
    Impl& impl = *reader->impl_;
    std::vector<std::string> out;
    for (const auto& oid : impl.commits) {
        auto commit = lookup_commit(impl.repo.get(), &oid);
        if (!commit) return commit.error_info();
        auto tree = commit_tree(commit->get());
        if (!tree) return tree.error_info();
        const git_tree_entry* m = git_tree_entry_byname(tree->get(), "m");
        if (m && git_tree_entry_type(m) == GIT_OBJECT_BLOB)
            out.push_back(hex(git_tree_entry_id(m)));
        else if (!git_tree_entry_byname(tree->get(), "d"))
            return make_error(git_dir + " is not a public-inbox v2 epoch");
    }
    return out;
}

// The blob's bytes into e: whole, or over max_blob only its first max_blob+1 bytes, its size
// read from the object header before anything is inflated.
Status EpochReader::Impl::read_mail_blob(const git_oid* oid, EpochEntry& e) {
    if (max_blob) {
        git_odb* db = nullptr;
        if (git_repository_odb(&db, repo.get()) < 0)
            return git_failure("cannot open the object database");
        OdbPtr odb(db);
        std::size_t size = 0;
        git_object_t type{};
        if (git_odb_read_header(&size, &type, db, oid) < 0)
            return git_failure("cannot read blob " + hex(oid));
        if (size > max_blob) {
            e.whole_size = size;
            return read_blob_prefix(repo.get(), db, oid, size, max_blob, e.bytes);
        }
    }
    auto bytes = read_blob(repo.get(), oid);
    if (!bytes) return bytes.error_info();
    e.bytes = std::move(*bytes);
    return ok_status();
}

// A retried entry names its blob, so only that blob is read (a v1 commit may hold others that
// were read fine); without a blob id the whole commit is read again.
void EpochReader::Impl::read_retry(EpochEntry e) {
    e.retried = true;
    git_oid oid;
    if (e.blob_id.empty()) {
        if (!is_full_hex(e.commit) || git_oid_fromstr(&oid, e.commit.c_str()) < 0)
            return unreadable(std::move(e), "not a commit id");
        std::size_t before = pending.size();
        read_commit_entries(&oid);
        for (std::size_t i = before; i < pending.size(); ++i)
            pending[i].retried = true;
        return;
    }
    if (!is_full_hex(e.blob_id) || git_oid_fromstr(&oid, e.blob_id.c_str()) < 0)
        return unreadable(std::move(e), "not a blob id");
    e.problem.clear();
    if (auto st = read_mail_blob(&oid, e); !st) return unreadable(std::move(e), st.error());
    pending.push_back(std::move(e));
}

void EpochReader::Impl::read_commit_entries(const git_oid* oid) {
    EpochEntry e;
    e.commit = hex(oid);
    auto commit = lookup_commit(repo.get(), oid);
    if (!commit) return unreadable(std::move(e), commit.error());
    auto tree = commit_tree(commit->get());
    if (!tree) return unreadable(std::move(e), tree.error());
    e.time = static_cast<std::int64_t>(git_commit_time(commit->get()));
    for (const char* name : {"m", "d"}) {
        const git_tree_entry* te = git_tree_entry_byname(tree->get(), name);
        if (!te || git_tree_entry_type(te) != GIT_OBJECT_BLOB) continue;
        e.kind = name[0] == 'm' ? EpochEntry::Kind::mail : EpochEntry::Kind::deletion;
        e.blob_id = hex(git_tree_entry_id(te));
        e.path = name;
        if (auto st = read_mail_blob(git_tree_entry_id(te), e); !st)
            return unreadable(std::move(e), st.error());
        pending.push_back(std::move(e));
        return;
    }
    EpochEntry base = e;
    if (auto st = read_v1_entries(commit->get(), std::move(base)); !st)
        unreadable(std::move(e), st.error());
}

Status EpochReader::Impl::read_v1_entries(git_commit* c, EpochEntry base) {
    auto diff = diff_to_parent(repo.get(), c, false);
    if (!diff) return diff.error_info();
    std::size_t n = git_diff_num_deltas(diff->get());
    for (std::size_t i = 0; i < n; ++i) {
        const git_diff_delta* d = git_diff_get_delta(diff->get(), i);
        bool removed = d->status == GIT_DELTA_DELETED;
        if (!removed && d->status != GIT_DELTA_ADDED && d->status != GIT_DELTA_MODIFIED) continue;
        const git_diff_file& f = removed ? d->old_file : d->new_file;
        if (f.mode != GIT_FILEMODE_BLOB && f.mode != GIT_FILEMODE_BLOB_EXECUTABLE) continue;
        EpochEntry e = base;
        e.kind = removed ? EpochEntry::Kind::deletion : EpochEntry::Kind::mail;
        e.blob_id = hex(&f.id);
        e.path = f.path ? f.path : "";
        if (auto st = read_mail_blob(&f.id, e); !st) {
            unreadable(std::move(e), st.error());
            continue;
        }
        pending.push_back(std::move(e));
    }
    return ok_status();
}

} // namespace lkmine
