// symptom_report(): from a crash title to its bugs, bisections, culprit and fix patch
// threads, and the people's discussions.
#include "core/stages/symptom_report.hpp"

#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/syzbot_stage.hpp"
#include "core/syzbot/crash_title.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

namespace lkmine {
namespace store_detail {
namespace {

constexpr Xapian::doccount kMaxBugs = 200, kMaxMails = 500;

bool same_commit(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    return n >= 7 && a.substr(0, n) == b.substr(0, n);
}

bool from_syzbot(const MailSummary& m) {
    return m.from.email.find("syzkaller.appspotmail.com") != std::string::npos;
}

std::vector<Xapian::Document> matching(Xapian::Database& db, const Xapian::Query& q,
                                       Xapian::doccount limit) {
    Xapian::Enquire enq(db);
    enq.set_query(q);
    enq.set_sort_by_value(slot::date, false); // oldest first: reports before their follow-ups
    std::vector<Xapian::Document> out;
    auto mset = enq.get_mset(0, limit);
    for (auto it = mset.begin(); it != mset.end(); ++it)
        out.push_back(it.get_document());
    return out;
}

bool find_doc(Xapian::Database& db, const std::string& key_term, Xapian::Document& out) {
    auto p = db.postlist_begin(key_term);
    if (p == db.postlist_end(key_term)) return false;
    out = db.get_document(*p);
    return true;
}

struct Builder {
    Xapian::Database& db;
    SymptomReport rep;
    std::map<std::string, std::string> bug_title;                 // extid -> title
    std::map<std::string, std::string> key_bug;                   // bisection key -> extid
    std::vector<std::string> keys;                                // bisection keys in order
    std::vector<std::pair<std::string, std::string>> bug_threads; // extid, thread
    std::vector<std::pair<std::string, std::string>> bug_mails;   // extid, msgid
    std::set<std::string> patch_threads;

    Xapian::Query symptom_query(std::string_view text, std::string& error) {
        std::string exact = symptom_exact_term(text);
        if (db.term_exists(exact)) return Xapian::Query(exact);
        std::vector<Xapian::Query> words;
        auto add = [&](std::string_view w) { words.emplace_back(kSymptomWords + std::string(w)); };
        for_each_word(rep.normalized, add);
        if (words.empty()) for_each_word(text, add);
        if (words.empty()) error = "give a crash title, a part of one, or some of its words";
        return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
    }

    void read_bugs(const Xapian::Query& q) {
        auto docs = matching(
            db, Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("Treport")), kMaxBugs);
        for (const auto& doc : docs) {
            Fields f = decode_fields(doc.get_data());
            SymptomBug b;
            b.extid = field(f, "extid");
            b.title = field(f, "title");
            b.normalized = field(f, "normalized");
            b.first_seen = field(f, "first");
            b.last_seen = field(f, "last");
            b.reports = std::atoi(field(f, "reports").c_str());
            b.mails = std::atoi(field(f, "mails").c_str());
            b.status = field(f, "status");
            b.report_message_id = field(f, "report_msgid");
            for (const auto& fx : field_list(f, "fix")) {
                auto u = split_unit(fx);
                u.resize(3);
                b.fixes.push_back({u[0], u[1], u[2]});
            }
            for (const auto& k : field_list(f, "bisection")) {
                key_bug.emplace(k, b.extid);
                if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
            }
            for (const auto& t : field_list(f, "thread"))
                bug_threads.emplace_back(b.extid, t);
            for (const auto& m : field_list(f, "mail"))
                bug_mails.emplace_back(b.extid, m);
            bug_title[b.extid] = b.title;
            rep.bugs.push_back(std::move(b));
        }
    }

    SymptomBisection bisection(const Fields& f, const std::string& key) {
        std::string extid = key_bug.count(key) ? key_bug[key] : field(f, "extid");
        std::string title = bug_title.count(extid) ? bug_title[extid] : "";
        if (!field(f, "text").empty()) {
            SymptomBisection b = bisection_from_log(parse_bisect_log(field(f, "text")), title);
            b.sources.push_back("log:" + field(f, "source"));
            b.extid = extid;
            return b;
        }
        SymptomBisection b;
        b.kind = field(f, "kind");
        b.extid = extid;
        b.culprit.sha = field(f, "sha");
        b.culprit.subject = field(f, "subject");
        b.culprit.author = field(f, "author");
        b.culprit.date = field(f, "date");
        b.inconclusive = field(f, "inconclusive") == "1";
        b.sources.push_back(field(f, "source"));
        BisectLog only_culprit;
        only_culprit.culprit = b.culprit;
        check_bisection(only_culprit, "", b);
        if (b.inconclusive)
            b.warnings.push_back("the bisection is inconclusive: no single culprit");
        std::string link = field(f, "log_link");
        b.notes.push_back("tested commits unknown: only the result mail is indexed" +
                          (link.empty() ? std::string() : "; its log: " + link) +
                          " (lkmine index --bisect-logs DIR adds saved logs)");
        return b;
    }

