// `lkmine symptom`: from a crash title (a part of one, or its words) to its bugs, bisections,
// culprit and fix patch threads and the people's discussions. Needs the syzbot stage first.
#pragma once

#include "core/base/result.hpp"
#include "core/index/store.hpp"
#include "core/syzbot/symptom.hpp"

#include <string_view>

namespace lkmine {

Result<SymptomReport> symptom_report(StoreReader& reader, std::string_view text);

} // namespace lkmine
