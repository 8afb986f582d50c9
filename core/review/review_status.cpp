// "Were my comments addressed?": a review's comments followed through the range-diff.
#include "core/review/review_status.hpp"

#include "core/mail/parse.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_thread.hpp"

namespace lkmine {
namespace {

Result<Message> parsed(StoreReader& store, const std::string& msgid) {
    auto stored = store.get(msgid);
    if (!stored) return stored.error_info();
    return parse_message(RawMessage{stored->raw, {}, {}});
}

std::string diff_of(const Message& m) {
    std::string d;
    for (const auto& p : m.patches)
        d += p.text;
    return d;
}

// Replies below entry `review` from the patch's author, oldest first.
std::vector<std::string> author_replies(const ThreadTree& t, std::size_t review,
                                        const Address& author) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (std::size_t i = 0; i < t.entries.size(); ++i) {
        const auto& e = t.entries[i];
        if (e.mail.ghost || !same_sender(e.mail.from, author)) continue;
        for (int at = e.parent; at >= 0; at = t.entries[static_cast<std::size_t>(at)].parent)
            if (static_cast<std::size_t>(at) == review) {
                out.emplace_back(e.mail.date.epoch, e.mail.message_id);
                break;
            }
    }
    std::sort(out.begin(), out.end());
    std::vector<std::string> ids;
    for (auto& [d, id] : out)
        ids.push_back(id);
    return ids;
}

// The fates of the comments in the next revision's diff of the same patch.
void follow(StoreReader& store, ReviewStatus& st, const SeriesRevision& from,
            const SeriesRevision& to) {
    auto rd = series_range_diff(store, from, to);
    if (!rd) return;
    const RangeDiffPair* pair = nullptr;
    for (const auto& p : rd->pairs)
        if (p.a && *p.a + 1 == static_cast<std::size_t>(st.patch)) pair = &p;
    st.pairing = pair ? std::string(1, pair->status) : "<";
    if (pair && pair->b) st.next_patch = static_cast<int>(*pair->b) + 1;
    for (auto& c : st.comments) {
        // Not '=' alone: range-diff compares changed lines, so lines moved across context
        // (out of a locked section) pair as '=' though the code changed.
        if (!pair || !pair->b)
            c.status = "dropped";
        else
            c.status = follow_anchor(c.comment.anchor, rd->b[*pair->b].diff);
    }
}

} // namespace

Result<ReviewStatus> review_status(StoreReader& store, const std::string& msgid) {
    auto review = parsed(store, msgid);
    if (!review) return review.error_info();
    auto t = store.thread(msgid);
    if (!t) return t.error_info();
    const std::size_t at = entry_of(*t, msgid);
    if (at == t->entries.size()) return make_error("<" + msgid + "> is not in the index");
    int p = t->entries[at].parent;
    while (p >= 0 && !is_patch_mail(t->entries[static_cast<std::size_t>(p)].mail))
        p = t->entries[static_cast<std::size_t>(p)].parent;
    if (p < 0 || t->entries[static_cast<std::size_t>(p)].mail.patches == 0)
        return make_error("<" + msgid + "> is not a reply to a patch mail", ErrorCode::usage,
                          "give the Message-ID of a review of one patch");
    const MailSummary& patch = t->entries[static_cast<std::size_t>(p)].mail;
    ReviewStatus st;
    st.review_id = msgid;
    st.reviewer = review->from;
    st.patch_id = patch.message_id;
    st.patch_subject = patch.subject;
    st.author = patch.from;
    auto pm = parsed(store, patch.message_id);
    if (!pm) return pm.error_info();
    for (auto& c : parse_review_comments(review->body_text, diff_of(*pm)))
        st.comments.push_back({std::move(c), "no-newer-revision", "", ""});
    auto revs = find_series(store, patch.message_id);
    if (!revs) return revs.error_info();
    int r = revision_index_of(store, *revs, patch.message_id);
    if (r < 0) return make_error("<" + patch.message_id + "> is in no revision of its series");
    const SeriesRevision& rev = (*revs)[static_cast<std::size_t>(r)];
    st.revision = rev.revision;
    for (std::size_t i = 0; i < rev.patches.size(); ++i)
        if (rev.patches[i].message_id == patch.message_id) st.patch = static_cast<int>(i) + 1;
    if (static_cast<std::size_t>(r) + 1 < revs->size()) {
        const SeriesRevision& next = (*revs)[static_cast<std::size_t>(r) + 1];
        st.next_revision = next.revision;
        st.next_head = next.head.message_id;
        follow(store, st, rev, next);
    }
    for (const auto& id : author_replies(*t, at, st.author)) {
        auto m = parsed(store, id);
        if (!m) continue;
        for (auto& c : st.comments)
            if (c.reply.empty())
                if (std::string r2 = reply_to_comment(m->body_text, c.comment); !r2.empty())
                    c.reply = std::move(r2), c.reply_id = id;
    }
    return st;
}

} // namespace lkmine
