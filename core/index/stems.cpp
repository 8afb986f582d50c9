// Query-time English stemming: a stemmed query word ("Z" term) becomes the index words that share
// its Porter2 stem, so the index holds no stem terms.
#include "core/index/detail/xapian.hpp"

namespace lkmine::store_detail {
namespace {

using Xapian::Query;

// The term prefixes of free text (s:, b:, bs:, nq:, q:, bare words: schema.hpp) whose words
// match by stem; none is the start of another.
constexpr const char* kStemmedPrefixes[] = {
    prefix_of("q"),     prefix_of("nq"),     prefix_of("dfctx"), prefix_of("dfhh"),
    prefix_of("dfpre"), prefix_of("dfpost"), prefix_of("dfa"),   prefix_of("dfb"),
    prefix_of("dfn"),   prefix_of("s")};

// Where a walk of the index words must start to meet every word whose stem is `stem`: Porter2
// only removes suffixes, except that a stem may end in a letter its words lack there: an added
// 'e' ("hoping" -> "hope"), 'i' for 'y' ("happy" -> "happi") and "bl" for "bil" ("capability"
// -> "capabl", via "ble"). Dropping that letter leaves a prefix of every such word.
std::string walk_start(std::string_view stem) {
    std::string s(stem);
    if (s.size() > 1 && (s.back() == 'e' || s.back() == 'i' || s.ends_with("bl"))) s.pop_back();
    return s;
}

} // namespace

// A walk stops after kMaxStemWalk words: a 2-letter start on a 1M-mail index is a few thousand.
Query stem_siblings(const std::string& prefix, const std::string& stem,
                    const Xapian::Database& db) {
    std::string start = prefix + walk_start(stem);
    std::vector<Query> words;
    if (start.size() < prefix.size() + 2) {
        // "a", "i": the word itself only, never a walk over a letter's worth of words.
        if (db.term_exists(prefix + stem)) words.emplace_back(prefix + stem);
    } else {
        std::size_t seen = 0;
        for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
            if (++seen > kMaxStemWalk) break;
            const std::string& term = *t;
            if (english_stem(std::string_view(term).substr(prefix.size())) == stem)
                words.emplace_back(term);
        }
    }
    if (words.empty()) return Query::MatchNothing;
    return words.size() == 1 ? words[0] : Query(Query::OP_SYNONYM, words.begin(), words.end());
}

namespace {

// The stemmed prefix of a "Z" term ("ZXNQlock" -> "XNQ"), or nullptr for other terms.
const char* stemmed_prefix(std::string_view term) {
    if (!term.starts_with('Z')) return nullptr;
    for (const char* p : kStemmedPrefixes)
        if (term.substr(1).starts_with(p)) return p;
    return nullptr;
}

bool rebuildable(Query::op type) {
    return type == Query::OP_AND || type == Query::OP_OR || type == Query::OP_AND_NOT ||
           type == Query::OP_AND_MAYBE || type == Query::OP_FILTER || type == Query::OP_XOR ||
           type == Query::OP_SYNONYM;
}

Query expand_stems(const Query& q, const Xapian::Database& db, bool& changed) {
    auto type = q.get_type();
    if (type == Query::LEAF_TERM) {
        std::string term = *q.get_terms_begin();
        const char* prefix = stemmed_prefix(term);
        if (!prefix) return q;
        changed = true;
        return stem_siblings(prefix, term.substr(1 + std::char_traits<char>::length(prefix)), db);
    }
    if (!rebuildable(type)) return q; // phrases (never stemmed) and operators with parameters
    std::vector<Query> subs;
    bool below = false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_stems(q.get_subquery(i), db, below));
    if (!below) return q;
    changed = true;
    return Query(type, subs.begin(), subs.end());
}

} // namespace

Query expand_stems(const Query& q, const Xapian::Database& db) {
    bool changed = false;
    return expand_stems(q, db, changed);
}

} // namespace lkmine::store_detail
