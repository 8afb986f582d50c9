// Splitting mbox files into raw mails: a line source (file chunks or memory) and the separator
// rules.
#include "core/mail/mbox.hpp"

#include "core/mail/size_cap.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <utility>

namespace lkmine {
namespace {

constexpr std::size_t chunk_size = std::size_t{1} << 20;
// Longer lines are handed out in pieces so a 2 GB line never sits in memory whole.
constexpr std::size_t max_piece = std::size_t{1} << 20;

std::string_view strip_eol(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A time "hh:mm" (or "h:mm") and a year 19xx/20xx somewhere in the tail of a From_ line.
bool has_date_tail(std::string_view tail) {
    if (tail.size() > 200) return false;
    bool time = false, year = false;
    for (std::size_t i = 0; i < tail.size(); ++i) {
        if (tail[i] == ':' && i >= 1 && i + 2 < tail.size() && is_digit(tail[i - 1]) &&
            is_digit(tail[i + 1]) && is_digit(tail[i + 2]))
            time = true;
        if (i + 4 <= tail.size() && (tail.substr(i, 2) == "19" || tail.substr(i, 2) == "20") &&
            is_digit(tail[i + 2]) && is_digit(tail[i + 3]) && (i == 0 || !is_digit(tail[i - 1])) &&
            (i + 4 == tail.size() || !is_digit(tail[i + 4])))
            year = true;
    }
    return time && year;
}

struct FromLine {
    std::string_view sender, tail;
};

bool split_from_line(std::string_view line, FromLine& out) {
    line = strip_eol(line);
    if (line.substr(0, 5) != "From ") return false;
    std::string_view rest = line.substr(5);
    std::size_t sp = rest.find(' ');
    out.sender = rest.substr(0, sp);
    out.tail = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    return !out.sender.empty();
}

bool is_hex_sha(std::string_view s) {
    return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
               return is_digit(c) || (c >= 'a' && c <= 'f');
           });
}

// ^>+From  : the lines mboxrd escapes by adding one '>'.
bool is_escaped_from(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == '>')
        ++i;
    return i > 0 && line.substr(i, 5) == "From ";
}

bool needs_escape(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == '>')
        ++i;
    return line.substr(i, 5) == "From ";
}

struct Line {
    std::string_view text; // includes the '\n' when there is one
    std::uint64_t offset = 0;
    bool starts_line = true; // false for the later pieces of an over-long line
    bool complete = true;    // false when more pieces of this line follow
};

// Hands out lines from a file read in chunks, or from memory; one line of push-back.
class LineSource {
  public:
    LineSource() = default;
    explicit LineSource(std::string_view mem) : data_(mem), eof_(true) {}
    LineSource(std::ifstream in, std::uint64_t start)
        : in_(std::make_unique<std::ifstream>(std::move(in))), base_(start) {}

    bool next(Line& out) {
        if (has_pending_) {
            has_pending_ = false;
            out = pending_;
            return true;
        }
        for (;;) {
            std::size_t nl = data_.find('\n', scan_from_);
            std::size_t len = 0;
            bool complete = true;
            if (nl != std::string_view::npos) {
                len = nl + 1 - pos_;
            } else if (data_.size() - pos_ >= max_piece) {
                len = data_.size() - pos_;
                complete = false;
            } else if (!eof_) {
                scan_from_ = data_.size();
                fill();
                continue;
            } else if (pos_ < data_.size()) {
                len = data_.size() - pos_;
            } else {
                return false;
            }
            out = Line{data_.substr(pos_, len), base_ + pos_, !mid_line_, complete};
            mid_line_ = !complete;
            pos_ += len;
            scan_from_ = pos_;
            last_ = out;
            return true;
        }
    }
    void unget() {
        pending_ = last_;
        has_pending_ = true;
    }
    std::uint64_t offset() const { return has_pending_ ? pending_.offset : base_ + pos_; }
    const std::string& error() const { return error_; }

