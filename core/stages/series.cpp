// Finding the revisions of a patch series in the index (cover letters, patches, v1..vN).
#include "core/stages/series.hpp"

#include "core/mail/parse.hpp"
#include "core/patch/subject.hpp"
#include "core/stages/series_evidence.hpp"
#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace lkmine {
namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::size_t kMaxRevisions = 64;

// How far apart in time two revisions tied by this evidence may be.
std::int64_t window_of(const char* reason) {
    return std::string_view(reason) == "sender+title" ? 180 * kDay : 365 * kDay;
}

int strength(const std::string& reason) {
    static const char* order[] = {"asked", "change-id", "patch-id", "in-reply-to"};
    for (int i = 0; i < 4; ++i)
        if (reason == order[i]) return i;
    return 4;
}

SeriesRevision revision_from(ThreadRevision r, std::string tie, std::string tied_to) {
    SeriesRevision out;
    out.revision = r.revision;
    out.head = std::move(r.head);
    out.patches = std::move(r.patches);
    out.tie = std::move(tie);
    out.tied_to = std::move(tied_to);
    return out;
}

// Every head reachable from `start` through evidence, each revision within its window of the
// one it was tied to.
std::vector<SeriesRevision> reachable(StoreReader& store, SeriesRevision start) {
    std::vector<SeriesRevision> found{std::move(start)};
    for (std::size_t next = 0; next < found.size() && found.size() < kMaxRevisions; ++next) {
        const MailSummary head = found[next].head;
        const auto patches = found[next].patches;
        std::vector<SeriesTie> ties = change_id_ties(store, head);
        auto add = [&](std::vector<SeriesTie> v) { ties.insert(ties.end(), v.begin(), v.end()); };
        add(patch_id_ties(store, head, patches));
        add(thread_ties(store, head));
        add(title_ties(store, head));
        for (auto& t : ties) {
            bool seen = std::any_of(found.begin(), found.end(), [&](const SeriesRevision& r) {
                return r.head.message_id == t.head.message_id;
            });
            if (seen || std::llabs(t.head.date.epoch - head.date.epoch) > window_of(t.reason))
                continue;
            auto rev = revision_of_mail(store, t.head.message_id);
            if (rev) found.push_back(revision_from(std::move(*rev), t.reason, head.message_id));
        }
    }
    return found;
}

// One head per revision number, in an order where revisions grow with time around `anchor`;
// among rivals for one number the strongest tie wins, then the nearest in time. Two series of
// one author with one title are kept apart this way. `pool` holds the candidates left.
std::vector<SeriesRevision> generation_around(std::vector<SeriesRevision> pool,
                                              const SeriesRevision& anchor) {
    std::stable_sort(pool.begin(), pool.end(), [&](const auto& a, const auto& b) {
        if (strength(a.tie) != strength(b.tie)) return strength(a.tie) < strength(b.tie);
        return std::llabs(a.head.date.epoch - anchor.head.date.epoch) <
               std::llabs(b.head.date.epoch - anchor.head.date.epoch);
    });
    std::vector<SeriesRevision> kept{anchor};
    for (const auto& r : pool) {
        if (r.head.message_id == anchor.head.message_id) continue;
        bool taken = std::any_of(kept.begin(), kept.end(),
                                 [&](const auto& k) { return k.revision == r.revision; });
        bool ordered =
            r.head.date.epoch == anchor.head.date.epoch ||
            (r.revision < anchor.revision) == (r.head.date.epoch < anchor.head.date.epoch);
        if (!taken && ordered) kept.push_back(r);
    }
    std::sort(kept.begin(), kept.end(),
              [](const auto& a, const auto& b) { return a.revision < b.revision; });
    return kept;
}

// A revision whose number went back while the series went on: "[PATCH v1]" after "[RFC PATCH
// v3]", "v6a" (no number: v1) after v6, "[PATCHv2 ...] Changes since v14". It starts a later
// generation (`after`; else an earlier one, numbered higher) of the revisions kept so far
// (`gen`, oldest generation first) when tied by content, or by sender and title of a series of
// two patches or more, within 90 days of `gen`.
bool restarts(const SeriesRevision& r, const std::vector<SeriesRevision>& gen, bool after) {
    const SeriesRevision& edge = after ? gen.back() : gen.front();
    std::int64_t first = gen.front().head.date.epoch, last = first;
    for (const auto& g : gen) {
        first = std::min(first, g.head.date.epoch);
        last = std::max(last, g.head.date.epoch);
    }
    bool outside = after ? r.head.date.epoch > last : r.head.date.epoch < first;
    bool lower = after ? r.revision < edge.revision : r.revision > edge.revision;
    std::int64_t gap = after ? r.head.date.epoch - last : first - r.head.date.epoch;
    bool content = r.tie != "sender+title";
    bool multi = r.patches.size() >= 2 || r.head.subject_info.total >= 2;
    return outside && lower && gap <= 90 * kDay && (content || multi);
}

