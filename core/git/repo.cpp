// The libgit2 adapter: the only file that includes git2.h; libgit2 errors become Result errors
// here.
#include "core/git/repo.hpp"

#include "core/git/similarity.hpp"

#include <git2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace lkmine {
namespace {

template <typename T, void (*Free)(T*)> struct Freer {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, Freer<T, Free>>;

using RepoPtr = Owned<git_repository, git_repository_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using DiffPtr = Owned<git_diff, git_diff_free>;
using WalkPtr = Owned<git_revwalk, git_revwalk_free>;
using TagPtr = Owned<git_tag, git_tag_free>;
using EntryPtr = Owned<git_tree_entry, git_tree_entry_free>;

void ensure_init() {
    // git_libgit2_init is reference counted; one call for the process lifetime is enough.
    // libgit2 maps packs in 1 GiB windows and keeps them mapped up to 8 GiB on 64-bit: reading
    // all the blobs of a lore archive then holds the whole packs in the process (3.5 GB of RSS
    // for 1M mails). Small windows and a limit make it unmap old ones; reads stay cheap.
    static const int once = [] {
        int rc = git_libgit2_init();
        git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<std::size_t>(32) << 20);
        git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<std::size_t>(256) << 20);
        // No object cache. It kept every commit and tree looked up, up to a size limit: a
        // public-inbox commit and its tree cost ~1 KB of heap per mail read once; on a kernel
        // walk, each insertion past the limit evicted by scanning the cache's whole hash table
        // from its start (libgit2 1.5), so the commit stage slowed as the history grew. A 1 GB
        // cache that never evicts was no faster on a 21k-commit history than none (29.5 against
        // 29.8 CPU s; 32 MB: 35.7, 8 MB: 33.4): commits and trees are read from the packs.
        git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
        // git itself does not hash every object it reads again; libgit2 did (a sixth of the
        // commit stage); a damaged object still fails zlib's checksum when inflated.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
        return rc;
    }();
    (void)once;
}

Error git_failure(const std::string& what) {
    const git_error* e = git_error_last();
    if (e && e->message && *e->message) return make_error(what + ": " + e->message);
    return make_error(what);
}

std::string hex(const git_oid* oid) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, oid);
    return buf;
}

bool is_full_hex(const std::string& s) {
    return s.size() == GIT_OID_HEXSZ &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::string lower_trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// libgit2 1.5 rejects extensions.objectformat with an obscure "unsupported extension" message,
// so the config is read here first to give the user the real reason.
bool config_says_sha256(const std::filesystem::path& config) {
    std::ifstream in(config);
    std::string line, section;
    while (std::getline(in, line)) {
        std::string t = lower_trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (t[0] == '[') {
            section = lower_trim(t.substr(1, t.find(']') - 1));
            continue;
        }
        auto eq = t.find('=');
        if (section == "extensions" && eq != std::string::npos &&
            lower_trim(t.substr(0, eq)) == "objectformat" &&
            lower_trim(t.substr(eq + 1)) == "sha256")
            return true;
    }
    return false;
}

bool is_sha256_repo(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p(path);
    if (fs::is_regular_file(p / "config", ec) && config_says_sha256(p / "config")) return true;
    return fs::is_regular_file(p / ".git" / "config", ec) &&
           config_says_sha256(p / ".git" / "config");
}

Result<RepoPtr> open_repository(const std::string& path) {
    ensure_init();
    if (is_sha256_repo(path))
        return make_error("libgit2 1.5 cannot read SHA-256 repositories: " + path);
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
        return git_failure("cannot open git repository " + path);
    return RepoPtr(raw);
}

bool head_is_unborn(git_repository* repo) {
    return git_repository_head_unborn(repo) == 1;
}

Result<CommitPtr> lookup_commit(git_repository* repo, const git_oid* oid) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo, oid) < 0) return git_failure("cannot read commit " + hex(oid));
    return CommitPtr(c);
}

Result<TreePtr> commit_tree(git_commit* c) {
    git_tree* t = nullptr;
    if (git_commit_tree(&t, c) < 0)
        return git_failure("cannot read tree of " + hex(git_commit_id(c)));
    return TreePtr(t);
}

// Tree of the first parent, or null for a root commit (diffs against the empty tree).
Result<TreePtr> first_parent_tree(git_commit* c) {
    if (git_commit_parentcount(c) == 0) return TreePtr();
    git_commit* parent = nullptr;
    if (git_commit_parent(&parent, c, 0) < 0)
        return git_failure("cannot read parent of " + hex(git_commit_id(c)));
    CommitPtr owned(parent);
    return commit_tree(parent);
}

