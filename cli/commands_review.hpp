// The reviewer's commands (cmd_queue.cpp, cmd_mark.cpp, cmd_review_status.cpp): the queue,
// review marks, and what became of a review's comments.
#pragma once

#include <string>
#include <vector>

namespace lkmine::cli {

struct QueueCmdOptions {
    std::string db, state;              // state: default DB/review-state.sqlite
    std::vector<std::string> me, areas; // me: also $LKMINE_ME (comma-separated)
    std::vector<std::string> excluded;
    std::string maintainers; // a MAINTAINERS file: my sections' F:/X:
    std::string as_of;       // YYYYMMDD[HHMMSS], default now
    int days = 30;
    bool json = false, all = false, no_addressed = false, local = false;
};
int run_queue(const QueueCmdOptions& opt);

struct MarkCmdOptions {
    std::string db, state, msgid;
    std::vector<std::string> me;
    // "read", "unread", "flag", "unflag", "reviewed", "unreviewed", "waiting", "unwaiting",
    // "done", "undone"; none: print the state.
    std::vector<std::string> set;
    bool json = false;
};
int run_mark(const MarkCmdOptions& opt);

struct ReviewStatusCmdOptions {
    std::string db, msgid;
    bool json = false;
};
int run_review_status(const ReviewStatusCmdOptions& opt);

// My addresses: the --me values, else $LKMINE_ME split on commas; lowercase.
std::vector<std::string> my_addresses(const std::vector<std::string>& given);

} // namespace lkmine::cli
