// ReportView: the symptom and commit answers as plain text with colours and clickable ids.
#pragma once

#include "core/commit_index.hpp"
#include "core/symptom.hpp"

#include <QStringList>
#include <QTextBrowser>
#include <QTextCharFormat>

class QTextCursor;

namespace lkmine::gui {

// Like MessageView, text from mail and commits is only ever inserted as text: no HTML.
class ReportView : public QTextBrowser {
    Q_OBJECT
  public:
    explicit ReportView(QWidget* parent = nullptr);

    void showSymptom(const SymptomReport& report);
    void showCommit(const CommitReport& report);
    void showPlaceholder(const QString& text);

    // "symptom", "commit" or "" (placeholder): what the view shows now.
    QString kind() const { return kind_; }
    // The query of a symptom report, the full sha of a commit report.
    QString subject() const { return subject_; }
    QStringList hrefs() const;
    void activateHref(const QString& href);

  signals:
    void messageIdActivated(const QString& msgid);
    void commitActivated(const QString& sha);

  private:
    // Helpers the two renderers share (report_view.cpp).
    void begin(const QString& kind, const QString& subject);
    void heading(QTextCursor& c, const QString& text);
    void text(QTextCursor& c, const QString& text, const QTextCharFormat& f = {});
    void link(QTextCursor& c, const QString& label, const QString& href);
    void mailLink(QTextCursor& c, const std::string& msgid);
    void shaLink(QTextCursor& c, const std::string& sha, int length = 12);
    void newline(QTextCursor& c) { text(c, QStringLiteral("\n")); }
    void diffText(QTextCursor& c, const QString& diff);
    void symptomBisection(QTextCursor& c, const SymptomBisection& b);
    void symptomThread(QTextCursor& c, const SymptomThread& t);
    void linkedMail(QTextCursor& c, const LinkedMail& m);

    QString kind_, subject_;
};

QTextCharFormat goodFormat();
QTextCharFormat badFormat();
QTextCharFormat dimFormat();

} // namespace lkmine::gui
