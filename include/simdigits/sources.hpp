// simdigits — what the batch functions format, described without copying it: integers in memory (any
// width, stride and byte order), Python-style ranges, lists of integers of any size, and floats in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

#include "simdigits/floating.hpp"
#include "simdigits/format.hpp"
#include "simdigits/integer_types.hpp"

namespace simdigits {

namespace detail {
template <class T, class... L> constexpr std::size_t index_in(type_list<L...>) noexcept {
  std::size_t i = 0;
  (void)((std::is_same_v<T, L> ? true : (++i, false)) || ...);
  return i;
}

// Every integer type reaches the kernels as the type of integer_types (or 128-bit type) of its size and
// sign.
template <std::size_t Size, bool Signed> struct canonical_of;
template <> struct canonical_of<1, true> { using type = std::int8_t; };
template <> struct canonical_of<1, false> { using type = std::uint8_t; };
template <> struct canonical_of<2, true> { using type = std::int16_t; };
template <> struct canonical_of<2, false> { using type = std::uint16_t; };
template <> struct canonical_of<4, true> { using type = std::int32_t; };
template <> struct canonical_of<4, false> { using type = std::uint32_t; };
template <> struct canonical_of<8, true> { using type = std::int64_t; };
template <> struct canonical_of<8, false> { using type = std::uint64_t; };
#if SIMDIGITS_HAS_INT128
template <> struct canonical_of<16, true> { using type = int128; };
template <> struct canonical_of<16, false> { using type = uint128; };
#endif
template <class T> using canonical_t = typename canonical_of<sizeof(T), is_signed<T>>::type;
} // namespace detail

/// The integer_type of any integer type of up to 64 bits, by its size and sign (`long` and `long long`
/// are both i64 where both have 64 bits).
template <integer T>
  requires(sizeof(T) <= 8)
inline constexpr integer_type integer_type_of =
    integer_type(detail::index_in<detail::canonical_t<std::remove_cv_t<T>>>(integer_types{}));

/// Integers in memory: `size` values of `type`, the k-th at `data + k * stride` bytes (negative strides,
/// any alignment), in the byte order opposite to the machine's when `byte_swapped`.
struct integer_column {
  const void* data = nullptr;
  std::size_t size = 0;
  integer_type type = integer_type::i64;
  std::ptrdiff_t stride = 8;
  bool byte_swapped = false;

  /// The values of a span, contiguous and in the machine's order.
  template <integer T>
    requires(sizeof(T) <= 8)
  static constexpr integer_column of(std::span<const T> values) noexcept {
    return {values.data(), values.size(), integer_type_of<T>, std::ptrdiff_t(sizeof(T)), false};
  }
};

/// range(start, stop, step) as Python defines it; a step of 0 is an invalid argument.
struct arithmetic_range {
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::int64_t step = 1;
};

/// A value of an integer_list that does not fit 64 bits, given as its decimal text ('-' and digits).
struct wide_integer {
  std::size_t index;      // its position in the list
  std::string_view text;
};

/// A float among the values of an integer_list: Python's lists mix ints and floats.
struct listed_float {
  std::size_t index;  // its position in the list
  double value;
};

/// Integers of any size, and floats among them: `values`, except that each of `wide` and of `floats`
/// (each sorted by index, no index twice in either or in both) stands at its index in place of the
/// value there. Python ints past 64 bits come as wide values; floats are written in `style`.
struct integer_list {
  std::span<const std::int64_t> values;
  std::span<const wide_integer> wide = {};
  std::span<const listed_float> floats = {};
  float_style style = float_style::cpp;
};

/// An element type of floats in memory: IEEE binary16, binary32, binary64.
enum class float_type : std::uint8_t { f16, f32, f64 };

/// Floats in memory, laid out as an integer_column's values are, and the style they are written in
/// (floating.hpp): `size` values of `type`, the k-th at `data + k * stride` bytes.
struct float_column {
  const void* data = nullptr;
  std::size_t size = 0;
  float_type type = float_type::f64;
  std::ptrdiff_t stride = 8;
  bool byte_swapped = false;
  float_style style = float_style::cpp;

  /// The values of a span, contiguous and in the machine's order.
  template <floating T>
  static constexpr float_column of(std::span<const T> values, float_style style = float_style::cpp) noexcept {
    const float_type type = std::is_same_v<T, double> ? float_type::f64 : std::is_same_v<T, float> ? float_type::f32
                                                                                                    : float_type::f16;
    return {values.data(), values.size(), type, std::ptrdiff_t(sizeof(T)), false, style};
  }
};

/// Any of the above: what join_plan, string_array_length and write_string_array take. Format specs
/// (spec.hpp) apply to integers only.
using numbers = std::variant<integer_column, arithmetic_range, integer_list, float_column>;
/// numbers' name from before float_column.
using integers = numbers;

} // namespace simdigits
