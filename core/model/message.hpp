// The mail model: what lkmine understood of one raw mail, produced by parse_message().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lkmine {

// Where raw bytes came from: a path, an mbox offset, an epoch commit.
struct Origin {
    std::string source;   // file path or archive path
    std::string location; // offset, blob/commit id, maildir file name
};

struct Warning {
    std::string kind;   // short stable code, e.g. "no-message-id", "bad-date"
    std::string detail; // human-readable explanation
};

struct RawMessage {
    std::string bytes;
    Origin origin;
    std::vector<Warning> warnings{}; // problems met while extracting it (mbox garbage, cut size)
};

struct Address {
    std::string name;  // decoded display name, UTF-8, may be empty
    std::string email; // addr-spec as written, may be empty for broken input
};

struct Date {
    std::int64_t epoch = 0; // seconds since 1970-01-01 UTC
    int offset_minutes = 0; // the zone the sender wrote, e.g. -420 for -0700
    bool valid = false;
};

// A kernel subject the way b4 reads it: "[RFC PATCH net-next v2 3/5] foo: bar".
struct SubjectInfo {
    std::vector<std::string>
        prefixes;     // bracketed words other than vN and n/m: "PATCH", "RFC", "net-next", "RESEND"
    int revision = 1; // v1 when not written
    int index = 0;    // 3 of 3/5; 0 when absent
    int total = 0;    // 5 of 3/5; 0 when absent
    bool is_reply = false; // Re:/RE:/Aw:/Fwd: chain in front
    bool is_patch = false; // a PATCH-like prefix is present
    std::string clean;     // subject without reply markers and bracket groups
};

struct Attachment {
    std::string filename;
    std::string content_type;
    std::size_t size = 0; // decoded size in bytes
};

enum class FileStatus { modified, added, deleted, renamed, copied };

struct PatchFile {
    std::string old_path; // without a/ prefix; "/dev/null" never appears: use status
    std::string new_path;
    FileStatus status = FileStatus::modified;
    int added = 0;
    int removed = 0;
    bool binary = false;
    std::string old_mode, new_mode;
    std::string old_blob, new_blob; // abbreviated ids from the "index" line
    std::vector<std::string>
        hunk_headers; // text after the second "@@", e.g. "static int foo(void)"
};

struct Patch {
    std::string source; // "inline" or "attachment"
    std::vector<PatchFile> files;
    std::string patch_id; // git patch-id --stable, 40 hex
    std::string text;     // the diff text as found
};

struct Trailer {
    std::string key; // canonical case: "Signed-off-by", "Fixes", "Link", "change-id"
    std::string value;
};

struct Header {
    std::string name;  // as written
    std::string value; // unfolded, decoded to UTF-8
};

// What a mail says about syzbot bugs, found by parse_message() (syzbot_facts.cpp) so the parse
// workers, not the single index writer, pay for it. Empty for most mails.
struct SyzbotFacts {
    std::string kind;  // "report", "cause_bisection", "fix_bisection", "test_result", "" for others
    std::string extid; // the bug this mail is about (syzbot From/To/Cc address), "" if none
    std::string title; // bug title from a syzbot mail's Subject
    std::vector<std::string> symptoms; // crash titles the text carries (as written, not normalised)
    std::vector<std::string> reported_by;   // extids of "Reported-by: syzbot+..." trailers
    std::vector<std::string> fix_titles;    // arguments of "#syz fix:" commands
    std::string culprit_sha, culprit_title; // a bisection result mail's commit
    bool empty() const {
        return kind.empty() && extid.empty() && symptoms.empty() && reported_by.empty() &&
               fix_titles.empty();
    }
};

struct Message {
    std::string message_id;              // without <>, empty when the mail has none
    std::string in_reply_to;             // first id of In-Reply-To, without <>
    std::vector<std::string> references; // in order, without <>
    std::string subject;                 // decoded UTF-8
    SubjectInfo subject_info;
    Address from;
    std::vector<Address> to, cc;
    Date date;
    std::string date_text;             // ISO 8601 with the sender's offset, empty when invalid
    std::vector<std::string> list_ids; // "linux-mm.kvack.org" (without <>)
    std::string body_text;             // decoded UTF-8 text of the text parts
    std::vector<Attachment> attachments;
    std::vector<Patch> patches;
    std::vector<Trailer> trailers;
    std::vector<Header> headers; // every header, unfolded and decoded, in order
    bool recovered = false;      // rebuilt from a flattened copy
    std::vector<Warning> warnings;
    Origin origin;
    std::size_t raw_size = 0;
    SyzbotFacts syzbot; // filled by parse_message()
};

} // namespace lkmine
