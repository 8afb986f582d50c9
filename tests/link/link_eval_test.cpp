// Linking measured on real data: precision and recall per method, trailer links hidden.
// LKMINE_LINK_EVAL_FULL=1 runs every mail (bench/link-eval.sh) instead of a sample.
#include "core/git/epoch_reader.hpp"
#include "core/git/repo.hpp"
#include "core/link/link.hpp"
#include "core/mail/date.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/parse.hpp"
#include "tests/link/link_synth.hpp"
#include "tests/link/link_tally.hpp"
#include "tests/support/git_fixture.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace lkmine {
namespace {

bool full_run() {
    const char* v = std::getenv("LKMINE_LINK_EVAL_FULL");
    return v && *v && std::string(v) != "0";
}

// ---- (a) ext4 list mails vs e2fsprogs `git log` text (no diffs) ----

std::int64_t parse_iso(std::string_view s) { // 2025-11-20T21:55:14+08:00
    if (s.size() < 25) return 0;
    auto num = [&](std::size_t pos, std::size_t len) {
        return std::stoll(std::string(s.substr(pos, len)));
    };
    std::int64_t t = days_from_civil(num(0, 4), unsigned(num(5, 2)), unsigned(num(8, 2))) * 86400 +
                     num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2);
    std::int64_t off = num(20, 2) * 3600 + num(23, 2) * 60;
    return s[19] == '-' ? t + off : t - off;
}

Address parse_name_email(std::string_view v) {
    Address a;
    auto lt = v.find('<'), gt = v.rfind('>');
    if (lt == std::string_view::npos || gt < lt) return a;
    a.name = std::string(v.substr(0, lt));
    while (!a.name.empty() && a.name.back() == ' ')
        a.name.pop_back();
    a.email = std::string(v.substr(lt + 1, gt - lt - 1));
    return a;
}

std::vector<CommitInfo> read_git_log(const std::string& text) {
    std::vector<CommitInfo> out;
    bool in_subject = false;
    for (const auto& line : test::lines(text)) {
        if (line.rfind("commit ", 0) == 0) {
            out.emplace_back();
            out.back().sha = line.substr(7, 40);
            in_subject = true;
            continue;
        }
        if (out.empty()) continue;
        CommitInfo& c = out.back();
        if (line.rfind("Author:", 0) == 0)
            c.author = parse_name_email(line.substr(12));
        else if (line.rfind("AuthorDate:", 0) == 0)
            c.author_date.epoch = parse_iso(line.substr(12));
        else if (line.rfind("CommitDate:", 0) == 0) // the time rule reads it
            c.commit_date = Date{parse_iso(line.substr(12)), 0, true};
        else if (line.rfind("    ", 0) == 0 || line.empty()) {
            std::string body = line.size() >= 4 ? line.substr(4) : "";
            c.message += body + "\n";
            if (in_subject && !body.empty())
                c.subject += (c.subject.empty() ? "" : " ") + body;
            else if (in_subject && !c.subject.empty())
                in_subject = false;
        }
    }
    return out;
}

