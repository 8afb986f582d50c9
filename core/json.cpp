// The nlohmann_json adapter: the one file that includes json.hpp; turns core types into JSON.
#include "core/json.hpp"

#include <nlohmann/json.hpp>

namespace lkmine {
namespace {

using Json = nlohmann::ordered_json;

Json address(const Address& a) { return Json{{"name", a.name}, {"email", a.email}}; }

Json addresses(const std::vector<Address>& list) {
    Json out = Json::array();
    for (const auto& a : list) out.push_back(address(a));
    return out;
}

Json subject_info(const SubjectInfo& s) {
    return Json{{"prefixes", s.prefixes}, {"revision", s.revision}, {"index", s.index},
                {"total", s.total},       {"is_reply", s.is_reply}, {"is_patch", s.is_patch},
                {"clean", s.clean}};
}

Json patch(const Patch& p) {
    Json files = Json::array();
    for (const auto& f : p.files) {
        Json jf{{"old_path", f.old_path}, {"new_path", f.new_path},
                {"status", file_status_name(f.status)}, {"added", f.added},
                {"removed", f.removed}};
        if (f.binary) jf["binary"] = true;
        if (!f.old_mode.empty() || !f.new_mode.empty()) {
            jf["old_mode"] = f.old_mode;
            jf["new_mode"] = f.new_mode;
        }
        if (!f.old_blob.empty() || !f.new_blob.empty()) {
            jf["old_blob"] = f.old_blob;
            jf["new_blob"] = f.new_blob;
        }
        files.push_back(std::move(jf));
    }
    return Json{{"source", p.source}, {"files", std::move(files)}, {"patch_id", p.patch_id}};
}

Json summary(const MailSummary& s) {
    Json j{{"message_id", s.message_id}, {"subject", s.subject}, {"from", address(s.from)},
           {"date", s.date_text},        {"thread_id", s.thread_id}, {"lists", s.lists}};
    if (s.ghost) j["ghost"] = true;
    if (s.subject_info.is_patch)
        j["patch"] = Json{{"revision", s.subject_info.revision}, {"index", s.subject_info.index},
                          {"total", s.subject_info.total}};
    j["patches"] = s.patches;
    j["flags"] = s.flags;
    return j;
}

} // namespace

std::string summary_to_json(const MailSummary& s) {
    return summary(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Builds the nested tree bottom-up from the flat display-order list: no recursion.
std::string thread_to_json(const ThreadTree& t) {
    std::vector<Json> nodes;
    nodes.reserve(t.entries.size());
    for (const auto& e : t.entries) {
        Json n{{"message_id", e.mail.message_id}, {"subject", e.mail.subject},
               {"from", address(e.mail.from)}, {"date", e.mail.date_text}, {"ghost", e.mail.ghost},
               {"children", Json::array()}};
        nodes.push_back(std::move(n));
    }
    Json roots = Json::array();
    for (std::size_t i = t.entries.size(); i-- > 0;) {
        int parent = t.entries[i].parent;
        if (parent >= 0 && static_cast<std::size_t>(parent) < i) {
            auto& children = nodes[static_cast<std::size_t>(parent)]["children"];
            children.insert(children.begin(), std::move(nodes[i]));
        }
    }
    for (std::size_t i = 0; i < t.entries.size(); ++i) {
        int parent = t.entries[i].parent;
        if (parent < 0 || static_cast<std::size_t>(parent) >= i) roots.push_back(std::move(nodes[i]));
    }
    Json j{{"thread_id", t.thread_id}, {"roots", std::move(roots)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string stats_to_json(const StoreStats& s) {
    Json sources = Json::array();
    for (const auto& [key, state] : s.sources) {
        std::string shown = state.size() > 200 ? state.substr(0, 200) + "..." : state;
        sources.push_back(Json{{"key", key}, {"state", shown}});
    }
    Json j{{"mails", s.mails},           {"threads", s.threads}, {"ghosts", s.ghosts},
           {"duplicates", s.duplicates}, {"bytes", s.bytes},     {"sources", std::move(sources)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string series_to_json(const std::string& msgid, const std::vector<SeriesRevision>& revs) {
    Json out = Json::array();
    for (const auto& r : revs) {
        Json patches = Json::array();
        for (const auto& p : r.patches) patches.push_back(summary(p));
        out.push_back(Json{{"revision", r.revision},
                           {"date", r.head.date_text},
                           {"head", summary(r.head)},
                           {"patches", std::move(patches)}});
    }
    Json j{{"message_id", msgid}, {"revisions", std::move(out)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const char* file_status_name(FileStatus s) {
    switch (s) {
    case FileStatus::modified: return "modified";
    case FileStatus::added: return "added";
    case FileStatus::deleted: return "deleted";
    case FileStatus::renamed: return "renamed";
    case FileStatus::copied: return "copied";
    }
    return "modified";
}

std::string message_to_json(const Message& m) {
    Json j;
    j["message_id"] = m.message_id;
    j["in_reply_to"] = m.in_reply_to;
    j["references"] = m.references;
    j["subject"] = m.subject;
    j["subject_info"] = subject_info(m.subject_info);
    j["from"] = address(m.from);
    j["to"] = addresses(m.to);
    j["cc"] = addresses(m.cc);
    j["date"] = m.date_text;
    j["list_ids"] = m.list_ids;
    j["body_text"] = m.body_text;
    Json atts = Json::array();
    for (const auto& a : m.attachments)
        atts.push_back(Json{{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
    j["attachments"] = std::move(atts);
    Json patches = Json::array();
    for (const auto& p : m.patches) patches.push_back(patch(p));
    j["patches"] = std::move(patches);
    Json trailers = Json::array();
    for (const auto& t : m.trailers) trailers.push_back(Json{{"key", t.key}, {"value", t.value}});
    j["trailers"] = std::move(trailers);
    j["recovered"] = m.recovered;
    Json warnings = Json::array();
    for (const auto& w : m.warnings) warnings.push_back(Json{{"kind", w.kind}, {"detail", w.detail}});
    j["warnings"] = std::move(warnings);
    j["origin"] = Json{{"source", m.origin.source}, {"location", m.origin.location}};
    // Strings are valid UTF-8 by construction; "replace" keeps one bad byte from losing a line.
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace lkmine
