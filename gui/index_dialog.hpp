// IndexDialog: create or grow an index from a lore mirror, mbox or Maildir, in the background.
#pragma once

#include "gui/index_job.hpp"

#include <QDialog>
#include <atomic>

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QThread;

namespace lkmine::gui {

// The indexing runs on its own thread with a cancel flag; progress comes back as queued
// signals, so the window never waits for it. Closing the dialog while it runs cancels: what was
// read is committed and stays searchable, and the next run resumes.
class IndexDialog : public QDialog {
    Q_OBJECT
  public:
    enum class State { Idle, Running, Cancelling, Finished, Cancelled, Failed };
    Q_ENUM(State)

    explicit IndexDialog(const QString& db, QWidget* parent = nullptr);
    ~IndexDialog() override; // cancels and waits for the worker

    void setSources(const QStringList& paths);
    QStringList sources() const;
    void setGitTree(const QString& path);
    void setDbDir(const QString& dir);
    QString dbDir() const;
    IndexRequest request() const;

    State state() const { return state_; }
    bool isRunning() const { return state_ == State::Running || state_ == State::Cancelling; }
    // Valid once the state is Finished, Cancelled or Failed.
    const IndexOutcome& outcome() const { return outcome_; }

    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* resultLabel() const { return result_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* cancelButton() const { return cancel_; }

  public slots:
    // Checks the request, then starts the worker; a problem is shown in the dialog instead.
    void start();
    // While running: stop reading and let what was read be committed. Otherwise: close.
    void cancel();
    void reject() override;

  signals:
    // The index at `db` holds the mails read (finished or cancelled): the window opens it.
    void indexReady(const QString& db);
    // Running ended in Finished, Cancelled or Failed.
    void stateChanged(lkmine::gui::IndexDialog::State state);
    // From the worker thread, queued to the dialog.
    void workerProgress(qulonglong done, qulonglong estimate, double seconds, const QString& source,
                        const QString& stage);

  private:
    void buildUi(const QString& db);
    void addFolder();
    void addFile();
    void browseGit();
    void browseLogs();
    void browseDb();
    void setState(State state);
    void showProgress(qulonglong done, qulonglong estimate, double seconds, const QString& source,
                      const QString& stage);
    void workerDone();
    void showOutcome();
    void showError(const QString& text);

    QListWidget* sources_;
    QLineEdit* git_;
    QLineEdit* logs_;
    QLineEdit* db_;
    QProgressBar* progress_;
    QLabel* status_;
    QLabel* result_;
    QPushButton* start_;
    QPushButton* cancel_;
    QList<QWidget*> inputs_; // disabled while running
    QThread* thread_ = nullptr;
    std::atomic<bool> cancelFlag_{false};
    IndexOutcome outcome_; // written by the worker, read once its thread has finished
    State state_ = State::Idle;
};

} // namespace lkmine::gui
