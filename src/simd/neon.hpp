// Internal: the AArch64 NEON operations xsimd 8.1 lacks — the same set as x86.hpp, for 128-bit registers.
#pragma once

#include <arm_neon.h>

#include <cstdint>

namespace simdigits::detail::simd {

// 32x32->64-bit products of the low halves of each 64-bit lane.
inline uint64x2_t mul_low32(uint64x2_t a, uint64x2_t b) noexcept { return vmull_u32(vmovn_u64(a), vmovn_u64(b)); }

// The register unchanged, but no longer a known constant (see x86.hpp).
template <class R> inline R opaque(R r) noexcept {
  __asm__("" : "+w"(r));
  return r;
}

// High halves of 16-bit products.
inline uint16x8_t mul_high16(uint16x8_t a, uint16x8_t b) noexcept {
  const uint32x4_t low = vmull_u16(vget_low_u16(a), vget_low_u16(b));
  const uint32x4_t high = vmull_high_u16(a, b);
  return vuzp2q_u16(vreinterpretq_u16_u32(low), vreinterpretq_u16_u32(high));
}

// count + (v >= p) in unsigned 32-bit lanes (a true comparison is all ones).
inline uint32x4_t add_if_at_least(uint32x4_t count, uint32x4_t v, uint32x4_t p) noexcept {
  return vsubq_u32(count, vcgeq_u32(v, p));
}

// The low (or High) halves of a and b interleaved, Bits at a time: a0 b0 a1 b1 ... (see x86.hpp).
template <bool High, int Bits, class R> inline R unpack(R a, R b) noexcept {
  if constexpr (Bits == 16) return High ? vzip2q_u16(a, b) : vzip1q_u16(a, b);
  else if constexpr (Bits == 32) return High ? vzip2q_u32(a, b) : vzip1q_u32(a, b);
  else return High ? vzip2q_u64(a, b) : vzip1q_u64(a, b);
}

// Each 64-bit lane: the low 32 bits of `low`, the high 32 bits of `high`.
inline uint64x2_t blend_halves(uint64x2_t low, uint64x2_t high) noexcept {
  return vbslq_u64(vdupq_n_u64(0xffffffff00000000ULL), high, low);
}

// One 128-bit lane: already in order (see x86.hpp).
inline uint32x4_t quads_by_lane(uint32x4_t x) noexcept { return x; }

// Leading '0' characters of the 16 digits in x, at most 15. NEON has no movemask: narrowing the
// comparison by 4 bits a byte gives a 64-bit mask with one nibble per character.
inline unsigned leading_zero_digits(uint8x16_t x) noexcept {
  const uint8x16_t zeros = vceqq_u8(x, vdupq_n_u8('0'));
  const std::uint64_t nibbles = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(zeros), 4)), 0);
  return unsigned(__builtin_ctzll(~nibbles | (0xFULL << 60))) / 4;
}

inline uint8x16_t load16(const std::uint64_t* p) noexcept { return vld1q_u8(reinterpret_cast<const std::uint8_t*>(p)); }

inline void store16(char* out, uint8x16_t x) noexcept { vst1q_u8(reinterpret_cast<std::uint8_t*>(out), x); }

// Plain stores: what the range engine streams past the caches on x86 is stored normally here, and
// needs no fence of its own.
inline void store_nontemporal(char* out, uint8x16_t x) noexcept { store16(out, x); }
inline void store_fence() noexcept {}

} // namespace simdigits::detail::simd
