// ReplySettingsDialog: identity and senders for replies, saved to the file `lkmine reply` reads.
#pragma once

#include "ingest/reply_settings.hpp"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace lkmine::gui {

class ReplySettingsDialog : public QDialog {
    Q_OBJECT
  public:
    ReplySettingsDialog(const ReplySettings& current, QWidget* parent = nullptr);
    ReplySettings settings() const;

  private:
    QLineEdit* name_;
    QLineEdit* email_;
    QComboBox* sendWith_;
    QLineEdit* sendmail_;
    QLineEdit* gitSendEmail_;
};

} // namespace lkmine::gui
