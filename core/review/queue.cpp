// The reviewer's queue: candidates from one index query (dfn: terms, To/Cc, a date range),
// grouped into revisions, kept when latest, unmerged and not yet reviewed by me.
#include "core/review/queue.hpp"

#include "core/mail/parse.hpp"
#include "core/review/maintainers.hpp"
#include "core/review/my_replies.hpp"
#include "core/stages/mail_terms.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_evidence.hpp"
#include "core/stages/series_review.hpp"
#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <set>

namespace lkmine {
namespace {

std::string stamp(std::int64_t epoch) {
    std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    return buf;
}

std::string any_of_terms(const char* prefix, const std::vector<std::string>& values) {
    std::string q;
    for (const auto& v : values)
        q += (q.empty() ? "" : " OR ") + std::string(prefix) + v;
    return values.size() > 1 ? "(" + q + ")" : q;
}

std::vector<MailSummary> search_all(StoreReader& store, const std::string& q, std::size_t max) {
    SearchOptions opt;
    opt.limit = max;
    auto page = store.search(q, opt);
    if (!page) return {};
    return std::move(page->results);
}

// The area patterns (F: as written, N:REGEX) a patch mail's files match, from the mail itself.
std::vector<std::string> areas_in_mail(StoreReader& store, const MailSummary& m,
                                       const AreaMatcher& area) {
    std::vector<std::string> out;
    auto stored = store.get(m.message_id);
    if (!stored) return out;
    Message msg = parse_message(RawMessage{stored->raw, {}, {}});
    for (const auto& p : msg.patches)
        for (const auto& f : p.files)
            for (const std::string& path : {f.new_path, f.old_path}) {
                if (path.empty()) continue;
                for (auto& a : area.matches(path))
                    if (std::find(out.begin(), out.end(), a) == out.end())
                        out.push_back(std::move(a));
            }
    return out;
}

// Whether each mail looked at holds a review trailer (its rb:/ab:/tb: terms), kept from the
// hits' term lists for the rows.
using ReviewTerms = std::map<std::string, bool>;

// The areas a patch mail's files match: from the index terms, else (an ambiguous run, no
// terms) from the mail itself, counted in `mails_read`.
std::vector<std::string> areas_touched(StoreReader& store, const MailSummary& m,
                                       const AreaMatcher& area, std::size_t& mails_read,
                                       ReviewTerms& review_terms) {
    auto terms = mail_terms(store, m.message_id,
                            {prefix_of("dfn"), prefix_of("rb"), prefix_of("ab"), prefix_of("tb")});
    if (terms && terms->found) {
        const auto& v = terms->values;
        review_terms[m.message_id] = !v[1].empty() || !v[2].empty() || !v[3].empty();
        if (!v[0].empty())
            if (auto areas = areas_of_path_runs(area, v[0])) return std::move(*areas);
    }
    ++mails_read;
    return areas_in_mail(store, m, area);
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool is_me(const std::vector<std::string>& me, const std::string& addr) {
    return std::any_of(me.begin(), me.end(), [&](const std::string& m) {
        return same_sender(Address{"", m}, Address{"", addr});
    });
}

struct Candidate {
    ThreadRevision rev;
    std::vector<std::string> why;
};

void add_why(std::vector<std::string>& why, const std::string& w) {
    if (std::find(why.begin(), why.end(), w) == why.end()) why.push_back(w);
}

// Each hit's revision (one thread read per thread), keyed by head Message-ID.
void collect(StoreReader& store, const MailSummary& hit, const std::string& why,
             std::map<std::string, ThreadTree>& threads, std::map<std::string, Candidate>& out) {
    if (!is_patch_mail(hit)) return;
    auto t = threads.find(hit.thread_id);
    if (t == threads.end()) {
        auto tree = store.thread(hit.message_id);
        if (!tree) return;
        t = threads.emplace(hit.thread_id, std::move(*tree)).first;
    }
    std::size_t i = entry_of(t->second, hit.message_id);
    if (i == t->second.entries.size()) return;
    std::size_t h = head_in(t->second, i);
    const std::string& head = t->second.entries[h].mail.message_id;
    auto c = out.find(head);
    if (c == out.end()) {
        Candidate cand;
        cand.rev.head = t->second.entries[h].mail;
        cand.rev.revision = revision_in(t->second, h);
        cand.rev.patches = patches_in(t->second, h);
        // A patch whose siblings never reached this list ([PATCH AUTOSEL 36/44]) is its own.
        if (cand.rev.patches.empty() && cand.rev.head.patches > 0)
            cand.rev.patches.push_back(cand.rev.head);
        c = out.emplace(head, std::move(cand)).first;
    }
    add_why(c->second.why, why);
}

bool merged(StoreReader& store, const SeriesRevision& rev) {
    std::vector<std::string> ids;
    for (const auto& p : rev.patches)
        ids.push_back("\"" + p.message_id + "\"");
    if (ids.empty()) return false;
    return !search_all(store, "flag:linked AND " + any_of_terms("m:", ids), 1).empty();
}

// My replies of the last year, read once: earlier revisions I reviewed are found by the
// title of the patch or cover I answered.
struct MyEarlier {
    std::string title, thread_id;
    int revision = 1;
    std::int64_t date = 0;
};

std::vector<MyEarlier> my_earlier(StoreReader& store, const QueueOptions& o,
                                  const std::string& year) {
    std::vector<MyEarlier> out;
    for (const auto& m : o.me)
        for (const auto& r : search_all(store, "f:\"" + m + "\" AND " + year, o.max_hits))
            if (r.subject_info.is_reply && r.subject_info.is_patch)
                out.push_back({title_key(r.subject_info.clean), r.thread_id,
                               r.subject_info.revision, r.date.epoch});
    return out;
}

void add_reviews(QueueRow& row, const SeriesRevision& rev, const QueueOptions& o) {
    auto add = [&](int patch, const std::vector<GivenTrailer>& ts) {
        for (const auto& g : ts) {
            if (!is_review_key(g.trailer.key) || is_me(o.me, g.by.email) ||
                same_sender(g.by, row.author))
                continue;
            std::string kind = g.trailer.key == "Reviewed-by" ? "R-b"
                               : g.trailer.key == "Acked-by"  ? "A-b"
                                                              : "T-b";
            QueueReview v{patch, kind, g.by.email};
            bool seen = std::any_of(row.reviews.begin(), row.reviews.end(), [&](const auto& x) {
                return x.patch == v.patch && x.kind == v.kind && x.by == v.by;
            });
            if (!seen) row.reviews.push_back(std::move(v));
        }
    };
    add(0, rev.series_trailers);
    for (std::size_t i = 0; i < rev.patch_trailers.size(); ++i)
        add(static_cast<int>(i) + 1, rev.patch_trailers[i]);
}

// The newest earlier revision I reviewed: a reply of mine to a mail of the same title
// (cover or patch) posted before this revision, not below this revision; or a mark.
int my_last_review(const SeriesRevision& rev, const std::vector<MyEarlier>& mine,
                   const std::vector<ReviewMark>& marks) {
    std::set<std::string> titles{title_key(rev.head.subject_info.clean)},
        threads{rev.head.thread_id};
    for (const auto& p : rev.patches) {
        titles.insert(title_key(p.subject_info.clean));
        threads.insert(p.thread_id);
    }
    int best = 0;
    for (const auto& m : mine)
        if (titles.count(m.title) && m.date < rev.head.date.epoch &&
            (!threads.count(m.thread_id) || m.revision < rev.revision) && m.revision < rev.revision)
            best = std::max(best, m.revision);
    for (const auto& m : marks)
        if (m.reviewed && m.revision < rev.revision && titles.count(m.title))
            best = std::max(best, m.revision);
    return best;
}

// The reasons a row is there: the areas in name order, then "addressed".
std::vector<std::string> ordered_why(std::vector<std::string> why) {
    auto is_area = [](const std::string& w) { return w.rfind("area:", 0) == 0; };
    auto areas_end = std::stable_partition(why.begin(), why.end(), is_area);
    std::sort(why.begin(), areas_end);
    return why;
}

// What the rows read: threads (by thread id) read once, and the count of mails re-parsed.
struct RowReading {
    std::map<std::string, ThreadTree>& threads;
    std::size_t& mails_read;
    const ReviewTerms& review_terms;
};

QueueRow row_of(StoreReader& store, const std::vector<ReviewMark>& marks, const QueueOptions& o,
                const Candidate& c, const std::vector<MyEarlier>& mine, RowReading reading) {
    SeriesRevision rev;
    rev.revision = c.rev.revision;
    rev.head = c.rev.head;
    rev.patches = c.rev.patches;
    QueueRow row;
    row.title = rev.head.subject_info.clean;
    row.head = rev.head.message_id;
    row.series_id = title_key(rev.head.subject_info.clean);
    row.author = rev.head.from;
    row.revision = rev.revision;
    row.patches = static_cast<int>(rev.patches.size());
    row.posted = rev.head.date.epoch;
    row.why = ordered_why(c.why);
    MyReplies replies = my_replies(store, {rev}, o.me, o.as_of, &reading.threads);
    row.last_activity = std::max(row.posted, replies.last_activity[0]);
    row.reviewed_by_me = replies.replied[0];
    for (const auto& m : marks)
        if (m.message_id == rev.head.message_id) {
            row.mark = m;
            if (m.reviewed || m.done) row.reviewed_by_me = true;
        }
    row.my_last_reviewed = my_last_review(rev, mine, marks);
    row.new_since_my_review = row.my_last_reviewed > 0;
    ReviewReading how;
    how.threads = &reading.threads;
    how.review_keys_only = true; // the row shows R-b, A-b and T-b alone
    how.mails_read = &reading.mails_read;
    how.has_review_terms = &reading.review_terms;
    read_reviews(store, rev, how);
    add_reviews(row, rev, o);
    return row;
}

// Candidates of one series (same sender and title, or one thread) keep only the newest.
std::vector<const Candidate*> latest_only(const std::map<std::string, Candidate>& cands) {
    std::map<std::string, const Candidate*> by_key, by_thread;
    std::vector<const Candidate*> out;
    for (const auto& [head, c] : cands) {
        const MailSummary& h = c.rev.head;
        std::string key = lower(h.from.email) + "\n" + title_key(h.subject_info.clean);
        const Candidate*& k = by_key[key];
        const Candidate*& t = by_thread[h.thread_id];
        auto newer = [](const Candidate* a, const Candidate* b) {
            if (!b) return true;
            return std::pair(a->rev.head.date.epoch, a->rev.revision) >
                   std::pair(b->rev.head.date.epoch, b->rev.revision);
        };
        if (newer(&c, k)) k = &c;
        if (newer(&c, t)) t = &c;
    }
    for (const auto& [head, c] : cands) {
        const MailSummary& h = c.rev.head;
        std::string key = lower(h.from.email) + "\n" + title_key(h.subject_info.clean);
        if (by_key[key] == &c && by_thread[h.thread_id] == &c) out.push_back(&c);
    }
    return out;
}

double ms_since(std::chrono::steady_clock::time_point& t) {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - t).count();
    t = now;
    return ms;
}

} // namespace

Result<QueueResult> build_queue(StoreReader& store, ReviewStateDb* state, const QueueOptions& o) {
    QueueOptions opt = o;
    if (opt.as_of == 0)
        opt.as_of = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    std::vector<MaintainersSection> sections = opt.sections;
    if (!opt.areas.empty()) sections.push_back({"", {}, opt.areas, opt.excluded, {}});
    if (sections.empty() && (opt.me.empty() || !opt.addressed))
        return make_error("nothing to look for: give an area or my address", ErrorCode::usage);
    auto area = AreaMatcher::make(sections);
    if (!area) return make_error(area.error(), ErrorCode::usage);
    const std::string window =
        "dt:" + stamp(opt.as_of - std::int64_t{opt.days} * 86400) + ".." + stamp(opt.as_of);
    QueueResult result;
    auto clock = std::chrono::steady_clock::now();
    std::map<std::string, ThreadTree> threads;
    std::map<std::string, Candidate> cands;
    ReviewTerms review_terms;
    if (area->needs_all() || !area->literal_dirs().empty()) {
        std::vector<std::string> dirs;
        for (const auto& d : area->literal_dirs())
            dirs.push_back("\"" + d + "\"");
        std::string q = "flag:patch AND " + window;
        if (!area->needs_all()) q += " AND " + any_of_terms("dfn:", dirs);
        result.query = q;
        auto hits = search_all(store, q, opt.max_hits);
        result.candidates += hits.size();
        result.search_ms += ms_since(clock);
        for (const auto& h : hits)
            if (is_patch_mail(h))
                for (const auto& a :
                     areas_touched(store, h, *area, result.mails_read, review_terms))
                    collect(store, h, "area:" + a, threads, cands);
        result.group_ms += ms_since(clock);
    }
    if (opt.addressed && !opt.me.empty()) {
        std::vector<std::string> who;
        for (const auto& m : opt.me)
            who.push_back("\"" + m + "\"");
        std::string q =
            window + " AND (" + any_of_terms("t:", who) + " OR " + any_of_terms("c:", who) + ")";
        result.query += (result.query.empty() ? "" : " ; ") + q;
        auto hits = search_all(store, q, opt.max_hits);
        result.candidates += hits.size();
        result.search_ms += ms_since(clock);
        for (const auto& h : hits)
            collect(store, h, "addressed", threads, cands);
        result.group_ms += ms_since(clock);
    }
    result.merged_checked = !search_all(store, "type:commit", 1).empty();
    // My replies from a year before the window on: an earlier revision may be that old.
    const std::string year =
        "dt:" + stamp(opt.as_of - (std::int64_t{opt.days} + 365) * 86400) + ".." + stamp(opt.as_of);
    std::vector<MyEarlier> mine = my_earlier(store, opt, year);
    std::vector<ReviewMark> marks;
    if (state && !opt.me.empty())
        if (auto l = state->list(opt.me.front())) marks = std::move(*l);
    result.series_ms += ms_since(clock);
    result.revisions = cands.size();
    for (const Candidate* c : latest_only(cands)) {
        if (is_me(opt.me, c->rev.head.from.email)) continue; // my own series: not mine to review
        SeriesRevision rev;
        rev.patches = c->rev.patches;
        if (result.merged_checked && merged(store, rev)) continue;
        QueueRow row =
            row_of(store, marks, opt, *c, mine, {threads, result.mails_read, review_terms});
        if (row.reviewed_by_me && !opt.include_reviewed) continue;
        result.rows.push_back(std::move(row));
    }
    result.rows_ms += ms_since(clock);
    std::stable_sort(result.rows.begin(), result.rows.end(),
                     [](const QueueRow& a, const QueueRow& b) { return a.posted < b.posted; });
    return result;
}

} // namespace lkmine
