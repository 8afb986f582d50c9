// Query-time English stemming: a stemmed query word ("Z" term) becomes the index words that share
// its Porter2 stem, so the index holds no stem terms.
#include "core/index/detail/xapian.hpp"

#include <algorithm>
#include <future>

namespace lkmine::store_detail {
namespace {

using Xapian::Query;

// Where a walk of the index words must start to meet every word whose stem is `stem`: Porter2
// only removes suffixes, except that a stem may end in a letter its words lack there: an added
// 'e' ("hoping" -> "hope"), 'i' for 'y' ("happy" -> "happi") and "bl" for "bil" ("capability"
// -> "capabl", via "ble"). Dropping that letter leaves a prefix of every such word.
std::string walk_start(std::string_view stem) {
    std::string s(stem);
    if (s.size() > 1 && (s.back() == 'e' || s.back() == 'i' || s.ends_with("bl"))) s.pop_back();
    return s;
}

// The stem's terms in every shard's table, sorted, read once per query: one metadata read per
// shard (a round trip each to a remote shard, made at once for all shards when `parallel`).
const std::vector<std::string>& table_terms(const std::string& stem, StemSource& from) {
    auto [it, fresh] = from.read.try_emplace(stem);
    if (!fresh) return it->second;
    const auto& shards = *from.tables;
    std::vector<std::vector<std::string>> each(shards.size());
    if (from.parallel && shards.size() > 1) {
        std::vector<std::future<std::vector<std::string>>> asked;
        for (const auto& shard : shards)
            asked.push_back(std::async(std::launch::async,
                                       [&shard, &stem] { return stem_table_terms(shard, stem); }));
        for (std::size_t i = 0; i < asked.size(); ++i)
            each[i] = asked[i].get(); // rethrows a shard's NetworkError
    } else {
        for (std::size_t i = 0; i < shards.size(); ++i)
            each[i] = stem_table_terms(shards[i], stem);
    }
    auto& all = it->second;
    for (auto& terms : each)
        all.insert(all.end(), terms.begin(), terms.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

// The words with `prefix` whose stem is `stem`, walked in the index: a walk stops after
// kMaxStemWalk words (a 2-letter start on a 1M-mail index is a few thousand).
std::vector<Query> walked_siblings(const std::string& prefix, const std::string& stem,
                                   const Xapian::Database& db) {
    std::string start = prefix + walk_start(stem);
    std::vector<Query> words;
    if (start.size() < prefix.size() + 2) {
        // "a", "i": the word itself only, never a walk over a letter's worth of words.
        if (db.term_exists(prefix + stem)) words.emplace_back(prefix + stem);
        return words;
    }
    std::size_t seen = 0;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
        if (++seen > kMaxStemWalk) break;
        const std::string& term = *t;
        if (english_stem(std::string_view(term).substr(prefix.size())) == stem)
            words.emplace_back(term);
    }
    return words;
}

} // namespace

// Spelled out (a writer asks this of every term of every mail): kStemmedPrefixes, checked by
// StemmedPrefix.EveryStemmedPrefixAndNoOther.
std::string_view stemmed_prefix_of(std::string_view term) {
    auto is = [&](std::string_view p) { return term.size() > p.size() && term.starts_with(p); };
    if (term.size() < 2) return {};
    if (term[0] == 'S') return "S";
    if (term[0] != 'X') return {};
    switch (term[1]) {
    case 'Q':
        return is("XQUOT") ? "XQUOT" : "";
    case 'N':
        return is("XNQ") ? "XNQ" : "";
    case 'D':
        if (term.size() < 5 || term[2] != 'F') return {};
        switch (term[3]) {
        case 'A':
            return "XDFA";
        case 'B':
            return "XDFB";
        case 'C':
            return is("XDFCTX") ? "XDFCTX" : "";
        case 'H':
            return is("XDFHH") ? "XDFHH" : "";
        case 'N':
            return "XDFN";
        case 'P':
            return is("XDFPRE") ? "XDFPRE" : is("XDFPOST") ? "XDFPOST" : "";
        }
    }
    return {};
}

Query stem_siblings(const std::string& prefix, const std::string& stem, StemSource& from) {
    std::vector<Query> words;
    if (from.tables && stem_in_table(stem)) {
        // The table's words, each under this prefix (a term the prefix lacks matches nothing),
        // and its older entries' terms of this prefix: they start with it and go on with a word
        // (none of those prefixes is the start of another's term).
        std::vector<std::string> terms;
        for (const auto& entry : table_terms(stem, from))
            if (stems_word(entry))
                terms.push_back(prefix + entry);
            else if (entry.size() > prefix.size() && entry.starts_with(prefix) &&
                     stems_word(std::string_view(entry).substr(prefix.size())))
                terms.push_back(entry);
        std::sort(terms.begin(), terms.end());
        terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
        words.assign(terms.begin(), terms.end());
    } else {
        words = walked_siblings(prefix, stem, *from.db);
    }
    if (words.empty()) return Query::MatchNothing;
    return words.size() == 1 ? words[0] : Query(Query::OP_SYNONYM, words.begin(), words.end());
}

namespace {

bool rebuildable(Query::op type) {
    return type == Query::OP_AND || type == Query::OP_OR || type == Query::OP_AND_NOT ||
           type == Query::OP_AND_MAYBE || type == Query::OP_FILTER || type == Query::OP_XOR ||
           type == Query::OP_SYNONYM;
}

Query expand_stems(const Query& q, StemSource& from, bool& changed) {
    auto type = q.get_type();
    if (type == Query::LEAF_TERM) {
        std::string term = *q.get_terms_begin();
        // A "Z" term: "ZXNQlock" is the stem "lock" of XNQ.
        auto prefix = term.starts_with('Z') ? stemmed_prefix_of(std::string_view(term).substr(1))
                                            : std::string_view();
        if (prefix.empty()) return q;
        changed = true;
        return stem_siblings(std::string(prefix), term.substr(1 + prefix.size()), from);
    }
    if (!rebuildable(type)) return q; // phrases (never stemmed) and operators with parameters
    std::vector<Query> subs;
    bool below = false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_stems(q.get_subquery(i), from, below));
    if (!below) return q;
    changed = true;
    return Query(type, subs.begin(), subs.end());
}

} // namespace

Query expand_stems(const Query& q, StemSource& from) {
    bool changed = false;
    return expand_stems(q, from, changed);
}

} // namespace lkmine::store_detail