TEST(LinkEval, Ext4MailsToE2fsprogsCommitsByTrailerAndFuzzy) {
    LKMINE_REQUIRE_CORPUS("ext4-e2fsprogs-pairing");
    const auto dir = test::shared_corpora() / "ext4-e2fsprogs-pairing";
    Linker linker;
    for (const auto& c : read_git_log(test::read_file(dir / "e2fsprogs-commits-since-2019-06.log")))
        linker.add_commit(from_commit(c));
    ASSERT_EQ(linker.size(), 1282u);

    Truth truth, exact_truth;
    for (const auto& line : test::lines(test::read_file(dir / "mail-to-commit.tsv"))) {
        auto cols = std::vector<std::string>{};
        std::size_t pos = 0;
        for (std::size_t tab; (tab = line.find('\t', pos)) != std::string::npos; pos = tab + 1)
            cols.push_back(line.substr(pos, tab - pos));
        cols.push_back(line.substr(pos));
        if (cols.size() < 4 || cols[0] == "message_id") continue;
        std::string id = cols[0].substr(1, cols[0].size() - 2);
        truth[id] = cols[2];
        if (cols[3] == "message-id-trailer") exact_truth[id] = cols[2];
    }
    ASSERT_EQ(truth.size(), 747u);
    ASSERT_EQ(exact_truth.size(), 150u);

    std::vector<PatchSide> mails, exact_mails;
    for (const auto& raw : split_mbox(test::read_file(dir / "e2fsprogs-patches.mbox"))) {
        mails.push_back(from_mail(parse_message(raw)));
        if (exact_truth.count(mails.back().id)) exact_mails.push_back(mails.back());
    }
    ASSERT_EQ(mails.size(), 747u);

    const unsigned fuzzy = link_bit(LinkMethod::fuzzy), trailer = link_bit(LinkMethod::trailer);
    std::vector<std::string> wrong;
    std::vector<std::string> wrong_trailer;
    Tally t_trailer = score(linker, mails, truth, trailer, &wrong_trailer);
    Tally t_fuzzy = score(linker, mails, truth, fuzzy, &wrong);
    Tally t_fuzzy_exact = score(linker, exact_mails, exact_truth, fuzzy);
    Tally t_all = score(linker, mails, truth, all_link_methods);
    print_row("e2fsprogs (all 747)", "trailer", t_trailer);
    print_row("e2fsprogs (all 747)", "fuzzy", t_fuzzy);
    print_row("e2fsprogs (150 by trailer)", "fuzzy", t_fuzzy_exact);
    print_row("e2fsprogs (all 747)", "all", t_all);
    for (const auto& w : wrong_trailer)
        std::printf("  trailer, not in truth: %s\n", w.c_str());
    for (std::size_t i = 0; i < wrong.size() && i < 15; ++i)
        std::printf("  fuzzy, not in truth: %s\n", wrong[i].c_str());
    if (std::getenv("LKMINE_LINK_EVAL_SWEEP")) {
        auto commits = read_git_log(test::read_file(dir / "e2fsprogs-commits-since-2019-06.log"));
        for (double th : {0.55, 0.6, 0.7, 0.8, 0.85, 0.9})
            for (int before : {7, 60, 180, 400, 800}) {
                FuzzyParams p;
                p.threshold_without_diff = th;
                p.window_before = before * 86400;
                Linker l(p);
                for (const auto& c : commits)
                    l.add_commit(from_commit(c));
                Tally t = score(l, mails, truth, fuzzy),
                      te = score(l, exact_mails, exact_truth, fuzzy);
                std::printf("th %.2f before %4d  P %.4f R %.4f  exact P %.4f R %.4f\n", th, before,
                            t.precision(), t.recall(), te.precision(), te.recall());
            }
    }
    if (std::getenv("LKMINE_LINK_EVAL_DEBUG")) {
        std::map<std::string, PatchSide> by_sha;
        for (const auto& c :
             read_git_log(test::read_file(dir / "e2fsprogs-commits-since-2019-06.log")))
            by_sha[c.sha] = from_commit(c);
        for (const auto& m : mails) {
            auto links = linker.match(m, fuzzy);
            if (by_sha.count(truth[m.id]))
                std::printf("DD %.2f\n", double(by_sha[truth[m.id]].date - m.date) / 86400);
            bool hit = false;
            for (auto& l : links)
                hit |= l.sha == truth[m.id];
            if (hit) continue;
            const PatchSide& c = by_sha[truth[m.id]];
            std::printf("MISS %s\n  mail %s <%s> %s\n  comm %s <%s> %s  dd=%.1f score=%.3f\n",
                        m.id.c_str(), m.author.name.c_str(), m.author.email.c_str(),
                        m.subject_norm.c_str(), c.author.name.c_str(), c.author.email.c_str(),
                        c.subject_norm.c_str(), double(c.date - m.date) / 86400, fuzzy_score(m, c));
        }
    }

    // Trailers name 150 mails. The one link outside the truth file is real: commits 7607e348
    // and ca3f4e3a both carry "Link: .../174786678229.1384866...@frogsfrogsfrogs" (checked by
    // hand in the log), and the file lists only the first.
    EXPECT_EQ(t_trailer.found, 150u);
    EXPECT_EQ(t_trailer.links, 151u);
    // Target (issue): precision >= 0.99, recall >= 0.95 with trailers hidden. Without diffs
    // only author, subject and date are compared here. The 597 rows the truth file pairs by
    // equal subject favour this method; the 150 trailer-named rows are the honest figure.
    EXPECT_GE(t_fuzzy.precision(), 0.99);
    EXPECT_GE(t_fuzzy.recall(), 0.95);
    EXPECT_GE(t_fuzzy_exact.precision(), 0.95);
    EXPECT_GE(t_fuzzy_exact.recall(), 0.75);
}

