// Phrases over the prefixes without positions (quoted text, diff lines): the mails whose pair
// hashes hold the phrase's pairs one after the other (schema 8); on a schema 7 shard those
// holding each pair, kept when two words, else when the mail's text has the words in a row
// within one chunk; on an older shard every mail holding the words is checked on its text.
#include "core/index/detail/xapian.hpp"
#include "core/index/mail_text.hpp"
#include "core/index/phrase_pairs.hpp"
#include "core/index/raw_phrase.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/segments.hpp"
#include "core/patch/diff.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

namespace lkmine::store_detail {

// What lore gives each of these prefixes its own positions for, one chunk per run (a phrase
// never spans two chunks): a run of quoted lines (its '>' marks are no words, so a phrase may
// wrap from one quoted line to the next, as on lore), one removed, added or context line of a
// diff, one hunk header. A chunk is its words as the index tokenizer cut them.
struct MailChunks {
    using Chunk = std::vector<std::string>;
    std::map<std::string, std::vector<Chunk>, std::less<>> by_prefix;
};

struct PhraseCache {
    std::mutex lock;
    std::map<std::pair<std::string, Xapian::docid>, std::shared_ptr<const MailChunks>> mails;
    // (words, shard uuid, docid) whose raw bytes rule the phrase out: not read again for the
    // phrase's other prefixes or date windows.
    std::set<std::tuple<std::string, std::string, Xapian::docid>> ruled_out;
};

std::shared_ptr<PhraseCache> make_phrase_cache() {
    return std::make_shared<PhraseCache>();
}

bool phrase_checkable(std::string_view prefix) {
    return prefix == prefix_of("q") || prefix == prefix_of("dfa") || prefix == prefix_of("dfb") ||
           prefix == prefix_of("dfctx") || prefix == prefix_of("dfhh");
}

namespace {

// Stop checking after this many candidates per shard: a phrase of very common words would
// read most mails of the index; the candidates beyond are left out.
constexpr std::size_t kMaxPhraseChecks = 10000;

MailChunks::Chunk words_of(std::string_view text) {
    MailChunks::Chunk out;
    for_each_word(text, [&](std::string_view w) { out.emplace_back(w); });
    return out;
}

// The same cut as the writer's (terms.cpp add_body, add_patches), of a record with its raw mail.
std::shared_ptr<const MailChunks> chunks_of(DocRecord& rec) {
    auto out = std::make_shared<MailChunks>();
    Message parsed = parse_message({rec.raw, {rec.origin, ""}}), copy;
    const Message& msg = indexed_text(parsed, rec.raw, copy);
    std::string_view body = msg.body_text;
    auto& quot = out->by_prefix[prefix_of("q")];
    for (const BodySegment& seg : segment_body(body, msg.patches))
        if (seg.kind == BodySegment::Kind::quote)
            quot.push_back(words_of(body.substr(seg.begin, seg.end - seg.begin)));
    for (const auto& p : msg.patches) {
        for (const auto& f : p.files)
            for (const auto& h : f.hunk_headers)
                out->by_prefix[prefix_of("dfhh")].push_back(words_of(h));
        DiffTerms dt = diff_terms(p);
        for (const auto& l : dt.removed)
            out->by_prefix[prefix_of("dfa")].push_back(words_of(l));
        for (const auto& l : dt.added)
            out->by_prefix[prefix_of("dfb")].push_back(words_of(l));
        for (const auto& l : dt.context)
            out->by_prefix[prefix_of("dfctx")].push_back(words_of(l));
    }
    return out;
}

bool has_run(const MailChunks& m, std::string_view prefix, const std::vector<std::string>& words) {
    auto it = m.by_prefix.find(prefix);
    if (it == m.by_prefix.end()) return false;
    for (const auto& c : it->second)
        if (std::search(c.begin(), c.end(), words.begin(), words.end()) != c.end()) return true;
    return false;
}

// The matching mails of one shard (Xapian inits a clone per sub-database): the documents holding
// every word under the prefix (a leapfrog over their posting lists), then those whose pair
// hashes hold the phrase's pairs in a row (schema 8: decided there, whatever its length) or
// every pair of it (schema 7: a two-word phrase is decided there, a longer one checked on the
// text); on an older shard each is checked on the text; each only when the matcher reaches it.
// Lazy, so a search that asks only for one date window or a few newest hits reads only the
// candidates it meets (the AND with the window calls skip_to with the window's documents). Not
// serialisable: a remote shard cannot run it.
class PhraseSource : public Xapian::PostingSource {
  public:
    PhraseSource(std::string prefix, std::vector<std::string> words,
                 std::shared_ptr<PhraseCache> cache)
        : prefix_(std::move(prefix)), words_(std::move(words)), cache_(std::move(cache)) {
        for (const auto& w : words_)
            words_key_.append(w).push_back(' ');
    }

    PhraseSource* clone() const override { return new PhraseSource(prefix_, words_, cache_); }

