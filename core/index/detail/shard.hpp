// Private to the store: one shard's writer thread, the only thread touching that shard's
// WritableDatabase (Xapian objects are not thread-safe), fed through a bounded queue.
#pragma once

#include "core/base/result.hpp"

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lkmine::store_detail {

class ShardWriter {
  public:
    using Op = std::function<void(Xapian::WritableDatabase&)>;

    ShardWriter() = default;
    ShardWriter(const ShardWriter&) = delete;
    ShardWriter& operator=(const ShardWriter&) = delete;
    ~ShardWriter(); // discards uncommitted work

    // Opens (creating when `create`) the shard, begins a transaction and starts the thread.
    // Throws Xapian errors.
    void open(const std::string& path, bool create);
    // Queues `op`; blocks while the queue is full. Ops run in order; a Xapian error stops the
    // shard (later ops are skipped) and is reported by error().
    void post(Op op);
    // Runs `f` on the shard thread after everything queued before it, and returns its result.
    template <typename F> auto call(F f) -> decltype(f(std::declval<Xapian::WritableDatabase&>())) {
        using R = decltype(f(std::declval<Xapian::WritableDatabase&>()));
        auto done = std::make_shared<std::promise<R>>();
        auto result = done->get_future();
        post([done, f = std::move(f)](Xapian::WritableDatabase& db) mutable {
            try {
                if constexpr (std::is_void_v<R>) {
                    f(db);
                    done->set_value();
                } else {
                    done->set_value(f(db));
                }
            } catch (...) {
                done->set_exception(std::current_exception());
                throw;
            }
        });
        return result.get(); // rethrows the op's exception
    }
    std::string error() const; // "" while healthy
    const std::string& path() const { return path_; }
    // Metadata as committed, read by the owner before its first post() (the thread is idle).
    std::string initial_metadata(const std::string& key) const;

  private:
    void run();

    std::string path_;
    Xapian::WritableDatabase db_;
    std::deque<Op> queue_;
    bool stop_ = false;
    std::string error_;
    mutable std::mutex m_;
    std::condition_variable not_empty_, not_full_;
    std::thread thread_;
};

} // namespace lkmine::store_detail
