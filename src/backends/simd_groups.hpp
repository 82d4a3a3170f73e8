// Internal: the groups policy that runs an instruction set's kernels, and the 32-bit runs of
// 64-bit values it sends to the 32-bit kernels.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "backend.hpp"
#include "../simd/glue.hpp"

namespace simdigits::detail {

// 64-bit values that all fit 32 bits (ids, counts, codes, years, prices in cents: most int64 columns)
// take the 32-bit kernels, a run at a time: OR-reductions over the run decide, one a group, so no
// branch depends on one value, and the run is narrowed into a buffer that stays in L1. A run that does
// not fit sends the next wide_runs runs the 64-bit way unchecked: columns of wide values stay wide, and
// they then pay neither the check nor a kernel call per run. Runs are multiples of every kernel's
// group, so only the array's tail is left to the caller's scalar finish.
inline constexpr std::size_t narrowing_run = 512;
inline constexpr std::size_t wide_runs = 8;

template <class E> using narrow_of = std::conditional_t<std::is_signed_v<E>, std::int32_t, std::uint32_t>;

template <class E> bool fits_narrow(const E* values, std::size_t n) noexcept {
  constexpr std::uint64_t bias = std::is_signed_v<E> ? std::uint64_t(1) << 31 : 0;  // [-2^31, 2^31) -> [0, 2^32)
  std::size_t i = 0;
  for (; i + group_size <= n; i += group_size) {
    std::uint64_t high = 0;
    for (std::size_t k = 0; k < group_size; ++k) high |= (std::uint64_t(values[i + k]) + bias) >> 32;
    if (high != 0) return false;
  }
  std::uint64_t high = 0;
  for (; i < n; ++i) high |= (std::uint64_t(values[i]) + bias) >> 32;
  return high == 0;
}

template <class E> void narrow(const E* values, std::size_t n, narrow_of<E>* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = narrow_of<E>(values[i]);
}

// Calls narrow_run(narrowed, from, k) for each run of values[from, from + k) (narrowing_run long) that
// fits 32 bits, narrowed into a buffer in L1, and wide_run(from, k) for each other run: the counts and
// lengths of 64-bit values where an instruction set has them for 32-bit values only.
template <class E, class Narrow, class Wide>
void by_narrow_runs(const E* values, std::size_t n, Narrow&& narrow_run, Wide&& wide_run) noexcept {
  alignas(64) narrow_of<E> narrowed[narrowing_run];
  for (std::size_t from = 0; from < n; from += narrowing_run) {
    const std::size_t k = std::min(narrowing_run, n - from);
    if (fits_narrow(values + from, k)) {
      narrow(values + from, k, narrowed);
      narrow_run(static_cast<const narrow_of<E>*>(narrowed), from, k);
    } else {
      wide_run(from, k);
    }
  }
}

template <class Source> inline constexpr bool is_wide_array = false;
template <> inline constexpr bool is_wide_array<array_source<std::int64_t>> = true;
template <> inline constexpr bool is_wide_array<array_source<std::uint64_t>> = true;

// The groups policy that calls instruction set I's kernels (writing into a stage: with its sink).
template <simd::isa I> struct simd_groups {
  simd::line_sink* sink = nullptr;
  template <class Source, class Sep>
  std::size_t operator()(Source& src, std::size_t count, Sep sep, char*& p, char* end) const noexcept {
    if constexpr (is_wide_array<Source> && !simd::narrows_wide_runs<I>) return by_runs(src, count, sep, p, end);
    else return simd::groups<Source, Sep>(simd::table_of<I>())(src, count, sep, p, end, sink);
  }

  template <class E, class Sep>
  std::size_t by_runs(array_source<E>& src, std::size_t count, Sep sep, char*& p, char* end) const noexcept {
    using N = narrow_of<E>;
    const auto wide = simd::groups<array_source<E>, Sep>(simd::table_of<I>());
    const auto narrow_groups = simd::groups<array_source<N>, Sep>(simd::table_of<I>());
    alignas(64) N narrowed[narrowing_run];
    std::size_t done = 0;
    while (count - done >= group_size) {
      std::size_t k = std::min(narrowing_run, count - done), written;
      if (fits_narrow(src.p, k)) {
        narrow(src.p, k, narrowed);
        array_source<N> from{narrowed};
        written = narrow_groups(from, k, sep, p, end, sink);
        src.p += written;
      } else {
        k = std::min(wide_runs * narrowing_run, count - done);
        written = wide(src, k, sep, p, end, sink);
      }
      done += written;
      if (written < k) break;  // the room ran out, or the tail is shorter than a kernel's group
    }
    return done;
  }
};

} // namespace simdigits::detail