Result<std::string> read_blob(git_repository* repo, const git_oid* oid) {
    git_blob* b = nullptr;
    if (git_blob_lookup(&b, repo, oid) < 0) return git_failure("cannot read blob " + hex(oid));
    BlobPtr owned(b);
    const char* data = static_cast<const char*>(git_blob_rawcontent(b));
    return std::string(data, static_cast<std::size_t>(git_blob_rawsize(b)));
}

Result<git_oid> resolve_commit(git_repository* repo, const std::string& rev) {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, repo, rev.c_str()) < 0)
        return git_failure("cannot resolve '" + rev + "'");
    ObjectPtr owned(obj);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0)
        return git_failure("'" + rev + "' does not name a commit");
    git_oid id = *git_object_id(peeled);
    git_object_free(peeled);
    return id;
}

Address to_address(const git_signature* s) {
    if (!s) return {};
    return Address{s->name ? s->name : "", s->email ? s->email : ""};
}

Date to_date(const git_time& t) {
    return Date{t.time, t.offset, true};
}

// One entry of a raw tree object: "<octal mode> <name>\0<20-byte id>".
struct RawEntry {
    std::string_view name;
    std::uint32_t mode = 0;
    const unsigned char* id = nullptr;
    bool is_dir() const { return mode == GIT_FILEMODE_TREE; }
};

// A tree object's entries read in place, as git walks them. libgit2's git_tree first parses
// every entry into an allocated array: on directories of a thousand entries that cost more
// than the change itself, and each commit pays it for both sides of every changed directory.
class RawTree {
  public:
    static Result<RawTree> read(git_odb* odb, const git_oid* id) {
        git_odb_object* raw = nullptr;
        if (git_odb_read(&raw, odb, id) < 0) return git_failure("cannot read tree " + hex(id));
        RawTree t;
        t.obj_.reset(raw);
        if (git_odb_object_type(raw) != GIT_OBJECT_TREE)
            return make_error(hex(id) + " is not a tree");
        t.p_ = static_cast<const char*>(git_odb_object_data(raw));
        t.end_ = t.p_ + git_odb_object_size(raw);
        return t;
    }
    bool bad() const { return bad_; }
    bool next(RawEntry& e) {
        if (p_ == end_) return false;
        const char* sp = static_cast<const char*>(std::memchr(p_, ' ', end_ - p_));
        const char* nul = sp ? static_cast<const char*>(std::memchr(sp, '\0', end_ - sp)) : nullptr;
        if (!nul || end_ - nul <= GIT_OID_RAWSZ) return bad_ = true, p_ = end_, false;
        e.mode = 0;
        for (const char* m = p_; m < sp; ++m)
            e.mode = e.mode * 8 + static_cast<std::uint32_t>(*m - '0');
        e.name = std::string_view(sp + 1, static_cast<std::size_t>(nul - sp - 1));
        e.id = reinterpret_cast<const unsigned char*>(nul + 1);
        p_ = nul + 1 + GIT_OID_RAWSZ;
        return true;
    }

  private:
    Owned<git_odb_object, git_odb_object_free> obj_;
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    bool bad_ = false;
};

// git's tree order: names compared bytewise, a directory's name as if it ended in '/'.
int tree_order(const RawEntry& a, const RawEntry& b) {
    std::size_t n = std::min(a.name.size(), b.name.size());
    if (int c = std::memcmp(a.name.data(), b.name.data(), n)) return c;
    auto after = [n](const RawEntry& e) {
        return e.name.size() > n ? static_cast<unsigned char>(e.name[n]) : e.is_dir() ? '/' : 0;
    };
    return static_cast<int>(after(a)) - static_cast<int>(after(b));
}

// One file path whose entry differs between two trees; mode 0 = absent on that side.
struct Change {
    std::string path;
    git_oid old_id{}, new_id{};
    std::uint32_t old_mode = 0, new_mode = 0;
};

Status changed_files(git_odb* odb, const git_oid* a, const git_oid* b, const std::string& prefix,
                     std::vector<Change>& out);

// The same name on one side or both (a file and a directory of one name are two names here).
Status compare_entries(git_odb* odb, const RawEntry* ea, const RawEntry* eb,
                       const std::string& prefix, std::vector<Change>& out) {
    if (ea && eb && ea->mode == eb->mode && std::memcmp(ea->id, eb->id, GIT_OID_RAWSZ) == 0)
        return ok_status();
    Change file{prefix + std::string(ea ? ea->name : eb->name)};
    if (ea && !ea->is_dir()) git_oid_fromraw(&file.old_id, ea->id), file.old_mode = ea->mode;
    if (eb && !eb->is_dir()) git_oid_fromraw(&file.new_id, eb->id), file.new_mode = eb->mode;
    if (file.old_mode || file.new_mode) {
        out.push_back(std::move(file));
        return ok_status();
    }
    git_oid ia, ib; // a directory on one side or both: what changed inside it
    if (ea) git_oid_fromraw(&ia, ea->id);
    if (eb) git_oid_fromraw(&ib, eb->id);
    return changed_files(odb, ea ? &ia : nullptr, eb ? &ib : nullptr,
                         prefix + std::string(ea ? ea->name : eb->name) + "/", out);
}

