// The index schema: document types, term prefixes and value slots, shared by writer, query parser
// and CLI help.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

/*
 * One lkmine index directory holds Xapian shards (DIR/shard0, DIR/shard1, ...) that are
 * searched as one database. Every document has exactly one type term and one unique key term.
 *
 * Shards (count fixed at creation, "lkmine:shards"): a mail or ghost lives in shard
 * fnv1a(Message-ID) % N, so its Q term is in exactly one shard. Threads are global: one writer
 * thread owns the msgid -> thread map and decides threads, ghosts and merges in arrival order
 * (the oldest thread id wins a merge, so the result does not depend on N); a merge is sent to
 * every shard, which rewrites its own G terms. Workers build the documents; each shard has its
 * own writer thread. Every commit records in EVERY shard the same "lkmine:generation", thread
 * counter and source states; a run resumes from the shards with the lowest generation (a kill
 * between shard commits leaves the others one ahead: their mails are re-read and deduplicated
 * by Q<msgid>, their ghosts and merges re-derived) and takes the highest thread counter.
 * A stub file DIR/XAPIANDB ("auto shard0", "remote HOST:PORT") adds remote shards served by
 * xapian-tcpsrv; readers open it when present. Thread ids start at a random 24-bit prefix so
 * separately built indexes searched together do not share ids.
 *
 *   type     one per                                  key term        type term
 *   mail     distinct message (Message-ID + content)  Q<msgid>        Tmail
 *   ghost    Message-ID referenced but not yet seen   Q<msgid>        Tghost
 *   commit   commit of an indexed git repository      Q<sha>          Tcommit
 *   bisection syzbot bisection (log or result mail)   Q<log/mail id>  Tbisection
 *   report   syzbot bug aggregating its report mails  Qsyzreport:<extid> Treport
 *
 * Message-IDs whose key term would pass Xapian's 245-byte term limit are replaced by
 * "lkmine-sha1-<sha1 of the id>"; every other over-long term is dropped (never truncated, so
 * a term never matches something it was not).
 *
 * Mail documents carry these terms (prefix, positional or not, how produced):
 *
 *   S        subject words, with positions (TermGenerator)
 *   XNQ      the mail's own prose (body minus quoted lines and inline diffs, but for the diff
 *            lines lore reads as text: "diff --git", mode, rename, binary; schema 7), with
 *            positions; then the attached text parts (schema 4; core/index/mail_text.hpp)
 *            No stem terms (Z...): as index terms they cost +55% index CPU. A query word of
 *            S, XNQ or XQUOT matches the index words sharing its English (Porter2) stem,
 *            found at query time (stems.cpp), as lore's stemmed search does.
 *   XQUOT    words of quoted lines ("> ..."; also in attached text parts), no positions (hand
 *            tokenizer); a phrase on it is decided by the mail's pair hashes (value slot 6,
 *            schema 8; schema 7: checked on the text for three words or more,
 *            phrase_check.cpp)
 *   A XTO XCC  From / To / Cc: words of names and addresses plus each whole lowercase address
 *   XRB XAB XTB  addresses (and name words) of Reviewed-by / Acked-by / Tested-by trailers
 *   XDFN     file names touched by a patch: every run of path components ("include/linux/
 *            fscrypt.h", "linux/fscrypt.h", "fscrypt.h", "include", ...; schema 2), as lore
 *            reads dfn: as a phrase of components; paths over 16 components: whole path,
 *            single components, heads and tails
 *   XDFA XDFB  words of removed / added diff lines
 *   XDFCTX   words of diff context lines
 *   XDFHH    words of hunk headers (the function after the second "@@")
 *   XDFPRE XDFPOST  pre/post-image blob ids from "index" lines, as written (abbreviated)
 *   XDFID    git patch-id --stable (40 hex)
 *   XL       list id ("linux-mm.kvack.org"); a cross-post has one per list
 *   XFIXES   commit ids named by Fixes: trailers
 *   XREF     (commits) each indexed ref containing it, "TREE:REF" ("linux:master")
 *   XSTABLE  (commits) stable series containing it: on a linux-X.Y.y ref, or the upstream of
 *            a backport there ("6.1")
 *   XUPSTREAM (commits) the upstream commit of a stable backport (upstream line, else patch
 *            id, else same author, subject and author date)
 *   XREVERTS (commits) the commit a revert undoes
 *   XNS      (commits) hash of author address and normalised subject (backport candidates)
 *   XSYZ     syzbot extid ("syzbot+0123abcd") from Reported-by trailers and addresses
 *   XSERIES  Message-ID of the mail heading the patch series (cover letter or first patch)
 *   XV       series revision ("2" for [PATCH v2])
 *   K        flags: no-message-id, recovered, duplicate-differs, has-warnings, truncated (cut
 *            at the size cap), patch, reply
 *   G        thread id (16 hex digits); ghosts carry it too, so a thread is one term query
 *   XCOMMIT  linked commit ids (written by the link stage)
 *   XSYMPTOM normalised crash title words (written by the syzbot stage)
 *   XSYMT    the whole normalised crash title, one boolean term (mails and reports)
 *   XSYZT    (reports) the thread ids of the report's mails
 *   XDY XDM XDD  year ("XDY2022"), month ("XDM202207") and day ("XDD20220719") of the date,
 *            UTC; also on commits and reports. d:/dt: ranges are driven by them, and a
 *            newest-first search looks at the newest week, then 4, 16, 64... weeks before
 *            searching everything (store_date_terms.cpp, StoreReader::search). Metadata
 *            "lkmine:date-terms-v2" = "1" says every dated document has them (an index begun
 *            before them has not).
 *   XGEN     the writer generation of each write of the document (hex; store_xapian.hpp), so
 *            the syzbot stage rebuilds only the bugs of threads written since its last run
 *
 * Value slots: 0 date (sortable_serialise of epoch seconds), 1 thread id (string),
 * 2 raw size in bytes (sortable_serialise), 3 series revision (sortable_serialise), 4 the
 * syzbot digest of a mail with a syzbot fact (store_syzbot.cpp), so the syzbot stage does not
 * parse those mails again, 5 a mail's result line: 8 bytes of date that sort as the dates do,
 * then its summary and thread id (codec.cpp encode_line). Search sorts newest-first on it, so
 * each match brings its line along (MSetIterator::get_sort_key) and a remote shard is not asked
 * for each result's document (Xapian 1.4's remote backend reads them one round trip each),
 * 6 (schema 8) the 48-bit hashes of the pairs of words in a row within one chunk of quoted
 * text (XQUOT), each hash tied to its prefix, in text order (a 0 where a chunk could seem to
 * continue the previous one's last pair; core/index/phrase_pairs.hpp); 7, 10, 11, 12 the same of
 * removed, added, context lines and hunk headers (one line a chunk): a phrase over those
 * prefixes reads its prefix's value of the mails holding its words instead of the mails
 * (phrase_check.cpp), its pairs one after the other there. Schema 7 held the distinct hashes
 * of every prefix in 6 only, in no useful order.
 *
 * Document data: a length-prefixed binary record (see store_codec.cpp): summary fields,
 * In-Reply-To/References (to rebuild thread trees), content hash, other copies, raw bytes.
 *
 * Metadata (in every shard): "source:<key>" resume state of each source, "problems:<key>" the
 * mails it could not read (retried by the next run; index/detail/xapian.hpp), "lkmine:next-thread"
 * thread counter, "lkmine:generation" commit count, "lkmine:shards", "lkmine:date-terms-v2",
 * "lkmine:stem-table" and "lkmine:stem:<stem>" (the stem table, schema 6), "lkmine:schema"
 * (kSchemaVersion of the oldest lkmine that wrote documents into it), all written in the same
 * commit as the documents. Shard 0 also holds "syzbot:generation", the newest generation the syzbot
 * stage has seen (store_syzbot.hpp), and for the commit stage "git:repo"/"git:more-repos" (the
 * trees), "git:ref:<TREE:REF>" (tip indexed), "git:refkind:<TREE:REF>" (mainline, next, tree,
 * "stable X.Y"), "git:tag:<TREE>:<tag>" (tags whose commits carry their first tag).
 */

