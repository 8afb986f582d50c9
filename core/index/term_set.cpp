// TermSet: linear probing over a power-of-two table kept at most half full.
#include "core/index/term_set.hpp"

#include <cstring>
#include <stdexcept>

namespace lkmine::store_detail {
namespace {

// Eight bytes at a time through a multiply-xorshift (terms are short: one to three rounds),
// cheaper than std::hash's byte loop for this, which is every term of every mail.
std::uint64_t hash_of(std::string_view s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
    }
    if (i < s.size()) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    }
    h ^= h >> 32;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 29;
    return h ? h : 1; // 0 marks an empty slot
}

} // namespace

std::size_t TermSet::find(std::string_view s, std::uint64_t hash) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.hash == 0) return i;
        if (slot.hash == hash && slot.length == s.size() &&
            (s.empty() || std::memcmp(arena_.data() + slot.offset, s.data(), s.size()) == 0))
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
