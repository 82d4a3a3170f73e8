// The avx512bw kernels (compiled with -mavx512f -mavx512bw -mavx512dq -mavx512cd): the generic table,
// and the float kernels (glue.hpp's float_parts_fn and float_digits_fn), eight values at a time.
#include <algorithm>

#include "generic.hpp"
#include "simdigits/detail/pow10_128.hpp"

namespace simdigits::detail::simd {

namespace {

__m512i splat(std::uint64_t v) noexcept { return _mm512_set1_epi64(std::int64_t(v)); }

// Each lane's 64 x 64 -> 128-bit product from four 32 x 32 -> 64-bit multiplies: AVX-512 has no wider
// one (IFMA's are 52 bits).
struct product128 {
  __m512i high, low;
};
product128 multiply(__m512i a, __m512i b) noexcept {
  const __m512i low32 = splat(0xffffffff);
  const __m512i a1 = _mm512_srli_epi64(a, 32), b1 = _mm512_srli_epi64(b, 32);
  const __m512i p00 = _mm512_mul_epu32(a, b), p01 = _mm512_mul_epu32(a, b1);
  const __m512i p10 = _mm512_mul_epu32(a1, b), p11 = _mm512_mul_epu32(a1, b1);
  const __m512i mid = _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(p00, 32), _mm512_and_si512(p01, low32)),
                                       _mm512_and_si512(p10, low32));
  const __m512i high = _mm512_add_epi64(_mm512_add_epi64(p11, _mm512_srli_epi64(p01, 32)),
                                        _mm512_add_epi64(_mm512_srli_epi64(p10, 32), _mm512_srli_epi64(mid, 32)));
  return {high, _mm512_mask_blend_epi32(__mmask16(0x5555), _mm512_slli_epi64(mid, 32), p00)};
}

// A 192-bit number in three lanes' words, top to low.
struct number192 {
  __m512i top, mid, low;
};
number192 add(const number192& a, const number192& b) noexcept {
  const __m512i one = splat(1);
  const __m512i low = _mm512_add_epi64(a.low, b.low);
  const __m512i m1 = _mm512_add_epi64(a.mid, b.mid);
  const __m512i mid = _mm512_mask_add_epi64(m1, _mm512_cmplt_epu64_mask(low, a.low), m1, one);
  __m512i top = _mm512_add_epi64(a.top, b.top);
  top = _mm512_mask_add_epi64(top, _mm512_cmplt_epu64_mask(m1, a.mid), top, one);
  top = _mm512_mask_add_epi64(top, _mm512_cmplt_epu64_mask(mid, m1), top, one);
  return {top, mid, low};
}
number192 subtract(const number192& a, const number192& b) noexcept {
  const __m512i one = splat(1);
  const __m512i low = _mm512_sub_epi64(a.low, b.low);
  const __m512i m1 = _mm512_sub_epi64(a.mid, b.mid);
  const __mmask8 borrow = _mm512_cmplt_epu64_mask(a.low, b.low);
  const __m512i mid = _mm512_mask_sub_epi64(m1, borrow, m1, one);
  __m512i top = _mm512_sub_epi64(a.top, b.top);
  top = _mm512_mask_sub_epi64(top, _mm512_cmplt_epu64_mask(a.mid, b.mid), top, one);
  top = _mm512_mask_sub_epi64(top, borrow & _mm512_cmpeq_epu64_mask(m1, _mm512_setzero_si512()), top, one);
  return {top, mid, low};
}
// g (high, low) shifted left by s in 1..63 bits, as 192 bits.
number192 shifted(__m512i high, __m512i low, __m512i s) noexcept {
  const __m512i rest = _mm512_sub_epi64(splat(64), s);
  return {_mm512_srlv_epi64(high, rest), _mm512_or_si512(_mm512_sllv_epi64(high, s), _mm512_srlv_epi64(low, rest)),
          _mm512_sllv_epi64(low, s)};
}
// The top word, odd when the middle one is above 1: floating.hpp's round_to_odd.
__m512i rounded_to_odd(const number192& x) noexcept {
  return _mm512_mask_or_epi64(x.top, _mm512_cmpgt_epu64_mask(x.mid, splat(1)), x.top, splat(1));
}

// The inverse of an odd x modulo 2^64 (Newton's iteration doubles the correct bits from 3).
constexpr std::uint64_t inverse(std::uint64_t x) noexcept {
  std::uint64_t y = x;
  for (int i = 0; i < 5; ++i) y *= 2 - x * y;
  return y;
}
constexpr std::uint64_t power_of_five(int z) noexcept {
  std::uint64_t p = 1;
  while (z-- > 0) p *= 5;
  return p;
}

