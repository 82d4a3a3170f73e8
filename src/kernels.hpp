// Internal: the kernel interface every backend implements, and the scalar loops they share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>

#include "simdigits/format.hpp"

namespace simdigits::detail {

// Every integer type reaches the kernels as one of these, by size and sign.
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

// ---- the kernel table ----------------------------------------------------------------------------
//
// join: writes values[0..n) joined by sep from out, never past end; returns the end of the text, or
// nullptr when it would not fit (which the callers' exact lengths rule out unless the values changed
// under them, e.g. a NumPy array written by another thread).
// range: the same for the n numbers first, first+step, ... (int64 arithmetic, no overflow for the
// numbers of a Python range).
template <class E>
using join_fn = char* (*)(const E* values, std::size_t n, std::string_view sep, char* out, char* end) noexcept;
using range_fn = char* (*)(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep,
                           char* out, char* end) noexcept;

using join_table = std::tuple<join_fn<std::int8_t>, join_fn<std::uint8_t>, join_fn<std::int16_t>,
                              join_fn<std::uint16_t>, join_fn<std::int32_t>, join_fn<std::uint32_t>,
                              join_fn<std::int64_t>, join_fn<std::uint64_t>>;

struct backend {
  std::string_view name;
  bool (*supported)() noexcept;
  join_table joins;
  range_fn range;

  template <class E> join_fn<E> join() const noexcept { return std::get<join_fn<E>>(joins); }
};

// The one place that chooses: the active backend (never null).
const backend& active() noexcept;

// ---- scalar loops, shared by every backend (their tails) ------------------------------------------

struct no_separator {
  static constexpr std::size_t size() noexcept { return 0; }
  char* put(char* p) const noexcept { return p; }
};
struct byte_separator {
  char c;
  static constexpr std::size_t size() noexcept { return 1; }
  char* put(char* p) const noexcept {
    *p = c;
    return p + 1;
  }
};
struct bytes_separator {
  std::string_view s;
  std::size_t size() const noexcept { return s.size(); }
  char* put(char* p) const noexcept {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
};

// Calls f with the separator strategy for sep, so that each loop is compiled for 0, 1 and n bytes.
template <class F> inline decltype(auto) with_separator(std::string_view sep, F&& f) {
  switch (sep.size()) {
  case 0: return f(no_separator{});
  case 1: return f(byte_separator{sep[0]});
  default: return f(bytes_separator{sep});
  }
}

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

// How far ahead the batch loops prefetch, in bytes. Measured on the 2-vCPU development VM, whose
// hardware prefetcher leaves a scalar loop over 40 MB latency-bound: prefetching 1-2 KB ahead made a
// digit-count pass 3x faster; 512 B ahead, 2x.
inline constexpr std::size_t prefetch_distance = 2048;

// Prefetches the cache lines of [p + prefetch_distance, + bytes).
template <int ForWrite = 0> inline void prefetch_ahead(const void* p, std::size_t bytes) noexcept {
  const char* first = static_cast<const char*>(p) + prefetch_distance;
  for (std::size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(first + offset, ForWrite);
}

inline constexpr std::size_t block = 16;  // values between two room checks and prefetches

template <class E> struct array_source {
  const E* p;
  E next() noexcept { return *p++; }
  void prefetch() const noexcept { prefetch_ahead(p, block * sizeof(E)); }
};

// The digits of values[0..n), signs included; the length pass every join does before allocating.
template <class E> std::size_t sum_digit_counts(const E* values, std::size_t n) noexcept {
  std::size_t digits = 0, i = 0;
  for (; i + block <= n; i += block) {
    prefetch_ahead(values + i, block * sizeof(E));
    for (std::size_t k = 0; k < block; ++k) digits += std::size_t(digit_count(values[i + k]));
  }
  for (; i < n; ++i) digits += std::size_t(digit_count(values[i]));
  return digits;
}
struct range_source {
  std::uint64_t value, step;  // unsigned: wraps where int64 would overflow past the last number
  static void prefetch() noexcept {}
  std::int64_t next() noexcept {
    const auto v = std::int64_t(value);
    value += step;
    return v;
  }
};

// Writes n values from src joined by sep into [p, end); nullptr if they do not fit. The room is
// checked once per block of values, so the inner loop is stores and arithmetic only.
template <class Source, class Sep>
char* join_scalar(Source& src, std::size_t n, Sep sep, char* p, char* end) noexcept {
  using T = decltype(src.next());
  if (n == 0) return p;
  p = put_checked(p, end, src.next());
  std::size_t i = 1;
  const std::size_t block_room = block * (std::size_t(wide_room<T>) + sep.size());
  while (p != nullptr && n - i >= block && std::size_t(end - p) >= block_room) {
    src.prefetch();
    prefetch_ahead<1>(p, block * (max_chars<T> + 1));
    for (std::size_t k = 0; k < block; ++k) p = write_with_slack(sep.put(p), src.next());
    i += block;
  }
  for (; i < n && p != nullptr; ++i) {
    if (std::size_t(end - p) < sep.size()) return nullptr;
    p = put_checked(sep.put(p), end, src.next());
  }
  return p;
}

template <class E>
char* scalar_join(const E* values, std::size_t n, std::string_view sep, char* out, char* end) noexcept {
  array_source<E> src{values};
  return with_separator(sep, [&](auto s) { return join_scalar(src, n, s, out, end); });
}

// len(range(start, stop, step)) for step != 0; every int64 range has fewer than 2^64 numbers.
std::uint64_t range_count(std::int64_t start, std::int64_t stop, std::int64_t step) noexcept;

char* scalar_range(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep, char* out,
                   char* end) noexcept;

} // namespace simdigits::detail
