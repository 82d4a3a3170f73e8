// simdigits — batches (link the library): formatted_length / join over arrays, range_length /
// concat_range over Python-style ranges; join_plan over any integers (strided, byte-swapped, lists of
// any size) into memory, a file at an offset, or pieces; the buffers of an Arrow string array. Every
// batch function computes or honours the exact output length: one allocation, written in place, never
// a byte past it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/format.hpp"
#include "simdigits/sources.hpp"

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

// ---- floats ---------------------------------------------------------------------------------------

/// Exact length of `values` joined by `sep`, each value's shortest digits written in `style`
/// (floating.hpp: std::to_chars' text by default); npos if that exceeds std::size_t.
template <floating T>
std::size_t formatted_length(std::span<const T> values, std::string_view sep = ",",
                             float_style style = float_style::cpp) noexcept;

/// Writes `values` joined by `sep`, each in `style`, at `out`: exactly formatted_length(values, sep,
/// style) bytes; returns the end. `threads` as for integers.
template <floating T>
char* join(std::span<const T> values, std::string_view sep, char* out, unsigned threads = 1,
           float_style style = float_style::cpp) noexcept;

/// `values` joined by `sep`, each in `style`, as a string allocated once at its exact length.
template <floating T>
std::string join(std::span<const T> values, std::string_view sep = ",", float_style style = float_style::cpp);

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

// ---- any integers: plans, files, pieces, string arrays ------------------------------------------

/// How a write that can fail ended.
enum class status : std::uint8_t {
  ok,
  invalid_argument,  ///< a range's step of 0, an integer_type or list out of range, an output too small
  too_long,          ///< the text's length exceeds std::size_t (or, for 32-bit offsets, INT32_MAX)
  values_changed,    ///< the values changed while they were written (another thread wrote to them)
  io_error,          ///< a system call failed; write_result::error holds its errno
  no_memory,         ///< a buffer could not be allocated
  stopped,           ///< the sink of write_pieces asked to stop
};

/// The outcome of a write: its status and how many bytes it wrote (all of them when ok).
struct write_result {
  status code = status::ok;
  std::size_t bytes = 0;
  int error = 0;  ///< the errno of an io_error
  explicit operator bool() const noexcept { return code == status::ok; }
};

/// What memory a text goes to. Fresh memory (just allocated, never touched) is written with plain
/// stores, which fault its pages in and leave the text in cache; memory in use may be streamed past the
/// caches when the text is larger than they are.
enum class memory : std::uint8_t { in_use, fresh };

struct format_spec;

namespace detail {
struct spec_layout;
struct text_slice {
  std::size_t from, count, length;  // items [from, from + count); length: their text (see join_plan)
};
// The slices a text was measured in: the one slice `first`, or all of them, `more`.
inline std::span<const text_slice> slices_of(const text_slice& first, const std::vector<text_slice>& more) noexcept {
  return more.empty() ? std::span<const text_slice>(&first, 1) : std::span<const text_slice>(more);
}
} // namespace detail

/// What a plan (join_plan, table_plan) keeps between measuring its text and writing it.
class measured_text {
public:
  /// ok, or why nothing can be written: invalid_argument (see each plan) or too_long.
  status check() const noexcept { return status_; }
  /// The exact length of the text in bytes; npos unless check() is ok.
  std::size_t length() const noexcept { return status_ == status::ok ? length_ : npos; }

protected:
  explicit measured_text(unsigned threads) noexcept : threads_(threads) {}
  // The slices the text was measured in: the one slice, or all of them.
  std::span<const detail::text_slice> slices() const noexcept { return detail::slices_of(first_, slices_); }
  unsigned threads_;
  std::size_t length_ = 0;
  status status_ = status::ok;
  detail::text_slice first_{};              // the only slice, or the first of slices_
  std::vector<detail::text_slice> slices_;  // every slice, when there are several
};

/// `values` joined by `sep`, measured once: the exact length first, then the text written into memory,
/// a file at an offset, or a sequence of bounded pieces. The length pass is cut into slices that
/// `threads` threads measure at once (0: the library chooses, every core from 128 Ki values on), and
/// the writes use them again. Construction measures; it throws std::bad_alloc only. The plan refers to
/// `values` and `sep`, which must outlive it and not change.
class join_plan : public measured_text {
public:
  join_plan(const numbers& values, std::string_view sep, unsigned threads = 0);
  /// The same with each value written as `spec` says (spec.hpp); wide values of an integer_list are then
  /// taken as already formatted.
  join_plan(const numbers& values, std::string_view sep, const format_spec& spec, unsigned threads = 0);

