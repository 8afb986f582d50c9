// Links a user can trust, measured by replay: real io-uring patch mails (kernel and liburing on
// one list) applied into two repositories, with adversarial commits and mails around them
// (reverts, reverts of reverts, re-applied patches, same-subject follow-up fixes, the other
// tree's patches). Trailers hidden. LKMINE_LINK_EVAL_FULL=1 replays every mail.
#include "core/git/epoch_reader.hpp"
#include "core/git/repo.hpp"
#include "core/link/link.hpp"
#include "core/mail/parse.hpp"
#include "tests/link/link_synth.hpp"
#include "tests/link/link_tally.hpp"
#include "tests/support/git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

namespace lkmine {
namespace {

constexpr std::int64_t day = 86400;

bool full_run() {
    const char* v = std::getenv("LKMINE_LINK_EVAL_FULL");
    return v && *v && std::string(v) != "0";
}

struct Source {
    PatchSide mail;
    std::string diff, subject; // the mail's first patch text, clean subject
    std::vector<test::SynthFile> files;
    bool userspace = false; // a [PATCH liburing] mail
};

bool plain_path(const std::string& p) {
    return !p.empty() && p.find_first_of(" \t\n\"\\") == std::string::npos;
}

// Real [PATCH] mails whose hunks rebuild into files: the last revision of each author+subject,
// one per patch id, in date order.
std::vector<Source> io_uring_sources(const std::string& git_dir) {
    auto reader = EpochReader::open(git_dir, "");
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return {};
    std::map<std::string, Source> by_key;
    EpochEntry e;
    while (true) {
        auto more = reader->next(e);
        if (!more.ok() || !*more) break;
        if (e.kind != EpochEntry::Kind::mail || e.bytes.find("\ndiff --git ") == std::string::npos)
            continue;
        Message m = parse_message(RawMessage{e.bytes, {git_dir, e.commit}});
        if (!m.subject_info.is_patch || m.subject_info.is_reply || !m.date.valid) continue;
        Source s;
        s.mail = from_mail(m);
        if (!s.mail.has_diff || s.mail.patch_id.empty() || s.mail.author.email.empty()) continue;
        auto p = std::find_if(m.patches.begin(), m.patches.end(),
                              [](const Patch& p) { return !p.files.empty(); });
        auto files = test::reconstruct(*p);
        if (!files || !std::all_of(files->begin(), files->end(),
                                   [](const auto& f) { return plain_path(f.path); }))
            continue;
        s.files = std::move(*files);
        s.diff = p->text;
        s.subject = m.subject_info.clean;
        for (const auto& w : m.subject_info.prefixes) {
            std::string l = w;
            std::transform(l.begin(), l.end(), l.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            s.userspace |= l.find("liburing") != std::string::npos;
        }
        by_key[s.mail.author.email + "\n" + s.mail.subject_norm] = std::move(s);
    }
    std::vector<Source> out;
    std::set<std::string> pids, ids; // a reused Message-ID is one mail to a user
    for (auto& [k, s] : by_key)
        if (ids.insert(s.mail.id).second && pids.insert(s.mail.patch_id).second)
            out.push_back(std::move(s));
    std::sort(out.begin(), out.end(),
              [](const Source& a, const Source& b) { return a.mail.date < b.mail.date; });
    return out;
}

// ---- mails made from a diff, as git format-patch would send them ----

std::string rfc2822(std::int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
}

PatchSide mail_of(const std::string& id, const Address& from, std::int64_t date,
                  const std::string& subject, const std::string& diff) {
    std::string raw = "From: " + from.name + " <" + from.email + ">\nSubject: [PATCH] " + subject +
                      "\nDate: " + rfc2822(date) + "\nMessage-ID: <" + id +
                      ">\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                      "Replayed.\n---\n" +
                      diff;
    return from_mail(parse_message(RawMessage{raw, {}}));
}

// The patch undone: +/- swapped, both file names and blob ids swapped, hunk ranges swapped.
std::string invert(const std::string& diff) {
    std::istringstream in(diff);
    std::string line, out, minus;
    long old_left = 0, new_left = 0;
    while (std::getline(in, line)) {
        if (old_left > 0 || new_left > 0) {
            char c = line.empty() ? ' ' : line[0];
            if (c == '+')
                --new_left, line[0] = '-';
            else if (c == '-')
                --old_left, line[0] = '+';
            else if (c == ' ' || line.empty())
                --old_left, --new_left;
            out += line + "\n";
            continue;
        }
        auto flip = [](std::string p, char from, char to) {
            if (p.size() > 2 && p[0] == from && p[1] == '/') p[0] = to;
            return p;
        };
        if (line.rfind("--- ", 0) == 0) {
            minus = line.substr(4);
            continue;
        }
        if (line.rfind("+++ ", 0) == 0) {
            out +=
                "--- " + flip(line.substr(4), 'b', 'a') + "\n+++ " + flip(minus, 'a', 'b') + "\n";
            continue;
        }
        if (line.rfind("new file mode", 0) == 0)
            line = "deleted" + line.substr(3);
        else if (line.rfind("deleted file mode", 0) == 0)
            line = "new" + line.substr(7);
        else if (line.rfind("index ", 0) == 0) {
            auto dots = line.find(".."), sp = line.find(' ', dots);
            std::string a = line.substr(6, dots - 6),
                        b = line.substr(dots + 2, sp == std::string::npos ? sp : sp - dots - 2);
            line = "index " + b + ".." + a + (sp == std::string::npos ? "" : line.substr(sp));
        } else if (line.rfind("@@ -", 0) == 0) {
            auto plus = line.find(" +"), end = line.find(" @@", plus);
            std::string o = line.substr(4, plus - 4), n = line.substr(plus + 2, end - plus - 2);
            auto len = [](const std::string& r) {
                auto c = r.find(',');
                return c == std::string::npos ? 1L : std::stol(r.substr(c + 1));
            };
            old_left = len(n), new_left = len(o);
            line = "@@ -" + n + " +" + o + line.substr(end);
        }
        out += line + "\n";
    }
    return out;
}

// ---- one repository under construction ----

struct Replay {
    std::vector<test::SynthCommit> commits;
    std::vector<std::string> merges;         // per commit: msgid of the mail it merges, or ""
    std::vector<PatchSide> mails;            // every mail to link
    std::map<std::string, std::string> role; // msgid -> role
    std::size_t n = 0;

    static test::SynthCommit commit(const Address& a, std::string subject, std::int64_t authored,
                                    std::int64_t committed) {
        return test::SynthCommit{a.name.empty() ? "Unknown" : a.name,
                                 a.email,
                                 std::move(subject) + "\n\nReplayed for the link evaluation.\n",
                                 authored,
                                 committed,
                                 {},
                                 {}};
    }
    static void write(test::SynthCommit& c, const std::vector<test::SynthFile>& files, bool post) {
        for (const auto& f : files) {
            c.writes.emplace_back(f.path, post ? f.post : f.pre);
            c.modes.push_back(f.mode);
        }
    }
    void add(test::SynthCommit c, const std::string& merges_msgid) {
        c.message += "Replay-Commit: " + std::to_string(commits.size()) + "\n";
        commits.push_back(std::move(c));
        merges.push_back(merges_msgid);
    }
    void mail(PatchSide m, const std::string& r) {
        role[m.id] = r;
        mails.push_back(std::move(m));
    }
};

Address clean(Address a) {
    for (auto* s : {&a.name, &a.email})
        for (auto& c : *s)
            if (c == '<' || c == '>' || c == '\n') c = ' ';
    return a;
}

// The case's own commit (exact, or edited by the "maintainer"), then the adversaries.
void replay_case(Replay& r, const Source& src, std::size_t i) {
    const Address who = clean(src.mail.author);
    const std::int64_t d = src.mail.date;
    const std::string id = src.mail.id;
    test::SynthCommit base{
        "Tree Import", "import@example.org", "import pre-image\n", d - 3600, d - 3600, {}, {}};
    Replay::write(base, src.files, false);
    r.add(std::move(base), "");
    if (i % 5 == 4) { // never merged
        r.mail(src.mail, "unmerged");
        return;
    }
    auto files = src.files;
    const bool edited = i % 5 == 3;
    if (edited) // the maintainer changed one added line
        for (auto& f : files)
            if (f.post && !src.mail.added.empty() && src.mail.added.front().size() >= 3)
                if (auto pos = f.post->find(src.mail.added.front() + "\n");
                    pos != std::string::npos) {
                    f.post->insert(pos + src.mail.added.front().size(), " /* edited */");
                    break;
                }
    auto x = Replay::commit(who, src.subject, d, d + 2 * day);
    Replay::write(x, files, true);
    r.add(std::move(x), id);
    r.mail(src.mail, edited ? "edited" : "exact");
    if (edited) return;

    const std::string revert = "Revert \"" + src.subject + "\"";
    if (i % 3 == 0) { // a same-subject follow-up fix, then its revert (restoring X's blobs)
        for (std::size_t k = 0; k < files.size(); ++k) {
            auto& f = files[k];
            if (!f.post) continue;
            std::istringstream in(*f.post);
            std::string line, post2;
            long no = 0, at = 0;
            std::string was;
            while (std::getline(in, line)) {
                ++no;
                if (!at && line.size() >= 3 && line.rfind("filler ", 0) != 0 &&
                    std::find(src.mail.added.begin(), src.mail.added.end(), line) !=
                        src.mail.added.end()) {
                    at = no, was = line;
                    line += " /* follow-up */";
                }
                post2 += line + "\n";
            }
            if (!at) continue;
            std::vector<test::SynthFile> y_files{{f.path, f.mode, f.post, post2}};
            std::string diff = "diff --git a/" + f.path + " b/" + f.path + "\n--- a/" + f.path +
                               "\n+++ b/" + f.path + "\n@@ -" + std::to_string(at) + " +" +
                               std::to_string(at) + " @@\n-" + was + "\n+" + was +
                               " /* follow-up */\n";
            auto y = Replay::commit(who, src.subject, d + 5 * day, d + 6 * day);
            Replay::write(y, y_files, true);
            r.add(std::move(y), "followup-" + id);
            r.mail(mail_of("followup-" + id, who, d + 5 * day, src.subject, diff), "follow-up");
            auto ry = Replay::commit(who, "Revert \"" + src.subject + "\" (follow-up)", d + 8 * day,
                                     d + 8 * day);
            Replay::write(ry, y_files, false);
            r.add(std::move(ry), "");
            break;
        }
    }
    if (i % 4 == 3) { // a revert posted, never applied
        r.mail(mail_of("revert-" + id, who, d + 10 * day, revert, invert(src.diff)),
               "revert unmerged");
        return;
    }
    if (i % 4 != 1) return;
    auto rv = Replay::commit(who, revert, d + 10 * day, d + 11 * day);
    Replay::write(rv, files, false);
    r.add(std::move(rv), "revert-" + id);
    r.mail(mail_of("revert-" + id, who, d + 10 * day, revert, invert(src.diff)), "revert merged");
    if (i % 8 == 1) { // revert of the revert: the original's patch id
        const std::string rr = "Revert \"" + revert + "\"";
        auto c = Replay::commit(who, rr, d + 20 * day, d + 21 * day);
        Replay::write(c, files, true);
        r.add(std::move(c), "rr-" + id);
        r.mail(mail_of("rr-" + id, who, d + 20 * day, rr, src.diff), "revert of revert");
    } else { // the same patch posted again and applied again
        auto c = Replay::commit(who, src.subject, d + 45 * day, d + 46 * day);
        Replay::write(c, files, true);
        r.add(std::move(c), "again-" + id);
        r.mail(mail_of("again-" + id, who, d + 45 * day, src.subject, src.diff), "re-applied");
    }
}

struct Result {
    Tally all, by_method[4];
    std::map<std::string, Tally> by_role;
    std::vector<std::string> wrong;
};

Result run_replay(const std::string& name, const std::vector<const Source*>& own,
                  const std::vector<const Source*>& foreign) {
    Replay r;
    for (std::size_t i = 0; i < own.size(); ++i)
        replay_case(r, *own[i], i);
    for (const auto* s : foreign)
        r.mail(s->mail, "other tree");
    test::TempDir tmp;
    {
        std::ofstream stream(tmp.path() / "stream", std::ios::binary);
        for (const auto& c : r.commits)
            stream << test::fast_import_stream({c});
    }
    test::must(
        tmp.path(),
        "git init -q --bare repo.git && git --git-dir=repo.git fast-import --quiet < stream");
    auto repo = GitRepo::open((tmp.path() / "repo.git").string());
    EXPECT_TRUE(repo.ok());
    auto shas = repo->walk("");
    EXPECT_TRUE(shas.ok());
    EXPECT_EQ(shas->size(), r.commits.size());
    Linker linker;
    Truth truth;
    std::map<std::string, PatchSide> sides; // for the debug output
    for (const auto& sha : *shas) {
        auto ci = repo->read_commit(sha, true);
        EXPECT_TRUE(ci.ok());
        linker.add_commit(from_commit(*ci));
        if (std::getenv("LKMINE_LINK_EVAL_DEBUG")) sides[ci->sha] = from_commit(*ci);
        auto at = ci->message.rfind("Replay-Commit: ");
        std::size_t i = std::stoul(ci->message.substr(at + 15));
        if (!r.merges[i].empty()) truth[r.merges[i]] = ci->sha;
    }
    const unsigned nontrailer = all_link_methods & ~link_bit(LinkMethod::trailer);
    Result out;
    out.all = score(linker, r.mails, truth, nontrailer, &out.wrong);
    const LinkMethod methods[] = {LinkMethod::patch_id, LinkMethod::blob, LinkMethod::fuzzy};
    for (auto m : methods)
        out.by_method[int(m)] = score(linker, r.mails, truth, link_bit(m));
    std::map<std::string, std::vector<PatchSide>> by_role;
    for (const auto& m : r.mails)
        by_role[r.role[m.id]].push_back(m);
    for (const auto& [role, ms] : by_role)
        out.by_role[role] = score(linker, ms, truth, nontrailer);
    std::printf("%s: %zu mails, %zu commits\n", name.c_str(), r.mails.size(), r.commits.size());
    for (const auto& [role, t] : out.by_role)
        print_row(name + " " + role, "all", t);
    for (auto m : methods)
        print_row(name + " all", std::string(link_method_name(m)), out.by_method[int(m)]);
    print_row(name + " all", "no-trailer", out.all);
    for (std::size_t i = 0; i < out.wrong.size() && i < 12; ++i)
        std::printf("  wrong: %s (%s)\n", out.wrong[i].c_str(),
                    r.role[out.wrong[i].substr(0, out.wrong[i].find(' '))].c_str());
    if (std::getenv("LKMINE_LINK_EVAL_DEBUG"))
        for (const auto& m : r.mails) {
            auto links = linker.match(m, nontrailer);
            auto t = truth.find(m.id);
            bool hit = false;
            for (const auto& l : links)
                hit |= t != truth.end() && l.sha == t->second;
            if (hit && links.size() == 1) continue;
            if (t == truth.end() && links.empty()) continue;
            std::printf("DEBUG %s mail <%s> %s | %s | %lld\n", r.role[m.id].c_str(), m.id.c_str(),
                        m.subject_norm.c_str(), m.author.email.c_str(), (long long)m.date);
            if (t != truth.end() && sides.count(t->second)) {
                const auto& c = sides[t->second];
                std::printf("   truth %.12s %s | %lld pid %s/%s score %.3f +%zu-%zu/%zu files "
                            "+%zu-%zu/%zu\n",
                            c.id.c_str(), c.subject_norm.c_str(), (long long)c.date,
                            c.patch_id.c_str(), m.patch_id.c_str(), fuzzy_score(m, c),
                            c.added.size(), c.removed.size(), c.files.size(), m.added.size(),
                            m.removed.size(), m.files.size());
                for (const auto& f : c.files)
                    std::printf("     commit file %s\n", f.c_str());
                for (const auto& f : m.files)
                    std::printf("     mail file %s\n", f.c_str());
            }
            for (const auto& l : links) {
                const auto& c = sides[l.sha];
                std::printf("   link %.12s %s %.3f %s | %lld/%lld\n", l.sha.c_str(),
                            std::string(link_method_name(l.method)).c_str(), l.score,
                            c.subject_norm.c_str(), (long long)c.date, (long long)c.commit_date);
            }
        }
    return out;
}

TEST(LinkReplay, IoUringKernelAndLiburingWithAdversarialCases) {
    LKMINE_REQUIRE_CORPUS("public-inbox/io-uring/git/0.git");
    const auto git_dir = test::shared_corpora() / "public-inbox/io-uring/git/0.git";
    const auto sources = io_uring_sources(git_dir.string());
    std::vector<const Source*> user, kernel;
    for (std::size_t i = 0; i < sources.size(); ++i)
        (sources[i].userspace ? user : kernel).push_back(&sources[i]);
    std::printf("io-uring: %zu replayable patches (%zu liburing, %zu kernel)\n", sources.size(),
                user.size(), kernel.size());
    ASSERT_GT(user.size(), 300u);
    ASSERT_GT(kernel.size(), 1000u);
    // The test replays a sample of each tree (every 3rd kernel patch); the bench all of them.
    std::vector<const Source*> kernel_sample;
    for (std::size_t i = 0; i < kernel.size(); i += full_run() ? 1 : 3)
        kernel_sample.push_back(kernel[i]);

    Result u = run_replay("liburing", user, kernel_sample);
    Result k = run_replay("kernel", kernel_sample, user);
    Tally both;
    for (const Result* r : {&u, &k}) {
        both.mails += r->all.mails, both.links += r->all.links;
        both.correct_links += r->all.correct_links, both.found += r->all.found;
        both.certain_links += r->all.certain_links;
        both.certain_correct += r->all.certain_correct;
        EXPECT_GE(r->all.precision(), 0.995);
        EXPECT_GE(r->all.recall(), 0.99);
        // The other tree's patches never link; the adversaries link to themselves only.
        EXPECT_EQ(r->by_role.at("other tree").links, 0u);
        EXPECT_EQ(r->by_role.at("revert of revert").precision(), 1.0);
        EXPECT_EQ(r->by_role.at("re-applied").precision(), 1.0);
        EXPECT_EQ(r->by_role.at("follow-up").precision(), 1.0);
        EXPECT_EQ(r->by_role.at("revert merged").precision(), 1.0);
        // One unmerged revert meets the merged revert of the same author's same-subject patch
        // (docs/LINKING.md): a revert a user would call the same.
        EXPECT_LE(r->by_role.at("revert unmerged").links, 1u);
    }
    print_row("io-uring both trees", "no-trailer", both);
    // Targets (issue 14): precision >= 0.998, recall >= 0.99, trailers hidden.
    EXPECT_GE(both.precision(), 0.998);
    EXPECT_GE(both.recall(), 0.99);
}

} // namespace
} // namespace lkmine
