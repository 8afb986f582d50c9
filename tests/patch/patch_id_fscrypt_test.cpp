// Oracle test on real mail: our patch_id_stable() against `git patch-id --stable` on every mail
// of the linux-fscrypt public-inbox epoch 0.
#include "core/patch/diff.hpp"
#include "core/patch/patch_id.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Mail {
    std::string fake_id; // the "From <id>" name git prints back for this mail
    std::string body;
    bool encoded = false; // top-level Content-Transfer-Encoding base64 / quoted-printable
    std::vector<std::string> git_ids;
};

bool iequals_prefix(std::string_view s, std::string_view p) {
    if (s.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
    return true;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Splits a raw mail at the first blank line; flags a transfer-encoded top-level body.
Mail split_mail(const std::string& raw) {
    Mail m;
    std::size_t pos = 0, body_at = raw.size();
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        std::size_t end = nl == std::string::npos ? raw.size() : nl;
        std::string_view line(raw.data() + pos, end - pos);
        if (line.empty() || line == "\r") {
            body_at = std::min(raw.size(), end + 1);
            break;
        }
        if (iequals_prefix(line, "content-transfer-encoding:")) {
            std::string v = lower(std::string(line.substr(26)));
            if (v.find("base64") != std::string::npos ||
                v.find("quoted-printable") != std::string::npos)
                m.encoded = true;
        }
        pos = end + 1;
    }
    m.body = raw.substr(body_at);
    return m;
}

// Every `m` blob of the epoch, oldest first, through one log | cat-file --batch pipeline.
std::vector<std::string> read_epoch(const fs::path& git_dir) {
    std::string cmd = "git --git-dir='" + git_dir.string() +
                      "' log --format=%H:m --reverse | git --git-dir='" + git_dir.string() +
                      "' cat-file --batch";
    std::vector<std::string> mails;
    FILE* f = popen(cmd.c_str(), "r");
    if (!f) return mails;
    std::string all;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
        all.append(buf, n);
    pclose(f);
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t nl = all.find('\n', pos);
        if (nl == std::string::npos) break;
        std::string header = all.substr(pos, nl - pos);
        pos = nl + 1;
        std::size_t sp = header.rfind(' ');
        if (header.find(" blob ") == std::string::npos || sp == std::string::npos)
            continue; // "<name> missing": a deletion commit has a `d` blob instead
        std::size_t size = std::stoul(header.substr(sp + 1));
        mails.push_back(all.substr(pos, size));
        pos += size + 1;
    }
    return mails;
}

std::string fake_id(std::size_t i) {
    char buf[41];
    std::snprintf(buf, sizeof buf, "f00d%036zu", i);
    return buf;
}

bool is_oid_start(std::string_view s) {
    if (s.size() < 40) return false;
    for (int i = 0; i < 40; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// Object names git would take as the start of a patch inside this body (lines beginning with
// 40 hex digits, after an optional "commit " or "From ") that a "diff " line follows, so the
// patch git names after them can be theirs. Stable backports repeat "commit <sha> upstream."
// in several mails, hence the need for a following diff.
std::vector<std::string> body_oids(const std::string& body) {
    std::vector<std::string> out, pending;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        std::size_t end = nl == std::string::npos ? body.size() : nl;
        std::string_view line(body.data() + pos, end - pos);
        if (line.substr(0, 5) == "diff ") {
            out.insert(out.end(), pending.begin(), pending.end());
            pending.clear();
        }
        if (line.substr(0, 7) == "commit ")
            line.remove_prefix(7);
        else if (line.substr(0, 5) == "From ")
            line.remove_prefix(5);
        if (is_oid_start(line)) pending.push_back(lower(std::string(line.substr(0, 40))));
        pos = end + 1;
    }
    return out;
}

// Runs git patch-id --stable once over all mails and files each printed id under its mail.
void run_git_patch_id(std::vector<Mail>& mails) {
    fs::path dir = fs::temp_directory_path() / ("lkmine-pid-" + std::to_string(getpid()));
    fs::create_directories(dir);
    {
        std::string in;
        for (const Mail& m : mails) {
            in += "From " + m.fake_id + " Mon Sep 17 00:00:00 2001\n";
            in += m.body;
            if (!m.body.empty() && m.body.back() != '\n') in += '\n';
        }
        FILE* f = std::fopen((dir / "in").c_str(), "wb");
        std::fwrite(in.data(), 1, in.size(), f);
        std::fclose(f);
    }
    std::string cmd = "git patch-id --stable < '" + (dir / "in").string() + "' > '" +
                      (dir / "out").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::string out = lkmine::test::read_file(dir / "out");
    fs::remove_all(dir);

    std::map<std::string, std::size_t> by_fake;
    for (std::size_t i = 0; i < mails.size(); ++i)
        by_fake[mails[i].fake_id] = i;
    std::vector<std::vector<std::string>> unused_oids;
    for (const Mail& m : mails)
        unused_oids.push_back(body_oids(m.body));
    std::size_t cur = 0;
    std::size_t pos = 0;
    while (pos < out.size()) {
        std::size_t nl = out.find('\n', pos);
        if (nl == std::string::npos) nl = out.size();
        std::string line = out.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.size() != 81) continue;
        std::string id = line.substr(0, 40), name = line.substr(41);
        if (auto it = by_fake.find(name); it != by_fake.end()) {
            cur = it->second;
        } else if (name != std::string(40, '0')) {
            // A patch named by an object name inside a body: the current mail or a later one.
            // Each such line names at most one patch, so a used one is crossed off.
            std::size_t j = cur;
            for (; j < mails.size(); ++j) {
                auto& oids = unused_oids[j];
                if (auto it = std::find(oids.begin(), oids.end(), name); it != oids.end()) {
                    oids.erase(it);
                    break;
                }
            }
            ASSERT_LT(j, mails.size()) << "git named a patch we cannot place: " << name;
            cur = j;
        }
        mails[cur].git_ids.push_back(id);
    }
}

