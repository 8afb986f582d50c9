// StoreWorker: every index call (open, search, thread, get+parse) on one background thread.
#pragma once

#include "core/index/store.hpp"
#include "core/mail/attachments.hpp"
#include "core/model/message.hpp"
#include "core/review/review_status.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/mbox_export.hpp"
#include "core/stages/series.hpp"
#include "core/stages/symptom_report.hpp"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <memory>

namespace lkmine::gui {

struct SearchReply {
    bool ok = false;
    QString error;
    SearchPage page;
};

struct ThreadReply {
    bool ok = false;
    QString error;
    ThreadTree tree;
};

struct MailReply {
    bool ok = false;
    QString error;
    StoredMail stored;
    Message message; // parse_message of stored.raw, done off the GUI thread too
    std::vector<MailAttachment> attachments; // read_attachments of stored.raw
};

struct SymptomReply {
    bool ok = false;
    QString error;
    SymptomReport report;
};

struct CommitReply {
    bool ok = false;
    QString error;
    CommitReport report;
};

struct PatchReply {
    bool ok = false;
    QString error;
    PatchReport report;
    // Other mails carrying a patch of the same git patch-id (a RESEND, the same fix attached
    // to a reply), oldest first; `patchId` the id they share.
    std::vector<MailSummary> samePatch;
    QString patchId;
};

struct MboxReply {
    bool ok = false;
    QString error;
    std::string mbox;
    QString summary; // what is in it (am_summary for a series)
};

struct ApplyReply {
    bool ok = false; // git ran; applied when result.status == 0
    QString error;
    QString summary;
    GitAmResult result;
};

struct SeriesReply {
    bool ok = false;
    QString error;
    std::vector<SeriesRevision> revisions; // oldest first
    int current = -1;                      // the revision the asked mail is part of
};

struct RangeDiffReply {
    bool ok = false;
    QString error;
    SeriesRangeDiff diff;
};

struct ReviewStatusReply {
    bool ok = false;
    QString error;
    ReviewStatus status;
};

struct OpenReply {
    bool ok = false;
    QString error;
    QString dir;
};

// Xapian readers are not thread-safe, so a one-thread pool runs the calls in order; results
// come back through QFutureWatcher on the GUI thread. pending() counts calls whose handler has
// not run yet, so a screenshot or a test can wait until the window has settled.
struct ReaderSlot; // the reader and the health of its shards (store_worker.cpp)

class StoreWorker : public QObject {
    Q_OBJECT
  public:
    explicit StoreWorker(QObject* parent = nullptr);
    ~StoreWorker() override;

    bool isOpen() const { return open_; }
    QString dir() const { return dir_; }
    int pending() const { return pending_; }

    void open(const QString& dir, QObject* context, std::function<void(const OpenReply&)> done);
    void search(const QString& query, const SearchOptions& options, QObject* context,
                std::function<void(const SearchReply&)> done);
    void thread(const QString& msgid, QObject* context,
                std::function<void(const ThreadReply&)> done);
    void mail(const QString& msgid, QObject* context, std::function<void(const MailReply&)> done);

    void symptom(const QString& text, QObject* context,
                 std::function<void(const SymptomReply&)> done);
    // A sha (abbreviated or not) of an indexed commit.
    void commitReport(const QString& sha, QObject* context,
                      std::function<void(const CommitReply&)> done);
    void patchReport(const QString& msgid, QObject* context,
                     std::function<void(const PatchReply&)> done);

    // The revisions of the series a mail belongs to (find_series), and two of them paired.
    void series(const QString& msgid, QObject* context,
                std::function<void(const SeriesReply&)> done);
    // "Were my comments addressed?" for the review `msgid` (review_status.hpp).
    void reviewStatus(const QString& msgid, QObject* context,
                      std::function<void(const ReviewStatusReply&)> done);
    void rangeDiff(const SeriesRevision& from, const SeriesRevision& to, QObject* context,
                   std::function<void(const RangeDiffReply&)> done);

    // The thread as an mbox, the series as a `git am`-ready mbox (am_ready, as `lkmine am`),
    // and that mbox applied to the git tree `repo` with `git am` (mbox_export.hpp).
    void threadMbox(const QString& msgid, QObject* context,
                    std::function<void(const MboxReply&)> done);
    void seriesMbox(const QString& msgid, QObject* context,
                    std::function<void(const MboxReply&)> done);
    void applySeries(const QString& msgid, const QString& repo, QObject* context,
                     std::function<void(const ApplyReply&)> done);

  signals:
    // pending() dropped to 0 after a handler ran (handlers may start further calls first).
    void idle();
    // StoreReader::health() changed after a call: `summary` is "2 of 3 shards answered;
    // HOST:PORT: why" when some shard did not answer, "" when all did again.
    void shardHealthChanged(const QString& summary);

  private:
    // A call started on pool_'s thread: its future, and what the two threads hand it over by.
    template <typename T> struct Task {
        QFuture<T> future;
        std::shared_ptr<const void> token;
    };
    template <typename T, typename Call> Task<T> onPool(Call call);
    // `done` with the call's T on this thread, when it is there.
    template <typename T>
    void watch(const Task<T>& task, QObject* context, std::function<void(const T&)> done);

    QThreadPool pool_;
    std::shared_ptr<ReaderSlot> reader_; // its reader touched only on pool_'s thread
    QString healthShown_;
    bool open_ = false;
    QString dir_;
    int pending_ = 0;
};

} // namespace lkmine::gui