// ---- (b) real fscrypt patch mails replayed into a repository built by git fast-import ----

struct Case {
    PatchSide mail;
    std::vector<test::SynthFile> files;
    std::string subject; // as the commit will say it
    enum Role { exact, edited, unmerged } role = exact;
    bool new_files_only = false;
    bool date_moved = false; // the maintainer re-created the commit: a new author date
};

bool plain_path(const std::string& p) {
    return !p.empty() && p.find_first_of(" \t\n\"\\") == std::string::npos;
}

std::vector<Case> fscrypt_cases(const std::string& git_dir, std::size_t every) {
    auto reader = EpochReader::open(git_dir, "");
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return {};
    std::map<std::string, Case> by_key; // author + subject: the last revision of a patch wins
    EpochEntry e;
    while (true) {
        auto more = reader->next(e);
        if (!more.ok() || !*more) break;
        if (e.kind != EpochEntry::Kind::mail) continue;
        Message m = parse_message(RawMessage{e.bytes, {git_dir, e.commit}});
        if (!m.subject_info.is_patch || m.subject_info.is_reply || !m.date.valid) continue;
        Case c;
        c.mail = from_mail(m);
        if (!c.mail.has_diff || c.mail.patch_id.empty() || c.mail.author.email.empty()) continue;
        const Patch* patch = nullptr;
        for (const auto& p : m.patches)
            if (!p.files.empty()) {
                patch = &p;
                break;
            }
        auto files = test::reconstruct(*patch);
        if (!files) continue;
        bool ok = true, new_only = true;
        for (const auto& f : *files) {
            ok &= plain_path(f.path);
            new_only &= !f.pre.has_value();
        }
        if (!ok) continue;
        c.files = std::move(*files);
        c.new_files_only = new_only;
        c.subject = m.subject_info.clean;
        by_key[c.mail.author.email + "\n" + c.mail.subject_norm] = std::move(c);
    }
    std::vector<Case> all;
    std::set<std::string> pids;
    for (auto& [k, c] : by_key)
        if (pids.insert(c.mail.patch_id).second) all.push_back(std::move(c));
    std::sort(all.begin(), all.end(),
              [](const Case& a, const Case& b) { return a.mail.date < b.mail.date; });
    std::vector<Case> out;
    for (std::size_t i = 0; i < all.size(); i += every)
        out.push_back(std::move(all[i]));
    return out;
}

// Every fifth patch is left unmerged and every fifth is edited by the "maintainer": one added
// line changed, and for half of those the subject loses a word.
void assign_roles(std::vector<Case>& cases) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (i % 5 == 4) cases[i].role = Case::unmerged;
        if (i % 5 != 3) continue;
        bool changed = false;
        for (auto& f : cases[i].files) {
            if (!f.post || changed) continue;
            const auto& added = cases[i].mail.added;
            if (added.empty()) break;
            auto pos = f.post->find(added.front() + "\n");
            if (added.front().size() < 3 || pos == std::string::npos) continue;
            f.post->insert(pos + added.front().size(), " /* edited */");
            changed = true;
        }
        if (!changed) continue;
        cases[i].role = Case::edited;
        if (i % 10 == 8) cases[i].date_moved = true;
        if (i % 10 == 3) {
            auto sp = cases[i].subject.find(' ', cases[i].subject.find(": ") + 2);
            if (sp != std::string::npos)
                cases[i].subject.erase(sp, cases[i].subject.find(' ', sp + 1) - sp);
        }
    }
}

std::string sanitize(std::string s) {
    for (auto& c : s)
        if (c == '<' || c == '>' || c == '\n') c = ' ';
    return s.empty() ? "Unknown" : s;
}

