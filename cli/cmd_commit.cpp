// `lkmine commit` and `lkmine patch`, and the link stage of `lkmine index --git`.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "cli/safe_output.hpp"
#include "core/base/safe_text.hpp"
#include "core/index/store.hpp"
#include "core/link/link.hpp"
#include "core/mail/msgid.hpp"
#include "core/mail/parse.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/series.hpp"
#include "core/stages/series_review.hpp"

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

bool possible(const std::string& method, double score) {
    return link_confidence(method, score) == LinkConfidence::possible;
}

// "fuzzy 0.85, possible" for a link below the confidence threshold (link_confidence()).
std::string method_text(const std::string& method, double score) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %.2f%s", method.c_str(), score,
                  possible(method, score) ? ", possible" : "");
    return buf;
}

std::string revision_tag(const MailSummary& m) {
    std::string s = "v" + std::to_string(std::max(1, m.subject_info.revision));
    if (m.subject_info.total > 0)
        s +=
            " " + std::to_string(m.subject_info.index) + "/" + std::to_string(m.subject_info.total);
    return s;
}

void print_given(const std::vector<GivenTrailer>& ts, const char* indent) {
    for (const auto& g : ts)
        safe_printf("%s%s: %s  (%s, from %s)\n", indent, g.trailer.key.c_str(),
                    g.trailer.value.c_str(), g.where.c_str(), who(g.by).c_str());
}

std::string join_labels(const WhereItIs& w, const std::string& kind) {
    std::string out;
    for (const auto& r : w.refs)
        if (r.kind == kind) out += (out.empty() ? "" : ", ") + r.label;
    return out;
}

// The trail, one line per step: posted -> applied in a tree -> linux-next -> mainline release
// -> stable backports -> reverted.
void print_where(const WhereItIs& w, const std::vector<LinkedMail>& mails, const char* indent) {
    if (!mails.empty()) {
        std::string posted;
        for (const auto& m : mails)
            posted += (posted.empty() ? "" : ", ") + std::string("v") +
                      std::to_string(std::max(1, m.mail.subject_info.revision)) + " " +
                      day(m.mail.date);
        safe_printf("%sposted       %s\n", indent, posted.c_str());
    }
    if (auto t = join_labels(w, "tree"); !t.empty())
        safe_printf("%sapplied      in %s, %s\n", indent, t.c_str(), day(w.applied).c_str());
    if (auto n = join_labels(w, "next"); !n.empty())
        safe_printf("%slinux-next   %s%s\n", indent, n.c_str(),
                    w.next_tag.empty() ? "" : (" (first in " + w.next_tag + ")").c_str());
    if (auto m = join_labels(w, "mainline"); !m.empty())
        safe_printf("%smainline     %s\n", indent,
                    w.release.empty() ? ("in " + m + ", in no release yet").c_str()
                                      : (w.release + " (first in " + w.first_tag + ")").c_str());
    const bool on_mainline = !join_labels(w, "mainline").empty();
    for (const auto& r : w.refs)
        if (r.kind.starts_with("stable "))
            safe_printf("%s%-12s in %s%s\n", indent, r.kind.c_str(), r.label.c_str(),
                        on_mainline || w.first_tag.empty()
                            ? ""
                            : (" (first in " + w.first_tag + ")").c_str());
    if (!w.upstream.empty())
        safe_printf("%sbackport of  %s (%s)\n", indent, w.upstream.c_str(), w.upstream_how.c_str());
    for (const auto& b : w.backports)
        safe_printf("%s%-12s %.12s%s, %s (%s)\n", indent, ("stable " + b.series).c_str(),
                    b.sha.c_str(), b.tag.empty() ? "" : (" in " + b.tag).c_str(),
                    day(b.date).c_str(), b.how.c_str());
    for (const auto& c : w.reverted_by)
        safe_printf("%sreverted by  %.12s %s, %s\n", indent, c.sha.c_str(), c.subject.c_str(),
                    day(c.commit_date).c_str());
}

