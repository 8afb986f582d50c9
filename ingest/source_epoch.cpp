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
        std::string old_boundary = take_shallow(after);
        purge_pending_ = after.starts_with(kPurge);
        if (purge_pending_) after.erase(0, kPurge.size());
        auto reader = EpochReader::open(git_dir_, after);
        if (!reader) return make_error(describe() + ": " + reader.error());
        if (!old_boundary.empty() && boundary_of(*reader) != old_boundary) {
            // Fetched deeper (or unshallowed): the mails now found before the old boundary are
            // ancestors of the resume point, so the epoch is read again; known mails are kept.
            notes_.push_back(describe() + ": more of its history is present than at the last "
                                          "run (fetched deeper): reading it again from the start");
            reader = EpochReader::open(git_dir_, "");
            if (!reader) return make_error(describe() + ": " + reader.error());
        }
        reader->set_max_blob_size(options_.max_mail_size);
        shallow_ = boundary_of(*reader);
        if (!shallow_.empty())
            notes_.push_back(describe() + " is a shallow clone: the mails before its shallow " +
                             "boundary (commit " + shallow_ + ") are not available; run `git -C " +
                             git_dir_ + " fetch --unshallow` to get them, then index again");
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
        // The reader read at most cap+1 bytes of a bigger blob: the cut is at a line boundary.
        cap_mail(out.raw, options_.max_mail_size, entry.whole_size);
        out.deletion = entry.kind == EpochEntry::Kind::deletion;
        out.lists = {inbox_};
        out.position = entry.retried ? ""
                                     : (shallow_.empty() ? "" : kShallow + shallow_ + " ") +
                                           (purge_pending_ ? kPurge : "") + entry.commit;
        out.retry_key = retry_key(entry);
        out.problem.clear();
        if (!entry.problem.empty())
            out.problem = describe() + ": commit " + entry.commit +
                          (entry.blob_id.empty() ? "" : " blob " + entry.blob_id) +
                          (entry.path.empty() ? "" : " (" + entry.path + ")") + ": " +
                          entry.problem +
                          (entry.whole_size ? "; index again with a larger --max-mail-size to "
                                              "read it"
                                            : "");
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
        out.position = (shallow_.empty() ? "" : kShallow + shallow_ + " ") + reader_->head();
        return true;
    }

    std::string state_after(const std::string& position) const override { return position; }
    std::size_t estimate() const override { return reader_ ? reader_->total_estimate() : 0; }
    std::vector<std::string> notes() const override { return notes_; }

  private:
    static std::string boundary_of(const EpochReader& r) {
        std::string out;
        for (const auto& c : r.shallow_boundary())
            out += (out.empty() ? "" : ",") + c;
        return out;
    }
    // "shallow:<boundary> <rest>" -> the boundary, state left holding <rest>; "" if none.
    static std::string take_shallow(std::string& state) {
        if (!state.starts_with(kShallow)) return "";
        std::size_t sp = state.find(' ');
        std::string boundary = state.substr(kShallow.size(), sp - kShallow.size());
        state = sp == std::string::npos ? "" : state.substr(sp + 1);
        return boundary;
    }

    std::string git_dir_, inbox_;
    int epoch_;
    SourceOptions options_;
    static inline const std::string kPurge = "purge:";
    static inline const std::string kShallow = "shallow:";
    std::string shallow_; // the boundary commits, comma-separated; "" for a complete history
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