TEST(LinkEval, FscryptPatchesReplayedIntoARepository) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const auto git_dir = test::shared_corpora() / "public-inbox/linux-fscrypt/git/0.git";
    std::vector<Case> cases = fscrypt_cases(git_dir.string(), full_run() ? 1 : 4);
    ASSERT_GT(cases.size(), 100u);
    assign_roles(cases);

    // Written one commit at a time: the rebuilt files of a full run are large.
    test::TempDir tmp;
    std::size_t n_commits = 0;
    std::vector<std::string> commit_case; // msgid of the mail a commit merges, "" for a base
    {
        std::ofstream stream(tmp.path() / "stream", std::ios::binary);
        for (auto& c : cases) {
            if (c.role == Case::unmerged) continue;
            test::SynthCommit base{"Tree Import",
                                   "import@example.org",
                                   "import pre-image\n",
                                   c.mail.date - 3600,
                                   c.mail.date - 3600,
                                   {},
                                   {}};
            test::SynthCommit patch{sanitize(c.mail.author.name),
                                    sanitize(c.mail.author.email),
                                    c.subject + "\n\nReplayed for the link evaluation.\n",
                                    c.mail.date + (c.date_moved ? 86400 : 0),
                                    c.mail.date + 2 * 86400,
                                    {},
                                    {}};
            for (const auto& f : c.files) {
                base.writes.emplace_back(f.path, f.pre);
                base.modes.push_back(f.mode);
                patch.writes.emplace_back(f.path, f.post);
                patch.modes.push_back(f.mode);
            }
            stream << test::fast_import_stream({base, patch});
            c.files.clear();
            commit_case.push_back("");
            commit_case.push_back(c.mail.id);
            n_commits += 2;
        }
    }
    test::must(tmp.path(), "git init -q --bare repo.git && git --git-dir=repo.git fast-import "
                           "--quiet < stream");
    auto repo = GitRepo::open((tmp.path() / "repo.git").string());
    ASSERT_TRUE(repo.ok()) << repo.error();
    auto shas = repo->walk("");
    ASSERT_TRUE(shas.ok());
    ASSERT_EQ(shas->size(), n_commits);

    Linker linker;
    Truth truth;
    std::map<std::string, std::string> commit_pid;
    for (std::size_t i = 0; i < shas->size(); ++i) {
        auto ci = repo->read_commit((*shas)[i]);
        ASSERT_TRUE(ci.ok());
        PatchSide side = from_commit(*ci);
        linker.add_commit(side);
        if (!commit_case[i].empty()) {
            truth[commit_case[i]] = side.id;
            commit_pid[commit_case[i]] = side.patch_id;
        }
    }
    std::vector<PatchSide> exact, edited, unmerged, new_only, mails;
    std::size_t reproduced = 0;
    for (const auto& c : cases) {
        mails.push_back(c.mail);
        if (c.role == Case::exact) {
            exact.push_back(c.mail);
            reproduced += commit_pid[c.mail.id] == c.mail.patch_id;
            if (c.new_files_only) new_only.push_back(c.mail);
        }
        if (c.role == Case::edited) edited.push_back(c.mail);
        if (c.role == Case::unmerged) unmerged.push_back(c.mail);
    }
    std::printf("fscrypt replay: %zu mails (%zu exact, %zu edited, %zu unmerged), %zu commits; "
                "%zu of %zu exact commits reproduce the mail's patch id\n",
                cases.size(), exact.size(), edited.size(), unmerged.size(), n_commits, reproduced,
                exact.size());
    const unsigned pid = link_bit(LinkMethod::patch_id), blob = link_bit(LinkMethod::blob),
                   fz = link_bit(LinkMethod::fuzzy), nontrailer = pid | blob | fz;
    std::vector<std::string> wrong;
    Tally p_exact = score(linker, exact, truth, pid), p_all = score(linker, mails, truth, pid);
    Tally b_new = score(linker, new_only, truth, blob), b_all = score(linker, mails, truth, blob);
    Tally f_exact = score(linker, exact, truth, fz), f_edited = score(linker, edited, truth, fz);
    Tally f_all = score(linker, mails, truth, fz, &wrong);
    Tally f_unmerged = score(linker, unmerged, truth, fz);
    Tally a_all = score(linker, mails, truth, nontrailer);
    print_row("fscrypt exact", "patch-id", p_exact);
    print_row("fscrypt all", "patch-id", p_all);
    print_row("fscrypt new files only", "blob", b_new);
    print_row("fscrypt all", "blob", b_all);
    print_row("fscrypt exact", "fuzzy", f_exact);
    print_row("fscrypt edited", "fuzzy", f_edited);
    print_row("fscrypt unmerged", "fuzzy", f_unmerged);
    print_row("fscrypt all", "fuzzy", f_all);
    print_row("fscrypt all", "no-trailer", a_all);
    for (std::size_t i = 0; i < wrong.size() && i < 10; ++i)
        std::printf("  wrong: %s\n", wrong[i].c_str());
    if (std::getenv("LKMINE_LINK_EVAL_DEBUG")) {
        for (const auto& c : cases) {
            for (const auto& l : linker.match(c.mail, fz))
                std::printf("SCORE %d %s %.3f\n", int(c.role),
                            truth.count(c.mail.id) && truth[c.mail.id] == l.sha ? "ok" : "bad",
                            l.score);
            if (c.role == Case::exact && commit_pid[c.mail.id] != c.mail.patch_id)
                std::printf("NOREPRO %s %s mail %s ours %s git %s\n", c.mail.id.c_str(),
                            truth[c.mail.id].c_str(), c.mail.patch_id.c_str(),
                            commit_pid[c.mail.id].c_str(),
                            test::must(tmp.path(), "git --git-dir=repo.git show " +
                                                       truth[c.mail.id] +
                                                       " | git patch-id --stable")
                                .c_str());
        }
    }

    // A replayed commit should carry its mail's patch id. 150 of 196 do: in most of the others
    // `git show | git patch-id` agrees with the mail and only GitRepo's diff (libgit2 without
    // the indent heuristic git uses by default) shifts a hunk; with that flag 171 of 196 agree,
    // the rest are hunks our filler lines let git's diff align differently.
    EXPECT_GE(double(reproduced), 0.75 * double(exact.size()));
    EXPECT_GE(p_exact.recall(), 0.75);
    EXPECT_EQ(p_all.correct_links, p_all.links);
    EXPECT_GE(b_new.recall(), 0.85); // full run: 8 of 9
    EXPECT_EQ(b_all.correct_links, b_all.links);
    // Target (issue): precision >= 0.99, recall >= 0.95 with trailers hidden.
    EXPECT_GE(f_edited.recall(), 0.95);
    EXPECT_GE(f_all.precision(), 0.99);
    EXPECT_GE(a_all.precision(), 0.99);
    EXPECT_GE(a_all.recall(), 0.95);
    EXPECT_LE(f_unmerged.links, unmerged.size() / 20 + 1);
}

