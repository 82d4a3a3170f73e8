// simdigits — format specs for integers and floats: Python's format-spec mini-language (format(v, spec))
// and printf-style conversions (spec % v, as numpy.savetxt uses them), each parsed once into a
// format_spec that the batch functions and tables apply to every value, with exact lengths first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "simdigits/batch.hpp"

namespace simdigits {

/// How each value is written: `format(v, spec)` of Python's mini-language, or `spec % v` of printf.
/// Build it with parse_format_spec or parse_printf_spec. An integer type ('d', 'b', 'o', 'x', 'X') writes
/// integers (and refuses floats); a float type ('e', 'E', 'f', 'F', 'g', 'G', '%', 'r') writes every value
/// as the double it equals, correctly rounded, as Python formats a float (integers as float(v)); floats
/// take 'd' too, as printf's %d takes them (their integer part).
struct format_spec {
  enum class align : std::uint8_t { right, left, center, after_sign };
  enum class sign : std::uint8_t { negative, always, space };

  std::string fill = " ";       ///< the padding character (one code point, UTF-8)
  align alignment = align::right;
  sign signs = sign::negative;  ///< '-' only, '+' for non-negative values too, or ' ' for them
  bool alternate = false;       ///< '#': 0b, 0o, 0x or 0X before the digits of b, o, x, X
  std::size_t width = 0;        ///< the fewest characters, padding included
  std::size_t precision = 0;    ///< integers: printf's fewest digits; floats: digits after the point
                                ///< (e, f, %) or significant digits (g, r)
  bool precision_given = false; ///< floats: whether precision was given (else 6; r: the shortest digits)
  bool no_negative_zero = false;///< 'z': a float that rounds to zero is written without its '-'
  char grouping = '\0';         ///< ',' or '_' between groups of 3 digits (4 for b, o, x, X)
  char type = 'd';              ///< integers: 'd', 'b', 'o', 'x', 'X'; floats: 'e', 'E', 'f', 'F', 'g',
                                ///< 'G', '%', or 'r' for Python's type none ('n' is read as 'd' or 'g')
  std::string before, after;    ///< printf's literal text around the conversion ("%%" as "%")

  friend bool operator==(const format_spec&, const format_spec&) = default;

  /// Whether the type is a float type: every value is then written as a float.
  bool floating() const noexcept {
    switch (type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': case 'r': return true;
    default: return false;
    }
  }

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

/// The values a mini-language spec is for: its meaning (and what Python refuses) depends on it.
enum class spec_for : std::uint8_t { integers, floats };

/// Parses Python's format-spec mini-language, `[[fill]align][sign][z][#][0][width][grouping][.precision]
/// [type]`, as format(v, spec) reads it for an int (spec_for::integers) or a float (spec_for::floats).
/// Integers: types d, n (as d: the C locale), b, o, x, X or none, and the float types, which Python
/// applies to float(v). Floats: types e, E, f, F, g, G, n (as g), % or none. What Python refuses for
/// that type (a precision or 'z' on an integer type, ',' with b, o, x, X or n, 'd' for a float) is
/// refused with Python's message; so is 'c'.
spec_result parse_format_spec(std::string_view spec, spec_for values = spec_for::integers);

/// Parses one printf-style conversion as Python's `%` applies it, e.g. "%d", "%5d", "%-4d", "%+d",
/// "%08d", "%.3d", "%x", "%#X", "%o", "%i", "%u", "%ld" for integers and "%.18e", "%.6f", "%10.3f",
/// "%g", "%#G", "%+e" for floats (and integers as floats), "%s" and "%-8s" as str() of a double (type
/// 'r'), with literal text around it allowed ("%%" for '%'). Exactly one conversion; '*' widths and
/// other conversions are refused.
spec_result parse_printf_spec(std::string_view spec);

/// The text of one value under `spec` (a reference for single values; the batch functions write the
/// same). An integer under a float type is written as float(value); a double under 'd' (printf's %d,
/// %i, %u) as its integer part, truncated as Python's `'%d' % v` does. A double under another integer
/// type, or not finite under 'd', is an empty string (the batch functions refuse it).
std::string format(std::int64_t value, const format_spec& spec);
std::string format(std::uint64_t value, const format_spec& spec);
std::string format(double value, const format_spec& spec);

} // namespace simdigits