// floating.hpp's without_trailing_zeros in lanes: 10^z divides d when its low z bits are zero and
// (d >> z) times the inverse of 5^z is at most (2^64 - 1) / 5^z, which product is then the quotient.
template <int Zeros> void strip(__m512i& d, __m512i& e) noexcept {
  constexpr std::uint64_t five = power_of_five(Zeros);
  const __m512i quotient = _mm512_mullo_epi64(_mm512_srli_epi64(d, Zeros), splat(inverse(five)));
  const __mmask8 divides = _mm512_testn_epi64_mask(d, splat((std::uint64_t(1) << Zeros) - 1)) &
                           _mm512_cmple_epu64_mask(quotient, splat(~std::uint64_t(0) / five));
  d = _mm512_mask_mov_epi64(d, divides, quotient);
  e = _mm512_mask_add_epi64(e, divides, e, splat(Zeros));
}

// The lanes' fields: significand, biased exponent.
struct fields_lanes {
  __m512i significand, biased;
  fields_lanes(__m512i x, const float_type& type) noexcept
      : significand(_mm512_and_si512(x, splat((std::uint64_t(1) << type.significand_bits) - 1))),
        biased(_mm512_and_si512(_mm512_srl_epi64(x, _mm_cvtsi32_si128(type.significand_bits)),
                                splat((std::uint64_t(1) << type.exponent_bits) - 1))) {}
};

