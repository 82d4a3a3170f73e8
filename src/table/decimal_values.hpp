// Internal: decimal128 and decimal256 columns (table.hpp's decimal_column) as the table's values: each
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
  int limbs;  // 64-bit words a value: 2 or 4
  std::int32_t scale;
  bool python;
  std::size_t max_length;

  explicit decimal_values(const decimal_column& c) noexcept
      : base(static_cast<const unsigned char*>(c.data)), limbs(int(c.bits / 64)), scale(c.scale), python(c.python),
        // sign, 39 (77) digits, "0." and zeros before them, or an exponent; a negative scale's zeros
        max_length((c.bits == 256 ? 88 : 48) + std::size_t(std::abs(std::int64_t(c.scale)))) {}

  // The value's magnitude (its `limbs` words, least significant first) and sign.
  void magnitude(std::size_t i, std::uint64_t (&words)[4], bool& negative) const noexcept {
    std::memcpy(words, base + std::size_t(8 * limbs) * i, std::size_t(8 * limbs));
    negative = words[limbs - 1] >> 63;
    if (!negative) return;
    bool carry = true;  // two's complement: ~v + 1
    for (int k = 0; k < limbs; ++k) {
      words[k] = ~words[k] + carry;
      carry = carry && words[k] == 0;
    }
  }
  // The decimal digits of the magnitude in words[0..n) (consumed) at out (80 bytes of room); their count.
  static int digits_of(std::uint64_t (&words)[4], int n, char* out) noexcept {
    constexpr std::uint64_t e19 = 10'000'000'000'000'000'000u;
    std::uint64_t parts[5];  // 2^256 < 10^95
    int count = 0;
    while (n > 2 && words[n - 1] == 0) --n;
    while (n > 2) {  // past 128 bits: a long division by 10^19 a part
      u128 rest = 0;
      for (int k = n - 1; k >= 0; --k) {
        const u128 current = rest << 64 | words[k];
        words[k] = std::uint64_t(current / e19);
        rest = current % e19;
      }
      parts[count++] = std::uint64_t(rest);
      while (n > 2 && words[n - 1] == 0) --n;
    }
    u128 m = u128(words[1]) << 64 | words[0];  // (not 0 after a division: the quotient of 2^128 or more)
    while (m != 0 || count == 0) {
      parts[count++] = std::uint64_t(m % e19);
      m /= e19;
    }
    int length = count_digits<std::uint64_t>(parts[count - 1]);
    char* p = out + length;
    for (std::uint64_t v = parts[count - 1]; p != out; v /= 10) *--p = char('0' + v % 10);
    for (int k = count - 2; k >= 0; --k) {
      std::uint64_t v = parts[k];
      for (int d = 18; d >= 0; --d, v /= 10) out[length + d] = char('0' + v % 10);
      length += 19;
    }
    return length;
  }

  // Writes value i at p (max_length bytes of room); its end.
  char* put(std::size_t i, char* p) const noexcept {
    bool negative;
    std::uint64_t words[4];
    magnitude(i, words, negative);
    char digits[80];
    const int n = digits_of(words, limbs, digits);
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
    char text[176];  // max_length
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
