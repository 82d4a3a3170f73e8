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

// The register unchanged, but no longer a known constant: GCC turns a vector multiply by a constant
// such as 100 into six shifts and adds, where one pmullw is cheaper.
template <class R> inline R opaque(R r) noexcept {
  __asm__("" : "+v"(r));
  return r;
}

// High halves of 16-bit products (pmulhuw).
inline __m128i mul_high16(__m128i a, __m128i b) noexcept { return _mm_mulhi_epu16(a, b); }
#if defined(__AVX2__)
inline __m256i mul_high16(__m256i a, __m256i b) noexcept { return _mm256_mulhi_epu16(a, b); }
#endif
#if defined(__AVX512BW__)
inline __m512i mul_high16(__m512i a, __m512i b) noexcept { return _mm512_mulhi_epu16(a, b); }
#endif

#if defined(__AVX512BW__)
// In each lane of 2*Bits bits, low | high << Bits, where both are below 2^Bits (see pair_up in
// kernel.hpp), as a masked in-lane shuffle: a shift would take the port the multiplies need.
template <int Bits> inline __m512i pair_up_halves(__m512i low, __m512i high) noexcept {
  if constexpr (Bits == 32) {
    return _mm512_mask_shuffle_epi32(low, __mmask16(0xaaaa), high, _MM_PERM_CCAA);
  } else {
    // Each byte of a lane's high half takes the byte Bits/8 below it.
    static constexpr auto up = [] {
      struct alignas(64) bytes { char at[64]; } t{};
      for (int i = 0; i < 64; ++i) t.at[i] = char(i % (Bits / 4) >= Bits / 8 ? i % 16 - Bits / 8 : i % 16);
      return t;
    }();
    constexpr std::uint64_t high_halves = Bits == 16 ? 0xccccccccccccccccULL : 0xaaaaaaaaaaaaaaaaULL;
    return _mm512_mask_shuffle_epi8(low, high_halves, high, _mm512_load_si512(up.at));
  }
}
#endif

#if defined(__AVX512DQ__)
// x / 10^8 for any unsigned 64-bit lane, rounded to the nearest integer: the quotient or one above
// (divmod_1e8 in kernel.hpp corrects it). Through doubles, each step rounded to the nearest by the
// instruction, not by the caller's rounding mode (under fesetround(FE_TOWARDZERO) the estimate could
// otherwise be one below): the quotient is below 2^38, the error of each step below 2^-13. Only for
// AVX-512, which converts 64-bit integers to and from doubles itself: built from AVX2's operations
// (the halves placed at 2^84 and 2^52, vroundpd, 2^52 added) it took longer than the scalar split.
inline __m512i quotient_1e8_estimate(__m512i x) noexcept {
  constexpr int nearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  return _mm512_cvt_roundpd_epu64(
      _mm512_mul_round_pd(_mm512_cvt_roundepu64_pd(x, nearest), _mm512_set1_pd(1e-8), nearest), nearest);
}
#endif

// count + (v >= p) in unsigned 32-bit lanes (SSE/AVX2 have no unsigned compare: max(v, p) == v).
inline __m128i add_if_at_least(__m128i count, __m128i v, __m128i p) noexcept {
  return _mm_sub_epi32(count, _mm_cmpeq_epi32(_mm_max_epu32(v, p), v));
}
#if defined(__AVX2__)
inline __m256i add_if_at_least(__m256i count, __m256i v, __m256i p) noexcept {
  return _mm256_sub_epi32(count, _mm256_cmpeq_epi32(_mm256_max_epu32(v, p), v));
}
#endif
#if defined(__AVX512F__)
inline __m512i add_if_at_least(__m512i count, __m512i v, __m512i p) noexcept {
  return _mm512_mask_add_epi32(count, _mm512_cmpge_epu32_mask(v, p), count, _mm512_set1_epi32(1));
}
#endif

#if defined(__AVX512F__) && defined(__AVX512CD__)
// The decimal digits of each unsigned 64-bit lane (0 has one), as {fmt}'s count_digits finds them: from
// the bit length b, t = floor(b * log10(2)) (b * 1233 >> 12), then one more where the value reaches
// 10^t. The powers come from two permutes: 10^0..10^15, and 10^16..10^19 where t >= 16.
inline __m512i digit_counts64(__m512i v) noexcept {
  alignas(64) static constexpr std::uint64_t powers[24] = {
      1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL, 1000000000ULL,
      10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
      1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
      10000000000000000000ULL};
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i x = _mm512_or_si512(v, one);  // 0 counts as 1; no power of ten above 1 is odd
  const __m512i bits = _mm512_sub_epi64(_mm512_set1_epi64(64), _mm512_lzcnt_epi64(x));
  const __m512i t = _mm512_srli_epi64(_mm512_mul_epu32(bits, _mm512_set1_epi64(1233)), 12);
  __m512i power = _mm512_permutex2var_epi64(_mm512_load_si512(powers), t, _mm512_load_si512(powers + 8));
  power = _mm512_mask_permutexvar_epi64(power, _mm512_cmpge_epu64_mask(t, _mm512_set1_epi64(16)), t,
                                        _mm512_load_si512(powers + 16));
  return _mm512_mask_add_epi64(t, _mm512_cmpge_epu64_mask(x, power), t, one);
}
#endif

