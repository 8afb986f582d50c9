// The first 1,500 mails of the real linux-fscrypt epoch, parsed once, and small helpers to
// index them: shared by the store tests that need real threads, merges and ghosts.
#pragma once

#include "core/git/epoch_reader.hpp"
#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lkmine::test {

namespace fs = std::filesystem;

inline constexpr std::size_t kMails = 1500; // enough threads, merges and ghosts; a few seconds

struct Item {
    Message msg;
    std::string raw;
    bool deletion = false;
};

inline const std::vector<Item>& fscrypt_items() {
    static std::vector<Item> items = [] {
        std::vector<Item> out;
        auto git = shared_corpora() / "public-inbox/linux-fscrypt/git/0.git";
        auto reader = EpochReader::open(git.string(), "");
        if (!reader) return out;
        EpochEntry e;
        while (out.size() < kMails) {
            auto more = reader->next(e);
            if (!more || !*more) break;
            RawMessage raw{e.bytes, {git.string(), e.blob_id}};
            out.push_back({parse_message(raw), e.bytes, e.kind == EpochEntry::Kind::deletion});
        }
        return out;
    }();
    return items;
}

class TempDir {
  public:
    explicit TempDir(const std::string& tag) {
        path_ = fs::temp_directory_path() /
                ("lkmine-store-test-" + std::to_string(getpid()) + "-" + tag);
        fs::remove_all(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string str() const { return path_.string(); }

  private:
    fs::path path_;
};

// Indexes items [from, to) as the pipeline does: resume state "next item" saved per commit.
inline void index_range(StoreWriter& w, std::size_t from, std::size_t to,
                        std::size_t commit_every) {
    const auto& items = fscrypt_items();
    for (std::size_t i = from; i < to; ++i) {
        const Item& it = items[i];
        if (it.deletion)
            ASSERT_TRUE(w.remove(it.msg).ok());
        else
            ASSERT_TRUE(w.add(StoreWriter::prepare(it.msg, it.raw, {"linux-fscrypt"})).ok());
        if ((i + 1) % commit_every == 0 || i + 1 == to) {
            w.set_source_state("test", std::to_string(i + 1));
            ASSERT_TRUE(w.commit().ok());
        }
    }
}

inline void build(const std::string& dir, unsigned shards, std::size_t from, std::size_t to) {
    auto w = StoreWriter::open(dir, WriterOptions{shards});
    ASSERT_TRUE(w.ok()) << w.error();
    ASSERT_EQ(w->shard_count(), shards);
    index_range(*w, from, to, 400);
}

} // namespace lkmine::test
