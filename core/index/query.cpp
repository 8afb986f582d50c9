// The query language (lore/lei prefixes from schema.hpp) to Xapian queries, with date ranges and
// clear errors.
#include "core/base/text.hpp"
#include "core/index/detail/xapian.hpp"

#include <cctype>
#include <ctime>
#include <set>

namespace lkmine::store_detail {
namespace {

using Xapian::Query;

[[noreturn]] void fail(const std::string& why) {
    throw Xapian::QueryParserError(why);
}

std::string strip_angles(std::string_view v) {
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
    return std::string(v);
}

Query or_all(std::vector<Query> qs) {
    if (qs.empty()) return Query::MatchNothing;
    return qs.size() == 1 ? qs[0] : Query(Query::OP_OR, qs.begin(), qs.end());
}

// Non-positional text (addresses, quoted lines, diff lines): the index-time tokenizer, all
// words required; a whole address is one term; a trailing '*' makes the last word a wildcard.
// With `stems`, a lowercase word of quoted text (q:) also matches the words of that database
// sharing its English stem, as the positional fields do.
class TextProcessor : public Xapian::FieldProcessor {
  public:
    TextProcessor(std::vector<std::string> prefixes, StemSource* stems,
                  std::shared_ptr<PhraseCache> phrases)
        : prefixes_(std::move(prefixes)), stems_(stems), phrases_(std::move(phrases)) {}
    Query operator()(const std::string& value) override {
        bool wild = !value.empty() && value.back() == '*';
        auto at = value.find('@');
        if (!wild && at != std::string::npos && at > 0) return any_prefix(lowercase_ascii(value));
        std::vector<std::string> words;
        for_each_word(value, [&](std::string_view w) { words.emplace_back(w); });
        // Several words were quoted (q:"a b"): as in any phrase, they match as written, and
        // in a row where the text can be checked (quoted text, diff lines).
        bool stem = words.size() == 1;
        if (words.size() > 1 && !wild && phrases_) {
            std::vector<Query> qs;
            for (const auto& p : prefixes_)
                if (phrase_checkable(p)) qs.push_back(checked_phrase(p, words, phrases_));
            if (qs.size() == prefixes_.size()) return or_all(std::move(qs));
        }
        std::vector<Query> parts;
        for (std::size_t i = 0; i < words.size(); ++i) {
            bool last_wild = wild && i + 1 == words.size();
            parts.push_back(any_prefix(words[i], last_wild, stem));
        }
        if (parts.empty()) return Query::MatchNothing;
        return Query(Query::OP_AND, parts.begin(), parts.end());
    }

  private:
    Query any_prefix(const std::string& word, bool wild = false, bool stem = false) const {
        std::vector<Query> qs;
        for (const auto& p : prefixes_) {
            qs.push_back(wild ? Query(Query::OP_WILDCARD, p + word) : Query(p + word));
            if (stems_ && stem && !wild && p == prefix_of("q") && stems_word(word))
                qs.push_back(stem_siblings(p, english_stem(word), *stems_));
        }
        return or_all(std::move(qs));
    }
    std::vector<std::string> prefixes_;
    StemSource* stems_;
    std::shared_ptr<PhraseCache> phrases_;
};

// Exact boolean terms; `fold` lowercases, `mid` strips <> and hashes long ids like the writer.
class BoolProcessor : public Xapian::FieldProcessor {
  public:
    BoolProcessor(std::string prefix, bool fold, bool mid)
        : prefix_(std::move(prefix)), fold_(fold), mid_(mid) {}
    Query operator()(const std::string& value) override {
        if (mid_) {
            auto id = strip_angles(value);
            // m: finds every mail of the id: the first and its copies with other content.
            if (prefix_ == term::id)
                return Query(Query::OP_OR, Query(id_term(id)), Query(copy_of_term(id)));
            return Query(prefix_ + id);
        }
        if (!value.empty() && value.back() == '*')
            return Query(Query::OP_WILDCARD, prefix_ + value.substr(0, value.size() - 1));
        return Query(prefix_ + (fold_ ? lowercase_ascii(value) : value));
    }

