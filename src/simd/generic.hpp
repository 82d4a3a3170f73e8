// The SIMD kernels, written once over the xsimd architecture; each <isa>.cpp compiles this with its own
// flags and instantiates table_of<isa>. Only streams.hpp is shared with the generic code (see there).
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "glue.hpp"
#if defined(__aarch64__)
#include "neon.hpp"
#else
#include "x86.hpp"
#endif

namespace simdigits::detail::simd {

template <class Arch> using u64s = xsimd::batch<std::uint64_t, Arch>;
template <class Arch> using u32s = xsimd::batch<std::uint32_t, Arch>;
template <class Arch> using u16s = xsimd::batch<std::uint16_t, Arch>;
template <class Arch> using u8s = xsimd::batch<std::uint8_t, Arch>;

// The same bits as another batch type. xsimd 8.1 spells it bitwise_cast<batch type>, later releases
// bitwise_cast<element type>: whichever returns To is the one this xsimd has.
template <class To, class T> To reinterpret(xsimd::batch<T, typename To::arch_type> x) noexcept {
  if constexpr (std::is_same_v<decltype(xsimd::bitwise_cast<To>(x)), To>) return xsimd::bitwise_cast<To>(x);
  else return xsimd::bitwise_cast<typename To::value_type>(x);
}

// In each lane: low | high << (half the lane's width), where both are below that power of two. A shift
// and an OR, unless the instruction set has a form that leaves the multiply port free (x86.hpp).
template <class T, class Arch>
xsimd::batch<T, Arch> pair_up(xsimd::batch<T, Arch> low, xsimd::batch<T, Arch> high) noexcept {
  constexpr int half = 4 * sizeof(T);
  using R = typename xsimd::batch<T, Arch>::register_type;
  if constexpr (requires(R r) { pair_up_halves<half>(r, r); }) return pair_up_halves<half>(R(low), R(high));
  else return low | (high << half);
}

// What the splits below return. A struct of our own, not std::pair: on AArch64 GCC notes that the
// passing of a std::pair of vectors changed in GCC 10.1, which cannot matter for these inline
// templates (no call crosses a library boundary), and the note would bury real warnings.
template <class Batch> struct quotient_remainder {
  Batch quotient, remainder;
};

// Each 16-bit lane holds y below 10^4: returns y / 100 and y % 100 (y/100 = mulhi(y, 5243)>>3 for
// y < 43699).
template <class Arch> quotient_remainder<u16s<Arch>> split_hundreds(u16s<Arch> y) noexcept {
  using r16 = typename u16s<Arch>::register_type;
  const u16s<Arch> hundreds = u16s<Arch>(mul_high16(y, u16s<Arch>(5243))) >> 3;
  return {hundreds, y - hundreds * u16s<Arch>(opaque(r16(u16s<Arch>(100))))};
}

// Each 32-bit half of each 64-bit lane holds a value below 10^4; returns each half as its two 2-digit
// parts, in 16-bit quarters, the first low.
template <class Arch> u16s<Arch> quarters_of_halves(u64s<Arch> x) noexcept {
  const auto [hundreds, rest] = split_hundreds<Arch>(reinterpret<u16s<Arch>>(x));  // 0 above each value
  return reinterpret<u16s<Arch>>(pair_up(reinterpret<u32s<Arch>>(hundreds), reinterpret<u32s<Arch>>(rest)));
}

// The same bits as a register of 64-bit lanes (NEON's register types differ by lane width).
template <class Arch, class T, class R> typename u64s<Arch>::register_type as_register64(R r) noexcept {
  return typename u64s<Arch>::register_type(reinterpret<u64s<Arch>>(xsimd::batch<T, Arch>(r)));
}

// Each 16-bit lane holds a value below 100; returns its two digits as ASCII, the tens in the low byte:
// t = mulhi(p, 6554) = p / 10, and (p << 8) - 2559 t = t + (p - 10 t) << 8.
template <class Arch> u16s<Arch> ascii_pairs(u16s<Arch> p) noexcept {
  using r16 = typename u16s<Arch>::register_type;
  const u16s<Arch> tens = u16s<Arch>(mul_high16(p, u16s<Arch>(6554)));
  return (p << 8) + u16s<Arch>(0x3030) - tens * u16s<Arch>(opaque(r16(u16s<Arch>(2559))));
}

// Each 32-bit half of each 64-bit lane holds a value below 10^4; returns the 8 digits as ASCII, first
// digit in the lowest byte: split 2+2 into 16-bit quarters, then each quarter as ascii_pairs.
template <class Arch> u64s<Arch> ascii8_of_halves(u64s<Arch> x) noexcept {
  return reinterpret<u64s<Arch>>(ascii_pairs<Arch>(quarters_of_halves<Arch>(x)));
}

// Each 64-bit lane holds a value below 10^8; returns its 8 digits as ASCII, first digit in the lowest
// byte: split 4+4 into 32-bit halves (x/10^4 = x*109951163>>40, exact for x < 4.9e8), then as above.
template <class Arch> u64s<Arch> ascii8(u64s<Arch> x) noexcept {
  const u64s<Arch> q = u64s<Arch>(mul_low32(x, u64s<Arch>(109951163))) >> 40;
  const u64s<Arch> r = x - u64s<Arch>(mul_low32(q, u64s<Arch>(10000)));
  return ascii8_of_halves<Arch>(pair_up(q, r));
}

// (x * Multiplier) >> Shift in each 32-bit lane, from the full 64-bit product (Shift >= 32): 32x32-bit
// multiplies of the even and of the odd lanes, whose results a blend puts together.
template <class Arch, std::uint32_t Multiplier, int Shift> u32s<Arch> high_product(u32s<Arch> x) noexcept {
  static_assert(Shift >= 32 && Shift < 64);
  using U64 = u64s<Arch>;
  using r64 = typename U64::register_type;
  const U64 wide = reinterpret<U64>(x);
  const U64 even = U64(mul_low32(wide, U64(Multiplier))) >> Shift;             // in the low halves
  const U64 odd = U64(mul_low32(wide >> 32, U64(Multiplier))) >> (Shift - 32);  // in the high halves
  return reinterpret<u32s<Arch>>(U64(blend_halves(r64(even), r64(odd))));
}

// x / 10^4 in each 32-bit lane: x * ceil(2^45 / 10^4) >> 45, exact for every 32-bit x.
template <class Arch> u32s<Arch> quotient_1e4(u32s<Arch> x) noexcept {
  return high_product<Arch, 3518437209u, 45>(x);
}

// x - q * 10^4 in each 32-bit lane's low 16 bits, for q = x / 10^4: the remainder is below 2^16, where
// 16-bit products wrap alike. The high 16 bits are left as they come.
template <class Arch> u16s<Arch> remainder_1e4(u32s<Arch> x, u32s<Arch> q) noexcept {
  using r16 = typename u16s<Arch>::register_type;
  return reinterpret<u16s<Arch>>(x) - reinterpret<u16s<Arch>>(q) * u16s<Arch>(opaque(r16(u16s<Arch>(10000))));
}

// Two registers of 64-bit lanes (as a std::array's template argument, a register type would lose its
// alignment attribute, and GCC warns).
template <class Arch> struct register_pair {
  typename u64s<Arch>::register_type at[2];
};

// Each 32-bit lane holds two values below 10^4, the first in its low 16 bits: returns their 8 digits
// as ASCII, in 64-bit lanes: lane 4j + r of `fours` (j counts 128-bit lanes) to lane 2j + (r & 1) of
// register r / 2, by unpacks within 128-bit lanes (x86.hpp).
template <class Arch> register_pair<Arch> ascii8_of_fours(u16s<Arch> fours) noexcept {
  using r16 = typename u16s<Arch>::register_type;
  const auto [hundreds, rest] = split_hundreds<Arch>(fours);
  const r16 high = r16(ascii_pairs<Arch>(hundreds)), low = r16(ascii_pairs<Arch>(rest));
  return {{as_register64<Arch, std::uint16_t>(unpack<false, 16>(high, low)),
           as_register64<Arch, std::uint16_t>(unpack<true, 16>(high, low))}};
}

// Stores a register of values' 16 digits each at out, and where the instruction set has digit_marks
// (x86.hpp), their 16 bits each at marks: a register's at once, where finding a value's leading zeros
// took two vector instructions a value.
template <class Arch, class R>
[[gnu::always_inline]] inline void put_digits(R digits, std::uint64_t* out, std::uint16_t* marks) noexcept {
  u64s<Arch>(digits).store_aligned(out);
  if constexpr (requires { digit_marks(digits); }) {
    const auto bits = digit_marks(digits);
    std::memcpy(marks, &bits, sizeof bits);
  }
}

// The values' 16 digits, from their first and last 8 as ascii8_of_fours leaves them (lanes permuted by
// quads_by_lane), put in value order (see put_digits).
template <class Arch>
[[gnu::always_inline]] inline void put_digits16(const register_pair<Arch>& first8, const register_pair<Arch>& last8,
                                                std::uint64_t* out, std::uint16_t* marks) noexcept {
  constexpr std::size_t per_register = u64s<Arch>::size / 2;
  for (std::size_t half = 0; half < 2; ++half) {
    const std::size_t at = 2 * half * per_register, next = at + per_register;  // values before each
    put_digits<Arch>(unpack<false, 64>(first8.at[half], last8.at[half]), out + 2 * at, marks + at);
    put_digits<Arch>(unpack<true, 64>(first8.at[half], last8.at[half]), out + 2 * next, marks + next);
  }
}

// Each 32-bit lane holds a value below 2^32: writes each one's 10 digits as ASCII, "000000" before
// them, into 16 bytes at out, in lane order (see put_digits16). x / 10^4 leaves q below 2^19:
// q / 10^4 = mulhi16(q >> 4, 53688) >> 9, exact there. Both 4-digit parts then share a 32-bit lane.
template <class Arch>
[[gnu::always_inline]] inline void ascii16_of_u32(u32s<Arch> x, std::uint64_t* out, std::uint16_t* marks) noexcept {
  using U32 = u32s<Arch>;
  using U16 = u16s<Arch>;
  using r32 = typename U32::register_type;
  x = U32(quads_by_lane(r32(x)));
  const U32 upper = quotient_1e4<Arch>(x);
  const U32 top2 = reinterpret<U32>(U16(mul_high16(reinterpret<U16>(upper >> 4), U16(53688))) >> 9);
  const U16 middle4 = remainder_1e4<Arch>(upper, top2);  // high halves: junk, as in last4
  const U32 last4 = reinterpret<U32>(remainder_1e4<Arch>(x, upper));
  const U16 fours = reinterpret<U16>(pair_up(reinterpret<U32>(middle4) & U32(0xffff), last4));
  const r32 tops = r32(reinterpret<U32>(ascii_pairs<Arch>(reinterpret<U16>(top2 << 16))));  // "00" and 2 digits
  const r32 zeros = r32(U32(0x30303030u));
  const register_pair<Arch> first8{{as_register64<Arch, std::uint32_t>(unpack<false, 32>(zeros, tops)),
                                    as_register64<Arch, std::uint32_t>(unpack<true, 32>(zeros, tops))}};
  put_digits16<Arch>(first8, ascii8_of_fours<Arch>(fours), out, marks);
}

// Each 32-bit lane of high and of low holds a value below 10^8: writes each pair's 16 digits as ASCII
// into 16 bytes at out, in lane order (see put_digits16).
template <class Arch>
[[gnu::always_inline]] inline void ascii16_of_halves(u32s<Arch> high, u32s<Arch> low, std::uint64_t* out,
                                                     std::uint16_t* marks) noexcept {
  using U32 = u32s<Arch>;
  using r32 = typename U32::register_type;
  auto eight = [](U32 x) {
    x = U32(quads_by_lane(r32(x)));
    const U32 upper = quotient_1e4<Arch>(x);  // below 10^4: its high halves are 0
    const U32 last4 = reinterpret<U32>(remainder_1e4<Arch>(x, upper));
    return ascii8_of_fours<Arch>(reinterpret<u16s<Arch>>(pair_up(upper, last4)));
  };
  put_digits16<Arch>(eight(high), eight(low), out, marks);
}

// Each 64-bit lane holds any x: returns x / 10^8 and x % 10^8, from the instruction set's estimate
// (quotient_1e8_estimate: the quotient or one above). The remainder is then in [-10^8, 10^8): its low
// 32 bits, as a signed number, are all of it.
template <class Arch> quotient_remainder<u64s<Arch>> divmod_1e8(u64s<Arch> x) noexcept {
  using R = typename u64s<Arch>::register_type;
  const u64s<Arch> q = u64s<Arch>(quotient_1e8_estimate(R(x)));
  const u32s<Arch> r = reinterpret<u32s<Arch>>(x) - reinterpret<u32s<Arch>>(u64s<Arch>(mul_low32(q, u64s<Arch>(100000000))));
  const auto below = reinterpret<u32s<Arch>>(reinterpret<xsimd::batch<std::int32_t, Arch>>(r) >> 31);  // q was one above
  return {q - (reinterpret<u64s<Arch>>(below) & u64s<Arch>(1)),
          reinterpret<u64s<Arch>>(r + (below & u32s<Arch>(100000000))) & u64s<Arch>(0xffffffff)};
}

// A quotient q of a 64-bit value by 10^8 is below 1.85e11: q / 10^8 = (q >> 8) / 390625 =
// (q >> 8) * top_multiplier >> 50, exact there.
inline constexpr std::uint32_t top_multiplier = 2882303762u;  // ceil(2^50 / 390625)

// Such a quotient's own quotient and remainder by 10^8, in 64-bit lanes.
template <class Arch> quotient_remainder<u64s<Arch>> split_top_digits(u64s<Arch> q) noexcept {
  const u64s<Arch> top = u64s<Arch>(mul_low32(q >> 8, u64s<Arch>(top_multiplier))) >> 50;
  return {top, q - u64s<Arch>(mul_low32(top, u64s<Arch>(100000000)))};
}

// The table's send_lines (see send_fn in glue.hpp).
template <class Arch> void send_lines(line_sink* sink, const char* upto) noexcept {
  if (sink == nullptr || upto - sink->from < 64) return;
  // Locals: the stores could alias the sink's fields as far as the compiler knows.
  const auto* from = reinterpret_cast<const std::uint8_t*>(sink->from);
  char* to = sink->to;
  const std::size_t bytes = std::size_t(upto - sink->from) / 64 * 64;
  for (std::size_t i = 0; i < bytes; i += u8s<Arch>::size)
    store_nontemporal(to + i, u8s<Arch>::load_aligned(from + i));
  sink->from += bytes, sink->to += bytes;
}

// The next u32s<Arch>::size values at `values`, of a type up to 32 bits, in 32-bit lanes (narrower
// ones widened with their sign, by a loop the compiler makes one vector instruction of).
template <class Arch, class E> u32s<Arch> load_as_u32(const E* values) noexcept {
  static_assert(sizeof(E) <= 4);
  if constexpr (sizeof(E) == 4) {
    return u32s<Arch>::load_unaligned(reinterpret_cast<const std::uint32_t*>(values));
  } else {
    using W = std::conditional_t<std::is_signed_v<E>, std::int32_t, std::uint32_t>;
    alignas(64) W wide[u32s<Arch>::size];
    for (std::size_t j = 0; j < u32s<Arch>::size; ++j) wide[j] = W(values[j]);
    return u32s<Arch>::load_aligned(reinterpret_cast<const std::uint32_t*>(wide));
  }
}

// Each lane's sign as all ones (negative) or zeros, for a register of E widened by load_as_u32.
template <class Arch, class E> u32s<Arch> signs_of(u32s<Arch> v) noexcept {
  if constexpr (std::is_signed_v<E>) return reinterpret<u32s<Arch>>(reinterpret<xsimd::batch<std::int32_t, Arch>>(v) >> 31);
  else return u32s<Arch>(0u);
}

// Groups of 16 units: (1) sign and magnitude of each value, 64-bit magnitudes split into 4+8+8 digits
// (see vector_split below), (2) the digits to ASCII in vector lanes, 16 bytes a value, with marks that
// give its leading zeros, (3) per value one 16-byte copy from its first significant digit,
// `p += length`: no branch depends on the digit lengths, so mixed lengths cost what uniform ones do.
// Software-pipelined as avx512vbmi2's kernels are: the next group is converted before this one is
// stored, where there is room for both (so a group's digits are read back a group after their stores).
template <class Arch, class Source, class Sep>
std::size_t put_groups(Source& src, std::size_t count, Sep sep, char*& p_ref, char* end, line_sink* sink) noexcept {
  using V = decltype(src.next());
  constexpr bool wide = sizeof(V) == 8;  // up to 20 digits: a 4-digit top part before the 16
  constexpr std::size_t group = group_size;
  constexpr std::size_t lanes = u64s<Arch>::size;
  static_assert(group % lanes == 0);
  const std::size_t group_room = group * (sep.size() + 1 + (wide ? 4 : 0) + 16);

  struct converted {
    // Per value its high 8 then low 8 digits; the last value's copy may read 16 bytes past them.
    alignas(64) std::uint64_t digits16[2 * group + 2];
    std::uint16_t marks[group];  // digit_marks of digits16, where there are any
    // 64-bit values: their top 4 digits, every top_step bytes; the last copy may read 4 bytes past.
    alignas(64) unsigned char top[8 * group + 4];
    alignas(64) std::conditional_t<wide, std::uint64_t, std::uint32_t> negative[group];  // 1: negative
  };
  // 64-bit magnitudes are split 4+8+8 in vectors where the instruction set estimates x / 10^8 for 64-bit
  // lanes (AVX-512), in scalar code elsewhere (see quotient_1e8_estimate in x86.hpp).
  using R = typename u64s<Arch>::register_type;
  constexpr bool vector_split = wide && requires(R r) { quotient_1e8_estimate(r); };
  constexpr bool from_array = requires { src.p; };
  constexpr std::size_t top_step = vector_split ? 8 : 4;  // from 64-bit lanes, or from 32-bit ones
  auto convert = [&](converted& c) {
    if constexpr (!wide) {  // values of up to 32 bits come from arrays only
      // Signs and magnitudes of whole registers: the compiler leaves a scalar loop scalar for signed
      // values, where it was a large part of a signed join's time.
      for (std::size_t k = 0; k < group; k += u32s<Arch>::size) {
        const u32s<Arch> v = load_as_u32<Arch>(src.p + k);
        const u32s<Arch> sign = signs_of<Arch, V>(v);
        ascii16_of_u32<Arch>((v ^ sign) - sign, c.digits16 + 2 * k, c.marks + k);
        if constexpr (std::is_signed_v<V>) (sign & u32s<Arch>(1u)).store_aligned(c.negative + k);
      }
      src.p += group;
    } else {
      auto magnitude = [&](std::size_t k) {
        const V v = src.next();
        // Sign split written here rather than taken from format.hpp: see streams.hpp.
        c.negative[k] = std::is_signed_v<V> && v < 0;
        return c.negative[k] ? 0 - std::uint64_t(v) : std::uint64_t(v);
      };
      if constexpr (!vector_split) {
        // No 64-bit multiply-high in vectors: q = m / 10^8 in scalar code, one multiply a value (the
        // scalar multiplier is one port; the whole 4+8+8 split took four there). The rest in 32-bit
        // lanes: q / 10^8 from q >> 8 (below 2^30, see top_multiplier), and the two 8-digit parts
        // modulo 2^32, which they are below.
        alignas(64) std::uint32_t value_low[group], quotient_low[group], quotient_high[group];
        for (std::size_t k = 0; k < group; ++k) {
          const std::uint64_t m = magnitude(k);
          const std::uint64_t q = m / 100000000;
          value_low[k] = std::uint32_t(m);
          quotient_low[k] = std::uint32_t(q);
          quotient_high[k] = std::uint32_t(q >> 8);
        }
        for (std::size_t k = 0; k < group; k += u32s<Arch>::size) {
          const u32s<Arch> q = u32s<Arch>::load_aligned(quotient_low + k), hundred_million(100000000u);
          const u32s<Arch> top = high_product<Arch, top_multiplier, 50>(u32s<Arch>::load_aligned(quotient_high + k));
          const u32s<Arch> last8 = u32s<Arch>::load_aligned(value_low + k) - q * hundred_million;
          ascii16_of_halves<Arch>(q - top * hundred_million, last8, c.digits16 + 2 * k, c.marks + k);
          // Each 32-bit lane's 4 digits in place (ascii8_of_halves converts each half on its own).
          const u64s<Arch> top_digits = ascii8_of_halves<Arch>(reinterpret<u64s<Arch>>(top));
          top_digits.store_aligned(reinterpret_cast<std::uint64_t*>(c.top) + k / 2);
        }
      } else {
        alignas(64) std::uint64_t magnitudes[group];
        if constexpr (!from_array)
          for (std::size_t k = 0; k < group; ++k) magnitudes[k] = magnitude(k);
        for (std::size_t k = 0; k < group; k += lanes) {
          u64s<Arch> m;
          if constexpr (from_array) {  // straight from the values: no scalar pass
            m = u64s<Arch>::load_unaligned(reinterpret_cast<const std::uint64_t*>(src.p + k));
            if constexpr (std::is_signed_v<V>) {
              const u64s<Arch> sign = u64s<Arch>(0) - (m >> 63);  // all ones for a negative lane
              m = (m ^ sign) - sign;  // INT64_MIN stays 2^63: its magnitude, unsigned
              (sign & u64s<Arch>(1)).store_aligned(c.negative + k);
            }
          } else {
            m = u64s<Arch>::load_aligned(magnitudes + k);
          }
          const auto [q, last8] = divmod_1e8<Arch>(m);
          const auto [top, middle8] = split_top_digits<Arch>(q);
          const auto both = interleave(R(ascii8<Arch>(middle8)), R(ascii8<Arch>(last8)));
          put_digits<Arch>(both.first, c.digits16 + 2 * k, c.marks + k);
          put_digits<Arch>(both.second, c.digits16 + 2 * k + lanes, c.marks + k + lanes / 2);
          ascii8_of_halves<Arch>(top).store_aligned(reinterpret_cast<std::uint64_t*>(c.top) + k);  // "dddd0000"
        }
        if constexpr (from_array) src.p += group;
      }
    }
  };
  // A separator of 2 to 16 bytes goes out as one 16-byte store, whose spill the value's stores then
  // overwrite: memcpy of a run-time size is a call per value.
  const bool separator_store = std::is_same_v<Sep, bytes_separator> && sep.size() <= 16;
  alignas(16) std::uint64_t separator_bytes[2] = {};
  if (separator_store) sep.put(reinterpret_cast<char*>(separator_bytes));
  const auto separator16 = load16(separator_bytes);
  auto store = [&](const converted& c, char* p) {
    for (std::size_t k = 0; k < group; ++k) {
      // Every part's place as an offset from p: p itself then advances by one add a value, where
      // advancing it part by part chained three or four.
      if (separator_store) store16(p, separator16);
      else sep.put(p);
      std::size_t at = sep.size();
      if constexpr (std::is_signed_v<V>) {
        p[at] = '-';
        at += c.negative[k];
      }
      const char* digits = reinterpret_cast<const char*>(c.digits16 + 2 * k);
      unsigned lead;
      if constexpr (requires(R r) { digit_marks(r); }) lead = unsigned(__builtin_ctz(c.marks[k]));
      else lead = leading_zero_digits(load16(c.digits16 + 2 * k));  // NEON: no movemask
      if constexpr (wide) {
        // The top part's significant digits are the bytes from the first that is not '0' (none without
        // a top part). Without branches: mixed lengths mispredicted them.
        const char* top = reinterpret_cast<const char*>(c.top + k * top_step);
        std::uint32_t top4;
        std::memcpy(&top4, top, 4);
        const std::uint64_t nonzero = top4 ^ 0x30303030u;
        const unsigned skip = unsigned(__builtin_ctzll(nonzero | std::uint64_t(1) << 32)) / 8;
        std::memcpy(p + at, top + skip, 4);
        at += 4 - skip;
        lead &= 0u - unsigned(nonzero == 0);  // all of it where there is no top part, none where there is
      }
      // Significant digits first, by a load from where they start: the bytes after them, up to 15 of
      // the next value's, are overwritten by the next store.
      std::memcpy(p + at, digits + lead, 16);
      p += at + 16 - lead;
    }
    return p;
  };

  char* p = p_ref;
  if (count < group || std::size_t(end - p) < group_room) return 0;
  converted groups[2];
  convert(groups[0]);
  std::size_t done = 0;
  for (unsigned current = 0;; current ^= 1) {
    // The next group is taken from the source only where it will be written.
    const bool more = count - done >= 2 * group && std::size_t(end - p) >= 2 * group_room;
    if (more) {
      src.prefetch();
      convert(groups[current ^ 1]);
    }
    if (sink == nullptr) prefetch_ahead<1>(p, group * 24);
    p = store(groups[current], p);
    send_lines<Arch>(sink, p);
    done += group;
    if (!more) break;
  }
  p_ref = p;
  return done;
}

// Sum of the lanes (xsimd 8.1 calls it hadd, later releases reduce_add: spelled out here).
template <class T, class Arch> std::size_t lane_total(xsimd::batch<T, Arch> x) noexcept {
  alignas(64) T lanes[xsimd::batch<T, Arch>::size];
  x.store_aligned(lanes);
  std::size_t total = 0;
  for (T v : lanes) total += std::size_t(v);
  return total;
}

// The text lengths (digits and sign) of the lanes of v, elements up to 32 bits widened by load_as_u32:
// 1 + one comparison per power of ten the type reaches.
template <class Arch, class E> u32s<Arch> lane_lengths32(u32s<Arch> v) noexcept {
  using U = u32s<Arch>;
  static constexpr std::uint32_t powers[9] = {10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
  constexpr std::size_t reached = std::size_t(std::numeric_limits<E>::digits10);  // 10^1 .. 10^digits10
  const U sign = signs_of<Arch, E>(v);
  v = (v ^ sign) - sign;
  U count = U(1u) - sign;
  for (std::size_t k = 0; k < reached; ++k) count = U(add_if_at_least(count, v, U(powers[k])));
  return count;
}

// The same for 64-bit elements, where the instruction set counts a lane's digits (digit_counts64 in
// x86.hpp: from its bit length, not twenty comparisons).
template <class Arch, class E> u64s<Arch> lane_lengths64(u64s<Arch> v) noexcept {
  using U = u64s<Arch>;
  using R = typename U::register_type;
  if constexpr (std::is_signed_v<E>) {  // sign: all ones for a negative lane
    const auto sign = reinterpret<U>(reinterpret<xsimd::batch<std::int64_t, Arch>>(v) >> 63);
    v = (v ^ sign) - sign;  // INT64_MIN stays 2^63: its magnitude, unsigned
    return U(digit_counts64(R(v))) - sign;
  } else {
    return U(digit_counts64(R(v)));
  }
}

// The digits (signs included) of values[0..n) for elements up to 32 bits; sets `done` to the elements
// counted (a multiple of the lane count).
template <class Arch, class E>
std::size_t count_digits32(const E* values, std::size_t n, std::size_t& done) noexcept {
  static_assert(sizeof(E) <= 4);
  using U = u32s<Arch>;
  constexpr std::size_t lanes = U::size;
  std::size_t sum = 0, i = 0;
  U lanes_sum(0u);
  for (std::size_t round = 1; i + lanes <= n; i += lanes, ++round) {
    if (i % 16 == 0) prefetch_ahead(values + i, 16 * sizeof(E));
    lanes_sum = lanes_sum + lane_lengths32<Arch, E>(load_as_u32<Arch>(values + i));
    if (round % 65536 == 0) {  // at most 11 a lane a round: flush long before 2^32
      sum += lane_total(lanes_sum);
      lanes_sum = U(0u);
    }
  }
  done = i;
  return sum + lane_total(lanes_sum);
}

template <class Arch, class E>
std::size_t count_digits64(const E* values, std::size_t n, std::size_t& done) noexcept {
  static_assert(sizeof(E) == 8);
  using U = u64s<Arch>;
  constexpr std::size_t lanes = U::size;
  U total(std::uint64_t(0));  // at most 21 a lane per element: no overflow
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    if (i % 16 == 0) prefetch_ahead(values + i, 128);
    total = total + lane_lengths64<Arch, E>(U::load_unaligned(reinterpret_cast<const std::uint64_t*>(values + i)));
  }
  done = i;
  return lane_total(total);
}

// Each value's text length, by the lane functions above.
template <class Arch, class E> std::size_t lengths_of(const E* values, std::size_t n, std::uint8_t* lengths) noexcept {
  using U = std::conditional_t<sizeof(E) <= 4, u32s<Arch>, u64s<Arch>>;
  using L = typename U::value_type;
  constexpr std::size_t lanes = U::size;
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    if (i % 16 == 0) prefetch_ahead(values + i, 16 * sizeof(E));
    alignas(64) L each[lanes];
    if constexpr (sizeof(E) <= 4) lane_lengths32<Arch, E>(load_as_u32<Arch>(values + i)).store_aligned(each);
    else lane_lengths64<Arch, E>(U::load_unaligned(reinterpret_cast<const std::uint64_t*>(values + i))).store_aligned(each);
    for (std::size_t k = 0; k < lanes; ++k) lengths[i + k] = std::uint8_t(each[k]);
  }
  return i;
}