// floating.hpp's shortest (Schubfach) of each lane's value, every branch of it taken in each lane and
// the lane's own result kept, the 64 x 128-bit products from multiply(): digits d and exponent e.
[[gnu::always_inline]] inline void shortest_lanes(__m512i x, const float_type& type, __m512i& d, __m512i& e) noexcept {
  const int p = type.significand_bits;
  const __m512i zero = _mm512_setzero_si512(), one = splat(1);
  const __m512i hidden = splat(std::uint64_t(1) << p);
  const __m512i bias = splat(std::uint64_t((1 << (type.exponent_bits - 1)) - 1 + p));
  const auto* table = reinterpret_cast<const long long*>(pow10_128);
  const auto [significand, biased] = fields_lanes(x, type);
  const __mmask8 normal = _mm512_cmpneq_epu64_mask(biased, zero);
  const __m512i c = _mm512_mask_or_epi64(significand, normal, significand, hidden);
  const __m512i q = _mm512_sub_epi64(_mm512_max_epu64(biased, one), bias);  // signed
  const __mmask8 lower_closer = _mm512_cmpeq_epu64_mask(significand, zero) & _mm512_cmpgt_epu64_mask(biased, one);
  const __mmask8 odd = _mm512_test_epi64_mask(c, one);

  // Integers: c >> -q, exponent 0 (every lane's -q is at most the format's, so the shift is in range).
  // A register of integers and zeros (columns of counts, ids, whole prices) needs no search.
  const __m512i minus_q = _mm512_sub_epi64(zero, q);
  const __mmask8 integer = _mm512_cmple_epi64_mask(q, zero) & _mm512_cmple_epi64_mask(minus_q, splat(std::uint64_t(p))) &
                           _mm512_testn_epi64_mask(c, _mm512_sub_epi64(_mm512_sllv_epi64(one, minus_q), one));
  const __mmask8 nothing = _mm512_cmpeq_epu64_mask(c, zero);
  if (__mmask8(integer | nothing) == 0xff) {
    d = _mm512_srlv_epi64(c, minus_q);  // 0 for the zeros, shifted past their bits
    e = zero;
  } else {
    // k = floor_log10_pow2(q) (or its three-quarters form), h = q + floor_log2_pow10(-k) + 1.
    __m512i scaled = _mm512_mullo_epi64(q, splat(1262611));
    scaled = _mm512_mask_sub_epi64(scaled, lower_closer, scaled, splat(524031));
    const __m512i k = _mm512_srai_epi64(scaled, 22);
    const __m512i minus_k = _mm512_sub_epi64(zero, k);
    const __m512i h = _mm512_add_epi64(_mm512_add_epi64(q, one), _mm512_srai_epi64(_mm512_mullo_epi64(minus_k, splat(1741647)), 19));
    const __m512i index = _mm512_slli_epi64(_mm512_sub_epi64(minus_k, splat(std::uint64_t(std::int64_t(pow10_128_low)))), 1);
    const __m512i g_high = _mm512_i64gather_epi64(index, table, 8);
    const __m512i g_low = _mm512_i64gather_epi64(_mm512_add_epi64(index, one), table, 8);

    // g * (4c << h) and g shifted, as floating.hpp's product192 path.
    const __m512i cp = _mm512_sllv_epi64(_mm512_slli_epi64(c, 2), h);
    const product128 by_low = multiply(g_low, cp), by_high = multiply(g_high, cp);
    const __m512i mid = _mm512_add_epi64(by_high.low, by_low.high);
    const __m512i top = _mm512_mask_add_epi64(by_high.high, _mm512_cmplt_epu64_mask(mid, by_high.low), by_high.high, one);
    const number192 product{top, mid, by_low.low};
    const __m512i h1 = _mm512_add_epi64(h, one);
    const __m512i vb = rounded_to_odd(product);
    const __m512i vbr = rounded_to_odd(add(product, shifted(g_high, g_low, h1)));
    const __m512i vbl = rounded_to_odd(subtract(product, shifted(g_high, g_low, _mm512_mask_sub_epi64(h1, lower_closer, h1, one))));
    const __m512i lower = _mm512_mask_add_epi64(vbl, odd, vbl, one), upper = _mm512_mask_sub_epi64(vbr, odd, vbr, one);

    const __m512i s = _mm512_srli_epi64(vb, 2);
    const __m512i sp = _mm512_srli_epi64(multiply(s, splat(0xcccccccccccccccdULL)).high, 3);  // s / 10
    const __m512i forty_sp = _mm512_add_epi64(_mm512_slli_epi64(sp, 5), _mm512_slli_epi64(sp, 3));
    const __mmask8 up_inside = _mm512_cmple_epu64_mask(lower, forty_sp);
    const __mmask8 wp_inside = _mm512_cmple_epu64_mask(_mm512_add_epi64(forty_sp, splat(40)), upper);
    const __mmask8 shorter = _mm512_cmpge_epu64_mask(s, splat(10)) & (up_inside ^ wp_inside);
    const __m512i four_s = _mm512_slli_epi64(s, 2);
    const __mmask8 u_inside = _mm512_cmple_epu64_mask(lower, four_s);
    const __mmask8 w_inside = _mm512_cmple_epu64_mask(_mm512_add_epi64(four_s, splat(4)), upper);
    const __mmask8 one_end = ~shorter & (u_inside ^ w_inside);
    const __m512i middle = _mm512_add_epi64(four_s, splat(2));
    const __mmask8 round_up = _mm512_cmpgt_epu64_mask(vb, middle) |
                              (_mm512_cmpeq_epu64_mask(vb, middle) & _mm512_test_epi64_mask(s, one));
    const __mmask8 up = (shorter & wp_inside) | (one_end & w_inside) | (~shorter & ~one_end & round_up);
    const __m512i truncated = _mm512_mask_mov_epi64(s, shorter, sp);
    d = _mm512_mask_add_epi64(truncated, up, truncated, one);
    e = _mm512_mask_add_epi64(k, shorter, k, one);
    d = _mm512_mask_mov_epi64(d, integer, _mm512_srlv_epi64(c, minus_q));
    e = _mm512_mask_mov_epi64(e, integer, zero);
  }

  strip<16>(d, e);
  strip<8>(d, e);
  strip<4>(d, e);
  strip<2>(d, e);
  strip<1>(d, e);
  d = _mm512_mask_mov_epi64(d, nothing, zero);
  e = _mm512_mask_mov_epi64(e, nothing, zero);
}

} // namespace

