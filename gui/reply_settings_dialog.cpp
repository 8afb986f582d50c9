// ReplySettingsDialog: a form over ReplySettings; the caller saves it (save_reply_settings).
#include "gui/reply_settings_dialog.hpp"

#include "gui/summary_format.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace lkmine::gui {

ReplySettingsDialog::ReplySettingsDialog(const ReplySettings& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Reply settings"));
    name_ = new QLineEdit(qstr(current.identity.name), this);
    email_ = new QLineEdit(qstr(current.identity.email), this);
    sendWith_ = new QComboBox(this);
    sendWith_->addItem(tr("sendmail-compatible program"), QStringLiteral("sendmail"));
    sendWith_->addItem(tr("git send-email"), QStringLiteral("git-send-email"));
    sendWith_->setCurrentIndex(current.send_with == "git-send-email" ? 1 : 0);
    sendmail_ = new QLineEdit(qstr(current.sendmail), this);
    sendmail_->setPlaceholderText(qstr(default_sendmail_command()));
    gitSendEmail_ = new QLineEdit(qstr(current.git_send_email), this);
    gitSendEmail_->setPlaceholderText(QStringLiteral("git send-email"));
    auto* note = new QLabel(
        tr("Saved to %1 (read by lkmine reply too). $LKMINE_NAME and $LKMINE_EMAIL override "
           "the identity; git config user.name/user.email is used when both are empty.")
            .arg(qstr(reply_config_path())),
        this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Email:"), email_);
    form->addRow(tr("Send with:"), sendWith_);
    form->addRow(tr("sendmail command:"), sendmail_);
    form->addRow(tr("git send-email command:"), gitSendEmail_);
    form->addRow(note);
    form->addRow(buttons);
}

ReplySettings ReplySettingsDialog::settings() const {
    ReplySettings s;
    s.identity = {name_->text().trimmed().toStdString(), email_->text().trimmed().toStdString()};
    s.send_with = sendWith_->currentData().toString().toStdString();
    s.sendmail = sendmail_->text().trimmed().toStdString();
    s.git_send_email = gitSendEmail_->text().trimmed().toStdString();
    return s;
}

} // namespace lkmine::gui
