// Internal: the kernel interface every backend implements, and the scalar loops they share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>

#include "simdigits/format.hpp"
#include "simdigits/sources.hpp"
#include "../simd/glue.hpp"
#include "../streams.hpp"

namespace simdigits::detail {

// ---- the kernel table ----------------------------------------------------------------------------
//
// join: writes values[0..n) joined by sep from out, never past end; returns the end of the text, or
// nullptr when it would not fit (which the callers' exact lengths rule out unless the values changed
// under them, e.g. a NumPy array written by another thread). end == nullptr: the caller guarantees room
// for the whole text but does not know where it ends (C++'s join(values, sep, out)); a kernel that
// needs the end measures it, one that writes exactly never reads the values twice.
// range: the same for the n numbers first, first+step, ... (int64 arithmetic, no overflow for the
// numbers of a Python range).
// Both are told what memory they write to (see destination).
//
// Fresh memory (just allocated, never touched: Python's new str and bytes) faults in a page at a time,
// and the kernel's zeroing leaves each page in cache, where plain stores cost least: streaming it
// measured twice as slow. Memory in use (a caller's buffer) is not cached past a few MB; text that
// large is streamed past the caches (backends.cpp).
enum class destination { fresh, in_use };

template <class E>
using join_fn = char* (*)(const E* values, std::size_t n, std::string_view sep, char* out, char* end,
                          destination to) noexcept;
using range_fn = char* (*)(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep,
                           char* out, char* end, destination to) noexcept;

using join_table = tuple_over_t<join_fn>;

// digits: the digits of values[0..n), signs included (the length pass before every join).
template <class E> using digits_fn = std::size_t (*)(const E* values, std::size_t n) noexcept;
using digits_table = tuple_over_t<digits_fn>;

// lengths: the text length (digits and sign) of each of values[0..n), into lengths[0..n) (a row's end
// in a table, a value's end in a string array).
template <class E> using lengths_fn = void (*)(const E* values, std::size_t n, std::uint8_t* lengths) noexcept;
using lengths_table = tuple_over_t<lengths_fn>;

struct backend {
  std::string_view name;
  bool (*supported)() noexcept;
  join_table joins;
  range_fn range;
  digits_table digit_counts;
  lengths_table value_lengths;
  simd::float_parts_fn float_parts;    // floats' parts and lengths in blocks; nullptr: one value at a time
  simd::float_digits_fn float_digits;  // their digits as text in blocks; nullptr: one value at a time

