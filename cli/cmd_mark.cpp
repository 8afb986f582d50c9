// `lkmine mark`: set or show my review state of a mail or a series revision.
#include "cli/commands_review.hpp"
#include "cli/json_review.hpp"
#include "core/base/safe_text.hpp"
#include "core/mail/msgid.hpp"
#include "core/review/state_db.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_evidence.hpp"

#include <iostream>

namespace lkmine::cli {
namespace {

// A patch or cover stands for its revision: the state is kept under the revision's head.
void resolve(const std::string& db, const std::string& msgid, std::string& key,
             ReviewChange& change) {
    key = msgid;
    auto store = StoreReader::open(db);
    if (!store) return; // no index (being rebuilt): the mail is marked as given
    auto revs = find_series(*store, msgid);
    if (!revs) return;
    for (const auto& r : *revs) {
        bool in = r.head.message_id == msgid;
        for (const auto& p : r.patches)
            in = in || p.message_id == msgid;
        if (!in) continue;
        key = r.head.message_id;
        change.series_id = revs->front().head.message_id;
        change.revision = r.revision;
        change.title = title_key(r.head.subject_info.clean);
    }
}

void set(ReviewChange& c, const std::string& what) {
    bool on = what.rfind("un", 0) != 0;
    std::string base = on ? what : what.substr(2);
    if (base == "read") c.read = on;
    if (base == "flag") c.flagged = on;
    if (base == "reviewed") c.reviewed = on;
    if (base == "waiting") c.waiting = on;
    if (base == "done") c.done = on;
}

} // namespace

int run_mark(const MarkCmdOptions& opt) {
    auto me = my_addresses(opt.me);
    if (me.empty()) {
        std::cerr << "lkmine mark: give --me ADDRESS (or set $LKMINE_ME)\n";
        return 2;
    }
    auto db = ReviewStateDb::open(opt.state.empty() ? default_state_path(opt.db) : opt.state);
    if (!db) {
        std::cerr << "lkmine mark: " << db.error() << "\n";
        return 1;
    }
    std::string key;
    ReviewChange change;
    resolve(opt.db, msgid_from_arg(opt.msgid), key, change);
    for (const auto& s : opt.set)
        set(change, s);
    if (!opt.set.empty())
        if (Status s = db->apply(me.front(), key, change); !s) {
            std::cerr << "lkmine mark: " << s.error() << "\n";
            return 1;
        }
    ReviewMark blank;
    blank.user = me.front();
    blank.message_id = key;
    ReviewMark m = db->get(me.front(), key).value_or(blank);
    if (opt.json) {
        std::cout << mark_to_json(m) << "\n";
        return 0;
    }
    std::cout << "<" << safe_line(m.message_id) << ">"
              << (m.revision ? " v" + std::to_string(m.revision) : "") << ":"
              << (m.read ? " read" : " unread") << (m.flagged ? " flagged" : "")
              << (m.reviewed ? " reviewed" : "") << (m.waiting ? " waiting-on-author" : "")
              << (m.done ? " done" : "") << "\n";
    return 0;
}

} // namespace lkmine::cli
