// Recognises public-inbox layouts by their directory shape and the tree at HEAD.
#include "core/git/public_inbox.hpp"

#include "core/git/repo.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

constexpr int max_depth = 4; // mirror roots are shallow: root/inbox/git/N.git

bool all_hex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

bool is_bare_repo(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p / "HEAD", ec) && fs::is_directory(p / "objects", ec);
}

// "12.git" -> 12, anything else -> -1.
long epoch_number(const std::string& name) {
    if (name.size() < 5 || name.size() > 14 || name.compare(name.size() - 4, 4, ".git") != 0)
        return -1;
    std::string digits = name.substr(0, name.size() - 4);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
        return -1;
    return std::stol(digits);
}

std::vector<std::string> numbered_epochs(const fs::path& git_dir) {
    std::vector<std::pair<long, std::string>> found;
    std::error_code ec;
    for (fs::directory_iterator it(git_dir, ec), end; !ec && it != end; it.increment(ec)) {
        long n = epoch_number(it->path().filename().string());
        if (n >= 0 && is_bare_repo(it->path())) found.emplace_back(n, it->path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& f : found)
        out.push_back(std::move(f.second));
    return out;
}

std::string strip_git(std::string name) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".git") == 0)
        name.resize(name.size() - 4);
    return name;
}

// The inbox a lone epoch belongs to: ".../linux-fscrypt/git/0.git" -> "linux-fscrypt".
std::string epoch_inbox_name(const fs::path& p) {
    fs::path parent = p.parent_path();
    if (epoch_number(p.filename().string()) >= 0 && parent.filename() == "git" &&
        !parent.parent_path().filename().empty())
        return parent.parent_path().filename().string();
    return strip_git(p.filename().string());
}

// v1 keeps each mail at "ab/cdef..." (the sha1 of its Message-ID split 2/38).
bool looks_v1(GitRepo& repo, const std::vector<TreeItem>& root) {
    if (root.empty()) return false;
    for (const auto& item : root)
        if (!item.is_tree || item.name.size() != 2 || !all_hex(item.name)) return false;
    auto sub = repo.tree("HEAD", root.front().name);
    if (!sub) return false;
    return std::any_of(sub->begin(), sub->end(), [](const TreeItem& i) {
        return !i.is_tree && i.name.size() == 38 && all_hex(i.name);
    });
}

std::optional<InboxLayout> classify_repo(const fs::path& p) {
    auto repo = GitRepo::open(p.string());
    if (!repo || repo->empty()) return std::nullopt;
    auto root = repo->tree("HEAD");
    if (!root) return std::nullopt;
    bool epoch = std::any_of(root->begin(), root->end(), [](const TreeItem& i) {
        return !i.is_tree && (i.name == "m" || i.name == "d");
    });
    if (epoch) return InboxLayout{epoch_inbox_name(p), p.string(), {p.string()}, 2};
    if (looks_v1(*repo, *root))
        return InboxLayout{strip_git(p.filename().string()), p.string(), {p.string()}, 1};
    return std::nullopt;
}

// nullopt: not an inbox, maybe a directory to search. A layout with no epochs: a git repo that
// is no inbox, not to be searched either.
std::optional<InboxLayout> classify(const fs::path& p) {
    std::error_code ec;
    if (fs::is_directory(p / "git", ec)) {
        auto epochs = numbered_epochs(p / "git");
        if (!epochs.empty()) return InboxLayout{p.filename().string(), p.string(), epochs, 2};
    }
    if (p.filename() == "git") { // the user pointed at the git/ dir of a v2 inbox
        auto epochs = numbered_epochs(p);
        if (!epochs.empty())
            return InboxLayout{p.parent_path().filename().string(), p.parent_path().string(),
                               epochs, 2};
    }
    if (is_bare_repo(p)) {
        if (auto layout = classify_repo(p)) return layout;
        return InboxLayout{};
    }
    if (fs::exists(p / ".git", ec)) return InboxLayout{}; // a work tree: not an archive
    return std::nullopt;
}

fs::path normal(const std::string& path) {
    fs::path p = fs::path(path).lexically_normal();
    if (p.filename().empty()) p = p.parent_path(); // "dir/" -> "dir"
    return p;
}

} // namespace

std::vector<InboxLayout> find_inboxes(const std::string& path) {
    std::vector<InboxLayout> out;
    std::set<fs::path> seen; // canonical paths: symlink loops end here
    std::vector<std::pair<fs::path, int>> stack{{normal(path), 0}};
    while (!stack.empty()) {
        auto [dir, depth] = stack.back();
        stack.pop_back();
        std::error_code ec;
        fs::path canon = fs::canonical(dir, ec);
        if (ec || !fs::is_directory(canon, ec) || !seen.insert(canon).second) continue;
        if (auto layout = classify(dir)) {
            if (!layout->epochs.empty()) out.push_back(std::move(*layout));
            continue;
        }
        if (depth >= max_depth) continue;
        std::vector<fs::path> children;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_directory(ec) && it->path().filename().string().front() != '.')
                children.push_back(it->path());
        std::sort(children.rbegin(), children.rend()); // popped in name order
        for (auto& c : children)
            stack.emplace_back(std::move(c), depth + 1);
    }
    std::sort(out.begin(), out.end(),
              [](const InboxLayout& a, const InboxLayout& b) { return a.path < b.path; });
    return out;
}

} // namespace lkmine