// floating.hpp's parts_of and length_of, eight values at a time: shortest_lanes, then the digit count
// and the style's notation, over blocks of lanes (two loops, each with the registers to itself). Values
// whose first digit is at 10^-4 are left to the scalar code: Python's notation of them depends on the
// value, not only on its digits.
std::size_t float_parts_avx512(const std::uint64_t* bits, std::size_t n, float_type type, float_style style,
                               packed_parts* parts, std::uint8_t* lengths) noexcept {
  constexpr std::size_t block = 64;
  const __m512i zero = _mm512_setzero_si512(), one = splat(1);
  const __m512i exponent_mask = splat((std::uint64_t(1) << type.exponent_bits) - 1);
  const __m128i sign_count = _mm_cvtsi32_si128(type.significand_bits + type.exponent_bits);
  // The style's layout: ".0" after integral values, the fewest exponent digits.
  const __m512i point_zero = splat(detail::point_zero(style) ? 2 : 0);
  const __m512i min_exponent_digits = splat(short_exponents(style) ? 1 : 2);
  // Parts interleaved as packed_parts: digits, then exponent | count << 16 | flags << 24.
  const __m512i first_half = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), second_half = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  // 10^0 .. 10^17: 10^t for t of 16 and 17 at lanes 0 and 1 of the last (t & 7).
  const __m512i powers_low = _mm512_set_epi64(10000000, 1000000, 100000, 10000, 1000, 100, 10, 1);
  const __m512i powers_middle = _mm512_set_epi64(1000000000000000, 100000000000000, 10000000000000, 1000000000000,
                                                 100000000000, 10000000000, 1000000000, 100000000);
  const __m512i powers_high = _mm512_set_epi64(0, 0, 0, 0, 0, 0, 100000000000000000, 10000000000000000);
  const std::size_t whole = n / 8 * 8;
  for (std::size_t from = 0; from < whole; from += block) {
    const std::size_t to = std::min(whole, from + block);
    __m512i decimals[block / 8][2];
    for (std::size_t i = from; i < to; i += 8) shortest_lanes(_mm512_loadu_si512(bits + i), type, decimals[(i - from) / 8][0], decimals[(i - from) / 8][1]);
    for (std::size_t i = from; i < to; i += 8) {
      const __m512i x = _mm512_loadu_si512(bits + i);
      const auto [significand, biased] = fields_lanes(x, type);
      __m512i d = decimals[(i - from) / 8][0];
      const __m512i e = decimals[(i - from) / 8][1];
      // The digit count (every d is below 10^17): t = floor(bits * log10(2)) of its bit length, plus one
      // where d >= 10^t (10^t from tables of eight, t being at most 17).
      const __m512i t = _mm512_srli_epi64(_mm512_mul_epu32(_mm512_sub_epi64(splat(64), _mm512_lzcnt_epi64(d)), splat(1233)), 12);
      const __m512i power = _mm512_mask_permutexvar_epi64(_mm512_permutex2var_epi64(powers_low, t, powers_middle),
                                                          _mm512_cmpge_epu64_mask(t, splat(16)), t, powers_high);
      const __m512i count = _mm512_max_epu64(_mm512_mask_add_epi64(t, _mm512_cmpge_epu64_mask(d, power), t, one), one);  // 0: 1
      const __m512i point = _mm512_add_epi64(e, _mm512_sub_epi64(count, one));

      // Lengths of both notations (length_of's fixed_length and scientific_length).
      const __m512i digits_after = _mm512_sub_epi64(count, one);
      __m512i fixed = _mm512_add_epi64(count, one);  // a point inside
      fixed = _mm512_mask_add_epi64(fixed, _mm512_cmplt_epi64_mask(point, zero), count, _mm512_sub_epi64(one, point));
      fixed = _mm512_mask_add_epi64(fixed, _mm512_cmpge_epi64_mask(point, digits_after), _mm512_add_epi64(point, one), point_zero);
      const __m512i magnitude = _mm512_abs_epi64(point);
      __m512i exponent_digits = _mm512_mask_add_epi64(one, _mm512_cmpge_epi64_mask(magnitude, splat(10)), one, one);
      exponent_digits = _mm512_mask_add_epi64(exponent_digits, _mm512_cmpge_epi64_mask(magnitude, splat(100)), exponent_digits, one);
      exponent_digits = _mm512_max_epi64(exponent_digits, min_exponent_digits);
      __m512i scientific = _mm512_add_epi64(_mm512_add_epi64(count, exponent_digits), splat(2));
      scientific = _mm512_mask_add_epi64(scientific, _mm512_cmpgt_epi64_mask(count, one), scientific, one);

      // Which notation each style takes; python's at 10^-4 is left to the scalar code.
      const __mmask8 is_zero = _mm512_cmpeq_epu64_mask(d, zero);
      const __mmask8 positional = is_zero | (_mm512_cmplt_epi64_mask(point, splat(std::uint64_t(type.positional_below))) &
                                             _mm512_cmpgt_epi64_mask(point, splat(std::uint64_t(-4))));
      const __mmask8 json_fixed = is_zero | (_mm512_cmpge_epi64_mask(point, splat(std::uint64_t(type.json_from))) &
                                             _mm512_cmplt_epi64_mask(point, splat(std::uint64_t(type.json_below))));
      // (pack() keeps positional for every style: left to the scalar code in each.)
      const __mmask8 unknown = _mm512_cmpeq_epi64_mask(point, splat(std::uint64_t(-4))) & ~is_zero;
      __mmask8 in_fixed;
      switch (style) {
      case float_style::cpp: in_fixed = _mm512_cmple_epi64_mask(fixed, scientific); break;
      case float_style::python: in_fixed = positional; break;
      case float_style::arrow:
        in_fixed = is_zero | (_mm512_cmpge_epi64_mask(point, splat(std::uint64_t(-6))) & _mm512_cmplt_epi64_mask(point, splat(10)));
        break;
      default: in_fixed = json_fixed;
      }
      const __mmask8 negative = _mm512_test_epi64_mask(_mm512_srl_epi64(x, sign_count), one);
      __m512i length = _mm512_mask_add_epi64(_mm512_mask_mov_epi64(scientific, in_fixed, fixed), negative,
                                             _mm512_mask_mov_epi64(scientific, in_fixed, fixed), one);

      // Infinities and NaNs: "inf", "-inf", "nan" ("-nan" in C++'s style, "NaN" in polars'), JSON's null.
      const __mmask8 special = _mm512_cmpeq_epu64_mask(biased, exponent_mask);
      const __mmask8 nan = special & _mm512_test_epi64_mask(significand, significand);
      const bool signed_nan = style == float_style::cpp;
      const __mmask8 long_special = style == float_style::json ? special : (negative & (special & ~nan)) | (signed_nan ? negative & nan : 0);
      length = _mm512_mask_mov_epi64(length, special, splat(3));
      length = _mm512_mask_add_epi64(length, long_special, length, one);
      length = _mm512_mask_mov_epi64(length, unknown & ~special, zero);

      // kind | negative << 2 | positional << 3 | json_fixed << 4, over the exponent and the count.
      __m512i flags = _mm512_mask_mov_epi64(zero, special & ~nan, one);
      flags = _mm512_mask_mov_epi64(flags, nan, splat(2));
      flags = _mm512_mask_or_epi64(flags, negative, flags, splat(4));
      flags = _mm512_mask_or_epi64(flags, positional & ~special, flags, splat(8));
      flags = _mm512_mask_or_epi64(flags, json_fixed & ~special, flags, splat(16));
      const __m512i meta = _mm512_or_si512(_mm512_or_si512(_mm512_and_si512(e, splat(0xffff)), _mm512_slli_epi64(count, 16)),
                                           _mm512_slli_epi64(flags, 24));
      // Not finite: digits 0, as pack() leaves them.
      d = _mm512_mask_mov_epi64(d, special, zero);
      const __m512i meta_kept = _mm512_mask_mov_epi64(meta, special, _mm512_slli_epi64(flags, 24));
      _mm512_storeu_si512(parts + i, _mm512_permutex2var_epi64(d, first_half, meta_kept));
      _mm512_storeu_si512(parts + i + 4, _mm512_permutex2var_epi64(d, second_half, meta_kept));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(lengths + i), _mm512_cvtepi64_epi8(length));
    }
  }
  return whole;
}

