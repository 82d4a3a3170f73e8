// Internal: a backend built on one instruction set's kernel table: digit counts, joins (streamed
// past the caches when large), ranges.
#pragma once

#include <cstddef>
#include <string_view>
#include <tuple>

#include "range_blocks.hpp"
#include "simd_groups.hpp"
#include "stage.hpp"

namespace simdigits::detail {

// Elements up to 32 bits are counted in vectors, 64-bit ones where the instruction set has a vector
// count; the remainder (fewer than one vector) by the scalar code. Where it has none for 64-bit
// elements, runs of them that fit 32 bits are counted as 32-bit values (see narrowing_run).
template <simd::isa I, class E> std::size_t simd_digits(const E* values, std::size_t n) noexcept {
  if (const simd::count_fn<E> count = std::get<simd::count_fn<E>>(simd::table_of<I>().counts)) {
    std::size_t done = 0;
    const std::size_t digits = count(values, n, done);
    return digits + sum_digit_counts(values + done, n - done);
  }
  if constexpr (sizeof(E) == 8) {
    using N = narrow_of<E>;
    if (const simd::count_fn<N> count = std::get<simd::count_fn<N>>(simd::table_of<I>().counts)) {
      std::size_t digits = 0;
      by_narrow_runs(
          values, n,
          [&](const N* narrowed, std::size_t, std::size_t k) {
            std::size_t done = 0;
            digits += count(narrowed, k, done);
            digits += sum_digit_counts(narrowed + done, k - done);
          },
          [&](std::size_t from, std::size_t k) { digits += sum_digit_counts(values + from, k); });
      return digits;
    }
  }
  return sum_digit_counts(values, n);
}

// Joins stream as large ranges do, a bounded number of units per piece: their longest text, and the room
// the kernels check for before each group, always fit in the stage.
constexpr std::size_t max_streamed_separator = 64;
constexpr std::size_t join_piece_room = stage_bytes - 2048;

template <simd::isa I, class E, class Sep>
char* stream_join(const E* values, std::size_t n, Sep sep, char* out, std::size_t room) noexcept {
  // Whole groups of units: a piece's tail would go through the scalar code.
  const std::size_t units_per_piece = join_piece_room / (std::size_t(max_chars<E>) + sep.size()) / group_size * group_size;
  array_source<E> src{values};
  std::size_t left = n;
  return through_stage<I, stage_bytes>(out, room, [&](char* q, char* limit, bool& done, simd::line_sink* sink) {
    if (left == n) {
      q = put_checked(q, limit, src.next());
      --left;
    }
    const std::size_t k = std::min(left, units_per_piece);
    left -= k;
    done = left == 0;
    return q == nullptr ? q : put_units(src, k, sep, q, limit, simd_groups<I>{sink});
  });
}

// Memory in use streams when the values and at least their text (a byte each, when the end is not
// known) pass the caches: the text is then written exactly, and a caller without its end needs no
// length pass.
template <simd::isa I, class E>
char* simd_join(const E* values, std::size_t n, std::string_view sep, char* out, char* end,
                destination to) noexcept {
  if (to == destination::in_use && n > 0 && sep.size() <= max_streamed_separator) {
    const std::size_t room = end != nullptr ? std::size_t(end - out) : npos;
    const std::size_t text = room != npos ? room : n + (n - 1) * sep.size();
    if (n * sizeof(E) + text >= streaming_bytes) {
      return with_separator(sep, [&](auto s) { return stream_join<I>(values, n, s, out, room); });
    }
  }
  if (end == nullptr) end = text_end(values, n, sep, out, simd_digits<I, E>);
  return join_array<simd_groups<I>>(values, n, sep, out, end);
}

template <simd::isa I, class... E> constexpr join_table simd_joins(type_list<E...>) noexcept {
  return {simd_join<I, E>...};
}
template <simd::isa I, class... E> constexpr digits_table simd_digit_counts(type_list<E...>) noexcept {
  return {simd_digits<I, E>...};
}

// Each value's length in vectors where the instruction set counts E, the remainder by the scalar code;
// 64-bit values without a vector count as simd_digits counts them, by runs that fit 32 bits.
template <simd::isa I, class E> void simd_lengths(const E* values, std::size_t n, std::uint8_t* lengths) noexcept {
  if (const auto each = std::get<simd::lengths_fn<E>>(simd::table_of<I>().lengths)) {
    const std::size_t done = each(values, n, lengths);
    return scalar_lengths(values + done, n - done, lengths + done);
  }
  if constexpr (sizeof(E) == 8) {
    using N = narrow_of<E>;
    if (const auto each = std::get<simd::lengths_fn<N>>(simd::table_of<I>().lengths)) {
      return by_narrow_runs(
          values, n,
          [&](const N* narrowed, std::size_t from, std::size_t k) {
            const std::size_t done = each(narrowed, k, lengths + from);
            scalar_lengths(narrowed + done, k - done, lengths + from + done);
          },
          [&](std::size_t from, std::size_t k) { scalar_lengths(values + from, k, lengths + from); });
    }
  }
  scalar_lengths(values, n, lengths);
}
template <simd::isa I, class... E> constexpr lengths_table simd_value_lengths(type_list<E...>) noexcept {
  return {simd_lengths<I, E>...};
}

template <simd::isa I> constexpr backend simd_backend(std::string_view name, bool (*supported)() noexcept) {
  return {name,          supported, simd_joins<I>(integer_types{}), simd_range<I>, simd_digit_counts<I>(integer_types{}),
          simd_value_lengths<I>(integer_types{}), simd::float_parts_kernel<I>, simd::float_digits_kernel<I>};
}

} // namespace simdigits::detail
