// `lkmine commit` and `lkmine patch` answers: a commit with its mails, fixes, bisections and
// interdiff; a mail with the commits it became. Reads the index, and git for what it lacks.
#include "core/git/repo.hpp"
#include "core/index/detail/commit_doc.hpp"
#include "core/index/detail/syzbot_doc.hpp"
#include "core/index/detail/xapian.hpp"
#include "core/mail/parse.hpp"
#include "core/patch/interdiff.hpp"
#include "core/stages/commit_trees.hpp"
#include "core/stages/link_stage.hpp"

#include <algorithm>
#include <ctime>
#include <optional>

namespace lkmine {
namespace store_detail {
namespace {

bool is_hex(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

struct Reader {
    Xapian::Database db;
    std::optional<GitRepo> repo;
    std::string repo_error;

    void open_repo() {
        std::string path = db.get_metadata("git:repo");
        if (path.empty()) {
            repo_error = "no git repository indexed (lkmine index --git REPO)";
            return;
        }
        auto r = GitRepo::open(path);
        if (r)
            repo.emplace(std::move(*r));
        else
            repo_error = r.error();
    }

    std::optional<Xapian::Document> doc_of(const std::string& key) {
        auto t = id_term(key);
        auto p = db.postlist_begin(t);
        if (p == db.postlist_end(t)) return std::nullopt;
        return db.get_document(*p);
    }

    std::optional<CommitRecord> commit(const std::string& sha) {
        auto d = doc_of(sha);
        CommitRecord c;
        if (!d || !decode_commit(*d, c)) return std::nullopt;
        return c;
    }

    // Full shas of indexed commits starting with `prefix`.
    std::vector<std::string> commits_with_prefix(const std::string& prefix) {
        std::vector<std::string> out;
        std::string start = "Q" + prefix;
        for (auto t = db.allterms_begin(start); t != db.allterms_end(start) && out.size() < 10;
             ++t) {
            std::string id = (*t).substr(1);
            if (id.size() == 40 && is_hex(id) && db.postlist_begin(*t) != db.postlist_end(*t)) {
                auto d = db.get_document(*db.postlist_begin(*t));
                if (!d.get_value(kCommitSlot).empty()) out.push_back(id);
            }
        }
        return out;
    }

    // Documents carrying `prefix` + an abbreviation (>= 7) of sha, or sha itself.
    std::vector<Xapian::docid> naming(const std::string& prefix, const std::string& sha) {
        std::vector<Xapian::docid> out;
        std::string start = prefix + sha.substr(0, 7);
        for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
            std::string w = (*t).substr(prefix.size());
            if (!sha.starts_with(w)) continue;
            for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
                out.push_back(*p);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    static MailSummary summary(const Xapian::Document& d) {
        DocRecord rec;
        decode_record(d.get_data(), rec, false);
        rec.summary.thread_id = d.get_value(slot::thread);
        return std::move(rec.summary);
    }

    // Mails linked to sha: patch links and mentions, oldest first.
    void mails_of(const std::string& sha, std::vector<LinkedMail>& patches,
                  std::vector<LinkedMail>* mentions) {
        for (auto id : naming(kCommit, sha)) {
            auto d = db.get_document(id);
            std::string links = d.get_value(kLinksSlot);
            if (links.empty()) continue; // a bisection document
            MailSummary m = summary(d);
            for (const auto& l : decode_links(m.message_id, links)) {
                if (l.sha != sha) continue;
                LinkedMail lm{m, l.method, l.score};
                if (l.method != "mention")
                    patches.push_back(std::move(lm));
                else if (mentions)
                    mentions->push_back(std::move(lm));
            }
        }
        auto by_date = [](const LinkedMail& a, const LinkedMail& b) {
            return a.mail.date.epoch < b.mail.date.epoch;
        };
        std::stable_sort(patches.begin(), patches.end(), by_date);
        if (mentions) std::stable_sort(mentions->begin(), mentions->end(), by_date);
    }

    std::string raw_of(const std::string& msgid) {
        auto d = doc_of(msgid);
        DocRecord rec;
        if (!d || !decode_record(d->get_data(), rec) || !load_raw(rec)) return {};
        return rec.raw;
    }
};

std::string release_of(Reader& r, const std::string& sha) {
    if (!r.repo) return {};
    auto t = r.repo->first_tag_containing(sha, r.db.get_metadata("git:release-pattern"));
    return t ? *t : std::string();
}

void add_bisections(Reader& r, const std::string& sha, CommitReport& out) {
    for (auto id : r.naming(kCommit, sha)) {
        auto d = r.db.get_document(id);
        if (!d.get_value(kLinksSlot).empty()) continue;
        auto tl = d.termlist_begin();
        tl.skip_to("Tbisection");
        if (tl == d.termlist_end() || *tl != "Tbisection") continue;
        Fields f = decode_fields(d.get_data());
        CommitReport::Bisection b{field(f, "key"), field(f, "kind"), field(f, "extid"),
                                  field(f, "source")};
        if (b.kind.empty()) b.kind = "cause (log)";
        out.bisections.push_back(std::move(b));
    }
}

// The last posted revision (newest linked patch mail) against the commit's diff from git.
void add_interdiff(Reader& r, CommitReport& out) {
    const LinkedMail* last = nullptr;
    for (const auto& m : out.mails)
        if (!last || m.mail.date.epoch >= last->mail.date.epoch) last = &m;
    if (!last) return;
    if (!r.repo) {
        out.notes.push_back("no interdiff: " + r.repo_error);
        return;
    }
    auto info = r.repo->read_commit(out.commit.sha, true);
    if (!info) {
        out.notes.push_back("no interdiff: " + info.error());
        return;
    }
    out.commit.message = info->message;
    Message m = parse_message(RawMessage{r.raw_of(last->mail.message_id), {}, {}});
    if (m.patches.empty()) return;
    out.interdiff_msgid = last->mail.message_id;
    out.interdiff = interdiff(m.patches.front().text, info->diff);
}

std::string release_of_tag(const std::string& tag) {
    auto rc = tag.find("-rc");
    return rc == std::string::npos ? tag : tag.substr(0, rc);
}

std::vector<CommitRecord> commits_naming(Reader& r, const std::string& prefix,
                                         const std::string& sha) {
    std::vector<CommitRecord> out;
    for (auto id : r.naming(prefix, sha)) {
        CommitRecord c;
        if (decode_commit(r.db.get_document(id), c) && c.sha != sha) out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const CommitRecord& a, const CommitRecord& b) {
        return a.commit_date.epoch < b.commit_date.epoch;
    });
    return out;
}

WhereItIs where_of(Reader& r, const CommitRecord& c) {
    WhereItIs w;
    w.applied = c.commit_date;
    w.next_tag = c.next_tag;
    w.first_tag = c.tag.empty() ? release_of(r, c.sha) : c.tag;
    w.upstream = c.upstream;
    w.upstream_how = c.upstream_how;
    bool mainline = false;
    for (const auto& label : c.refs) {
        w.refs.push_back({label, ref_kind(label, r.db)});
        mainline |= w.refs.back().kind == "mainline";
    }
    if (mainline) w.release = release_of_tag(w.first_tag);
    for (auto& b : commits_naming(r, prefix_of("upstream"), c.sha))
        for (const auto& label : b.refs)
            if (auto k = ref_kind(label, r.db); k.starts_with("stable "))
                w.backports.push_back({b.sha, k.substr(7), b.tag, b.upstream_how, b.commit_date});
    w.reverted_by = commits_naming(r, prefix_of("reverts"), c.sha);
    return w;
}

// A stable backport of a commit the mail also became is part of that commit's trail.
void drop_linked_backports(PatchReport& out) {
    auto linked = [&](const std::string& sha) {
        return std::any_of(out.commits.begin(), out.commits.end(),
                           [&](const StoredLink& l) { return l.sha == sha; });
    };
    for (std::size_t i = out.commits.size(); i-- > 0;)
        if (!out.commit_records[i].upstream.empty() && linked(out.commit_records[i].upstream)) {
            out.commits.erase(out.commits.begin() + static_cast<std::ptrdiff_t>(i));
            out.commit_records.erase(out.commit_records.begin() + static_cast<std::ptrdiff_t>(i));
            out.releases.erase(out.releases.begin() + static_cast<std::ptrdiff_t>(i));
            out.where.erase(out.where.begin() + static_cast<std::ptrdiff_t>(i));
        }
}

} // namespace
} // namespace store_detail

Result<CommitReport> commit_report(const std::string& dir, const std::string& sha_arg) {
    using namespace store_detail;
    std::string sha = lowercase_ascii(sha_arg);
    if (sha.size() < 4 || sha.size() > 40 || !is_hex(sha))
        return make_error("'" + sha_arg + "' is not a commit id (4 to 40 hex digits)");
    auto reader = StoreReader::open(dir); // for its "no index" message
    if (!reader) return reader.error_info();
    Reader r;
    CommitReport out;
    return xapian_guard("cannot read index at " + dir, dir, [&]() -> Result<CommitReport> {
        r.db = reader_database(reader_impl(*reader)); // the shards that answered
        auto hits = r.commits_with_prefix(sha);
        if (hits.size() > 1)
            return make_error("'" + sha_arg + "' is ambiguous: " + hits[0].substr(0, 12) + ", " +
                              hits[1].substr(0, 12) + (hits.size() > 2 ? ", ..." : ""));
        r.open_repo();
        if (hits.empty()) {
            std::string why = "commit " + sha_arg + " is not in the index";
            if (r.repo)
                if (auto full = r.repo->resolve(sha_arg))
                    why += " (the repository has it as " + full->substr(0, 12) +
                           ": index its range with lkmine index --git)";
            if (r.db.get_metadata("git:repo").empty())
                why += "; no git repository was indexed (lkmine index --git REPO)";
            return make_error(why);
        }
        auto c = r.commit(hits.front());
        if (!c) return make_error("cannot read commit " + hits.front() + " from the index");
        out.commit = std::move(*c);
        out.release = out.commit.tag.empty() ? release_of(r, out.commit.sha) : out.commit.tag;
        r.mails_of(out.commit.sha, out.mails, &out.mentions);
        for (auto id : r.naming(prefix_of("fixes"), out.commit.sha)) {
            CommitRecord fc;
            auto d = r.db.get_document(id);
            if (!decode_commit(d, fc) || fc.sha == out.commit.sha) continue;
            std::vector<LinkedMail> fm;
            r.mails_of(fc.sha, fm, nullptr);
            out.fixed_by.push_back(std::move(fc));
            out.fixed_by_mails.push_back(std::move(fm));
        }
        CommitExtra extra;
        if (auto d = r.doc_of(out.commit.sha)) decode_commit(*d, out.commit, &extra);
        for (const auto& f : out.commit.fixes) {
            std::string full;
            for (const auto& x : extra.fixes_full)
                if (x.starts_with(f)) full = x;
            auto fc = full.empty() ? std::nullopt : r.commit(full);
            if (fc)
                out.fixes.push_back(std::move(*fc));
            else
                out.fixes_unindexed.push_back(full.empty() ? f : full);
        }
        add_bisections(r, out.commit.sha, out);
        out.where = where_of(r, out.commit);
        if (!out.commit.tag.empty()) out.release = out.commit.tag;
        add_interdiff(r, out);
        if (!r.repo) out.notes.push_back("release unknown: " + r.repo_error);
        return out;
    });
}

Result<PatchReport> patch_report(const std::string& dir, const std::string& msgid) {
    using namespace store_detail;
    auto reader = StoreReader::open(dir);
    if (!reader) return reader.error_info();
    Reader r;
    PatchReport out;
    return xapian_guard("cannot read index at " + dir, dir, [&]() -> Result<PatchReport> {
        r.db = reader_database(reader_impl(*reader)); // the shards that answered
        auto d = r.doc_of(msgid);
        if (!d || d->get_value(kCommitSlot).size())
            return make_error("no message <" + msgid + "> in the index");
        out.mail = Reader::summary(*d);
        if (out.mail.ghost)
            return make_error("<" + msgid +
                              "> is only referenced by other mails, not indexed itself");
        out.is_patch = out.mail.patches > 0;
        r.open_repo();
        out.git_indexed = !r.db.get_metadata("git:repo").empty();
        for (auto& l : decode_links(out.mail.message_id, d->get_value(kLinksSlot))) {
            if (l.method == "mention") {
                out.mentions.push_back(std::move(l));
                continue;
            }
            auto c = r.commit(l.sha);
            CommitRecord rec;
            if (c) rec = std::move(*c);
            rec.sha = l.sha;
            out.where.push_back(where_of(r, rec));
            out.releases.push_back(out.where.back().first_tag);
            out.commit_records.push_back(std::move(rec));
            out.commits.push_back(std::move(l));
        }
        drop_linked_backports(out);
        if (out.is_patch && out.commits.empty() && out.mail.date.valid && out.git_indexed)
            out.days_unmerged =
                std::max<std::int64_t>(0, (std::time(nullptr) - out.mail.date.epoch) / 86400);
        return out;
    });
}

} // namespace lkmine
