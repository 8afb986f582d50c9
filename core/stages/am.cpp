// A revision of a patch series made ready for `git am`, with the trailers given in replies
// added to each patch as b4 does.
#include "core/stages/am.hpp"

#include "core/base/text.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_review.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace lkmine {
namespace {

using text::lower;

// The header fields `names` of a raw mail exactly as written (folding kept), LF line ends.
std::string raw_fields(std::string_view raw, const std::set<std::string>& names) {
    std::string out;
    bool keep = false;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t end = raw.find('\n', pos);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = end + 1;
        if (line.empty()) break;
        if (line[0] == ' ' || line[0] == '\t') {
            if (keep) out += std::string(line) + "\n";
            continue;
        }
        auto colon = line.find(':');
        keep = colon != std::string_view::npos && names.count(lower(line.substr(0, colon)));
        if (keep) out += std::string(line) + "\n";
    }
    return out;
}

bool is_trailer_line(std::string_view line) {
    auto colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalnum(static_cast<unsigned char>(line[i])) && line[i] != '-') return false;
    return true;
}

std::vector<Trailer> to_add(const Message& patch, const SeriesRevision& rev, std::size_t i,
                            const AmOptions& opt) {
    std::vector<Trailer> out;
    auto present = [&](const Trailer& t) {
        auto same = [&](const Trailer& o) {
            return lower(o.key) == lower(t.key) && lower(o.value) == lower(t.value);
        };
        return std::any_of(patch.trailers.begin(), patch.trailers.end(), same) ||
               std::any_of(out.begin(), out.end(), same);
    };
    std::vector<GivenTrailer> given;
    if (i < rev.patch_trailers.size())
        for (const auto& g : rev.patch_trailers[i])
            if (g.where != "patch") given.push_back(g);
    given.insert(given.end(), rev.series_trailers.begin(), rev.series_trailers.end());
    for (const auto& g : given)
        if (!present(g.trailer)) out.push_back(g.trailer);
    Trailer link{"Link", opt.link_prefix + patch.message_id};
    if (opt.add_link && !present(link)) out.push_back(link);
    return out;
}

std::string mail_text(const std::string& raw, const Message& m, const std::vector<Trailer>& add) {
    std::string body = m.body_text;
    for (const auto& p : m.patches)
        if (p.source == "attachment")
            body += (body.empty() || body.back() == '\n' ? "" : "\n") + p.text;
    std::string out = raw_fields(raw, {"from", "date", "subject", "message-id"});
    out += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
           "Content-Transfer-Encoding: 8bit\n\n";
    return out + add_trailers_to_body(body, add);
}

Result<SeriesRevision> pick_revision(StoreReader& store, const std::string& msgid, int wanted) {
    auto revs = find_series(store, msgid);
    if (!revs) return make_error(revs.error());
    if (revs->empty()) return make_error("<" + msgid + "> belongs to no series");
    if (wanted == 0) return revs->back();
    std::string have;
    for (const auto& r : *revs) {
        if (r.revision == wanted) return r;
        have += (have.empty() ? "v" : ", v") + std::to_string(r.revision);
    }
    return make_error("the series has no v" + std::to_string(wanted) + " (found " + have + ")");
}

// Positions 1..M of the revision without a patch mail.
std::string missing_of(const SeriesRevision& rev) {
    if (rev.patches.empty()) return "all patches";
    int total = rev.patches.front().subject_info.total;
    std::string missing;
    for (int k = 1; k <= total; ++k)
        if (std::none_of(rev.patches.begin(), rev.patches.end(),
                         [&](const MailSummary& p) { return p.subject_info.index == k; }))
            missing +=
                (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(total);
    return missing;
}

} // namespace

std::string add_trailers_to_body(const std::string& body, const std::vector<Trailer>& added) {
    if (added.empty()) return body;
    // The commit message ends at the first "---" line, else where the diff starts.
    std::size_t end = std::string::npos;
    for (std::size_t pos = 0; pos < body.size();) {
        std::size_t nl = body.find('\n', pos);
        std::string_view line(body.data() + pos,
                              (nl == std::string::npos ? body.size() : nl) - pos);
        if (line == "---" || line.rfind("diff --git ", 0) == 0 || line.rfind("Index: ", 0) == 0) {
            end = pos;
            break;
        }
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    if (end == std::string::npos) end = body.size();
    std::string message = body.substr(0, end), rest = body.substr(end);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    std::size_t last = message.rfind('\n');
    std::string_view last_line(message.data() + (last == std::string::npos ? 0 : last + 1),
                               message.size() - (last == std::string::npos ? 0 : last + 1));
    std::string out = message + (is_trailer_line(last_line) ? "\n" : "\n\n");
    for (const auto& t : added)
        out += t.key + ": " + t.value + "\n";
    return out + rest;
}

Result<AmSeries> am_ready(StoreReader& store, const std::string& msgid, const AmOptions& opt) {
    auto rev = pick_revision(store, msgid, opt.revision);
    if (!rev) return make_error(rev.error());
    if (std::string missing = missing_of(*rev); !missing.empty())
        return make_error("v" + std::to_string(rev->revision) + " <" + rev->head.message_id +
                          "> is incomplete; missing: " + missing);
    read_reviews(store, *rev);
    AmSeries out;
    for (std::size_t i = 0; i < rev->patches.size(); ++i) {
        auto stored = store.get(rev->patches[i].message_id);
        if (!stored) return make_error(stored.error());
        Message m = parse_message(RawMessage{stored->raw, {}, {}});
        if (m.patches.empty())
            return make_error("<" + m.message_id + "> (" + rev->patches[i].subject +
                              ") carries no diff");
        AmPatch p;
        p.mail = rev->patches[i];
        p.added = to_add(m, *rev, i, opt);
        p.mail_text = mail_text(stored->raw, m, p.added);
        out.patches.push_back(std::move(p));
    }
    out.revision = std::move(*rev);
    return out;
}

} // namespace lkmine
