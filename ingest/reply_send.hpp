// Handing a finished reply to the outside world: $EDITOR, sendmail, git send-email, a file.
// Nothing here speaks SMTP: the user's own mail tools do.
#pragma once

#include "core/base/result.hpp"
#include "core/model/message.hpp"
#include "ingest/reply_settings.hpp"

#include <string>
#include <vector>

namespace lkmine {

// Runs argv[0] (found on $PATH) with `input` on its standard input; its standard output and
// error are collected in *output when given, else inherited. The exit status, or an error when
// it could not be started or was killed by a signal.
Result<int> run_command(const std::vector<std::string>& argv, std::string_view input,
                        std::string* output = nullptr);

// Words of a command line such as "msmtp -a work -t" ('single' and "double" quotes kept
// together, no other shell syntax).
std::vector<std::string> split_command(std::string_view command);

// Opens `text` in $VISUAL, else $EDITOR, else vi (run through /bin/sh, so "emacs -nw" works),
// and returns what the user saved. Fails when the editor fails.
Result<std::string> edit_in_editor(const std::string& text);

// The reply `mail` (finalize_mail's bytes) handed to `method` ("sendmail" or
// "git-send-email"); returns the command that took it. A non-zero exit is an error that
// quotes the command's output. The mail is kept in `keep_dir`/lkmine-reply-*.eml on failure.
Result<std::string> send_reply(const std::string& mail, const std::string& method,
                               const ReplySettings& settings);

// Writes the mail to `path` (an .eml any mail client opens), refusing to overwrite nothing
// but a regular file.
Status save_reply(const std::string& mail, const std::string& path);

// Now, in the local zone; $LKMINE_DATE (an RFC 5322 date or seconds since 1970) replaces it,
// for reproducible tests.
Date reply_date();

// A fresh Message-ID (without <>): "<time>.<random>@lkmine.<domain of email>", or "@lkmine"
// when the email has no domain.
std::string new_message_id(const Date& date, const std::string& email);

} // namespace lkmine