  private:
    void fill() {
        if (!in_) {
            eof_ = true;
            return;
        }
        // Drop what was handed out; the pushed-back line may still point into it only when
        // has_pending_, and fill() is never reached then.
        own_.erase(0, pos_);
        base_ += pos_;
        scan_from_ -= pos_;
        pos_ = 0;
        std::size_t old = own_.size();
        own_.resize(old + chunk_size);
        in_->read(own_.data() + old, static_cast<std::streamsize>(chunk_size));
        std::size_t got = static_cast<std::size_t>(in_->gcount());
        own_.resize(old + got);
        if (got == 0) {
            eof_ = true;
            if (in_->bad()) error_ = "read error";
        }
        data_ = own_;
    }

    std::unique_ptr<std::ifstream> in_;
    std::string own_;
    std::string_view data_;
    std::uint64_t base_ = 0; // offset of data_[0] in the file (or in memory)
    std::size_t pos_ = 0, scan_from_ = 0;
    bool eof_ = false, mid_line_ = false;
    Line pending_, last_;
    bool has_pending_ = false;
    std::string error_;
};

// The separator state machine shared by the file reader and split_mbox().
class Splitter {
  public:
    explicit Splitter(LineSource src) : src_(std::move(src)) {}

    bool next(RawMessage& out, std::uint64_t& end_offset) {
        out.bytes.clear();
        out.warnings.clear();
        std::uint64_t start = 0;
        if (!started_) {
            started_ = true;
            if (!find_first(out, start)) return false;
        } else if (have_sep_) {
            start = sep_offset_;
        } else {
            return false;
        }
        read_body(out);
        end_offset = have_sep_ ? sep_offset_ : src_.offset();
        out.origin.location = std::to_string(start);
        return true;
    }

    std::size_t max_size = kDefaultMaxMailSize;
    LineSource& source() { return src_; }

  private:
    // Skips anything before the first From_ line (reported as a warning on that message).
    bool find_first(RawMessage& out, std::uint64_t& start) {
        Line line;
        std::uint64_t garbage = 0;
        bool garbage_visible = false, first = true;
        for (;;) {
            if (!src_.next(line)) return false;
            if (line.starts_line &&
                ((first && line.text.substr(0, 5) == "From ") || looks_like_from_line(line.text)))
                break;
            first = false;
            garbage += line.text.size();
            if (!strip_eol(line.text).empty()) garbage_visible = true;
        }
        start = line.offset;
        skip_rest_of_line(line);
        if (garbage_visible)
            out.warnings.push_back(
                {"mbox-leading-garbage",
                 std::to_string(garbage) + " bytes before the first From_ line were skipped"});
        return true;
    }

    void skip_rest_of_line(const Line& first) {
        if (first.complete) return;
        Line line;
        while (src_.next(line)) {
            if (line.starts_line) {
                src_.unget();
                return;
            }
        }
    }

    // Once the cap is reached nothing more is kept (not even a later short line): the mail is
    // cut after its last whole line that fits, and the rest is read only to find the next
    // separator.
    void read_body(RawMessage& out) {
        have_sep_ = false;
        bool prev_blank = false, truncated = false;
        std::size_t blank_len = 0;  // bytes of the trailing blank line kept in out.bytes
        std::size_t line_start = 0; // out.bytes.size() where the current line began
        std::uint64_t whole = 0;    // bytes of the mail, cut or not
        std::size_t last_len = 0;
        Line line;
        while (src_.next(line)) {
            if (line.starts_line && prev_blank && looks_like_from_line(line.text)) {
                have_sep_ = true;
                sep_offset_ = line.offset;
                skip_rest_of_line(line);
                break;
            }
            std::string_view text = line.text;
            if (line.starts_line && is_escaped_from(text)) text.remove_prefix(1);
            prev_blank = line.starts_line && line.complete && strip_eol(text).empty() &&
                         !text.empty() && text.back() == '\n';
            whole += text.size();
            last_len = text.size();
            if (truncated) continue;
            if (line.starts_line) line_start = out.bytes.size();
            if (out.bytes.size() + text.size() > max_size) {
                truncated = true;
                out.bytes.resize(line_start); // a line is kept whole or not at all
                blank_len = 0;
                continue;
            }
            out.bytes.append(text);
            blank_len = prev_blank ? text.size() : 0;
        }
        // The empty line before a From_ line (or at the end of the file) belongs to the mbox.
        if (prev_blank && !truncated) out.bytes.resize(out.bytes.size() - blank_len);
        if (truncated) {
            if (prev_blank) whole -= last_len;
            out.bytes.shrink_to_fit();
            out.warnings.push_back(truncation_warning(whole, out.bytes.size(), max_size));
        }
    }