  private:
    std::string prefix_;
    bool fold_, mid_;
};

// Abbreviated object ids: matches when either the indexed id or the one asked for is an
// abbreviation of the other (mails write 7-12 digit blob ids, users paste 40).
class AbbrevProcessor : public Xapian::FieldProcessor {
  public:
    AbbrevProcessor(std::string prefix, std::string name)
        : prefix_(std::move(prefix)), name_(std::move(name)) {}
    Query operator()(const std::string& value) override {
        std::string v = lowercase_ascii(value);
        if (!v.empty() && v.back() == '*') v.pop_back();
        if (v.size() < 4 || v.find_first_not_of("0123456789abcdef") != std::string::npos)
            fail("bad object id '" + value + "' in " + name_ + ": (want at least 4 hex digits)");
        std::vector<Query> qs{Query(Query::OP_WILDCARD, prefix_ + v)};
        for (std::size_t n = 7; n < v.size() && n <= 40; ++n)
            qs.emplace_back(prefix_ + v.substr(0, n));
        return or_all(std::move(qs));
    }

  private:
    std::string prefix_, name_;
};

class DateProcessor : public Xapian::FieldProcessor {
  public:
    DateProcessor(std::string name, std::int64_t now, bool date_terms)
        : name_(std::move(name)), now_(now), date_terms_(date_terms) {}
    Query operator()(const std::string& value) override {
        auto dots = value.find("..");
        std::int64_t lo = 0, hi = 0;
        bool has_lo = false, has_hi = false;
        if (dots == std::string::npos) {
            if (!parse_date_bound(value, false, now_, lo) ||
                !parse_date_bound(value, true, now_, hi))
                bad(value);
            // "d:2.weeks.ago" and "d:last.week" mean since then; "d:20240101" that day.
            if (value.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) hi = now_;
            has_lo = has_hi = true;
        } else {
            std::string a = value.substr(0, dots), b = value.substr(dots + 2);
            if (!a.empty() && !(has_lo = parse_date_bound(a, false, now_, lo))) bad(a);
            if (!b.empty() && !(has_hi = parse_date_bound(b, true, now_, hi))) bad(b);
        }
        // d: works on whole days (UTC), as on lore; dt: to the second.
        bool exact = name_ == "dt:";
        if (!exact) {
            lo = day_number(lo) * 86400;
            hi = (day_number(hi) + 1) * 86400 - 1;
        }
        if (date_terms_ && has_lo) return date_range_query(lo, hi, has_hi, exact);
        auto ser = [](std::int64_t t) {
            return Xapian::sortable_serialise(static_cast<double>(t));
        };
        if (has_lo && has_hi) return Query(Query::OP_VALUE_RANGE, slot::date, ser(lo), ser(hi));
        if (has_lo) return Query(Query::OP_VALUE_GE, slot::date, ser(lo));
        if (has_hi) return Query(Query::OP_VALUE_LE, slot::date, ser(hi));
        return Query::MatchAll;
    }

