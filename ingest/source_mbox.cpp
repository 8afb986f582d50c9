// An mbox file as a Source: resumable at a byte offset; a rewritten mbox is read again.
#include "core/mail/mbox.hpp"
#include "core/base/sha1.hpp"
#include "ingest/source.hpp"

#include <fstream>

namespace lkmine {
namespace {

// Identifies the file's beginning, so an mbox replaced by another is not resumed mid-way.
std::string head_fingerprint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return sha1_hex(head).substr(0, 16);
}

class MboxSource : public Source {
  public:
    MboxSource(std::string path, SourceOptions options)
        : path_(std::move(path)), options_(options) {}

    std::string key() const override { return "mbox:" + path_; }
    std::string describe() const override { return "mbox " + path_; }

    Status start(const std::string& saved_state, const std::vector<std::string>& retry) override {
        fingerprint_ = head_fingerprint(path_);
        std::uint64_t offset = 0;
        auto sep = saved_state.find(' ');
        if (sep != std::string::npos) {
            if (saved_state.substr(sep + 1) == fingerprint_) {
                offset = std::stoull(saved_state.substr(0, sep));
                retries_.assign(retry.begin(), retry.end());
            } else {
                notes_.push_back(describe() + ": the file was replaced since the last run: "
                                              "reading it again from the start");
            }
        }
        auto reader = MboxReader::open(path_, offset);
        if (!reader && offset > 0) {
            notes_.push_back(describe() + ": " + reader.error() + ": reading it again");
            reader = MboxReader::open(path_, 0);
        }
        if (!reader) return make_error(describe() + ": " + reader.error());
        reader->set_max_message_size(options_.max_mail_size);
        reader_ = std::make_unique<MboxReader>(std::move(*reader));
        return ok_status();
    }

    Result<bool> next(SourceItem& out) override {
        out.lists.clear();
        out.deletion = false;
        out.problem.clear();
        if (!retries_.empty()) return retry(out);
        std::uint64_t end = 0;
        if (!reader_->next(out.raw, end)) {
            if (!reader_->error().empty()) return make_error(describe() + ": " + reader_->error());
            return false;
        }
        out.raw.origin.source = path_;
        out.position = std::to_string(end);
        out.retry_key = out.raw.origin.location;
        return true;
    }

    // The mail at an offset an earlier run could not index, read once more.
    Result<bool> retry(SourceItem& out) {
        out.retry_key = retries_.front();
        retries_.erase(retries_.begin());
        out.position.clear();
        out.raw = RawMessage{};
        std::uint64_t offset = 0, end = 0;
        try {
            offset = std::stoull(out.retry_key);
        } catch (const std::exception&) {
            out.problem = describe() + ": no offset in '" + out.retry_key + "'";
            return true;
        }
        auto reader = MboxReader::open(path_, offset);
        if (reader) reader->set_max_message_size(options_.max_mail_size);
        if (!reader || !reader->next(out.raw, end))
            out.problem = describe() + ": cannot read the mail at offset " + out.retry_key +
                          (reader ? ": " + reader->error() : ": " + reader.error());
        out.raw.origin.source = path_;
        return true;
    }

    std::string state_after(const std::string& position) const override {
        return position + " " + fingerprint_;
    }
    std::vector<std::string> notes() const override { return notes_; }

  private:
    std::string path_, fingerprint_;
    SourceOptions options_;
    std::unique_ptr<MboxReader> reader_;
    std::vector<std::string> notes_;
    std::vector<std::string> retries_; // offsets of mails an earlier run could not index
};

} // namespace

std::unique_ptr<Source> make_mbox_source(const std::string& path, const SourceOptions& options) {
    return std::make_unique<MboxSource>(path, options);
}

} // namespace lkmine
