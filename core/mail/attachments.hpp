// A mail's attachments with their bytes (for showing and saving), and safe names to save them as.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

struct MailAttachment {
    std::string filename;     // as the mail names it (decoded); may be empty or a path
    std::string content_type; // lowercased "type/subtype"
    std::string content;      // transfer-decoded bytes
    bool is_text = false;     // text/* or a patch: `text` holds it as UTF-8
    std::string text;
};

// The parts parse_message() lists in Message::attachments, in the same order, with their
// bytes: every leaf that is not the mail's own text body. A flattened mail is recovered first.
std::vector<MailAttachment> read_attachments(std::string_view raw_mail);

// The text of the attachments a search covers, as public-inbox (lore) indexes every text part:
// text/* but HTML, and application/octet-stream that is printable UTF-8; each ends in a line
// break. Empty when there is none.
std::string searched_attachment_text(std::string_view raw_mail);

// A file name to save attachment number `index` (0-based) as, never a path: the last path
// component of `name` only, control characters, separators and bidi overrides replaced, no
// leading dot, at most 120 bytes; "attachment-N" plus an extension guessed from
// `content_type` when nothing usable is left.
std::string safe_attachment_name(std::string_view name, std::size_t index,
                                 std::string_view content_type);

} // namespace lkmine
