// has_console_output(): a line-by-line look for markers only console logs print.
#include "core/syzbot/console_output.hpp"

#include <array>
#include <cctype>

namespace lkmine {
namespace {

std::string_view strip_quotes(std::string_view l) {
    while (!l.empty() && (l.front() == '>' || l.front() == ' ' || l.front() == '\t'))
        l.remove_prefix(1);
    return l;
}

// "[   12.345678] ..." (printk time) or "[ T123] ...".
bool is_timestamped(std::string_view l) {
    if (l.size() < 6 || l.front() != '[') return false;
    std::size_t close = l.find(']');
    if (close == std::string_view::npos || close > 20) return false;
    bool digit = false;
    for (std::size_t i = 1; i < close; ++i) {
        char c = l[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
            digit = true;
        else if (c != ' ' && c != '.' && c != 'T' && c != 'C')
            return false;
    }
    return digit;
}

bool is_cpu_pid_line(std::string_view l) {
    std::size_t at = l.find("CPU: ");
    return at != std::string_view::npos && l.find(" PID: ", at) != std::string_view::npos;
}

} // namespace

bool has_console_output(std::string_view text) {
    static constexpr std::array<std::string_view, 5> markers = {
        "Call Trace:", "RIP: 0010:", "Modules linked in:", "Hardware name:",
        "------------[ cut here ]------------"};
    int stamped = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = strip_quotes(text.substr(pos, end - pos));
        pos = end + 1;
        for (std::string_view m : markers)
            if (line.find(m) != std::string_view::npos) return true;
        if (line.starts_with("goroutine ") && line.find(" [") != std::string_view::npos)
            return true;
        if (is_cpu_pid_line(line)) return true;
        if (is_timestamped(line) && ++stamped >= 3) return true;
    }
    return false;
}

} // namespace lkmine
