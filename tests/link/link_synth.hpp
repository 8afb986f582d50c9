// Rebuilding, from a mail's hunks alone, file contents whose diff is that mail's patch, and a
// git fast-import stream committing them: real diffs in a repository built during the test.
#pragma once

#include "core/model/message.hpp"

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lkmine::test {

struct SynthFile {
    std::string path, mode = "100644";
    std::optional<std::string> pre, post; // absent: the file does not exist on that side
};

namespace synth_detail {

inline bool parse_range(const std::string& s, std::size_t& pos, long& start, long& len) {
    start = 0;
    len = 1;
    std::size_t used = 0;
    try {
        start = std::stol(s.substr(pos), &used);
    } catch (...) {
        return false;
    }
    pos += used;
    if (pos < s.size() && s[pos] == ',') {
        try {
            len = std::stol(s.substr(pos + 1), &used);
        } catch (...) {
            return false;
        }
        pos += used + 1;
    }
    return start >= 0 && len >= 0;
}

} // namespace synth_detail

// Pre- and post-image of every file of a git-style patch: the hunk lines at their line numbers,
// unique filler lines in the gaps. nullopt for what this cannot rebuild faithfully (renames,
// copies, binary files, "\ No newline at end of file", mode-only changes, broken counts).
inline std::optional<std::vector<SynthFile>> reconstruct(const Patch& patch) {
    std::vector<SynthFile> out;
    std::istringstream in(patch.text);
    std::string line;
    std::size_t file_no = 0;
    std::vector<std::string> pre, post;
    long next_old = 1; // first line of the pre-image not yet written
    bool have_file = false;
    auto finish = [&]() -> bool {
        if (!have_file) return true;
        const PatchFile& f = patch.files[file_no - 1];
        SynthFile s;
        s.path = f.new_path.empty() ? f.old_path : f.new_path;
        if (!f.new_mode.empty())
            s.mode = f.new_mode;
        else if (!f.old_mode.empty())
            s.mode = f.old_mode;
        if (s.mode != "100644" && s.mode != "100755") return false;
        if (pre.empty() && post.empty()) return false;
        auto join = [](const std::vector<std::string>& v) {
            std::string t;
            for (const auto& l : v)
                t += l + "\n";
            return t;
        };
        if (f.status != FileStatus::added) s.pre = join(pre);
        if (f.status != FileStatus::deleted) s.post = join(post);
        out.push_back(std::move(s));
        return true;
    };
    while (std::getline(in, line)) {
        if (line.rfind("diff --git ", 0) == 0) {
            if (!finish() || file_no >= patch.files.size()) return std::nullopt;
            const PatchFile& f = patch.files[file_no++];
            if (f.binary || f.status == FileStatus::renamed || f.status == FileStatus::copied)
                return std::nullopt;
            pre.clear();
            post.clear();
            next_old = 1;
            have_file = true;
            continue;
        }
        if (!have_file || line.rfind("@@ -", 0) != 0) continue;
        std::size_t pos = 4;
        long old_start, old_len, new_start, new_len;
        if (!synth_detail::parse_range(line, pos, old_start, old_len)) return std::nullopt;
        if (line.compare(pos, 2, " +") != 0) return std::nullopt;
        pos += 2;
        if (!synth_detail::parse_range(line, pos, new_start, new_len)) return std::nullopt;
        // A hunk with no old lines goes after line old_start.
        const long first = old_len == 0 ? old_start + 1 : old_start;
        if (first < next_old) return std::nullopt;
        for (; next_old < first; ++next_old) {
            std::string filler =
                "filler " + std::to_string(next_old) + " of " + patch.files[file_no - 1].new_path;
            pre.push_back(filler);
            post.push_back(filler);
        }
        long old_left = old_len, new_left = new_len;
        while ((old_left > 0 || new_left > 0) && std::getline(in, line)) {
            char c = line.empty() ? ' ' : line[0];
            std::string text = line.empty() ? "" : line.substr(1);
            if (c == ' ') {
                pre.push_back(text), post.push_back(text), --old_left, --new_left;
            } else if (c == '-') {
                pre.push_back(text), --old_left;
            } else if (c == '+') {
                post.push_back(text), --new_left;
            } else {
                return std::nullopt; // "\ No newline", or a hunk cut short
            }
        }
        if (old_left != 0 || new_left != 0) return std::nullopt;
        next_old += old_len;
        if (in.peek() == '\\') return std::nullopt;
    }
    if (!finish() || file_no != patch.files.size() || out.empty()) return std::nullopt;
    return out;
}

// One commit for git fast-import, on refs/heads/master after the previous one.
struct SynthCommit {
    std::string author_name, author_email, message;
    std::int64_t author_date = 0, commit_date = 0;
    std::vector<std::pair<std::string, std::optional<std::string>>> writes; // path -> content
    std::vector<std::string> modes;                                         // one per write
};

inline std::string fast_import_data(const std::string& s) {
    return "data " + std::to_string(s.size()) + "\n" + s + "\n";
}

inline std::string fast_import_stream(const std::vector<SynthCommit>& commits) {
    std::string out;
    for (const auto& c : commits) {
        out += "commit refs/heads/master\n";
        out += "author " + c.author_name + " <" + c.author_email + "> " +
               std::to_string(c.author_date) + " +0000\n";
        out += "committer Eval Committer <eval@example.org> " + std::to_string(c.commit_date) +
               " +0000\n";
        out += fast_import_data(c.message);
        for (std::size_t i = 0; i < c.writes.size(); ++i) {
            const auto& [path, content] = c.writes[i];
            if (!content)
                out += "D " + path + "\n";
            else
                out += "M " + c.modes[i] + " inline " + path + "\n" + fast_import_data(*content);
        }
    }
    return out;
}

} // namespace lkmine::test
