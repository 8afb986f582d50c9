// The link stage (mail <-> commit), plus the two answers built on them:
// `lkmine commit` (everything about a commit) and `lkmine patch` (what became of a mail).
#pragma once

#include "core/base/result.hpp"
#include "core/index/links.hpp"
#include "core/index/store.hpp"
#include "core/model/commit.hpp"
#include "core/model/message.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lkmine {

struct LinkStageOptions {
    std::string git;                   // repository (work tree or git dir)
    std::vector<std::string> more_git; // further trees (next, stable, maintainer)
    // Refs to index in each tree: "REF" (in every tree that has it) or "TREE:REF" (TREE is the
    // repository's directory name without .git). A tree none of them names gives its HEAD.
    // Kinds: a "linux-X.Y.y" branch is stable X.Y; a tree or ref named "next"/"linux-next" is
    // linux-next; the other refs of the first tree are mainline, of later trees maintainer trees.
    std::vector<std::string> refs;
    std::string range;            // "v6.0..", "A..B", "" = all of HEAD
    std::string release_pattern;  // glob of release tags, kept in the index; "" = keep the stored
    unsigned methods = 0xF;       // link_bit() mask (core/link.hpp)
    unsigned jobs = 0;            // commit readers; 0 = one per core
    std::size_t commit_every = 0; // commits written per Xapian commit (0: 20,000)
    // Commits whose diffs one `git diff-tree` child is asked for before a new child takes over
    // (rounded up to a chunk of at most 1,000): its heap grows by ~0.6 KB per commit given (23
    // MB after 2,000 commits, 35 MB after 21,473), ~800 MB at mainline's 1.3M without restarts.
    std::size_t commits_per_git_child = 10000;
    std::function<void(const std::string&)> progress; // one line of progress now and then
    // Set (from any thread) to stop: the commits read so far are kept, and the next run goes
    // on from there and links what this one did not reach.
    const std::atomic<bool>* cancel = nullptr;
};

struct LinkStageSummary {
    std::size_t commits_walked = 0, commits_added = 0;
    std::size_t git_children = 0; // git diff-tree children started for the diffs
    double commit_seconds = 0;    // reading and writing the new commits
    std::size_t mails_checked = 0, mails_linked = 0;
    std::map<std::string, std::size_t> links_by_method; // new links of this run
    double seconds = 0;
    std::vector<std::string> notes;
    bool cancelled = false; // stopped by opt.cancel
};

// Indexes the commits of `range` not yet indexed, then links: patch mails without a link
// (all of them when commits were added, else the mails added since the last stage) against
// every indexed commit, mentioned shas of new mails verified in the repository, and new
// commits against the mails that mention them. Takes the writer lock: run it with no
// StoreWriter open.
Result<LinkStageSummary> update_link_index(const std::string& dir, const LinkStageOptions& opt);

// --- answers (store_links.cpp) ---

struct LinkedMail {
    MailSummary mail;
    std::string method;
    double score = 0;
};

// Where a commit is now, from the refs and tags the commit stage recorded: the trees that
// carry it, linux-next, the mainline release, stable backports, reverts.
struct WhereItIs {
    struct Ref {
        std::string label, kind; // "linux:master", "mainline" | "next" | "tree" | "stable 6.1"
    };
    struct Backport {
        std::string sha, series, tag, how; // how: upstream-line, patch-id, subject
        Date date;                         // commit date of the backport
    };
    std::vector<Ref> refs;
    Date applied;          // commit date (when a maintainer applied it)
    std::string next_tag;  // first next-* tag containing it
    std::string first_tag; // first v* tag containing it
    std::string release;   // on mainline: the release it is in (first_tag without -rcN)
    std::vector<Backport> backports;
    std::string upstream, upstream_how; // this commit is itself a backport of upstream
    std::vector<CommitRecord> reverted_by;
};

struct CommitReport {
    CommitRecord commit;
    std::string release; // first release tag containing it ("" when none or no repository)
    std::vector<LinkedMail> mails;    // patch mails linked to it, oldest first
    std::vector<LinkedMail> mentions; // mails that mention it
    std::string interdiff;            // last posted revision's patch vs the commit ("" = identical)
    std::string interdiff_msgid;      // the mail compared
    std::vector<CommitRecord> fixed_by;                  // later commits whose Fixes: names it
    std::vector<std::vector<LinkedMail>> fixed_by_mails; // their patch mails, per fixed_by entry
    std::vector<CommitRecord> fixes;          // commits its own Fixes: name (indexed ones)
    std::vector<std::string> fixes_unindexed; // Fixes: shas not in the index
    struct Bisection {
        std::string key, kind, extid, source;
    };
    std::vector<Bisection> bisections; // syzbot bisections whose culprit it is
    WhereItIs where;
    std::vector<std::string> notes;
};

struct PatchReport {
    MailSummary mail;
    std::vector<StoredLink> commits;          // patch links, strongest first
    std::vector<CommitRecord> commit_records; // per commits[] entry (sha only if not indexed)
    std::vector<std::string> releases;        // per commits[] entry
    std::vector<WhereItIs> where;             // per commits[] entry
    std::vector<StoredLink> mentions;         // commits the mail's text names
    bool is_patch = false;
    // A git tree was indexed (lkmine index --git): without one, "not merged" cannot be said.
    bool git_indexed = false;
    std::int64_t days_unmerged = -1; // not merged as any indexed commit: days from the mail to now
};

// A unique abbreviation (>= 4 hex) of an indexed commit; an error names the ambiguity or says
// the commit is not indexed (and whether the repository knows it).
Result<CommitReport> commit_report(const std::string& dir, const std::string& sha);
Result<PatchReport> patch_report(const std::string& dir, const std::string& msgid);

} // namespace lkmine