  private:
    [[noreturn]] void bad(const std::string& v) const {
        fail("bad date '" + v + "' in " + name_ +
             ": (use YYYYMMDD, YYYY-MM-DD, YYYYMMDDHHMMSS or 2.weeks.ago)");
    }
    std::string name_;
    std::int64_t now_;
    bool date_terms_;
};

bool is_abbrev_field(std::string_view n) {
    return n == "dfpre" || n == "dfpost" || n == "commit" || n == "fixes" || n == "upstream" ||
           n == "reverts";
}

void configure(Xapian::QueryParser& qp, std::int64_t now, bool date_terms, StemSource* stems,
               const std::shared_ptr<PhraseCache>& phrases) {
    std::set<std::string> done;
    static const std::string unique_group; // empty grouping: each filter ANDed, as in lore
    for (const auto& row : kPrefixes) {
        std::string name = row.name;
        if (!done.insert(name).second) continue;
        auto rows = prefix_rows(name);
        bool positional = false;
        std::vector<std::string> prefixes;
        for (const auto& r : rows) {
            positional |= r.kind == PrefixInfo::text_positional;
            prefixes.push_back(r.term_prefix);
        }
        if (positional) {
            for (const auto& p : prefixes)
                qp.add_prefix(name, p);
        } else if (row.kind == PrefixInfo::range) {
            qp.add_boolean_prefix(name, (new DateProcessor(name + ":", now, date_terms))->release(),
                                  &unique_group);
        } else if (row.kind == PrefixInfo::text) {
            qp.add_boolean_prefix(name, (new TextProcessor(prefixes, stems, phrases))->release(),
                                  &unique_group);
        } else if (is_abbrev_field(name)) {
            qp.add_boolean_prefix(name, (new AbbrevProcessor(prefixes[0], name + ":"))->release(),
                                  &unique_group);
        } else {
            bool mid = name == "m" || name == "mid" || name == "series";
            bool fold = !mid && name != "thread" && name != "flag" && name != "dfn";
            bool alternatives = mid || name == "type" || name == "thread" || name == "v";
            auto* proc = (new BoolProcessor(prefixes[0], fold, mid))->release();
            if (alternatives)
                qp.add_boolean_prefix(name, proc, nullptr); // m:a m:b means either
            else
                qp.add_boolean_prefix(name, proc, &unique_group);
        }
    }
    // Bare words: subject, own text, quoted text and the diff, as b: and s: together.
    for (const auto& r : prefix_rows("bs"))
        qp.add_prefix("", r.term_prefix);
    // Unquoted words of free-text fields match by English stem (Z terms, expanded against the
    // index by expand_stems), as on lore; "quoted phrases" and words in Capitals as written.
    if (stems) {
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    }
    qp.set_default_op(Query::OP_AND);
    qp.set_max_expansion(2000, Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

// Xapian would read an unknown "foo:bar" as words; say so instead. Prefix names are read in any
// case ("F:Elver" is "f:Elver", as lore's users paste them): the returned query has them in
// lower case. A prefix with nothing after it ("f:", "f: x", "f:\"\"") is an error, not a
// search for everything.
// Each "name:" where the parser reads a prefix (outside quotes, at the start of a word):
// fn(i, j) with q[i, j) the name's letters and q[j] the ':'.
template <class Fn> void each_prefix_name(std::string_view q, Fn fn) {
    bool quoted = false;
    auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < q.size(); ++i) {
        char c = q[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        bool start = i == 0 || std::isspace(static_cast<unsigned char>(q[i - 1])) ||
                     q[i - 1] == '(' || q[i - 1] == '+' || q[i - 1] == '-';
        if (!start || !is_letter(c)) continue;
        std::size_t j = i;
        while (j < q.size() && is_letter(q[j]))
            ++j;
        if (j < q.size() && q[j] == ':') fn(i, j);
        i = j;
    }
}

std::string check_prefixes(std::string_view q) {
    std::string out(q);
    each_prefix_name(q, [&](std::size_t i, std::size_t j) {
        std::string name = lowercase_ascii(q.substr(i, j - i));
        if (prefix_rows(name).empty())
            fail("unknown prefix '" + std::string(q.substr(i, j - i + 1)) +
                 "' (known: " + prefix_names() + ")");
        std::string_view rest = q.substr(j + 1);
        if (rest.empty() || std::isspace(static_cast<unsigned char>(rest[0])) || rest[0] == ')' ||
            rest.substr(0, 2) == "\"\"")
            fail("empty value after '" + name + ":' (write it without a space: " + name +
                 ":word or " + name + ":\"two words\")");
        out.replace(i, j - i, name);
    });
    // Xapian reads an unclosed quote or parenthesis as if closed at the end: say so instead.
    bool quoted = false;
    int depth = 0;
    for (char c : q) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) fail("unbalanced parentheses: a ')' has no '('");
    }
    if (quoted) fail("unbalanced quotes: a '\"' has no closing '\"'");
    if (depth > 0) fail("unbalanced parentheses: a '(' has no ')'");
    return out;
}

// Whether the terms of this prefix have positions (a phrase can match them).
bool positional(std::string_view term_prefix) {
    for (const auto& r : kPrefixes)
        if (term_prefix == r.term_prefix) return r.kind == PrefixInfo::text_positional;
    return false;
}

// b:"two words" becomes a phrase on own prose (XNQ) OR on quoted text (XQUOT) OR on diff lines,
// which have no positions: as a Xapian phrase that half never matches, yet Xapian reads the
// position lists of every candidate to find out (84 ms of a 90 ms phrase search on 1M mails).
// With `phrases`, a phrase of quoted text or diff lines is checked on the candidates' text
// instead (checked_phrase); any other such phrase (NEAR, file names, blob ids) is dropped.
Query drop_positionless_phrases(const Query& q, bool& changed,
                                const std::shared_ptr<PhraseCache>& phrases) {
    auto type = q.get_type();
    if (type == Query::OP_PHRASE || type == Query::OP_NEAR) {
        std::vector<std::string> words;
        std::string_view prefix;
        bool same = true;
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
            auto p = term_prefix_of(*t);
            if (positional(p)) return q;
            if (!words.empty() && p != prefix) same = false;
            prefix = p;
            words.push_back((*t).substr(p.size()));
        }
        changed = true;
        if (phrases && type == Query::OP_PHRASE && same && phrase_checkable(prefix))
            return checked_phrase(std::string(prefix), words, phrases);
        return Query::MatchNothing;
    }
    if (type != Query::OP_AND && type != Query::OP_OR && type != Query::OP_AND_NOT &&
        type != Query::OP_AND_MAYBE && type != Query::OP_FILTER && type != Query::OP_XOR &&
        type != Query::OP_SYNONYM)
        return q; // leaves, and operators with parameters this cannot copy
    std::vector<Query> subs;
    bool below = false; // a change anywhere underneath, however deep
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(drop_positionless_phrases(q.get_subquery(i), below, phrases));
    if (!below) return q;
    changed = true;
    return Query(type, subs.begin(), subs.end());
}

Query drop_positionless_phrases(const Query& q, const std::shared_ptr<PhraseCache>& phrases) {
    bool changed = false;
    return drop_positionless_phrases(q, changed, phrases);
}

} // namespace