// The version of this schema, kept in the index's "lkmine:schema". An index that lacks it was
// begun before versions were kept (0); one with a higher version was written by a newer lkmine
// and is refused. Raise it whenever documents change in a way older readers would misread or
// newer features need (and say in `lkmine stats` what a rebuild brings).
// 2: XDFN runs of path components (dfn: path tails).
// 3: patch ids of mails as `git am` reads them (blank context lines that lost their space,
//    wrapped hunk headers, git patch-id's own reading of damaged diffs; core/patch/patch_id.hpp
//    mail_patch_ids): the patchid: terms and stored ids of about 1% of patch mails change.
// 4: attached text parts (a log or a patch file sent as an attachment) searched as body text
//    (XNQ, XQUOT), as lore indexes every text part; before, only their diff lines were
//    (mail_text.hpp). Query results on an older index miss words found only in attachments.
// 5: the result line of every mail (value slot::line), which search reads instead of the
//    documents; an index of schema 4 or older is searched as before (one document read per result).
// 6: the stem table (metadata "lkmine:stem:<stem>": the terms of S, XNQ, XQUOT and XDF* whose
//    word has that English stem; "lkmine:stem-table" when every document is in it), from
//    which a search reads a word's stem-siblings instead of walking the index words of every
//    prefix (10 walks per word and shard; a round trip each to a remote shard). An index
//    begun by an older lkmine is searched with the walks, with the same answers.
// 7: the pairs of words in a row in quoted text and diff lines (value slot::pairs), so a
//    phrase there is answered by the index (two words) or checked only on the mails holding
//    all its pairs; and the lines of a diff lore reads as own text ("diff --git a/x b/x", mode,
//    rename and binary lines) in XNQ, so nq:/b: find the words of file names there. On an older
//    index a phrase is checked on every mail holding its words (slower), and nq: misses those
//    words.
// 8: the pair hashes in text order, not only the distinct ones, so a phrase of three words or
//    more is decided by the index too (its pairs one after the other) instead of by reading
//    each candidate mail from git; quoted text's in slot::pairs, each diff prefix's in its own
//    slot. On a schema 7 index those mails are still read. The stem table's entries are words
//    ("races"), once for all prefixes; older entries are terms ("XQUOTraces"), still read.
inline constexpr int kSchemaVersion = 8;

