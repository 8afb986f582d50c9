// JSON output of the reviewer's commands: queue, mark, review-status.
#include "cli/json_review.hpp"

#include <nlohmann/json.hpp>

namespace lkmine {
namespace {

using nlohmann::json;

json mark_json(const ReviewMark& m) {
    return {{"user", m.user},       {"message_id", m.message_id}, {"series_id", m.series_id},
            {"title", m.title},     {"revision", m.revision},     {"read", m.read},
            {"flagged", m.flagged}, {"reviewed", m.reviewed},     {"waiting", m.waiting},
            {"done", m.done},       {"updated", m.updated}};
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::string queue_to_json(const QueueResult& q) {
    json rows = json::array();
    for (const auto& r : q.rows) {
        json reviews = json::array();
        for (const auto& v : r.reviews)
            reviews.push_back({{"patch", v.patch}, {"kind", v.kind}, {"by", v.by}});
        json row = {{"title", r.title},
                    {"head", r.head},
                    {"series_id", r.series_id},
                    {"author", {{"name", r.author.name}, {"email", r.author.email}}},
                    {"revision", r.revision},
                    {"patches", r.patches},
                    {"posted", r.posted},
                    {"last_activity", r.last_activity},
                    {"why", r.why},
                    {"reviews", reviews},
                    {"my_last_reviewed", r.my_last_reviewed},
                    {"new_since_my_review", r.new_since_my_review},
                    {"reviewed_by_me", r.reviewed_by_me}};
        if (!r.mark.message_id.empty()) row["mark"] = mark_json(r.mark);
        rows.push_back(std::move(row));
    }
    return dump({{"query", q.query},
                 {"candidates", q.candidates},
                 {"revisions", q.revisions},
                 {"merged_checked", q.merged_checked},
                 {"rows", rows}});
}

std::string mark_to_json(const ReviewMark& m) {
    return dump(mark_json(m));
}

std::string review_status_to_json(const ReviewStatus& s) {
    json comments = json::array();
    for (const auto& c : s.comments) {
        const auto& a = c.comment.anchor;
        comments.push_back({{"file", a.file},
                            {"hunk", a.hunk_header},
                            {"old_line", a.old_line},
                            {"new_line", a.new_line},
                            {"lines", a.lines},
                            {"text", c.comment.text},
                            {"body_line", c.comment.body_line},
                            {"status", c.status},
                            {"reply", c.reply},
                            {"reply_id", c.reply_id}});
    }
    return dump({{"review", s.review_id},
                 {"patch", s.patch_id},
                 {"subject", s.patch_subject},
                 {"reviewer", {{"name", s.reviewer.name}, {"email", s.reviewer.email}}},
                 {"author", {{"name", s.author.name}, {"email", s.author.email}}},
                 {"revision", s.revision},
                 {"patch_index", s.patch},
                 {"next_revision", s.next_revision},
                 {"next_head", s.next_head},
                 {"next_patch_index", s.next_patch},
                 {"pairing", s.pairing},
                 {"comments", comments}});
}

} // namespace lkmine
