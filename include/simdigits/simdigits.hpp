// simdigits — integers to decimal text, fast. The one header to include.
//
// Single values (header-only): digit_count, write, to_chars, max_chars   — see format.hpp.
// Batches (link the library): formatted_length / join over arrays, range_length / concat_range over
// Python-style ranges. Every batch function computes or honours the exact output length: one
// allocation, written in place, never a byte past it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/format.hpp"
#include "simdigits/version.hpp"

namespace simdigits {

/// The length functions' "does not fit in std::size_t" (and range_length's "step == 0") result.
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// ---- arrays -------------------------------------------------------------------------------------

/// Exact length of `values` in decimal joined by `sep`; npos if that exceeds std::size_t.
template <integer T>
std::size_t formatted_length(std::span<const T> values, std::string_view sep = ",") noexcept;

/// Writes `values` joined by `sep` at `out`: exactly formatted_length(values, sep) bytes; returns the end.
/// `threads` write slices of it at once: 0 lets the library choose (every core from 4 MB of text on, one
/// below); a thread that cannot start is replaced by the caller's.
template <integer T>
char* join(std::span<const T> values, std::string_view sep, char* out, unsigned threads = 1) noexcept;

/// `values` joined by `sep`, as a string allocated once at its exact length.
template <integer T> std::string join(std::span<const T> values, std::string_view sep = ",");

namespace detail {
template <class R> struct is_const_span : std::false_type {};
template <class T, std::size_t N> struct is_const_span<std::span<const T, N>> : std::true_type {};
} // namespace detail

/// Any contiguous range of integers (std::vector, std::array, C array, std::span<T>...).
template <class R>
concept integer_range = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                        integer<std::ranges::range_value_t<R>> &&
                        !detail::is_const_span<std::remove_cvref_t<R>>::value;

/// The values of such a range as the span the batch functions take.
template <integer_range R> std::span<const std::ranges::range_value_t<R>> as_span(const R& values) noexcept {
  return {std::ranges::data(values), std::ranges::size(values)};
}
/// formatted_length of any integer_range (as for a span).
template <integer_range R>
std::size_t formatted_length(const R& values, std::string_view sep = ",") noexcept {
  return formatted_length(as_span(values), sep);
}
/// join of any integer_range into `out` (as for a span).
template <integer_range R> char* join(const R& values, std::string_view sep, char* out, unsigned threads = 1) noexcept {
  return join(as_span(values), sep, out, threads);
}
/// join of any integer_range as a string (as for a span).
template <integer_range R> std::string join(const R& values, std::string_view sep = ",") {
  return join(as_span(values), sep);
}

// ---- ranges (Python's range(start, stop, step)) ----------------------------------------------------

/// Exact length of range(start, stop, step) in decimal joined by `sep`, in closed form (no loop over
/// the numbers); npos if step == 0 or the length exceeds std::size_t.
std::size_t range_length(std::int64_t start, std::int64_t stop, std::int64_t step = 1,
                         std::string_view sep = "") noexcept;

/// Writes range(start, stop, step) joined by `sep` at `out`: exactly range_length(...) bytes; returns
/// the end, or nullptr (nothing written) when step == 0. `threads` write slices of it at once: 0 lets the
/// library choose (every core from 4 MB of text on, one below); a thread that cannot start is replaced
/// by the caller's.
char* concat_range(std::int64_t start, std::int64_t stop, std::int64_t step, std::string_view sep,
                   char* out, unsigned threads = 1) noexcept;

/// range(start, stop, step) joined by `sep` as a string. Throws std::invalid_argument for step == 0
/// and std::length_error when the text cannot be a std::string.
std::string concat_range(std::int64_t start, std::int64_t stop, std::int64_t step = 1,
                         std::string_view sep = "");

// ---- backends ----------------------------------------------------------------------------------------

/// Names of the batch kernels this CPU can run, best last; "scalar" is always first.
std::vector<std::string_view> available_backends();

/// The backend the batch functions use now (the best available unless set_backend chose another).
std::string_view active_backend() noexcept;

/// Makes `name` the active backend for the whole process; false (and no change) when `name` is
/// unknown or this CPU cannot run it.
bool set_backend(std::string_view name) noexcept;

} // namespace simdigits
