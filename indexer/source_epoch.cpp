// A public-inbox epoch as a Source: commits oldest first, resumable at a commit id.
#include "core/git_repo.hpp"
#include "indexer/source.hpp"

namespace lkmine {
namespace {

class EpochSource : public Source {
  public:
    EpochSource(std::string git_dir, std::string inbox, int epoch)
        : git_dir_(std::move(git_dir)), inbox_(std::move(inbox)), epoch_(epoch) {}

    std::string key() const override { return "epoch:" + git_dir_; }
    std::string describe() const override {
        return "public-inbox " + inbox_ + " epoch " + std::to_string(epoch_) + " (" + git_dir_ +
               ")";
    }

    Status start(const std::string& saved_state) override {
        auto reader = EpochReader::open(git_dir_, saved_state);
        if (!reader) return make_error(describe() + ": " + reader.error());
        if (reader->rewritten())
            notes_.push_back(describe() + ": history was rewritten since the last run (a purge?): "
                                          "reading it again from the start");
        reader_ = std::make_unique<EpochReader>(std::move(*reader));
        last_ = saved_state;
        return ok_status();
    }

    Result<bool> next(SourceItem& out) override {
        EpochEntry entry;
        auto more = reader_->next(entry);
        if (!more) return make_error(describe() + ": " + more.error());
        if (!*more) return false;
        out.raw.bytes = std::move(entry.bytes);
        out.raw.origin = {git_dir_, entry.blob_id};
        out.deletion = entry.kind == EpochEntry::Kind::deletion;
        out.lists = {inbox_};
        out.position = entry.commit;
        return true;
    }

    std::string state_after(const std::string& position) const override { return position; }
    std::size_t estimate() const override { return reader_ ? reader_->total_estimate() : 0; }
    std::vector<std::string> notes() const override { return notes_; }

  private:
    std::string git_dir_, inbox_;
    int epoch_;
    std::unique_ptr<EpochReader> reader_;
    std::string last_;
    std::vector<std::string> notes_;
};

} // namespace

std::unique_ptr<Source> make_epoch_source(const std::string& git_dir, const std::string& inbox,
                                          int epoch) {
    return std::make_unique<EpochSource>(git_dir, inbox, epoch);
}

} // namespace lkmine
