// A byte test on a raw mail that rules out a phrase without parsing it: the phrase check's
// first step (phrase_check.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lkmine::store_detail {

// False only when the mail's indexed text cannot hold `words` in a row: the raw bytes have
// no place where the words (as the index tokenizer cuts them: ASCII lowercased) follow each
// other with only non-word bytes between. True, to be parsed and checked, when they do or
// when the raw bytes are not the text (a base64 or quoted-printable part, HTML, a charset
// whose ASCII bytes are not text, a flattened mail).
bool raw_may_hold_run(std::string_view raw, const std::vector<std::string>& words);

} // namespace lkmine::store_detail