struct PrefixInfo {
    const char* name;        // what the user types, without ':': "s"
    const char* term_prefix; // Xapian term prefix: "S"; "" for value ranges
    enum Kind { text_positional, text, boolean, range } kind;
    const char* help;
};

// A user-visible name may appear on several rows (a: is From, To and Cc): the query parser
// searches every row of that name and ORs them.
inline constexpr PrefixInfo kPrefixes[] = {
    {"s", "S", PrefixInfo::text_positional, "subject"},
    {"f", "A", PrefixInfo::text, "From: name or address"},
    {"t", "XTO", PrefixInfo::text, "To: name or address"},
    {"c", "XCC", PrefixInfo::text, "Cc: name or address"},
    {"a", "A", PrefixInfo::text, "any address (From, To, Cc)"},
    {"a", "XTO", PrefixInfo::text, "any address (From, To, Cc)"},
    {"a", "XCC", PrefixInfo::text, "any address (From, To, Cc)"},
    // b:, bs: and nq: cover the diff as lore's do (its "non-quoted body": XNQ and the XDF*
    // prefixes but the patch id).
    {"b", "XNQ", PrefixInfo::text_positional, "body (own and quoted text, diffs included)"},
    {"b", "XQUOT", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFA", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFB", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFCTX", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFHH", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFN", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFPRE", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"b", "XDFPOST", PrefixInfo::text, "body (own and quoted text, diffs included)"},
    {"bs", "S", PrefixInfo::text_positional, "body and subject"},
    {"bs", "XNQ", PrefixInfo::text_positional, "body and subject"},
    {"bs", "XQUOT", PrefixInfo::text, "body and subject"},
    {"bs", "XDFA", PrefixInfo::text, "body and subject"},
    {"bs", "XDFB", PrefixInfo::text, "body and subject"},
    {"bs", "XDFCTX", PrefixInfo::text, "body and subject"},
    {"bs", "XDFHH", PrefixInfo::text, "body and subject"},
    {"bs", "XDFN", PrefixInfo::text, "body and subject"},
    {"bs", "XDFPRE", PrefixInfo::text, "body and subject"},
    {"bs", "XDFPOST", PrefixInfo::text, "body and subject"},
    {"nq", "XNQ", PrefixInfo::text_positional, "unquoted body text, diffs included"},
    {"nq", "XDFA", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFB", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFCTX", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFHH", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFN", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFPRE", PrefixInfo::text, "unquoted body text, diffs included"},
    {"nq", "XDFPOST", PrefixInfo::text, "unquoted body text, diffs included"},
    {"q", "XQUOT", PrefixInfo::text, "quoted body text"},
    {"m", "Q", PrefixInfo::boolean, "Message-ID"},
    {"mid", "Q", PrefixInfo::boolean, "Message-ID"},
    {"l", "XL", PrefixInfo::boolean, "List-Id, e.g. l:linux-ext4.vger.kernel.org"},
    {"d", "", PrefixInfo::range,
     "date range, whole days (UTC): d:20240101..20240201, d:2.weeks.ago.., d:last.week"},
    {"dt", "", PrefixInfo::range, "date-time range: dt:20240101120000..20240102"},
    {"dfn", "XDFN", PrefixInfo::boolean, "file name in a patch (path or component)"},
    {"dfa", "XDFA", PrefixInfo::text, "removed diff lines"},
    {"dfb", "XDFB", PrefixInfo::text, "added diff lines"},
    {"dfhh", "XDFHH", PrefixInfo::text, "diff hunk header (function name)"},
    {"dfctx", "XDFCTX", PrefixInfo::text, "diff context lines"},
    {"dfpre", "XDFPRE", PrefixInfo::boolean, "pre-image blob id (any abbreviation >= 7)"},
    {"dfpost", "XDFPOST", PrefixInfo::boolean, "post-image blob id (any abbreviation >= 7)"},
    {"patchid", "XDFID", PrefixInfo::boolean, "git patch-id --stable"},
    {"commit", "XCOMMIT", PrefixInfo::boolean, "linked commit id (any abbreviation >= 7)"},
    {"fixes", "XFIXES", PrefixInfo::boolean, "commit named by a Fixes: trailer"},
    {"upstream", "XUPSTREAM", PrefixInfo::boolean,
     "stable backports of an upstream commit (any abbreviation >= 7)"},
    {"reverts", "XREVERTS", PrefixInfo::boolean, "reverts of a commit (any abbreviation >= 7)"},
    {"stable", "XSTABLE", PrefixInfo::boolean,
     "commit in a stable series, itself or by a backport: stable:6.1"},
    {"ref", "XREF", PrefixInfo::boolean, "commit contained by an indexed ref: ref:linux:master"},
    {"symptom", "XSYMPTOM", PrefixInfo::text, "normalised crash title"},
    {"syz", "XSYZ", PrefixInfo::boolean, "syzbot extid, e.g. syz:syzbot+0123abcd"},
    {"series", "XSERIES", PrefixInfo::boolean, "Message-ID heading the patch series"},
    {"v", "XV", PrefixInfo::boolean, "series revision: v:2"},
    {"rb", "XRB", PrefixInfo::text, "Reviewed-by address"},
    {"ab", "XAB", PrefixInfo::text, "Acked-by address"},
    {"tb", "XTB", PrefixInfo::text, "Tested-by address"},
    {"type", "T", PrefixInfo::boolean, "document type: mail ghost commit bisection report"},
    {"thread", "G", PrefixInfo::boolean, "thread id"},
    {"flag", "K", PrefixInfo::boolean,
     "flag: recovered duplicate-differs no-message-id truncated ..."},
};

std::vector<PrefixInfo> prefix_table();
// Every row named `name` (several for a:, b:, bs:); empty when the prefix is unknown.
std::vector<PrefixInfo> prefix_rows(std::string_view name);
// "s: f: t: ..." once each, for error messages and help.
std::string prefix_names();

// Term prefixes written but named by no user prefix (see the comment above), each with the
// name prefix_of() knows it by. The query parser never looks here.
struct InternalPrefix {
    const char* name;
    const char* term_prefix;
};
inline constexpr InternalPrefix kInternalPrefixes[] = {
    {"generation", "XGEN"}, // writer generation of each write
    {"year", "XDY"},        // date terms: year, month, day
    {"month", "XDM"},
    {"day", "XDD"},
    {"bug-thread", "XSYZT"},    // syzbot report: threads of its mails
    {"symptom-exact", "XSYMT"}, // syzbot report: the whole normalised title
    {"subject-key", "XNS"},     // commit: hash of author address and normalised subject
    {"copy-key", "XCOPY"},      // a mail reusing a Message-ID with other content: its key
    {"copy-of", "XCOPYOF"},     // ... and the Message-ID it reuses (index/detail/xapian.hpp)
};

// The term prefix of the user prefix `name` (its first row) or of an internal prefix, at
// compile time: the writer and the stages spell every prefix through it, so this table drives
// the writer and the query parser alike; a name that is not in the table does not compile.
consteval const char* prefix_of(std::string_view name) {
    for (const auto& p : kPrefixes)
        if (std::string_view(p.name) == name) return p.term_prefix;
    for (const auto& p : kInternalPrefixes)
        if (std::string_view(p.name) == name) return p.term_prefix;
    throw "prefix_of: no such prefix in kPrefixes"; // not a constant: a compile error
}

// The longest prefix of the schema (a kPrefixes term prefix or an internal one) that `term`
// starts with; "" when none does: a term the schema does not know.
std::string_view term_prefix_of(std::string_view term);

namespace slot {
inline constexpr unsigned date = 0;
inline constexpr unsigned thread = 1;
inline constexpr unsigned size = 2;
inline constexpr unsigned revision = 3;
inline constexpr unsigned syzbot = 4; // mails with a syzbot fact: what the syzbot stage needs
inline constexpr unsigned line = 5; // mails: date, then the result line (store_detail encode_line)
// mails: hashes of words in a row (phrase_pairs.hpp): schema 7 the distinct ones of every
// prefix in `pairs`; schema 8 each prefix's in text order, quoted text in `pairs`, the diff
// prefixes in their own slots (a phrase reads only its prefix's pairs)
inline constexpr unsigned pairs = 6;
inline constexpr unsigned pairs_dfa = 7;
// 8 and 9: the link stage's kCommitSlot and kLinksSlot (core/index/links.hpp)
inline constexpr unsigned pairs_dfb = 10;
inline constexpr unsigned pairs_dfctx = 11;
inline constexpr unsigned pairs_dfhh = 12;
} // namespace slot

namespace term {
inline constexpr const char* id = "Q";
inline constexpr const char* type = "T";
inline constexpr const char* thread = "G";
inline constexpr const char* list = "XL";
inline constexpr const char* flag = "K";
inline constexpr std::size_t max_length = 245; // Xapian glass limit, bytes
} // namespace term

} // namespace lkmine
