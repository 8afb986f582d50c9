// `lkmine parse`: prints what lkmine understood of raw mails, as text or JSON lines.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/base/safe_text.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/segments.hpp"
#include "ingest/file_io.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

namespace lkmine::cli {
namespace {

std::string format_address(const Address& a) {
    if (a.name.empty()) return a.email.empty() ? "(none)" : "<" + safe_line(a.email) + ">";
    return safe_line(a.name) + (a.email.empty() ? "" : " <" + safe_line(a.email) + ">");
}

// Lines per segment of the body (segment_body(), as the index and the GUI see it): own
// prose, each quote level, inline diffs, trailers, signature.
std::map<std::string, int> segment_lines(const Message& m) {
    std::map<std::string, int> lines;
    for (const BodySegment& seg : segment_body(m.body_text, m.patches)) {
        std::string key = segment_kind_name(seg.kind);
        if (seg.kind == BodySegment::Kind::quote) key += " level " + std::to_string(seg.level);
        std::string_view text =
            std::string_view(m.body_text).substr(seg.begin, seg.end - seg.begin);
        lines[key] += static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                      (text.empty() || text.back() == '\n' ? 0 : 1);
    }
    return lines;
}

void print_text(const Message& m, bool with_body) {
    std::cout << "Message-ID: " << (m.message_id.empty() ? "(none)" : "<" + m.message_id + ">")
              << (m.recovered ? "   [recovered from a flattened copy]" : "") << "\n";
    std::cout << "  Subject:  " << safe_line(m.subject) << "\n";
    const SubjectInfo& s = m.subject_info;
    if (s.is_patch || !s.prefixes.empty() || s.is_reply) {
        std::cout << "            ";
        if (s.is_reply) std::cout << "reply; ";
        std::cout << "prefixes [";
        for (std::size_t i = 0; i < s.prefixes.size(); ++i)
            std::cout << (i ? " " : "") << s.prefixes[i];
        std::cout << "] v" << s.revision;
        if (s.total) std::cout << " " << s.index << "/" << s.total;
        std::cout << "; \"" << s.clean << "\"\n";
    }
    std::cout << "  From:     " << format_address(m.from) << "\n";
    std::cout << "  Date:     " << (m.date_text.empty() ? "(unknown)" : m.date_text) << "\n";
    std::cout << "  To/Cc:    " << m.to.size() << " / " << m.cc.size() << " addresses\n";
    if (!m.list_ids.empty()) {
        std::cout << "  Lists:   ";
        for (const auto& l : m.list_ids)
            std::cout << " " << l;
        std::cout << "\n";
    }
    if (!m.in_reply_to.empty()) std::cout << "  Reply to: <" << m.in_reply_to << ">\n";
    if (!m.references.empty())
        std::cout << "  Refs:     " << m.references.size() << " (root <" << m.references.front()
                  << ">)\n";
    std::cout << "  Body:     ";
    for (const auto& [kind, lines] : segment_lines(m))
        std::cout << lines << " lines " << kind << "; ";
    std::cout << "\n";
    for (const auto& a : m.attachments)
        std::cout << "  Attached: " << (a.filename.empty() ? "(unnamed)" : safe_line(a.filename))
                  << " (" << a.content_type << ", " << a.size << " bytes)\n";
    for (const auto& p : m.patches) {
        std::cout << "  Patch (" << p.source << "): patch-id " << p.patch_id << "\n";
        for (const auto& f : p.files) {
            std::cout << "            " << file_status_name(f.status) << " "
                      << (f.status == FileStatus::renamed || f.status == FileStatus::copied
                              ? f.old_path + " -> " + f.new_path
                          : f.new_path.empty() ? f.old_path
                                               : f.new_path);
            if (f.binary)
                std::cout << " (binary)";
            else
                std::cout << " +" << f.added << " -" << f.removed;
            std::cout << "\n";
        }
    }
    for (const auto& t : m.trailers)
        std::cout << "  Trailer:  " << safe_line(t.key) << ": " << safe_line(t.value) << "\n";
    for (const auto& w : m.warnings)
        std::cout << "  Warning:  " << w.kind << ": " << w.detail << "\n";
    if (with_body) std::cout << "\n" << m.body_text << "\n";
    std::cout << "\n";
}

} // namespace

int run_parse(const ParseOptions& opt) {
    int status = 0;
    for (const std::string& path : opt.files) {
        Result<std::string> bytes = read_whole_file(path);
        if (!bytes) {
            std::cerr << "lkmine parse: " << bytes.error() << "\n";
            status = 1;
            continue;
        }
        for (const RawMessage& raw : split_input(*bytes, path)) {
            Message m = parse_message(raw);
            if (opt.json)
                std::cout << message_to_json(m) << "\n";
            else
                print_text(m, opt.body);
        }
    }
    std::cout.flush();
    return status;
}

} // namespace lkmine::cli
