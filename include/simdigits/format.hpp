// simdigits — single-value formatting, header-only: digit_count, write, to_chars.
// Including this header (or simdigits.hpp) is enough for these; nothing needs to be linked.
#pragma once

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <type_traits>

namespace simdigits {

namespace detail {

template <class T> struct is_integer : std::false_type {};
template <> struct is_integer<char> : std::true_type {};
template <> struct is_integer<signed char> : std::true_type {};
template <> struct is_integer<unsigned char> : std::true_type {};
template <> struct is_integer<short> : std::true_type {};
template <> struct is_integer<unsigned short> : std::true_type {};
template <> struct is_integer<int> : std::true_type {};
template <> struct is_integer<unsigned> : std::true_type {};
template <> struct is_integer<long> : std::true_type {};
template <> struct is_integer<unsigned long> : std::true_type {};
template <> struct is_integer<long long> : std::true_type {};
template <> struct is_integer<unsigned long long> : std::true_type {};
#if defined(__SIZEOF_INT128__)
#define SIMDIGITS_HAS_INT128 1
// __extension__ keeps -Wpedantic quiet: __int128 is a GNU type under -std=c++20.
__extension__ using int128 = __int128;
__extension__ using uint128 = unsigned __int128;
template <> struct is_integer<int128> : std::true_type {};
template <> struct is_integer<uint128> : std::true_type {};
#endif

} // namespace detail

/// The types simdigits formats: every built-in integer type (`__int128` too where the compiler has it),
/// not `bool` and not the character types other than `char`.
template <class T>
concept integer = detail::is_integer<std::remove_cv_t<T>>::value;

namespace detail {

// Own traits: std::is_signed / std::make_unsigned do not know __int128 under -std=c++20.
template <class T> inline constexpr bool is_signed = T(-1) < T(0);

template <std::size_t Size> struct uint_of_size;
template <> struct uint_of_size<1> { using type = std::uint8_t; };
template <> struct uint_of_size<2> { using type = std::uint16_t; };
template <> struct uint_of_size<4> { using type = std::uint32_t; };
template <> struct uint_of_size<8> { using type = std::uint64_t; };
#if SIMDIGITS_HAS_INT128
template <> struct uint_of_size<16> { using type = uint128; };
#endif
template <class T> using unsigned_of = typename uint_of_size<sizeof(T)>::type;

template <class U> constexpr int decimal_digits(U v) noexcept {
  int d = 1;
  for (; v >= 10; v /= 10) ++d;
  return d;
}

// The largest magnitude of T: its max, or for a signed type the magnitude of its min.
template <class T> constexpr unsigned_of<T> max_magnitude() noexcept {
  using U = unsigned_of<T>;
  return is_signed<T> ? U(U(1) << (8 * sizeof(T) - 1)) : U(~U(0));
}

} // namespace detail

/// The most characters a value of type T takes in decimal, '-' included: the buffer `write` needs.
template <integer T>
inline constexpr int max_chars = detail::decimal_digits(detail::max_magnitude<T>()) + detail::is_signed<T>;

namespace detail {

// zero_or_pow10[t] is 10^t, except [0] = 0 so that the digit count of 0 comes out as 1.
template <class U> struct pow10_table {
  static constexpr int size = decimal_digits(U(~U(0)));
  U values[size];
  constexpr pow10_table() noexcept : values{} {
    U p = 1;
    for (int i = 1; i < size; ++i) values[i] = p *= 10;
  }
};
template <class U> inline constexpr pow10_table<U> zero_or_pow10{};

// Digit count from the bit length: bits*1233>>12 is floor(bits*log10(2)) for every bit length a U has,
// which leaves one comparison with a power of ten to settle between t and t+1 digits.
// Bit width of v != 0. Without lzcnt, x86 has bsr, whose destination is also an input (kept when the
// source is 0): in a loop that chains every digit count to the previous one (~10 cycles a value), so
// the register is zeroed first to break the chain.
template <class U> constexpr int bit_width_nonzero(U v) noexcept {
#if SIMDIGITS_HAS_INT128
  if constexpr (sizeof(U) == 16) {
    const auto high = std::uint64_t(v >> 64);
    return high ? 64 + bit_width_nonzero(high) : bit_width_nonzero(std::uint64_t(v));
  } else
#endif
  {
#if defined(__x86_64__) && !defined(__LZCNT__) && defined(__GNUC__)
    if (!std::is_constant_evaluated()) {
      std::uint64_t index;
      __asm__("xorl %k0, %k0\n\tbsrq %1, %0" : "=&r"(index) : "rm"(std::uint64_t(v)) : "cc");
      return int(index) + 1;
    }
#endif
    return int(std::bit_width(v));
  }
}

template <class U> constexpr int count_digits(U v) noexcept {
  const int bits = bit_width_nonzero(U(v | 1));
  const int t = (bits * 1233) >> 12;
  return t + 1 - (v < zero_or_pow10<U>.values[t]);
}
template <class U> constexpr int count_digits_any(U v) noexcept {
  if constexpr (sizeof(U) < sizeof(std::uint64_t)) return count_digits<std::uint64_t>(v);
#if SIMDIGITS_HAS_INT128
  else if constexpr (sizeof(U) == 16) {
    if (std::uint64_t(v >> 64) == 0) return count_digits<std::uint64_t>(std::uint64_t(v));
    return count_digits<uint128>(v);
  }
#endif
  else return count_digits<U>(v);
}

inline constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

inline void store8(char* out, std::uint64_t word) noexcept {
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  std::memcpy(out, &word, 8);
}

// "0000".."9999": four digits per lookup. 40 KB, which a batch keeps in L1/L2; it halves the
// multiplications of the two-digit table's loop.
struct digit_quad_table {
  char quads[10000][4];
  constexpr digit_quad_table() noexcept : quads{} {
    for (int i = 0; i < 10000; ++i) {
      quads[i][0] = char('0' + i / 1000);
      quads[i][1] = char('0' + i / 100 % 10);
      quads[i][2] = char('0' + i / 10 % 10);
      quads[i][3] = char('0' + i % 10);
    }
  }
};
inline constexpr digit_quad_table digit_quads{};

inline std::uint32_t ascii4(std::uint32_t v) noexcept {  // v < 10^4; first digit in the lowest byte
  std::uint32_t word;
  std::memcpy(&word, digit_quads.quads[v], 4);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap32(word);
  return word;
}

// The 8 digits of v < 10^8 as ASCII in one word, most significant digit in the lowest byte (first
// in memory, as store8 writes it).
inline std::uint64_t ascii8(std::uint32_t v) noexcept {
  const std::uint32_t high = v / 10000;
  return ascii4(high) | std::uint64_t(ascii4(v - high * 10000)) << 32;
}

// Writes the d digits of v (d == count_digits(v), d <= 20). Touches [out, out + max(d, 8)): callers
// give 8 bytes of room even for short numbers, the price of storing whole words.
template <class U> inline char* write_digits_wide(char* out, U v, int d) noexcept {
  static_assert(sizeof(U) == 4 || sizeof(U) == 8);
  if (d <= 8) {
    store8(out, ascii8(std::uint32_t(v)) >> (8 * (8 - d)));
  } else if (sizeof(U) == 4 || d <= 16) {
    const U high = v / 100000000;
    store8(out, ascii8(std::uint32_t(high)) >> (8 * (16 - d)));
    store8(out + d - 8, ascii8(std::uint32_t(v - high * 100000000)));
  } else {
    const std::uint64_t top = std::uint64_t(v) / 10000000000000000ULL;
    const std::uint64_t rest = std::uint64_t(v) - top * 10000000000000000ULL;
    const std::uint64_t mid = rest / 100000000;
    store8(out, ascii4(std::uint32_t(top)) >> (8 * (20 - d)));
    store8(out + d - 16, ascii8(std::uint32_t(mid)));
    store8(out + d - 8, ascii8(std::uint32_t(rest - mid * 100000000)));
  }
  return out + d;
}

// Exactly d digits written right to left, two per step: for types too narrow for 8-byte stores.
template <class U> inline char* write_digits_exact(char* out, U v, int d) noexcept {
  char* p = out + d;
  while (v >= 100) {
    p -= 2;
    std::memcpy(p, digit_pairs + 2 * (v % 100), 2);
    v = U(v / 100);
  }
  if (v >= 10) std::memcpy(p - 2, digit_pairs + 2 * v, 2);
  else p[-1] = char('0' + v);
  return out + d;
}

#if SIMDIGITS_HAS_INT128
// 16 digits of v < 10^16, leading zeros kept.
inline void write16(char* out, std::uint64_t v) noexcept {
  const std::uint64_t high = v / 100000000;
  store8(out, ascii8(std::uint32_t(high)));
  store8(out + 8, ascii8(std::uint32_t(v - high * 100000000)));
}

inline char* write_digits_wide(char* out, uint128 v, int d) noexcept {
  constexpr std::uint64_t e16 = 10000000000000000ULL;
  if (std::uint64_t(v >> 64) == 0) return write_digits_wide(out, std::uint64_t(v), d);
  const std::uint64_t low = std::uint64_t(v % e16);
  const uint128 above = v / e16;
  if (std::uint64_t(above >> 64) == 0) {
    write_digits_wide(out, std::uint64_t(above), d - 16);
  } else {
    write_digits_wide(out, std::uint64_t(above / e16), d - 32);
    write16(out + d - 32, std::uint64_t(above % e16));
  }
  write16(out + d - 16, low);
  return out + d;
}
#endif

// The magnitude of v as its unsigned type, and whether v is negative; no branch.
template <class T> struct split_sign {
  unsigned_of<T> magnitude;
  bool negative;
  constexpr explicit split_sign(T v) noexcept
      : magnitude(unsigned_of<T>(v)), negative(false) {
    if constexpr (is_signed<T>) {
      negative = v < 0;
      magnitude = negative ? unsigned_of<T>(0 - magnitude) : magnitude;
    }
  }
};

// Stores '-' unconditionally and steps over it only for a negative: no branch on the sign.
inline char* put_sign(char* out, bool negative) noexcept {
  *out = '-';
  return out + negative;
}

// Bytes write_with_slack may touch for a T: the sign, and whole 8-byte words even for short numbers.
template <class T>
inline constexpr int wide_room = is_signed<T> + (decimal_digits(max_magnitude<T>()) > 8
                                                     ? decimal_digits(max_magnitude<T>())
                                                     : 8);

// Writes v and returns the end; touches [out, out + wide_room<T>). Types narrower than 32 bits widen.
template <class T> inline char* write_with_slack(char* out, T v) noexcept {
  const split_sign<T> s(v);
  out = put_sign(out, s.negative);
  using W = std::conditional_t<(sizeof(T) < 4), std::uint32_t, unsigned_of<T>>;
  const W magnitude = s.magnitude;
  if constexpr (sizeof(T) == 4) {  // not for widened 8/16-bit values, which never reach 9 digits
    // 9 and 10 digits, most of a uniform u32: the count is one comparison, the leading one or two
    // digits one lookup in the pair table.
    if (magnitude >= 100000000) {
      const std::uint32_t high = magnitude / 100000000;
      const bool ten = magnitude >= 1000000000;
      std::memcpy(out, digit_pairs + 2 * high + !ten, 2);
      store8(out + 1 + ten, ascii8(magnitude - high * 100000000));
      return out + 9 + ten;
    }
  }
  return write_digits_wide(out, magnitude, count_digits_any(magnitude));
}

} // namespace detail

/// The number of characters of v in decimal, the '-' of a negative included.
template <integer T> constexpr int digit_count(T v) noexcept {
  const detail::split_sign<T> s(v);
  return detail::count_digits_any(s.magnitude) + s.negative;
}

/// Writes v in decimal at out and returns the end. Unchecked: out must have max_chars<T> bytes of room
/// (bytes past the returned end, within that room, may be overwritten).
template <integer T> inline char* write(char* out, T v) noexcept {
  if constexpr (detail::wide_room<T> <= max_chars<T>) {
    return detail::write_with_slack(out, v);
  } else {
    const detail::split_sign<T> s(v);
    out = detail::put_sign(out, s.negative);
    return detail::write_digits_exact(out, s.magnitude, detail::count_digits_any(s.magnitude));
  }
}

/// std::to_chars semantics (base 10): writes v into [first, last) and returns {end, errc{}}, or returns
/// {last, errc::value_too_large} and writes nothing when it does not fit.
template <integer T> inline std::to_chars_result to_chars(char* first, char* last, T v) noexcept {
  const std::ptrdiff_t room = last - first;
  const int n = digit_count(v);
  if (room < n) return {last, std::errc::value_too_large};
  if (room >= max_chars<T>) return {write(first, v), std::errc{}};
  char buffer[max_chars<T>];
  write(buffer, v);
  std::memcpy(first, buffer, std::size_t(n));
  return {first + n, std::errc{}};
}

} // namespace simdigits
