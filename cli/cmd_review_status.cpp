// `lkmine review-status`: were the comments of a review addressed in the next revision?
#include "cli/commands_review.hpp"
#include "cli/json_review.hpp"
#include "core/base/safe_text.hpp"
#include "core/mail/msgid.hpp"
#include "core/review/review_status.hpp"

#include <iostream>
#include <sstream>

namespace lkmine::cli {
namespace {

void indented(const std::string& text, const char* prefix) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        std::cout << prefix << safe_line(l) << "\n";
}

} // namespace

int run_review_status(const ReviewStatusCmdOptions& opt) {
    auto store = StoreReader::open(opt.db);
    if (!store) {
        std::cerr << "lkmine review-status: " << store.error() << "\n";
        return 1;
    }
    auto st = review_status(*store, msgid_from_arg(opt.msgid));
    if (!st) {
        std::cerr << "lkmine review-status: " << st.error() << "\n";
        return exit_code(st.error_info());
    }
    if (opt.json) {
        std::cout << review_status_to_json(*st) << "\n";
        return 0;
    }
    std::cout << "review by " << safe_line(st->reviewer.email) << " of v" << st->revision
              << " patch " << st->patch << ": " << safe_line(st->patch_subject) << "\n";
    if (st->next_revision)
        std::cout << "next: v" << st->next_revision << " <" << safe_line(st->next_head)
                  << ">, patch " << (st->next_patch ? std::to_string(st->next_patch) : "-")
                  << " (range-diff " << st->pairing << ")\n";
    else
        std::cout << "next: no newer revision found\n";
    for (const auto& c : st->comments) {
        const auto& a = c.comment.anchor;
        std::cout << "\n[" << c.status << "] " << safe_line(a.file) << ":" << a.new_line << "  "
                  << safe_line(a.hunk_header) << "\n";
        indented(a.lines.empty() ? "" : a.lines.back(), "  > ");
        indented(c.comment.text, "    ");
        if (!c.reply.empty()) {
            std::cout << "  author replied:\n";
            indented(c.reply, "    | ");
        }
    }
    std::cout << "\n" << st->comments.size() << " comments\n";
    return 0;
}

} // namespace lkmine::cli
