// The commit stage of `lkmine index --git`: the commits of several trees and refs into the
// index, once each, with the refs and first tags that contain them, backports tied to their
// upstream commits and reverts to what they undo. Private to core/stages.
#pragma once

#include "core/base/commit_id.hpp"
#include "core/stages/link_stage.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace lkmine::store_detail {

// What kind of ref a label ("tree:ref") is, as link_stage.hpp's LinkStageOptions says; kept in
// metadata "git:refkind:<label>" = "mainline", "next", "tree" or "stable <X.Y>".
std::string ref_kind(const std::string& label, const Xapian::Database& db);

// Indexes what is new in every tree and ref of `opt`; `added` gets the new commits' ids.
Status index_trees(std::vector<Xapian::WritableDatabase>& shards, const LinkStageOptions& opt,
                   LinkStageSummary& summary, std::vector<CommitId>& added);

} // namespace lkmine::store_detail
