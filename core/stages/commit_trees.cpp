// The commit stage: every tree and ref of `lkmine index --git` walked for what is new, each
// commit read once (on every core) and written once, with its refs and first tags; then
// stable backports tied to their upstream commits.
#include "core/stages/commit_trees.hpp"

#include "core/git/diff_stream.hpp"
#include "core/git/git_child.hpp"
#include "core/git/repo.hpp"
#include "core/index/detail/commit_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/patch/backport.hpp"
#include "core/patch/trailer.hpp"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>
#include <utility>

namespace lkmine::store_detail {
namespace {

constexpr std::size_t kChunk = 1000; // commits read in parallel, then written (at most)
using Clock = std::chrono::steady_clock;

// What was freed back to the system: glibc keeps in its heap what a walk of 1.4M commits freed
// (libgit2's revwalk, the list of hex ids), ~300 MB held to the end of the run.
void give_back_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct ReadCommit {
    CommitRecord rec;
    CommitExtra extra;
    std::string error;
};

void keep_trailers(GitRepo& repo, const std::string& message, ReadCommit& out) {
    static const std::set<std::string> keep = {
        "Fixes",     "Link",        "Closes",   "Reported-by", "Message-Id",
        "change-id", "Reviewed-by", "Acked-by", "Tested-by",   "Stable-dep-of"};
    CommitRecord& r = out.rec;
    for (auto& t : parse_trailers(message)) {
        if (!keep.count(t.key)) continue;
        if (t.key == "Fixes")
            if (auto f = parse_fixes(t.value); f && f->sha.size() >= 7) {
                if (std::find(r.fixes.begin(), r.fixes.end(), f->sha) == r.fixes.end())
                    r.fixes.push_back(f->sha);
                auto full =
                    f->sha.size() == 40 ? Result<std::string>(f->sha) : repo.resolve(f->sha);
                auto& ff = out.extra.fixes_full;
                if (full && std::find(ff.begin(), ff.end(), *full) == ff.end()) ff.push_back(*full);
            }
        r.trailers.push_back(std::move(t));
    }
}

// A commit and, unless it is a merge, its diff: from git diff-tree when it gave one, else
// from libgit2 (slower: no delta-base cache).
Result<CommitInfo> read_with_diff(GitRepo& repo, const std::string& sha, CommitDiff* diff) {
    auto info = repo.read_commit(sha, false);
    if (!info || info->parents.size() > 1) return info;
    if (!diff) return repo.read_commit(sha, true);
    info->diff = std::move(diff->diff);
    info->files = std::move(diff->files);
    info->post_blobs = std::move(diff->post_blobs);
    return info;
}

// One commit as the index stores it; runs on a worker with its own GitRepo.
ReadCommit read_one(GitRepo& repo, const std::string& sha, CommitDiff* diff) {
    ReadCommit out;
    auto info = read_with_diff(repo, sha, diff);
    if (!info) {
        out.error = info.error();
        return out;
    }
    // A merge's diff against its first parent is the merged branch, not a patch anyone posted.
    PatchSide side = from_commit(*info);
    CommitRecord& r = out.rec;
    r.sha = info->sha;
    r.subject = info->subject;
    r.author = info->author;
    r.committer = info->committer;
    r.author_date = info->author_date;
    r.commit_date = info->commit_date;
    r.parents = info->parents;
    r.files = info->files;
    r.post_blobs = info->post_blobs;
    r.patch_id = side.patch_id;
    r.upstream = upstream_commit(info->message);
    if (!r.upstream.empty()) r.upstream_how = "upstream-line";
    r.reverts = reverted_commit(info->message);
    if (!r.reverts.empty() && r.reverts.size() < 40)
        if (auto full = repo.resolve(r.reverts)) r.reverts = *full;
    keep_trailers(repo, info->message, out);
    out.extra.features = link_detail::fuzzy_features(side);
    out.extra.named_msgids = side.named_msgids;
    return out;
}

std::string tree_name(const std::string& path) {
    namespace fs = std::filesystem;
    fs::path p = fs::path(path).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    if (p.filename() == ".git") p = p.parent_path();
    std::string n = p.filename().string();
    if (n.size() > 4 && n.ends_with(".git")) n.resize(n.size() - 4);
    return n.empty() ? path : n;
}

std::string classify(const std::string& tree, const std::string& ref, bool first_tree) {
    if (auto s = stable_series(ref); !s.empty()) return "stable " + s;
    auto named_next = [](const std::string& n) { return n == "next" || n == "linux-next"; };
    if (named_next(tree) || named_next(ref)) return "next";
    return first_tree ? "mainline" : "tree";
}

// Where a ref's diffs come from: the current git diff-tree child, none after git failed.
struct DiffSource {
    std::string dir;
    std::size_t chunk = kChunk, per_child = 0; // commits per request; asked of one child
    std::optional<GitDiffStream> stream;
    std::size_t given = 0, pending = 0; // commits asked of this child; requests not taken
    bool failed = false;
};

// One ref of one tree to walk.
struct Target {
    std::size_t repo = 0;
    std::string label, kind, tip;
    std::vector<std::string> hide; // --git-range's start
};

// Each commit's first tag: (commit, names index) pairs sorted by commit once all are in, an
// index of kTaken once the tag is given (20 + 4 bytes a commit: at 1.4M commits a hash map of
// hex strings took ~170 MB).
struct TagMap {
    static constexpr std::uint32_t kTaken = UINT32_MAX;
    std::vector<std::string> names;
    std::vector<std::pair<CommitId, std::uint32_t>> first;
    void add(const std::string& sha, std::uint32_t name) {
        if (auto id = CommitId::parse(sha)) first.emplace_back(*id, name);
    }
    // Sorted by commit; of a commit listed twice (two trees), its first pair kept.
    void seal() {
        auto by_id = [](const auto& a, const auto& b) { return a.first < b.first; };
        std::stable_sort(first.begin(), first.end(), by_id);
        auto same = [](const auto& a, const auto& b) { return a.first == b.first; };
        first.erase(std::unique(first.begin(), first.end(), same), first.end());
        first.shrink_to_fit();
    }
    std::string take(const CommitId& id) {
        auto it = std::lower_bound(first.begin(), first.end(), id,
                                   [](const auto& e, const CommitId& c) { return e.first < c; });
        if (it == first.end() || it->first != id || it->second == kTaken) return {};
        return names[std::exchange(it->second, kTaken)];
    }
};

struct Trees {
    std::vector<Xapian::WritableDatabase>& shards;
    const LinkStageOptions& opt;
    LinkStageSummary& summary;
    std::vector<CommitId>& added;
    std::vector<std::string> paths, names;
    std::vector<std::vector<GitRepo>> repos; // [tree][job]
    std::vector<Target> targets;
    TagMap release, next;
    std::vector<std::string> tags_done;                         // metadata keys, written at the end
    std::vector<std::pair<std::string, std::string>> tips_done; // ref key -> tip, at the end
    std::vector<std::pair<std::string, std::string>> stable_touched; // (sha, series)
    std::size_t since_commit = 0;
    // Each shard's stem table learns the commits' subject words (and the rest of their
    // stemmed terms) in the same commit as the documents.
    std::vector<StemNotes> stems = std::vector<StemNotes>(shards.size());

