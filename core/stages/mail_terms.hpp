// What the index already knows of a mail besides its summary: its terms under a few prefixes
// (the paths of its diff, the addresses of its review trailers), read without the raw mail.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"

#include <string>
#include <vector>

namespace lkmine {

struct MailTerms {
    bool found = false; // `msgid` has a mail document (not only a ghost)
    // Per prefix asked, in the order asked: the terms' values (prefix cut off), sorted.
    std::vector<std::vector<std::string>> values;
};

// The terms of the mail `msgid` under each of `prefixes` (schema.hpp term prefixes, e.g.
// prefix_of("dfn")). No two prefixes may be such that one starts with the other.
Result<MailTerms> mail_terms(StoreReader& store, const std::string& msgid,
                             const std::vector<std::string>& prefixes);

} // namespace lkmine
