// EpochReader: a public-inbox epoch (v2, or v1 the way its commits change blobs) read commit by
// commit, oldest first, with retries of what an earlier run could not read.
#include "core/git/epoch_reader.hpp"

#include "core/git/detail/libgit2.hpp"

#include <deque>

namespace lkmine {

using namespace git_detail;

struct EpochReader::Impl {
    RepoPtr repo;
    std::vector<git_oid> commits; // oldest first
    std::size_t pos = 0;
    bool rewritten = false;
    std::string head;
    std::deque<EpochEntry> pending; // a v1 commit may carry several blobs
    std::deque<EpochEntry> retries; // read before the walk

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
    auto bytes = read_blob(repo.get(), &oid);
    if (!bytes) return unreadable(std::move(e), bytes.error());
    e.bytes = std::move(*bytes);
    e.problem.clear();
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
        auto bytes = read_blob(repo.get(), git_tree_entry_id(te));
        if (!bytes) return unreadable(std::move(e), bytes.error());
        e.bytes = std::move(*bytes);
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
        auto bytes = read_blob(repo.get(), &f.id);
        if (!bytes) {
            unreadable(std::move(e), bytes.error());
            continue;
        }
        e.bytes = std::move(*bytes);
        pending.push_back(std::move(e));
    }
    return ok_status();
}

} // namespace lkmine
