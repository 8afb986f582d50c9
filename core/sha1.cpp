// SHA-1 (FIPS 180-4) in plain C++: patch-ids and content hashes without a crypto library.
#include "core/sha1.hpp"

#include <algorithm>
#include <cstring>

namespace lkmine {

namespace {
inline std::uint32_t rol(std::uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}
} // namespace

void Sha1::reset() {
    h_ = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    buf_len_ = 0;
    total_ = 0;
}

void Sha1::block(const std::uint8_t* p) {
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i)
        w[i] = (std::uint32_t(p[4 * i]) << 24) | (std::uint32_t(p[4 * i + 1]) << 16) |
               (std::uint32_t(p[4 * i + 2]) << 8) | std::uint32_t(p[4 * i + 3]);
    for (int i = 16; i < 80; ++i)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    auto step = [&](std::uint32_t f, std::uint32_t k, std::uint32_t wi) {
        std::uint32_t t = rol(a, 5) + f + e + k + wi;
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    };
    for (int i = 0; i < 20; ++i)
        step((b & c) | (~b & d), 0x5A827999u, w[i]);
    for (int i = 20; i < 40; ++i)
        step(b ^ c ^ d, 0x6ED9EBA1u, w[i]);
    for (int i = 40; i < 60; ++i)
        step((b & c) | (b & d) | (c & d), 0x8F1BBCDCu, w[i]);
    for (int i = 60; i < 80; ++i)
        step(b ^ c ^ d, 0xCA62C1D6u, w[i]);
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
}

void Sha1::update(const void* data, std::size_t len) {
    auto p = static_cast<const std::uint8_t*>(data);
    total_ += len;
    if (buf_len_) {
        std::size_t take = std::min(len, 64 - buf_len_);
        std::memcpy(buf_.data() + buf_len_, p, take);
        buf_len_ += take;
        p += take;
        len -= take;
        if (buf_len_ < 64) return;
        block(buf_.data());
        buf_len_ = 0;
    }
    for (; len >= 64; p += 64, len -= 64)
        block(p);
    if (len) std::memcpy(buf_.data(), p, len);
    buf_len_ = len;
}

void Sha1::update(std::string_view data) {
    update(data.data(), data.size());
}

std::array<std::uint8_t, 20> Sha1::digest() {
    std::uint64_t bits = total_ * 8;
    std::uint8_t pad[72] = {0x80};
    std::size_t pad_len = (buf_len_ < 56 ? 56 : 120) - buf_len_;
    for (int i = 0; i < 8; ++i)
        pad[pad_len + i] = std::uint8_t(bits >> (56 - 8 * i));
    update(pad, pad_len + 8);
    std::array<std::uint8_t, 20> out{};
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j)
            out[4 * i + j] = std::uint8_t(h_[i] >> (24 - 8 * j));
    reset();
    return out;
}

std::string to_hex(const std::array<std::uint8_t, 20>& digest) {
    static const char digits[] = "0123456789abcdef";
    std::string s(40, '0');
    for (int i = 0; i < 20; ++i) {
        s[2 * i] = digits[digest[i] >> 4];
        s[2 * i + 1] = digits[digest[i] & 15];
    }
    return s;
}

std::string sha1_hex(std::string_view data) {
    Sha1 h;
    h.update(data);
    return to_hex(h.digest());
}

} // namespace lkmine
