// Sources of mail for `lkmine index`: public-inbox epochs, mbox files, Maildirs and loose files.
#pragma once

#include "core/base/result.hpp"
#include "core/mail/size_cap.hpp"
#include "core/model/message.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lkmine {

struct SourceItem {
    RawMessage raw;
    bool deletion = false;          // public-inbox 'd': remove this mail
    std::vector<std::string> lists; // inbox names the source files the mail under
    std::string position;           // where the source stands once this item is written ("":
                                    // a retried item, which does not move it)
    // Names this item for a retry: set on every item, so that an item read again by a later
    // run (fine this time, or still not) replaces what that earlier run recorded for it.
    std::string retry_key;
    std::string problem; // non-empty: the mail could not be read; nothing to write
    // Not a mail: after re-reading a purged epoch, the blobs it still holds; mails kept from
    // that epoch (origin `purge_origin`) in any other blob were purged.
    std::shared_ptr<const std::vector<std::string>> live_blobs;
    std::string purge_origin;
};

// One source, read once in order. Its progress is saved in the index as a state string, in the
// same commit as the documents, so a killed run resumes without losing or repeating mail.
class Source {
  public:
    virtual ~Source() = default;
    virtual std::string key() const = 0;      // stable: kind + absolute path
    virtual std::string describe() const = 0; // for messages: "public-inbox linux-fscrypt epoch 0"
    // Prepare to read what `saved_state` (from an earlier run, "" if none) did not cover, and
    // again the items an earlier run could not read (`retry`: their retry keys).
    virtual Status start(const std::string& saved_state, const std::vector<std::string>& retry) = 0;
    // false at the end. A mail that cannot be read is an item with `problem` set, and the
    // source goes on; an error ends the source (it cannot go on: an unreadable mbox file).
    virtual Result<bool> next(SourceItem& out) = 0;
    // The state to save once every item up to the one at `position` is written.
    virtual std::string state_after(const std::string& position) const = 0;
    virtual std::size_t estimate() const { return 0; }            // items to read (0: unknown)
    virtual std::vector<std::string> notes() const { return {}; } // e.g. "history rewritten"
};

// What every source applies the same way.
struct SourceOptions {
    // A mail over this is cut at a line boundary with a "truncated" warning (size_cap.hpp);
    // no source holds more than about this much of one mail in memory.
    std::size_t max_mail_size = kDefaultMaxMailSize;
};

// Recognises what `path` is by its content: a public-inbox inbox, epoch or mirror root (many
// inboxes), an mbox, a Maildir, a single mail (raw or flattened), or a directory of loose
// mail files. Errors name the path and why it is not usable. Files in a directory that are
// not mail are skipped and counted in `*not_mail` (when given).
Result<std::vector<std::unique_ptr<Source>>> detect_sources(const std::string& path,
                                                            const SourceOptions& options = {},
                                                            std::size_t* not_mail = nullptr);

std::unique_ptr<Source> make_epoch_source(const std::string& git_dir, const std::string& inbox,
                                          int epoch, const SourceOptions& options = {});
std::unique_ptr<Source> make_mbox_source(const std::string& path,
                                         const SourceOptions& options = {});
// Maildir (cur/ and new/) or any directory of mail files; `files` is the ordered list.
std::unique_ptr<Source> make_files_source(const std::string& kind, const std::string& root,
                                          std::vector<std::string> files,
                                          const SourceOptions& options = {});

} // namespace lkmine