// Whether the instruction set counts E's digits in vectors: every element up to 32 bits; 64-bit ones
// where x86.hpp has digit_counts64 for its registers.
template <class Arch, class E>
inline constexpr bool counts_in_vectors =
    sizeof(E) <= 4 || requires(typename u64s<Arch>::register_type r) { digit_counts64(r); };

template <class Arch, class E> constexpr count_fn<E> count_for() noexcept {
  if constexpr (!counts_in_vectors<Arch, E>) return nullptr;
  else if constexpr (sizeof(E) <= 4) return &count_digits32<Arch, E>;
  else return &count_digits64<Arch, E>;
}

template <class Arch>
char* emit_blocks(char* out, std::uint8_t* block, std::size_t length, std::size_t padded,
                  const std::uint8_t* masks, std::uint64_t prefix, std::size_t count, line_sink* sink) noexcept {
  constexpr std::size_t width = u8s<Arch>::size;
  for (std::size_t b = 0; b < count; ++b, ++prefix) {
    unsigned level = 0;
    for (std::uint64_t q = prefix; q % 10 == 9; q /= 10) ++level;
    const std::uint8_t* mask = masks + level * padded;
    if (sink == nullptr) prefetch_ahead<1>(out, padded);  // a stage is in L1 already
    for (std::size_t i = 0; i < padded; i += width) {
      const u8s<Arch> text = u8s<Arch>::load_aligned(block + i);
      text.store_unaligned(reinterpret_cast<std::uint8_t*>(out) + i);
      (text + u8s<Arch>::load_aligned(mask + i)).store_aligned(block + i);
    }
    out += length;
    send_lines<Arch>(sink, out);
  }
  return out;
}

