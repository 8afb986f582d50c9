// The newest-first sort key (date, thread id, summary fields) and a result line read back from it.
#include "core/index/detail/xapian.hpp"

namespace lkmine::store_detail {

// Xapian's MultiValueKeyMaker writes a reversed value as each byte b as 255 - b (a zero byte
// as "\xff\0") ended by "\xff\xff", a forward value before the last with each zero byte as
// "\0\xff" ended by "\0\0", and the last forward value as it is (nothing when it is empty).
void sort_newest_first(Xapian::Enquire& enq, bool summaries) {
    if (!summaries) {
        enq.set_sort_by_value(slot::date, true);
        return;
    }
    auto* key = new Xapian::MultiValueKeyMaker;
    key->add_value(slot::date, true);
    key->add_value(slot::thread);
    key->add_value(slot::summary);
    enq.set_sort_by_key(key->release(), false);
}

bool summary_from_key(std::string_view key, MailSummary& out) {
    std::size_t i = 0;
    for (;; i += 2) { // the date, reversed: only its end matters
        i = key.find('\xff', i);
        if (i == std::string_view::npos || i + 1 >= key.size()) return false;
        if (key[i + 1] == '\xff') break;
    }
    i += 2;
    std::string thread;
    for (;;) {
        auto zero = key.find('\0', i);
        if (zero == std::string_view::npos || zero + 1 >= key.size()) return false;
        thread.append(key.substr(i, zero - i));
        i = zero + 2;
        if (key[zero + 1] == '\0') break;
        thread += '\0';
    }
    DocRecord rec;
    if (i >= key.size() || !decode_record(key.substr(i), rec, false)) return false;
    out = std::move(rec.summary);
    out.thread_id = std::move(thread);
    return true;
}

} // namespace lkmine::store_detail