    void read_bisections(const Xapian::Query& q) {
        auto docs = matching(
            db, Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("Tbisection")), kMaxBugs);
        for (const auto& doc : docs) {
            std::string k = field(decode_fields(doc.get_data()), "key");
            if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end())
                keys.push_back(k);
        }
        std::vector<SymptomBisection> logs, mails;
        for (const auto& k : keys) {
            Xapian::Document doc;
            if (!find_doc(db, id_term(k), doc)) continue;
            Fields f = decode_fields(doc.get_data());
            (field(f, "text").empty() ? mails : logs).push_back(bisection(f, k));
        }
        // A result mail and the log it links to are one bisection.
        for (auto& m : mails) {
            auto it = std::find_if(logs.begin(), logs.end(), [&](const SymptomBisection& l) {
                return l.kind == m.kind && same_commit(l.culprit.sha, m.culprit.sha);
            });
            if (it == logs.end()) {
                rep.bisections.push_back(std::move(m));
                continue;
            }
            it->sources.insert(it->sources.begin(), m.sources.front());
            if (it->extid.empty()) it->extid = m.extid;
        }
        for (auto& l : logs)
            rep.bisections.push_back(std::move(l));
    }

    // Groups mails into one entry per thread, in the order first seen.
    void add_threads(std::vector<SymptomThread>& out, const std::vector<Xapian::Document>& docs,
                     const std::string& role, const std::string& method, const std::string& extid,
                     const std::set<std::string>* skip_threads, bool people_only) {
        for (const auto& doc : docs) {
            DocRecord rec;
            if (!decode_record(doc.get_data(), rec, false) || rec.summary.ghost) continue;
            const MailSummary& m = rec.summary;
            if (people_only && from_syzbot(m)) continue;
            std::string tid = doc.get_value(slot::thread);
            if (skip_threads && skip_threads->count(tid)) continue;
            auto it = std::find_if(out.begin(), out.end(), [&](const SymptomThread& t) {
                return t.thread_id == tid && t.role == role;
            });
            if (it == out.end()) {
                SymptomThread t{role,         method, tid, m.subject, m.date_text,
                                m.message_id, {},     0,   extid};
                t.thread_size = db.get_termfreq(thread_term(tid));
                out.push_back(std::move(t));
                it = out.end() - 1;
            }
            if (std::find(it->message_ids.begin(), it->message_ids.end(), m.message_id) ==
                it->message_ids.end())
                it->message_ids.push_back(m.message_id);
        }
    }

    void drop_patch_mails(std::vector<SymptomThread>& threads) const {
        std::set<std::string> patch_mails;
        for (const auto& t : rep.patches)
            patch_mails.insert(t.message_ids.begin(), t.message_ids.end());
        for (auto& t : threads) {
            auto& ids = t.message_ids;
            ids.erase(std::remove_if(ids.begin(), ids.end(),
                                     [&](const std::string& id) { return patch_mails.count(id); }),
                      ids.end());
            if (!ids.empty() && t.message_id != ids.front()) t.message_id = ids.front();
        }
    }