    void commit_all() {
        for (std::size_t i = 0; i < shards.size(); ++i) {
            stems[i].flush(shards[i]);
            store_detail::commit_counted(shards[i]);
        }
    }
    void note(const std::string& s) {
        if (opt.progress) opt.progress(s);
    }
    // "commits: <what>done/total<after>, N commits/s, ETA h:mm:ss" since t0.
    void progress(const std::string& what, std::size_t done, std::size_t total,
                  const std::string& after, Clock::time_point t0);
    bool cancelled() {
        if (opt.cancel && opt.cancel->load()) summary.cancelled = true;
        return summary.cancelled;
    }
    Xapian::WritableDatabase& shard_of(const std::string& sha) {
        return shards[commit_shard(sha, shards.size())];
    }
    std::optional<std::pair<Xapian::docid, Xapian::Document>> doc_of(const std::string& sha) {
        auto& db = shard_of(sha);
        auto t = id_term(sha);
        auto p = db.postlist_begin(t);
        if (p == db.postlist_end(t)) return std::nullopt;
        return std::make_pair(*p, db.get_document(*p));
    }
    bool update(const std::string& sha, const std::function<bool(CommitRecord&)>& change) {
        auto d = doc_of(sha);
        if (!d || !update_commit_where(d->second, change)) return false;
        stems[commit_shard(sha, shards.size())].note(d->second);
        shard_of(sha).replace_document(d->first, d->second);
        return true;
    }
    void maybe_commit(std::size_t n) {
        if ((since_commit += n) < (opt.commit_every ? opt.commit_every : 20000)) return;
        commit_all();
        since_commit = 0;
    }

