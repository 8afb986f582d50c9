// Trailers given to the patches of a revision, each once, with who gave it and where.
#include "core/stages/series_review.hpp"

#include "core/mail/address.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/mail_terms.hpp"
#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

namespace lkmine {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// b4's email_eq: equal, or equal without a +tag, or one domain a subdomain of the other.
bool same_address(std::string a, std::string b) {
    a = lower(a), b = lower(b);
    if (a.empty() || b.empty()) return false;
    if (a == b) return true;
    auto untag = [](std::string s) {
        auto plus = s.find('+'), at = s.find('@');
        if (plus != std::string::npos && at != std::string::npos && plus < at)
            s.erase(plus, at - plus);
        return s;
    };
    a = untag(a), b = untag(b);
    if (a == b) return true;
    auto at_a = a.find('@'), at_b = b.find('@');
    if (at_a == std::string::npos || at_b == std::string::npos) return false;
    if (a.substr(0, at_a) != b.substr(0, at_b)) return false;
    std::string da = a.substr(at_a + 1), db = b.substr(at_b + 1);
    auto dots = [](const std::string& d) { return std::count(d.begin(), d.end(), '.'); };
    auto ends = [](const std::string& s, const std::string& t) {
        return s.size() > t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
    };
    return std::abs(dots(da) - dots(db)) == 1 && (ends(da, "." + db) || ends(db, "." + da));
}

bool names_person(const std::string& value) {
    auto at = value.find('@');
    return at != std::string::npos && value.find('.', at) != std::string::npos;
}

// b4 takes from a follow-up any trailer but those of patch metadata and links.
bool given_in_reply(const Trailer& t, const Address& sender) {
    static const char* skipped[] = {"Cc", "Link", "BugLink", "Closes", "Message-Id", "change-id"};
    for (const char* k : skipped)
        if (t.key == k) return false;
    if (t.value.find("://") != std::string::npos) return false;
    if (!names_person(t.value)) return t.key == "Fixes";
    Address who = parse_address(t.value);
    return same_address(who.email, sender.email) ||
           (!who.name.empty() && lower(who.name) == lower(sender.name));
}

void add_once(std::vector<GivenTrailer>& to, GivenTrailer g) {
    for (const auto& o : to)
        if (lower(o.trailer.key) == lower(g.trailer.key) &&
            lower(o.trailer.value) == lower(g.trailer.value))
            return;
    to.push_back(std::move(g));
}

// Whether the index says the mail has a review trailer; true when the index cannot say.
bool has_review_terms(StoreReader& store, const std::string& msgid) {
    auto terms = mail_terms(store, msgid, {prefix_of("rb"), prefix_of("ab"), prefix_of("tb")});
    if (!terms || !terms->found) return true;
    for (const auto& v : terms->values)
        if (!v.empty()) return true;
    return false;
}

// The mail `msgid` parsed, with only its review trailers when `how` says so; a mail whose index
// terms hold no review trailer is then not read at all.
Message parsed(StoreReader& store, const std::string& msgid, const ReviewReading& how) {
    if (how.review_keys_only) {
        auto known = how.has_review_terms ? how.has_review_terms->find(msgid)
                                          : std::map<std::string, bool>::const_iterator{};
        bool has = how.has_review_terms && known != how.has_review_terms->end()
                       ? known->second
                       : has_review_terms(store, msgid);
        if (!has) return {};
    }
    auto stored = store.get(msgid);
    if (!stored) return {};
    if (how.mails_read) ++*how.mails_read;
    Message m = parse_message(RawMessage{stored->raw, {}, {}});
    if (how.review_keys_only)
        std::erase_if(m.trailers, [](const Trailer& t) { return !is_review_key(t.key); });
    return m;
}

} // namespace

bool is_review_key(std::string_view key) {
    return key == "Reviewed-by" || key == "Acked-by" || key == "Tested-by";
}

void read_reviews(StoreReader& store, SeriesRevision& rev) {
    read_reviews(store, rev, ReviewReading{});
}

void read_reviews(StoreReader& store, SeriesRevision& rev, const ReviewReading& how) {
    rev.reviewed = true;
    rev.patch_trailers.assign(rev.patches.size(), {});
    rev.series_trailers.clear();
    std::map<std::string, int> slot; // message-id -> patch position, -1 for the cover
    for (std::size_t i = 0; i < rev.patches.size(); ++i) {
        slot[rev.patches[i].message_id] = static_cast<int>(i);
        Message m = parsed(store, rev.patches[i].message_id, how);
        for (const auto& t : m.trailers)
            if (is_review_key(t.key))
                add_once(rev.patch_trailers[i], {t, m.from, "patch", m.message_id});
    }
    if (!slot.count(rev.head.message_id)) slot[rev.head.message_id] = -1;
    std::optional<ThreadTree> own;
    const ThreadTree* t = cached_thread(store, rev.head, how.threads, own);
    if (!t) return;
    std::vector<std::size_t> replies;
    for (std::size_t i = 0; i < t->entries.size(); ++i)
        if (!t->entries[i].mail.ghost && !is_patch_mail(t->entries[i].mail)) replies.push_back(i);
    std::stable_sort(replies.begin(), replies.end(), [&](std::size_t a, std::size_t b) {
        return t->entries[a].mail.date.epoch < t->entries[b].mail.date.epoch;
    });
    for (std::size_t r : replies) {
        // The nearest mail of this revision above the reply; another patch above it ends the walk.
        int at = t->entries[r].parent;
        while (at >= 0 && !slot.count(t->entries[static_cast<std::size_t>(at)].mail.message_id) &&
               !is_patch_mail(t->entries[static_cast<std::size_t>(at)].mail))
            at = t->entries[static_cast<std::size_t>(at)].parent;
        if (at < 0) continue;
        auto s = slot.find(t->entries[static_cast<std::size_t>(at)].mail.message_id);
        if (s == slot.end()) continue;
        Message m = parsed(store, t->entries[r].mail.message_id, how);
        for (const auto& tr : m.trailers) {
            if (!given_in_reply(tr, m.from)) continue;
            if (s->second < 0)
                add_once(rev.series_trailers, {tr, m.from, "cover", m.message_id});
            else
                add_once(rev.patch_trailers[static_cast<std::size_t>(s->second)],
                         {tr, m.from, "reply", m.message_id});
        }
    }
}

} // namespace lkmine