template <class Arch> void stream_fence() noexcept { store_fence(); }

template <class Arch, class Source> constexpr groups_by_sep<Source> groups_for() noexcept {
  return {&put_groups<Arch, Source, no_separator>, &put_groups<Arch, Source, byte_separator>,
          &put_groups<Arch, Source, bytes_separator>};
}
template <class Arch, class... Sources> constexpr all_groups all_groups_for(groups_of<Sources...>*) noexcept {
  return {groups_for<Arch, Sources>()...};
}

template <class Arch, class... E> constexpr counts_table counts_for(type_list<E...>) noexcept {
  return {count_for<Arch, E>()...};
}
template <class Arch, class E> constexpr lengths_fn<E> length_for() noexcept {
  if constexpr (counts_in_vectors<Arch, E>) return &lengths_of<Arch, E>;
  else return nullptr;
}
template <class Arch, class... E> constexpr lengths_table lengths_for(type_list<E...>) noexcept {
  return {length_for<Arch, E>()...};
}

template <class Arch> constexpr table table_for() noexcept {
  return {all_groups_for<Arch>(static_cast<all_groups*>(nullptr)), &emit_blocks<Arch>,
          &send_lines<Arch>,
          &stream_fence<Arch>,
          counts_for<Arch>(integer_types{}), lengths_for<Arch>(integer_types{})};
}

template <class Arch> const table& make_table() noexcept {
  static constexpr table t = table_for<Arch>();
  return t;
}

} // namespace simdigits::detail::simd
