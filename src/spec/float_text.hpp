// Internal: floats under a format spec, as Python's format(v, spec) and `spec % v` write them (and
// printf's %d of a float, its integer part). Digits
// at a precision come correctly rounded (ties to even, on the exact value) from the value's exact
// decimal expansion; without a precision (Python's format type none) they are the shortest digits of
// floating.hpp. Every value is written as the double it equals (float32 and float16 widen exactly, and
// integers convert as Python's float() does), as Python formats NumPy's scalars.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "decorate.hpp"
#include "simdigits/floating.hpp"
#include "simdigits/format.hpp"
#include "simdigits/spec.hpp"

namespace simdigits::detail {

// The exact decimal expansion of a double has at most 767 significant digits (2^53 * 5^1074 < 10^767).
inline constexpr int max_exact_digits = 767;

// A decimal d[0].d[1]d[2]... * 10^exponent with `count` digits and none of them a trailing zero;
// count 0 is zero.
struct exact_decimal {
  char digits[max_exact_digits + 1];
  int count = 0;
  int exponent = 0;

  void strip_zeros() noexcept {
    while (count > 0 && digits[count - 1] == '0') --count;
  }
  // The digit `index` places after the first ('0' past the last and for zero).
  char at(int index) const noexcept { return index >= 0 && index < count ? digits[index] : '0'; }
};

// 10^0 ... 10^38, the powers of ten below 2^128.
inline constexpr auto powers_of_ten = [] {
  std::array<uint128, 39> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// The exponent of ten of a positive value c * 2^q (c > 0), or one less: that of its power of two below.
inline int decimal_exponent_estimate(binary_value b) noexcept { return floor_log10_pow2(b.q + 63 - __builtin_clzll(b.c)); }

// The exact digits of a finite positive double. Its value is m * 2^e: for e >= 0 the integer m << e,
// else m * 5^-e * 10^e. The integer is 128 bits when it fits (written by format.hpp's writer), else
// a big integer of 32-bit limbs turned into decimal 9 digits (one division pass) at a time.
inline void exact_digits(double v, exact_decimal& d) noexcept {
  auto [m, e] = binary_of_value(v);
  d.count = 0;
  if (m == 0) return;
  const int zeros = __builtin_ctzll(m);
  m >>= zeros, e += zeros;
  const int width = 64 - __builtin_clzll(m);
  if ((e >= 0 && width + e <= 128) || (e < 0 && e >= -27)) {  // 5^27 < 2^63: m * 5^27 < 2^116
    uint128 five = 1;
    for (int i = 0; i < -e; ++i) five *= 5;
    const uint128 n = e >= 0 ? uint128(m) << e : uint128(m) * five;
    d.count = int(simdigits::write(d.digits, n) - d.digits);
    d.exponent = d.count - 1 + (e < 0 ? e : 0);
    return d.strip_zeros();
  }
  constexpr int buffer_size = max_exact_digits + 9;
  char buffer[buffer_size];
  char* const end = buffer + buffer_size;
  std::uint32_t limbs[84] = {std::uint32_t(m), std::uint32_t(m >> 32)};  // little-endian
  int n = limbs[1] != 0 ? 2 : 1;
  if (e >= 0) {
    const int words = e / 32, shift = e % 32;
    for (int i = n - 1; i >= 0; --i) limbs[i + words] = limbs[i];
    for (int i = 0; i < words; ++i) limbs[i] = 0;
    n += words;
    if (shift != 0) {
      std::uint32_t carry = 0;
      for (int i = words; i < n; ++i) {
        const std::uint32_t next = limbs[i] >> (32 - shift);
        limbs[i] = (limbs[i] << shift) | carry;
        carry = next;
      }
      if (carry != 0) limbs[n++] = carry;
    }
  } else {
    for (int left = -e; left > 0;) {  // times 5^13 (below 2^32) while it lasts, then the rest
      const int step = left < 13 ? left : 13;
      std::uint32_t factor = 1;
      for (int i = 0; i < step; ++i) factor *= 5;
      std::uint64_t carry = 0;
      for (int i = 0; i < n; ++i) {
        const std::uint64_t x = std::uint64_t(limbs[i]) * factor + carry;
        limbs[i] = std::uint32_t(x);
        carry = x >> 32;
      }
      if (carry != 0) limbs[n++] = std::uint32_t(carry);
      left -= step;
    }
  }
  char* first = end;
  while (n > 0) {
    std::uint64_t rest = 0;
    for (int i = n - 1; i >= 0; --i) {
      const std::uint64_t x = (rest << 32) | limbs[i];
      limbs[i] = std::uint32_t(x / 1'000'000'000);
      rest = x % 1'000'000'000;
    }
    while (n > 0 && limbs[n - 1] == 0) --n;
    for (int i = 0; i < 9; ++i, rest /= 10) *--first = char('0' + rest % 10);
  }
  while (*first == '0') ++first;
  d.count = int(end - first);
  d.exponent = d.count - 1 + (e < 0 ? e : 0);
  std::memcpy(d.digits, first, std::size_t(d.count));
  d.strip_zeros();
}

// Rounds d to its first `keep` digits, ties to even; keep <= 0 rounds below the first digit.
inline void round_digits(exact_decimal& d, int keep) noexcept {
  if (d.count == 0 || keep >= d.count) return;
  if (keep < 0) {  // below half a unit of the place kept
    d.count = 0;
    return;
  }
  const char next = d.digits[keep];
  // Past `next` there are digits only when they are not all zeros (d has no trailing zeros).
  const bool up = next > '5' || (next == '5' && (keep + 1 < d.count || (keep > 0 && (d.digits[keep - 1] - '0') % 2 == 1)));
  d.count = keep;
  if (!up) return d.strip_zeros();
  int i = keep - 1;
  while (i >= 0 && d.digits[i] == '9') --i;
  if (i < 0) {  // 9...9 carries to 1 in the next place up
    d.digits[0] = '1';
    d.count = 1;
    ++d.exponent;
  } else {
    ++d.digits[i];
    d.count = i + 1;
  }
}

// The digits of a finite positive double rounded (ties to even) to `precision` significant digits, or
// with `fixed`, to `precision` digits after the point — in most cases from one 64 x 128-bit product
// with a power of ten of floating.hpp's table: v * 10^k = m * 2^e * 10^k = (m * g - m * delta) / 2^s,
// where g is the table's ceiling of 10^k scaled to 128 bits (0 <= delta < 1). The computed product
// exceeds the exact one by less than m < 2^53 units of 2^-s, far less than half a unit: its integer
// part rounds as the exact one does unless its fraction lies within that error of one half (then
// false: the caller expands the value exactly). Also false when the digits pass 34 or 10^k the table.
// Without `strip`, d may keep trailing zeros (at() reads them as it reads the places past its digits);
// without `spell`, d has its count and exponent but not its digits (what a length needs).
inline bool fast_rounded(double v, int precision, bool fixed, exact_decimal& d, bool strip = true, bool spell = true) noexcept {
  const binary_value b = binary_of_value(v);
  const std::uint64_t m = b.c;
  const int e = b.q;
  d.count = 0;
  if (m == 0) return true;
  constexpr int max_digits = 34;  // 10^35 < 2^117: the integer part stays in the top 128 bits
  const int estimate = decimal_exponent_estimate(b);
  if (fixed ? estimate + 1 + precision > max_digits : precision > max_digits) return false;
  uint128 whole = 0;
  int k = fixed ? precision : precision - 1 - estimate;
  for (int attempt = 0;; ++attempt) {
    if (k < pow10_128_low || k > pow10_128_high) return false;
    const uint64_pair& g = pow10_128[k - pow10_128_low];
    const int s = 127 - floor_log2_pow10(k) - e;  // v * 10^k = m * g / 2^s (less the error)
    if (s < 66) return false;
    if (s >= 192) {  // below 2^-11: rounds to zero
      d.count = 0;
      return true;
    }
    const product192 p = multiply(g, m);
    whole = p.high >> (s - 64);
    if (!fixed && attempt == 0 && whole >= powers_of_ten[std::size_t(precision)]) {  // the exponent was one more
      --k;
      continue;
    }
    const bool half = (p.high >> (s - 65)) & 1;                     // bit s - 1: the fraction's first
    const uint128 below = p.high & ((uint128(1) << (s - 65)) - 1);  // (s >= 66: bit 0 and up)
    const bool past_error = (p.low >> 53) != 0 || below != 0;      // a 1 among bits 53 to s - 2
    if (half && !past_error) return false;  // within the error of a tie
    whole += half;
    break;
  }
  if (whole == 0) return true;
  int n;
  if (whole >> 64 == 0 && !strip) {
    n = count_digits(std::uint64_t(whole));
    if (spell) simdigits::write(d.digits, std::uint64_t(whole));
    d.count = n;
  } else if (whole >> 64 == 0) {  // zeros off the integer (a few multiplies), not the text
    const shortest_decimal t = without_trailing_zeros(std::uint64_t(whole), 0);
    const int length = count_digits(t.digits);
    n = length + t.exponent;
    if (spell) simdigits::write(d.digits, t.digits);
    d.count = length;
  } else {
    n = int(simdigits::write(d.digits, whole) - d.digits);
    d.count = n;
    d.strip_zeros();
  }
  d.exponent = n - 1 - k;
  return true;
}

// The integer part of a finite double, truncated toward zero as Python's int() does (printf's %d of a
// float): its digits, and its sign when it is not zero.
struct integer_part {
  char digits[310];  // a double's integer part has at most 309 digits
  std::size_t count = 1;
  bool negative = false;

  explicit integer_part(double v) noexcept {
    exact_decimal d;
    exact_digits(std::fabs(v), d);
    digits[0] = '0';
    if (d.count == 0 || d.exponent < 0) return;
    count = std::size_t(d.exponent) + 1;
    for (std::size_t i = 0; i < count; ++i) digits[i] = d.at(int(i));
    negative = v < 0;
  }
};

// A value's text under a float spec, taken apart: sign, the digits and where they go, and padding.
struct float_text {
  exact_decimal d;
  const char* word = nullptr;  // "inf", "nan" (or in capitals) in place of digits
  bool negative = false;
  bool scientific = false;
  bool point = false;
  bool percent = false;
  int whole = 1;      // digits before the point (leading zeros of grouped zero padding included)
  int fraction = 0;   // digits after it
  int exponent = 0;   // scientific: of ten
  std::size_t padding = 0;  // fill characters
  std::size_t length = 0;   // bytes in all
  bool measuring = false;   // for the length alone: d may lack its digits (and e its exponent)

  // Lays out v under s (a floating() spec). With `measure_only`, for the length alone: the digits are
  // left out, and for e and E the rounding too (their length takes only the exponent's digit count).
  float_text(double v, const format_spec& s, bool measure_only = false) noexcept : measuring(measure_only) {
    char type = s.type;
    const bool nan = std::isnan(v);
    negative = std::signbit(v) && !nan;
    if (type == '%') v *= 100, percent = true;
    if (nan || std::isinf(v)) {
      const bool upper = type == 'E' || type == 'F' || type == 'G';
      word = nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    } else if (type == 'r' && !s.precision_given) {
      shortest(std::fabs(v), s);
    } else {
      const double a = std::fabs(v);
      const int precision = s.precision_given ? int(s.precision) : 6;
      switch (type) {
      case 'e': case 'E':
        scientific = true;
        fraction = precision;
        if (measuring && a != 0) {  // the exponent's digits, unless rounding may carry it to 100 or -99
          const int x = decimal_exponent_estimate(binary_of_value(a));  // the exponent, or one less
          if (x < 97 && x > -99) {
            d.count = 1, d.exponent = x;  // a stand-in: its exponent has as many digits as the value's
            break;
          }
        }
        round_to(a, precision + 1, false);
        break;
      case 'f': case 'F': case '%':
        round_to(a, precision, true);
        fraction = precision;
        break;
      default:  // g, G, and r with a precision: g's choice with ".0" on whole numbers and sooner exponents
        general(a, precision == 0 ? 1 : precision, type == 'r', s.alternate);
      }
      point = fraction > 0 || s.alternate;
      if (!scientific && d.count > 0) whole = d.exponent >= 0 ? d.exponent + 1 : 1;
      if (scientific) exponent = d.count > 0 ? d.exponent : 0;
    }
    if (s.no_negative_zero && word == nullptr && d.count == 0) negative = false;
    measure(s);
  }

  void shortest(double a, const format_spec& s) noexcept {
    const float_parts f = parts_of(a);  // its digits have no trailing zeros
    d.count = f.decimal.digits == 0 ? 0 : int(simdigits::write(d.digits, f.decimal.digits) - d.digits);
    d.exponent = f.point;
    const int x = d.count > 0 ? d.exponent : 0;
    scientific = x < -4 || x >= 16;
    fraction = scientific ? d.count - 1 : d.count - x - 1;
    if (fraction < 0) fraction = 0;
    if (!scientific && fraction == 0) fraction = 1;  // "1.0"
    point = fraction > 0 || s.alternate;
    whole = !scientific && x >= 0 ? x + 1 : 1;
    if (scientific) exponent = x;
  }

  // d: a's digits rounded to `precision` significant digits, or with `fixed` to that many after the point.
  void round_to(double a, int precision, bool fixed, bool strip = false) noexcept {
    if (fast_rounded(a, precision, fixed, d, strip, !measuring)) return;
    exact_digits(a, d);
    round_digits(d, fixed ? d.exponent + 1 + precision : precision);
  }

  void general(double a, int precision, bool dot_zero, bool alternate) noexcept {
    round_to(a, precision, false, true);  // its fraction ends at the last digit that is not zero
    const int x = d.count > 0 ? d.exponent : 0;
    scientific = x < -4 || x >= precision - (dot_zero ? 1 : 0);
    fraction = scientific ? precision - 1 : precision - 1 - x;
    if (!alternate) {
      const int significant = scientific ? d.count - 1 : d.count - x - 1;
      fraction = std::max(0, std::min(fraction, significant));
    }
    if (dot_zero && !scientific && fraction == 0) fraction = 1;
  }

  std::size_t sign_length(const format_spec& s) const noexcept { return sign_text(s, negative).size(); }
  static std::size_t grouped(int digits, char grouping) noexcept {
    return std::size_t(digits) + (grouping ? std::size_t(digits - 1) / 3 : 0);
  }
  static int exponent_length(int x) noexcept { return 2 + (x >= 100 || x <= -100 ? 3 : 2); }

  void measure(const format_spec& s) noexcept {
    const std::size_t tail = std::size_t(point) + std::size_t(fraction) + (scientific ? exponent_length(exponent) : 0) + percent;
    std::size_t content = word ? sign_length(s) + 3 + percent : sign_length(s) + grouped(whole, s.grouping) + tail;
    if (word == nullptr && s.grouping && s.fill == "0" && s.alignment == format_spec::align::after_sign)
      // Zero padding is digits, grouped as they are (never a separator first).
      while (content < s.width) {
        ++whole;
        content = sign_length(s) + grouped(whole, s.grouping) + tail;
      }
    padding = content < s.width ? s.width - content : 0;
    length = s.before.size() + content + padding * s.fill.size() + s.after.size();
  }

  // Writes d's digits first, first + 1, ... (n of them; '0' outside d's), as zeros and one copy.
  char* digit_run(char* p, int first, int n) const noexcept {
    const int from = std::clamp(first, 0, d.count), to = std::clamp(first + n, from, d.count);
    const std::size_t zeros_before = std::size_t(std::clamp(-first, 0, std::max(n, 0)));
    const std::size_t copied = std::size_t(to - from);
    std::memset(p, '0', zeros_before);
    p += zeros_before;
    if (copied != 0) std::memcpy(p, d.digits + from, copied);
    p += copied;
    const std::size_t zeros_after = std::size_t(std::max(n, 0)) - zeros_before - copied;
    std::memset(p, '0', zeros_after);
    return p + zeros_after;
  }

  // Writes the text (`length` bytes) at p; returns its end.
  char* write(char* p, const format_spec& s) const noexcept {
    const padding_places pad = place_padding(s, padding);
    p = put_fill(put_text(p, s.before), s, pad.before);
    p = put_fill(put_text(p, sign_text(s, negative)), s, pad.inside);
    if (word) {
      std::memcpy(p, word, 3);
      p += 3;
    } else {
      // The digit of place q (10^q, or the mantissa's for scientific) is d's digit anchor - q: the
      // whole part is digits anchor - whole + 1 to anchor, the fraction those after.
      const int anchor = scientific ? 0 : d.exponent;
      if (s.grouping) {
        for (int q = whole - 1; q >= 0; --q) {
          *p++ = d.at(anchor - q);
          if (q > 0 && q % 3 == 0) *p++ = s.grouping;
        }
      } else {
        p = digit_run(p, anchor - whole + 1, whole);
      }
      if (point) *p++ = '.';
      p = digit_run(p, anchor + 1, fraction);
      if (scientific) {
        *p++ = s.type == 'E' || s.type == 'G' ? 'E' : 'e';
        *p++ = exponent < 0 ? '-' : '+';
        const int x = exponent < 0 ? -exponent : exponent;
        if (x >= 100) *p++ = char('0' + x / 100);
        *p++ = char('0' + x / 10 % 10);
        *p++ = char('0' + x % 10);
      }
    }
    if (percent) *p++ = '%';
    return put_text(put_fill(p, s, pad.after), s.after);
  }
};

} // namespace simdigits::detail
