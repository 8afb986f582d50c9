// Evidence that two mails head revisions of one patch series, each kind with its reason.
#include "core/stages/series_evidence.hpp"

#include "core/mail/parse.hpp"
#include "core/stages/series_thread.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace lkmine {
namespace {

bool is_word_byte(unsigned char c) {
    return std::isalnum(c) || c == '_' || c >= 0x80;
}

Message parsed(StoreReader& store, const std::string& msgid) {
    auto stored = store.get(msgid);
    if (!stored) return {};
    return parse_message(RawMessage{stored->raw, {}, {}});
}

std::string change_id_of(const Message& m) {
    for (const auto& t : m.trailers)
        if (t.key == "change-id") return t.value;
    return {};
}

// A phrase query on the subject: the query parser tokenises it as the indexer did.
std::string subject_phrase(const std::string& clean) {
    std::string q;
    for (char c : clean)
        q += (c == '"' || c == '\\') ? ' ' : c;
    return "s:\"" + q + "\"";
}

std::vector<MailSummary> search(StoreReader& store, const std::string& query, std::size_t limit) {
    SearchOptions opt;
    opt.limit = limit;
    auto found = store.search(query, opt);
    if (!found) return {};
    return std::move(found->results);
}

void add_head(std::vector<SeriesTie>& out, StoreReader& store, const MailSummary& m,
              const MailSummary& self, const char* reason) {
    auto rev = revision_of_mail(store, m.message_id);
    if (!rev || rev->head.message_id == self.message_id) return;
    for (const auto& t : out)
        if (t.head.message_id == rev->head.message_id) return;
    out.push_back({rev->head, reason});
}

} // namespace

std::string title_key(std::string_view clean) {
    std::string out, word;
    auto flush = [&] {
        if (!word.empty()) out += (out.empty() ? "" : " ") + word;
        word.clear();
    };
    for (std::size_t i = 0; i < clean.size(); ++i) {
        auto c = static_cast<unsigned char>(clean[i]);
        bool digit_infix = (c == '.' || c == ',') && !word.empty() &&
                           std::isdigit(static_cast<unsigned char>(word.back())) &&
                           i + 1 < clean.size() &&
                           std::isdigit(static_cast<unsigned char>(clean[i + 1]));
        if (is_word_byte(c) || digit_infix)
            word += static_cast<char>(std::tolower(c));
        else
            flush();
    }
    flush();
    return out;
}

Result<ThreadRevision> revision_of_mail(StoreReader& store, const std::string& msgid) {
    auto t = store.thread(msgid);
    if (!t) return make_error(t.error());
    std::size_t i = entry_of(*t, msgid);
    if (i == t->entries.size() || !is_patch_mail(t->entries[i].mail))
        return make_error("<" + msgid + "> is not a patch");
    ThreadRevision r;
    std::size_t h = head_in(*t, i);
    r.head = t->entries[h].mail;
    r.revision = revision_in(*t, h);
    r.patches = patches_in(*t, h);
    return r;
}

std::vector<SeriesTie> change_id_ties(StoreReader& store, const MailSummary& head) {
    std::vector<SeriesTie> out;
    std::string id = change_id_of(parsed(store, head.message_id));
    if (id.empty()) return out;
    std::string q;
    for (char c : id)
        q += c == '"' ? ' ' : c;
    for (const auto& m : search(store, "b:\"" + q + "\"", 100))
        if (is_patch_mail(m) && m.subject_info.index <= 1 &&
            change_id_of(parsed(store, m.message_id)) == id)
            add_head(out, store, m, head, "change-id");
    return out;
}

std::vector<SeriesTie> patch_id_ties(StoreReader& store, const MailSummary& head,
                                     const std::vector<MailSummary>& patches) {
    std::map<std::string, int> shared; // head message-id -> patch ids in common
    std::map<std::string, ThreadRevision> revs;
    for (const auto& p : patches) {
        Message m = parsed(store, p.message_id);
        if (m.patches.empty() || m.patches.front().patch_id.empty()) continue;
        std::set<std::string> counted;
        for (const auto& hit : search(store, "patchid:" + m.patches.front().patch_id, 50)) {
            if (!is_patch_mail(hit) || !same_sender(hit.from, head.from)) continue;
            auto rev = revision_of_mail(store, hit.message_id);
            if (!rev || rev->head.message_id == head.message_id) continue;
            if (!counted.insert(rev->head.message_id).second) continue;
            ++shared[rev->head.message_id];
            revs.emplace(rev->head.message_id, std::move(*rev));
        }
    }
    std::vector<SeriesTie> out;
    for (const auto& [id, n] : shared) {
        const ThreadRevision& r = revs.at(id);
        if (2 * n >= static_cast<int>(patches.size()) ||
            2 * n >= static_cast<int>(r.patches.size()))
            out.push_back({r.head, "patch-id"});
    }
    return out;
}

std::vector<SeriesTie> thread_ties(StoreReader& store, const MailSummary& head) {
    std::vector<SeriesTie> out;
    auto t = store.thread(head.message_id);
    if (!t) return out;
    for (std::size_t i = 0; i < t->entries.size(); ++i) {
        const MailSummary& m = t->entries[i].mail;
        if (!is_patch_mail(m) || head_in(*t, i) != i || m.message_id == head.message_id) continue;
        if (revision_in(*t, i) == revision_in(*t, entry_of(*t, head.message_id))) continue;
        out.push_back({m, "in-reply-to"});
    }
    return out;
}

std::vector<SeriesTie> title_ties(StoreReader& store, const MailSummary& head) {
    std::vector<SeriesTie> out;
    const std::string key = title_key(head.subject_info.clean);
    if (key.empty()) return out;
    for (const auto& m : search(store, subject_phrase(head.subject_info.clean), 300))
        if (is_patch_mail(m) && m.subject_info.index <= 1 && same_sender(m.from, head.from) &&
            title_key(m.subject_info.clean) == key)
            add_head(out, store, m, head, "sender+title");
    return out;
}

} // namespace lkmine
