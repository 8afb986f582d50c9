// Reply settings: environment, then ~/.config/lkmine/reply.conf, then git config.
#include "ingest/reply_settings.hpp"

#include "core/base/text.hpp"
#include "ingest/file_io.hpp"
#include "ingest/reply_send.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

namespace lkmine {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string git_config(const char* key) {
    std::string out;
    auto rc = run_command({"git", "config", "--get", key}, "", &out);
    if (!rc || *rc != 0) return {};
    return std::string(text::trim(out));
}

Result<std::map<std::string, std::string>> read_config(const std::string& path) {
    std::map<std::string, std::string> kv;
    if (::access(path.c_str(), F_OK) != 0) return kv;
    auto data = read_whole_file(path);
    if (!data) return data.error_info();
    int n = 0;
    for (std::string_view line : text::split_lines(*data)) {
        ++n;
        line = text::trim(line);
        if (line.empty() || line[0] == '#') continue;
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            return make_error(path + ":" + std::to_string(n) + ": not 'key = value'",
                              ErrorCode::usage);
        kv[text::lower(text::trim(line.substr(0, eq)))] = text::trim(line.substr(eq + 1));
    }
    return kv;
}

bool on_path(const std::string& program) {
    std::string path = env("PATH");
    for (std::size_t p = 0; p <= path.size();) {
        std::size_t colon = path.find(':', p);
        if (colon == std::string::npos) colon = path.size();
        std::string dir = path.substr(p, colon - p);
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
        p = colon + 1;
    }
    return false;
}

} // namespace

std::string reply_config_path() {
    std::string base = env("XDG_CONFIG_HOME");
    if (base.empty()) base = env("HOME") + "/.config";
    return base + "/lkmine/reply.conf";
}

std::string default_sendmail_command() {
    return on_path("msmtp") ? "msmtp -t" : "/usr/sbin/sendmail -t -i";
}

Result<ReplySettings> load_reply_settings() {
    const std::string path = reply_config_path();
    auto kv = read_config(path);
    if (!kv) return kv.error_info();
    ReplySettings s;
    auto pick = [&](std::string& out, const char* var, const char* key, const char* git) {
        if (!(out = env(var)).empty()) return std::string("environment");
        if (auto it = kv->find(key); it != kv->end() && !it->second.empty()) {
            out = it->second;
            return path;
        }
        out = git_config(git);
        return out.empty() ? std::string() : std::string("git config");
    };
    std::string from_name = pick(s.identity.name, "LKMINE_NAME", "name", "user.name");
    std::string from_email = pick(s.identity.email, "LKMINE_EMAIL", "email", "user.email");
    s.identity_source = from_email.empty() ? from_name : from_email;
    auto get = [&](const char* key, std::string fallback) {
        auto it = kv->find(key);
        return it != kv->end() && !it->second.empty() ? it->second : fallback;
    };
    s.send_with = get("send-with", "");
    s.sendmail = get("sendmail", default_sendmail_command());
    s.git_send_email = get("git-send-email", "git send-email");
    return s;
}

Status save_reply_settings(const ReplySettings& s) {
    const std::string path = reply_config_path();
    std::string dir = path.substr(0, path.rfind('/'));
    for (std::size_t p = 1; p <= dir.size(); ++p) // mkdir -p
        if (p == dir.size() || dir[p] == '/') ::mkdir(dir.substr(0, p).c_str(), 0700);
    std::ofstream out(path, std::ios::trunc);
    out << "# lkmine reply settings (docs/REPLY.md); $LKMINE_NAME/$LKMINE_EMAIL override\n"
        << "name = " << s.identity.name << "\nemail = " << s.identity.email
        << "\nsend-with = " << s.send_with << "\nsendmail = " << s.sendmail
        << "\ngit-send-email = " << s.git_send_email << "\n";
    out.close();
    if (!out)
        return make_error("cannot write " + path + ": " + std::strerror(errno), ErrorCode::io);
    return ok_status();
}

} // namespace lkmine
