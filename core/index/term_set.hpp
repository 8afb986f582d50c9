// A set of strings for a writer's hot path (each term of each document): open addressing over
// hashes, the strings in one arena, so a lookup of a term already there is one probe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lkmine::store_detail {

class TermSet {
  public:
    // Adds `s`; true when it was not there.
    bool insert(std::string_view s);
    bool contains(std::string_view s) const;
    std::size_t size() const { return size_; }
    void clear();

  private:
    struct Slot {
        std::uint64_t hash = 0; // 0: empty
        std::uint32_t offset = 0, length = 0;
    };
    std::size_t find(std::string_view s, std::uint64_t hash) const; // its slot, or an empty one
    void grow();
    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t size_ = 0;
};

} // namespace lkmine::store_detail