  /// check(): invalid_argument for a range's step of 0, an unknown type, a null column, wide values out
  /// of order. The number of values:
  std::size_t size() const noexcept { return size_; }

  /// Writes the text at out.data(): exactly length() bytes (out must hold them, or nothing is written).
  /// Slices are written by several threads when the plan has them and the text is 4 MB or more, or when
  /// threads was given.
  write_result write(std::span<char> out, memory to = memory::in_use) const noexcept;

  /// Writes the text into the file `fd` from byte `offset` on, with pwrite, each thread formatting its
  /// slice into a buffer of about `buffer_bytes` in turn: memory stays bounded whatever the length.
  /// The file grows as needed; other bytes of it are not touched.
  write_result write(int fd, std::uint64_t offset, std::size_t buffer_bytes = std::size_t(1) << 20) const noexcept;

  /// Hands the text to `sink` in order, a piece of about `piece_bytes` (a whole number of values) at a
  /// time, from buffers the plan's threads fill in turn and reuse; sink returns false to stop
  /// (status::stopped). Memory stays bounded whatever the length, which need not fit std::size_t
  /// (a plan that is too_long for memory is written this way).
  write_result write_pieces(const std::function<bool(std::string_view piece)>& sink,
                            std::size_t piece_bytes = std::size_t(1) << 20) const;

private:
  template <class F> status with_source(F&& f) const;
  void measure_all();
  numbers values_;
  std::string_view sep_;
  std::shared_ptr<const detail::spec_layout> spec_;  // null: plain decimal
  std::shared_ptr<std::byte[]> float_parts_;        // floats' digits, from measuring to writing
  std::size_t size_ = 0;
};

/// The length of the character data of `values` as an Arrow string array (each value's text, one after
/// another); npos when invalid or past std::size_t.
std::size_t string_array_length(const numbers& values, unsigned threads = 0);

/// Writes the buffers of an Arrow string array of `values`: their texts one after another at
/// chars.data(), and in `offsets` (size() + 1 entries) 0 and the end of each value's text. `chars` must
/// hold string_array_length(values) bytes; with 32-bit offsets the text must stay below 2^31 bytes
/// (too_long). Nothing is written unless the arguments fit.
write_result write_string_array(const numbers& values, std::span<char> chars, std::span<std::int32_t> offsets,
                                unsigned threads = 0) noexcept;
/// The same with 64-bit offsets (Arrow's large string array).
write_result write_string_array(const numbers& values, std::span<char> chars, std::span<std::int64_t> offsets,
                                unsigned threads = 0) noexcept;
/// How many values `values` holds (a column's size, a range's count, a list's size); npos when they are
/// invalid (a range's step of 0, an unknown type, a null column).
std::size_t value_count(const numbers& values) noexcept;

/// NumPy's fixed-width string arrays: item i holds value i's text, then NULs up to `width` units, bytes
/// (dtype "S<width>") or, with `ucs4`, 4-byte code points ("U<width>"). `out` holds value_count(values)
/// * width units exactly (invalid_argument otherwise); too_long, nothing written, when a value's text is
/// wider than `width`. Written by as many threads as pay (`threads` 0: the library chooses); `to` as for
/// join_plan::write.
write_result write_fixed_width(const numbers& values, std::size_t width, bool ucs4, std::span<char> out,
                               memory to = memory::in_use, unsigned threads = 0) noexcept;

/// The same with each value as `spec` says (spec.hpp): string_array_length(values, spec) bytes of text.
std::size_t string_array_length(const numbers& values, const format_spec& spec, unsigned threads = 0);
write_result write_string_array(const numbers& values, const format_spec& spec, std::span<char> chars,
                                std::span<std::int32_t> offsets, unsigned threads = 0) noexcept;
write_result write_string_array(const numbers& values, const format_spec& spec, std::span<char> chars,
                                std::span<std::int64_t> offsets, unsigned threads = 0) noexcept;

// ---- backends ----------------------------------------------------------------------------------------

/// Names of the batch kernels this CPU can run, best last; "scalar" is always first.
std::vector<std::string_view> available_backends();

/// The backend the batch functions use now (the best available unless set_backend chose another).
std::string_view active_backend() noexcept;

/// Makes `name` the active backend for the whole process; false (and no change) when `name` is
/// unknown or this CPU cannot run it.
bool set_backend(std::string_view name) noexcept;

} // namespace simdigits