// ---- scale: indexes, not all pairs ----

// Made-up commits and mails with kernel-like skew (one author writes 5% of everything), to see
// that matching stays per-candidate. Each mail is its commit's patch with one line changed, so
// only fuzzy can link it.
TEST(LinkEval, ScaleOfFuzzyMatching) {
    const std::size_t n_commits = full_run() ? 1000000 : 100000,
                      n_mails = full_run() ? 100000 : 5000;
    std::uint64_t seed = 42;
    auto rnd = [&] {
        return seed = seed * 6364136223846793005ull + 1442695040888963407ull, seed >> 33;
    };
    const char* words[] = {"fix",   "add",    "remove",  "leak",  "race",  "lock",    "page",
                           "inode", "buffer", "driver",  "probe", "error", "path",    "null",
                           "check", "init",   "free",    "use",   "after", "support", "clean",
                           "up",    "handle", "timeout", "dma"};
    auto make = [&](std::size_t i) {
        PatchSide c;
        c.id = std::to_string(i);
        std::size_t a = rnd() % 20 == 0 ? 0 : rnd() % 20000;
        c.author = {"Author " + std::to_string(a), "a" + std::to_string(a) + "@example.org"};
        c.date = 1200000000 + std::int64_t(i) * 300 + std::int64_t(rnd() % 86400);
        c.subject_norm = "sub" + std::to_string(rnd() % 300) + ":";
        for (int w = 0; w < 6; ++w)
            c.subject_norm += std::string(" ") + words[rnd() % 25];
        c.files = {"drivers/x" + std::to_string(rnd() % 5000) + ".c"};
        for (int l = 0; l < 8; ++l)
            c.added.push_back("line " + std::to_string(rnd() % 100000));
        c.removed = {"old " + std::to_string(rnd())};
        c.has_diff = true;
        return c;
    };
    Linker linker;
    std::vector<PatchSide> mails;
    auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n_commits; ++i) {
        PatchSide c = make(i);
        if (i % (n_commits / n_mails) == 0) {
            PatchSide m = c;
            m.id = "mail-" + c.id;
            m.date -= 3 * 86400;
            m.added[0] += " edited";
            mails.push_back(std::move(m));
        }
        linker.add_commit(c);
    }
    auto t1 = std::chrono::steady_clock::now();
    std::size_t right = 0, links = 0;
    for (const auto& m : mails) {
        auto found = linker.match(m, link_bit(LinkMethod::fuzzy));
        links += found.size();
        right += found.size() == 1 && "mail-" + found[0].sha == m.id;
    }
    auto t2 = std::chrono::steady_clock::now();
    auto sec = [](auto d) { return std::chrono::duration<double>(d).count(); };
    std::printf("scale: %zu commits indexed in %.1f s, %zu mails matched in %.1f s (%.0f mails/s), "
                "%zu right, %zu links\n",
                n_commits, sec(t1 - t0), mails.size(), sec(t2 - t1),
                double(mails.size()) / sec(t2 - t1), right, links);
    EXPECT_GE(double(right), 0.99 * double(mails.size()));
    EXPECT_LE(links, mails.size() + mails.size() / 100);
}

