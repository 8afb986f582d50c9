// Finding the revisions of a patch series in the index (cover letters, patches, v1..vN).
#include "core/stages/series.hpp"

#include "core/mail/parse.hpp"
#include "core/patch/subject.hpp"

#include <algorithm>
#include <cctype>

namespace lkmine {
namespace {

constexpr std::int64_t kRevisionWindow = 180 * 24 * 3600;

bool is_patch_mail(const MailSummary& m) {
    return !m.ghost && m.subject_info.is_patch && !m.subject_info.is_reply;
}

// The mail that names a revision: its cover letter (0/N), else patch 1/N, else the patch.
MailSummary head_of(const ThreadTree& t, const MailSummary& patch) {
    const MailSummary* best = &patch;
    for (const auto& e : t.entries) {
        const MailSummary& m = e.mail;
        if (!is_patch_mail(m) || m.subject_info.revision != patch.subject_info.revision ||
            m.from.email != patch.from.email || m.subject_info.total != patch.subject_info.total)
            continue;
        if (m.subject_info.index < best->subject_info.index) best = &m;
    }
    return *best;
}

std::vector<MailSummary> patches_of(const ThreadTree& t, const MailSummary& head) {
    std::vector<MailSummary> out;
    for (const auto& e : t.entries) {
        const MailSummary& m = e.mail;
        if (is_patch_mail(m) && m.subject_info.revision == head.subject_info.revision &&
            m.from.email == head.from.email && m.subject_info.index > 0)
            out.push_back(m);
    }
    if (out.empty() && head.subject_info.index == 0 && head.subject_info.total == 0)
        out.push_back(head);
    std::sort(out.begin(), out.end(), [](const MailSummary& a, const MailSummary& b) {
        return a.subject_info.index < b.subject_info.index;
    });
    return out;
}

// Words of a subject usable as s: terms: letters and digits only.
std::string subject_query(const std::string& clean) {
    std::string q, word;
    auto flush = [&] {
        if (word.size() > 1) q += (q.empty() ? "s:" : " s:") + word;
        word.clear();
    };
    for (char c : clean) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            word.push_back(static_cast<char>(std::tolower(c)));
        else
            flush();
    }
    flush();
    return q;
}

} // namespace

Result<std::vector<SeriesRevision>> find_series(StoreReader& store, const std::string& msgid) {
    auto thread = store.thread(msgid);
    if (!thread) return make_error(thread.error());
    const MailSummary* self = nullptr;
    for (const auto& e : thread->entries)
        if (e.mail.message_id == msgid) self = &e.mail;
    // A reply belongs to the series of the patch it answers: take the thread's patches.
    const MailSummary* patch = (self && is_patch_mail(*self)) ? self : nullptr;
    if (!patch)
        for (const auto& e : thread->entries)
            if (is_patch_mail(e.mail)) {
                patch = &e.mail;
                break;
            }
    if (!patch) return make_error("<" + msgid + "> is in a thread without patches");
    MailSummary head = head_of(*thread, *patch);
    std::string key = normalize_subject(head.subject_info.clean);

    std::string query = subject_query(head.subject_info.clean);
    if (!head.from.email.empty()) query += " f:\"" + head.from.email + "\"";
    SearchOptions opt;
    opt.limit = 500;
    auto found = store.search(query, opt);
    if (!found) return make_error(found.error());
    std::vector<MailSummary> heads;
    for (const auto& m : found->results)
        if (is_patch_mail(m) && m.from.email == head.from.email &&
            normalize_subject(m.subject_info.clean) == key &&
            m.subject_info.index == head.subject_info.index)
            heads.push_back(m);
    if (std::none_of(heads.begin(), heads.end(),
                     [&](const MailSummary& m) { return m.message_id == head.message_id; }))
        heads.push_back(head);
    std::sort(heads.begin(), heads.end(), [](const MailSummary& a, const MailSummary& b) {
        return a.date.epoch < b.date.epoch;
    });
    // Keep the chain of revisions around the asked one, each close in time to the next.
    auto at = std::find_if(heads.begin(), heads.end(),
                           [&](const MailSummary& m) { return m.message_id == head.message_id; });
    std::size_t lo = static_cast<std::size_t>(at - heads.begin()), hi = lo;
    while (lo > 0 && heads[lo].date.epoch - heads[lo - 1].date.epoch <= kRevisionWindow &&
           heads[lo - 1].subject_info.revision <= heads[lo].subject_info.revision)
        --lo;
    while (hi + 1 < heads.size() &&
           heads[hi + 1].date.epoch - heads[hi].date.epoch <= kRevisionWindow &&
           heads[hi + 1].subject_info.revision >= heads[hi].subject_info.revision)
        ++hi;
    std::vector<SeriesRevision> revs;
    for (std::size_t i = lo; i <= hi; ++i) {
        SeriesRevision r;
        r.revision = heads[i].subject_info.revision;
        r.head = heads[i];
        auto t = store.thread(heads[i].message_id);
        if (t) r.patches = patches_of(*t, heads[i]);
        revs.push_back(std::move(r));
    }
    return revs;
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
