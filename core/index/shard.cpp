// One shard's writer thread: runs queued operations in order on its WritableDatabase.
#include "core/index/detail/shard.hpp"

#include "core/index/detail/xapian.hpp"

namespace lkmine::store_detail {

constexpr std::size_t kQueueLimit = 256; // documents in flight per shard: bounds memory

ShardWriter::~ShardWriter() {
    {
        std::lock_guard lock(m_);
        stop_ = true;
        not_empty_.notify_all();
        not_full_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    // A destructor must not throw, and has no one to tell: a failed write was reported by
    // error() already, and what is not committed is dropped either way.
    try {
        db_.cancel_transaction();
    } catch (const Xapian::Error&) {
    }
    try {
        db_.close();
    } catch (const Xapian::Error&) {
    }
}

void ShardWriter::open(const std::string& path, bool create) {
    path_ = path;
    db_ = Xapian::WritableDatabase(path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    db_.begin_transaction(true);
    thread_ = std::thread([this] { run(); });
}

std::string ShardWriter::initial_metadata(const std::string& key) const {
    return db_.get_metadata(key);
}

void ShardWriter::post(Op op) {
    std::unique_lock lock(m_);
    not_full_.wait(lock, [&] { return queue_.size() < kQueueLimit || stop_; });
    if (stop_) return;
    queue_.push_back(std::move(op));
    not_empty_.notify_one();
}

std::string ShardWriter::error() const {
    std::lock_guard lock(m_);
    return error_;
}

void ShardWriter::run() {
    for (;;) {
        Op op;
        {
            std::unique_lock lock(m_);
            not_empty_.wait(lock, [&] { return !queue_.empty() || stop_; });
            if (stop_ || queue_.empty()) return; // stopping discards what is left
            op = std::move(queue_.front());
            queue_.pop_front();
            not_full_.notify_one();
        }
        bool failed;
        {
            std::lock_guard lock(m_);
            failed = !error_.empty();
        }
        Status st = xapian_guard(path_, "", [&] { // "": no lock to name after open()
            if (!failed) op(db_);
            return ok_status();
        });
        if (!st) {
            std::lock_guard lock(m_);
            if (error_.empty()) error_ = st.error();
        }
    }
}

} // namespace lkmine::store_detail
