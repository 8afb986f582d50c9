// Splitting mbox files (mboxrd and mboxo) into raw mails: streaming, bounded memory, resumable.
#pragma once

#include "core/model/message.hpp"
#include "core/base/result.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine {

// How a From_ line is told apart from a body line that happens to start with "From " (mboxo
// does not escape those): a separator is a line starting with "From " that is
//   - the first line of the file (or of the resume offset): any "From " line is accepted; or
//   - preceded by an empty line AND looks like a From_ line: "From mboxrd@z ...", or a sender
//     token followed by a date-ish tail (a hh:mm time and a 19xx/20xx year).
// So "From here on, ..." in a body never splits, while a pasted unescaped git format-patch
// header ("From <sha> Mon Sep 17 00:00:00 2001") after a blank line in an mboxo file does:
// that case is ambiguous by nature, and mboxrd writers escape it.
bool looks_like_from_line(std::string_view line);

// True when the data starts with a From_ line whose sender looks like an address
// ("x@y", "mboxrd@z", "MAILER-DAEMON") or a git format-patch sha, followed by a date.
bool looks_like_mbox(std::string_view head);

class MboxReader {
  public:
    // Opens path and positions at start_offset (0, or an end_offset returned earlier).
    // An offset past the end of the file is an error: the mbox was truncated or replaced.
    static Result<MboxReader> open(const std::string& path, std::uint64_t start_offset = 0);

    MboxReader(MboxReader&&) noexcept;
    MboxReader& operator=(MboxReader&&) noexcept;
    ~MboxReader();

    // Next message: origin.source is the path, origin.location its From_ line's byte offset;
    // end_offset is where the next message starts (or the file size): a safe resume point.
    // Bytes are mboxrd-unescaped; the blank line that ends each entry is removed. A message
    // longer than the size cap (default kDefaultMaxMailSize) is cut after its last whole line
    // that fits, with a "truncated" warning (size_cap.hpp); memory stays within the cap. Returns
    // false at the end of the file or on a read error (see error()).
    bool next(RawMessage& out, std::uint64_t& end_offset);

    void set_max_message_size(std::size_t bytes);
    const std::string& error() const; // empty unless reading failed

  private:
    struct Impl;
    explicit MboxReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The same splitting on bytes already in memory (parse command, tests, fuzzing); origin.location
// is the offset in `whole`, origin.source is empty.
std::vector<RawMessage> split_mbox(std::string_view whole);

// Export: an entry is mbox_from_line() + mboxrd_escape(mail) [+ "\n" if mail lacks one] + "\n";
// mboxrd_entry() builds exactly that.
std::string mbox_from_line();
std::string mboxrd_escape(std::string_view mail);
std::string mboxrd_entry(std::string_view mail);

} // namespace lkmine
