// libFuzzer target: parse_message() on arbitrary bytes must not crash, hang, leak or break its
// promises.
#include "core/base/charset.hpp"
#include "core/mail/parse.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// The header promises decoded UTF-8 text; a violation is a bug even when nothing crashes.
void require_utf8(const std::string& text, const char* what) {
    if (lkmine::is_valid_utf8(text)) return;
    std::fprintf(stderr, "parse_message: %s is not valid UTF-8 (%zu bytes)\n", what, text.size());
    std::abort();
}

void check(const lkmine::Message& m, std::size_t input_size) {
    if (m.raw_size != input_size) {
        std::fprintf(stderr, "parse_message: raw_size %zu != input %zu\n", m.raw_size, input_size);
        std::abort();
    }
    require_utf8(m.subject, "subject");
    require_utf8(m.body_text, "body_text");
    require_utf8(m.from.name, "from.name");
    for (const auto& h : m.headers)
        require_utf8(h.value, "header value");
    for (const auto& w : m.warnings) {
        if (w.kind.empty()) {
            std::fprintf(stderr, "parse_message: warning without a kind: %s\n", w.detail.c_str());
            std::abort();
        }
    }
    for (const auto& p : m.patches)
        if (!p.patch_id.empty() && p.patch_id.size() != 40) {
            std::fprintf(stderr, "parse_message: patch_id of %zu chars\n", p.patch_id.size());
            std::abort();
        }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lkmine::RawMessage raw;
    raw.bytes.assign(reinterpret_cast<const char*>(data), size);
    raw.origin.source = "fuzz";
    lkmine::Message m = lkmine::parse_message(raw);
    check(m, size);
    // split_input() is the other door mail bytes come in by (the parse command).
    for (const auto& r : lkmine::split_input(raw.bytes, "fuzz"))
        if (r.bytes.size() > size) std::abort();
    return 0;
}
