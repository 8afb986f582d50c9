// Recognises what a path given to `lkmine index` holds, by content, and makes its Sources.
#include "core/git/public_inbox.hpp"
#include "core/mail/flattened.hpp"
#include "core/mail/mbox.hpp"
#include "ingest/source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

namespace lkmine {
namespace {

namespace fs = std::filesystem;

std::string read_head(const fs::path& p, std::size_t n = 4096) {
    std::ifstream in(p, std::ios::binary);
    std::string head(n, '\0');
    in.read(head.data(), static_cast<std::streamsize>(n));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

bool is_mbox_file(const fs::path& p) {
    std::string head = read_head(p);
    return looks_like_mbox(head) && !looks_flattened(head);
}

// A mail starts with a From_ line, or with header fields ("Name: value") among which one that
// every mail has; a note starting "TODO: ..." is not a mail.
bool looks_like_mail(const std::string& head) {
    static const std::set<std::string> mail_fields{"from",           "to",          "cc",
                                                   "subject",        "date",        "message-id",
                                                   "received",       "return-path", "delivered-to",
                                                   "in-reply-to",    "references",  "mime-version",
                                                   "list-id",        "sender",      "reply-to",
                                                   "dkim-signature", "arc-seal",    "x-original-to",
                                                   "envelope-to"};
    std::size_t i = 0;
    while (i < head.size() && (head[i] == '\n' || head[i] == '\r'))
        ++i;
    if (head.compare(i, 5, "From ") == 0) return true;
    for (int fields = 0; i < head.size() && fields < 64; ++fields) {
        std::size_t eol = head.find('\n', i);
        if (eol == std::string::npos) eol = head.size();
        if (head[i] == ' ' || head[i] == '\t') { // a folded continuation
            i = eol + 1;
            continue;
        }
        std::size_t start = i;
        while (i < eol && i - start < 100 && head[i] > ' ' && head[i] < 127 && head[i] != ':')
            ++i;
        if (i == start || i >= eol || head[i] != ':') return false;
        std::string name = head.substr(start, i - start);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (mail_fields.count(name)) return true;
        i = eol + 1;
    }
    return false;
}

bool skipped_name(const std::string& name) {
    return name.empty() || name[0] == '.' || name == "tmp";
}

// Files below root (Maildir cur/new, nested folders, loose files), sorted, as relative paths;
// mbox files are split off into their own sources.
void walk_directory(const fs::path& root, std::vector<std::string>& mails,
                    std::vector<std::string>& mboxes, bool& maildir, std::size_t& not_mail) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
        end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        std::string name = p.filename().string();
        if (it->is_directory(ec)) {
            if (skipped_name(name) || (name.size() > 4 && name.substr(name.size() - 4) == ".git"))
                it.disable_recursion_pending();
            if (name == "cur" || name == "new") maildir = true;
            continue;
        }
        if (!it->is_regular_file(ec) || skipped_name(name)) continue;
        // A file that cannot be opened may well be mail: the source reports it as unreadable.
        if (!std::ifstream(p, std::ios::binary)) {
            mails.push_back(fs::relative(p, root, ec).string());
            continue;
        }
        std::string head = read_head(p);
        if (looks_like_mbox(head) && !looks_flattened(head))
            mboxes.push_back(p.string());
        else if (looks_like_mail(head))
            mails.push_back(fs::relative(p, root, ec).string());
        else
            ++not_mail;
    }
    std::sort(mails.begin(), mails.end());
    std::sort(mboxes.begin(), mboxes.end());
}

} // namespace

Result<std::vector<std::unique_ptr<Source>>>
detect_sources(const std::string& path, const SourceOptions& options, std::size_t* not_mail_out) {
    std::vector<std::unique_ptr<Source>> sources;
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    if (!fs::exists(abs, ec)) return make_error(path + ": no such file or directory");
    abs = fs::canonical(abs, ec);
    if (fs::is_regular_file(abs, ec)) {
        if (is_mbox_file(abs))
            sources.push_back(make_mbox_source(abs.string(), options));
        else
            sources.push_back(make_files_source("file", abs.string(), {""}, options));
        return sources;
    }
    if (!fs::is_directory(abs, ec)) return make_error(path + ": not a file or directory");
    std::vector<InboxLayout> inboxes = find_inboxes(abs.string());
    if (!inboxes.empty()) {
        for (const auto& inbox : inboxes)
            for (std::size_t i = 0; i < inbox.epochs.size(); ++i)
                sources.push_back(
                    make_epoch_source(inbox.epochs[i], inbox.name, static_cast<int>(i), options));
        return sources;
    }
    std::vector<std::string> mails, mboxes;
    bool maildir = false;
    std::size_t not_mail = 0;
    walk_directory(abs, mails, mboxes, maildir, not_mail);
    if (not_mail_out) *not_mail_out += not_mail;
    for (const auto& m : mboxes)
        sources.push_back(make_mbox_source(m, options));
    if (!mails.empty())
        sources.push_back(make_files_source(maildir ? "maildir" : "files", abs.string(),
                                            std::move(mails), options));
    if (sources.empty())
        return make_error(
            path + ": no mail found (not an inbox, mbox, Maildir or mail file" +
            (not_mail ? "; " + std::to_string(not_mail) + " files that are not mail" : "") + ")");
    return sources;
}

} // namespace lkmine
