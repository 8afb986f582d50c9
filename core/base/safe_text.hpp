// Mail text made safe for a terminal or a label: controls, bidi overrides and bad UTF-8 shown.
#pragma once

#include <streambuf>
#include <string>
#include <string_view>

namespace lkmine {

// What a hostile sender could use to drive a terminal or to disguise text is shown as a
// visible \uXXXX escape: C0 controls (ESC, NUL, BEL, a lone CR...), DEL, the C1 controls
// U+0080-U+009F (xterm reads some as CSI/OSC), the bidi embeddings, overrides and isolates
// U+202A-U+202E and U+2066-U+2069 ("evil" reading as "live"), and the line and paragraph
// separators U+2028/U+2029. Invalid UTF-8 becomes U+FFFD. The escapes are also JSON escapes,
// so JSON passed through keeps its meaning. The marks U+200E/U+200F stay: they cannot
// reorder letters and belong to right-to-left names.

// Multi-line text (a body): keeps "\n" and "\t"; "\r\n" becomes "\n".
std::string safe_text(std::string_view s);
// One line (a header value, a name, a file name): CR, LF and tab also become a space each
// ("\r\n" one space), so no value can forge a line of its own.
std::string safe_line(std::string_view s);

// A filter in front of another stream buffer: everything written reaches `sink` through
// safe_text at each write. UTF-8 sequences and "\r\n" split across writes are held until
// complete.
class SafeTextBuf : public std::streambuf {
  public:
    explicit SafeTextBuf(std::streambuf* sink) : sink_(sink) {}
    ~SafeTextBuf() override;
    SafeTextBuf(const SafeTextBuf&) = delete;
    SafeTextBuf& operator=(const SafeTextBuf&) = delete;
    std::streambuf* sink() const { return sink_; }

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    void pass_on(bool everything);
    std::streambuf* sink_;
    std::string pending_;
};

} // namespace lkmine
