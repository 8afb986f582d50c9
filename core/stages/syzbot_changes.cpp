// What the syzbot stage must rebuild since it last ran: the bugs with a syzbot mail in a thread
// the writer touched, and every syzbot mail those bugs depend on.
#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"

#include <algorithm>
#include <set>

namespace lkmine::store_detail {
namespace {

struct Finder {
    const Xapian::Database& db;
    SyzbotChanges out;
    std::set<std::string> bugs, threads;
    std::set<Xapian::docid> mails;

    // The bugs a syzbot mail is about; false when it has no digest (an older index).
    bool bugs_of(Xapian::docid id) {
        Message m;
        bool has_patches = false;
        if (!decode_syzbot_digest(db.get_document(id).get_value(slot::syzbot), m, has_patches))
            return false;
        if (!m.syzbot.extid.empty()) bugs.insert(m.syzbot.extid);
        bugs.insert(m.syzbot.reported_by.begin(), m.syzbot.reported_by.end());
        return true;
    }

    // Every syzbot mail of thread t: all of them decide which bug the thread's replies are about.
    void add_thread(const std::string& t) {
        if (!threads.insert(t).second) return;
        for_each_both(db, "Ksyzbot", thread_term(t), [&](Xapian::docid id) { mails.insert(id); });
    }
};

} // namespace

std::string report_key(std::string_view extid) {
    return "syzreport:" + std::string(extid);
}

SyzbotChanges syzbot_changes(const Xapian::Database& db, std::uint64_t since) {
    Finder f{db, {}, {}, {}, {}};
    const std::string prefix = kGenerationTerm;
    std::set<std::string> touched;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        auto gen = std::strtoull((*t).c_str() + prefix.size(), nullptr, 16);
        f.out.generation = std::max<std::uint64_t>(f.out.generation, gen);
        if (gen <= since) continue;
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
            touched.insert(db.get_document(*p).get_value(slot::thread));
    }
    // Bugs with a syzbot mail in a touched thread, or whose report lists one (its mails may
    // have gone: a purge).
    for (const auto& t : touched) {
        for_each_both(db, "Ksyzbot", thread_term(t), [&](Xapian::docid id) {
            if (!f.bugs_of(id)) f.out.full = true;
        });
        auto key = std::string(kBugThread) + t;
        for (auto p = db.postlist_begin(key); p != db.postlist_end(key); ++p) {
            Fields r = decode_fields(db.get_document(*p).get_data());
            if (auto e = field(r, "extid"); !e.empty()) f.bugs.insert(e);
        }
    }
    if (f.out.full) return std::move(f.out);
    // A bug's mails: those naming it, and every syzbot mail of their threads.
    for (const auto& e : f.bugs)
        for_each_both(db, "Ksyzbot", std::string(prefix_of("syz")) + "syzbot+" + lowercase_ascii(e),
                      [&](Xapian::docid id) { f.mails.insert(id); });
    std::set<Xapian::docid> named = f.mails;
    for (auto id : named)
        f.add_thread(db.get_document(id).get_value(slot::thread));
    f.out.bugs.assign(f.bugs.begin(), f.bugs.end());
    f.out.mails.assign(f.mails.begin(), f.mails.end());
    return std::move(f.out);
}

} // namespace lkmine::store_detail