// ---- (c) linux-tip-commits: tip-bot mails carry a kernel commit (Commit-ID, message, diff) ----

// The commit a tip-bot mail announces, as read_commit() would give it from a kernel tree.
CommitInfo tip_commit(const Message& m) {
    CommitInfo c;
    std::istringstream in(m.body_text);
    std::string line;
    bool header = true, in_subject = false;
    while (std::getline(in, line)) {
        if (header) {
            auto value = [&](std::string_view key) {
                std::string v = line.substr(key.size());
                return v.erase(0, v.find_first_not_of(' '));
            };
            if (line.rfind("Commit-ID:", 0) == 0)
                c.sha = value("Commit-ID:");
            else if (line.rfind("Author:", 0) == 0)
                c.author = parse_name_email(value("Author:"));
            else if (line.rfind("AuthorDate:", 0) == 0)
                c.author_date = parse_date(value("AuthorDate:"));
            else if (line.empty() && !c.sha.empty())
                header = false, in_subject = true;
            continue;
        }
        if (line == "---" || line.rfind("diff --git ", 0) == 0) break;
        if (in_subject && line.empty() && c.subject.empty()) continue;
        if (in_subject && line.empty())
            in_subject = false;
        else if (in_subject)
            c.subject += (c.subject.empty() ? "" : " ") + line;
        c.message += line + "\n";
    }
    for (const auto& p : m.patches)
        if (!p.files.empty()) {
            c.diff = p.text;
            break;
        }
    return c;
}

