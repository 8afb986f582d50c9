// JSON output of the reviewer's commands (json_review.cpp is their nlohmann_json adapter).
#pragma once

#include "core/review/queue.hpp"
#include "core/review/review_status.hpp"
#include "core/review/state_db.hpp"

#include <string>

namespace lkmine {

std::string queue_to_json(const QueueResult& q);
std::string mark_to_json(const ReviewMark& m);
std::string review_status_to_json(const ReviewStatus& s);

} // namespace lkmine