void print_commit(const CommitReport& r, const std::vector<SeriesRevision>& revs) {
    const CommitRecord& c = r.commit;
    safe_printf("commit %s%s\n", c.sha.c_str(),
                r.release.empty() ? "  (in no release tag)"
                                  : ("  (first in " + r.release + ")").c_str());
    safe_printf("Author:  %s, %s\n", who(c.author).c_str(), day(c.author_date).c_str());
    if (c.committer.email != c.author.email)
        safe_printf("Commit:  %s, %s\n", who(c.committer).c_str(), day(c.commit_date).c_str());
    safe_printf("    %s\n", c.subject.c_str());
    for (const auto& t : c.trailers)
        if (t.key == "Fixes" || t.key == "Link" || t.key == "Closes" || t.key == "Reported-by")
            safe_printf("    %s: %s\n", t.key.c_str(), t.value.c_str());

    safe_printf("\nPosted as:\n");
    if (r.mails.empty()) safe_printf("  (no mail linked)\n");
    for (const auto& m : r.mails)
        safe_printf("  %-8s %s  <%s>  [%s]\n", revision_tag(m.mail).c_str(),
                    day(m.mail.date).c_str(), m.mail.message_id.c_str(),
                    method_text(m.method, m.score).c_str());
    if (!revs.empty()) {
        safe_printf("\nSeries:\n");
        for (const auto& rev : revs) {
            safe_printf("  v%d  %s  %s\n", rev.revision, day(rev.head.date).c_str(),
                        rev.head.subject.c_str());
            if (!rev.series_trailers.empty()) safe_printf("    for the whole series:\n");
            print_given(rev.series_trailers, "        ");
            for (std::size_t i = 0; i < rev.patches.size(); ++i) {
                const MailSummary& p = rev.patches[i];
                bool ours = std::any_of(r.mails.begin(), r.mails.end(), [&](const LinkedMail& m) {
                    return m.mail.message_id == p.message_id;
                });
                safe_printf("    %s %s\n", ours ? "*" : " ", p.subject.c_str());
                if (i < rev.patch_trailers.size()) print_given(rev.patch_trailers[i], "        ");
            }
        }
    }
    if (!r.interdiff_msgid.empty()) {
        safe_printf("\nPosted vs merged (<%s>): %s\n", r.interdiff_msgid.c_str(),
                    r.interdiff.empty() ? "identical changes" : "differs:");
        std::cout << r.interdiff;
    }
    if (!r.fixes.empty() || !r.fixes_unindexed.empty()) {
        safe_printf("\nFixes:\n");
        for (const auto& f : r.fixes)
            safe_printf("  %.12s %s\n", f.sha.c_str(), f.subject.c_str());
        for (const auto& f : r.fixes_unindexed)
            safe_printf("  %s (not indexed)\n", f.c_str());
    }
    safe_printf("\nFixed by:\n");
    if (r.fixed_by.empty()) safe_printf("  (no later commit names it in Fixes:)\n");
    for (std::size_t i = 0; i < r.fixed_by.size(); ++i) {
        const auto& f = r.fixed_by[i];
        safe_printf("  %.12s %s  (%s, %s)\n", f.sha.c_str(), f.subject.c_str(),
                    who(f.author).c_str(), day(f.author_date).c_str());
        if (i < r.fixed_by_mails.size())
            for (const auto& m : r.fixed_by_mails[i])
                safe_printf("      posted as <%s> [%s]\n", m.mail.message_id.c_str(),
                            method_text(m.method, m.score).c_str());
    }
    if (!r.where.refs.empty() || !r.where.backports.empty() || !r.where.reverted_by.empty()) {
        safe_printf("\nWhere it is now:\n");
        print_where(r.where, r.mails, "  ");
    }
    if (!r.bisections.empty()) {
        safe_printf("\nBlamed by syzbot:\n");
        for (const auto& b : r.bisections)
            safe_printf("  %s bisection%s%s  %s\n", b.kind.c_str(),
                        b.extid.empty() ? "" : " of syzbot+", b.extid.c_str(), b.source.c_str());
    }
    if (!r.mentions.empty()) {
        safe_printf("\nMentioned in:\n");
        for (const auto& m : r.mentions)
            safe_printf("  %s  <%s>  %s\n", day(m.mail.date).c_str(), m.mail.message_id.c_str(),
                        m.mail.subject.c_str());
    }
    for (const auto& n : r.notes)
        safe_printf("note: %s\n", n.c_str());
}