    void init(const Xapian::Database& db) override {
        db_ = db;
        its_.clear();
        current_ = 0;
        done_ = false;
        checked_ = 0;
        est_ = 0;
        // Schema 7 shards hold each mail's distinct pairs of words in a row (slot::pairs): a
        // candidate whose value lacks a pair of the phrase is ruled out there, one holding the
        // pair of a two-word phrase holds the phrase; longer phrases are checked on the text.
        // (A mail a newer lkmine added there has them in text order in its prefix's slot.)
        // Schema 8 shards hold them in text order, one slot per prefix: the phrase is there
        // when its pairs follow each other.
        pairs_.clear();
        const int schema = schema_of(db);
        use_pairs_ = schema >= 7 && words_.size() >= 2;
        chained_ = schema >= 8;
        if (use_pairs_) {
            values_ = db.valuestream_begin(chained_ ? pairs_slot(prefix_) : slot::pairs);
            newer_ = Xapian::ValueIterator();
            if (!chained_ && pairs_slot(prefix_) != slot::pairs)
                newer_ = db.valuestream_begin(pairs_slot(prefix_));
            for (std::size_t i = 0; i + 1 < words_.size(); ++i)
                pairs_.push_back(
                    pair_hash(prefix_, word_hash(words_[i]), word_hash(words_[i + 1])));
        }
        std::vector<std::string> terms;
        for (const auto& w : words_)
            terms.push_back(prefix_ + w);
        for (const auto& t : terms) {
            Xapian::doccount tf = db.get_termfreq(t);
            if (tf == 0) {
                done_ = true;
                return;
            }
            est_ = its_.empty() ? tf : std::min(est_, tf);
            its_.push_back(db.postlist_begin(t));
        }
        uuid_ = db.get_uuid();
    }

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return est_ / 2; }
    Xapian::doccount get_termfreq_max() const override { return est_; }
    void next(double) override { advance(current_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (!done_ && did > current_) advance(did);
    }
    bool at_end() const override { return done_; }
    Xapian::docid get_docid() const override { return current_; }
    std::string get_description() const override { return "PhraseSource(" + prefix_ + ")"; }

  private:
    // The first candidate at or after did whose text has the words in a row.
    void advance(Xapian::docid did) {
        while (!done_) {
            if (checked_ >= kMaxPhraseChecks) {
                done_ = true;
                return;
            }
            bool all = true;
            for (auto& p : its_) {
                p.skip_to(did);
                if (p == Xapian::PostingIterator()) {
                    done_ = true;
                    return;
                }
                if (*p != did) did = *p, all = false;
            }
            if (!all) continue;
            if (use_pairs_) {
                if (!holds_pairs(did)) {
                    ++did;
                    continue;
                }
                if (chained_ || words_.size() == 2) {
                    current_ = did;
                    return;
                }
            }
            ++checked_;
            if (holds_run(did)) {
                current_ = did;
                return;
            }
            ++did;
        }
    }

  private:
    // Whether candidate `did`'s pair hashes hold the pairs of the phrase in a row (schema 8),
    // or each of them (schema 7).
    bool holds_pairs(Xapian::docid did) {
        if (chained_) return holds_chain(value_of(values_, did), pairs_);
        const std::string v = value_of(values_, did), newer = value_of(newer_, did);
        for (std::uint64_t p : pairs_)
            if (!holds_pair(v, p) && !holds_pair(newer, p)) return false;
        return true;
    }

    static std::string value_of(Xapian::ValueIterator& it, Xapian::docid did) {
        if (it == Xapian::ValueIterator() || !it.check(did)) return {};
        return *it;
    }

    // Whether candidate `did` has the words in a row under the prefix. A mail is parsed once
    // per search, whatever the number of prefixes and date windows, and only when its raw
    // bytes may hold the words in a row (most candidates hold them apart: read, not parsed).
    bool holds_run(Xapian::docid did) {
        std::tuple<std::string, std::string, Xapian::docid> ruled{words_key_, uuid_, did};
        {
            std::lock_guard<std::mutex> g(cache_->lock);
            auto it = cache_->mails.find({uuid_, did});
            if (it != cache_->mails.end()) return has_run(*it->second, prefix_, words_);
            if (cache_->ruled_out.count(ruled)) return false;
        }
        DocRecord rec;
        std::shared_ptr<const MailChunks> c = std::make_shared<MailChunks>();
        if (decode_record(db_.get_document(did).get_data(), rec) && load_raw(rec)) {
            if (!raw_may_hold_run(rec.raw, words_)) {
                std::lock_guard<std::mutex> g(cache_->lock);
                cache_->ruled_out.insert(std::move(ruled));
                return false;
            }
            c = chunks_of(rec);
        }
        std::lock_guard<std::mutex> g(cache_->lock);
        cache_->mails[{uuid_, did}] = c;
        return has_run(*c, prefix_, words_);
    }

    std::string prefix_;
    std::vector<std::string> words_;
    std::string words_key_; // the words, for the ruled-out cache
    std::shared_ptr<PhraseCache> cache_;
    Xapian::Database db_;
    std::string uuid_;
    std::vector<Xapian::PostingIterator> its_;
    Xapian::docid current_ = 0;
    Xapian::doccount est_ = 0;
    std::size_t checked_ = 0;
    bool done_ = false;
    bool use_pairs_ = false; // schema 7: the mails' pair hashes decide first
    bool chained_ = false;   // schema 8: in text order, they decide alone
    std::vector<std::uint64_t> pairs_;
    Xapian::ValueIterator values_;
    Xapian::ValueIterator newer_; // schema 7: a prefix's own slot, of mails a newer lkmine added
};

} // namespace

Xapian::Query checked_phrase(const std::string& prefix, const std::vector<std::string>& words,
                             const std::shared_ptr<PhraseCache>& cache) {
    if (words.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query((new PhraseSource(prefix, words, cache))->release());
}

} // namespace lkmine::store_detail
