// SHA-1 (FIPS 180-4) in plain C++: patch-ids and content hashes without a crypto library.
#include "core/base/sha1.hpp"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace lkmine {

namespace {
inline std::uint32_t rol(std::uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}

#if defined(__x86_64__) && defined(__GNUC__)
// The x86 SHA extensions hash a block in ~1/5 of the portable code's time; patch-ids hash
// every diff of every mail, so this is worth a CPU check.
bool have_sha_ni() {
    static const bool yes = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3)) return false;
        if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
        return (b & bit_SHA) != 0;
    }();
    return yes;
}

// After Intel's SHA-1 sample code (public domain rendition by Jeffrey Walton).
__attribute__((target("sha,sse4.1,ssse3"))) void
blocks_sha_ni(std::uint32_t state[5], const std::uint8_t* data, std::size_t n) {
    const __m128i mask = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
    __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
    abcd = _mm_shuffle_epi32(abcd, 0x1B);
    __m128i e1, msg0, msg1, msg2, msg3;
    for (; n; --n, data += 64) {
        const __m128i abcd_save = abcd, e_save = e0;
        msg0 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data)), mask);
        e0 = _mm_add_epi32(e0, msg0);
        e1 = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
        msg1 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16)), mask);
        e1 = _mm_sha1nexte_epu32(e1, msg1);
        e0 = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e1, 0);
        msg0 = _mm_sha1msg1_epu32(msg0, msg1);
        msg2 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 32)), mask);
        e0 = _mm_sha1nexte_epu32(e0, msg2);
        e1 = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
        msg1 = _mm_sha1msg1_epu32(msg1, msg2);
        msg0 = _mm_xor_si128(msg0, msg2);
        msg3 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 48)), mask);
        e1 = _mm_sha1nexte_epu32(e1, msg3);
        e0 = abcd;
        msg0 = _mm_sha1msg2_epu32(msg0, msg3);
        abcd = _mm_sha1rnds4_epu32(abcd, e1, 0);
        msg2 = _mm_sha1msg1_epu32(msg2, msg3);
        msg1 = _mm_xor_si128(msg1, msg3);
        // Rounds 16-67: the same four-round step, the message schedule rotating.
#define LKMINE_SHA1_4(ea, eb, m0, m1, m2, m3, f)                                                   \
    ea = _mm_sha1nexte_epu32(ea, m0);                                                              \
    eb = abcd;                                                                                     \
    m1 = _mm_sha1msg2_epu32(m1, m0);                                                               \
    abcd = _mm_sha1rnds4_epu32(abcd, ea, f);                                                       \
    m3 = _mm_sha1msg1_epu32(m3, m0);                                                               \
    m2 = _mm_xor_si128(m2, m0);
        LKMINE_SHA1_4(e0, e1, msg0, msg1, msg2, msg3, 0)
        LKMINE_SHA1_4(e1, e0, msg1, msg2, msg3, msg0, 1)
        LKMINE_SHA1_4(e0, e1, msg2, msg3, msg0, msg1, 1)
        LKMINE_SHA1_4(e1, e0, msg3, msg0, msg1, msg2, 1)
        LKMINE_SHA1_4(e0, e1, msg0, msg1, msg2, msg3, 1)
        LKMINE_SHA1_4(e1, e0, msg1, msg2, msg3, msg0, 1)
        LKMINE_SHA1_4(e0, e1, msg2, msg3, msg0, msg1, 2)
        LKMINE_SHA1_4(e1, e0, msg3, msg0, msg1, msg2, 2)
        LKMINE_SHA1_4(e0, e1, msg0, msg1, msg2, msg3, 2)
        LKMINE_SHA1_4(e1, e0, msg1, msg2, msg3, msg0, 2)
        LKMINE_SHA1_4(e0, e1, msg2, msg3, msg0, msg1, 2)
        LKMINE_SHA1_4(e1, e0, msg3, msg0, msg1, msg2, 3)
        LKMINE_SHA1_4(e0, e1, msg0, msg1, msg2, msg3, 3)
#undef LKMINE_SHA1_4
        // Rounds 68-79: the message schedule runs out.
        e1 = _mm_sha1nexte_epu32(e1, msg1);
        e0 = abcd;
        msg2 = _mm_sha1msg2_epu32(msg2, msg1);
        abcd = _mm_sha1rnds4_epu32(abcd, e1, 3);
        msg3 = _mm_xor_si128(msg3, msg1);
        e0 = _mm_sha1nexte_epu32(e0, msg2);
        e1 = abcd;
        msg3 = _mm_sha1msg2_epu32(msg3, msg2);
        abcd = _mm_sha1rnds4_epu32(abcd, e0, 3);
        e1 = _mm_sha1nexte_epu32(e1, msg3);
        e0 = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e1, 3);
        e0 = _mm_sha1nexte_epu32(e0, e_save);
        abcd = _mm_add_epi32(abcd, abcd_save);
    }
    abcd = _mm_shuffle_epi32(abcd, 0x1B);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), abcd);
    state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e0, 3));
}
#else
bool have_sha_ni() {
    return false;
}
void blocks_sha_ni(std::uint32_t*, const std::uint8_t*, std::size_t) {}
#endif
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

void Sha1::blocks(const std::uint8_t* p, std::size_t n) {
    if (have_sha_ni()) {
        blocks_sha_ni(h_.data(), p, n);
        return;
    }
    for (; n; --n, p += 64)
        block(p);
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
        blocks(buf_.data(), 1);
        buf_len_ = 0;
    }
    if (len >= 64) {
        blocks(p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
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
