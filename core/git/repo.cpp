// GitRepo: commits, walks, tags, blobs and trees of a git repository through libgit2
// (detail/libgit2.hpp).
#include "core/git/repo.hpp"

#include "core/git/detail/libgit2.hpp"
#include "core/git/similarity.hpp"

#include <algorithm>

namespace lkmine {

using namespace git_detail;

namespace {
struct TagInfo {
    std::string name;
    std::int64_t tag_time = 0;    // tagger date, or the commit date for a lightweight tag
    std::int64_t commit_time = 0; // committer date of the tagged commit
    git_oid commit;
};
} // namespace

struct GitRepo::Impl {
    RepoPtr repo;
    std::vector<TagInfo> tags; // tags matching tags_pattern, by tag date; loaded on first use
    bool tags_loaded = false;
    std::string tags_pattern;

    Status load_tags(const std::string& pattern) {
        tags.clear();
        auto st = list_tags(pattern.empty() ? "*" : pattern, tags);
        tags_loaded = static_cast<bool>(st);
        tags_pattern = pattern;
        return st;
    }
    Status list_tags(const std::string& pattern, std::vector<TagInfo>& out);
};

GitRepo::GitRepo(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GitRepo::GitRepo(GitRepo&&) noexcept = default;
GitRepo& GitRepo::operator=(GitRepo&&) noexcept = default;
GitRepo::~GitRepo() = default;

std::string GitRepo::dir() const {
    const char* work = git_repository_workdir(impl_->repo.get());
    return work ? work : git_repository_path(impl_->repo.get());
}

Result<GitRepo> GitRepo::open(const std::string& path) {
    auto repo = open_repository(path);
    if (!repo) return repo.error_info();
    auto impl = std::make_unique<Impl>();
    impl->repo = std::move(*repo);
    return GitRepo(std::move(impl));
}

std::size_t GitRepo::set_pack_map_limit(std::size_t bytes) {
    return git_detail::set_mapped_limit(bytes);
}

bool GitRepo::empty() const {
    return head_is_unborn(impl_->repo.get());
}

Result<std::string> GitRepo::resolve(const std::string& rev) {
    auto id = resolve_commit(impl_->repo.get(), rev);
    if (!id) return id.error_info();
    return hex(&*id);
}

Result<std::vector<std::string>> GitRepo::walk(const std::string& range, std::size_t limit) {
    if (range.find("...") != std::string::npos)
        return make_error("symmetric ranges (A...B) are not supported: " + range);
    std::string from, to = range;
    if (auto dots = range.find(".."); dots != std::string::npos) {
        from = range.substr(0, dots);
        to = range.substr(dots + 2);
        if (from.empty()) from = "HEAD";
    }
    if (to.empty()) to = "HEAD";
    git_repository* r = impl_->repo.get();
    if (to == "HEAD" && from.empty() && head_is_unborn(r)) return std::vector<std::string>{};

    git_revwalk* w = nullptr;
    if (git_revwalk_new(&w, r) < 0) return git_failure("cannot walk " + range);
    WalkPtr walk(w);
    // Topological order needs the whole history first; with a limit, date order streams.
    git_revwalk_sorting(w, limit ? GIT_SORT_TIME : GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    auto tip = resolve_commit(r, to);
    if (!tip) return tip.error_info();
    if (git_revwalk_push(w, &*tip) < 0) return git_failure("cannot walk " + range);
    if (!from.empty()) {
        auto base = resolve_commit(r, from);
        if (!base) return base.error_info();
        if (git_revwalk_hide(w, &*base) < 0) return git_failure("cannot walk " + range);
    }
    std::vector<std::string> out;
    git_oid oid;
    int rc = 0;
    while ((!limit || out.size() < limit) && (rc = git_revwalk_next(&oid, w)) == 0)
        out.push_back(hex(&oid));
    if (rc < 0 && rc != GIT_ITEROVER) return git_failure("cannot walk " + range);
    std::reverse(out.begin(), out.end());
    return out;
}

namespace {
// libgit2 scores renames its own way; patch ids hash the "similarity index" line, so print git's.
Status use_git_similarity(git_repository* repo, const git_diff_delta* d, std::string& text) {
    const std::string key = "similarity index ";
    auto at = text.find(key);
    auto end = at == std::string::npos ? at : text.find('%', at);
    if (end == std::string::npos) return ok_status();
    auto src = read_blob(repo, &d->old_file.id);
    if (!src) return src.error_info();
    auto dst = read_blob(repo, &d->new_file.id);
    if (!dst) return dst.error_info();
    at += key.size();
    text.replace(at, end - at, std::to_string(git_similarity_percent(*src, *dst)));
    return ok_status();
}

Result<std::string> patch_text(git_patch* patch, const std::string& sha) {
    git_buf buf = GIT_BUF_INIT;
    if (patch && git_patch_to_buf(&buf, patch) < 0)
        return git_failure("cannot format diff of " + sha);
    std::string text(buf.ptr ? buf.ptr : "", buf.size);
    git_buf_dispose(&buf);
    return text;
}

// Every file modified in place (same path, a plain file on both sides): no rename to look for,
// so each patch comes from its two blobs, and libgit2 does not walk both trees a second time.
bool modified_in_place(const std::vector<Change>& files) {
    return std::all_of(files.begin(), files.end(), [](const Change& f) {
        return f.old_mode == GIT_FILEMODE_BLOB && f.new_mode == GIT_FILEMODE_BLOB;
    });
}

Status fill_from_blobs(git_repository* repo, std::vector<Change> files, CommitInfo& info) {
    std::sort(files.begin(), files.end(),
              [](const Change& a, const Change& b) { return a.path < b.path; });
    const git_diff_options opts = diff_options();
    for (const auto& f : files) {
        git_blob *a = nullptr, *b = nullptr;
        if (git_blob_lookup(&a, repo, &f.old_id) < 0)
            return git_failure("cannot read blob " + hex(&f.old_id));
        BlobPtr old_blob(a);
        if (git_blob_lookup(&b, repo, &f.new_id) < 0)
            return git_failure("cannot read blob " + hex(&f.new_id));
        BlobPtr new_blob(b);
        git_patch* raw = nullptr;
        if (git_patch_from_blobs(&raw, a, f.path.c_str(), b, f.path.c_str(), &opts) < 0)
            return git_failure("cannot format diff of " + info.sha);
        Owned<git_patch, git_patch_free> patch(raw);
        auto text = patch_text(raw, info.sha);
        if (!text) return text.error_info();
        info.diff += *text;
        info.files.push_back(f.path);
        info.post_blobs.push_back(hex(&f.new_id));
    }
    return ok_status();
}

Status fill_diff(git_repository* repo, git_commit* c, CommitInfo& info) {
    auto pc = parent_change(repo, c);
    if (!pc) return pc.error_info();
    if (modified_in_place(pc->files)) return fill_from_blobs(repo, pc->files, info);
    auto diff = diff_of(repo, c, *pc, true);
    if (!diff) return diff.error_info();
    std::size_t n = git_diff_num_deltas(diff->get());
    for (std::size_t i = 0; i < n; ++i) {
        const git_diff_delta* d = git_diff_get_delta(diff->get(), i);
        git_patch* raw = nullptr;
        if (git_patch_from_diff(&raw, diff->get(), i) < 0)
            return git_failure("cannot format diff of " + info.sha);
        Owned<git_patch, git_patch_free> patch(raw);
        auto text = patch_text(raw, info.sha);
        if (!text) return text.error_info();
        if (d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED) {
            auto st = use_git_similarity(repo, d, *text);
            if (!st) return st;
        }
        info.diff += *text;
        std::string old_path = d->old_file.path ? d->old_file.path : "";
        std::string new_path = d->new_file.path ? d->new_file.path : "";
        if (d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED)
            info.files.push_back(old_path);
        info.files.push_back(d->status == GIT_DELTA_DELETED ? old_path : new_path);
        if (d->status != GIT_DELTA_DELETED && !git_oid_is_zero(&d->new_file.id))
            info.post_blobs.push_back(hex(&d->new_file.id));
    }
    return ok_status();
}

} // namespace

Result<CommitInfo> GitRepo::read_commit(const std::string& sha, bool with_diff) {
    git_repository* r = impl_->repo.get();
    git_oid oid;
    if (!is_full_hex(sha) || git_oid_fromstr(&oid, sha.c_str()) < 0) {
        auto id = resolve_commit(r, sha);
        if (!id) return id.error_info();
        oid = *id;
    }
    auto commit = lookup_commit(r, &oid);
    if (!commit) return commit.error_info();
    git_commit* c = commit->get();
    CommitInfo info;
    info.sha = hex(&oid);
    const char* summary = git_commit_summary(c);
    info.subject = summary ? summary : "";
    const char* message = git_commit_message(c);
    info.message = message ? message : "";
    info.author = to_address(git_commit_author(c));
    info.committer = to_address(git_commit_committer(c));
    if (auto* a = git_commit_author(c)) info.author_date = to_date(a->when);
    if (auto* m = git_commit_committer(c)) info.commit_date = to_date(m->when);
    for (unsigned i = 0; i < git_commit_parentcount(c); ++i)
        info.parents.push_back(hex(git_commit_parent_id(c, i)));
    if (with_diff) {
        auto st = fill_diff(r, c, info);
        if (!st) return st.error_info();
    }
    return info;
}

// Tags matching pattern, peeled to commits, by tag date (tagger date, else commit date).
Status GitRepo::Impl::list_tags(const std::string& pattern, std::vector<TagInfo>& tags) {
    git_strarray names{};
    if (git_tag_list_match(&names, pattern.c_str(), repo.get()) < 0)
        return git_failure("cannot list tags");
    for (std::size_t i = 0; i < names.count; ++i) {
        std::string ref = std::string("refs/tags/") + names.strings[i];
        git_object* obj = nullptr;
        if (git_revparse_single(&obj, repo.get(), ref.c_str()) < 0) continue;
        ObjectPtr owned(obj);
        git_object* peeled = nullptr;
        if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) continue; // tag of a blob/tree
        ObjectPtr owned_commit(peeled);
        auto* commit = reinterpret_cast<git_commit*>(peeled);
        TagInfo t{names.strings[i], git_commit_time(commit), git_commit_time(commit),
                  *git_object_id(peeled)};
        if (git_object_type(obj) == GIT_OBJECT_TAG)
            if (const git_signature* s = git_tag_tagger(reinterpret_cast<git_tag*>(obj)))
                t.tag_time = s->when.time;
        tags.push_back(std::move(t));
    }
    git_strarray_dispose(&names);
    git_error_clear();
    std::stable_sort(tags.begin(), tags.end(), [](const TagInfo& a, const TagInfo& b) {
        return a.tag_time != b.tag_time ? a.tag_time < b.tag_time : a.name < b.name;
    });
    return ok_status();
}

Result<std::vector<std::pair<std::string, std::string>>> GitRepo::tags(const std::string& pattern) {
    std::vector<TagInfo> found;
    auto st = impl_->list_tags(pattern, found);
    if (!st) return st.error_info();
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& t : found)
        out.emplace_back(t.name, hex(&t.commit));
    return out;
}

Result<std::vector<std::string>> GitRepo::walk_new(const std::string& tip,
                                                   const std::vector<std::string>& hide) {
    git_repository* r = impl_->repo.get();
    git_revwalk* w = nullptr;
    if (git_revwalk_new(&w, r) < 0) return git_failure("cannot walk " + tip);
    WalkPtr walk(w);
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    auto id = resolve_commit(r, tip);
    if (!id) return id.error_info();
    if (git_revwalk_push(w, &*id) < 0) return git_failure("cannot walk " + tip);
    for (const auto& h : hide) {
        git_oid oid;
        // A hidden commit this repository lacks hides nothing here (another tree's tip).
        git_commit* c = nullptr;
        if (git_oid_fromstr(&oid, h.c_str()) < 0 || git_commit_lookup(&c, r, &oid) < 0) continue;
        git_commit_free(c);
        if (git_revwalk_hide(w, &oid) < 0) return git_failure("cannot hide " + h);
    }
    std::vector<std::string> out;
    git_oid oid;
    int rc = 0;
    while ((rc = git_revwalk_next(&oid, w)) == 0)
        out.push_back(hex(&oid));
    if (rc < 0 && rc != GIT_ITEROVER) return git_failure("cannot walk " + tip);
    git_error_clear();
    return out;
}

bool GitRepo::is_ancestor(const std::string& ancestor, const std::string& descendant) {
    git_oid a, d;
    if (git_oid_fromstr(&a, ancestor.c_str()) < 0 || git_oid_fromstr(&d, descendant.c_str()) < 0)
        return false;
    if (git_oid_equal(&a, &d)) return true;
    return git_graph_descendant_of(impl_->repo.get(), &d, &a) == 1;
}

Result<std::string> GitRepo::first_tag_containing(const std::string& sha,
                                                  const std::string& pattern) {
    git_repository* r = impl_->repo.get();
    if (!impl_->tags_loaded || impl_->tags_pattern != pattern) {
        auto st = impl_->load_tags(pattern);
        if (!st) return st.error_info();
    }
    auto target = resolve_commit(r, sha);
    if (!target) return target.error_info();
    auto commit = lookup_commit(r, &*target);
    if (!commit) return commit.error_info();
    // A tag whose commit is older than ours cannot contain it; a day of slack for clock skew
    // keeps the expensive reachability test for the few candidates that matter.
    const std::int64_t since = git_commit_time(commit->get()) - 86400;
    for (const TagInfo& t : impl_->tags) {
        if (t.commit_time < since) continue;
        if (git_oid_equal(&t.commit, &*target)) return t.name;
        int rc = git_graph_descendant_of(r, &t.commit, &*target);
        if (rc == 1) return t.name;
        if (rc < 0) return git_failure("cannot test whether " + t.name + " contains " + sha);
    }
    return std::string();
}

Result<std::string> GitRepo::blob(const std::string& sha) {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, impl_->repo.get(), sha.c_str()) < 0)
        return git_failure("cannot find blob " + sha);
    ObjectPtr owned(obj);
    if (git_object_type(obj) != GIT_OBJECT_BLOB) return make_error(sha + " is not a blob");
    auto* b = reinterpret_cast<git_blob*>(obj);
    return std::string(static_cast<const char*>(git_blob_rawcontent(b)),
                       static_cast<std::size_t>(git_blob_rawsize(b)));
}

Result<std::vector<TreeItem>> GitRepo::tree(const std::string& rev, const std::string& dir) {
    git_repository* r = impl_->repo.get();
    auto id = resolve_commit(r, rev);
    if (!id) return id.error_info();
    auto commit = lookup_commit(r, &*id);
    if (!commit) return commit.error_info();
    auto root = commit_tree(commit->get());
    if (!root) return root.error_info();
    TreePtr sub;
    git_tree* t = root->get();
    if (!dir.empty()) {
        git_tree_entry* e = nullptr;
        if (git_tree_entry_bypath(&e, t, dir.c_str()) < 0)
            return git_failure("no " + dir + " in " + rev);
        EntryPtr owned(e);
        if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
            return make_error(dir + " is not a directory");
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, r, git_tree_entry_id(e)) < 0)
            return git_failure("cannot read " + dir + " in " + rev);
        sub.reset(raw);
        t = raw;
    }
    std::vector<TreeItem> out;
    for (std::size_t i = 0, n = git_tree_entrycount(t); i < n; ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(t, i);
        out.push_back(TreeItem{git_tree_entry_name(e), git_tree_entry_type(e) == GIT_OBJECT_TREE});
    }
    return out;
}

} // namespace lkmine
