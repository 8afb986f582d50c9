// `lkmine commit` and `lkmine patch`, and the link stage of `lkmine index --git`.
#include "core/stages/link_stage.hpp"
#include "cli/json.hpp"
#include "core/link/link.hpp"
#include "core/mail/msgid.hpp"
#include "core/mail/parse.hpp"
#include "core/index/store.hpp"
#include "cli/commands.hpp"
#include "core/stages/series.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <set>

namespace lkmine::cli {
namespace {

std::string who(const Address& a) {
    if (a.name.empty()) return a.email;
    return a.email.empty() ? a.name : a.name + " <" + a.email + ">";
}

std::string day(const Date& d) {
    if (!d.valid) return "?";
    std::time_t t = static_cast<std::time_t>(d.epoch + d.offset_minutes * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string method_text(const std::string& method, double score) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %.2f", method.c_str(), score);
    return buf;
}

std::string revision_tag(const MailSummary& m) {
    std::string s = "v" + std::to_string(std::max(1, m.subject_info.revision));
    if (m.subject_info.total > 0)
        s +=
            " " + std::to_string(m.subject_info.index) + "/" + std::to_string(m.subject_info.total);
    return s;
}

using Reviews = std::vector<std::pair<std::string, std::vector<Trailer>>>;

// Reviewed/Acked/Tested-by given in direct replies to each patch and cover of the series.
Reviews collect_reviews(StoreReader& store, const std::vector<SeriesRevision>& revs) {
    Reviews out;
    std::set<std::string> wanted, threads_done;
    for (const auto& r : revs) {
        wanted.insert(r.head.message_id);
        for (const auto& p : r.patches)
            wanted.insert(p.message_id);
    }
    for (const auto& r : revs) {
        auto tree = store.thread(r.head.message_id);
        if (!tree || !threads_done.insert(tree->thread_id).second) continue;
        for (const auto& e : tree->entries) {
            if (e.parent < 0 || e.mail.ghost) continue;
            const std::string& parent = tree->entries[e.parent].mail.message_id;
            if (!wanted.count(parent)) continue;
            auto stored = store.get(e.mail.message_id);
            if (!stored) continue;
            Message m = parse_message(RawMessage{stored->raw, {}, {}});
            for (const auto& t : m.trailers) {
                if (t.key != "Reviewed-by" && t.key != "Acked-by" && t.key != "Tested-by") continue;
                auto it = std::find_if(out.begin(), out.end(),
                                       [&](auto& p) { return p.first == parent; });
                if (it == out.end()) it = out.insert(out.end(), {parent, {}});
                it->second.push_back(t);
            }
        }
    }
    return out;
}

const std::vector<Trailer>* reviews_of(const Reviews& rv, const std::string& id) {
    for (const auto& [m, ts] : rv)
        if (m == id) return &ts;
    return nullptr;
}

void print_reviews(const Reviews& rv, const std::string& id, const char* indent) {
    if (auto* ts = reviews_of(rv, id))
        for (const auto& t : *ts)
            std::printf("%s%s: %s\n", indent, t.key.c_str(), t.value.c_str());
}

void print_commit(const CommitReport& r, const std::vector<SeriesRevision>& revs,
                  const Reviews& rv) {
    const CommitRecord& c = r.commit;
    std::printf("commit %s%s\n", c.sha.c_str(),
                r.release.empty() ? "  (in no release tag)"
                                  : ("  (first in " + r.release + ")").c_str());
    std::printf("Author:  %s, %s\n", who(c.author).c_str(), day(c.author_date).c_str());
    if (c.committer.email != c.author.email)
        std::printf("Commit:  %s, %s\n", who(c.committer).c_str(), day(c.commit_date).c_str());
    std::printf("    %s\n", c.subject.c_str());
    for (const auto& t : c.trailers)
        if (t.key == "Fixes" || t.key == "Link" || t.key == "Closes" || t.key == "Reported-by")
            std::printf("    %s: %s\n", t.key.c_str(), t.value.c_str());

    std::printf("\nPosted as:\n");
    if (r.mails.empty()) std::printf("  (no mail linked)\n");
    for (const auto& m : r.mails)
        std::printf("  %-8s %s  <%s>  [%s]\n", revision_tag(m.mail).c_str(),
                    day(m.mail.date).c_str(), m.mail.message_id.c_str(),
                    method_text(m.method, m.score).c_str());
    if (!revs.empty()) {
        std::printf("\nSeries:\n");
        for (const auto& rev : revs) {
            std::printf("  v%d  %s  %s\n", rev.revision, day(rev.head.date).c_str(),
                        rev.head.subject.c_str());
            print_reviews(rv, rev.head.message_id, "        (series) ");
            for (const auto& p : rev.patches) {
                if (p.message_id == rev.head.message_id) continue;
                bool ours = std::any_of(r.mails.begin(), r.mails.end(), [&](const LinkedMail& m) {
                    return m.mail.message_id == p.message_id;
                });
                std::printf("    %s %s\n", ours ? "*" : " ", p.subject.c_str());
                print_reviews(rv, p.message_id, "        ");
            }
        }
    }
    if (!r.interdiff_msgid.empty()) {
        std::printf("\nPosted vs merged (<%s>): %s\n", r.interdiff_msgid.c_str(),
                    r.interdiff.empty() ? "identical changes" : "differs:");
        std::fputs(r.interdiff.c_str(), stdout);
    }
    if (!r.fixes.empty() || !r.fixes_unindexed.empty()) {
        std::printf("\nFixes:\n");
        for (const auto& f : r.fixes)
            std::printf("  %.12s %s\n", f.sha.c_str(), f.subject.c_str());
        for (const auto& f : r.fixes_unindexed)
            std::printf("  %s (not indexed)\n", f.c_str());
    }
    std::printf("\nFixed by:\n");
    if (r.fixed_by.empty()) std::printf("  (no later commit names it in Fixes:)\n");
    for (std::size_t i = 0; i < r.fixed_by.size(); ++i) {
        const auto& f = r.fixed_by[i];
        std::printf("  %.12s %s  (%s, %s)\n", f.sha.c_str(), f.subject.c_str(),
                    who(f.author).c_str(), day(f.author_date).c_str());
        if (i < r.fixed_by_mails.size())
            for (const auto& m : r.fixed_by_mails[i])
                std::printf("      posted as <%s> [%s]\n", m.mail.message_id.c_str(),
                            method_text(m.method, m.score).c_str());
    }
    if (!r.bisections.empty()) {
        std::printf("\nBlamed by syzbot:\n");
        for (const auto& b : r.bisections)
            std::printf("  %s bisection%s%s  %s\n", b.kind.c_str(),
                        b.extid.empty() ? "" : " of syzbot+", b.extid.c_str(), b.source.c_str());
    }
    if (!r.mentions.empty()) {
        std::printf("\nMentioned in:\n");
        for (const auto& m : r.mentions)
            std::printf("  %s  <%s>  %s\n", day(m.mail.date).c_str(), m.mail.message_id.c_str(),
                        m.mail.subject.c_str());
    }
    for (const auto& n : r.notes)
        std::printf("note: %s\n", n.c_str());
}

// The same patch in other revisions of the series (same position, same subject) was posted
// for this commit too, even when its diff changed too much for any matcher: method "revision".
void add_earlier_revisions(CommitReport& r, const std::vector<SeriesRevision>& revs) {
    std::vector<LinkedMail> extra;
    for (const auto& rev : revs)
        for (const auto& p : rev.patches) {
            bool have = false, same = false;
            for (const auto& m : r.mails) {
                have |= m.mail.message_id == p.message_id;
                same |= m.mail.subject_info.index == p.subject_info.index &&
                        m.mail.subject_info.clean == p.subject_info.clean;
            }
            if (!have && same && p.subject_info.index > 0)
                extra.push_back(LinkedMail{p, "revision", 1.0});
        }
    r.mails.insert(r.mails.end(), extra.begin(), extra.end());
    std::stable_sort(r.mails.begin(), r.mails.end(), [](const LinkedMail& a, const LinkedMail& b) {
        return a.mail.date.epoch < b.mail.date.epoch;
    });
}

} // namespace

int run_link_stage(const IndexCmdOptions& opt) {
    auto methods = parse_link_methods(opt.link_methods);
    if (!methods) {
        std::cerr << "lkmine index: --link-methods: " << methods.error() << "\n";
        return 1;
    }
    LinkStageOptions lo;
    lo.git = opt.git;
    lo.range = opt.git_range;
    lo.methods = *methods;
    lo.jobs = opt.jobs;
    bool tty = isatty(STDERR_FILENO) && !opt.quiet;
    if (tty)
        lo.progress = [](const std::string& s) {
            std::fprintf(stderr, "\r\033[K%s", s.c_str());
            std::fflush(stderr);
        };
    auto r = update_link_index(opt.db, lo);
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!r) {
        std::cerr << "lkmine index: --git " << opt.git << ": " << r.error() << "\n";
        return 1;
    }
    for (const auto& n : r->notes)
        std::cerr << "note: " << n << "\n";
    if (!opt.quiet) {
        double rate = r->commit_seconds > 0 ? r->commits_added / r->commit_seconds : 0;
        std::printf("commits: %zu in range, %zu new in %.1f s (%.0f commits/s)\n",
                    r->commits_walked, r->commits_added, r->commit_seconds, rate);
        std::printf("links: %zu patch mails checked, %zu linked;", r->mails_checked,
                    r->mails_linked);
        for (const auto& [m, n] : r->links_by_method)
            std::printf(" %s %zu;", m.c_str(), n);
        std::printf(" %.1f s in all\n", r->seconds);
    }
    return 0;
}

int run_commit(const CommitCmdOptions& opt) {
    auto r = commit_report(opt.db, opt.id);
    if (!r) {
        std::cerr << "lkmine commit: " << r.error() << "\n";
        return 1;
    }
    std::vector<SeriesRevision> revs;
    Reviews rv;
    if (auto store = StoreReader::open(opt.db); store && !r->mails.empty()) {
        if (auto s = find_series(*store, r->mails.back().mail.message_id)) revs = std::move(*s);
        rv = collect_reviews(*store, revs);
        add_earlier_revisions(*r, revs);
    }
    if (opt.json)
        std::cout << commit_report_to_json(*r, revs, rv) << "\n";
    else
        print_commit(*r, revs, rv);
    return 0;
}

int run_patch(const CommitCmdOptions& opt) {
    auto r = patch_report(opt.db, msgid_from_arg(opt.id));
    if (!r) {
        std::cerr << "lkmine patch: " << r.error() << "\n";
        return 1;
    }
    if (opt.json) {
        std::cout << patch_report_to_json(*r) << "\n";
        return 0;
    }
    std::printf("%s\n  <%s>, %s, %s\n", r->mail.subject.c_str(), r->mail.message_id.c_str(),
                who(r->mail.from).c_str(), day(r->mail.date).c_str());
    if (r->commits.empty() && r->is_patch)
        std::printf("not merged (as far as the indexed commits tell), %lld days since posted\n",
                    static_cast<long long>(r->days_unmerged));
    else if (r->commits.empty())
        std::printf("not a patch mail; no commit linked\n");
    for (std::size_t i = 0; i < r->commits.size(); ++i) {
        const auto& c = r->commit_records[i];
        std::printf("merged as %.12s %s\n    found by %s; %s\n", c.sha.c_str(), c.subject.c_str(),
                    method_text(r->commits[i].method, r->commits[i].score).c_str(),
                    r->releases[i].empty() ? "in no release tag yet"
                                           : ("first in " + r->releases[i]).c_str());
    }
    for (const auto& m : r->mentions)
        std::printf("mentions %.12s\n", m.sha.c_str());
    return 0;
}

} // namespace lkmine::cli