    LineSource src_;
    bool started_ = false, have_sep_ = false;
    std::uint64_t sep_offset_ = 0;
};

} // namespace

bool looks_like_from_line(std::string_view line) {
    FromLine f;
    if (!split_from_line(line, f)) return false;
    if (f.sender == "mboxrd@z") return true;
    return has_date_tail(f.tail);
}

bool looks_like_mbox(std::string_view head) {
    std::string_view first = head.substr(0, head.find('\n'));
    FromLine f;
    if (!split_from_line(first, f) || !has_date_tail(f.tail)) return false;
    return f.sender.find('@') != std::string_view::npos || f.sender == "MAILER-DAEMON" ||
           is_hex_sha(f.sender);
}

struct MboxReader::Impl {
    explicit Impl(LineSource src) : splitter(std::move(src)) {}
    Splitter splitter;
    std::string path;
};

MboxReader::MboxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MboxReader::MboxReader(MboxReader&&) noexcept = default;
MboxReader& MboxReader::operator=(MboxReader&&) noexcept = default;
MboxReader::~MboxReader() = default;

Result<MboxReader> MboxReader::open(const std::string& path, std::uint64_t start_offset) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot open mbox " + path);
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::uint64_t>(in.tellg());
    if (start_offset > size)
        return make_error("mbox " + path + " is " + std::to_string(size) +
                          " bytes, shorter than the resume offset " + std::to_string(start_offset) +
                          ": was it truncated or replaced?");
    in.seekg(static_cast<std::streamoff>(start_offset));
    auto impl = std::make_unique<Impl>(LineSource(std::move(in), start_offset));
    impl->path = path;
    return MboxReader(std::move(impl));
}

bool MboxReader::next(RawMessage& out, std::uint64_t& end_offset) {
    if (!impl_) return false;
    if (!impl_->splitter.next(out, end_offset)) return false;
    out.origin.source = impl_->path;
    return true;
}

void MboxReader::set_max_message_size(std::size_t bytes) {
    if (impl_) impl_->splitter.max_size = bytes;
}

const std::string& MboxReader::error() const {
    static const std::string none;
    return impl_ ? impl_->splitter.source().error() : none;
}

std::vector<RawMessage> split_mbox(std::string_view whole) {
    Splitter splitter{LineSource(whole)};
    std::vector<RawMessage> out;
    RawMessage msg;
    std::uint64_t end = 0;
    while (splitter.next(msg, end))
        out.push_back(std::move(msg));
    return out;
}

std::string mbox_from_line() {
    return "From mboxrd@z Thu Jan  1 00:00:00 1970\n";
}

std::string mboxrd_escape(std::string_view mail) {
    std::string out;
    out.reserve(mail.size() + mail.size() / 64);
    std::size_t pos = 0;
    while (pos < mail.size()) {
        std::size_t nl = mail.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? mail.size() : nl + 1;
        std::string_view line = mail.substr(pos, end - pos);
        if (needs_escape(line)) out += '>';
        out.append(line);
        pos = end;
    }
    return out;
}

std::string mboxrd_entry(std::string_view mail) {
    std::string out = mbox_from_line();
    out += mboxrd_escape(mail);
    if (!mail.empty() && mail.back() != '\n') out += '\n';
    out += '\n';
    return out;
}

} // namespace lkmine
