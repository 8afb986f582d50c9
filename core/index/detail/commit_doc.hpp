// Private to the store: commit documents (terms, record codec) and the link record on mails.
#pragma once

#include "core/index/links.hpp"
#include "core/link/link.hpp"
#include "core/model/commit.hpp"

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

namespace lkmine::store_detail {

inline constexpr const char* kLinkedFlag = "Klinked";
inline constexpr const char* kCommitType = "Tcommit";

// What the link stage keeps of a commit besides the record.
struct CommitExtra {
    std::vector<std::string> fixes_full; // Fixes: shas the repository resolved to full ids
    link_detail::FuzzyFeatures features;
    std::vector<std::string> named_msgids; // Link:/Closes:/Message-Id: mails
};

Xapian::Document build_commit_document(const CommitRecord& c, const CommitExtra& extra);
// False when the document holds no commit record.
bool decode_commit(const Xapian::Document& doc, CommitRecord& c, CommitExtra* extra = nullptr);
// Changes the record of a commit document (refs, tags, upstream...) and rebuilds its terms;
// false when the document holds no commit or `change` returns false (nothing to write).
bool update_commit_where(Xapian::Document& doc, const std::function<bool(CommitRecord&)>& change);
// XNS term value: hash of author address and normalised subject (backport candidates).
std::string subject_key(const CommitRecord& c);
// The side the Linker indexes, from a stored commit.
PatchSide commit_side(const CommitRecord& c, const CommitExtra& extra);

// Adds links to the mail document (deduplicated by sha, the stronger method kept); false when
// nothing changed.
bool add_links(Xapian::Document& doc, const std::vector<StoredLink>& links);

// Shard of a commit document: FNV-1a of the sha, as mails are placed by Message-ID.
unsigned commit_shard(std::string_view sha, std::size_t shards);

} // namespace lkmine::store_detail
