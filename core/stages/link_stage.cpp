// The link stage: commits of a git range into the index (read on every core), then mail ->
// commit links and verified mentions written onto the mail documents.
#include "core/stages/link_stage.hpp"

#include "core/git/repo.hpp"
#include "core/index/detail/commit_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/mail/parse.hpp"
#include "core/patch/trailer.hpp"
#include "core/stages/commit_trees.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

namespace lkmine {
namespace store_detail {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

bool is_hex(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

struct Stage {
    std::string dir;
    LinkStageOptions opt;
    std::vector<Xapian::WritableDatabase> shards;
    LinkStageSummary summary;
    std::vector<CommitId> new_commits;
    std::optional<GitRepo> repo;
    Linker linker;

    void note(const std::string& s) {
        if (opt.progress) opt.progress(s);
    }

    bool indexed(const std::string& sha) {
        auto& db = shards[commit_shard(sha, shards.size())];
        auto t = id_term(sha);
        return db.postlist_begin(t) != db.postlist_end(t);
    }

    bool cancelled() {
        if (opt.cancel && opt.cancel->load()) summary.cancelled = true;
        return summary.cancelled;
    }

    Status index_commits() { return index_trees(shards, opt, summary, new_commits); }

    // Every indexed commit in memory, for the mails to link: built on the first mail that
    // needs it, so a run that adds only commits (a kernel tree's +1,000) does not load the
    // whole history.
    bool linker_built = false;
    void build_linker() {
        if (linker_built) return;
        linker_built = true;
        note("linking: reading the indexed commits");
        for (auto& db : shards)
            for (auto p = db.postlist_begin(kCommitType); p != db.postlist_end(kCommitType); ++p) {
                CommitRecord c;
                CommitExtra x;
                if (decode_commit(db.get_document(*p), c, &x))
                    linker.add_commit(commit_side(c, x), x.features);
            }
        note("linking: " + std::to_string(linker.size()) + " commits in memory");
    }

    // A mentioned hex word is a link when it names one commit: an indexed one, else one the
    // repository resolves without ambiguity.
    std::string verify(const std::string& hex) {
        build_linker();
        auto hits = linker.commits_with_prefix(hex);
        if (hits.size() == 1) return hits.front();
        if (!hits.empty()) return {};
        auto r = repo->resolve(hex);
        return r && r->starts_with(hex) ? *r : std::string();
    }

    void link_mail(Xapian::WritableDatabase& db, Xapian::docid id, bool patch, bool mentions) {
        auto doc = db.get_document(id);
        DocRecord rec;
        if (!decode_record(doc.get_data(), rec) || !load_raw(rec)) return;
        // Cheap test first: most mails name no hex word and need no parse for mentions.
        auto hex_words = mentions ? mentioned_shas(rec.raw) : std::vector<std::string>{};
        if (!patch && hex_words.empty()) return;
        Message m = parse_message(RawMessage{std::move(rec.raw), {}, {}});
        if (m.message_id.empty()) m.message_id = rec.summary.message_id;
        std::vector<StoredLink> links;
        if (patch) {
            build_linker();
            ++summary.mails_checked;
            for (const auto& l : linker.match(from_mail(m), opt.methods))
                links.push_back(StoredLink{rec.summary.message_id, l.sha,
                                           std::string(link_method_name(l.method)), l.score});
            if (!links.empty()) ++summary.mails_linked;
        }
        if (!hex_words.empty())
            for (const auto& w : mentioned_shas(m.body_text))
                if (auto sha = verify(w); !sha.empty())
                    links.push_back(StoredLink{rec.summary.message_id, sha, "mention", 1.0});
        if (links.empty()) return;
        auto before = decode_links("", doc.get_value(kLinksSlot));
        if (!add_links(doc, links)) return;
        for (const auto& l : links)
            if (std::none_of(before.begin(), before.end(),
                             [&](const StoredLink& b) { return b.sha == l.sha; }))
                ++summary.links_by_method[l.method];
        db.replace_document(id, doc);
    }

    // Patch mails without a link (all when commits were added, else the new ones), and the
    // mentions of new mails.
    void link_mails() {
        const bool all = summary.commits_added > 0;
        for (std::size_t s = 0; s < shards.size(); ++s) {
            auto& db = shards[s];
            const std::string key = "link:watermark:" + std::to_string(s);
            Xapian::docid mark = static_cast<Xapian::docid>(
                std::strtoull(shards[0].get_metadata(key).c_str(), nullptr, 10));
            std::vector<Xapian::docid> patches, fresh;
            for (auto p = db.postlist_begin("Kpatch"); p != db.postlist_end("Kpatch"); ++p)
                if (all || *p > mark) patches.push_back(*p);
            for (auto p = db.postlist_begin("Tmail"); p != db.postlist_end("Tmail"); ++p)
                if (*p > mark) fresh.push_back(*p);
            std::set<Xapian::docid> linked;
            for (auto p = db.postlist_begin(kLinkedFlag); p != db.postlist_end(kLinkedFlag); ++p)
                linked.insert(*p);
            std::size_t i = 0, pi = 0;
            std::set<Xapian::docid> todo(patches.begin(), patches.end());
            todo.insert(fresh.begin(), fresh.end());
            const std::set<Xapian::docid> fresh_set(fresh.begin(), fresh.end());
            for (Xapian::docid id : todo) {
                if (cancelled()) return; // the watermark stays: a re-run links these again
                bool patch =
                    std::binary_search(patches.begin(), patches.end(), id) && !linked.count(id);
                link_mail(db, id, patch, fresh_set.count(id) > 0);
                if (++i % 5000 == 0)
                    note("linking: shard " + std::to_string(s) + ", " + std::to_string(i) + "/" +
                         std::to_string(todo.size()));
                (void)pi;
            }
            shards[0].set_metadata(key, std::to_string(db.get_lastdocid()));
        }
    }

    // New commits named by mails indexed earlier: the prose words of those mails (XNQ, XQUOT)
    // hold the hex, so the term list finds them without reading any mail again. One term cursor
    // per shard and prefix, moved forward through the sorted ids (a cursor per commit costs
    // more than the rest of a commit-only run's link stage).
    void link_old_mentions() {
        if (new_commits.empty()) return;
        std::vector<CommitId> sorted = new_commits; // as their hex sorts
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t s = 0; s < shards.size(); ++s) {
            const std::string key = "link:watermark:" + std::to_string(s);
            Xapian::docid mark = static_cast<Xapian::docid>(
                std::strtoull(shards[0].get_metadata(key).c_str(), nullptr, 10));
            for (const char* prefix : {prefix_of("nq"), prefix_of("q")})
                mentions_in(shards[s], prefix, sorted, mark);
        }
    }

    // The words of `prefix` that start with each sha's first 12 digits, linked by mention.
    void mentions_in(Xapian::WritableDatabase& db, const std::string& prefix,
                     const std::vector<CommitId>& sorted, Xapian::docid mark) {
        auto t = db.allterms_begin(prefix);
        const auto end = db.allterms_end(prefix);
        std::string start;
        std::vector<std::string> words; // the terms of `start`
        for (const auto& id : sorted) {
            const std::string sha = id.hex();
            if (std::string s = prefix + sha.substr(0, 12); s != start) {
                if (t == end) return; // no word left for this or any later sha
                start = std::move(s);
                words.clear();
                for (t.skip_to(start); t != end && (*t).starts_with(start); ++t)
                    words.push_back(*t);
            }
            for (const auto& term : words) {
                std::string word = term.substr(prefix.size());
                if (word.size() > 40 || !is_hex(word) || !sha.starts_with(word)) continue;
                link_mention(db, term, sha, mark);
            }
        }
    }

    void link_mention(Xapian::WritableDatabase& db, const std::string& term, const std::string& sha,
                      Xapian::docid mark) {
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            if (*p > mark) continue; // a new mail: link_mails() reads it
            auto doc = db.get_document(*p);
            if (doc.get_value(kCommitSlot).size()) continue;
            DocRecord rec;
            if (!decode_record(doc.get_data(), rec, false)) continue;
            if (add_links(doc, {StoredLink{rec.summary.message_id, sha, "mention", 1.0}})) {
                db.replace_document(*p, doc);
                ++summary.links_by_method["mention"];
            }
        }
    }
};

int count_shards(const std::string& dir) {
    int n = 0;
    while (std::filesystem::exists(shard_path(dir, n)))
        ++n;
    return n;
}

} // namespace
} // namespace store_detail

