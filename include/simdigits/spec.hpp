// simdigits — format specs for integers: Python's format-spec mini-language (format(v, spec)) and
// printf-style conversions (spec % v, as numpy.savetxt uses them), each parsed once into a format_spec
// that the batch functions and tables apply to every value, with exact lengths first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "simdigits/batch.hpp"

namespace simdigits {

/// How each integer is written: `format(v, spec)` of Python's mini-language, or `spec % v` of printf.
/// Build it with parse_format_spec or parse_printf_spec.
struct format_spec {
  enum class align : std::uint8_t { right, left, center, after_sign };
  enum class sign : std::uint8_t { negative, always, space };

  std::string fill = " ";       ///< the padding character (one code point, UTF-8)
  align alignment = align::right;
  sign signs = sign::negative;  ///< '-' only, '+' for non-negative values too, or ' ' for them
  bool alternate = false;       ///< '#': 0b, 0o, 0x or 0X before the digits of b, o, x, X
  std::size_t width = 0;        ///< the fewest characters, padding included
  std::size_t precision = 0;    ///< printf's fewest digits (zeros before them)
  char grouping = '\0';         ///< ',' or '_' between groups of 3 digits (4 for b, o, x, X)
  char type = 'd';              ///< 'd', 'b', 'o', 'x' or 'X'
  std::string before, after;    ///< printf's literal text around the conversion ("%%" as "%")

  friend bool operator==(const format_spec&, const format_spec&) = default;

  /// Plain decimal with nothing around it: what the batch functions write without a spec.
  bool plain() const noexcept {
    return type == 'd' && width == 0 && precision == 0 && grouping == '\0' && signs == sign::negative &&
           before.empty() && after.empty();
  }
};

/// A parsed spec, or why it is not one: status::invalid_argument, the byte position of the fault in the
/// spec, and a message that quotes the spec (Python's own wording where it has one).
struct spec_result {
  format_spec spec;
  status code = status::ok;
  std::size_t position = 0;
  std::string message;
  explicit operator bool() const noexcept { return code == status::ok; }
};

/// Parses Python's format-spec mini-language for integers, `[[fill]align][sign][z][#][0][width]
/// [grouping][type]` with types d, n (as d: the C locale), b, o, x, X or none. What Python refuses for an
/// int (a precision, 'z', ',' with b, o, x, X or n) is refused too; so are the types Python converts to
/// float ('e', 'f', 'g', '%', ...) and 'c'.
spec_result parse_format_spec(std::string_view spec);

/// Parses one printf-style conversion as Python's `%` applies it to an int, e.g. "%d", "%5d", "%-4d",
/// "%+d", "%08d", "%.3d", "%x", "%#X", "%o", "%i", "%u", "%ld", with literal text around it allowed
/// ("%%" for '%'). Exactly one conversion; '*' widths and non-integer conversions are refused.
spec_result parse_printf_spec(std::string_view spec);

/// The text of one value under `spec` (a reference for single values; the batch functions write the same).
std::string format(std::int64_t value, const format_spec& spec);
std::string format(std::uint64_t value, const format_spec& spec);

} // namespace simdigits
