// One thread read as revisions of a patch series: heads, patches, and covers that give their
// version to unversioned patches.
#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <cctype>

namespace lkmine {
namespace {

std::string name_key(const std::string& name) {
    std::string out;
    bool space = false;
    for (char c : name) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

bool is_patch_mail(const MailSummary& m) {
    return !m.ghost && m.subject_info.is_patch && !m.subject_info.is_reply;
}

bool same_sender(const Address& a, const Address& b) {
    if (!a.email.empty() && lower(a.email) == lower(b.email)) return true;
    std::string na = name_key(a.name);
    return na.find(' ') != std::string::npos && na == name_key(b.name);
}

namespace {

// The nearest cover letter above entry `i` by the same sender; npos when none. Its counter
// may be missing or need not agree with the patches' ("[PATCHSET v4 0/9]" over five "[PATCH i/5]").
std::size_t cover_above(const ThreadTree& t, std::size_t i) {
    const MailSummary& m = t.entries[i].mail;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    if (!is_patch_mail(m)) return none;
    if (m.subject_info.index == 0) {
        // "[PATCH v2] title" sent with its one "[PATCH] title" in reply, seconds apart.
        int p = t.entries[i].parent;
        if (p < 0 || m.subject_info.revision > 1) return none;
        const MailSummary& up = t.entries[static_cast<std::size_t>(p)].mail;
        bool cover = is_patch_mail(up) && up.subject_info.index == 0 &&
                     up.subject_info.total == 0 && up.subject_info.revision > 1 &&
                     same_sender(up.from, m.from) && up.date.epoch <= m.date.epoch &&
                     m.date.epoch - up.date.epoch <= 300;
        return cover ? static_cast<std::size_t>(p) : none;
    }
    for (int p = t.entries[i].parent; p >= 0; p = t.entries[static_cast<std::size_t>(p)].parent) {
        const MailSummary& up = t.entries[static_cast<std::size_t>(p)].mail;
        // "[PATCHSET v6] title" heads its "[PATCH i/M]" without a counter of its own.
        if (is_patch_mail(up) && up.subject_info.index == 0 && same_sender(up.from, m.from))
            return static_cast<std::size_t>(p);
    }
    return none;
}

} // namespace

int revision_in(const ThreadTree& t, std::size_t i) {
    const SubjectInfo& own = t.entries[i].mail.subject_info;
    if (own.revision > 1) return own.revision;
    std::size_t c = cover_above(t, i);
    return c < t.entries.size() ? t.entries[c].mail.subject_info.revision : own.revision;
}

std::size_t head_in(const ThreadTree& t, std::size_t i) {
    const MailSummary& m = t.entries[i].mail;
    if (std::size_t c = cover_above(t, i); c < t.entries.size()) return c;
    const int rev = revision_in(t, i);
    std::size_t best = i;
    for (std::size_t j = 0; j < t.entries.size(); ++j) {
        const MailSummary& c = t.entries[j].mail;
        if (!is_patch_mail(c) || !same_sender(c.from, m.from) ||
            c.subject_info.total != m.subject_info.total || revision_in(t, j) != rev)
            continue;
        if (c.subject_info.index < t.entries[best].mail.subject_info.index) best = j;
    }
    return best;
}

std::vector<MailSummary> patches_in(const ThreadTree& t, std::size_t head) {
    const MailSummary& h = t.entries[head].mail;
    const int rev = revision_in(t, head);
    std::vector<MailSummary> out;
    for (std::size_t j = 0; j < t.entries.size(); ++j) {
        const MailSummary& m = t.entries[j].mail;
        if (!is_patch_mail(m) || j == head || !same_sender(m.from, h.from) ||
            revision_in(t, j) != rev)
            continue;
        std::size_t c = cover_above(t, j);
        if (m.subject_info.index <= 0 && c != head) continue;
        bool ours =
            c < t.entries.size() ? c == head : (h.subject_info.total == m.subject_info.total);
        bool dup = std::any_of(out.begin(), out.end(), [&](const MailSummary& o) {
            return o.subject_info.index == m.subject_info.index;
        });
        if (ours && !dup) out.push_back(m);
    }
    if (out.empty() && h.subject_info.index == 0 && h.subject_info.total == 0) out.push_back(h);
    std::sort(out.begin(), out.end(), [](const MailSummary& a, const MailSummary& b) {
        return a.subject_info.index < b.subject_info.index;
    });
    return out;
}

std::size_t entry_of(const ThreadTree& t, const std::string& msgid) {
    for (std::size_t i = 0; i < t.entries.size(); ++i)
        if (t.entries[i].mail.message_id == msgid) return i;
    return t.entries.size();
}

const ThreadTree* cached_thread(StoreReader& store, const MailSummary& m,
                                std::map<std::string, ThreadTree>* cache,
                                std::optional<ThreadTree>& own) {
    if (cache)
        if (auto c = cache->find(m.thread_id); c != cache->end()) return &c->second;
    auto t = store.thread(m.message_id);
    if (!t) return nullptr;
    if (cache && !m.thread_id.empty())
        return &cache->emplace(m.thread_id, std::move(*t)).first->second;
    own = std::move(*t);
    return &*own;
}

} // namespace lkmine