    std::vector<Xapian::Document> commit_mails(const std::string& sha) {
        std::vector<Xapian::Document> out;
        if (sha.size() < 7) return out;
        std::string prefix = std::string(kCommit) + lowercase_ascii(sha.substr(0, 7));
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            if (!same_commit((*t).substr(std::string(kCommit).size()), lowercase_ascii(sha)))
                continue;
            auto q =
                Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(*t), Xapian::Query("Tmail"));
            for (auto& d : matching(db, q, kMaxMails))
                if (posted_as(d, sha)) out.push_back(d);
        }
        return out;
    }

    // A mail that only mentions the culprit (a Fixes: line, a reply) is not where it was
    // posted: keep mails whose link to it is a patch link.
    static bool posted_as(const Xapian::Document& d, const std::string& sha) {
        for (const auto& l : decode_links("", d.get_value(kLinksSlot)))
            if (l.method != "mention" && same_commit(l.sha, lowercase_ascii(sha))) return true;
        return false;
    }

    std::vector<Xapian::Document> subject_patches(std::string subject) {
        std::replace(subject.begin(), subject.end(), '"', ' ');
        if (subject.find_first_not_of(' ') == std::string::npos) return {};
        auto q = parse_query("s:\"" + subject + "\" flag:patch",
                             static_cast<std::int64_t>(std::time(nullptr)));
        if (!q) return {};
        return matching(db, *q, kMaxMails);
    }

    void read_patches() {
        for (const auto& b : rep.bisections) {
            if (b.culprit.sha.empty()) continue;
            auto docs = commit_mails(b.culprit.sha);
            std::string method = "commit-link";
            if (docs.empty()) docs = subject_patches(b.culprit.subject), method = "subject";
            add_threads(rep.patches, docs, "culprit", method, b.extid, nullptr, true);
        }
        for (const auto& bug : rep.bugs)
            for (const auto& fx : bug.fixes) {
                std::vector<Xapian::Document> docs;
                if (fx.method == "reported-by") {
                    Xapian::Document d;
                    if (find_doc(db, id_term(fx.message_id), d)) docs.push_back(d);
                } else {
                    docs = subject_patches(fx.title);
                }
                add_threads(rep.patches, docs, "fix", fx.method, bug.extid, nullptr, true);
            }
        for (const auto& t : rep.patches)
            patch_threads.insert(t.thread_id);
    }

    // The report's own thread is its discussion even when the fix patch was posted in it:
    // every people's mail of it is listed but the patch mails (shown under patches).
    void read_discussions(const Xapian::Query& q) {
        for (const auto& [extid, tid] : bug_threads) {
            auto docs = matching(db, Xapian::Query(thread_term(tid)), kMaxMails);
            add_threads(rep.discussions, docs, "discussion", "bug-thread", extid, nullptr, true);
        }
        for (const auto& [extid, msgid] : bug_mails) {
            Xapian::Document d;
            if (find_doc(db, id_term(msgid), d))
                add_threads(rep.discussions, {d}, "discussion", "bug-thread", extid, nullptr, true);
        }
        drop_patch_mails(rep.discussions);
        auto docs = matching(db, Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("Tmail")),
                             kMaxMails);
        add_threads(rep.discussions, docs, "discussion", "symptom", "", &patch_threads, true);
        // Threads holding only syzbot's own mails are not discussions.
        rep.discussions.erase(
            std::remove_if(rep.discussions.begin(), rep.discussions.end(),
                           [](const SymptomThread& t) { return t.message_ids.empty(); }),
            rep.discussions.end());
    }
};

} // namespace
} // namespace store_detail

Result<SymptomReport> symptom_report(StoreReader& reader, std::string_view text) {
    using namespace store_detail;
    Xapian::Database& db = reader_database(reader_impl(reader));
    return xapian_read("symptom", "", db, [&]() -> Result<SymptomReport> {
        Builder b{db, {}, {}, {}, {}, {}, {}, {}};
        b.rep.query = std::string(text);
        b.rep.normalized = normalize_title(text);
        std::string error;
        Xapian::Query q = b.symptom_query(text, error);
        if (!error.empty()) return make_error(error);
        b.read_bugs(q);
        b.read_bisections(q);
        b.read_patches();
        b.read_discussions(q);
        return std::move(b.rep);
    });
}

std::vector<std::string> syzbot_documents(StoreReader& reader) {
    using namespace store_detail;
    Xapian::Database& db = reader_database(reader_impl(reader));
    std::vector<std::string> out;
    Status st = xapian_read("syzbot documents", "", db, [&] {
        out.clear();
        for (const char* type : {"Treport", "Tbisection"})
            for (auto p = db.postlist_begin(type); p != db.postlist_end(type); ++p) {
                auto doc = db.get_document(*p);
                std::string text = doc.get_data() + "\nterms:";
                for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                    text += " " + *t;
                text += "\ndate: " +
                        std::to_string(Xapian::sortable_unserialise(doc.get_value(slot::date)));
                out.push_back(std::move(text));
            }
        return ok_status();
    });
    if (!st) out.push_back("error: " + st.error());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace lkmine
