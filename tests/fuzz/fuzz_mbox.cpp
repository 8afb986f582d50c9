// libFuzzer target: the mbox splitter, in memory (split_mbox) and from a file (MboxReader).
#include "core/mail/mbox.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* why, std::size_t a, std::size_t b) {
    std::fprintf(stderr, "mbox: %s (%zu, %zu)\n", why, a, b);
    std::abort();
}

// Splitting only drops separator lines, escape '>'s and the blank line before a separator, so
// the mails together can never be longer than the input; offsets must rise and stay inside.
void check_split(const std::vector<lkmine::RawMessage>& mails, std::string_view whole) {
    std::size_t total = 0, last = 0;
    bool first = true;
    for (const auto& m : mails) {
        total += m.bytes.size();
        std::size_t at = std::stoull(m.origin.location);
        if (at >= whole.size()) fail("offset past the end", at, whole.size());
        if (!first && at <= last) fail("offsets do not rise", last, at);
        if (whole.substr(at, 5) != "From ") fail("offset is not at a From_ line", at, 0);
        last = at;
        first = false;
    }
    if (total > whole.size()) fail("split output longer than input", total, whole.size());
}

// The streaming reader sees the file in 1 MB chunks; it must agree with the in-memory split.
// Small max sizes exercise truncation; a tiny fraction of inputs also goes through a file.
void check_reader(std::string_view whole, const std::vector<lkmine::RawMessage>& mails) {
    char path[] = "/tmp/lkmine-fuzz-mbox-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return;
    std::size_t done = 0;
    while (done < whole.size()) {
        ssize_t n = write(fd, whole.data() + done, whole.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    close(fd);
    auto reader = lkmine::MboxReader::open(path);
    std::size_t count = 0;
    if (reader) {
        lkmine::RawMessage msg;
        std::uint64_t end = 0, prev_end = 0;
        while (reader->next(msg, end)) {
            if (count >= mails.size())
                fail("reader yields more mails than split_mbox", count, mails.size());
            if (msg.bytes != mails[count].bytes)
                fail("reader and split_mbox disagree at mail", count, msg.bytes.size());
            if (end < prev_end || end > whole.size()) fail("bad end offset", end, whole.size());
            prev_end = end;
            ++count;
        }
        if (count != mails.size())
            fail("reader yields fewer mails than split_mbox", count, mails.size());
        // Resuming at an offset past the end is an error, not a crash.
        if (lkmine::MboxReader::open(path, whole.size() + 1))
            fail("resume past the end accepted", 0, 0);
    }
    unlink(path);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view whole(reinterpret_cast<const char*>(data), size);
    std::vector<lkmine::RawMessage> mails = lkmine::split_mbox(whole);
    check_split(mails, whole);
    (void)lkmine::looks_like_mbox(whole.substr(0, 4096));
    // Round trip: what we export must split back into the same mails.
    if (!mails.empty() && mails.size() < 64) {
        std::string out;
        for (const auto& m : mails)
            out += lkmine::mboxrd_entry(m.bytes);
        std::vector<lkmine::RawMessage> again = lkmine::split_mbox(out);
        if (again.size() != mails.size())
            fail("mboxrd export splits into another count", mails.size(), again.size());
        for (std::size_t i = 0; i < mails.size(); ++i) {
            // mboxrd_entry() ends an unterminated mail with a newline; nothing else may change.
            std::string want = mails[i].bytes;
            if (!want.empty() && want.back() != '\n') want += '\n';
            if (again[i].bytes != want)
                fail("mboxrd export does not round-trip mail", i, want.size());
        }
    }
    // About one input in 64 also goes through a temp file (cheap hash of the first bytes).
    unsigned h = 0;
    for (std::size_t i = 0; i < size && i < 16; ++i)
        h = h * 31 + data[i];
    if ((h & 63) == 0) check_reader(whole, mails);
    return 0;
}