// The same patch in other revisions of the series (same position, same subject) was posted
// for this commit too, even when its diff changed too much for any matcher: method "revision",
// always a possible link (link_confidence()). A revision posted after the commit was made is
// not what was merged, nor is a Revert beside a patch.
void add_earlier_revisions(CommitReport& r, const std::vector<SeriesRevision>& revs) {
    std::vector<LinkedMail> extra;
    const std::int64_t made = r.commit.commit_date.valid ? r.commit.commit_date.epoch : 0;
    const int depth = revert_depth(r.commit.subject);
    for (const auto& rev : revs)
        for (const auto& p : rev.patches) {
            if (made && p.date.valid && p.date.epoch > made + 86400) continue;
            if (revert_depth(p.subject_info.clean) != depth) continue;
            bool have = false, same = false;
            for (const auto& m : r.mails) {
                have |= m.mail.message_id == p.message_id;
                same |= m.mail.subject_info.index == p.subject_info.index &&
                        m.mail.subject_info.clean == p.subject_info.clean;
            }
            if (!have && same && p.subject_info.index > 0)
                extra.push_back(LinkedMail{p, "revision", 0.5});
        }
    r.mails.insert(r.mails.end(), extra.begin(), extra.end());
    std::stable_sort(r.mails.begin(), r.mails.end(), [](const LinkedMail& a, const LinkedMail& b) {
        return a.mail.date.epoch < b.mail.date.epoch;
    });
}

} // namespace

int run_commit(const CommitCmdOptions& opt) {
    auto r = commit_report(opt.db, opt.id);
    if (!r) {
        std::cerr << "lkmine commit: " << r.error() << "\n";
        return 1;
    }
    std::vector<SeriesRevision> revs;
    if (auto store = StoreReader::open(opt.db); store && !r->mails.empty()) {
        if (auto s = find_series(*store, r->mails.back().mail.message_id)) revs = std::move(*s);
        for (auto& rev : revs)
            read_reviews(*store, rev);
        add_earlier_revisions(*r, revs);
    }
    if (opt.json)
        std::cout << commit_report_to_json(*r, revs) << "\n";
    else
        print_commit(*r, revs);
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
    safe_printf("%s\n  <%s>, %s, %s\n", r->mail.subject.c_str(), r->mail.message_id.c_str(),
                who(r->mail.from).c_str(), day(r->mail.date).c_str());
    if (r->commits.empty() && r->is_patch && !r->git_indexed)
        safe_printf("merge status unknown (no git tree indexed)\n");
    else if (r->commits.empty() && r->is_patch)
        safe_printf("not merged (as far as the indexed commits tell), %lld days since posted\n",
                    static_cast<long long>(r->days_unmerged));
    else if (r->commits.empty())
        safe_printf("not a patch mail; no commit linked\n");
    for (std::size_t i = 0; i < r->commits.size(); ++i) {
        const auto& c = r->commit_records[i];
        const auto& l = r->commits[i];
        safe_printf("%s %.12s %s\n    found by %s; %s\n",
                    possible(l.method, l.score) ? "possibly merged as" : "merged as", c.sha.c_str(),
                    c.subject.c_str(),
                    method_text(r->commits[i].method, r->commits[i].score).c_str(),
                    r->releases[i].empty() ? "in no release tag yet"
                                           : ("first in " + r->releases[i]).c_str());
        if (i < r->where.size()) print_where(r->where[i], {}, "    ");
    }
    for (const auto& m : r->mentions)
        safe_printf("mentions %.12s\n", m.sha.c_str());
    return 0;
}

} // namespace lkmine::cli
