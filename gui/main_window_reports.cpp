// MainWindow: the symptom and commit reports beside the diff, and the bar above a mail saying
// what became of its patch.
#include "core/mail/msgid.hpp"
#include "gui/diff_view.hpp"
#include "gui/main_window.hpp"
#include "gui/message_view.hpp"
#include "gui/report_view.hpp"
#include "gui/store_worker.hpp"
#include "gui/summary_format.hpp"

#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimeZone>
#include <algorithm>

namespace lkmine::gui {

// "the RESEND of 18 Jul", "v2 of 18 Jul", "the posting of 18 Jul": which other mail a patch is.
QString postingName(const MailSummary& m) {
    const auto& prefixes = m.subject_info.prefixes;
    const bool resend = std::find(prefixes.begin(), prefixes.end(), "RESEND") != prefixes.end();
    const QString day = m.date.valid ? QDateTime::fromSecsSinceEpoch(m.date.epoch, QTimeZone::utc())
                                           .toString(QStringLiteral("d MMM yyyy"))
                                     : QString();
    const QString what = resend                    ? QObject::tr("the RESEND")
                         : m.subject_info.is_reply ? QObject::tr("the reply")
                         : m.subject_info.revision > 1
                             ? QStringLiteral("v%1").arg(m.subject_info.revision)
                             : QObject::tr("the posting");
    return day.isEmpty() ? what : QObject::tr("%1 of %2").arg(what, day);
}

void MainWindow::askSymptom() {
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Symptom"), tr("Crash title (or a part of it):"), QLineEdit::Normal,
        crashTitle_.isEmpty() ? symptomView_->subject() : crashTitle_, &ok);
    if (ok && !text.trimmed().isEmpty()) showSymptom(text.trimmed());
}

void MainWindow::showSymptom(const QString& text) {
    sideTabs_->setCurrentWidget(symptomView_);
    symptomView_->showPlaceholder(tr("Looking up \"%1\"…").arg(text));
    worker_->symptom(text, this, [this, text](const SymptomReply& r) {
        if (!r.ok) {
            symptomView_->showPlaceholder(tr("symptom \"%1\": %2").arg(text, r.error));
            statusBar()->showMessage(r.error);
            return;
        }
        symptomView_->showSymptom(r.report);
    });
}

void MainWindow::openCommitReport(const QString& sha) {
    if (sha.isEmpty()) return;
    if (sha.contains(QLatin1Char('@'))) { // the bar's button for a patch not merged
        showCommit(sha);
        return;
    }
    sideTabs_->setCurrentWidget(commitView_);
    commitView_->showPlaceholder(tr("Reading commit %1…").arg(sha));
    worker_->commitReport(sha, this, [this, sha](const CommitReply& r) {
        if (!r.ok) {
            commitView_->showPlaceholder(tr("commit %1: %2").arg(sha, r.error));
            statusBar()->showMessage(r.error);
            return;
        }
        commitView_->showCommit(r.report);
        // The series of its latest posting, as `lkmine commit` lists it.
        if (!r.report.mails.empty())
            commitView_->loadRevisions(worker_, qstr(r.report.mails.back().mail.message_id));
    });
}

void MainWindow::showCommit(const QString& shaOrMsgid) {
    const QString arg = shaOrMsgid.trimmed();
    if (!arg.contains(QLatin1Char('@'))) {
        openCommitReport(arg);
        return;
    }
    // A mail: the commit it was merged as (its strongest link).
    const QString id = qstr(msgid_from_arg(stdstr(arg)));
    sideTabs_->setCurrentWidget(commitView_);
    worker_->patchReport(id, this, [this, id](const PatchReply& r) {
        if (!r.ok) {
            commitView_->showPlaceholder(r.error);
            return;
        }
        if (r.report.commits.empty()) {
            // Not merged: the patch, the other postings of the same patch (by patch-id) and
            // the revisions of its series. A reply carrying a patch (attached) is not a
            // revision of the thread's series: only its patch-id says where else it went.
            commitView_->showPatch(r.report, r.samePatch, r.patchId);
            if (r.report.is_patch && !r.report.mail.subject_info.is_reply)
                commitView_->loadRevisions(worker_, id);
            return;
        }
        openCommitReport(qstr(r.report.commits.front().sha));
    });
}

