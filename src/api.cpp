// The public batch functions: exact lengths, then one write through the active backend.
#include <algorithm>
#include <stdexcept>
#include <vector>

#include "backends/backend.hpp"
#include "engine/threads.hpp"
#include "simdigits/simdigits.hpp"

namespace simdigits {

namespace detail {

// Product and sum that report overflow of std::size_t as npos.
inline std::size_t add_lengths(std::size_t digits, std::size_t separators, std::size_t sep_size) noexcept {
  std::size_t total;
  if (__builtin_mul_overflow(separators, sep_size, &total) || __builtin_add_overflow(total, digits, &total))
    return npos;
  return total;
}

// The caller's buffer: memory in use, with room for the text; `end` where it ends (nullptr: not known).
template <class E>
char* join_canonical(const E* values, std::size_t n, std::string_view sep, char* out, char* end) noexcept {
  if constexpr (sizeof(E) <= 8) return active().join<E>()(values, n, sep, out, end, destination::in_use);
  else return join_array<scalar_groups>(values, n, sep, out, end);  // 128-bit: scalar only
}

// The digits of values[0..n), signs included.
template <class E> std::size_t digits_of(const E* values, std::size_t n) noexcept {
  if constexpr (sizeof(E) <= 8) return active().digits<E>()(values, n);
  else return sum_digit_counts(values, n);  // 128-bit: scalar only
}

// join on `tasks` threads: each slice's digits counted at once, then each slice written from its offset
// (nullptr: no memory for the offsets, nothing written).
template <class E>
char* join_in_slices(const E* values, std::size_t n, std::string_view sep, char* out, std::size_t tasks,
                     unsigned threads) noexcept {
  std::vector<std::size_t> ends;  // ends[i]: where slice i's text ends, from out
  try {
    ends.resize(tasks);
  } catch (const std::exception&) {
    return nullptr;
  }
  auto from = [&](std::size_t i) { return slice_start(n, tasks, i); };
  run_tasks(tasks, [&](std::size_t i) { ends[i] = digits_of(values + from(i), from(i + 1) - from(i)); });
  for (std::size_t i = 0; i < tasks; ++i) ends[i] += (i ? ends[i - 1] : 0) + (from(i + 1) - from(i)) * sep.size();
  const std::size_t length = ends[tasks - 1] - sep.size();  // n - 1 separators
  if (!write_in_parallel(threads, length)) return join_canonical(values, n, sep, out, out + length);
  // Slice i: the separator before it (but for the first), then its values.
  run_tasks(tasks, [&](std::size_t i) {
    char* p = out + (i ? ends[i - 1] - sep.size() : 0);
    if (i != 0) p = std::copy(sep.begin(), sep.end(), p);
    join_canonical(values + from(i), from(i + 1) - from(i), sep, p, out + ends[i] - sep.size());
  });
  return out + length;
}

// ---- range_length in closed form -------------------------------------------------------------------

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

} // namespace detail

template <integer T> std::size_t formatted_length(std::span<const T> values, std::string_view sep) noexcept {
  if (values.empty()) return 0;
  using E = detail::canonical_t<T>;
  const E* data = reinterpret_cast<const E*>(values.data());
  std::size_t digits;
  if constexpr (sizeof(E) <= 8) digits = detail::active().digits<E>()(data, values.size());
  else digits = detail::sum_digit_counts(data, values.size());  // 128-bit: scalar only
  return detail::add_lengths(digits, values.size() - 1, sep.size());
}

template <integer T> char* join(std::span<const T> values, std::string_view sep, char* out, unsigned threads) noexcept {
  using E = detail::canonical_t<T>;
  const E* data = reinterpret_cast<const E*>(values.data());
  const std::size_t tasks = detail::task_count(values.size(), threads);
  if (tasks > 1)
    if (char* end = detail::join_in_slices(data, values.size(), sep, out, tasks, threads)) return end;
  return detail::join_canonical(data, values.size(), sep, out, nullptr);
}

template <integer T> std::string join(std::span<const T> values, std::string_view sep) {
  const std::size_t length = formatted_length(values, sep);
  if (length == npos) throw std::length_error("simdigits::join: text longer than std::size_t");
  std::string text(length, '\0');
  join(values, sep, text.data());
  return text;
}

namespace detail {
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
  const std::size_t tasks = detail::write_in_parallel(threads, length) ? detail::task_count(shape.n, threads) : 1;
  if (tasks == 1) return range(start, shape.n, step, sep, out, out + length, detail::destination::in_use);
  auto number = [&](std::size_t k) {
    return std::int64_t(std::uint64_t(start) + std::uint64_t(k) * std::uint64_t(step));
  };
  // Where the text of the first k numbers ends, in closed form (number n would not fit in int64).
  auto end_of = [&](std::size_t k) {
    return out + (k == shape.n ? length : range_length(start, number(k), step, sep));
  };
  // Slice i: the separator before it (but for the first), then its numbers.
  detail::run_tasks(tasks, [&](std::size_t i) {
    const std::size_t from = detail::slice_start(shape.n, tasks, i), to = detail::slice_start(shape.n, tasks, i + 1);
    char* p = end_of(from);
    if (from != 0) p = std::copy(sep.begin(), sep.end(), p);
    range(number(from), to - from, step, sep, p, end_of(to), detail::destination::in_use);
  });
  return out + length;
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

#define SIMDIGITS_INSTANTIATE(T)                                                                      \
  template std::size_t formatted_length<T>(std::span<const T>, std::string_view) noexcept;           \
  template char* join<T>(std::span<const T>, std::string_view, char*, unsigned) noexcept;           \
  template std::string join<T>(std::span<const T>, std::string_view);

SIMDIGITS_INSTANTIATE(char)
SIMDIGITS_INSTANTIATE(signed char)
SIMDIGITS_INSTANTIATE(unsigned char)
SIMDIGITS_INSTANTIATE(short)
SIMDIGITS_INSTANTIATE(unsigned short)
SIMDIGITS_INSTANTIATE(int)
SIMDIGITS_INSTANTIATE(unsigned)
SIMDIGITS_INSTANTIATE(long)
SIMDIGITS_INSTANTIATE(unsigned long)
SIMDIGITS_INSTANTIATE(long long)
SIMDIGITS_INSTANTIATE(unsigned long long)
#if SIMDIGITS_HAS_INT128
SIMDIGITS_INSTANTIATE(detail::int128)
SIMDIGITS_INSTANTIATE(detail::uint128)
#endif
#undef SIMDIGITS_INSTANTIATE

} // namespace simdigits
