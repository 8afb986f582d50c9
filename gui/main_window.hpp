// MainWindow: query bar, results, thread tree, message view and diff view side by side.
#pragma once

#include "gui/key_map.hpp"

#include <QByteArray>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QAction;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QTabWidget;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace lkmine::gui {

class DiffView;
class IndexDialog;
class MessageView;
class QueryBar;
class ReportView;
class ResultsModel;
class StoreWorker;
class ThreadModel;
struct MailReply;
struct PatchReply;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    enum class View { Thread, Diff, Symptom, Commit };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Off in --screenshot mode, so a picture does not depend on the user's last session.
    void setPersistent(bool persistent);
    // --size: exactly this size, even beyond the screen (screenshots of a given size).
    void setFixedWindowSize(const QSize& size);
    void openIndex(const QString& dir);
    void runQuery(const QString& query);
    // The newest threads of the index (a start without --query).
    void showNewest();
    // A Message-ID as a user gives it (<id>, id, lore URL): loads its thread and selects it.
    void openMessage(const QString& idOrUrl);
    // A --view layout for this session only: the remembered layout is left as it was.
    void setView(View view);
    // The symptom report of a crash title (or part of one) in the side tab beside the diff.
    void showSymptom(const QString& text);
    // The commit report of a sha, or of the commit a Message-ID was merged as.
    void showCommit(const QString& shaOrMsgid);
    // Asks for a crash title and shows its symptom report (Ctrl+Shift+S).
    void askSymptom();
    // Reads the shown thread again (F5, e.g. after `lkmine index` added mails); the selected
    // mail stays selected.
    void reloadThread();
    // "New index…": the dialog that creates or grows an index in the background (one at a
    // time); the window opens the index when it is ready (main_window_index.cpp).
    IndexDialog* showIndexDialog();

    // What a key of the keymap (key_map.hpp) does; `from` is the widget that had the focus.
    void runCommand(Command command, QObject* from = nullptr);

    // The shown mail's attachments (main_window_mail.cpp). saveAttachment writes number
    // `index` to `path`; saveAttachments (`s`) writes every one into saveDirectory() under
    // safe_attachment_name() (never a path from the mail; an existing file is not overwritten:
    // "name-1.ext" ...) and returns the paths written; openAttachment saves it to a temporary
    // folder and asks the desktop to open it.
    bool saveAttachment(int index, const QString& path, QString* error = nullptr);
    QStringList saveAttachments();
    void openAttachment(int index);
    QString saveDirectory() const { return saveDir_; }
    void setSaveDirectory(const QString& dir) { saveDir_ = dir; }
    // https://lore.kernel.org/all/<id>/
    static QUrl loreUrl(const QString& msgid);
    void copyMessageId();
    void copyLoreLink();
    void openOnLore();

    // Series actions on the shown mail's thread (main_window_series.cpp), each reported in
    // the status bar, in actionFinished() and lastActionResult().
    void saveThreadMbox(const QString& path);
    void saveSeriesMbox(const QString& path);
    void applySeries(const QString& repo);
    QString lastActionResult() const { return lastResult_; }
    void showKeys();

    // Above the mail: a notice (a link to a mail not in the index) with its "Open on lore".
    QWidget* noticeBar() const { return noticeBar_; }
    QLabel* noticeLabel() const { return noticeLabel_; }
    QPushButton* loreButton() const { return loreButton_; }
    QLineEdit* findBar() const { return findBar_; }

    // No store call is outstanding: what the window shows is final.
    bool isSettled() const;
    bool hasIndex() const;

    QueryBar* queryBar() const { return queryBar_; }
    QTreeView* resultsView() const { return resultsView_; }
    QTreeView* threadView() const { return threadView_; }
    MessageView* messageView() const { return messageView_; }
    DiffView* diffView() const { return diffView_; }
    QTabWidget* sideTabs() const { return sideTabs_; }
    ReportView* symptomView() const { return symptomView_; }
    ReportView* commitView() const { return commitView_; }
    // The Review tab: "were my comments addressed?" for a review (key a, File menu).
    ReportView* reviewView() const { return reviewView_; }
    // Above the message: what became of the shown patch ("merged as ..."), with buttons to open
    // that commit and, for a syzbot mail, the symptom of its crash.
    QLabel* patchStatus() const { return patchStatus_; }
    QPushButton* commitButton() const { return commitButton_; }
    QPushButton* symptomButton() const { return symptomButton_; }
    ResultsModel* resultsModel() const { return results_; }
    ThreadModel* threadModel() const { return thread_; }
    QLabel* emptyState() const { return emptyState_; }
    // In the status bar while some shard of the index did not answer: "2 of 3 shards
    // answered; HOST:PORT: why" (hidden when all did).
    QLabel* shardHealth() const { return shardHealth_; }
    QPushButton* createIndexButton() const { return createIndexButton_; }
    QAction* newIndexAction() const { return newIndexAction_; }
    IndexDialog* indexDialog() const; // the open one, or null
    StoreWorker* worker() const { return worker_; }

  signals:
    void settled();
    void mailShown(const QString& msgid);
    void commitRequested(const QString& sha);
    void externalUrlRequested(const QUrl& url);
    // `r`: reply to the shown mail (the reply window is not part of the main window).
    void replyRequested(const QString& msgid);
    void actionFinished(const QString& result);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void buildUi();
    void buildMenus();
    void buildMailColumnBars(QWidget* parent);
    void clampToScreen();
    void clearSidePanels(const MailReply* next);
    void showNotice(const QString& text, const QUrl& lore);
    void findInMail(bool backwards);
    void scrollPane(QObject* watched, int lines, bool toEnd);
    void stepHunk(int delta);
    void finishAction(const QString& result);
    void chooseAndSave(int which);
    void loadSettings();
    void saveSettings();
    void showEmptyState(const QString& dir, const QString& error);
    void loadThread(const QString& msgid, const QString& select);
    void fetchThread(const QString& msgid, const QString& select);
    void selectInThread(const QString& msgid);
    void onThreadCurrentChanged(const QModelIndex& current);
    void loadMail(const QString& msgid);
    void showMail(const MailReply& reply);
    void showDiffFor(const MailReply& reply);
    void followMessageId(const QString& msgid);
    void showMailBar(const MailReply& reply);
    void showPatchStatus(const PatchReply& reply);
    void openCommitReport(const QString& sha);
    // Follows each comment of the review `msgid` into the next revision (Review tab).
    void showReviewStatus(const QString& msgid);
    void followUrl(const QUrl& url);
    void stepMail(int delta);
    bool handleKey(QObject* watched, int key, Qt::KeyboardModifiers modifiers);
    void goBack();
    void onIndexReady(const QString& dir);

    StoreWorker* worker_;
    ResultsModel* results_;
    ThreadModel* thread_;
    QStackedWidget* stack_;
    QLabel* emptyState_;
    QPushButton* createIndexButton_;
    QAction* newIndexAction_;
    QPointer<IndexDialog> indexDialog_;
    QueryBar* queryBar_;
    QLabel* resultCount_;
    QLabel* shardHealth_;
    QTreeView* resultsView_;
    QTreeView* threadView_;
    MessageView* messageView_;
    DiffView* diffView_;
    QTabWidget* sideTabs_;
    ReportView* symptomView_;
    ReportView* commitView_;
    ReportView* reviewView_;
    QString reviewOwner_; // the mail whose review status the Review tab shows
    QWidget* mailBar_;
    QLabel* patchStatus_;
    QPushButton* commitButton_;
    QPushButton* symptomButton_;
    QString mergedSha_;  // what commitButton_ opens
    QString crashTitle_; // what symptomButton_ asks about
    QWidget* noticeBar_ = nullptr;
    QLabel* noticeLabel_ = nullptr;
    QPushButton* loreButton_ = nullptr;
    QUrl noticeUrl_;
    QLineEdit* findBar_ = nullptr;
    QAction* rawAction_ = nullptr;
    QAction* headersAction_ = nullptr;
    QAction* localTimesAction_ = nullptr;
    QString saveDir_;
    // The mail a side report was opened from (its button or a link in it): leaving that mail
    // clears or refreshes the report. Empty: asked for directly or browsed from another report.
    QString commitOwner_, symptomOwner_;
    QString lastResult_;
    QByteArray rememberedOuter_; // the layout to save when a --view changed it
    bool viewOverride_ = false;
    bool clampedShown_ = false;
    bool fixedSize_ = false;            // --size: the user chose the size
    bool freshResults_ = false;         // a new search: the first j/k selects the first result
    bool focusResultsOnFinish_ = false; // Enter ran the query: the results take the focus
    // Enter ran the query and the user has not gone back to the query bar since: an activation
    // that hands the keyboard back to it (a completion list closing) gives it to the results.
    bool keysToResults_ = false;
    QSplitter* outer_;
    QSplitter* left_;
    QStringList back_;    // message-ids to return to with Esc after following links
    QString shownId_;     // the mail in the message view (or being loaded)
    QString pendingOpen_; // --open given: do not auto-select the first result
    quint64 mailGeneration_ = 0;
    bool persistent_ = true;
    bool openFinished_ = false;
};

} // namespace lkmine::gui
