// Internal: a value's text under a format_spec, from its sign and the digits of its magnitude — the
// length first, then the text: literal text, padding, sign, 0b/0o/0x prefix, zeros, grouped digits.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "simdigits/spec.hpp"

namespace simdigits::detail {

// The digits of a magnitude in the base of a spec's type.
[[gnu::always_inline]] inline std::size_t base_digits(std::uint64_t magnitude, char type) noexcept {
  const int bits = magnitude == 0 ? 1 : 64 - __builtin_clzll(magnitude);
  switch (type) {
  case 'b': return std::size_t(bits);
  case 'o': return std::size_t(bits + 2) / 3;
  case 'x': case 'X': return std::size_t(bits + 3) / 4;
  default: return std::size_t(count_digits(magnitude));
  }
}

// The 8 hexadecimal digits of a 32-bit value as 8 ASCII bytes in a word, most significant first in
// memory: its nibbles spread to bytes by three shift-and-mask steps, then each byte made a digit by an
// add, and a letter where it is 10 or more by a second add (the carry of + 6 past 15 says which).
[[gnu::always_inline]] inline std::uint64_t hex8(std::uint32_t v, bool upper) noexcept {
  std::uint64_t x = v;
  x = ((x & 0xffff0000u) << 16) | (x & 0xffffu);
  x = ((x & 0x0000ff000000ff00u) << 8) | (x & 0x000000ff000000ffu);
  x = ((x & 0x00f000f000f000f0u) << 4) | (x & 0x000f000f000f000fu);
  const std::uint64_t letters = ((x + 0x0606060606060606u) >> 4) & 0x0101010101010101u;
  x += 0x3030303030303030u + letters * std::uint64_t(upper ? 'A' - '9' - 1 : 'a' - '9' - 1);
  return __builtin_bswap64(x);  // the first nibble to the first byte
}

// The `n` digits of a magnitude in base 2, 8 or 16 (type b, o, x, X), written into `buffer` (64 bytes);
// returns where they start. Hexadecimal digits are all 16 written at once, the first 16 - n skipped.
[[gnu::always_inline]] inline const char* base_text(char* buffer, std::uint64_t magnitude, std::size_t n, char type) noexcept {
  if (type == 'x' || type == 'X') {
    const std::uint64_t high = hex8(std::uint32_t(magnitude >> 32), type == 'X'), low = hex8(std::uint32_t(magnitude), type == 'X');
    std::memcpy(buffer, &high, 8);
    std::memcpy(buffer + 8, &low, 8);
    return buffer + 16 - n;
  }
  // Right to left from the buffer's 64th byte (n <= 64: a magnitude has at most 64 binary digits).
  const unsigned shift = type == 'b' ? 1 : 3, mask = (1u << shift) - 1;
  for (std::size_t i = 0; i < n && i < 64; ++i, magnitude >>= shift) buffer[63 - i] = char('0' + (magnitude & mask));
  return buffer + 64 - n;
}

// The pieces every value's text under a spec shares, integers' and floats' alike.

// The sign a value's text starts with: '-', or for the others '+' or ' ' when the spec says so.
inline std::string_view sign_text(const format_spec& spec, bool negative) noexcept {
  if (negative) return "-";
  return spec.signs == format_spec::sign::always ? "+" : spec.signs == format_spec::sign::space ? " " : "";
}

// (memcpy's pointers must not be null, even for no bytes: an empty view's may be.)
inline char* put_text(char* p, std::string_view text) noexcept {
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// n fill characters (one code point: 1 to 4 bytes each).
inline char* put_fill(char* p, const format_spec& spec, std::size_t n) noexcept {
  if (spec.fill.size() == 1) {
    std::memset(p, spec.fill[0], n);
    return p + n;
  }
  for (std::size_t i = 0; i < n; ++i, p += spec.fill.size()) std::memcpy(p, spec.fill.data(), spec.fill.size());
  return p;
}

// Where `pad` fill characters go by the spec's alignment: before the text, after it, after its sign.
struct padding_places {
  std::size_t before = 0, after = 0, inside = 0;
};
inline padding_places place_padding(const format_spec& spec, std::size_t pad) noexcept {
  switch (spec.alignment) {
  case format_spec::align::left: return {0, pad, 0};
  case format_spec::align::center: return {pad / 2, pad - pad / 2, 0};
  case format_spec::align::after_sign: return {0, 0, pad};
  default: return {pad, 0, 0};
  }
}

struct decorator {
  const format_spec& spec;
  std::size_t group;         // digits between separators
  std::string_view prefix;   // 0b, 0o, 0x, 0X or nothing
  bool zero_grouped;         // fill '0' after the sign: the zeros are grouped as digits are (as Python does)

  explicit decorator(const format_spec& s) noexcept
      : spec(s), group(s.type == 'd' ? 3 : 4), prefix(prefix_of(s)),
        zero_grouped(s.fill == "0" && s.alignment == format_spec::align::after_sign && s.grouping != '\0') {}

  static std::string_view prefix_of(const format_spec& s) noexcept {
    if (!s.alternate) return {};
    switch (s.type) {
    case 'b': return "0b";
    case 'o': return "0o";
    case 'x': return "0x";
    case 'X': return "0X";
    default: return {};
    }
  }
  std::string_view sign_of(bool negative) const noexcept { return sign_text(spec, negative); }

  // The body: `digits` digits, zeros before them to the precision, grouped; with zero_grouped, zeros and
  // separators until the body alone reaches `min_width` (never a separator first: CPython's
  // _PyUnicode_InsertThousandsGrouping). Calls put(count, from_digits) for each run, right to left,
  // and put_separator(); returns the body's length.
  template <class Run, class Separator>
  std::size_t body(std::size_t digits, std::size_t min_width, Run&& run, Separator&& separator) const noexcept {
    std::size_t remaining = std::max(digits, spec.precision);
    if (spec.grouping == '\0') {
      const std::size_t n = std::max(remaining, zero_grouped ? min_width : 0);
      run(n);
      return n;
    }
    std::ptrdiff_t left = std::ptrdiff_t(remaining), width = zero_grouped ? std::ptrdiff_t(min_width) : 0;
    std::size_t length = 0;
    for (;;) {
      const std::size_t l = std::size_t(std::min<std::ptrdiff_t>(std::max<std::ptrdiff_t>(std::max(left, width), 1), std::ptrdiff_t(group)));
      run(l);
      length += l, left -= std::ptrdiff_t(l), width -= std::ptrdiff_t(l);
      if (left <= 0 && width <= 0) break;
      separator();
      ++length, --width;
    }
    return length;
  }

  std::size_t min_width(bool negative) const noexcept {
    const std::size_t leading = sign_of(negative).size() + prefix.size();
    return spec.width > leading ? spec.width - leading : 0;
  }

  // The length in bytes of a value's text, from its sign and its digit count.
  std::size_t length(bool negative, std::size_t digits) const noexcept {
    const std::size_t body_length = body(digits, min_width(negative), [](std::size_t) {}, [] {});
    const std::size_t content = sign_of(negative).size() + prefix.size() + body_length;
    const std::size_t pad = spec.width > content ? spec.width - content : 0;
    return spec.before.size() + content + pad * spec.fill.size() + spec.after.size();
  }

  // Where a value's text puts its parts: the padding on either side and after the sign, and the body.
  struct parts {
    std::string_view sign;
    padding_places pad;
    std::size_t body_length = 0;
    // The offset at which the body (and so its last digit) ends.
    std::size_t body_end(const decorator& d) const noexcept {
      const std::size_t fill = d.spec.fill.size();
      return d.spec.before.size() + pad.before * fill + sign.size() + d.prefix.size() + pad.inside * fill + body_length;
    }
  };
  parts parts_of(bool negative, std::size_t digits) const noexcept {
    parts p;
    p.sign = sign_of(negative);
    p.body_length = body(digits, min_width(negative), [](std::size_t) {}, [] {});
    const std::size_t content = p.sign.size() + prefix.size() + p.body_length;
    p.pad = place_padding(spec, spec.width > content ? spec.width - content : 0);
    return p;
  }

  // Writes a value's text at out (which has room for length(negative, digits) bytes) from the `digits`
  // digits of its magnitude at `text`; returns the end.
  char* write(char* out, bool negative, const char* text, std::size_t digits) const noexcept {
    const parts at = parts_of(negative, digits);
    char* p = put_fill(put_text(out, spec.before), spec, at.pad.before);
    p = put_fill(put_text(put_text(p, at.sign), prefix), spec, at.pad.inside);
    // The body right to left: digits from the end of text, then zeros.
    char* q = p + at.body_length;
    std::size_t left = digits;
    body(
        digits, min_width(negative),
        [&](std::size_t n) {
          const std::size_t from_text = std::min(n, left);
          q -= from_text;
          if (from_text) std::memcpy(q, text + left - from_text, from_text);
          left -= from_text;
          q -= n - from_text;
          std::memset(q, '0', n - from_text);
        },
        [&] { *--q = spec.grouping; });
    return put_text(put_fill(p + at.body_length, spec, at.pad.after), spec.after);
  }
};

} // namespace simdigits::detail
