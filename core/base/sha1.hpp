// SHA-1 for patch-ids and content hashes: small, no dependencies.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lkmine {

class Sha1 {
  public:
    Sha1() { reset(); }
    void reset();
    void update(std::string_view data);
    void update(const void* data, std::size_t len);
    // Finishes the hash and resets the object, so it can be reused.
    std::array<std::uint8_t, 20> digest();

  private:
    void block(const std::uint8_t* p);
    void blocks(const std::uint8_t* p, std::size_t n); // n whole blocks, SHA-NI when present
    std::array<std::uint32_t, 5> h_{};
    std::array<std::uint8_t, 64> buf_{};
    std::size_t buf_len_ = 0;
    std::uint64_t total_ = 0;
};

std::string to_hex(const std::array<std::uint8_t, 20>& digest);
std::string sha1_hex(std::string_view data);

} // namespace lkmine
