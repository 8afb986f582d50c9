// TermSet: linear probing over a power-of-two table kept at most half full.
#include "core/index/term_set.hpp"

#include <functional>
#include <stdexcept>

namespace lkmine::store_detail {
namespace {

std::uint64_t hash_of(std::string_view s) {
    std::uint64_t h = std::hash<std::string_view>{}(s);
    return h ? h : 1; // 0 marks an empty slot
}

} // namespace

std::size_t TermSet::find(std::string_view s, std::uint64_t hash) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.hash == 0) return i;
        if (slot.hash == hash && std::string_view(arena_).substr(slot.offset, slot.length) == s)
            return i;
    }
}

bool TermSet::contains(std::string_view s) const {
    return !slots_.empty() && slots_[find(s, hash_of(s))].hash != 0;
}

bool TermSet::insert(std::string_view s) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::uint64_t hash = hash_of(s);
    Slot& slot = slots_[find(s, hash)];
    if (slot.hash != 0) return false;
    if (arena_.size() + s.size() > UINT32_MAX) throw std::length_error("TermSet: arena full");
    slot = {hash, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(s.size())};
    arena_.append(s);
    ++size_;
    return true;
}

void TermSet::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
    std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.hash == 0) continue;
        std::size_t i = slot.hash & mask;
        while (slots_[i].hash != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

void TermSet::clear() {
    slots_.clear();
    arena_.clear();
    size_ = 0;
}

} // namespace lkmine::store_detail
