// The batch functions over spans: the exact length, then one write through the active backend (the
// engine's slices when several threads write).
#include <limits>
#include <stdexcept>

#include "../backends/backend.hpp"
#include "plan.hpp"
#include "values.hpp"
#include "simdigits/simdigits.hpp"

namespace simdigits {

namespace detail {

// The caller's buffer: memory in use, with room for the text; `end` where it ends (nullptr: not known).
template <class E>
char* join_canonical(const E* values, std::size_t n, std::string_view sep, char* out, char* end) noexcept {
  if constexpr (sizeof(E) <= 8) return active().join<E>()(values, n, sep, out, end, destination::in_use);
  else return join_array<scalar_groups>(values, n, sep, out, end);  // 128-bit: scalar only
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
  if constexpr (sizeof(E) <= 8) {
    if (detail::task_count(values.size(), threads) > 1) {
      try {  // slices written by threads at offsets counted first
        const join_plan plan(integer_column::of(std::span<const E>(data, values.size())), sep, threads);
        if (plan.write(std::span<char>(out, plan.length())))
          return out + plan.length();
      } catch (const std::bad_alloc&) {
      }  // no memory for the slices: one thread writes
    }
  }
  return detail::join_canonical(data, values.size(), sep, out, nullptr);
}

template <integer T> std::string join(std::span<const T> values, std::string_view sep) {
  const std::size_t length = formatted_length(values, sep);
  if (length == npos) throw std::length_error("simdigits::join: text longer than std::size_t");
  std::string text(length, '\0');
  join(values, sep, text.data());
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

// Floats: the plan over a float_column (measured by slices, written by as many threads).
template <floating T>
std::size_t formatted_length(std::span<const T> values, std::string_view sep, float_style style) noexcept {
  const detail::float_values<T> v{reinterpret_cast<const char*>(values.data()), sizeof(T), false, style};
  return detail::joined<detail::float_values<T>>{v, sep}.length(0, values.size());
}

template <floating T>
char* join(std::span<const T> values, std::string_view sep, char* out, unsigned threads, float_style style) noexcept {
  try {
    const join_plan plan(float_column::of(values, style), sep, threads);
    if (plan.write(std::span<char>(out, plan.length()))) return out + plan.length();
  } catch (const std::bad_alloc&) {
  }  // no memory for the slices: one value after another
  const detail::float_values<T> one_thread{reinterpret_cast<const char*>(values.data()), sizeof(T), false, style};
  return one_thread.write(0, values.size(), sep, out, out + std::numeric_limits<std::ptrdiff_t>::max() / 2,
                          detail::destination::in_use);
}

template <floating T> std::string join(std::span<const T> values, std::string_view sep, float_style style) {
  const join_plan plan(float_column::of(values, style), sep, 0);
  if (plan.check() != status::ok) throw std::length_error("simdigits::join: text longer than std::size_t");
  std::string text(plan.length(), '\0');
  plan.write(std::span<char>(text));
  return text;
}

#define SIMDIGITS_INSTANTIATE(T)                                                                      \
  template std::size_t formatted_length<T>(std::span<const T>, std::string_view, float_style) noexcept; \
  template char* join<T>(std::span<const T>, std::string_view, char*, unsigned, float_style) noexcept;  \
  template std::string join<T>(std::span<const T>, std::string_view, float_style);
SIMDIGITS_INSTANTIATE(double)
SIMDIGITS_INSTANTIATE(float)
SIMDIGITS_INSTANTIATE(float16)
#undef SIMDIGITS_INSTANTIATE

} // namespace simdigits
