// The ingest pipeline: reader thread -> parse workers -> in-order writer with resumable commits.
#include "ingest/pipeline.hpp"

#include "core/index/store.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/size_cap.hpp"
#include "ingest/source.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace lkmine {
namespace {

struct Job {
    std::size_t seq = 0;
    std::size_t source = 0;
    SourceItem item;
};

struct Parsed {
    std::size_t source = 0;
    SourceItem item;
    Message message;
    PreparedDoc doc; // built by the worker: the writer only threads and queues it
};

// A bounded FIFO: the reader blocks when workers fall behind, so memory stays bounded.
template <typename T> class BoundedQueue {
  public:
    explicit BoundedQueue(std::size_t cap) : cap_(cap) {}
    void push(T v) {
        std::unique_lock lock(m_);
        not_full_.wait(lock, [&] { return q_.size() < cap_; });
        q_.push_back(std::move(v));
        not_empty_.notify_one();
    }
    std::optional<T> pop() {
        std::unique_lock lock(m_);
        not_empty_.wait(lock, [&] { return !q_.empty() || closed_; });
        if (q_.empty()) return std::nullopt;
        T v = std::move(q_.front());
        q_.pop_front();
        not_full_.notify_one();
        return v;
    }
    void close() {
        std::lock_guard lock(m_);
        closed_ = true;
        not_empty_.notify_all();
    }

  private:
    std::size_t cap_;
    std::deque<T> q_;
    bool closed_ = false;
    std::mutex m_;
    std::condition_variable not_full_, not_empty_;
};

// Parsed items arrive out of order; the writer takes them strictly by sequence number so the
// saved source positions never run ahead of what is written.
class ReorderBuffer {
  public:
    explicit ReorderBuffer(std::size_t window) : window_(window) {}
    // Blocks while seq is more than `window` ahead of the writer, so memory stays bounded; the
    // item the writer waits for is always inside the window, so this cannot deadlock.
    void put(std::size_t seq, Parsed p) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return seq < next_ + window_; });
        items_.emplace(seq, std::move(p));
        cv_.notify_all();
    }
    void finish(std::size_t total) {
        std::lock_guard lock(m_);
        total_ = total;
        cv_.notify_all();
    }
    // nullopt once every item up to the total is taken.
    std::optional<Parsed> take(std::size_t seq) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return items_.count(seq) || (total_ && seq >= *total_); });
        auto it = items_.find(seq);
        if (it == items_.end()) return std::nullopt;
        Parsed p = std::move(it->second);
        items_.erase(it);
        next_ = seq + 1;
        cv_.notify_all();
        return p;
    }

  private:
    std::unordered_map<std::size_t, Parsed> items_;
    std::optional<std::size_t> total_;
    std::size_t window_, next_ = 0;
    std::mutex m_;
    std::condition_variable cv_;
};

// The mails each source could not read: loaded from the index, updated in write order (an item
// read again replaces what an earlier run recorded under its retry key), saved with the states.
class ProblemBook {
  public:
    ProblemBook(const StoreWriter& w, const std::vector<std::unique_ptr<Source>>& sources)
        : open_(sources.size()), changed_(sources.size(), false) {
        for (std::size_t i = 0; i < sources.size(); ++i)
            for (auto& p : w.source_problems(sources[i]->key()))
                open_[i][p.key] = p.message;
    }
    std::vector<std::string> retry_keys(std::size_t source) const {
        std::vector<std::string> out;
        for (const auto& [key, message] : open_[source])
            out.push_back(key);
        return out;
    }
    // True when the item could not be read (then there is nothing to write).
    bool record(std::size_t source, const SourceItem& item, IndexSummary& summary) {
        auto& open = open_[source];
        if (item.problem.empty()) {
            if (!item.retry_key.empty() && open.erase(item.retry_key)) {
                changed_[source] = true;
                ++summary.recovered;
            }
            return false;
        }
        summary.unreadable.push_back(item.problem);
        if (!item.retry_key.empty()) {
            open[item.retry_key] = item.problem;
            changed_[source] = true;
        }
        return true;
    }
    void save(StoreWriter& w, const std::vector<std::unique_ptr<Source>>& sources) {
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (!changed_[i]) continue;
            std::vector<SourceProblem> list;
            for (const auto& [key, message] : open_[i])
                list.push_back({key, message});
            w.set_source_problems(sources[i]->key(), list);
        }
    }
    std::size_t outstanding() const {
        std::size_t n = 0;
        for (const auto& o : open_)
            n += o.size();
        return n;
    }

  private:
    std::vector<std::map<std::string, std::string>> open_; // retry key -> message
    std::vector<bool> changed_;
};

