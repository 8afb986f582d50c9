// The per-mail size cap: a clean cut at a line boundary and the warning that says so.
#include "core/mail/size_cap.hpp"

namespace lkmine {

std::size_t line_cut(std::string_view bytes, std::size_t cap) {
    if (bytes.size() <= cap) return bytes.size();
    if (cap == 0) return 0;
    std::size_t nl = bytes.rfind('\n', cap - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
}

Warning truncation_warning(std::uint64_t whole_size, std::size_t kept, std::size_t cap) {
    std::string size = whole_size ? std::to_string(whole_size) + " bytes" : "longer";
    return {kTruncatedWarning, "the mail is " + size + ", over the " + std::to_string(cap) +
                                   "-byte cap (lkmine index --max-mail-size): only its first " +
                                   std::to_string(kept) + " bytes, whole lines, are indexed"};
}

bool cap_mail(RawMessage& raw, std::size_t cap, std::uint64_t whole_size) {
    if (raw.bytes.size() <= cap) return false;
    if (!whole_size) whole_size = raw.bytes.size();
    std::size_t kept = line_cut(raw.bytes, cap);
    raw.bytes.resize(kept);
    raw.bytes.shrink_to_fit();
    raw.warnings.push_back(truncation_warning(whole_size, kept, cap));
    return true;
}

} // namespace lkmine