bool query_picks_type(std::string_view query) {
    if (query.find("type:") != std::string_view::npos) return true; // as parse_query reads it
    bool commits = false;
    each_prefix_name(query, [&](std::size_t i, std::size_t j) {
        const std::string name = lowercase_ascii(query.substr(i, j - i));
        commits |= name == "upstream" || name == "reverts" || name == "stable" || name == "ref";
    });
    return commits;
}

// What one query may cost is bounded: the parser's time and memory grow with the text (100k
// characters took 13 s and 2.2 GB) and matching with the terms. 2,000 ORs fit.
static Status check_query_size(std::string_view q) {
    if (q.size() > kMaxQueryBytes)
        return make_error("query too long: " + std::to_string(q.size()) + " bytes (at most " +
                          std::to_string(kMaxQueryBytes) + "); split it into several searches");
    std::size_t words = 0;
    for (std::size_t i = 0; i < q.size(); ++i)
        if (!text::is_space(q[i]) && (i == 0 || text::is_space(q[i - 1]))) ++words;
    if (words > kMaxQueryWords)
        return make_error("query has too many words: " + std::to_string(words) + " (at most " +
                          std::to_string(kMaxQueryWords) + "); split it into several searches");
    return ok_status();
}

Result<Xapian::Query> parse_query(std::string_view text, std::int64_t now, bool date_terms,
                                  const Xapian::Database* stems_from, bool check_phrases,
                                  StemSource* stem_tables) {
    if (Status size = check_query_size(text); !size) return make_error(size.error());
    std::string q(text);
    auto b = q.find_first_not_of(" \t\r\n");
    if (b == std::string::npos || q.substr(b, q.find_last_not_of(" \t\r\n") - b + 1) == "*")
        return Query(std::string(term::type) + "mail");
    try {
        q = check_prefixes(q);
        Xapian::QueryParser qp;
        auto phrases = check_phrases ? make_phrase_cache() : nullptr;
        StemSource walks;
        walks.db = stems_from;
        StemSource* stems = stems_from ? (stem_tables ? stem_tables : &walks) : nullptr;
        configure(qp, now, date_terms, stems, phrases);
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        Query parsed = drop_positionless_phrases(qp.parse_query(q, flags), phrases);
        if (stems) parsed = expand_stems(parsed, *stems);
        if (q.find("type:") != std::string::npos) return parsed;
        const char* type = query_picks_type(q) ? "commit" : "mail";
        return Query(Query::OP_FILTER, parsed, Query(std::string(term::type) + type));
    } catch (const Xapian::NetworkError&) {
        throw; // a remote shard lost while expanding stems: the reader reopens without it
    } catch (const Xapian::Error& e) {
        // Kept, not xapian_guard: a parser error is the user's typo, said in Xapian's words
        // without its class name ("Syntax: <expression> AND <expression>").
        return make_error("bad query '" + q + "': " + e.get_msg());
    }
}

} // namespace lkmine::store_detail