    Status open_trees();
    Status plan_targets();
    Status map_tags(std::size_t repo, const std::string& pattern, TagMap& map);
    Status walk_target(const Target& t);
    std::vector<std::optional<CommitDiff>>
    take_diffs(DiffSource& src, const std::vector<CommitId>& todo, std::size_t base, std::size_t n);
    void write_new(const Target& t, const std::vector<CommitId>& todo, Clock::time_point t0);
    void label_old(const Target& t, const std::vector<CommitId>& old);
    void tag_leftovers();
    void link_backports();
    bool off_stable(const CommitRecord& c);
    std::optional<CommitRecord> upstream_by(const std::string& term, const std::string& self,
                                            const CommitRecord& s, bool same_date);
    void finish();
};

Status Trees::open_trees() {
    paths.push_back(opt.git);
    paths.insert(paths.end(), opt.more_git.begin(), opt.more_git.end());
    unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
    for (const auto& p : paths) {
        names.push_back(tree_name(p));
        repos.emplace_back();
        for (unsigned j = 0; j < jobs; ++j) {
            auto r = GitRepo::open(p);
            if (!r) return r.error_info();
            repos.back().push_back(std::move(*r));
        }
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (names[i] == names[k])
                return make_error("two --git trees are named " + names[i] +
                                  " (the directory name): rename one");
    return ok_status();
}

Status Trees::plan_targets() {
    std::vector<bool> used(opt.refs.size(), false);
    for (std::size_t i = 0; i < paths.size(); ++i) {
        GitRepo& repo = repos[i][0];
        std::size_t before = targets.size();
        for (std::size_t k = 0; k < opt.refs.size(); ++k) {
            std::string ref = opt.refs[k];
            if (auto c = ref.find(':'); c != std::string::npos) {
                if (ref.substr(0, c) != names[i]) continue;
                ref = ref.substr(c + 1);
            }
            auto tip = repo.resolve(ref);
            if (!tip) continue;
            used[k] = true;
            targets.push_back({i, names[i] + ":" + ref, classify(names[i], ref, i == 0), *tip, {}});
        }
        if (targets.size() > before || (repo.empty() && opt.range.empty())) continue;
        std::string ref = "HEAD", from;
        if (auto dots = opt.range.find(".."); dots != std::string::npos) {
            from = opt.range.substr(0, dots);
            if (!opt.range.substr(dots + 2).empty()) ref = opt.range.substr(dots + 2);
        } else if (!opt.range.empty()) {
            ref = opt.range;
        }
        auto tip = repo.resolve(ref);
        if (!tip) return tip.error_info();
        Target t{i, names[i] + ":" + ref, classify(names[i], ref, i == 0), *tip, {}};
        if (!from.empty()) {
            auto base = repo.resolve(from);
            if (!base) return base.error_info();
            t.hide.push_back(*base);
            t.label = names[i] + ":" + opt.range; // a range is its own ref
        }
        targets.push_back(std::move(t));
    }
    for (std::size_t k = 0; k < opt.refs.size(); ++k)
        if (!used[k])
            return make_error("--git-ref " + opt.refs[k] + " names no ref in any --git tree");
    return ok_status();
}

// The commits each new tag matching pattern adds to the tags before it: their first tag.
Status Trees::map_tags(std::size_t repo, const std::string& pattern, TagMap& map) {
    auto tags = repos[repo][0].tags(pattern);
    if (!tags) return tags.error_info();
    std::vector<std::string> earlier;
    bool git_failed = false;
    for (const auto& [name, sha] : *tags) {
        std::string key = "git:tag:" + names[repo] + ":" + name;
        if (shards[0].get_metadata(key) != sha) {
            // git's walk, which stops where the earlier tags' side is behind it: libgit2 1.5
            // walks every ancestor of every hidden tag (13 CPU s for one tag of a 1.3M-commit
            // history, against git's 0.15).
            Result<std::vector<std::string>> got = make_error("");
            if (!git_failed) {
                got = git_rev_list(repos[repo][0].dir(), sha, earlier);
                if (!got) {
                    summary.notes.push_back(got.error() + "; tags walked with libgit2 (slower)");
                    git_failed = true;
                }
            }
            if (git_failed) got = repos[repo][0].walk_new(sha, earlier);
            if (!got) return got.error_info();
            auto idx = static_cast<std::uint32_t>(map.names.size());
            map.names.push_back(name);
            for (const auto& c : *got)
                map.add(c, idx);
            tags_done.push_back(key + "\n" + sha);
        }
        earlier.push_back(sha);
    }
    return ok_status();
}

Status Trees::walk_target(const Target& t) {
    const std::string key = "git:ref:" + t.label;
    std::string old = shards[0].get_metadata(key);
    shards[0].set_metadata("git:refkind:" + t.label, t.kind);
    if (old == t.tip) return ok_status();
    std::vector<std::string> hide = t.hide;
    GitRepo& repo = repos[t.repo][0];
    if (!old.empty() && repo.is_ancestor(old, t.tip))
        hide.push_back(old);
    else if (!old.empty())
        summary.notes.push_back(t.label + " was rewritten: walked again from the start");
    auto walked = repo.walk_new(t.tip, hide);
    if (!walked) return walked.error_info();
    summary.commits_walked += walked->size();
    std::vector<CommitId> todo, old_ones;
    // An index without commits yet (the first run) needs no lookup per commit.
    const bool none_yet = std::all_of(shards.begin(), shards.end(), [](const auto& db) {
        return db.get_termfreq(kCommitType) == 0;
    });
    for (const auto& sha : *walked)
        if (auto id = CommitId::parse(sha))
            (!none_yet && doc_of(sha) ? old_ones : todo).push_back(*id);
    std::vector<std::string>().swap(*walked);
    give_back_free_memory(); // the walk's own (libgit2's revwalk) and its list of hex ids
    note("commits: " + t.label + ": " + std::to_string(todo.size()) + " new, " +
         std::to_string(old_ones.size()) + " indexed already");
    label_old(t, old_ones);
    write_new(t, todo, Clock::now());
    // Kept until the backports are linked too: a run killed before its last commit walks the
    // ref again (indexed commits are not read again) and links what it had not.
    if (!cancelled()) tips_done.emplace_back(key, t.tip);
    return ok_status();
}

std::string eta_text(double secs) {
    long s = static_cast<long>(secs);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

void Trees::progress(const std::string& what, std::size_t done, std::size_t total,
                     const std::string& after, Clock::time_point t0) {
    double rate = done / std::max(since(t0), 1e-3);
    note("commits: " + what + std::to_string(done) + "/" + std::to_string(total) + after + ", " +
         std::to_string(static_cast<long>(rate)) + " commits/s, ETA " +
         eta_text((total - done) / std::max(rate, 1e-3)));
}

// The diffs of a chunk of commits from git diff-tree, the next chunk asked for first so that
// git works on it while the workers read this one; a new child once one has been asked for
// src.per_child commits (its heap grows with them); none (libgit2 then) if git failed.
std::vector<std::optional<CommitDiff>> Trees::take_diffs(DiffSource& src,
                                                         const std::vector<CommitId>& todo,
                                                         std::size_t base, std::size_t n) {
    std::vector<std::optional<CommitDiff>> diffs(n);
    if (src.failed) return diffs;
    auto fail = [&](const std::string& why) {
        summary.notes.push_back(why + "; diffs read with libgit2 (slower)");
        src.stream.reset();
        src.failed = true;
        return diffs;
    };
    auto ask = [&](std::size_t from) {
        if (from >= todo.size()) return ok_status();
        std::size_t to = std::min(from + src.chunk, todo.size());
        src.given += to - from, ++src.pending;
        std::vector<std::string> shas;
        for (std::size_t i = from; i < to; ++i)
            shas.push_back(todo[i].hex());
        return src.stream->request(shas);
    };
    if (src.pending == 0) { // the first chunk, or the child was given its share: a new one
        src.stream.reset();
        auto s = GitDiffStream::start(src.dir);
        if (!s) return fail(s.error());
        src.stream.emplace(std::move(*s));
        src.given = 0;
        ++summary.git_children;
        if (auto st = ask(base); !st) return fail(st.error());
    }
    if (src.given < src.per_child)
        if (auto st = ask(base + src.chunk); !st) return fail(st.error());
    auto got = src.stream->take();
    --src.pending;
    if (!got) return fail(got.error());
    if (got->size() != n) return fail("git diff-tree answered another request");
    for (std::size_t i = 0; i < n; ++i)
        diffs[i] = std::move((*got)[i]);
    return diffs;
}

void Trees::write_new(const Target& t, const std::vector<CommitId>& todo, Clock::time_point t0) {
    auto& pool = repos[t.repo];
    const bool stable = t.kind.starts_with("stable ");
    DiffSource src;
    src.dir = pool[0].dir();
    src.per_child = std::max<std::size_t>(opt.commits_per_git_child, 1);
    src.chunk = std::min(kChunk, src.per_child);
    for (std::size_t base = 0; base < todo.size(); base += src.chunk) {
        if (cancelled()) return;
        std::size_t n = std::min(src.chunk, todo.size() - base);
        auto diffs = take_diffs(src, todo, base, n);
        std::vector<ReadCommit> got(n);
        std::atomic<std::size_t> next_i{0};
        std::vector<std::thread> workers;
        for (std::size_t j = 0; j < pool.size(); ++j)
            workers.emplace_back([&, j] {
                for (std::size_t i; (i = next_i++) < n;)
                    got[i] =
                        read_one(pool[j], todo[base + i].hex(), diffs[i] ? &*diffs[i] : nullptr);
            });
        for (auto& w : workers)
            w.join();
        for (std::size_t i = 0; i < n; ++i) {
            auto& c = got[i];
            if (!c.error.empty()) {
                summary.notes.push_back(c.error);
                continue;
            }
            const CommitId& id = todo[base + i];
            c.rec.refs.push_back(t.label);
            c.rec.tag = release.take(id);
            c.rec.next_tag = next.take(id);
            if (stable) stable_touched.emplace_back(c.rec.sha, t.kind.substr(7));
            // New for sure (walk_target kept only commits without a document, and this
            // database sees its own uncommitted documents): no lookup of the id term.
            auto doc = build_commit_document(c.rec, c.extra);
            stems[commit_shard(c.rec.sha, shards.size())].note(doc);
            shard_of(c.rec.sha).add_document(doc);
            added.push_back(id);
            ++summary.commits_added;
        }
        maybe_commit(n);
        progress(t.label + " ", base + n, todo.size(), "", t0);
    }
}

// Commits indexed before (from another ref or tree) that this ref contains too.
void Trees::label_old(const Target& t, const std::vector<CommitId>& old) {
    const bool stable = t.kind.starts_with("stable ");
    const auto t0 = Clock::now();
    std::size_t i = 0;
    for (const auto& id : old) {
        if (cancelled()) return;
        const std::string sha = id.hex();
        std::string tag = release.take(id), ntag = next.take(id);
        bool upstream_too = false;
        update(sha, [&](CommitRecord& c) {
            upstream_too = stable && off_stable(c);
            bool changed = false;
            if (std::find(c.refs.begin(), c.refs.end(), t.label) == c.refs.end())
                c.refs.push_back(t.label), changed = true;
            if (c.tag.empty() && !tag.empty()) c.tag = tag, changed = true;
            if (c.next_tag.empty() && !ntag.empty()) c.next_tag = ntag, changed = true;
            return changed;
        });
        // A commit on another ref than stable ones is no backport (link_backports would read it
        // again to skip it): a stable ref shares most of its history with mainline, 1.2M
        // commits at kernel scale.
        if (stable && !upstream_too) stable_touched.emplace_back(sha, t.kind.substr(7));
        if (++i % kChunk == 0) maybe_commit(kChunk);
        // A stable ref or a second tree shares most of mainline's history: minutes at 1.3M.
        if (i % (10 * kChunk) == 0 || i == old.size())
            progress(t.label + " labelled ", i, old.size(), " indexed already", t0);
    }
}

// Commits indexed by earlier runs that a new tag contains.
void Trees::tag_leftovers() {
    for (auto* map : {&release, &next})
        for (const auto& [id, idx] : map->first) {
            if (idx == TagMap::kTaken) continue;
            const std::string& name = map->names[idx];
            update(id.hex(), [&](CommitRecord& c) {
                std::string& slot = map == &release ? c.tag : c.next_tag;
                if (!slot.empty()) return false;
                slot = name;
                return true;
            });
        }
}

bool Trees::off_stable(const CommitRecord& c) {
    return std::any_of(c.refs.begin(), c.refs.end(), [&](const std::string& r) {
        auto k = ref_kind(r, shards[0]);
        return !k.empty() && !k.starts_with("stable ");
    });
}

// A commit on a ref that is not stable, other than `self`, among the documents of `term`.
std::optional<CommitRecord> Trees::upstream_by(const std::string& term, const std::string& self,
                                               const CommitRecord& s, bool same_date) {
    for (auto& db : shards)
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            CommitRecord c;
            if (!decode_commit(db.get_document(*p), c) || c.sha == self || !off_stable(c)) continue;
            if (same_date && c.author_date.epoch != s.author_date.epoch) continue;
            return c;
        }
    return std::nullopt;
}

// Each commit found on a stable ref and on no other: its upstream line, else the mainline
// commit with its patch id, else the one with its author, subject and author date. The
// upstream commit then carries the series (XSTABLE) too.
void Trees::link_backports() {
    for (const auto& [sha, series] : stable_touched) {
        auto d = doc_of(sha);
        CommitRecord s;
        if (!d || !decode_commit(d->second, s) || off_stable(s)) continue;
        std::string up = s.upstream, how = s.upstream_how;
        if (up.empty() && !s.patch_id.empty())
            if (auto u = upstream_by(prefix_of("patchid") + s.patch_id, sha, s, false))
                up = u->sha, how = "patch-id";
        if (up.empty() && s.parents.size() < 2)
            if (auto u = upstream_by(prefix_of("subject-key") + subject_key(s), sha, s, true))
                up = u->sha, how = "subject";
        if (up.empty()) continue;
        if (s.upstream.empty())
            update(sha,
                   [&](CommitRecord& c) { return c.upstream = up, c.upstream_how = how, true; });
        update(up, [&, ser = series](CommitRecord& c) {
            if (std::find(c.backported_to.begin(), c.backported_to.end(), ser) !=
                c.backported_to.end())
                return false;
            c.backported_to.push_back(ser);
            return true;
        });
    }
    // Upstream commits indexed after their backports: the backports' series.
    for (const auto& id : added)
        for (auto& db : shards) {
            const std::string sha = id.hex();
            std::string term = prefix_of("upstream") + sha;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
                CommitRecord b;
                if (!decode_commit(db.get_document(*p), b)) continue;
                for (const auto& r : b.refs)
                    if (auto k = ref_kind(r, shards[0]); k.starts_with("stable "))
                        update(sha, [&](CommitRecord& c) {
                            auto ser = k.substr(7);
                            if (std::find(c.backported_to.begin(), c.backported_to.end(), ser) !=
                                c.backported_to.end())
                                return false;
                            c.backported_to.push_back(ser);
                            return true;
                        });
            }
        }
}

void Trees::finish() {
    for (const auto& [key, tip] : tips_done)
        shards[0].set_metadata(key, tip);
    for (const auto& kv : tags_done) {
        auto nl = kv.find('\n');
        shards[0].set_metadata(kv.substr(0, nl), kv.substr(nl + 1));
    }
}

} // namespace

std::string ref_kind(const std::string& label, const Xapian::Database& db) {
    return db.get_metadata("git:refkind:" + label);
}

Status index_trees(std::vector<Xapian::WritableDatabase>& shards, const LinkStageOptions& opt,
                   LinkStageSummary& summary, std::vector<CommitId>& added) {
    Trees t{shards, opt, summary, added, {}, {}, {}, {}, {}, {}, {}, {}, {}, 0};
    if (auto s = t.open_trees(); !s) return s;
    if (auto s = t.plan_targets(); !s) return s;
    // libgit2 reads only commits here (git diff-tree reads the blobs, with 256 MB of
    // delta-base cache): its mapped pack windows can shrink to make room for that.
    struct MapLimit {
        std::size_t before = GitRepo::set_pack_map_limit(std::size_t{64} << 20);
        ~MapLimit() { GitRepo::set_pack_map_limit(before); }
    } map_limit;
    auto t0 = Clock::now();
    // Releases: the tags --release-pattern names (kept in the index), else v* here; a commit
    // no such tag contains is given its first tag of any name when it is shown (commit_report).
    const std::string pattern = shards[0].get_metadata("git:release-pattern");
    const std::string release_glob = pattern.empty() ? "v*" : pattern;
    for (std::size_t r = 0; r < t.paths.size(); ++r) {
        if (auto s = t.map_tags(r, release_glob, t.release); !s) return s;
        if (auto s = t.map_tags(r, "next-*", t.next); !s) return s;
    }
    t.release.seal();
    t.next.seal();
    for (const auto& target : t.targets) {
        if (auto s = t.walk_target(target); !s) return s;
        if (t.cancelled()) break;
    }
    if (!t.cancelled()) {
        t.tag_leftovers();
        t.link_backports();
        t.finish();
    }
    t.commit_all();
    summary.commit_seconds = since(t0);
    return ok_status();
}

} // namespace lkmine::store_detail