  template <class E> join_fn<E> join() const noexcept { return std::get<join_fn<E>>(joins); }
  template <class E> digits_fn<E> digits() const noexcept { return std::get<digits_fn<E>>(digit_counts); }
  template <class E> lengths_fn<E> lengths() const noexcept { return std::get<lengths_fn<E>>(value_lengths); }
};

// The one place that chooses: the active backend (never null).
const backend& active() noexcept;

// ---- scalar loops, shared by every backend (their tails) ------------------------------------------

template <class T> inline char* put_checked(char* p, char* end, T v) noexcept {
  constexpr std::ptrdiff_t room = wide_room<T>;
  if (end - p >= room) [[likely]]
    return write_with_slack(p, v);
  // At least 24 bytes: GCC cannot see that widened 8/16-bit values never take the 9+ digit branches.
  char buffer[room < 24 ? 24 : room];
  const std::size_t length = std::size_t(write_with_slack(buffer, v) - buffer);
  if (length > std::size_t(end - p)) return nullptr;
  std::memcpy(p, buffer, length);
  return p + length;
}

// Short values ([-9999, 9999]: counts, codes, years, cents) take a cheaper way in the scalar code, a
// group at a time where the whole group is short (one branch a group, not a value): their digits by
// comparisons, not from the bit length, and their text from one lookup of four digits, no division.
template <class E> bool short_group(const E* values) noexcept {
  if constexpr (sizeof(E) == 1) return true;
  // Unsigned arithmetic at least 64 bits wide (E's own width for 128-bit E): [-short_max, short_max] ->
  // [0, 2 short_max].
  using W = std::conditional_t<(sizeof(E) > 8), unsigned_of<E>, std::uint64_t>;
  bool all = true;
  for (std::size_t k = 0; k < group_size; ++k)
    all &= is_signed<E> ? W(W(values[k]) + short_max) <= W(2 * short_max) : W(values[k]) <= W(short_max);
  return all;
}

// The digits of m <= short_max, by comparisons.
inline int short_length(std::uint32_t m) noexcept { return 1 + (m >= 10) + (m >= 100) + (m >= 1000); }

template <class T> inline char* write_short(char* out, T v) noexcept {
  const split_sign<T> s(v);
  out = put_sign(out, s.negative);
  const auto m = std::uint32_t(s.magnitude);
  const int d = short_length(m);
  store8(out, std::uint64_t(ascii4(m) >> (8 * (4 - d))));
  return out + d;
}

template <class E> std::size_t short_digits(const E* values) noexcept {
  std::size_t digits = 0;
  for (std::size_t k = 0; k < group_size; ++k) {
    const split_sign<E> s(values[k]);
    digits += std::size_t(s.negative) + std::size_t(short_length(std::uint32_t(s.magnitude)));
  }
  return digits;
}

// The digits of values[0..n), signs included; the length pass every join does before allocating.
template <class E> std::size_t sum_digit_counts(const E* values, std::size_t n) noexcept {
  std::size_t digits = 0, i = 0;
  for (; i + group_size <= n; i += group_size) {
    prefetch_ahead(values + i, group_size * sizeof(E));
    if (short_group(values + i)) {
      digits += short_digits(values + i);
      continue;
    }
    for (std::size_t k = 0; k < group_size; ++k) digits += std::size_t(digit_count(values[i + k]));
  }
  for (; i < n; ++i) digits += std::size_t(digit_count(values[i]));
  return digits;
}
// A "unit" is a separator followed by a value: after the first value, every join is a run of units.
// Groups policies write as many whole groups of units as have room and return how many units they
// wrote (advancing p); put_units finishes the rest one by one, each checked against end.

// The scalar groups: 16 units between two room checks and prefetches.
struct scalar_groups {
  template <class Source, class Sep>
  std::size_t operator()(Source& src, std::size_t count, Sep sep, char*& p, char* end) const noexcept {
    using T = decltype(src.next());
    const std::size_t group_room = group_size * (std::size_t(wide_room<T>) + sep.size());
    std::size_t done = 0;
    for (; count - done >= group_size && std::size_t(end - p) >= group_room; done += group_size) {
      src.prefetch();
      prefetch_ahead<1>(p, group_size * (max_chars<T> + 1));
      if constexpr (requires { src.p; }) {
        // The values through a local pointer: src.p in memory would be stored and loaded again for
        // every value, since the text's stores may alias it.
        const auto* values = src.p;
        src.p += group_size;
        if (short_group(values))
          for (std::size_t k = 0; k < group_size; ++k) p = write_short(sep.put(p), values[k]);
        else
          for (std::size_t k = 0; k < group_size; ++k) p = write_with_slack(sep.put(p), values[k]);
      } else {
        for (std::size_t k = 0; k < group_size; ++k) p = write_with_slack(sep.put(p), src.next());
      }
    }
    return done;
  }
};

template <class Source, class Sep, class Groups>
char* put_units(Source& src, std::size_t count, Sep sep, char* p, char* end, Groups groups) noexcept {
  for (std::size_t done = groups(src, count, sep, p, end); done < count && p != nullptr; ++done) {
    if (std::size_t(end - p) < sep.size()) return nullptr;
    p = put_checked(sep.put(p), end, src.next());
  }
  return p;
}

// Writes n values from src joined by sep into [p, end); nullptr if they do not fit.
template <class Source, class Sep, class Groups>
char* join_values(Source& src, std::size_t n, Sep sep, char* p, char* end, Groups groups) noexcept {
  if (n == 0) return p;
  p = put_checked(p, end, src.next());
  return p == nullptr ? p : put_units(src, n - 1, sep, p, end, groups);
}

template <class... E> constexpr digits_table scalar_digit_counts(type_list<E...>) noexcept {
  return {sum_digit_counts<E>...};
}

template <class E> void scalar_lengths(const E* values, std::size_t n, std::uint8_t* lengths) noexcept {
  for (std::size_t i = 0; i < n; ++i) lengths[i] = std::uint8_t(digit_count(values[i]));
}
template <class... E> constexpr lengths_table scalar_value_lengths(type_list<E...>) noexcept {
  return {scalar_lengths<E>...};
}

// The end of values[0..n) joined by sep from out, measured with `digits`.
template <class E>
char* text_end(const E* values, std::size_t n, std::string_view sep, char* out, digits_fn<E> digits) noexcept {
  return n == 0 ? out : out + digits(values, n) + (n - 1) * sep.size();
}

// The join_fn and range_fn of a backend whose groups policy is Groups (which writes through the caches
// to any destination).
template <class Groups, class E>
char* join_array(const E* values, std::size_t n, std::string_view sep, char* out, char* end,
                 destination = destination::in_use) noexcept {
  if (end == nullptr) end = text_end(values, n, sep, out, sum_digit_counts<E>);
  array_source<E> src{values};
  return with_separator(sep, [&](auto s) { return join_values(src, n, s, out, end, Groups{}); });
}
template <class Groups>
char* join_range(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep, char* out,
                 char* end, destination = destination::in_use) noexcept {
  range_source src{std::uint64_t(first), std::uint64_t(step)};
  return with_separator(sep, [&](auto s) { return join_values(src, n, s, out, end, Groups{}); });
}
template <class Groups, class... E> constexpr join_table joins_of(type_list<E...>) noexcept {
  return {join_array<Groups, E>...};
}

// len(range(start, stop, step)) for step != 0; every int64 range has fewer than 2^64 numbers.
std::uint64_t range_count(std::int64_t start, std::int64_t stop, std::int64_t step) noexcept;


} // namespace simdigits::detail
