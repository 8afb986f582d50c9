// A mail's indexed text: its body and its attached text parts (mail_text.hpp).
#include "core/index/mail_text.hpp"

#include "core/mail/attachments.hpp"

namespace lkmine::store_detail {

const Message& indexed_text(const Message& msg, std::string_view raw, Message& copy) {
    if (msg.attachments.empty()) return msg;
    std::string attached = searched_attachment_text(raw);
    if (attached.empty()) return msg;
    copy = msg;
    if (!copy.body_text.empty() && copy.body_text.back() != '\n') copy.body_text += '\n';
    copy.body_text += '\n';
    copy.body_text += attached;
    return copy;
}

} // namespace lkmine::store_detail
