// The libgit2 helpers of core/git (detail/libgit2.hpp): library setup, errors, object lookups
// and the diff of a commit.
#include "core/git/detail/libgit2.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace lkmine::git_detail {
namespace {

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

} // namespace

std::size_t set_mapped_limit(std::size_t bytes) {
    ensure_init();
    std::size_t before = 0;
    git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &before);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
    return before;
}

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace lkmine::git_detail
