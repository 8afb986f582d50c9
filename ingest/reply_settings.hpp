// Who replies and how mail leaves: identity and sender settings shared by the CLI and the GUI.
#pragma once

#include "core/base/result.hpp"
#include "core/mail/reply.hpp"

#include <string>

namespace lkmine {

struct ReplySettings {
    Identity identity;
    std::string identity_source; // "environment", the config file's path, "git config", ""
    std::string send_with;       // "sendmail", "git-send-email", or "" (save only)
    std::string sendmail;        // the sendmail-compatible command, e.g. "msmtp -t"
    std::string git_send_email;  // the git send-email command, "git send-email" by default
};

// $XDG_CONFIG_HOME/lkmine/reply.conf, else ~/.config/lkmine/reply.conf.
std::string reply_config_path();

// Each identity field from the first of: $LKMINE_NAME / $LKMINE_EMAIL, the config file's
// `name =` / `email =`, `git config user.name` / `user.email`. The senders from the config
// file (`send-with`, `sendmail`, `git-send-email`), then their defaults. Fails only on an
// unreadable config file or a line in it that is not `key = value`.
Result<ReplySettings> load_reply_settings();

// Writes name, email, send-with, sendmail and git-send-email to the config file (the GUI's
// settings); the directory is created when missing.
Status save_reply_settings(const ReplySettings& s);

// "msmtp -t" when msmtp is on $PATH, else "/usr/sbin/sendmail -t -i".
std::string default_sendmail_command();

} // namespace lkmine
