// simdigits — single floating-point values, header-only: the shortest decimal that reads back to the
// same value (Schubfach), written in the style of an ecosystem: C++'s std::to_chars, Python's repr
// (NumPy's str for float32 and float16), or JSON as orjson writes it.
#pragma once

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "simdigits/detail/pow10_128.hpp"
#include "simdigits/format.hpp"

namespace simdigits {

/// IEEE 754 binary16 ("half"), given by its bits: NumPy's float16, Arrow's halffloat.
struct float16 {
  std::uint16_t bits;
};

/// The floating-point types simdigits formats.
template <class T>
concept floating = std::is_same_v<std::remove_cv_t<T>, double> || std::is_same_v<std::remove_cv_t<T>, float> ||
                   std::is_same_v<std::remove_cv_t<T>, float16>;

/// How a floating-point value is written. Each gives the shortest digits that read back to the value
/// (the nearest such where several are as short), laid out as its ecosystem does:
enum class float_style : std::uint8_t {
  /// std::to_chars(first, last, v): fixed or scientific, whichever is shorter (fixed on a tie);
  /// "1e+16", "100", "0.001", "inf", "-inf", "nan", "-nan".
  cpp,
  /// Python's repr of a float (and NumPy's str of a float32 or float16 scalar): fixed notation with at
  /// least one decimal ("1.0") from 1e-4 up to 1e16 (NumPy: 1e6 for float32, 1e3 for float16), else
  /// "1.5e-05", "1e+16"; "inf", "-inf", "nan".
  python,
  /// JSON as orjson writes it: fixed notation ("1.0", "0.00001") for decimal exponents -5 to 15 (float32:
  /// -6 to 12; a float16 is written as the float32 it equals), else "1.5e-7", "1e+16"; NaN and
  /// infinities as null.
  json,
  /// polars' write_csv: json's layout, with "NaN", "inf" and "-inf".
  polars,
  /// Arrow's cast to string (pyarrow.compute.cast): fixed notation without a decimal for integral
  /// values ("100", "-0", "0.000001") for decimal exponents -6 to 9, else "1e+10", "1.5e-7"; "nan",
  /// "inf"; a float16 as the double it equals.
  arrow,
};

/// The most characters a value of type T takes in any float_style ("-0.0000014876652653012922" for a
/// double in Arrow's style; a float16 there is the double it equals).
template <floating T>
inline constexpr int max_float_chars = std::is_same_v<T, float> ? 17 : 25;

namespace detail {

// The bits and layout of each floating type.
template <class T> struct float_traits;
template <> struct float_traits<double> {
  using bits_type = std::uint64_t;
  static constexpr int significand_bits = 52, exponent_bits = 11;
  static constexpr int positional_below = 16;      // python style: fixed notation below 10^16
  static constexpr int json_from = -5, json_below = 16;  // json style: fixed for decimal exponents in [from, below)
  static bits_type bits(double v) noexcept { return std::bit_cast<bits_type>(v); }
};
template <> struct float_traits<float> {
  using bits_type = std::uint32_t;
  static constexpr int significand_bits = 23, exponent_bits = 8;
  static constexpr int positional_below = 6;
  static constexpr int json_from = -6, json_below = 13;
  static bits_type bits(float v) noexcept { return std::bit_cast<bits_type>(v); }
};
template <> struct float_traits<float16> {
  using bits_type = std::uint16_t;
  static constexpr int significand_bits = 10, exponent_bits = 5;
  static constexpr int positional_below = 3;
  static constexpr int json_from = -6, json_below = 13;  // orjson writes a float16 as the float32 it equals
  static bits_type bits(float16 v) noexcept { return v.bits; }
};

// A finite value's shortest decimal: digits * 10^exponent, without trailing zeros (0 for zero).
struct shortest_decimal {
  std::uint64_t digits;
  int exponent;
};

// floor(e * log10(2)), floor(e * log2(10)), floor(e * log10(2) - log10(4/3)) for the exponents a double has.
constexpr int floor_log10_pow2(int e) noexcept { return (e * 1262611) >> 22; }
constexpr int floor_log2_pow10(int e) noexcept { return (e * 1741647) >> 19; }
constexpr int floor_log10_three_quarters_pow2(int e) noexcept { return (e * 1262611 - 524031) >> 22; }

// The high 64 bits of g * cp / 2^64 (g: 128 bits), their lowest bit set when the bits below are not all
// zero: the product rounded to odd, which keeps what the comparisons below need of it.
inline std::uint64_t round_to_odd(const uint64_pair& g, std::uint64_t cp) noexcept {
#if SIMDIGITS_HAS_INT128
  const uint128 low = uint128(g.low) * cp;
  const uint128 high = uint128(g.high) * cp + (low >> 64);
  return std::uint64_t(high >> 64) | (std::uint64_t(high) > 1);
#else
  auto mul = [](std::uint64_t a, std::uint64_t b, std::uint64_t& hi) {
    const std::uint64_t a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
    const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const std::uint64_t mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
    hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return (mid << 32) | (p00 & 0xffffffff);
  };
  std::uint64_t low_hi, high_hi;
  mul(g.low, cp, low_hi);
  const std::uint64_t high_lo = mul(g.high, cp, high_hi);
  const std::uint64_t y0 = high_lo + low_hi;
  const std::uint64_t y1 = high_hi + (y0 < low_hi);
  return y1 | (y0 > 1);
#endif
}

#if SIMDIGITS_HAS_INT128
// A 192-bit number: high (the top 128 bits) and low. round_to_odd's products, and g shifted left.
struct product192 {
  uint128 high;
  std::uint64_t low;
  // The top 64 bits, odd when the 64 below them are more than 1 (round_to_odd's result).
  std::uint64_t rounded_to_odd() const noexcept { return std::uint64_t(high >> 64) | (std::uint64_t(high) > 1); }
  product192 plus(const product192& b) const noexcept {
    const std::uint64_t l = low + b.low;
    return {high + b.high + (l < low), l};
  }
  product192 minus(const product192& b) const noexcept { return {high - b.high - (low < b.low), low - b.low}; }
};
inline product192 multiply(const uint64_pair& g, std::uint64_t cp) noexcept {
  const uint128 low = uint128(g.low) * cp;
  return {uint128(g.high) * cp + (low >> 64), std::uint64_t(low)};
}
inline product192 shifted(const uint64_pair& g, int s) noexcept {  // g << s, 0 < s < 64
  return {uint128(g.high) << s | g.low >> (64 - s), g.low << s};
}
#endif

// digits < 10^17 has at most 16 trailing zeros: removed by powers 16, 8, 4, 2, 1 (each a multiply).
inline shortest_decimal without_trailing_zeros(std::uint64_t digits, int exponent) noexcept {
  if (digits % 10 != 0) return {digits, exponent};  // most of 17-digit outputs
  if (digits == 0) return {0, 0};
  auto strip = [&](std::uint64_t power, int zeros) {
    if (digits % power == 0) {
      digits /= power;
      exponent += zeros;
    }
  };
  strip(10000000000000000ULL, 16);
  strip(100000000, 8);
  strip(10000, 4);
  strip(100, 2);
  strip(10, 1);
  return {digits, exponent};
}

// A finite value as c * 2^q, from its significand and biased exponent.
struct binary_value {
  std::uint64_t c;
  int q;
};
template <class T> constexpr binary_value binary_of(std::uint64_t significand, int biased_exponent) noexcept {
  constexpr int p = float_traits<T>::significand_bits;
  constexpr int bias = (1 << (float_traits<T>::exponent_bits - 1)) - 1 + p;
  if (biased_exponent == 0) return {significand, 1 - bias};
  return {(std::uint64_t(1) << p) | significand, biased_exponent - bias};
}

// Schubfach (R. Giulietti, "The Schubfach way to render doubles"): the value c * 2^q scaled by 10^-k so
// that its rounding interval, 4 units wide here, holds at most one multiple of 10 units (k + 1 digits
// fewer) or of 40 units; products of the power of ten with the value and its interval's ends, rounded
// to odd. T's significand and biased exponent, finite.
template <class T> shortest_decimal shortest(std::uint64_t significand, int biased_exponent) noexcept {
  const auto [c, q] = binary_of<T>(significand, biased_exponent);
  if (c == 0) return {0, 0};
  if (q <= 0 && -q <= float_traits<T>::significand_bits && (c & ((std::uint64_t(1) << -q) - 1)) == 0)
    return without_trailing_zeros(c >> -q, 0);  // an integer
  const bool even = c % 2 == 0;
  const bool lower_closer = significand == 0 && biased_exponent > 1;
  const std::uint64_t cbl = 4 * c - 2 + lower_closer, cb = 4 * c, cbr = 4 * c + 2;
  const int k = lower_closer ? floor_log10_three_quarters_pow2(q) : floor_log10_pow2(q);
  const int h = q + floor_log2_pow10(-k) + 1;
  const uint64_pair& g = pow10_128[-k - pow10_128_low];
#if SIMDIGITS_HAS_INT128
  // One product: g * (cbl << h) and g * (cbr << h) differ from g * (cb << h) by g shifted (cbr = cb + 2,
  // cbl = cb - 2 or cb - 1; h is 1 to 4 for every exponent of the three formats), so they are that
  // product plus or minus a shifted g, exactly.
  (void)cbl, (void)cbr;
  const product192 p = multiply(g, cb << h);
  const std::uint64_t vb = p.rounded_to_odd(), vbr = p.plus(shifted(g, h + 1)).rounded_to_odd(),
                      vbl = p.minus(shifted(g, h + 1 - lower_closer)).rounded_to_odd();
#else
  const std::uint64_t vbl = round_to_odd(g, cbl << h), vb = round_to_odd(g, cb << h), vbr = round_to_odd(g, cbr << h);
#endif
  const std::uint64_t lower = vbl + !even, upper = vbr - !even;
  const std::uint64_t s = vb / 4;
  if (s >= 10) {
    const std::uint64_t sp = s / 10;
    const bool up_inside = lower <= 40 * sp, wp_inside = 40 * sp + 40 <= upper;
    if (up_inside != wp_inside) return without_trailing_zeros(wp_inside ? sp + 1 : sp, k + 1);
  }
  const bool u_inside = lower <= 4 * s, w_inside = 4 * s + 4 <= upper;
  if (u_inside != w_inside) return without_trailing_zeros(w_inside ? s + 1 : s, k);
  const std::uint64_t mid = 4 * s + 2;
  const bool round_up = vb > mid || (vb == mid && (s & 1) != 0);
  return without_trailing_zeros(round_up ? s + 1 : s, k);
}

// A value taken apart: its class, sign, and (finite) shortest decimal with its digit count.
struct float_parts {
  enum kind_type : std::uint8_t { finite, infinite, nan } kind;
  bool negative;
  shortest_decimal decimal;
  int digit_count;  // of decimal.digits (1 for zero)
  int point;        // the decimal exponent of the first digit: value = d.ddd * 10^point
  binary_value binary;
  bool positional;  // python style: whether the value's magnitude lies in fixed notation's range
  bool json_fixed;  // json style: whether its decimal exponent does
};

// A value's significand and biased exponent fields.
template <class T> struct binary_fields {
  std::uint64_t significand;
  int biased_exponent;
  bool negative;
  static constexpr int p = float_traits<T>::significand_bits, w = float_traits<T>::exponent_bits;
  explicit binary_fields(std::uint64_t bits) noexcept
      : significand(bits & ((std::uint64_t(1) << p) - 1)), biased_exponent(int((bits >> p) & ((1u << w) - 1))),
        negative((bits >> (p + w)) & 1) {}
  bool finite() const noexcept { return biased_exponent != (1 << w) - 1; }
};

template <class T> float_parts parts_of(T v) noexcept {
  using traits = float_traits<T>;
  const binary_fields<T> fields(traits::bits(v));
  float_parts r{};
  r.negative = fields.negative;
  if (!fields.finite()) {
    r.kind = fields.significand == 0 ? float_parts::infinite : float_parts::nan;
    return r;
  }
  r.kind = float_parts::finite;
  const std::uint64_t significand = fields.significand;
  const int biased = fields.biased_exponent;
  r.decimal = shortest<T>(significand, biased);
  r.binary = binary_of<T>(significand, biased);
  r.digit_count = count_digits(r.decimal.digits);
  r.point = r.decimal.exponent + r.digit_count - 1;
  // Fixed from 1e-4 up to 10^positional_below (which every type holds exactly). NumPy compares the
  // value with 1e-4: a float32 or float16 whose shortest digits are 1e-4 may lie below it (the double
  // nearest to 1e-4 lies above it, as Python's rule on the digits needs).
  r.positional = r.decimal.digits == 0 ||
                 (r.point < traits::positional_below && (r.point > -4 || (r.point == -4 && std::ldexp(double(r.binary.c), r.binary.q) >= 1e-4)));
  r.json_fixed = r.decimal.digits == 0 || (r.point >= traits::json_from && r.point < traits::json_below);
  return r;
}

// float_parts in 16 bytes, kept between measuring a value and writing it (binary, which the cpp style's
// integral values need, is taken from the value again).
struct packed_parts {
  std::uint64_t digits;
  std::int16_t exponent;
  std::uint8_t digit_count;
  std::uint8_t flags;  // kind, negative << 2, positional << 3, json_fixed << 4
};
inline packed_parts pack(const float_parts& f) noexcept {
  return {f.decimal.digits, std::int16_t(f.decimal.exponent), std::uint8_t(f.digit_count),
          std::uint8_t(f.kind | f.negative << 2 | f.positional << 3 | f.json_fixed << 4)};
}
inline float_parts unpack(const packed_parts& p, binary_value binary) noexcept {
  float_parts f{};
  f.kind = float_parts::kind_type(p.flags & 3);
  f.negative = (p.flags >> 2) & 1;
  f.positional = (p.flags >> 3) & 1;
  f.json_fixed = (p.flags >> 4) & 1;
  f.decimal = {p.digits, p.exponent};
  f.digit_count = p.digit_count;
  f.point = p.exponent + p.digit_count - 1;
  f.binary = binary;
  return f;
}
template <class T> binary_value binary_of_value(T v) noexcept {
  const binary_fields<T> fields(float_traits<T>::bits(v));
  return binary_of<T>(fields.significand, fields.biased_exponent);
}

// A float16 as the float it equals (exactly): orjson writes float16 values this way.
inline float widen(float16 v) noexcept {
  const std::uint32_t sign = std::uint32_t(v.bits >> 15) << 31, exponent = (v.bits >> 10) & 0x1f, significand = v.bits & 0x3ff;
  if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | significand << 13);
  const float magnitude = exponent == 0 ? float(significand) * 0x1p-24f
                                        : std::bit_cast<float>((exponent + 112) << 23 | significand << 13);
  return sign ? -magnitude : magnitude;
}

// Whether a style lays numbers out as orjson does.
constexpr bool json_layout(float_style style) noexcept { return style == float_style::json || style == float_style::polars; }
// Whether a style writes integral values in fixed notation with ".0" after them.
constexpr bool point_zero(float_style style) noexcept { return style != float_style::cpp && style != float_style::arrow; }
// Whether a style writes exponents with as few digits as they have ("1e-7", not "1e-07").
constexpr bool short_exponents(float_style style) noexcept { return json_layout(style) || style == float_style::arrow; }

// The value whose digits `style` writes: a float16 in JSON as its float.
template <class T> float_parts parts_in(T v, float_style style) noexcept {
  if constexpr (std::is_same_v<T, float16>) {
    if (json_layout(style)) return parts_of(widen(v));
    if (style == float_style::arrow) return parts_of(double(widen(v)));
  }
  return parts_of(v);
}

// Lengths of the two notations of a finite value (without sign).
inline int fixed_length(const float_parts& f, bool point_zero) noexcept {
  const int n = f.digit_count, e = f.point;
  if (e >= n - 1) return e + 1 + (point_zero ? 2 : 0);  // digits, zeros (".0")
  if (e >= 0) return n + 1;                            // digits with a point inside
  return n + 1 - e;                                    // "0.", -e - 1 zeros, digits
}
inline int exponent_digits(int e) noexcept { return e >= 100 || e <= -100 ? 3 : e >= 10 || e <= -10 ? 2 : 1; }
inline int scientific_length(const float_parts& f, int min_exponent_digits) noexcept {  // "d.ddde+XX"
  const int ed = exponent_digits(f.point);
  return f.digit_count + (f.digit_count > 1) + 2 + (ed < min_exponent_digits ? min_exponent_digits : ed);
}

// Whether a finite value is written in fixed notation, in each style.
inline bool fixed_notation(const float_parts& f, float_style style) noexcept {
  switch (style) {
  case float_style::cpp: return fixed_length(f, false) <= scientific_length(f, 2);
  case float_style::python: return f.positional;
  case float_style::json:
  case float_style::polars: return f.json_fixed;
  case float_style::arrow: return f.decimal.digits == 0 || (f.point >= -6 && f.point < 10);
  }
  return true;
}

inline int length_of(const float_parts& f, float_style style) noexcept {
  if (f.kind != float_parts::finite) {
    if (style == float_style::json) return 4;                                      // null
    if (f.kind == float_parts::nan) return 3 + (style == float_style::cpp && f.negative);  // nan, -nan, NaN
    return 3 + f.negative;                                                          // inf, -inf
  }
  const int body = fixed_notation(f, style) ? fixed_length(f, point_zero(style)) : scientific_length(f, short_exponents(style) ? 1 : 2);
  return f.negative + body;
}

// An integral value's `digits` exact digits (what std::to_chars writes in fixed notation: the value,
// not its shortest digits and zeros). It is below 10^22 here, the most fixed notation takes.
inline char* write_integer(char* out, binary_value v, int digits) noexcept {
#if SIMDIGITS_HAS_INT128
  return write_digits_wide(out, v.q >= 0 ? uint128(v.c) << v.q : uint128(v.c >> -v.q), digits);
#else
  return write_digits_exact(out, v.q >= 0 ? v.c << v.q : v.c >> -v.q, digits);
#endif
}

// A value's digits as text: 24 ASCII digits of d < 10^17, zeros before its own, in slot[0..24); its
// n digits are then the n before slot + 24. The engine fills slots a block at a time in vectors.
inline constexpr int digit_slot = 32;  // the bytes between two slots (the layout reads 32 past a first digit)
inline const char* digits_in(const char* slot, int n) noexcept { return slot + 24 - n; }  // the n digits' first
inline void fill_digits(char* slot, std::uint64_t d) noexcept {
  const std::uint64_t top = d / 10000000000000000ULL, rest = d - top * 10000000000000000ULL;
  const std::uint64_t high = rest / 100000000;
  store8(slot, 0x0030303030303030ULL | std::uint64_t('0' + top) << 56);
  store8(slot + 8, ascii8(std::uint32_t(high)));
  store8(slot + 16, ascii8(std::uint32_t(rest - high * 100000000)));
}

// Copies of whole words: what a layout writes past the text is overwritten after it or lies past its
// end, within the room it is given.
inline void copy16(char* out, const char* from) noexcept { std::memcpy(out, from, 16); }

// Lays out a finite value from its digits (the n = f.digit_count ASCII digits at `digits`, 32 bytes
// readable from there) at out, which has layout_room bytes of room; returns the end.
inline constexpr int layout_room = 64;
inline char* layout_finite(char* out, const float_parts& f, float_style style, const char* digits) noexcept {
  out = put_sign(out, f.negative);
  const int n = f.digit_count, e = f.point;
  if (fixed_notation(f, style)) {
    if (e >= n - 1) {
      // Integral. C++'s style writes the value's exact digits, which are the shortest ones and zeros
      // below 2^(p+1) (q <= 0: the value's neighbours are at most 1 away, so no other integer is as
      // near); every other style's fixed notation stops below 10^16: n <= e + 1 <= 16.
      if (style == float_style::cpp && f.binary.q > 0) return write_integer(out, f.binary, e + 1);
      copy16(out, digits);
      copy16(out + n, "0000000000000000");
      out += e + 1;
      if (!point_zero(style)) return out;
      std::memcpy(out, ".0", 2);
      return out + 2;
    }
    if (e >= 0) {  // a point inside: e + 1 digits before it, at most 16 after
      copy16(out, digits);
      out[e + 1] = '.';
      copy16(out + e + 2, digits + e + 1);
      return out + n + 1;
    }
    // "0.", -e - 1 zeros (at most 5 in every style), the digits (at most 17)
    std::memcpy(out, "0.000000", 8);
    copy16(out + 1 - e, digits);
    copy16(out + 17 - e, digits + 16);
    return out + n + 1 - e;
  }
  out[0] = digits[0];
  out[1] = '.';
  copy16(out + 2, digits + 1);
  out += n > 1 ? n + 1 : 1;
  *out++ = 'e';
  *out++ = e < 0 ? '-' : '+';
  const unsigned m = unsigned(e < 0 ? -e : e);
  if (m >= 100) {
    *out++ = char('0' + m / 100);
    std::memcpy(out, digit_pairs + 2 * (m % 100), 2);
    return out + 2;
  }
  if (m >= 10 || !short_exponents(style)) {  // two digits at least, but in some styles
    std::memcpy(out, digit_pairs + 2 * m, 2);
    return out + 2;
  }
  *out = char('0' + m);
  return out + 1;
}

// The text of a value not finite.
inline std::string_view special_text(const float_parts& f, float_style style) noexcept {
  return style == float_style::json ? "null"
         : f.kind == float_parts::infinite ? (f.negative ? "-inf" : "inf")
         : style == float_style::polars ? "NaN"
                                         : (style == float_style::cpp && f.negative ? "-nan" : "nan");
}

// Lays out any value, its digits (when finite) at `digits` as layout_finite takes them.
inline char* layout(char* out, const float_parts& f, float_style style, const char* digits) noexcept {
  if (f.kind == float_parts::finite) return layout_finite(out, f, style, digits);
  const std::string_view text = special_text(f, style);
  std::memcpy(out, text.data(), 4);  // every text has 3 or 4 bytes, and a string literal's NUL after it
  return out + text.size();
}

// Writes a value's text at out, which has max_float_chars<T> + 8 bytes of room (T's, the type f is of);
// may overwrite all of them.
template <class T> char* write_parts(char* out, const float_parts& f, float_style style) noexcept {
  constexpr std::size_t room = std::size_t(max_float_chars<T>) + 8;
  char slot[2 * digit_slot], text[layout_room] = {};
  fill_digits(slot, f.decimal.digits);
  const char* end = layout(text, f, style, digits_in(slot, f.digit_count));
  std::memcpy(out, text, room);
  return out + (end - text);
}

} // namespace detail