// The revisions kept around the asked one, then earlier and later generations of a series
// whose numbering restarted (each consistent in itself), oldest generation first.
std::vector<SeriesRevision> consistent(std::vector<SeriesRevision> all) {
    std::vector<SeriesRevision> out = generation_around(all, all.front());
    auto left = [&]() {
        std::vector<SeriesRevision> v;
        for (const auto& r : all)
            if (std::none_of(out.begin(), out.end(),
                             [&](const auto& k) { return k.head.message_id == r.head.message_id; }))
                v.push_back(r);
        return v;
    };
    for (bool after : {true, false}) {
        for (int guard = 0; guard < 8; ++guard) { // at most 8 restarts each way
            auto pool = left();
            std::vector<SeriesRevision> starts;
            for (const auto& r : pool)
                if (restarts(r, out, after)) starts.push_back(r);
            if (starts.empty()) break;
            // The one nearest in time to `out` starts the new generation.
            auto by_date = [](const auto& a, const auto& b) {
                return a.head.date.epoch < b.head.date.epoch;
            };
            SeriesRevision anchor = after
                                        ? *std::min_element(starts.begin(), starts.end(), by_date)
                                        : *std::max_element(starts.begin(), starts.end(), by_date);
            std::vector<SeriesRevision> side;
            for (const auto& r : pool)
                if (after ? r.head.date.epoch >= anchor.head.date.epoch
                          : r.head.date.epoch <= anchor.head.date.epoch)
                    side.push_back(r);
            auto gen = generation_around(side, anchor);
            if (after)
                out.insert(out.end(), gen.begin(), gen.end());
            else
                out.insert(out.begin(), gen.begin(), gen.end());
        }
    }
    return out;
}

} // namespace

Result<std::vector<SeriesRevision>> find_series(StoreReader& store, const std::string& msgid) {
    auto thread = store.thread(msgid);
    if (!thread) return make_error(thread.error());
    // A reply belongs to the series of the patch it answers, else of its thread's first patch.
    std::string patch;
    for (int i = static_cast<int>(entry_of(*thread, msgid));
         i >= 0 && i < static_cast<int>(thread->entries.size());
         i = thread->entries[static_cast<std::size_t>(i)].parent)
        if (is_patch_mail(thread->entries[static_cast<std::size_t>(i)].mail)) {
            patch = thread->entries[static_cast<std::size_t>(i)].mail.message_id;
            break;
        }
    if (patch.empty())
        for (const auto& e : thread->entries)
            if (is_patch_mail(e.mail)) {
                patch = e.mail.message_id;
                break;
            }
    if (patch.empty()) return make_error("<" + msgid + "> is in a thread without patches");
    auto start = revision_of_mail(store, patch);
    if (!start) return make_error(start.error());
    return consistent(reachable(store, revision_from(std::move(*start), "asked", "")));
}

int revision_index_of(StoreReader& store, const std::vector<SeriesRevision>& revs,
                      const std::string& msgid) {
    for (std::size_t i = 0; i < revs.size(); ++i) {
        if (revs[i].head.message_id == msgid) return static_cast<int>(i);
        for (const auto& p : revs[i].patches)
            if (p.message_id == msgid) return static_cast<int>(i);
    }
    // A reply: the revision whose cover or patches share its thread.
    auto mail = store.get(msgid);
    if (!mail) return -1;
    const std::string& thread = mail->summary.thread_id;
    for (std::size_t i = 0; i < revs.size(); ++i) {
        if (revs[i].head.thread_id == thread) return static_cast<int>(i);
        for (const auto& p : revs[i].patches)
            if (p.thread_id == thread) return static_cast<int>(i);
    }
    return -1;
}

namespace {

std::vector<RangeDiffPatch> read_patches(StoreReader& store, const SeriesRevision& rev) {
    std::vector<RangeDiffPatch> out;
    for (const auto& p : rev.patches) {
        RangeDiffPatch rp;
        rp.subject = p.subject_info.clean;
        // A mail that cannot be read stays in the list without a diff, so positions hold.
        if (auto stored = store.get(p.message_id)) {
            Message m = parse_message(RawMessage{stored->raw, {}, {}});
            for (const auto& patch : m.patches)
                rp.diff += patch.text;
        }
        out.push_back(std::move(rp));
    }
    return out;
}

} // namespace

Result<SeriesRangeDiff> series_range_diff(StoreReader& store, const SeriesRevision& from,
                                          const SeriesRevision& to) {
    SeriesRangeDiff r;
    r.from = from;
    r.to = to;
    r.a = read_patches(store, from);
    r.b = read_patches(store, to);
    r.pairs = range_diff(r.a, r.b);
    return r;
}

} // namespace lkmine
