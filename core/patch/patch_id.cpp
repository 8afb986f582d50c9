// git patch-id --stable: whitespace-free SHA-1 per file, the file hashes added up with carry.
#include "core/patch/patch_id.hpp"

#include "core/base/sha1.hpp"
#include "core/base/text.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace lkmine {

namespace {

using text::starts;

// git's own ctype (sane_ctype), not the C locale's: space is " \t\n\r", letters are ASCII.
constexpr bool git_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool git_alpha(unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}
bool is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

// git_oid_hex() succeeding: 40 hex digits at the start, whatever follows.
bool starts_with_oid(std::string_view s) {
    if (s.size() < 40) return false;
    for (int i = 0; i < 40; ++i)
        if (!is_hex(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

std::size_t digits_at(std::string_view s, std::size_t i) {
    std::size_t n = 0;
    while (i + n < s.size() && s[i + n] >= '0' && s[i + n] <= '9')
        ++n;
    return n;
}

int to_int(std::string_view s, std::size_t i, std::size_t n) {
    long v = 0;
    for (std::size_t k = 0; k < n && k < 9; ++k)
        v = v * 10 + (s[i + k] - '0');
    return static_cast<int>(v);
}

// scan_hunk_header(): on a malformed header git leaves the counts as they were, except that
// a count missing its ",N" has already been set to 1.
void scan_hunk_header(std::string_view line, int& before, int& after) {
    std::size_t q = 4;
    std::size_t n = digits_at(line, q);
    if (q + n < line.size() && line[q + n] == ',') {
        q += n + 1;
        n = digits_at(line, q);
        before = to_int(line, q, n);
    } else {
        before = 1;
    }
    if (n == 0 || q + n + 1 >= line.size() || line[q + n] != ' ' || line[q + n + 1] != '+') return;
    std::size_t r = q + n + 2;
    n = digits_at(line, r);
    if (r + n < line.size() && line[r + n] == ',') {
        r += n + 1;
        n = digits_at(line, r);
        after = to_int(line, r, n);
    } else {
        after = 1;
    }
}

struct PatchIdState {
    Sha1 ctx;
    std::array<std::uint8_t, 20> result{};
    std::size_t patchlen = 0;

    void hash_without_space(std::string_view line) {
        static constexpr auto kept = [] { // 1 for the bytes git hashes
            std::array<std::uint8_t, 256> t{};
            for (int c = 0; c < 256; ++c)
                t[static_cast<std::size_t>(c)] = !git_space(static_cast<unsigned char>(c));
            return t;
        }();
        constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
        const auto has_byte = [&](std::uint64_t w, unsigned char b) {
            const std::uint64_t x = w ^ (ones * b);
            return ((x - ones) & ~x & high) != 0;
        };
        char buf[256];
        std::size_t n = 0;
        for (std::size_t i = 0; i < line.size();) {
            std::uint64_t w;
            if (i + 8 <= line.size() && n + 8 <= sizeof buf &&
                (std::memcpy(&w, line.data() + i, 8), !(has_byte(w, ' ') || has_byte(w, '\t') ||
                                                        has_byte(w, '\n') || has_byte(w, '\r')))) {
                std::memcpy(buf + n, &w, 8); // eight bytes without a blank: kept whole
                n += 8;
                i += 8;
            } else {
                const auto c = static_cast<unsigned char>(line[i++]);
                buf[n] = static_cast<char>(c);
                n += kept[c]; // branch-free: diff lines are full of blanks
            }
            if (n == sizeof buf) {
                ctx.update(buf, n);
                patchlen += n;
                n = 0;
            }
        }
        ctx.update(buf, n);
        patchlen += n;
    }

    // flush_one_hunk(): the stable id is the carry sum of one SHA-1 per file.
    void flush() {
        auto h = ctx.digest();
        unsigned carry = 0;
        for (int i = 0; i < 20; ++i) {
            carry += result[i] + h[i];
            result[i] = static_cast<std::uint8_t>(carry);
            carry >>= 8;
        }
    }
};

// The pre/post blob ids of an "index " line, as git cuts them (up to 40 chars each; without a
// mode the post id runs to the line's last character, which is dropped).
void read_index_line(std::string_view line, std::string& pre, std::string& post) {
    std::size_t dots = line.find("..");
    if (dots == std::string_view::npos) return;
    std::size_t end = line.find(' ', dots);
    if (end == std::string_view::npos) end = line.size() - 1;
    pre = std::string(line.substr(6, dots > 6 ? dots - 6 : 0)).substr(0, 40);
    std::size_t from = dots + 2;
    post = from < end ? std::string(line.substr(from, end - from)).substr(0, 40) : std::string();
}

} // namespace

namespace {

// A line as git reads it: up to and including "\n", cut at a NUL (git reads C strings).
std::string_view next_line(std::string_view text, std::size_t& pos, bool has_nul) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (has_nul)
        if (auto z = line.find('\0'); z != std::string_view::npos) line = line.substr(0, z);
    return line;
}

bool blank(std::string_view line) {
    return line == "\n" || line == "\r\n" || line == "\r";
}

// What `git am` reads where a mailer damaged a hunk: an empty line is a blank context line
// (git apply's rule); a line right after a hunk header that no hunk line can start with is the
// header's wrapped tail.
struct Repairs {
    bool on = false;
    bool after_header = false;
};

// One get_one_patchid() call from pos: fills `span` (begin = first hashed line) and returns
// true when it hashed something.
bool read_one(std::string_view text, std::size_t& pos, std::string& pre_oid, std::string& post_oid,
              bool has_nul, bool mail, PatchIdSpan& span) {
    PatchIdState st;
    int before = -1, after = -1;
    bool binary = false;
    Repairs fix{mail};
    while (pos < text.size()) {
        const std::size_t line_begin = pos;
        std::string_view line = next_line(text, pos, has_nul);
        std::string_view p = line;
        if (starts(line, "commit "))
            p = line.substr(7);
        else if (starts(line, "From "))
            p = line.substr(5);
        else if (starts(line, "\\ ") && line.size() > 12)
            continue;                  // "\ No newline at end of file"
        if (starts_with_oid(p)) break; // the next patch begins

        if (!st.patchlen && !starts(line, "diff ")) continue; // commit message
        if (!st.patchlen) span.begin = line_begin;
        span.end = pos;

        if (before == -1) {
            if (starts(line, "GIT binary patch") || starts(line, "Binary files")) {
                binary = true;
                before = 0;
                st.ctx.update(pre_oid);
                st.ctx.update(post_oid);
                st.flush();
                continue;
            }
            if (starts(line, "index ")) {
                read_index_line(line, pre_oid, post_oid);
                continue;
            }
            if (starts(line, "--- "))
                before = after = 1;
            else if (line.empty() || !git_alpha(static_cast<unsigned char>(line[0])))
                break;
        }
        if (binary) {
            if (starts(line, "diff ")) {
                binary = false;
                before = -1;
            }
            continue;
        }
        if (before == 0 && after == 0) {
            if (starts(line, "@@ -")) {
                scan_hunk_header(line, before, after);
                fix.after_header = fix.on;
                continue;
            }
            if (!starts(line, "diff ")) break;
            st.flush();
            before = after = -1;
        }
        char c = line.empty() ? '\0' : line[0]; // empty only when the line began with NUL
        if (fix.after_header) {
            fix.after_header = false;
            if (c != ' ' && c != '+' && c != '-' && c != '\\' && !blank(line) &&
                !starts(line, "diff "))
                continue; // "@@ -1,2 +1,2 @@ static int f(int a,\nint b)": not hunk text
        }
        if (fix.on && blank(line)) c = ' ';
        if (c == '-' || c == ' ') --before;
        if (c == '+' || c == ' ') --after;
        st.hash_without_space(line);
    }
    if (!st.patchlen) return false;
    st.flush();
    span.id = to_hex(st.result);
    return true;
}

std::vector<PatchIdSpan> read_all(std::string_view text, bool mail, bool first_only) {
    std::vector<PatchIdSpan> out;
    std::size_t pos = 0;
    std::string pre_oid, post_oid; // kept across patches, as git's stack buffers are
    const bool has_nul = text.find('\0') != std::string_view::npos;
    while (pos < text.size()) {
        PatchIdSpan span;
        if (read_one(text, pos, pre_oid, post_oid, has_nul, mail, span)) {
            out.push_back(std::move(span));
            if (first_only) break;
        }
    }
    return out;
}

} // namespace

std::string patch_id_stable(std::string_view text) {
    auto ids = read_all(text, false, true);
    return ids.empty() ? std::string() : ids.front().id;
}

std::vector<PatchIdSpan> patch_ids_stable(std::string_view text) {
    return read_all(text, false, false);
}

std::vector<PatchIdSpan> mail_patch_ids(std::string_view text) {
    return read_all(text, true, false);
}

} // namespace lkmine
