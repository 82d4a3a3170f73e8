// The avx512vbmi2 kernels: values of up to 32 bits joined by separators of up to 5 bytes are packed
// with vpcompressb, four units per 64-byte store, instead of one 16-byte store per value. The rest of
// the table is avx512's, but for 64-bit values, where avx2's kernels measured faster (bench/results).
//
// Compiled with exactly avx512.cpp's flags, so that the templates both files instantiate (ascii8, the
// avx512 table) are the same code whichever copy the linker keeps; only the functions below that need
// VBMI2 and VL carry them, as a target attribute.
#include "kernel.hpp"

namespace simdigits::detail::simd {

namespace {

using arch = xsimd::avx512bw;

// One value's 16-byte slot: bytes 0-4 its separator (right-aligned, '0' before it), byte 5 its sign
// ('-' or '0'), bytes 6-15 its ten digits with leading '0's. A unit is the bytes of the separator, the
// sign when it is '-', and the digits from the first significant one.
constexpr std::size_t max_separator = 5;
constexpr std::uint64_t each_slot = 0x0001000100010001ULL;  // one bit per slot of a 64-bit byte mask

#define SIMDIGITS_VBMI2 [[gnu::target("avx512vl,avx512vbmi2")]]

// The units of the four slots in x, packed and stored at p; returns their end. Stores 64 bytes.
SIMDIGITS_VBMI2 inline char* put_slots(char* p, __m512i x, std::uint64_t separator_mask) noexcept {
  const std::uint64_t not_zero = _mm512_cmpneq_epi8_mask(x, _mm512_set1_epi8('0'));
  // Digits from the first significant one: d | -d in each slot (the last digit is always kept, so each
  // slot has a set bit and the +1 carries never cross into the next slot).
  const std::uint64_t digits = (not_zero & 0xffc0 * each_slot) | 0x8000 * each_slot;
  const std::uint64_t sign = not_zero & 0x0020 * each_slot;  // '-' where it is not '0'
  const std::uint64_t kept = digits | (~digits + each_slot) | sign | separator_mask;
  _mm512_storeu_si512(p, _mm512_maskz_compress_epi8(kept, x));
  return p + __builtin_popcountll(kept);
}

template <class E, class Sep>
SIMDIGITS_VBMI2 std::size_t compress_groups(array_source<E>& src, std::size_t count, Sep sep, char*& p_ref,
                                            char* end) noexcept {
  if (sep.size() > max_separator)
    return groups<array_source<E>, Sep>(table_of<isa::avx512>())(src, count, sep, p_ref, end);
  constexpr std::size_t group = 16;
  const std::size_t group_room = group * 16 + 64;  // 16 bytes a unit at most; the last store's 64

  // The separator in bytes 0-4 ('0' before it), XORed into each slot's first word, whose first six
  // bytes are always '0' (a value below 2^32 has at most two digits above its low eight).
  char first[8] = {'0', '0', '0', '0', '0', '0', '0', '0'};
  sep.put(first + max_separator - sep.size());
  std::uint64_t separator_word;
  std::memcpy(&separator_word, first, 8);
  const u64s<arch> separator_xor(separator_word ^ 0x3030303030303030ULL);
  const std::uint64_t separator_bits = ((1u << sep.size()) - 1) << (max_separator - sep.size());
  const std::uint64_t separator_mask = separator_bits * each_slot;
  const u64s<arch> minus(std::uint64_t('0' ^ '-') << 40);  // byte 5: '0' to '-'

  char* p = p_ref;
  std::size_t done = 0;
  for (; count - done >= group && std::size_t(end - p) >= group_room; done += group) {
    src.prefetch();
    prefetch_ahead<1>(p, group * 16);
    __m512i v;  // 16 values in 32-bit lanes
    if constexpr (sizeof(E) == 4) v = _mm512_loadu_si512(src.p);
    else if constexpr (sizeof(E) == 2) {
      const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src.p));
      v = std::is_signed_v<E> ? _mm512_cvtepi16_epi32(x) : _mm512_cvtepu16_epi32(x);
    } else {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src.p));
      v = std::is_signed_v<E> ? _mm512_cvtepi8_epi32(x) : _mm512_cvtepu8_epi32(x);
    }
    src.p += group;
    __mmask16 negative = 0;
    if constexpr (std::is_signed_v<E>) {
      negative = _mm512_movepi32_mask(v);
      v = _mm512_abs_epi32(v);  // INT32_MIN stays 0x80000000: its magnitude, unsigned
    }
    for (unsigned half = 0; half < 2; ++half) {
      const __m256i values = half ? _mm512_extracti64x4_epi64(v, 1) : _mm512_castsi512_si256(v);
      const auto [h, l] = split_eight_digits<arch>(u64s<arch>(_mm512_cvtepu32_epi64(values)));
      __m512i high = ascii8_of_two_digits<arch>(h) ^ separator_xor;
      if constexpr (std::is_signed_v<E>)
        high = _mm512_mask_xor_epi64(high, __mmask8(negative >> (8 * half)), high, minus);
      const interleaved512 slots = interleave(high, ascii8<arch>(l));  // slot k: lane k of high, of low
      p = put_slots(p, slots.first, separator_mask);
      p = put_slots(p, slots.second, separator_mask);
    }
  }
  p_ref = p;
  return done;
}

template <class E> constexpr groups_by_sep<array_source<E>> compress_for() noexcept {
  return {&compress_groups<E, no_separator>, &compress_groups<E, byte_separator>,
          &compress_groups<E, bytes_separator>};
}

template <class... E> void use_compress(table& t) noexcept {
  ((std::get<groups_by_sep<array_source<E>>>(t.groups) = compress_for<E>()), ...);
}

template <class... Sources> void use_avx2(table& t) noexcept {
  ((std::get<groups_by_sep<Sources>>(t.groups) = std::get<groups_by_sep<Sources>>(table_of<isa::avx2>().groups)),
   ...);
}

const table& vbmi2_table() noexcept {
  static const table t = [] {
    table u = table_of<isa::avx512>();
    use_compress<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t>(u);
    use_avx2<array_source<std::int64_t>, array_source<std::uint64_t>, range_source>(u);
    return u;
  }();
  return t;
}

} // namespace

template <> const table& table_of<isa::avx512vbmi2>() noexcept { return vbmi2_table(); }

} // namespace simdigits::detail::simd
