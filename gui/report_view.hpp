// ReportView: the symptom and commit answers as plain text with colours and clickable ids.
#pragma once

#include "core/review/review_status.hpp"
#include "core/stages/link_stage.hpp"
#include "core/stages/series.hpp"
#include "core/syzbot/symptom.hpp"

#include <QPointer>
#include <QStringList>
#include <QTextBrowser>
#include <QTextCharFormat>

class QComboBox;
class QTextCursor;

namespace lkmine::gui {

class StoreWorker;

// Like MessageView, text from mail and commits is only ever inserted as text: no HTML.
class ReportView : public QTextBrowser {
    Q_OBJECT
  public:
    explicit ReportView(QWidget* parent = nullptr);

    void showSymptom(const SymptomReport& report);
    void showCommit(const CommitReport& report);
    void showPlaceholder(const QString& text);
    // "Were my comments addressed?" (report_review.cpp): kind "review-status", subject the
    // review's Message-ID.
    void showReviewStatus(const ReviewStatus& status);
    // A patch mail no indexed commit came from (kind "patch", subject its Message-ID).
    // `samePatch`: other mails with the same patch-id `patchId` (a RESEND, an attachment).
    void showPatch(const PatchReport& report, const std::vector<MailSummary>& samePatch = {},
                   const QString& patchId = {});
    // Adds the revisions of the series `msgid` belongs to (each a link to its cover or first
    // patch) to the commit or patch shown, and the range-diff between the two revisions chosen
    // in rangeFrom() and rangeTo() (the one before `msgid`'s and `msgid`'s at first). Both are
    // read through `worker`, off the GUI thread; showing anything else drops them.
    void loadRevisions(StoreWorker* worker, const QString& msgid);
    int revisionCount() const { return int(revisions_.size()); }
    QComboBox* rangeFrom() const { return rangeFrom_; }
    QComboBox* rangeTo() const { return rangeTo_; }

    // "symptom", "commit" or "" (placeholder): what the view shows now.
    QString kind() const { return kind_; }
    // The query of a symptom report, the full sha of a commit report.
    QString subject() const { return subject_; }
    QStringList hrefs() const;
    void activateHref(const QString& href);

  signals:
    void messageIdActivated(const QString& msgid);
    void commitActivated(const QString& sha);

  protected:
    void resizeEvent(QResizeEvent* event) override;

  private:
    // Helpers the two renderers share (report_view.cpp).
    void begin(const QString& kind, const QString& subject);
    void heading(QTextCursor& c, const QString& text);
    void text(QTextCursor& c, const QString& text, const QTextCharFormat& f = {});
    void link(QTextCursor& c, const QString& label, const QString& href);
    void mailLink(QTextCursor& c, const std::string& msgid);
    void shaLink(QTextCursor& c, const std::string& sha, int length = 12);
    void newline(QTextCursor& c) { text(c, QStringLiteral("\n")); }
    void diffText(QTextCursor& c, const QString& diff,
                  const QString& indent = QStringLiteral("  "));
    void symptomBisection(QTextCursor& c, const SymptomBisection& b);
    void symptomThread(QTextCursor& c, const SymptomThread& t);
    void linkedMail(QTextCursor& c, const LinkedMail& m);
    // "Where it is now" (report_where.cpp), as `lkmine commit` prints it.
    void whereTrail(QTextCursor& c, const WhereItIs& where, const std::vector<LinkedMail>& mails);

    // The revisions part (report_revisions.cpp): rebuilt in place as replies arrive.
    void buildRangeBar();
    void placeRangeBar();
    void requestRangeDiff();
    void renderSeries();
    void rangeDiffPair(QTextCursor& c, const RangeDiffPair& p);

    QString kind_, subject_;
    QPointer<StoreWorker> worker_;
    std::vector<SeriesRevision> revisions_;
    int currentRevision_ = -1;
    std::optional<SeriesRangeDiff> rangeDiff_;
    QString seriesNote_;           // "loading…" or an error, shown instead of the range-diff
    int seriesAt_ = -1;            // where the revisions part starts in the document; -1: none
    int seriesLength_ = 0;         // its length in characters
    quint64 seriesGeneration_ = 0; // replies for an earlier report are dropped
    QWidget* rangeBar_ = nullptr;
    QComboBox* rangeFrom_ = nullptr;
    QComboBox* rangeTo_ = nullptr;
};

QTextCharFormat goodFormat();
QTextCharFormat badFormat();
QTextCharFormat dimFormat();

} // namespace lkmine::gui