/// The number of characters `v` takes in `style`.
template <floating T> int float_length(T v, float_style style = float_style::cpp) noexcept {
  return detail::length_of(detail::parts_in(v, style), style);
}

/// Writes `v` in `style` at out and returns the end. Unchecked: out must have max_float_chars<T> + 8
/// bytes of room (bytes past the returned end, within that room, may be overwritten).
template <floating T> char* write(char* out, T v, float_style style = float_style::cpp) noexcept {
  return detail::write_parts<T>(out, detail::parts_in(v, style), style);
}

/// std::to_chars semantics: writes `v` in `style` into [first, last) and returns {end, errc{}}, or
/// returns {last, errc::value_too_large} and writes nothing when it does not fit. With the default
/// style the text is std::to_chars(first, last, v)'s.
template <floating T>
std::to_chars_result to_chars(char* first, char* last, T v, float_style style = float_style::cpp) noexcept {
  const detail::float_parts f = detail::parts_in(v, style);
  const int n = detail::length_of(f, style);
  if (last - first < n) return {last, std::errc::value_too_large};
  char buffer[max_float_chars<double> + 8];
  detail::write_parts<double>(buffer, f, style);  // every type's text fits a double's room
  std::memcpy(first, buffer, std::size_t(n));
  return {first + n, std::errc{}};
}

} // namespace simdigits
