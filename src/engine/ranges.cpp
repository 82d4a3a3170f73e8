// The batch functions over Python-style ranges: the length in closed form, then the range kernels (the
// engine's slices when several threads write).
#include <algorithm>
#include <stdexcept>

#include "../backends/backend.hpp"
#include "plan.hpp"
#include "simdigits/simdigits.hpp"

namespace simdigits {

namespace detail {

__extension__ using i128 = __int128;

constexpr i128 floor_div(i128 a, i128 b) noexcept {  // b > 0
  if (a == std::int64_t(a) && b == std::int64_t(b)) {  // the usual case, without 128-bit library calls
    const std::int64_t q = std::int64_t(a) / std::int64_t(b), r = std::int64_t(a) % std::int64_t(b);
    return q - (r != 0 && a < 0);
  }
  const i128 q = a / b;
  return q - (a % b != 0 && a < 0);
}
constexpr i128 ceil_div(i128 a, i128 b) noexcept { return -floor_div(-a, b); }

// An increasing progression: n terms first, first + step, ..., last (step > 0).
struct progression {
  i128 first, step, n, last;
  progression(i128 first_term, i128 stride, i128 terms) noexcept
      : first(first_term), step(stride), n(terms), last(first_term + (terms - 1) * stride) {}
  // How many terms lie in [lo, hi]. The divisions are 128-bit library calls, so the intervals that hold
  // none of the terms or all of them (every decade but one or two, in a short range) are settled first.
  i128 count_in(i128 lo, i128 hi) const noexcept {
    if (n == 0 || hi < first || lo > last) return 0;
    if (lo <= first && last <= hi) return n;
    const i128 k_lo = std::max<i128>(0, ceil_div(lo - first, step));
    const i128 k_hi = std::min<i128>(n - 1, floor_div(hi - first, step));
    return std::max<i128>(0, k_hi - k_lo + 1);
  }
};

struct range_shape {
  std::uint64_t n;   // terms
  i128 digits;       // characters of all terms, signs included
};

std::uint64_t range_count(std::int64_t start, std::int64_t stop, std::int64_t step) noexcept {
  // Span and stride fit in 64 unsigned bits: stop - start < 2^64, |step| <= 2^63.
  const std::uint64_t span = step > 0 ? std::uint64_t(stop) - std::uint64_t(start) : std::uint64_t(start) - std::uint64_t(stop);
  const std::uint64_t stride = step > 0 ? std::uint64_t(step) : std::uint64_t(0) - std::uint64_t(step);
  const bool any = step > 0 ? stop > start : start > stop;
  return any ? (span - 1) / stride + 1 : 0;
}

// Counts terms by decade: d-digit terms fill [10^(d-1), 10^d - 1] and its mirror, so the whole length is
// a sum of ~40 interval counts, whatever the range's size.
range_shape shape_of(std::int64_t start, std::int64_t stop, std::int64_t step) noexcept {
  // Walk the range upwards; when it runs downwards, walk its negation and move the '-' to the other side.
  const bool down = step < 0;
  const i128 first = down ? -i128(start) : i128(start);
  const i128 stride = down ? -i128(step) : i128(step);
  const i128 n = range_count(start, stop, step);
  const progression p{first, stride, n};
  i128 digits = p.count_in(0, 0);
  i128 low = 1;
  for (int d = 1; d <= 19; ++d) {
    const i128 high = low * 10 - 1;
    digits += p.count_in(low, high) * (d + down) + p.count_in(-high, -low) * (d + !down);
    low *= 10;
  }
  return {std::uint64_t(n), digits};
}

std::size_t text_length(const range_shape& shape, std::string_view sep) noexcept {
  if (shape.n == 0) return 0;
  if (shape.digits > i128(npos)) return npos;
  return add_lengths(std::size_t(shape.digits), shape.n - 1, sep.size());
}
} // namespace detail

std::size_t range_length(std::int64_t start, std::int64_t stop, std::int64_t step, std::string_view sep) noexcept {
  if (step == 0) return npos;
  return detail::text_length(detail::shape_of(start, stop, step), sep);
}

char* concat_range(std::int64_t start, std::int64_t stop, std::int64_t step, std::string_view sep,
                   char* out, unsigned threads) noexcept {
  if (step == 0) return nullptr;
  const detail::range_shape shape = detail::shape_of(start, stop, step);
  const std::size_t length = detail::text_length(shape, sep);
  const auto range = detail::active().range;
  if (detail::write_in_parallel(threads, length) && detail::task_count(shape.n, threads) > 1) {
    try {  // slices written by threads at offsets in closed form
      const join_plan plan(arithmetic_range{start, stop, step}, sep, threads);
      if (plan.write(std::span<char>(out, length))) return out + length;
    } catch (const std::bad_alloc&) {
    }  // no memory for the slices: one thread writes
  }
  return range(start, shape.n, step, sep, out, out + length, detail::destination::in_use);
}

std::string concat_range(std::int64_t start, std::int64_t stop, std::int64_t step, std::string_view sep) {
  if (step == 0) throw std::invalid_argument("simdigits::concat_range: step must not be zero");
  const std::size_t length = range_length(start, stop, step, sep);
  if (length == npos || length > std::string().max_size())
    throw std::length_error("simdigits::concat_range: text too long for a std::string");
  std::string text(length, '\0');
  concat_range(start, stop, step, sep, text.data());
  return text;
}

} // namespace simdigits
