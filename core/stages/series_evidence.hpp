// Evidence that two mails head revisions of one patch series, each kind with its reason.
#pragma once

#include "core/index/store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// A head (cover letter, else first patch) found by one kind of evidence.
struct SeriesTie {
    MailSummary head;
    const char* reason; // "change-id", "patch-id", "in-reply-to", "sender+title"
};

// A title as the index tokenises subjects: lowercase words of letters, digits, '_' and
// non-ASCII bytes, with '.' and ',' kept between digits ("io_uring", "5.20"), space-joined.
std::string title_key(std::string_view clean);

// Heads of mails whose b4 `change-id:` equals the one in `head`'s body (none without one).
std::vector<SeriesTie> change_id_ties(StoreReader& store, const MailSummary& head);

// Heads of revisions (same sender) sharing at least half the patch ids of `patches`, or of
// their own patches.
std::vector<SeriesTie> patch_id_ties(StoreReader& store, const MailSummary& head,
                                     const std::vector<MailSummary>& patches);

// Other heads in `head`'s own thread: a vN posted in reply to the v(N-1) cover.
std::vector<SeriesTie> thread_ties(StoreReader& store, const MailSummary& head);

// Heads by the same sender whose cover or first patch has the same title key.
std::vector<SeriesTie> title_ties(StoreReader& store, const MailSummary& head);

// The head and patches of the revision `msgid` belongs to, read from its thread.
struct ThreadRevision {
    MailSummary head;
    std::vector<MailSummary> patches;
    int revision = 1;
};
Result<ThreadRevision> revision_of_mail(StoreReader& store, const std::string& msgid);

} // namespace lkmine
