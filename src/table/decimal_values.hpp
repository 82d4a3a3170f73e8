// Internal: decimal128 columns (table.hpp's decimal_column) as the table's values: each 128-bit
// integer's digits, then the point placed by the scale, as polars or Python's Decimal writes them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "simdigits/format.hpp"
#include "simdigits/table.hpp"

namespace simdigits::detail {

struct decimal_values {
  __extension__ using u128 = unsigned __int128;
  const unsigned char* base;
  std::int32_t scale;
  bool python;
  std::size_t max_length;

  explicit decimal_values(const decimal_column& c) noexcept
      : base(static_cast<const unsigned char*>(c.data)), scale(c.scale), python(c.python),
        // sign, 39 digits, "0." and zeros before them, or an exponent; a negative scale's zeros
        max_length(48 + std::size_t(std::abs(std::int64_t(c.scale)))) {}

  // The value's magnitude and sign.
  u128 magnitude(std::size_t i, bool& negative) const noexcept {
    std::uint64_t low, high;
    std::memcpy(&low, base + 16 * i, 8);
    std::memcpy(&high, base + 16 * i + 8, 8);
    const u128 v = u128(high) << 64 | low;
    negative = high >> 63;
    return negative ? ~v + 1 : v;
  }
  // The decimal digits of m at out (40 bytes of room); their count.
  static int digits_of(u128 m, char* out) noexcept {
    constexpr std::uint64_t e19 = 10'000'000'000'000'000'000u;
    std::uint64_t parts[3];
    int n = 0;
    do {
      parts[n++] = std::uint64_t(m % e19);
      m /= e19;
    } while (m != 0);
    int length = count_digits<std::uint64_t>(parts[n - 1]);
    char* p = out + length;
    for (std::uint64_t v = parts[n - 1]; p != out; v /= 10) *--p = char('0' + v % 10);
    for (int k = n - 2; k >= 0; --k) {
      std::uint64_t v = parts[k];
      for (int d = 18; d >= 0; --d, v /= 10) out[length + d] = char('0' + v % 10);
      length += 19;
    }
    return length;
  }

  // Writes value i at p (max_length bytes of room); its end.
  char* put(std::size_t i, char* p) const noexcept {
    bool negative;
    char digits[40];
    const int n = digits_of(magnitude(i, negative), digits);
    if (negative) *p++ = '-';
    const std::int64_t adjusted = std::int64_t(n) - 1 - scale;  // Python's: the exponent of the first digit
    if (python && (scale < 0 || adjusted < -6)) {  // d[.ddd]E±x
      *p++ = digits[0];
      if (n > 1) *p++ = '.', p = std::copy(digits + 1, digits + n, p);
      *p++ = 'E';
      *p++ = adjusted < 0 ? '-' : '+';
      std::uint64_t e = std::uint64_t(adjusted < 0 ? -adjusted : adjusted);
      const int width = count_digits<std::uint64_t>(e);
      for (int d = width - 1; d >= 0; --d, e /= 10) p[d] = char('0' + e % 10);
      return p + width;
    }
    if (scale <= 0) {  // the integer, then (polars) the scale's zeros: of 0, none
      p = std::copy(digits, digits + n, p);
      if (n == 1 && digits[0] == '0') return p;
      std::memset(p, '0', std::size_t(-std::int64_t(scale)));
      return p - std::int64_t(scale);
    }
    if (n > scale) {
      p = std::copy(digits, digits + n - scale, p);
      *p++ = '.';
      return std::copy(digits + n - scale, digits + n, p);
    }
    *p++ = '0', *p++ = '.';
    std::memset(p, '0', std::size_t(scale - n));
    return std::copy(digits, digits + n, p + (scale - n));
  }

  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t total = 0;
    char text[128];
    for (std::size_t i = from; i < from + count; ++i) total += std::size_t(put(i, text) - text);
    return total;
  }
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at_, Offset* ends) const noexcept {
    for (std::size_t i = from; i < from + count; ++i) {
      if (std::size_t(end - out) < max_length) return nullptr;
      char* const next = put(i, out);
      *ends++ = at_ += Offset(next - out);
      out = next;
    }
    return out;
  }
};

} // namespace simdigits::detail
