// thread_mbox(), am_mbox() and git_am(): mails out of the index, into files and git.
#include "core/stages/mbox_export.hpp"

#include "core/mail/mbox.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

extern char** environ;

namespace lkmine {

Result<std::string> thread_mbox(StoreReader& store, const std::string& msgid) {
    auto tree = store.thread(msgid);
    if (!tree) return tree.error_info();
    std::string out;
    for (const ThreadEntry& e : tree->entries) {
        if (e.mail.ghost) continue;
        auto mail = store.get(e.mail.message_id);
        if (!mail) return mail.error_info();
        out += mboxrd_entry(mail->raw);
    }
    if (out.empty()) return make_error("<" + msgid + ">: no indexed mail in its thread");
    return out;
}

std::string am_mbox(const AmSeries& series) {
    std::string out;
    for (const auto& p : series.patches)
        out += mboxrd_entry(p.mail_text);
    return out;
}

std::string am_summary(const AmSeries& s) {
    const SeriesRevision& r = s.revision;
    std::ostringstream out;
    out << "v" << r.revision << " <" << r.head.message_id << ">: " << s.patches.size()
        << (s.patches.size() == 1 ? " patch\n" : " patches\n");
    for (const auto& p : s.patches) {
        out << "  " << p.mail.subject << "\n";
        for (const auto& t : p.added)
            out << "    + " << t.key << ": " << t.value << "\n";
    }
    return out.str();
}

Result<GitAmResult> git_am(const std::string& repo, const std::string& mbox_path) {
    char tmpl[] = "/tmp/lkmine-git-am-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) return make_error("cannot create a temporary file for git's output");
    std::vector<std::string> args{"git", "-C", repo, "am", mbox_path};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd);
    GitAmResult out;
    if (rc == 0) {
        int status = 0;
        if (waitpid(pid, &status, 0) >= 0 && WIFEXITED(status)) out.status = WEXITSTATUS(status);
    }
    std::ifstream log(tmpl, std::ios::binary);
    out.output.assign(std::istreambuf_iterator<char>(log), {});
    std::remove(tmpl);
    if (rc != 0) return make_error("cannot run git (is it installed?)");
    return out;
}

} // namespace lkmine