// The files that differ between two trees (either may be null), found without reading the
// subtrees both sides share. libgit2's tree-to-tree diff reads every subtree of both trees:
// on a kernel-sized tree that is ~90k entries per commit, and the cost of a commit grew with
// the size of the tree instead of the size of its change.
Status changed_files(git_odb* odb, const git_oid* a, const git_oid* b, const std::string& prefix,
                     std::vector<Change>& out) {
    RawTree ta, tb;
    if (a) {
        auto t = RawTree::read(odb, a);
        if (!t) return t.error_info();
        ta = std::move(*t);
    }
    if (b) {
        auto t = RawTree::read(odb, b);
        if (!t) return t.error_info();
        tb = std::move(*t);
    }
    RawEntry ea, eb;
    bool has_a = ta.next(ea), has_b = tb.next(eb);
    while (has_a || has_b) {
        int cmp = !has_a ? 1 : !has_b ? -1 : tree_order(ea, eb);
        if (auto st = compare_entries(odb, cmp <= 0 ? &ea : nullptr, cmp >= 0 ? &eb : nullptr,
                                      prefix, out);
            !st)
            return st;
        if (cmp <= 0) has_a = ta.next(ea);
        if (cmp >= 0) has_b = tb.next(eb);
    }
    if (ta.bad() || tb.bad()) return make_error("malformed tree under '" + prefix + "'");
    return ok_status();
}

// A commit's tree, its first parent's (null for a root commit) and the files between them.
struct ParentChange {
    TreePtr old_tree, new_tree;
    std::vector<Change> files;
};

Result<ParentChange> parent_change(git_repository* repo, git_commit* c) {
    ParentChange out;
    auto old_tree = first_parent_tree(c);
    if (!old_tree) return old_tree.error_info();
    auto new_tree = commit_tree(c);
    if (!new_tree) return new_tree.error_info();
    out.old_tree = std::move(*old_tree);
    out.new_tree = std::move(*new_tree);
    git_odb* raw = nullptr;
    if (git_repository_odb(&raw, repo) < 0) return git_failure("cannot open the object database");
    Owned<git_odb, git_odb_free> odb(raw);
    const git_oid* a = out.old_tree ? git_tree_id(out.old_tree.get()) : nullptr;
    if (auto st = changed_files(raw, a, git_tree_id(out.new_tree.get()), "", out.files); !st)
        return st.error_info();
    return out;
}

git_diff_options diff_options() {
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    // git's default diff.indentHeuristic: without it hunks slide differently and the patch id
    // of the commit no longer equals the one of the mail that posted it.
    opts.flags |= GIT_DIFF_INDENT_HEURISTIC;
    return opts;
}

Result<DiffPtr> diff_of(git_repository* repo, git_commit* c, const ParentChange& pc, bool renames) {
    std::vector<char*> spec;
    for (const auto& f : pc.files)
        spec.push_back(const_cast<char*>(f.path.c_str()));
    git_diff_options opts = diff_options();
    // Only the changed paths, taken literally: libgit2 then skips every other subtree.
    opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    opts.pathspec = {spec.data(), spec.size()};
    // No file changed (an empty commit): an empty diff, not one of every path.
    git_tree* old_side = spec.empty() ? nullptr : pc.old_tree.get();
    git_tree* new_side = spec.empty() ? nullptr : pc.new_tree.get();
    git_diff* d = nullptr;
    if (git_diff_tree_to_tree(&d, repo, old_side, new_side, &opts) < 0)
        return git_failure("cannot diff " + hex(git_commit_id(c)));
    DiffPtr diff(d);
    if (renames) {
        // Same as git show's default (diff.renames=true): renames, not copies.
        git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
        find.flags = GIT_DIFF_FIND_RENAMES;
        if (git_diff_find_similar(d, &find) < 0)
            return git_failure("cannot detect renames in " + hex(git_commit_id(c)));
    }
    return diff;
}

Result<DiffPtr> diff_to_parent(git_repository* repo, git_commit* c, bool renames) {
    auto pc = parent_change(repo, c);
    if (!pc) return pc.error_info();
    return diff_of(repo, c, *pc, renames);
}

} // namespace

// ---------------------------------------------------------------------------------- EpochReader

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

// -------------------------------------------------------------------------------------- GitRepo

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

Result<GitRepo> GitRepo::open(const std::string& path) {
    auto repo = open_repository(path);
    if (!repo) return repo.error_info();
    auto impl = std::make_unique<Impl>();
    impl->repo = std::move(*repo);
    return GitRepo(std::move(impl));
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
