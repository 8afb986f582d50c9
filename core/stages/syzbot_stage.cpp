// The syzbot stage: one report document per bug from all its mails, bisection documents from
// result mails and log files, each linked to its bug, culprit and fixes.
#include "core/stages/syzbot_stage.hpp"

#include "core/base/sha1.hpp"
#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/mail/parse.hpp"
#include "core/syzbot/bisect_log.hpp"
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/syzbot_mail.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lkmine {
namespace store_detail {
namespace {

struct Bug {
    std::string extid, title;
    std::set<std::string> symptoms;
    struct Dates {
        std::string first, last, title, msgid;
        std::int64_t first_epoch = 0, last_epoch = 0;
    } report_dates, other_dates;
    int reports = 0;
    const Dates& dates() const { return reports ? report_dates : other_dates; }
    std::set<std::string> mails, threads, bisections;
    std::vector<std::array<std::string, 3>> fixes; // title, method, msgid
};

struct MailBisection {
    std::string key, kind, extid, sha, subject, author, date, msgid, log_link, title;
    bool inconclusive = false;
};

bool same_commit(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    return n >= 7 && a.substr(0, n) == b.substr(0, n);
}

void add_fix(Bug& b, std::string title, const char* method, const std::string& msgid) {
    for (const auto& f : b.fixes)
        if (f[0] == title && f[1] == method) return;
    b.fixes.push_back({std::move(title), method, msgid});
}

struct Stage {
    Xapian::Database rdb;
    Xapian::WritableDatabase wdb;
    std::map<std::string, Bug> bugs;               // by extid
    std::map<std::string, std::string> thread_bug; // thread of a syzbot mail -> extid
    std::vector<MailBisection> mail_bisections;
    SyzbotStageSummary summary;
    std::optional<std::set<std::string>> only; // the bugs an incremental run rebuilds
    std::unordered_map<std::string, std::string> normalized_; // a bug's reports repeat a title

    const std::string& normalized(const std::string& title) {
        auto it = normalized_.find(title);
        if (it == normalized_.end()) it = normalized_.emplace(title, normalize_title(title)).first;
        return it->second;
    }

    bool wanted(const std::string& extid) const { return !only || only->count(extid); }

    Bug& bug(const std::string& extid) {
        Bug& b = bugs[extid];
        b.extid = extid;
        return b;
    }

    void note_syzbot_mail(Bug& b, const Message& m, const SyzbotFacts& f) {
        bool report = f.kind == "report";
        if (report) {
            ++b.reports;
            for (const auto& s : f.symptoms)
                b.symptoms.insert(normalized(s));
        }
        // The bug's dates and title come from its reports; other syzbot mails stand in for a
        // bug whose reports are not indexed.
        auto& d = report ? b.report_dates : b.other_dates;
        if (m.date.valid) {
            if (d.first.empty() || m.date.epoch < d.first_epoch) {
                d.first = m.date_text, d.first_epoch = m.date.epoch;
                d.title = f.title, d.msgid = m.message_id;
            }
            if (d.last.empty() || m.date.epoch > d.last_epoch)
                d.last = m.date_text, d.last_epoch = m.date.epoch;
        } else if (d.title.empty()) {
            d.title = f.title, d.msgid = m.message_id;
        }
    }

    void note_bisection(const Message& m, const SyzbotFacts& f) {
        SyzbotInfo info = parse_syzbot_mail(m.from.email, m.subject, m.body_text, {});
        MailBisection mb;
        mb.key = "bisectmail:" + m.message_id;
        mb.kind = f.kind == "fix_bisection" ? "fix" : "cause";
        mb.extid = f.extid;
        mb.sha = info.culprit_sha;
        mb.subject = info.culprit_title;
        mb.author = info.culprit_author;
        mb.date = info.culprit_date;
        mb.msgid = m.message_id;
        mb.log_link = info.bisection_log_link;
        mb.title = f.title;
        mb.inconclusive = info.inconclusive;
        bug(f.extid).bisections.insert(mb.key);
        mail_bisections.push_back(std::move(mb));
    }

    // A mail as the stage sees it: from its digest, or parsed again when the digest does not
    // say enough (a bisection result needs its body) or the index predates digests.
    bool stage_mail(const Xapian::Document& doc, Message& m, bool& has_patches) {
        bool digest = decode_syzbot_digest(doc.get_value(slot::syzbot), m, has_patches) &&
                      m.syzbot.kind != "cause_bisection" && m.syzbot.kind != "fix_bisection";
        DocRecord rec;
        if (!decode_record(doc.get_data(), rec, !digest)) return false;
        if (digest) {
            m.message_id = rec.summary.message_id;
            return true;
        }
        if (!load_raw(rec)) return false;
        m = parse_message(RawMessage{std::move(rec.raw), {}, {}});
        if (m.message_id.empty()) m.message_id = rec.summary.message_id;
        has_patches = !m.patches.empty();
        return true;
    }

    // Pass 1: every mail with a syzbot fact, or only `docs` (in docid order, as a full run
    // reads them, so "first" means the same in both).
    void read_mails(const std::vector<Xapian::docid>* docs = nullptr) {
        struct Person {
            std::string thread;
            Message m;
            bool has_patches;
        };
        std::vector<Person> people;
        std::vector<Xapian::docid> all;
        if (!docs) {
            for (auto p = rdb.postlist_begin("Ksyzbot"); p != rdb.postlist_end("Ksyzbot"); ++p)
                all.push_back(*p);
            docs = &all;
        }
        for (Xapian::docid id : *docs) {
            auto doc = rdb.get_document(id);
            Message m;
            bool has_patches = false;
            if (!stage_mail(doc, m, has_patches)) continue;
            ++summary.mails;
            std::string thread = doc.get_value(slot::thread);
            const SyzbotFacts& f = m.syzbot;
            bool from_syzbot = m.from.email.find("syzkaller.appspotmail.com") != std::string::npos;
            if (from_syzbot && !f.extid.empty()) {
                Bug& b = bug(f.extid);
                b.mails.insert(m.message_id);
                b.threads.insert(thread);
                thread_bug.emplace(thread, f.extid);
                note_syzbot_mail(b, m, f);
                if (f.kind == "cause_bisection" || f.kind == "fix_bisection") note_bisection(m, f);
            } else {
                people.push_back({thread, std::move(m), has_patches});
            }
        }
        for (auto& p : people)
            note_person(p.thread, p.m, p.has_patches);
    }

    void note_person(const std::string& thread, const Message& m, bool has_patches) {
        const SyzbotFacts& f = m.syzbot;
        std::string extid = f.extid;
        if (extid.empty())
            if (auto it = thread_bug.find(thread); it != thread_bug.end()) extid = it->second;
        bool patch = has_patches || (m.subject_info.is_patch && !m.subject_info.is_reply);
        if (patch)
            for (const auto& e : f.reported_by) {
                Bug& b = bug(e);
                b.mails.insert(m.message_id);
                add_fix(b, m.subject_info.clean, "reported-by", m.message_id);
                if (b.title.empty() && !f.symptoms.empty()) b.title = f.symptoms.front();
            }
        if (extid.empty()) return;
        Bug& b = bug(extid);
        b.mails.insert(m.message_id);
        for (const auto& t : f.fix_titles)
            add_fix(b, t, "syz-fix", m.message_id);
    }

    // Pass 2: the people's mails in a bug's threads that name no syzbot address.
    void read_threads() {
        for (auto& [extid, b] : bugs)
            for (const auto& t : b.threads) {
                if (!wanted(extid)) continue;
                auto term = thread_term(t);
                for (auto p = rdb.postlist_begin(term); p != rdb.postlist_end(term); ++p) {
                    DocRecord rec;
                    if (decode_record(rdb.get_document(*p).get_data(), rec, false) &&
                        !rec.summary.ghost)
                        b.mails.insert(rec.summary.message_id);
                }
            }
    }

    // A bug's title: its first report's, else its first syzbot mail's, else a fix's crash.
    void settle_titles() {
        for (auto& [e, b] : bugs) {
            const auto& d = b.dates();
            if (!d.title.empty()) b.title = d.title;
            if (!b.title.empty()) b.symptoms.insert(normalized(b.title));
        }
    }

    void attach_logs() {
        for (auto p = wdb.postlist_begin("Kbisect-log"); p != wdb.postlist_end("Kbisect-log");
             ++p) {
            Fields lf = decode_fields(wdb.get_document(*p).get_data());
            BisectLog log = parse_bisect_log(field(lf, "text"));
            std::string key = field(lf, "key");
            std::string extid;
            for (const auto& mb : mail_bisections)
                if (mb.kind == log.kind && same_commit(mb.sha, log.culprit.sha)) extid = mb.extid;
            if (extid.empty() && !log.crash.title.empty()) {
                std::string want = normalize_title(log.crash.title);
                for (auto& [e, b] : bugs)
                    if (b.symptoms.count(want)) extid = e;
            }
            if (extid.empty()) continue;
            bugs[extid].bisections.insert(key);
            ++summary.logs_linked;
        }
    }

    void write_bisections() {
        for (const auto& mb : mail_bisections) {
            if (!wanted(mb.extid)) continue;
            Xapian::Document doc;
            doc.set_data(encode_fields({{"key", mb.key},
                                        {"kind", mb.kind},
                                        {"extid", mb.extid},
                                        {"sha", mb.sha},
                                        {"subject", mb.subject},
                                        {"author", mb.author},
                                        {"date", mb.date},
                                        {"source", "mail:" + mb.msgid},
                                        {"log_link", mb.log_link},
                                        {"inconclusive", mb.inconclusive ? "1" : "0"}}));
            doc.add_boolean_term(id_term(mb.key));
            doc.add_boolean_term("Tbisection");
            doc.add_boolean_term("Kbisect-mail");
            add_boolean(doc, kCommit, lowercase_ascii(mb.sha));
            add_boolean(doc, prefix_of("syz"), "syzbot+" + mb.extid);
            if (auto it = bugs.find(mb.extid); it != bugs.end()) {
                add_normalized_symptom_terms(doc, normalized(it->second.title));
                for (const auto& s : it->second.symptoms)
                    add_normalized_symptom_terms(doc, s);
            }
            wdb.replace_document(id_term(mb.key), doc);
            ++summary.bisections;
        }
    }

    void write_reports() {
        for (const auto& [extid, b] : bugs) {
            if (!wanted(extid)) continue;
            const Bug::Dates& d = b.dates();
            Fields f{{"extid", extid},
                     {"title", b.title},
                     {"normalized", normalized(b.title)},
                     {"first", d.first},
                     {"last", d.last},
                     {"reports", std::to_string(b.reports)},
                     {"mails", std::to_string(b.mails.size())},
                     {"status", b.fixes.empty() ? "open" : "fixed"},
                     {"report_msgid", b.reports ? d.msgid : ""}};
            for (const auto& fx : b.fixes)
                f.emplace_back("fix", fx[0] + '\x1f' + fx[1] + '\x1f' + fx[2]);
            for (const auto& t : b.threads)
                f.emplace_back("thread", t);
            Xapian::Document doc;
            for (const auto& t : b.threads)
                add_boolean(doc, kBugThread, t);
            for (const auto& k : b.bisections)
                f.emplace_back("bisection", k);
            for (const auto& m : b.mails)
                f.emplace_back("mail", m);
            doc.set_data(encode_fields(f));
            doc.add_boolean_term(id_term(report_key(extid)));
            doc.add_boolean_term("Treport");
            add_boolean(doc, prefix_of("syz"), "syzbot+" + extid);
            add_normalized_symptom_terms(doc, normalized(b.title));
            for (const auto& s : b.symptoms)
                add_normalized_symptom_terms(doc, s);
            doc.add_value(slot::date,
                          Xapian::sortable_serialise(static_cast<double>(b.dates().last_epoch)));
            add_date_terms(doc, b.dates().last_epoch);
            wdb.replace_document(id_term(report_key(extid)), doc);
            ++summary.bugs;
            if (b.reports > 0) ++summary.reported_bugs;
        }
    }
};

void add_log(Xapian::WritableDatabase& wdb, const BisectLogFile& lf) {
    BisectLog log = parse_bisect_log(lf.text);
    std::string key = "bisectlog:" + sha1_hex(lf.text);
    Xapian::Document doc;
    doc.set_data(encode_fields({{"key", key}, {"source", lf.source}, {"text", lf.text}}));
    doc.add_boolean_term(id_term(key));
    doc.add_boolean_term("Tbisection");
    doc.add_boolean_term("Kbisect-log");
    add_boolean(doc, kCommit, lowercase_ascii(log.culprit.sha));
    add_symptom_terms(doc, log.crash.title);
    for (const auto& t : log.tested)
        for (const auto& r : t.runs)
            add_symptom_terms(doc, r.title);
    wdb.replace_document(id_term(key), doc);
}

} // namespace
} // namespace store_detail

Result<SyzbotStageSummary>
update_syzbot_index(const std::string& dir, const std::vector<BisectLogFile>& logs, bool rebuild) {
    using namespace store_detail;
    Stage st;
    Status done = store_detail::guard_index_writes(dir, "syzbot stage failed on", [&]() -> Status {
        std::filesystem::create_directories(dir);
        st.wdb = Xapian::WritableDatabase(shard_path(dir, 0), Xapian::DB_CREATE_OR_OPEN);
        for (const auto& lf : logs) {
            add_log(st.wdb, lf);
            ++st.summary.logs;
        }
        store_detail::commit_counted(st.wdb);
        st.rdb = open_shards(dir);
        // Logs tie to bugs by every bug's bisections and titles: with any, rebuild everything.
        std::string last = st.wdb.get_metadata(kStageGeneration);
        bool full = rebuild || last.empty() || st.wdb.get_termfreq("Kbisect-log") > 0;
        auto changes =
            syzbot_changes(st.rdb, full ? UINT64_MAX : std::strtoull(last.c_str(), nullptr, 16));
        full |= changes.full;
        st.wdb.begin_transaction();
        if (!full) {
            st.summary.incremental = true;
            st.only.emplace(changes.bugs.begin(), changes.bugs.end());
        }
        st.read_mails(full ? nullptr : &changes.mails);
        st.read_threads();
        st.settle_titles();
        if (full) {
            st.attach_logs();
            st.wdb.delete_document("Treport");
            st.wdb.delete_document("Kbisect-mail");
        } else {
            for (const auto& e : changes.bugs) {
                st.wdb.delete_document(id_term(report_key(e)));
                std::vector<Xapian::docid> stale;
                for_each_both(st.wdb, "Kbisect-mail", std::string(prefix_of("syz")) + "syzbot+" + e,
                              [&](Xapian::docid id) { stale.push_back(id); });
                for (auto id : stale)
                    st.wdb.delete_document(id);
            }
        }
        st.write_bisections();
        st.write_reports();
        char gen[20];
        std::snprintf(gen, sizeof gen, "%llx", static_cast<unsigned long long>(changes.generation));
        st.wdb.set_metadata(kStageGeneration, gen);
        store_detail::record_document_count(st.wdb);
        st.wdb.commit_transaction();
        st.summary.total_bugs = st.wdb.get_termfreq("Treport");
        return ok_status();
    });
    if (!done) return done.error_info();
    return st.summary;
}

Result<SyzbotStageSummary> update_syzbot_index(const std::string& dir,
                                               const std::vector<BisectLogFile>& logs) {
    return update_syzbot_index(dir, logs, false);
}

} // namespace lkmine
