// Kernel mail subjects read the way b4 reads them: reply markers, [PATCH vN i/n] groups, clean
// text.
#pragma once

#include "core/model/message.hpp"

#include <string>
#include <string_view>

namespace lkmine {

// Parses a decoded (UTF-8) subject. Never throws; any input gives a SubjectInfo.
//
// Rules, following b4's LoreSubject with a few additions seen on real lists:
// - Reply markers (Re, Aw, Fwd, Fw, Sv, Vs, Antw, Odp, Wg, Rif, any case, also "Re[2]:")
//   are stripped from the front, repeatedly, also when they follow a bracket group
//   ("[PATCH] Re: x"); any of them sets is_reply.
// - Every bracket group at the front is read, in order; nested brackets are flattened
//   ("[PATCH [net] 2/3]" reads as "PATCH net 2/3"). "(PATCH)" is not a group.
// - Inside groups: "n/m" sets index/total; "vN", "VN" and "-vN" set the revision, except
//   directly after "for" ("[RESEND PATCH for v10]" is a resend aimed at v10 of something
//   else, so revision stays 1 and "for", "v10" are kept in prefixes); "PATCHv3",
//   "RFCv2", "RESENDv2" are split into the word and the revision. Every other word goes to
//   prefixes as written (trailing ',' / ';' removed): "RFC", "PATCH", "net-next", "5.10".
// - is_patch: a word starting with "patch" (any case), or "RFC" together with a
//   revision or an n/m counter ("[RFC 1/1] x"). A bare "[RFC] idea" is not a patch.
// - clean: the rest, whitespace collapsed and trimmed.
SubjectInfo parse_subject(std::string_view decoded_subject);

// The key used to match revisions of one patch and commits to mails: parse_subject().clean,
// ASCII-lowercased, whitespace collapsed, trailing punctuation and spaces removed.
std::string normalize_subject(std::string_view subject);

} // namespace lkmine
