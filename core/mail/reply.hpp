// A kernel-style reply-all to one mail: recipients, threading, subject, attribution and quote.
#pragma once

#include "core/base/result.hpp"
#include "core/model/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// Who writes the reply (From:, trailers, and the address left out of To/Cc).
struct Identity {
    std::string name, email;
};

// Lines first..last (0-based, inclusive) of Message::patches[patch].text split on '\n'.
struct DiffSpan {
    std::size_t patch = 0;
    std::size_t first = 0, last = 0;
};

// A review comment placed after the diff lines it is about.
struct DiffComment {
    DiffSpan span;
    std::string text;
};

struct ReplyOptions {
    std::vector<DiffComment> comments; // none: the whole mail is quoted
    std::vector<std::string> trailers; // keys given with the identity: "Reviewed-by", ...
    std::size_t context = 3;           // diff lines quoted before each comment's own lines
};

// What the user edits: UTF-8 header values and body, not yet MIME-encoded (outgoing.hpp).
struct ReplyDraft {
    Address from;
    std::vector<Address> to, cc;
    std::string subject, in_reply_to;
    std::vector<std::string> references;
    std::string body;
};

// The reply to the mail `raw`: To the author (its Reply-To when set), Cc every other recipient
// and the list of List-Post, no duplicates, not `me`; In-Reply-To its Message-ID, References
// its References (or In-Reply-To) plus its Message-ID; "Re: " once in front of its subject;
// "On <date>, <author> wrote:" and the mail quoted with "> " (signature dropped), or, with
// comments, only the diff lines they are about, each comment after its lines; then trailers.
// Fails only on a comment whose span is outside the mail's patches.
Result<ReplyDraft> compose_reply(std::string_view raw, const Identity& me,
                                 const ReplyOptions& opt = {});

// The same from an already parsed mail (Reply-To and List-Post read from its headers).
Result<ReplyDraft> compose_reply(const Message& parent, const Identity& me,
                                 const ReplyOptions& opt = {});

// "Re: " + the subject without its own reply markers (Re:, RE:, Aw:, Sv:, any number).
std::string reply_subject(std::string_view subject);

// "On Mon, 18 Jul 2022 at 02:27, Liam Howlett <liam.howlett@oracle.com> wrote:" in the
// sender's own zone; "<author> wrote:" when the date is unknown.
std::string attribution_line(const Message& parent);

// The draft as the text a user edits: header lines (From, To, Cc, Subject, In-Reply-To,
// References), a blank line, the body.
std::string draft_text(const ReplyDraft& draft);

// "Name <email>", or "email" when there is no name; the name quoted when it needs it.
std::string format_address(const Address& a);

} // namespace lkmine