// fill_digits eight values at a time: d / 10^8 and d % 10^8, the quotient's top digit and its other 8,
// each 8 as ASCII (generic.hpp), then the three words of each lane into its slot.
std::size_t float_digits_avx512(const packed_parts* parts, std::size_t n, char* slots) noexcept {
  static_assert(sizeof(packed_parts) == 16 && digit_slot == 32);
  using arch = xsimd::avx512bw;
  using u64 = u64s<arch>;
  const __m512i digits_of_parts = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i a = _mm512_loadu_si512(parts + i), b = _mm512_loadu_si512(parts + i + 4);
    const u64 d(_mm512_permutex2var_epi64(a, digits_of_parts, b));
    const auto [high, low] = divmod_1e8<arch>(d);
    const auto [top, middle] = split_top_digits<arch>(high);
    const __m512i first = _mm512_or_si512(splat(0x0030303030303030ULL), _mm512_slli_epi64(__m512i(top + u64('0')), 56));
    const __m512i second = ascii8<arch>(middle), third = ascii8<arch>(low);
    for (int r = 0; r < 4; ++r) {  // lanes 2r and 2r + 1: first, second, third, and a word of no meaning
      const __m512i pairs = _mm512_permutex2var_epi64(first, _mm512_set_epi64(0, 0, 9 + 2 * r, 1 + 2 * r, 0, 0, 8 + 2 * r, 2 * r), second);
      const __m512i slot_pair = _mm512_mask_permutexvar_epi64(pairs, 0x44, _mm512_set1_epi64(2 * r) + _mm512_set_epi64(0, 1, 0, 0, 0, 0, 0, 0), third);
      _mm512_storeu_si512(slots + (i + 2 * std::size_t(r)) * digit_slot, slot_pair);
    }
  }
  return i;
}

template <> const table& table_of<isa::avx512>() noexcept { return make_table<xsimd::avx512bw>(); }

} // namespace simdigits::detail::simd
