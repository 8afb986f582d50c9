// A public-inbox epoch as a Source: commits oldest first, resumable at a commit id.
#include "core/git/epoch_reader.hpp"
#include "ingest/source.hpp"

#include <sstream>

namespace lkmine {
namespace {

// "<commit> <blob or -> <m|d> <path>": what EpochReader::retry_first needs to read it again.
std::string retry_key(const EpochEntry& e) {
    return e.commit + " " + (e.blob_id.empty() ? "-" : e.blob_id) + " " +
           (e.kind == EpochEntry::Kind::deletion ? "d" : "m") + " " + e.path;
}

EpochEntry from_retry_key(const std::string& key) {
    std::istringstream in(key);
    EpochEntry e;
    std::string blob, kind;
    in >> e.commit >> blob >> kind;
    std::getline(in >> std::ws, e.path);
    e.blob_id = blob == "-" ? "" : blob;
    e.kind = kind == "d" ? EpochEntry::Kind::deletion : EpochEntry::Kind::mail;
    return e;
}

class EpochSource : public Source {
  public:
    EpochSource(std::string git_dir, std::string inbox, int epoch, SourceOptions options)
        : git_dir_(std::move(git_dir)), inbox_(std::move(inbox)), epoch_(epoch), options_(options) {
    }

    std::string key() const override { return "epoch:" + git_dir_; }
    std::string describe() const override {
        return "public-inbox " + inbox_ + " epoch " + std::to_string(epoch_) + " (" + git_dir_ +
               ")";
    }

    // While a rewritten history is read again, positions carry "purge:" so that a run killed
    // part-way still removes the purged mails once it reaches the end.
    Status start(const std::string& saved_state, const std::vector<std::string>& retry) override {
        std::string after = saved_state;
        purge_pending_ = after.starts_with(kPurge);
        if (purge_pending_) after.erase(0, kPurge.size());
        auto reader = EpochReader::open(git_dir_, after);
        if (!reader) return make_error(describe() + ": " + reader.error());
        if (reader->rewritten()) {
            notes_.push_back(describe() + ": history was rewritten since the last run (a purge?): "
                                          "reading it again from the start");
            purge_pending_ = true;
        }
        reader_ = std::make_unique<EpochReader>(std::move(*reader));
        if (!reader_->rewritten()) { // else the walk reads them again anyway
            std::vector<EpochEntry> wanted;
            for (const auto& key : retry)
                wanted.push_back(from_retry_key(key));
            reader_->retry_first(std::move(wanted));
        }
        last_ = saved_state;
        return ok_status();
    }

    Result<bool> next(SourceItem& out) override {
        EpochEntry entry;
        auto more = reader_->next(entry);
        if (!more) return make_error(describe() + ": " + more.error());
        if (!*more) return purge_pending_ ? purge_item(out) : false;
        out.raw = RawMessage{};
        out.raw.bytes = std::move(entry.bytes);
        out.raw.origin = {git_dir_, entry.blob_id};
        // libgit2 hands out a blob whole: the cut bounds what the pipeline holds from here on.
        cap_mail(out.raw, options_.max_mail_size);
        out.deletion = entry.kind == EpochEntry::Kind::deletion;
        out.lists = {inbox_};
        out.position = entry.retried ? "" : purge_pending_ ? kPurge + entry.commit : entry.commit;
        out.retry_key = retry_key(entry);
        out.problem.clear();
        if (!entry.problem.empty())
            out.problem = describe() + ": commit " + entry.commit +
                          (entry.blob_id.empty() ? "" : " blob " + entry.blob_id) +
                          (entry.path.empty() ? "" : " (" + entry.path + ")") + ": " +
                          entry.problem;
        return true;
    }

    // The last item of a re-read purged epoch: which mails it still holds.
    Result<bool> purge_item(SourceItem& out) {
        purge_pending_ = false;
        auto blobs = EpochReader::mail_blobs(git_dir_);
        if (!blobs) {
            notes_.push_back(describe() + ": purged mails not looked for: " + blobs.error());
            return false;
        }
        out.live_blobs = std::make_shared<const std::vector<std::string>>(std::move(*blobs));
        out.purge_origin = git_dir_;
        out.position = reader_->head();
        return true;
    }

    std::string state_after(const std::string& position) const override { return position; }
    std::size_t estimate() const override { return reader_ ? reader_->total_estimate() : 0; }
    std::vector<std::string> notes() const override { return notes_; }

  private:
    std::string git_dir_, inbox_;
    int epoch_;
    SourceOptions options_;
    static inline const std::string kPurge = "purge:";
    bool purge_pending_ = false;
    std::unique_ptr<EpochReader> reader_;
    std::string last_;
    std::vector<std::string> notes_;
};

} // namespace

std::unique_ptr<Source> make_epoch_source(const std::string& git_dir, const std::string& inbox,
                                          int epoch, const SourceOptions& options) {
    return std::make_unique<EpochSource>(git_dir, inbox, epoch, options);
}

} // namespace lkmine
