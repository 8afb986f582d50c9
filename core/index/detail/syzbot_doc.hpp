// Private to the store_*.cpp files: syzbot terms on mails, and the report and bisection documents.
#pragma once

#include "core/index/schema.hpp"
#include "core/model/message.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lkmine::store_detail {

/*
 * syzbot documents (written by the syzbot stage, store_syzbot_stage.cpp, in shard 0):
 *
 *   report     Treport, Q"syzreport:<extid>" (key), XSYZsyzbot+<extid>, XSYZT<thread id> for
 *              each thread of its syzbot mails, XSYMPTOM words and XSYMT exact titles.
 *              Data (fields, below): extid title normalized first last reports mails status
 *              report_msgid, and repeated fix (title \x1f method \x1f msgid), mail, thread,
 *              bisection (key term of a bisection document).
 *   bisection  Tbisection, Q<key>, XCOMMIT<culprit sha>, XSYZ (when known), symptoms.
 *              From a result mail: key "bisectmail:<msgid>", flag Kbisect-mail; fields kind
 *              extid sha subject author date source inconclusive log_link. Rebuilt by each stage.
 *              From a log file: key "bisectlog:<sha1 of the text>", flag Kbisect-log; fields
 *              source and text (the whole log, parsed again when read). Kept across stages.
 *
 * Incremental runs: the stage records in shard 0's metadata "syzbot:generation", the newest
 * writer generation (XGEN term, store_xapian.hpp) it has seen. The next run rebuilds only the
 * bugs with a syzbot mail in a thread written since (store_syzbot_changes.cpp); bisection
 * logs, or an index without that record, make it rebuild everything.
 *
 * Mails with any syzbot fact carry Ksyzbot, XSYZ for the bug they are about and the bugs
 * their Reported-by names, and symptom terms for each crash title their text carries:
 * XSYMPTOM (words of the normalised title, lowercase, no positions) and XSYMT (the whole
 * normalised title, lowercase: one boolean term, so variants of a title match exactly).
 */
inline constexpr const char* kSymptomWords = prefix_of("symptom");
inline constexpr const char* kSymptomExact = prefix_of("symptom-exact");
inline constexpr const char* kCommit = prefix_of("commit");
inline constexpr const char* kBugThread = prefix_of("bug-thread");
inline constexpr const char* kStageGeneration = "syzbot:generation";

std::string report_key(std::string_view extid); // "syzreport:<extid>", for id_term()

// What an incremental syzbot stage must rebuild (store_syzbot_changes.cpp).
struct SyzbotChanges {
    std::uint64_t generation = 0;     // newest writer generation in the index
    bool full = false;                // mails without a digest: rebuild everything
    std::vector<std::string> bugs;    // extids whose report and bisections to rebuild
    std::vector<Xapian::docid> mails; // every Ksyzbot mail those bugs need, ascending
};
// The changes since generation `since` (the stage's last run).
SyzbotChanges syzbot_changes(const Xapian::Database& db, std::uint64_t since);
// Calls f(docid) for each document holding both terms, ascending.
template <typename F>
void for_each_both(const Xapian::Database& db, const std::string& a, const std::string& b, F&& f) {
    auto pa = db.postlist_begin(a), ea = db.postlist_end(a);
    auto pb = db.postlist_begin(b), eb = db.postlist_end(b);
    while (pa != ea && pb != eb) {
        if (*pa < *pb)
            pa.skip_to(*pb);
        else if (*pb < *pa)
            pb.skip_to(*pa);
        else {
            f(*pa);
            ++pa, ++pb;
        }
    }
}

// Adds the terms above and the digest (value slot::syzbot) of a mail with a syzbot fact.
void add_syzbot_terms(Xapian::Document& doc, const Message& msg);
// What the syzbot stage reads of a mail, kept at index time so the stage need not parse it
// again: sender, date, subject facts, whether it carries a patch, and its SyzbotFacts.
std::string encode_syzbot_digest(const Message& msg);
// Fills those fields of `out` (and has_patches); false when `v` is not a digest.
bool decode_syzbot_digest(std::string_view v, Message& out, bool& has_patches);
void add_symptom_terms(Xapian::Document& doc, std::string_view title);
// The same for a title normalize_title() already gave.
void add_normalized_symptom_terms(Xapian::Document& doc, std::string_view norm);
std::string symptom_exact_term(std::string_view title);

// A small record format for report and bisection data: one "key\tvalue" line per field, keys
// may repeat, values escaped (\\ \n \t) so any bytes survive.
using Fields = std::vector<std::pair<std::string, std::string>>;
std::string encode_fields(const Fields& f);
Fields decode_fields(std::string_view data);
std::string field(const Fields& f, std::string_view key);
std::vector<std::string> field_list(const Fields& f, std::string_view key);
std::vector<std::string> split_unit(std::string_view s); // on \x1f

} // namespace lkmine::store_detail