TEST(LinkEval, TipBotMailsAgreeWithTheirCommitIdIndex) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-tip-commits/git/0.git");
    const auto dir = test::shared_corpora() / "public-inbox/linux-tip-commits";
    struct Row {
        std::string sha, in_reply_to;
        std::set<std::string> links;
    };
    std::map<std::string, Row> rows; // by message-id without <>
    // The index keeps ids as the URL wrote them ("%40" for '@'); msgid_from_link() decodes.
    auto strip = [](const std::string& s) {
        std::string id = s.size() >= 2 && s.front() == '<' ? s.substr(1, s.size() - 2) : s, out;
        for (std::size_t i = 0; i < id.size(); ++i) {
            if (id[i] == '%' && i + 2 < id.size() && std::isxdigit((unsigned char)id[i + 1]) &&
                std::isxdigit((unsigned char)id[i + 2])) {
                out.push_back(char(std::stoi(id.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(id[i]);
            }
        }
        return out;
    };
    for (const auto& line : test::lines(test::read_file(dir / "commit-ids.tsv"))) {
        std::vector<std::string> cols;
        std::size_t pos = 0;
        for (std::size_t tab; (tab = line.find('\t', pos)) != std::string::npos; pos = tab + 1)
            cols.push_back(line.substr(pos, tab - pos));
        cols.push_back(line.substr(pos));
        if (cols.size() < 7 || cols[0] == "archive_commit") continue;
        Row r{cols[2], strip(cols[4]), {}};
        std::istringstream ls(cols[5]);
        for (std::string id; ls >> id;)
            r.links.insert(strip(id));
        rows[strip(cols[1])] = std::move(r);
    }
    ASSERT_GT(rows.size(), 22000u);

    auto reader = EpochReader::open((dir / "git/0.git").string(), "");
    ASSERT_TRUE(reader.ok()) << reader.error();
    const std::size_t every = full_run() ? 1 : 10;
    std::size_t n = 0, with_id = 0, sha_found = 0, links_equal = 0, with_links = 0;
    std::size_t with_reply = 0, reply_named = 0, with_diff = 0, pid_agree = 0, n_tags = 0;
    std::size_t links_more = 0;
    std::map<std::string, std::set<std::string>> shas_by_pid;
    std::vector<std::string> disagree;
    EpochEntry e;
    for (std::size_t i = 0;; ++i) {
        auto more = reader->next(e);
        ASSERT_TRUE(more.ok());
        if (!*more) break;
        if (i % every != 0 || e.kind != EpochEntry::Kind::mail) continue;
        Message m = parse_message(RawMessage{e.bytes, {}});
        auto it = rows.find(m.message_id);
        if (it == rows.end() || it->second.sha.empty()) continue;
        const Row& r = it->second;
        ++n;
        PatchSide mail = from_mail(m);
        auto shas = mentioned_shas(m.body_text);
        sha_found += std::find(shas.begin(), shas.end(), r.sha) != shas.end();
        CommitInfo ci = tip_commit(m);
        with_id += ci.sha == r.sha;
        PatchSide commit = from_commit(ci);
        std::set<std::string> named(commit.named_msgids.begin(), commit.named_msgids.end());
        if (!r.links.empty()) ++with_links;
        // lkml.kernel.org/n/<id> is Ingo Molnar's commit tag, not a posted mail: the index
        // leaves it out, msgid_from_link() reads it (it names the tip mail itself at times).
        if (m.body_text.find("lkml.kernel.org/n/") != std::string::npos)
            ++n_tags;
        else if (std::includes(named.begin(), named.end(), r.links.begin(), r.links.end()))
            ++links_equal, links_more += named.size() > r.links.size();
        else if (disagree.size() < (std::getenv("LKMINE_LINK_EVAL_DEBUG") ? 400u : 8u)) {
            std::string d = m.message_id + ": ours";
            for (const auto& x : named)
                d += " " + x;
            d += " | index";
            for (const auto& x : r.links)
                d += " " + x;
            disagree.push_back(d);
        }
        if (!r.in_reply_to.empty()) {
            ++with_reply;
            reply_named += named.count(r.in_reply_to) > 0;
        }
        if (commit.has_diff) {
            ++with_diff;
            pid_agree += commit.patch_id == mail.patch_id;
            shas_by_pid[commit.patch_id].insert(r.sha);
        }
    }
    std::size_t dup_pids = 0;
    for (const auto& [pid, s] : shas_by_pid)
        dup_pids += s.size() > 1;
    std::printf("tip: %zu mails with a Commit-ID; Commit-ID read %zu; mentioned_shas has it %zu\n"
                "  Link:/Message-Id: msgids holding every one of the index column: %zu of %zu "
                "without a lkml.kernel.org/n/ tag (%zu name more: [1]-style references; %zu "
                "rows have any)\n"
                "  In-Reply-To set: %zu, of which the commit's trailers name the replied-to "
                "patch: %zu (%.4f)\n"
                "  with a diff: %zu, same patch id read as mail and as commit: %zu; patch ids "
                "carried by more than one Commit-ID (rebased tip branches): %zu\n",
                n, with_id, sha_found, links_equal, n - n_tags, links_more, with_links, with_reply,
                reply_named, with_reply ? double(reply_named) / double(with_reply) : 0.0, with_diff,
                pid_agree, dup_pids);
    for (const auto& d : disagree)
        std::printf("  links differ: %s\n", d.c_str());
    ASSERT_GT(n, full_run() ? 20000u : 2000u);
    // Full run: 20,779 of 20,780 (one mail's Commit-ID is not read); every 10th: all.
    EXPECT_GE(with_id + 1, n);
    EXPECT_GE(sha_found + 1, n);
    EXPECT_GE(double(links_equal), 0.99 * double(n - n_tags));
    EXPECT_EQ(pid_agree, with_diff);
}

} // namespace
} // namespace lkmine