// The epoch's mails with git's ids, read once for both tests.
const std::vector<Mail>& epoch_with_git_ids() {
    static const std::vector<Mail> mails = [] {
        auto raw =
            read_epoch(lkmine::test::shared_corpora() / "public-inbox/linux-fscrypt/git/0.git");
        std::vector<Mail> out;
        out.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            out.push_back(split_mail(raw[i]));
            out.back().fake_id = fake_id(i);
        }
        run_git_patch_id(out);
        return out;
    }();
    return mails;
}

} // namespace

TEST(PatchIdFscrypt, AgreesWithGitOnEveryMail) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    auto t0 = std::chrono::steady_clock::now();
    const std::vector<Mail>& mails = epoch_with_git_ids();
    ASSERT_GT(mails.size(), 5000u);

    std::size_t with_diff = 0, encoded_with_diff = 0, git_gives_id = 0, agree = 0;
    std::size_t plain_checked = 0, plain_agree = 0, git_none_we_none = 0, git_none = 0;
    for (const Mail& m : mails) {
        bool has_diff = m.body.find("diff --git") != std::string::npos;
        std::string ours = lkmine::patch_id_stable(m.body);
        std::string git = m.git_ids.empty() ? "" : m.git_ids.front();
        if (has_diff) {
            ++with_diff;
            if (m.encoded)
                ++encoded_with_diff;
            else {
                ++plain_checked;
                if (ours == git) ++plain_agree;
            }
        }
        if (!git.empty())
            ++git_gives_id;
        else {
            ++git_none;
            if (ours.empty()) ++git_none_we_none;
        }
        if (ours == git) ++agree;
        EXPECT_EQ(ours, git) << "mail " << m.fake_id << " (git printed " << m.git_ids.size()
                             << " ids)";
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("mails %zu, bodies with \"diff --git\" %zu (transfer-encoded, skipped %zu; "
                "plain %zu, agree %zu)\n",
                mails.size(), with_diff, encoded_with_diff, plain_checked, plain_agree);
    std::printf("all mails: git gives an id to %zu, git none %zu (we none %zu), same first id "
                "%zu of %zu; %.1f s\n",
                git_gives_id, git_none, git_none_we_none, agree, mails.size(), secs);
    EXPECT_EQ(plain_agree, plain_checked);
    EXPECT_EQ(git_none_we_none, git_none);
    EXPECT_GT(plain_checked, 2000u);
}

// find_patches() cuts each diff out of the mail and gives it the id git patch-id prints for the
// text it starts: on a mail without mailer damage every id is one git printed and every id git
// printed is found. A damaged mail (a blank context line without its space, a wrapped hunk
// header: mail_patch_ids differs from git's reading) has the ids of the commit git am makes
// instead; bench/accuracy/patchid_oracle.py checks those against git mailinfo + git patch-id
// (ctest patchid_corpus).
TEST(PatchIdFscrypt, FoundPatchesMatchGitIds) {
    LKMINE_REQUIRE_CORPUS("public-inbox/linux-fscrypt/git/0.git");
    const std::vector<Mail>& mails = epoch_with_git_ids();
    ASSERT_GT(mails.size(), 5000u);
    std::size_t patches = 0, with_id = 0, in_git = 0, damaged_mails = 0, git_ids = 0;
    std::size_t git_ids_found = 0, plain = 0, encoded = 0;
    for (const Mail& m : mails) {
        if (m.encoded) {
            ++encoded;
            continue;
        }
        std::vector<std::string> raw, am;
        for (const auto& s : lkmine::patch_ids_stable(m.body))
            raw.push_back(s.id);
        for (const auto& s : lkmine::mail_patch_ids(m.body))
            am.push_back(s.id);
        const bool damaged = raw != am;
        damaged_mails += damaged;
        std::vector<std::string> ours;
        for (const auto& p : lkmine::find_patches(m.body, "inline")) {
            ++patches;
            if (p.patch_id.empty()) {
                ++plain;
                continue;
            }
            ++with_id;
            ours.push_back(p.patch_id);
            const auto& want = damaged ? am : m.git_ids;
            if (std::find(want.begin(), want.end(), p.patch_id) != want.end())
                ++in_git;
            else
                ADD_FAILURE() << "mail " << m.fake_id << ": patch at \"" << p.text.substr(0, 60)
                              << "\" has an id git did not print";
        }
        if (damaged) continue;
        for (const auto& id : m.git_ids) {
            ++git_ids;
            git_ids_found += std::find(ours.begin(), ours.end(), id) != ours.end();
        }
    }
    std::printf("find_patches (%zu transfer-encoded mails skipped): %zu patches, %zu with an id "
                "(%zu git's or, on %zu damaged mails, git am's), %zu without (plain ---/+++); "
                "git ids of undamaged mails %zu, found %zu\n",
                encoded, patches, with_id, in_git, damaged_mails, plain, git_ids, git_ids_found);
    EXPECT_EQ(in_git, with_id);
    EXPECT_GT(with_id, 3000u);
    // git ids not found: prose lines starting "diff " that git hashes as a patch of their own
    EXPECT_GE(git_ids_found + 5, git_ids);
}