// Parsing and building the document; a mail that makes either throw is recorded as a problem
// instead of ending the run.
void prepare_item(Job& job, const Source& source, Message& m, PreparedDoc& doc) {
    if (job.item.live_blobs || !job.item.problem.empty()) return;
    try {
        m = parse_message(job.item.raw);
        if (!job.item.deletion) {
            doc = StoreWriter::prepare(m, job.item.raw.bytes, job.item.lists);
            job.item.raw.bytes = std::string(); // the document holds them now
        }
    } catch (const std::exception& e) {
        job.item.problem = source.describe() + ": cannot index the mail at " +
                           job.item.raw.origin.location + ": " + e.what();
        m = Message();
        doc = PreparedDoc();
    }
}

} // namespace

Result<IndexSummary> run_index(const IndexOptions& opt, const ProgressFn& progress) {
    auto t0 = std::chrono::steady_clock::now();
    IndexSummary summary;
    std::vector<std::unique_ptr<Source>> sources;
    for (const auto& path : opt.paths) {
        auto found = detect_sources(path, SourceOptions{opt.max_mail_size}, &summary.not_mail);
        if (!found) {
            summary.errors.push_back(found.error());
            continue;
        }
        for (auto& s : *found)
            sources.push_back(std::move(s));
    }
    // Nothing usable (a mistyped path): say so without creating an empty index.
    if (sources.empty() && !summary.errors.empty()) return summary;
    auto writer = StoreWriter::open(opt.db, WriterOptions{opt.shards});
    if (!writer) return make_error(writer.error());

    std::vector<std::string> saved;
    for (const auto& s : sources)
        saved.push_back(writer->source_state(s->key()));
    ProblemBook problems(*writer, sources);
    std::vector<std::vector<std::string>> retry;
    for (std::size_t i = 0; i < sources.size(); ++i)
        retry.push_back(problems.retry_keys(i));

    unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
    BoundedQueue<Job> in(256);
    ReorderBuffer out(512);
    std::atomic<std::size_t> estimate{0};
    std::mutex notes_mutex;
    std::vector<std::string> reader_errors, reader_notes;

    // Workers first: when the system refuses a thread, the run goes on with those it has, and
    // with none it fails before the reader has started.
    std::vector<std::thread> workers;
    const auto work = [&] {
        while (auto job = in.pop()) {
            Message m;
            PreparedDoc doc;
            prepare_item(*job, *sources[job->source], m, doc);
            out.put(job->seq,
                    Parsed{job->source, std::move(job->item), std::move(m), std::move(doc)});
        }
    };
    std::string thread_error;
    for (unsigned w = 0; w < jobs; ++w) {
        try {
            workers.emplace_back(work);
        } catch (const std::system_error& e) {
            thread_error = e.what();
            break;
        }
    }
    if (workers.empty())
        return make_error("cannot start a parse thread: " + thread_error + " (try a smaller -j)");
    if (workers.size() < jobs)
        reader_notes.push_back("only " + std::to_string(workers.size()) + " of " +
                               std::to_string(jobs) + " parse threads could start (" +
                               thread_error + ")");

    bool cancelled = false; // written by the reader, read after it is joined
    std::string stopped_at;
    const auto read_all = [&] {
        std::size_t seq = 0;
        for (std::size_t i = 0; i < sources.size() && !cancelled; ++i) {
            Source& src = *sources[i];
            Status started = src.start(saved[i], retry[i]);
            if (!started) {
                std::lock_guard lock(notes_mutex);
                reader_errors.push_back(started.error());
                continue;
            }
            estimate += src.estimate();
            for (;;) {
                if (opt.cancel && opt.cancel->load()) {
                    cancelled = true;
                    stopped_at = src.describe();
                    break;
                }
                Job job{seq, i, {}};
                auto more = src.next(job.item);
                if (!more) {
                    std::lock_guard lock(notes_mutex);
                    reader_errors.push_back(more.error() +
                                            " (the rest of this source was skipped)");
                    break;
                }
                if (!*more) break;
                ++seq;
                in.push(std::move(job));
            }
            std::lock_guard lock(notes_mutex);
            for (auto& n : src.notes())
                reader_notes.push_back(n);
        }
        in.close();
        out.finish(seq);
    };
    std::thread reader;
    try {
        reader = std::thread(read_all);
    } catch (const std::system_error& e) {
        in.close();
        for (auto& w : workers)
            w.join();
        return make_error(std::string("cannot start the reader thread: ") + e.what());
    }

    // The writer: this thread, in sequence order.
    std::vector<std::string> last_position(sources.size());
    std::vector<bool> touched(sources.size(), false);
    std::size_t since_commit = 0;
    std::optional<std::string> write_error;
    auto last_report = std::chrono::steady_clock::now();
    auto save_states_and_commit = [&]() -> Status {
        for (std::size_t i = 0; i < sources.size(); ++i)
            if (touched[i])
                writer->set_source_state(sources[i]->key(),
                                         sources[i]->state_after(last_position[i]));
        problems.save(*writer, sources);
        return writer->commit();
    };
    auto advance = [&](const Parsed& p) {
        if (p.item.position.empty()) return; // a retried item: the source stays where it was
        last_position[p.source] = p.item.position;
        touched[p.source] = true;
    };
    for (std::size_t seq = 0;; ++seq) {
        auto parsed = out.take(seq);
        if (!parsed) break;
        Parsed& p = *parsed;
        if (write_error) continue; // drain the pipeline, write nothing more
        if (p.item.live_blobs) {
            auto purged = writer->purge(p.item.purge_origin, *p.item.live_blobs);
            if (!purged) {
                write_error = purged.error();
                continue;
            }
            summary.purged += *purged;
            advance(p);
            continue;
        }
        if (problems.record(p.source, p.item, summary)) {
            advance(p);
            continue;
        }
        ++summary.read;
        if (!p.message.warnings.empty()) ++summary.mails_with_warnings;
        for (const auto& w : p.message.warnings) {
            ++summary.warnings_by_kind[w.kind];
            if (w.kind == kTruncatedWarning)
                summary.truncated.push_back("<" + p.message.message_id + "> in " +
                                            p.message.origin.source + " " +
                                            p.message.origin.location + ": " + w.detail);
        }
        if (p.item.deletion) {
            auto removed = writer->remove(p.message);
            if (removed) ++summary.deleted;
        } else {
            auto outcome = writer->add(std::move(p.doc));
            if (!outcome) {
                write_error = outcome.error();
                continue;
            }
            switch (*outcome) {
            case AddOutcome::added:
            case AddOutcome::replaced_recovered:
                ++summary.added;
                break;
            case AddOutcome::duplicate_same:
                ++summary.duplicates;
                break;
            case AddOutcome::duplicate_different:
                ++summary.differing;
                break;
            }
        }
        advance(p);
        if (++since_commit >= opt.commit_every * writer->shard_count()) {
            Status st = save_states_and_commit();
            if (!st) write_error = st.error();
            since_commit = 0;
        }
        auto now = std::chrono::steady_clock::now();
        if (progress && now - last_report > std::chrono::milliseconds(250)) {
            last_report = now;
            std::size_t warned = 0;
            for (auto& [k, n] : summary.warnings_by_kind)
                warned += n;
            progress({summary.read, estimate.load(), warned,
                      std::chrono::duration<double>(now - t0).count(),
                      sources[p.source]->describe()});
        }
    }
    reader.join();
    for (auto& w : workers)
        w.join();
    summary.cancelled = cancelled;
    summary.stopped_at = stopped_at;
    if (!write_error) {
        Status st = save_states_and_commit();
        if (!st) write_error = st.error();
    }
    summary.errors.insert(summary.errors.end(), reader_errors.begin(), reader_errors.end());
    summary.notes = reader_notes;
    summary.outstanding = problems.outstanding();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (write_error)
        return make_error("writing the index failed: " + *write_error +
                          " (everything up to the last commit is kept)");
    return summary;
}

} // namespace lkmine
