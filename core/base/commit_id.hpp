// A commit id in 20 bytes, for the lists of every commit of a history that the commit stage
// keeps (1.4M ids at kernel scale): 40 hex digits in a std::string take 80 bytes (the object
// and its heap block), four times as much.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lkmine {

struct CommitId {
    std::array<std::uint8_t, 20> bytes{};

    // 40 hex digits, either case; nullopt for anything else. Ids sort as their lowercase hex.
    static std::optional<CommitId> parse(std::string_view hex) {
        if (hex.size() != 40) return std::nullopt;
        CommitId id;
        for (std::size_t i = 0; i < 20; ++i) {
            int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return std::nullopt;
            id.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        }
        return id;
    }
    std::string hex() const {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out(40, '0');
        for (std::size_t i = 0; i < 20; ++i) {
            out[2 * i] = digits[bytes[i] >> 4];
            out[2 * i + 1] = digits[bytes[i] & 15];
        }
        return out;
    }
    friend auto operator<=>(const CommitId&, const CommitId&) = default;

  private:
    static int nibble(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
};

} // namespace lkmine
