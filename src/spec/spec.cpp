// Parsing Python's format-spec mini-language and printf conversions for integers and floats, with
// Python's own error messages, and the text of one value under a spec.
#include <cmath>
#include <cstdio>
#include <string>

#include "decorate.hpp"
#include "float_text.hpp"
#include "simdigits/spec.hpp"

namespace simdigits {

namespace {

// Widths past this are refused: a batch of such values would be terabytes.
constexpr std::size_t max_width = 1'000'000'000;

spec_result fault(std::string_view spec, std::size_t position, const std::string& what) {
  spec_result r;
  r.code = status::invalid_argument;
  r.position = position;
  r.message = what + " (format spec '" + std::string(spec) + "', position " + std::to_string(position) + ")";
  return r;
}

// The bytes of the UTF-8 code point that starts at s[i] (1 for anything that is not a valid lead byte).
std::size_t code_point_size(std::string_view s, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf8 ? 4 : 1;
  return i + n <= s.size() ? n : 1;
}

bool is_align(char c) noexcept { return c == '<' || c == '>' || c == '=' || c == '^'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

format_spec::align align_of(char c) noexcept {
  switch (c) {
  case '<': return format_spec::align::left;
  case '^': return format_spec::align::center;
  case '=': return format_spec::align::after_sign;
  default: return format_spec::align::right;
  }
}

// Reads decimal digits at spec[i...] into n (refusing past max_width); false when there are too many.
bool read_number(std::string_view spec, std::size_t& i, std::size_t& n) noexcept {
  n = 0;
  for (; i < spec.size() && is_digit(spec[i]); ++i) {
    n = n * 10 + std::size_t(spec[i] - '0');
    if (n > max_width) return false;
  }
  return true;
}

} // namespace

spec_result parse_format_spec(std::string_view spec, spec_for values) {
  spec_result r;
  format_spec& f = r.spec;
  const std::string object = values == spec_for::floats ? "'float'" : "'int'";
  const auto invalid = [&](std::size_t at) {
    return fault(spec, at, "Invalid format specifier '" + std::string(spec) + "' for object of type " + object);
  };
  std::size_t i = 0;
  bool fill_given = false, align_given = false;
  // [[fill]align]: the fill is any one code point.
  if (!spec.empty()) {
    const std::size_t first = code_point_size(spec, 0);
    if (first < spec.size() && is_align(spec[first])) {
      f.fill.assign(spec.substr(0, first));
      f.alignment = align_of(spec[first]);
      fill_given = align_given = true;
      i = first + 1;
    } else if (is_align(spec[0])) {
      f.alignment = align_of(spec[0]);
      align_given = true;
      i = 1;
    }
  }
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
    f.signs = spec[i] == '+' ? format_spec::sign::always : spec[i] == ' ' ? format_spec::sign::space : format_spec::sign::negative;
    ++i;
  }
  const std::size_t z_at = i;
  f.no_negative_zero = i < spec.size() && spec[i] == 'z';
  if (f.no_negative_zero) ++i;
  if (i < spec.size() && spec[i] == '#') f.alternate = true, ++i;
  if (i < spec.size() && spec[i] == '0' && !fill_given) {  // sign-aware zero padding
    f.fill.assign(1, '0');
    if (!align_given) f.alignment = format_spec::align::after_sign;
    ++i;
  }
  const std::size_t width_at = i;
  if (!read_number(spec, i, f.width)) return fault(spec, width_at, "Too many decimal digits in format string");
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
    f.grouping = spec[i++];
    if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
      if (spec[i] != f.grouping) return fault(spec, i, "Cannot specify both ',' and '_'.");
      return invalid(i);
    }
  }
  std::size_t dot = spec.size();
  if (i < spec.size() && spec[i] == '.') {
    dot = i++;
    const std::size_t digits_at = i;
    if (!read_number(spec, i, f.precision)) return fault(spec, digits_at, "Too many decimal digits in format string");
    if (i == digits_at) return fault(spec, dot, "Format specifier missing precision");
    f.precision_given = true;
  }
  if (spec.size() - i > 1) return invalid(i);
  const std::size_t type_at = i;
  const char type = i < spec.size() ? spec[i] : '\0';
  const auto unknown = [&] {
    return fault(spec, type_at, std::string("Unknown format code '") + type + "' for object of type " + object);
  };
  switch (type) {
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': f.type = type; break;
  case 'n':
    if (f.grouping) return fault(spec, type_at, std::string("Cannot specify '") + f.grouping + "' with 'n'.");
    f.type = values == spec_for::floats ? 'g' : 'd';  // the C locale: no grouping
    break;
  case '\0': f.type = values == spec_for::floats ? 'r' : 'd'; break;
  case 'd': case 'b': case 'o': case 'x': case 'X':
    if (values == spec_for::floats) {
      if (f.grouping == ',' && type != 'd') return fault(spec, type_at, std::string("Cannot specify ',' with '") + type + "'.");
      return unknown();
    }
    f.type = type;
    break;
  case 'c':
    if (values == spec_for::floats) return unknown();
    if (f.precision_given) return fault(spec, dot, "Precision not allowed in integer format specifier");
    return fault(spec, type_at, "Format code 'c' (a character) is not supported for integers by simdigits");
  default: return unknown();
  }
  if (!f.floating()) {
    if (f.precision_given) return fault(spec, dot, "Precision not allowed in integer format specifier");
    if (f.no_negative_zero) return fault(spec, z_at, "Negative zero coercion (z) not allowed in integer format specifier");
    if (f.grouping == ',' && f.type != 'd')
      return fault(spec, type_at, std::string("Cannot specify ',' with '") + type + "'.");
    f.precision = 0;
  }
  return r;
}

