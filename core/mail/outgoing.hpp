// An outgoing mail's bytes from an edited draft: RFC 2047 headers, folding, MIME body headers.
#pragma once

#include "core/base/result.hpp"
#include "core/model/message.hpp"

#include <string>
#include <string_view>

namespace lkmine {

// Turns the text a user edited (UTF-8 header lines, a blank line, the body; draft_text())
// into a mail ready for sendmail or a .eml file, LF line ends:
// - Date (`date`, in its own offset) and Message-ID (`message_id`, without <>) are added
//   unless the draft has them; MIME-Version, Content-Type and Content-Transfer-Encoding are
//   set: us-ascii/7bit for ASCII, UTF-8/8bit otherwise, quoted-printable when a line is longer
//   than 998 bytes;
// - From/To/Cc/Reply-To are re-written address by address (names with non-ASCII as RFC 2047
//   encoded words, folded between addresses), Subject and other text headers RFC 2047 encoded
//   when not ASCII, every header folded at 78 columns where it has spaces.
// Fails, saying why, when the text is empty (the user aborted), has no To, no Subject, a
// header line that is not "Name: value", or is not valid UTF-8.
Result<std::string> finalize_mail(std::string_view draft, const Date& date,
                                  const std::string& message_id);

// "Mon, 18 Jul 2022 02:27:40 +0000" (RFC 5322), in the date's own offset.
std::string rfc5322_date(const Date& date);

// A header value as RFC 2047 "Q" encoded words of at most 75 bytes, never splitting a UTF-8
// character; ASCII text without "=?" is returned as it is.
std::string encode_header_words(std::string_view utf8);

// Quoted-printable (RFC 2045) of text with LF line ends: soft breaks at 76 columns.
std::string encode_quoted_printable(std::string_view text);

} // namespace lkmine