// Within each 128-bit lane, the low (or High) halves of a and b interleaved, Bits at a time: a0 b0 a1 b1
// ... (punpckl*/punpckh*; for 256 and 512 bits, each 128-bit lane on its own). Not xsimd's zip_lo and
// zip_hi: those work within 128-bit lanes in xsimd 8.1, across them (a shuffle more) in later releases.
template <bool High, int Bits> inline __m128i unpack(__m128i a, __m128i b) noexcept {
  if constexpr (Bits == 16) return High ? _mm_unpackhi_epi16(a, b) : _mm_unpacklo_epi16(a, b);
  else if constexpr (Bits == 32) return High ? _mm_unpackhi_epi32(a, b) : _mm_unpacklo_epi32(a, b);
  else return High ? _mm_unpackhi_epi64(a, b) : _mm_unpacklo_epi64(a, b);
}
#if defined(__AVX2__)
template <bool High, int Bits> inline __m256i unpack(__m256i a, __m256i b) noexcept {
  if constexpr (Bits == 16) return High ? _mm256_unpackhi_epi16(a, b) : _mm256_unpacklo_epi16(a, b);
  else if constexpr (Bits == 32) return High ? _mm256_unpackhi_epi32(a, b) : _mm256_unpacklo_epi32(a, b);
  else return High ? _mm256_unpackhi_epi64(a, b) : _mm256_unpacklo_epi64(a, b);
}
#endif
#if defined(__AVX512BW__)
template <bool High, int Bits> inline __m512i unpack(__m512i a, __m512i b) noexcept {
  if constexpr (Bits == 16) return High ? _mm512_unpackhi_epi16(a, b) : _mm512_unpacklo_epi16(a, b);
  else if constexpr (Bits == 32) return High ? _mm512_unpackhi_epi32(a, b) : _mm512_unpacklo_epi32(a, b);
  else return High ? _mm512_unpackhi_epi64(a, b) : _mm512_unpacklo_epi64(a, b);
}
#endif

// Each 64-bit lane: the low 32 bits of `low`, the high 32 bits of `high` (a blend: no multiply port).
inline __m128i blend_halves(__m128i low, __m128i high) noexcept { return _mm_blend_epi16(low, high, 0xcc); }
#if defined(__AVX2__)
inline __m256i blend_halves(__m256i low, __m256i high) noexcept { return _mm256_blend_epi32(low, high, 0xaa); }
#endif
#if defined(__AVX512F__)
inline __m512i blend_halves(__m512i low, __m512i high) noexcept {
  return _mm512_mask_blend_epi32(__mmask16(0xaaaa), low, high);
}
#endif

// The 32-bit lanes reordered so that lane 4j + r of the result is lane r * (lanes / 4) + j of x: where
// unpack works within 128-bit lanes, this makes its results come out in lane order (see
// put_digits16 in kernel.hpp). Nothing to do for one 128-bit lane.
inline __m128i quads_by_lane(__m128i x) noexcept { return x; }
#if defined(__AVX2__)
inline __m256i quads_by_lane(__m256i x) noexcept {
  return _mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
}
#endif
#if defined(__AVX512F__)
inline __m512i quads_by_lane(__m512i x) noexcept {
  return _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), x);
}
#endif

#if defined(__AVX512F__)
// The 64-bit lanes of a and b interleaved, as two registers: a0 b0 .. a3 b3 and a4 b4 .. a7 b7.
struct interleaved512 {
  __m512i first, second;
};
inline interleaved512 interleave(__m512i a, __m512i b) noexcept {
  return {_mm512_permutex2var_epi64(a, _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), b),
          _mm512_permutex2var_epi64(a, _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4), b)};
}
#endif

// For each 16 characters of x (a value's 16 digits), 16 bits: bit i set where character i is not '0',
// and the last always (0 prints one digit): its count of trailing zeros is the value's leading '0's.
// Adding 0x4f sets the top bit of every digit but '0' ('0' + 0x4f = 0x7f), adding 0x80 that of the last.
alignas(64) inline constexpr unsigned char digit_flags[64] = {
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x80,
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x80,
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x80,
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x80};
inline std::uint16_t digit_marks(__m128i x) noexcept {
  const __m128i flags = _mm_load_si128(reinterpret_cast<const __m128i*>(digit_flags));
  return std::uint16_t(_mm_movemask_epi8(_mm_add_epi8(x, flags)));
}
#if defined(__AVX2__)
inline std::uint32_t digit_marks(__m256i x) noexcept {
  const __m256i flags = _mm256_load_si256(reinterpret_cast<const __m256i*>(digit_flags));
  return std::uint32_t(_mm256_movemask_epi8(_mm256_add_epi8(x, flags)));
}
#endif
#if defined(__AVX512BW__)
inline std::uint64_t digit_marks(__m512i x) noexcept {
  return _mm512_movepi8_mask(_mm512_add_epi8(x, _mm512_load_si512(digit_flags)));
}
#endif

// Stores that bypass the caches (movntdq), and the fence that orders them before later stores.
inline void store_nontemporal(char* out, __m128i x) noexcept { _mm_stream_si128(reinterpret_cast<__m128i*>(out), x); }
#if defined(__AVX2__)
inline void store_nontemporal(char* out, __m256i x) noexcept { _mm256_stream_si256(reinterpret_cast<__m256i*>(out), x); }
#endif
#if defined(__AVX512F__)
inline void store_nontemporal(char* out, __m512i x) noexcept { _mm512_stream_si512(reinterpret_cast<__m512i*>(out), x); }
#endif
inline void store_fence() noexcept { _mm_sfence(); }

inline __m128i load16(const std::uint64_t* p) noexcept { return _mm_load_si128(reinterpret_cast<const __m128i*>(p)); }
inline void store16(char* out, __m128i x) noexcept { _mm_storeu_si128(reinterpret_cast<__m128i*>(out), x); }

} // namespace simdigits::detail::simd