// Called for every mail shown: the bar says nothing until the patch report arrives.
void MainWindow::showMailBar(const MailReply& r) {
    mergedSha_.clear();
    commitButton_->hide();
    patchStatus_->clear();
    crashTitle_ = crashTitleOf(r.message);
    symptomButton_->setVisible(!crashTitle_.isEmpty());
    if (!crashTitle_.isEmpty()) symptomButton_->setToolTip(crashTitle_);
    if (r.message.patches.empty()) return;
    patchStatus_->setText(tr("patch: looking for its commit…"));
    const quint64 generation = mailGeneration_;
    worker_->patchReport(qstr(r.message.message_id), this, [this, generation](const PatchReply& p) {
        if (generation != mailGeneration_) return;
        showPatchStatus(p);
    });
}

void MainWindow::showPatchStatus(const PatchReply& p) {
    if (!p.ok) {
        patchStatus_->setText(tr("patch status unknown: %1").arg(p.error));
        return;
    }
    const PatchReport& r = p.report;
    if (r.commits.empty()) {
        QString text = !r.git_indexed ? tr("merge status unknown (no git tree indexed)")
                       : r.days_unmerged >= 0
                           ? tr("not merged (%n day(s) since posted)", "", int(r.days_unmerged))
                           : tr("not merged as any indexed commit");
        if (!p.samePatch.empty())
            text += tr("; same patch as %1").arg(postingName(p.samePatch.back()));
        patchStatus_->setText(text);
        // The button opens the patch's revisions and range-diff in the Commit tab instead.
        if (r.is_patch) {
            mergedSha_ = qstr(r.mail.message_id);
            commitButton_->setText(tr("Revisions"));
            commitButton_->show();
        }
        return;
    }
    const StoredLink& best = r.commits.front();
    QString subject;
    if (!r.commit_records.empty()) subject = qstr(r.commit_records.front().subject);
    const QString release = r.releases.empty() || r.releases.front().empty()
                                ? tr("no release yet")
                                : qstr(r.releases.front());
    QString text = tr("merged as %1 (%2 %3, %4)")
                       .arg(qstr(best.sha).left(12), qstr(best.method))
                       .arg(best.score, 0, 'f', 2)
                       .arg(release);
    if (!subject.isEmpty()) text += QStringLiteral(" — ") + subject;
    if (r.commits.size() > 1) text += tr(" (+%n other commit(s))", "", int(r.commits.size() - 1));
    patchStatus_->setText(text);
    mergedSha_ = qstr(best.sha);
    commitButton_->setText(tr("Open commit %1").arg(mergedSha_.left(12)));
    commitButton_->show();
}

// Issue 17: each comment of the review followed through the range-diff to the next revision.
void MainWindow::showReviewStatus(const QString& msgid) {
    if (msgid.isEmpty()) {
        statusBar()->showMessage(tr("No mail shown: select your review of a patch, then a."));
        return;
    }
    sideTabs_->setCurrentWidget(reviewView_);
    reviewView_->showPlaceholder(
        tr("Following the comments of <%1> into the next revision…").arg(msgid));
    reviewOwner_ = msgid;
    worker_->reviewStatus(msgid, this, [this, msgid](const ReviewStatusReply& r) {
        if (reviewOwner_ != msgid) return; // the user moved on
        if (!r.ok) {
            reviewView_->showPlaceholder(
                tr("No review status for <%1>:\n\n%2").arg(msgid, r.error));
            return;
        }
        reviewView_->showReviewStatus(r.status);
    });
}

} // namespace lkmine::gui