spec_result parse_printf_spec(std::string_view spec) {
  spec_result r;
  format_spec& f = r.spec;
  std::string* literal = &f.before;
  bool converted = false;
  for (std::size_t i = 0; i < spec.size();) {
    if (spec[i] != '%') {
      literal->push_back(spec[i++]);
      continue;
    }
    const std::size_t start = i++;
    if (i < spec.size() && spec[i] == '%') {
      literal->push_back('%');
      ++i;
      continue;
    }
    if (converted) return fault(spec, start, "More than one conversion (one value is formatted at a time)");
    bool left = false, zero = false;
    for (; i < spec.size(); ++i) {
      const char c = spec[i];
      if (c == '-') left = true;
      else if (c == '0') zero = true;
      else if (c == '+') f.signs = format_spec::sign::always;
      else if (c == ' ') { if (f.signs != format_spec::sign::always) f.signs = format_spec::sign::space; }
      else if (c == '#') f.alternate = true;
      else break;
    }
    if (i < spec.size() && spec[i] == '*') return fault(spec, i, "'*' takes its width from the arguments: not supported");
    const std::size_t width_at = i;
    if (!read_number(spec, i, f.width)) return fault(spec, width_at, "Too many decimal digits in format string");
    if (i < spec.size() && spec[i] == '.') {
      ++i;
      if (i < spec.size() && spec[i] == '*') return fault(spec, i, "'*' takes its precision from the arguments: not supported");
      const std::size_t digits_at = i;
      if (!read_number(spec, i, f.precision)) return fault(spec, digits_at, "Too many decimal digits in format string");
      f.precision_given = true;
    }
    while (i < spec.size() && (spec[i] == 'h' || spec[i] == 'l' || spec[i] == 'L')) ++i;  // as Python: ignored
    if (i == spec.size()) return fault(spec, start, "incomplete format");
    const char conversion = spec[i];
    switch (conversion) {
    case 'd': case 'i': case 'u': f.type = 'd'; break;
    case 'o': case 'x': case 'X': f.type = conversion; break;
    case 's':  // str() of a float: its shortest text, padded to the width and nothing else
      if (f.precision_given) return fault(spec, i, "'%s' with a precision cuts the text: not supported");
      f.type = 'r';
      f.signs = format_spec::sign::negative;
      f.alternate = zero = false;
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      f.type = conversion;
      if (!f.precision_given) f.precision = 6;
      f.precision_given = true;
      break;
    default: {
      const auto code = static_cast<unsigned char>(conversion);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%x", unsigned(code));
      return fault(spec, i, std::string("unsupported format character '") + conversion + "' (" + hex + ") at index " +
                                std::to_string(i));
    }
    }
    if (f.type == 'd') f.alternate = false;  // '#' changes only o, x, X (and floats)
    if (!f.floating()) f.precision_given = false;
    if (f.type == 'r') f.precision = 0;
    if (left) f.alignment = format_spec::align::left;
    else if (zero) f.fill.assign(1, '0'), f.alignment = format_spec::align::after_sign;
    converted = true;
    literal = &f.after;
    ++i;
  }
  if (!converted) return fault(spec, spec.size(), "No conversion ('%d', '%x', '%f', ...) in the spec");
  return r;
}

namespace {
std::string format_magnitude(std::uint64_t magnitude, bool negative, const format_spec& spec) {
  const detail::decorator d(spec);
  const std::size_t digits = detail::base_digits(magnitude, spec.type);
  char buffer[64];
  const char* text = buffer;
  if (spec.type == 'd') {
    for (std::size_t i = digits; i-- > 0; magnitude /= 10) buffer[i] = char('0' + magnitude % 10);
  } else {
    text = detail::base_text(buffer, magnitude, digits, spec.type);
  }
  std::string out(d.length(negative, digits), '\0');
  d.write(out.data(), negative, text, digits);
  return out;
}
} // namespace

std::string format(std::int64_t value, const format_spec& spec) {
  if (spec.floating()) return format(double(value), spec);
  const bool negative = value < 0;
  return format_magnitude(negative ? std::uint64_t(0) - std::uint64_t(value) : std::uint64_t(value), negative, spec);
}
std::string format(std::uint64_t value, const format_spec& spec) {
  if (spec.floating()) return format(double(value), spec);
  return format_magnitude(value, false, spec);
}

std::string format(double value, const format_spec& spec) {
  if (!spec.floating()) {
    if (spec.type != 'd' || !std::isfinite(value)) return {};
    const detail::integer_part whole(value);
    const detail::decorator d(spec);
    std::string out(d.length(whole.negative, whole.count), '\0');
    d.write(out.data(), whole.negative, whole.digits, whole.count);
    return out;
  }
  const detail::float_text text(value, spec);
  std::string out(text.length, '\0');
  text.write(out.data(), spec);
  return out;
}

} // namespace simdigits
