// The nlohmann_json adapter: the one file that includes json.hpp; turns core types into JSON.
#include "cli/json.hpp"

#include "core/link/link.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace lkmine {
namespace {

using Json = nlohmann::ordered_json;

Json address(const Address& a) {
    return Json{{"name", a.name}, {"email", a.email}};
}

Json addresses(const std::vector<Address>& list) {
    Json out = Json::array();
    for (const auto& a : list)
        out.push_back(address(a));
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
        Json jf{{"old_path", f.old_path},
                {"new_path", f.new_path},
                {"status", file_status_name(f.status)},
                {"added", f.added},
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
    Json j{{"message_id", s.message_id}, {"subject", s.subject},     {"from", address(s.from)},
           {"date", s.date_text},        {"thread_id", s.thread_id}, {"lists", s.lists}};
    if (s.ghost) j["ghost"] = true;
    if (s.subject_info.is_patch)
        j["patch"] = Json{{"revision", s.subject_info.revision},
                          {"index", s.subject_info.index},
                          {"total", s.subject_info.total}};
    j["patch_count"] = s.patches; // a count; "patches" is always a list (docs/JSON.md)
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
               {"from", address(e.mail.from)},    {"date", e.mail.date_text},
               {"ghost", e.mail.ghost},           {"children", Json::array()}};
        const auto& f = e.mail.flags;
        // A mail reusing an earlier one's Message-ID with other content, listed after it.
        if (std::find(f.begin(), f.end(), "copy") != f.end()) n["copy"] = true;
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
        if (parent < 0 || static_cast<std::size_t>(parent) >= i)
            roots.push_back(std::move(nodes[i]));
    }
    Json j{{"thread_id", t.thread_id}, {"roots", std::move(roots)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string check_to_json(const IndexCheck& c) {
    Json shards = Json::array();
    for (const auto& s : c.shards)
        shards.push_back(Json{{"name", s.name},
                              {"present", s.present},
                              {"openable", s.openable},
                              {"documents", s.documents},
                              {"recorded", s.recorded},
                              {"generation", s.generation},
                              {"error", s.error}});
    Json j{{"ok", c.problems.empty() && c.unreadable.empty()},
           {"declared_shards", c.declared_shards},
           {"shards", std::move(shards)},
           {"mails", c.mails},
           {"sampled", c.sampled},
           {"unreadable", c.unreadable},
           {"problems", c.problems}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string shard_to_json(const ShardInfo& sh) {
    Json o{{"name", sh.name},
           {"remote", sh.remote},
           {sh.remote ? "address" : "path", sh.address},
           {"documents", sh.documents},
           {"bytes", sh.bytes},
           {"reachable", sh.error.empty()}};
    if (!sh.error.empty()) o["error"] = sh.error;
    return o.dump();
}

std::string shard_health_to_json(const ShardHealth& h) {
    Json failed = Json::array();
    for (const auto& [shard, why] : h.failed)
        failed.push_back(Json{{"shard", shard}, {"error", why}});
    Json j{{"partial", Json{{"answered", h.answered}, {"total", h.total}, {"failed", failed}}}};
    return j.dump();
}

std::string stats_to_json(const StoreStats& s) {
    Json sources = Json::array();
    Json problems = Json::array();
    std::map<std::string, std::size_t> unreadable;
    for (const auto& [source, list] : s.problems) {
        unreadable[source] = list.size();
        for (const auto& p : list)
            problems.push_back(Json{{"source", source}, {"key", p.key}, {"message", p.message}});
    }
    for (const auto& [key, state] : s.sources) {
        std::string shown = state.size() > 200 ? state.substr(0, 200) + "..." : state;
        sources.push_back(Json{{"key", key}, {"state", shown}, {"unreadable", unreadable[key]}});
    }
    Json shards = Json::array();
    for (const auto& sh : s.shards)
        shards.push_back(Json::parse(shard_to_json(sh)));
    Json j{{"mails", s.mails},
           {"threads", s.threads},
           {"ghosts", s.ghosts},
           {"duplicates", s.duplicates},
           {"truncated", s.truncated},
           {"bytes", s.bytes},
           {"sources", std::move(sources)},
           {"problems", std::move(problems)},
           {"shards", std::move(shards)},
           {"date_terms", s.date_terms},
           {"schema", s.schema}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

const char* review_kind(const std::string& key) {
    if (key == "Reviewed-by") return "R-b";
    if (key == "Acked-by") return "A-b";
    return key == "Tested-by" ? "T-b" : "";
}

Json given_json(const std::vector<GivenTrailer>& ts) {
    Json out = Json::array();
    for (const auto& g : ts)
        out.push_back(Json{{"key", g.trailer.key},
                           {"value", g.trailer.value},
                           {"by", address(g.by)},
                           {"where", g.where},
                           {"message_id", g.message_id}});
    return out;
}

// patch x reviewer x R-b/A-b/T-b; a review of the cover counts for every patch (index 0).
Json review_table(const SeriesRevision& r) {
    Json out = Json::array();
    auto add = [&](int index, const std::string& id, const GivenTrailer& g) {
        if (*review_kind(g.trailer.key))
            out.push_back(Json{{"index", index},
                               {"message_id", id},
                               {"reviewer", g.trailer.value},
                               {"kind", review_kind(g.trailer.key)},
                               {"where", g.where}});
    };
    for (const auto& g : r.series_trailers)
        add(0, r.head.message_id, g);
    for (std::size_t i = 0; i < r.patch_trailers.size() && i < r.patches.size(); ++i)
        for (const auto& g : r.patch_trailers[i])
            add(r.patches[i].subject_info.index, r.patches[i].message_id, g);
    return out;
}

Json series_revision_json(const SeriesRevision& r) {
    Json patches = Json::array();
    for (std::size_t i = 0; i < r.patches.size(); ++i) {
        Json pj = summary(r.patches[i]);
        if (r.reviewed && i < r.patch_trailers.size())
            pj["trailers"] = given_json(r.patch_trailers[i]);
        patches.push_back(std::move(pj));
    }
    Json j{{"revision", r.revision},
           {"date", r.head.date_text},
           {"head", summary(r.head)},
           {"tie", Json{{"reason", r.tie}, {"to", r.tied_to}}},
           {"patches", std::move(patches)}};
    if (r.reviewed) {
        j["series_trailers"] = given_json(r.series_trailers);
        j["reviews"] = review_table(r);
    }
    return j;
}

} // namespace

std::string series_to_json(const std::string& msgid, const std::vector<SeriesRevision>& revs) {
    Json out = Json::array();
    for (const auto& r : revs)
        out.push_back(series_revision_json(r));
    Json j{{"message_id", msgid}, {"revisions", std::move(out)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string range_diff_to_json(const SeriesRevision& from, const SeriesRevision& to,
                               const std::vector<RangeDiffPair>& pairs) {
    auto revision = [](const SeriesRevision& r) {
        return Json{{"revision", r.revision},
                    {"date", r.head.date_text},
                    {"head", summary(r.head)},
                    {"patch_count", r.patches.size()}};
    };
    auto side = [](const std::optional<std::size_t>& k, const SeriesRevision& r) {
        if (!k || *k >= r.patches.size()) return Json();
        const MailSummary& m = r.patches[*k];
        return Json{{"index", *k + 1}, {"message_id", m.message_id}, {"subject", m.subject}};
    };
    Json out = Json::array();
    for (const auto& p : pairs)
        out.push_back(Json{{"status", std::string(1, p.status)},
                           {"method", p.method},
                           {"a", side(p.a, from)},
                           {"b", side(p.b, to)},
                           {"interdiff", p.interdiff}});
    Json j{{"from", revision(from)}, {"to", revision(to)}, {"pairs", std::move(out)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const char* file_status_name(FileStatus s) {
    switch (s) {
    case FileStatus::modified:
        return "modified";
    case FileStatus::added:
        return "added";
    case FileStatus::deleted:
        return "deleted";
    case FileStatus::renamed:
        return "renamed";
    case FileStatus::copied:
        return "copied";
    }
    return "modified";
}

std::string error_to_json(const std::string& message_id, const std::string& error) {
    return Json{{"message_id", message_id}, {"error", error}}.dump(-1, ' ', false,
                                                                   Json::error_handler_t::replace);
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
        atts.push_back(
            Json{{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
    j["attachments"] = std::move(atts);
    Json patches = Json::array();
    for (const auto& p : m.patches)
        patches.push_back(patch(p));
    j["patches"] = std::move(patches);
    Json trailers = Json::array();
    for (const auto& t : m.trailers)
        trailers.push_back(Json{{"key", t.key}, {"value", t.value}});
    j["trailers"] = std::move(trailers);
    j["recovered"] = m.recovered;
    Json warnings = Json::array();
    for (const auto& w : m.warnings)
        warnings.push_back(Json{{"kind", w.kind}, {"detail", w.detail}});
    j["warnings"] = std::move(warnings);
    j["origin"] = Json{{"source", m.origin.source}, {"location", m.origin.location}};
    // Strings are valid UTF-8 by construction; "replace" keeps one bad byte from losing a line.
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- syzbot: bisection logs and `lkmine symptom` ---

namespace {

Json culprit_json(const BisectCulprit& c) {
    return Json{{"sha", c.sha},
                {"author", c.author},
                {"date", c.date},
                {"subject", c.subject},
                {"message", c.message}};
}

} // namespace

std::string bisect_log_to_json(const BisectLog& log) {
    Json tested = Json::array();
    for (const auto& t : log.tested) {
        Json runs = Json::array();
        for (const auto& r : t.runs)
            runs.push_back(Json{{"n", r.n}, {"result", r.result}, {"title", r.title}});
        tested.push_back(Json{{"commit", t.commit},
                              {"subject", t.subject},
                              {"label", t.label},
                              {"compiler", t.compiler},
                              {"verdict", t.verdict},
                              {"runs", std::move(runs)}});
    }
    Json steps = Json::array();
    for (const auto& s : log.steps)
        steps.push_back(Json{{"action", s.action}, {"args", s.args}});
    Json j{{"kind", log.kind},
           {"start_commit", log.start_commit},
           {"syzkaller_commit", log.syzkaller_commit},
           {"compiler", log.compiler},
           {"tested", std::move(tested)},
           {"steps", std::move(steps)},
           {"culprit", culprit_json(log.culprit)},
           {"candidates", log.candidates},
           {"cc", log.cc},
           {"crash", Json{{"title", log.crash.title}, {"lines", log.crash.lines}}},
           {"revisions_tested", log.revisions_tested},
           {"time",
            Json{{"total", log.time.total}, {"build", log.time.build}, {"test", log.time.test}}}};
    SymptomBisection checked = bisection_from_log(log, "");
    j["warnings"] = checked.warnings;
    j["notes"] = checked.notes;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string symptom_to_json(const SymptomReport& r) {
    Json bugs = Json::array();
    for (const auto& b : r.bugs) {
        Json fixes = Json::array();
        for (const auto& f : b.fixes)
            fixes.push_back(
                Json{{"title", f.title}, {"method", f.method}, {"message_id", f.message_id}});
        bugs.push_back(Json{{"extid", b.extid},
                            {"title", b.title},
                            {"normalized", b.normalized},
                            {"first_seen", b.first_seen},
                            {"last_seen", b.last_seen},
                            {"reports", b.reports},
                            {"mails", b.mails},
                            {"status", b.status},
                            {"report_message_id", b.report_message_id},
                            {"fixes", std::move(fixes)}});
    }
    Json bis = Json::array();
    for (const auto& b : r.bisections) {
        Json tested = Json::array();
        for (const auto& t : b.tested)
            tested.push_back(Json{{"commit", t.commit},
                                  {"label", t.label},
                                  {"verdict", t.verdict},
                                  {"runs", t.runs},
                                  {"crashed", t.crashed},
                                  {"all_runs", t.all_runs},
                                  {"titles", t.titles}});
        bis.push_back(Json{{"kind", b.kind},
                           {"extid", b.extid},
                           {"culprit", culprit_json(b.culprit)},
                           {"sources", b.sources},
                           {"crash_title", b.crash_title},
                           {"revisions_tested", b.revisions_tested},
                           {"inconclusive", b.inconclusive},
                           {"tested", std::move(tested)},
                           {"warnings", b.warnings},
                           {"notes", b.notes}});
    }
    auto threads = [](const std::vector<SymptomThread>& list) {
        Json out = Json::array();
        for (const auto& t : list)
            out.push_back(Json{{"role", t.role},
                               {"method", t.method},
                               {"thread_id", t.thread_id},
                               {"subject", t.subject},
                               {"date", t.date},
                               {"message_id", t.message_id},
                               {"message_ids", t.message_ids},
                               {"thread_size", t.thread_size},
                               {"extid", t.extid}});
        return out;
    };
    Json j{{"query", r.query},
           {"normalized", r.normalized},
           {"bugs", std::move(bugs)},
           {"bisections", std::move(bis)},
           {"patches", threads(r.patches)},
           {"discussions", threads(r.discussions)}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- commits: `lkmine commit` and `lkmine patch` ---

namespace {

std::string iso_date(const Date& d) {
    if (!d.valid) return {};
    std::time_t t = static_cast<std::time_t>(d.epoch + d.offset_minutes * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    int off = d.offset_minutes < 0 ? -d.offset_minutes : d.offset_minutes;
    char zone[32]; // "+hh:mm" needs 7; room for two ints of any size (no truncation warning)
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", d.offset_minutes < 0 ? '-' : '+', off / 60,
                  off % 60);
    return std::string(buf) + zone;
}

Json trailers_json(const std::vector<Trailer>& ts) {
    Json out = Json::array();
    for (const auto& t : ts)
        out.push_back(Json{{"key", t.key}, {"value", t.value}});
    return out;
}

Json commit_brief(const CommitRecord& c) {
    return Json{{"sha", c.sha},
                {"subject", c.subject},
                {"author", address(c.author)},
                {"date", iso_date(c.author_date)}};
}

std::string confidence(const std::string& method, double score) {
    return std::string(link_confidence_name(link_confidence(method, score)));
}

Json linked_mails(const std::vector<LinkedMail>& ms) {
    Json out = Json::array();
    for (const auto& m : ms)
        out.push_back(Json{{"message_id", m.mail.message_id},
                           {"subject", m.mail.subject},
                           {"from", address(m.mail.from)},
                           {"date", m.mail.date_text},
                           {"thread_id", m.mail.thread_id},
                           {"method", m.method},
                           {"score", m.score},
                           {"confidence", confidence(m.method, m.score)}});
    return out;
}

} // namespace

// The trail: trees, linux-next, mainline release, stable backports, upstream, reverts.
static Json where_json(const WhereItIs& w, const std::vector<LinkedMail>& mails) {
    Json refs = Json::array(), trees = Json::array(), next = Json::array();
    for (const auto& r : w.refs) {
        refs.push_back(Json{{"ref", r.label}, {"kind", r.kind}});
        if (r.kind == "tree") trees.push_back(r.label);
        if (r.kind == "next") next.push_back(r.label);
    }
    Json posted = Json::array();
    for (const auto& m : mails)
        posted.push_back(Json{{"message_id", m.mail.message_id},
                              {"revision", std::max(1, m.mail.subject_info.revision)},
                              {"date", m.mail.date_text},
                              {"method", m.method}});
    Json stable = Json::array();
    for (const auto& b : w.backports)
        stable.push_back(Json{{"series", b.series},
                              {"sha", b.sha},
                              {"tag", b.tag},
                              {"how", b.how},
                              {"date", iso_date(b.date)}});
    Json reverted = Json::array();
    for (const auto& c : w.reverted_by)
        reverted.push_back(commit_brief(c));
    return Json{{"refs", std::move(refs)},
                {"posted", std::move(posted)},
                {"applied", Json{{"trees", std::move(trees)}, {"date", iso_date(w.applied)}}},
                {"next", Json{{"refs", std::move(next)}, {"tag", w.next_tag}}},
                {"mainline", Json{{"release", w.release}, {"first_tag", w.first_tag}}},
                {"stable", std::move(stable)},
                {"upstream", Json{{"sha", w.upstream}, {"how", w.upstream_how}}},
                {"reverted_by", std::move(reverted)}};
}

std::string commit_report_to_json(const CommitReport& r,
                                  const std::vector<SeriesRevision>& series) {
    const CommitRecord& c = r.commit;
    Json j = commit_brief(c);
    j["committer"] = address(c.committer);
    j["commit_date"] = iso_date(c.commit_date);
    j["patch_id"] = c.patch_id;
    j["release"] = r.release;
    j["parents"] = c.parents;
    j["files"] = c.files;
    j["trailers"] = trailers_json(c.trailers);
    j["mails"] = linked_mails(r.mails);
    j["mentions"] = linked_mails(r.mentions);
    Json sj = Json::array();
    for (const auto& rev : series)
        sj.push_back(series_revision_json(rev));
    j["series"] = std::move(sj);
    j["interdiff"] = Json{{"message_id", r.interdiff_msgid},
                          {"identical", !r.interdiff_msgid.empty() && r.interdiff.empty()},
                          {"text", r.interdiff}};
    Json fb = Json::array();
    for (std::size_t i = 0; i < r.fixed_by.size(); ++i) {
        Json f = commit_brief(r.fixed_by[i]);
        f["mails"] = linked_mails(i < r.fixed_by_mails.size() ? r.fixed_by_mails[i]
                                                              : std::vector<LinkedMail>{});
        fb.push_back(std::move(f));
    }
    j["fixed_by"] = std::move(fb);
    Json fx = Json::array();
    for (const auto& f : r.fixes)
        fx.push_back(commit_brief(f));
    j["fixes"] = std::move(fx);
    j["fixes_unindexed"] = r.fixes_unindexed;
    Json bj = Json::array();
    for (const auto& b : r.bisections)
        bj.push_back(
            Json{{"key", b.key}, {"kind", b.kind}, {"extid", b.extid}, {"source", b.source}});
    j["bisections"] = std::move(bj);
    j["where"] = where_json(r.where, r.mails);
    Json fixed = Json::array();
    for (const auto& f : r.fixed_by)
        fixed.push_back(commit_brief(f));
    j["where"]["fixed_by"] = std::move(fixed);
    j["notes"] = r.notes;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string patch_report_to_json(const PatchReport& r) {
    Json j{{"message_id", r.mail.message_id}, {"subject", r.mail.subject},
           {"from", address(r.mail.from)},    {"date", r.mail.date_text},
           {"is_patch", r.is_patch},          {"merged", !r.commits.empty()}};
    Json cs = Json::array();
    for (std::size_t i = 0; i < r.commits.size(); ++i) {
        const auto& l = r.commits[i];
        Json cj{{"sha", l.sha},
                {"method", l.method},
                {"score", l.score},
                {"confidence", confidence(l.method, l.score)}};
        if (i < r.commit_records.size() && !r.commit_records[i].subject.empty()) {
            cj["subject"] = r.commit_records[i].subject;
            cj["author"] = address(r.commit_records[i].author);
            cj["date"] = iso_date(r.commit_records[i].author_date);
        }
        cj["release"] = i < r.releases.size() ? r.releases[i] : "";
        if (i < r.where.size()) cj["where"] = where_json(r.where[i], {});
        cs.push_back(std::move(cj));
    }
    j["commits"] = std::move(cs);
    Json ms = Json::array();
    for (const auto& l : r.mentions)
        ms.push_back(Json{{"sha", l.sha}, {"method", l.method}, {"score", l.score}});
    j["mentions"] = std::move(ms);
    if (r.days_unmerged >= 0) j["days_unmerged"] = r.days_unmerged;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string reply_to_json(const Message& r, const std::string& method, const std::string& to) {
    Json j{{"message_id", r.message_id}, {"subject", r.subject},  {"from", address(r.from)},
           {"to", addresses(r.to)},      {"cc", addresses(r.cc)}, {"in_reply_to", r.in_reply_to},
           {"references", r.references}, {"date", r.date_text}};
    j["delivered"] = Json{{"method", method}, {"to", to}};
    return j.dump();
}

} // namespace lkmine
