// Internal: what the batch loops stream — separators, value sources, prefetching. No formatting code
// lives here, so the per-instruction-set kernels can include it without taking in format.hpp (whose
// inline functions, compiled with AVX2 flags there, could be the copies the linker keeps for all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace simdigits::detail {

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

// How far ahead the batch loops prefetch, in bytes: on virtual machines whose hardware prefetcher
// leaves a scalar loop over large arrays latency-bound, 1-2 KB ahead was the distance that hid the
// latency (512 B hid about half of it).
inline constexpr std::size_t prefetch_distance = 2048;

// Prefetches the cache lines of [p + prefetch_distance, + bytes).
template <int ForWrite = 0> inline void prefetch_ahead(const void* p, std::size_t bytes) noexcept {
  const char* first = static_cast<const char*>(p) + prefetch_distance;
  for (std::size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(first + offset, ForWrite);
}

inline constexpr std::size_t group_size = 16;  // values between two room checks and prefetches (a group)

// Short values, [-short_max, short_max]: at most four digits, which the kernels for them write in a
// fixed four-digit field (the scalar code's groups, avx512vbmi2's 8-byte slots).
inline constexpr int short_max = 9999;

template <class E> struct array_source {
  const E* p;
  E next() noexcept { return *p++; }
  void prefetch() const noexcept { prefetch_ahead(p, group_size * sizeof(E)); }
};

struct range_source {
  std::uint64_t value, step;  // unsigned: wraps where int64 would overflow past the last number
  static void prefetch() noexcept {}
  std::int64_t next() noexcept {
    const auto v = std::int64_t(value);
    value += step;
    return v;
  }
};

} // namespace simdigits::detail
