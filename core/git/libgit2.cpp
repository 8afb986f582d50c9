// The libgit2 helpers of core/git (detail/libgit2.hpp): library setup, errors, object lookups
// and the diff of a commit.
#include "core/git/detail/libgit2.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

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
        // The object cache keeps every commit and tree looked up, up to 256 MB counted in raw
        // object bytes; parsed, a public-inbox commit and its tree cost ~1 KB of heap, so the
        // indexer grew by that much per mail read although it reads each one once. A few MB
        // still serve the repeated lookups of a kernel walk (a child's tree is its parent's).
        git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(8) << 20);
        return rc;
    }();
    (void)once;
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

Result<DiffPtr> diff_to_parent(git_repository* repo, git_commit* c, bool renames) {
    auto old_tree = first_parent_tree(c);
    if (!old_tree) return old_tree.error_info();
    auto new_tree = commit_tree(c);
    if (!new_tree) return new_tree.error_info();
    git_diff* d = nullptr;
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    // git's default diff.indentHeuristic: without it hunks slide differently and the patch id
    // of the commit no longer equals the one of the mail that posted it.
    opts.flags |= GIT_DIFF_INDENT_HEURISTIC;
    if (git_diff_tree_to_tree(&d, repo, old_tree->get(), new_tree->get(), &opts) < 0)
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

} // namespace lkmine::git_detail
