// The hostile-mail corpus: mails a hostile sender would write to attack a reader's terminal,
// disguise names, forge headers or exhaust the parser; generated, not stored, so each case's
// bytes are spelled out in hostile_mail.cpp.
#pragma once

#include <string>
#include <vector>

namespace lkmine::test {

struct HostileMail {
    std::string name;       // what the case attacks
    std::string message_id; // without <>; empty when the mail has none of its own
    std::string bytes;      // the whole mail, LF line ends
};

// Every case, each with its own Message-ID (hostile-NN@lkmine.test) unless it tests its lack.
std::vector<HostileMail> hostile_mails();

} // namespace lkmine::test
