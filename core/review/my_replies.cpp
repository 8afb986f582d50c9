// Which revisions of a series I replied to, and the last activity below each revision.
#include "core/review/my_replies.hpp"

#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lkmine {

MyReplies my_replies(StoreReader& store, const std::vector<SeriesRevision>& revs,
                     const std::vector<std::string>& me, std::int64_t as_of,
                     std::map<std::string, ThreadTree>* threads) {
    MyReplies out;
    out.replied.assign(revs.size(), false);
    out.last_activity.assign(revs.size(), 0);
    out.mine.assign(revs.size(), {});
    std::map<std::string, std::size_t> slot;
    std::set<std::string> seen;
    std::vector<const MailSummary*> firsts; // one mail per thread to read it by
    for (std::size_t r = 0; r < revs.size(); ++r) {
        std::vector<const MailSummary*> mails{&revs[r].head};
        for (const auto& p : revs[r].patches)
            mails.push_back(&p);
        for (const MailSummary* m : mails) {
            slot.emplace(m->message_id, r);
            if (seen.insert(m->thread_id).second) firsts.push_back(m);
        }
    }
    for (const MailSummary* first : firsts) {
        std::optional<ThreadTree> own;
        const ThreadTree* t = cached_thread(store, *first, threads, own);
        if (!t) continue;
        for (const auto& e : t->entries) {
            if (e.mail.ghost || e.mail.date.epoch > as_of) continue;
            int at = static_cast<int>(&e - t->entries.data());
            while (at >= 0) {
                const MailSummary& up = t->entries[static_cast<std::size_t>(at)].mail;
                if (slot.count(up.message_id) || is_patch_mail(up)) break;
                at = t->entries[static_cast<std::size_t>(at)].parent;
            }
            if (at < 0) continue;
            auto s = slot.find(t->entries[static_cast<std::size_t>(at)].mail.message_id);
            if (s == slot.end()) continue;
            out.last_activity[s->second] =
                std::max(out.last_activity[s->second], e.mail.date.epoch);
            if (is_patch_mail(e.mail)) continue;
            bool from_me = std::any_of(me.begin(), me.end(), [&](const std::string& m) {
                return same_sender(Address{"", m}, Address{"", e.mail.from.email});
            });
            if (from_me) {
                out.replied[s->second] = true;
                out.mine[s->second].push_back(e.mail.message_id);
            }
        }
    }
    return out;
}

} // namespace lkmine
