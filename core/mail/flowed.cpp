// RFC 3676 format=flowed decoding: syzbot's older report mails wrap console lines this way.
#include "core/mail/flowed.hpp"

#include "core/base/text.hpp"

namespace lkmine {

std::string unflow(std::string_view text, bool delsp) {
    std::string out;
    out.reserve(text.size());
    std::size_t open_depth = std::string::npos; // quote depth of a paragraph still flowing
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t depth = 0;
        while (depth < line.size() && line[depth] == '>')
            ++depth;
        std::string_view quote = line.substr(0, depth), content = line.substr(depth);
        if (!content.empty() && content[0] == ' ') content.remove_prefix(1); // space-stuffing
        if (open_depth != std::string::npos && open_depth != depth) out += '\n';
        if (open_depth != depth) {
            out.append(quote);
            if (depth > 0) out += ' ';
        }
        const bool soft = !content.empty() && content.back() == ' ' && content != "-- ";
        if (soft && delsp) content.remove_suffix(1);
        out.append(content);
        if (soft) {
            open_depth = depth;
        } else {
            open_depth = std::string::npos;
            if (nl != std::string_view::npos) out += '\n';
        }
    }
    if (open_depth != std::string::npos) out += '\n';
    return out;
}

bool is_flowed(std::string_view content_type, bool* delsp) {
    std::string ct = text::lower(content_type);
    auto param = [&](std::string_view name, std::string_view value) {
        for (std::size_t p = ct.find(name); p != std::string::npos; p = ct.find(name, p + 1)) {
            std::size_t v = p + name.size();
            while (v < ct.size() && (ct[v] == ' ' || ct[v] == '='))
                ++v;
            if (v < ct.size() && ct[v] == '"') ++v;
            if (ct.compare(v, value.size(), value) == 0) return true;
        }
        return false;
    };
    *delsp = param("delsp", "yes");
    return param("format", "flowed");
}

} // namespace lkmine