Result<LinkStageSummary> update_link_index(const std::string& dir, const LinkStageOptions& opt) {
    using namespace store_detail;
    auto t0 = Clock::now();
    Stage st;
    st.dir = dir;
    st.opt = opt;
    auto repo = GitRepo::open(opt.git);
    if (!repo) return repo.error_info();
    st.repo.emplace(std::move(*repo));
    Status done = store_detail::guard_index_writes(dir, "link stage failed on", [&]() -> Status {
        if (count_shards(dir) == 0) { // --git without mail sources: an index of commits only
            auto w = StoreWriter::open(dir);
            if (!w) return w.error_info();
            if (auto c = w->commit(); !c) return c.error_info();
        }
        for (int i = 0, n = count_shards(dir); i < n; ++i)
            st.shards.emplace_back(shard_path(dir, i), Xapian::DB_OPEN);
        namespace fs = std::filesystem;
        std::error_code ec;
        auto abs = fs::absolute(opt.git, ec);
        st.shards[0].set_metadata("git:repo", ec ? opt.git : abs.lexically_normal().string());
        std::string all;
        for (const auto& g : opt.more_git) {
            auto a = fs::absolute(g, ec);
            all += (ec ? g : a.lexically_normal().string()) + "\n";
        }
        st.shards[0].set_metadata("git:more-repos", all);
        if (!opt.release_pattern.empty())
            st.shards[0].set_metadata("git:release-pattern", opt.release_pattern);
        if (auto s = st.index_commits(); !s) return s.error_info();
        if (st.cancelled()) return ok_status();
        st.link_old_mentions();
        st.link_mails();
        for (auto& s : st.shards)
            store_detail::commit_counted(s);
        return ok_status();
    });
    if (!done) return done.error_info();
    st.summary.seconds = since(t0);
    return st.summary;
}

} // namespace lkmine
