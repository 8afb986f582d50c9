// Private to the store_*.cpp files: syzbot terms on mails, and the report and bisection documents.
#pragma once

#include "core/message.hpp"

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lkmine::store_detail {

/*
 * syzbot documents (written by the syzbot stage, store_syzbot_stage.cpp, in shard 0):
 *
 *   report     Treport, XSYZsyzbot+<extid> (key), XSYMPTOM words and XSYMT exact titles.
 *              Data (fields, below): extid title normalized first last reports mails status
 *              report_msgid, and repeated fix (title \x1f method \x1f msgid), mail, thread,
 *              bisection (key term of a bisection document).
 *   bisection  Tbisection, Q<key>, XCOMMIT<culprit sha>, XSYZ (when known), symptoms.
 *              From a result mail: key "bisectmail:<msgid>", flag Kbisect-mail; fields kind
 *              extid sha subject author date source inconclusive log_link. Rebuilt by each stage.
 *              From a log file: key "bisectlog:<sha1 of the text>", flag Kbisect-log; fields
 *              source and text (the whole log, parsed again when read). Kept across stages.
 *
 * Mails with any syzbot fact carry Ksyzbot, XSYZ for the bug they are about and the bugs
 * their Reported-by names, and symptom terms for each crash title their text carries:
 * XSYMPTOM (words of the normalised title, lowercase, no positions) and XSYMT (the whole
 * normalised title, lowercase: one boolean term, so variants of a title match exactly).
 */
inline constexpr const char* kSymptomWords = "XSYMPTOM";
inline constexpr const char* kSymptomExact = "XSYMT";
inline constexpr const char* kCommit = "XCOMMIT";

// Adds the terms above and the digest (value slot::syzbot) of a mail with a syzbot fact.
void add_syzbot_terms(Xapian::Document& doc, const Message& msg);
// What the syzbot stage reads of a mail, kept at index time so the stage need not parse it
// again: sender, date, subject facts, whether it carries a patch, and its SyzbotFacts.
std::string encode_syzbot_digest(const Message& msg);
// Fills those fields of `out` (and has_patches); false when `v` is not a digest.
bool decode_syzbot_digest(std::string_view v, Message& out, bool& has_patches);
void add_symptom_terms(Xapian::Document& doc, std::string_view title);
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
