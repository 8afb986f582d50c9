// Trailers ("Reviewed-by:", "Fixes:", "Link:") found in patch mails, replies and commit messages.
#pragma once

#include "core/model/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Trailers of a mail body or a commit message, in order of appearance, keys in canonical
// case ("reviewed-by" -> "Reviewed-by", "Message-ID" -> "Message-Id", "Change-Id" ->
// "change-id"). Never throws.
//
// A trailer is a line "Key: value" (in column 0 or indented, as b4 reads a reply's
// "    Reviewed-by: ...") whose key is a known trailer
// (Signed-off-by, Reviewed-by, Acked-by, Tested-by, Reported-by, Suggested-by,
// Co-developed-by, Reported-and-tested-by, Fixes, Link, BugLink, Closes, Cc, Message-Id,
// change-id, Stable-dep-of) or any "Word-by" key whose value holds an address. The same
// rules serve patch mails and replies:
// - collection stops at the end of the commit message (a "---" line), at a signature
//   ("-- ", as b4 reads it; a bare "--" is text) and at "-----Original Message-----";
// - quoted lines (first non-blank character '>') and lines inside a diff never count;
// - "Cc:" inside a pasted header block (next to "From:"/"To:"/"Sent:") does not count;
// - values are trimmed and kept whole ("stable@vger.kernel.org # 5.10"); a value
//   wrapped onto an indented next line (unless the value already ends in a whole
//   "<address>": an indented "Honza" below is a signature), a "Fixes:" subject wrapped
//   before its ")" and a
//   name whose "<address>" went to the next line are joined; "<a@b<mailto:a@b>>" HTML
//   junk is reduced to "<a@b>"; b4's "[for the foo bits]" lines are not part of the value.
// - values are checked against the key so prose does not become a trailer: Fixes needs a
//   commit id (or a URL), Link/Closes a URL or message-id, Cc and Message-Id an '@', and
//   Reviewed-by, Acked-by, Tested-by and Signed-off-by an address (after joining a wrap).
std::vector<Trailer> parse_trailers(std::string_view body_text);

struct FixesRef {
    std::string sha;     // lowercase hex as written, 7..40 digits
    std::string subject; // without the ("...") wrapping, may be empty
};

// Reads a Fixes:/Stable-dep-of: value: `7f466032dc9e ("mm: fix foo")`, also broken forms
// (no quotes, no parentheses, "commit " in front, a missing ")", text after ")").
std::optional<FixesRef> parse_fixes(std::string_view value);

// The message-id named by a Link:/Closes: value pointing at a mail archive
// (lore.kernel.org/r/<id>, lore.kernel.org/<list>/<id>/..., lkml.kernel.org/r/<id>,
// patchwork.kernel.org/project/<p>/patch/<id>/, [patch.]msgid.link/<id>), without <>,
// percent-decoded; "" when the value names no mail.
std::string msgid_from_link(std::string_view url);

} // namespace lkmine
