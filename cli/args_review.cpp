// Subcommands of the reviewer: queue, mark, review-status.
#include "cli/args.hpp"
#include "cli/commands_review.hpp"

#include <CLI/CLI.hpp>

namespace lkmine::cli {

namespace {

void add_me(CLI::App* c, std::vector<std::string>& me) {
    c->add_option("--me", me,
                  "My address (repeat for several; default: $LKMINE_ME, comma-separated). The "
                  "state is kept per first address.");
}

void add_queue(CLI::App& app, CommandLine& cl) {
    auto& q = cl.keep<QueueCmdOptions>();
    CLI::App* c = app.add_subcommand(
        "queue", "What needs my review: series whose latest revision touches my area (--area, "
                 "or my sections of a MAINTAINERS file) or is addressed to me (To/Cc), that I "
                 "did not send and have not reviewed (no reply of mine below it, not marked "
                 "reviewed or done), "
                 "not merged (when a git tree is indexed); oldest first.");
    add_db(c, cl.db);
    add_me(c, q.me);
    c->add_option("--area", q.areas,
                  "A path pattern as MAINTAINERS F: reads it: dir/ (all below), dir/*.c, "
                  "file; repeatable");
    c->add_option("--exclude", q.excluded,
                  "A path pattern to leave out of --area (MAINTAINERS X:)");
    c->add_option("--maintainers", q.maintainers,
                  "A MAINTAINERS file: every section whose M: or R: is one of --me, with "
                  "get_maintainer.pl's rules: F: patterns, N: regexes over the path, X: "
                  "patterns leaving a path out of their own section");
    c->add_option("--state", q.state, "State file (default: DB/review-state.sqlite)");
    c->add_option("--days", q.days, "Latest revision posted in the last N days")
        ->default_val(30)
        ->check(CLI::Range(1, 3650));
    c->add_option("--as-of", q.as_of, "The queue as it was on YYYYMMDD[HHMMSS] (UTC)");
    c->add_flag("--all", q.all, "Also list what I reviewed already (marked as such)");
    c->add_flag("--no-addressed", q.no_addressed, "Only the area, not mails addressed to me");
    c->add_flag("--local", q.local, "Dates in your own time zone");
    c->add_flag("--json", q.json,
                "{query, candidates, revisions, merged_checked, rows[{title, head, series_id, "
                "author, revision, patches, posted, last_activity, why[], reviews[{patch, kind, "
                "by}], my_last_reviewed, new_since_my_review, reviewed_by_me, mark{...}}]}");
    c->callback([&] {
        q.db = cl.db;
        cl.exit_code = run_queue(q);
    });
}

void add_mark(CLI::App& app, CommandLine& cl) {
    auto& m = cl.keep<MarkCmdOptions>();
    CLI::App* c = app.add_subcommand(
        "mark", "Set or show my review state of a mail, or of the series revision a patch or "
                "cover belongs to (kept in DB/review-state.sqlite, survives reindexing).");
    add_db(c, cl.db);
    add_me(c, m.me);
    c->add_option("MSGID", m.msgid, "A Message-ID or lore URL")->required();
    c->add_option("--state", m.state, "State file (default: DB/review-state.sqlite)");
    static const std::vector<std::string> kinds = {"read",     "unread",     "flag",    "unflag",
                                                   "reviewed", "unreviewed", "waiting", "unwaiting",
                                                   "done",     "undone"};
    c->add_option("--set", m.set,
                  "read, unread, flag, unflag, reviewed, unreviewed, waiting "
                  "(on the author), unwaiting, done, undone; repeatable")
        ->check(CLI::IsMember(kinds));
    c->add_flag("--json", m.json,
                "{user, message_id, series_id, revision, read, flagged, "
                "reviewed, waiting, done, updated}");
    c->callback([&] {
        m.db = cl.db;
        cl.exit_code = run_mark(m);
    });
}

} // namespace

void add_review_commands(CLI::App& app, CommandLine& cl) {
    add_queue(app, cl);
    add_mark(app, cl);
    auto& rs = cl.keep<ReviewStatusCmdOptions>();
    CLI::App* c = app.add_subcommand(
        "review-status",
        "Were my comments addressed? For a review of a patch of vN: each comment (the "
        "reviewer's lines after quoted diff lines), its anchor (file, hunk, lines), and in "
        "v(N+1): unchanged, changed, dropped, or no-newer-revision; with the author's reply.");
    add_db(c, cl.db);
    c->add_option("MSGID", rs.msgid, "The review's Message-ID or lore URL")->required();
    c->add_flag("--json", rs.json,
                "{review, patch, subject, reviewer, author, revision, patch_index, "
                "next_revision, next_head, next_patch_index, pairing, comments[{file, hunk, "
                "old_line, new_line, lines[], text, body_line, status, reply, reply_id}]}");
    c->callback([&] {
        rs.db = cl.db;
        cl.exit_code = run_review_status(rs);
    });
}

} // namespace lkmine::cli
