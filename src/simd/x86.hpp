// Internal: the x86 operations xsimd 8.1 lacks, one overload per register width; only those the
// translation unit's flags enable are declared.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace simdigits::detail::simd {

// 32x32->64-bit products of the low halves of each 64-bit lane (pmuludq).
inline __m128i mul_low32(__m128i a, __m128i b) noexcept { return _mm_mul_epu32(a, b); }
#if defined(__AVX2__)
inline __m256i mul_low32(__m256i a, __m256i b) noexcept { return _mm256_mul_epu32(a, b); }
#endif
#if defined(__AVX512F__)
inline __m512i mul_low32(__m512i a, __m512i b) noexcept { return _mm512_mul_epu32(a, b); }
#endif

// The 16 bytes of x moved down by `lead` bytes (byte shuffle from a sliding index window).
inline __m128i drop_leading(__m128i x, unsigned lead) noexcept {
  alignas(32) static constexpr unsigned char window[32] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                                           11, 12, 13, 14, 15, 15, 15, 15, 15, 15, 15,
                                                           15, 15, 15, 15, 15, 15, 15, 15, 15, 15};
  return _mm_shuffle_epi8(x, _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + lead)));
}

// Leading '0' characters of the 16 digits in x, at most 15 (0 itself prints one digit).
inline unsigned leading_zero_digits(__m128i x) noexcept {
  const unsigned zeros = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('0'))));
  return unsigned(__builtin_ctz(~zeros | 0x8000u));
}

inline __m128i pair_of_words(std::uint64_t first, std::uint64_t second) noexcept {
  return _mm_set_epi64x(static_cast<long long>(second), static_cast<long long>(first));
}

inline void store16(char* out, __m128i x) noexcept { _mm_storeu_si128(reinterpret_cast<__m128i*>(out), x); }

} // namespace simdigits::detail::simd
