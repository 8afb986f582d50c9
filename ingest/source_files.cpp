// A Maildir or a directory of loose mail files as a Source: resumable by the names already read.
#include "ingest/source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace lkmine {
namespace {

// Maildir flags (":2,S") change when a mail is read, and a reader moves new/X to cur/X:2,S;
// the folder and the unique name before the flags are stable.
std::string stable_name(const std::string& rel) {
    std::string name = rel;
    auto slash = name.rfind('/');
    auto base = slash == std::string::npos ? 0 : slash + 1;
    auto colon = name.rfind(':');
    if (colon != std::string::npos && colon >= base &&
        (name.compare(colon, 3, ":2,") == 0 || name.compare(colon, 3, ":1,") == 0))
        name.resize(colon);
    if (base >= 4 && name.compare(base - 4, 4, "new/") == 0 && (base == 4 || name[base - 5] == '/'))
        name.replace(base - 4, 3, "cur");
    return name;
}

class FilesSource : public Source {
  public:
    FilesSource(std::string kind, std::string root, std::vector<std::string> files,
                SourceOptions options)
        : kind_(std::move(kind)), root_(std::move(root)), files_(std::move(files)),
          options_(options) {}

    std::string key() const override { return kind_ + ":" + root_; }
    std::string describe() const override { return kind_ + " " + root_; }

    // Files an earlier run could not read were left out of its state: they are read again
    // with the rest, so `retry` needs no special path.
    Status start(const std::string& saved_state, const std::vector<std::string>&) override {
        std::istringstream in(saved_state);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) done_.insert(line);
        for (const auto& f : files_)
            if (!done_.count(stable_name(f))) todo_.push_back(f);
        return ok_status();
    }

    Result<bool> next(SourceItem& out) override {
        if (next_ < todo_.size()) {
            const std::string& rel = todo_[next_++];
            std::string path = rel.empty() ? root_ : root_ + "/" + rel;
            std::ifstream in(path, std::ios::binary);
            out.raw = RawMessage{};
            out.raw.origin = {path, ""};
            out.lists.clear();
            out.deletion = false;
            out.position = std::to_string(next_ - 1);
            out.retry_key = stable_name(rel);
            out.problem.clear();
            if (!in) {
                out.problem = "cannot read " + path + ": " + std::strerror(errno);
                unread_index_.insert(next_ - 1);
                return true;
            }
            read_capped(in, path, out.raw);
            return true;
        }
        return false;
    }

    std::string state_after(const std::string& position) const override {
        std::size_t upto = std::stoul(position);
        std::set<std::string> names = done_;
        for (std::size_t i = 0; i <= upto && i < todo_.size(); ++i)
            if (!unread_index_.count(i)) names.insert(stable_name(todo_[i]));
        std::string state;
        for (const auto& n : names)
            state += n + "\n";
        return state;
    }

    std::size_t estimate() const override { return todo_.size(); }

  private:
    // Read in chunks, and no further than one chunk past the cap: a 1 GB file costs no more
    // memory than the cap.
    void read_capped(std::ifstream& in, const std::string& path, RawMessage& raw) const {
        const std::size_t cap = options_.max_mail_size;
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        raw.bytes.clear();
        if (!ec) raw.bytes.reserve(std::min<std::uintmax_t>(size, cap) + 1);
        char chunk[1 << 16];
        while (raw.bytes.size() <= cap) {
            in.read(chunk, sizeof chunk);
            if (in.gcount() <= 0) break;
            raw.bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
        }
        if (raw.bytes.size() > cap) cap_mail(raw, cap, ec ? 0 : size);
    }

    std::string kind_, root_;
    std::vector<std::string> files_, todo_;
    std::set<std::string> done_;
    std::size_t next_ = 0;
    std::set<std::size_t> unread_index_; // positions in todo_ of files that could not be read
    SourceOptions options_;
};

} // namespace

std::unique_ptr<Source> make_files_source(const std::string& kind, const std::string& root,
                                          std::vector<std::string> files,
                                          const SourceOptions& options) {
    return std::make_unique<FilesSource>(kind, root, std::move(files), options);
}

} // namespace lkmine
