// Mails reusing one Message-ID with different content ("copies", index/detail/xapian.hpp): each
// is a searchable mail of its own; the first indexed is the one its thread uses.
#pragma once

#include "core/index/store.hpp"

#include <cstddef>
#include <string>

namespace lkmine {

// How many different mails use `msgid` (1 for an ordinary mail, a ghost or an unknown id).
std::size_t mail_copies(StoreReader& reader, const std::string& msgid);
// Mail `copy` (1-based, in indexing order; 1 is what StoreReader::get gives) of `msgid`;
// fails naming how many there are when there is no such copy.
Result<StoredMail> get_copy(StoreReader& reader, const std::string& msgid, std::size_t copy);

} // namespace lkmine
