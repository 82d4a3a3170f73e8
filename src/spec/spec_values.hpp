// Internal: values under a format spec as the engine's values (see values.hpp). Under an integer type,
// decimal digits come from the batch kernels a run at a time (each value's length from the length
// kernel, the digits from a join into a scratch text); the decorations around them from a table of
// lengths by sign and digit count, computed once per spec, and the decorator. Under a float type, each
// value is laid out as a double by float_text.hpp, once to measure it and once to write it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "../engine/values.hpp"
#include "decorate.hpp"
#include "float_text.hpp"

namespace simdigits::detail {

// Bytes readable past any digits handed to spec_layout::put (scratch texts and digit buffers have them).
inline constexpr std::size_t digits_slack = 32;

// A spec's decorator, the length of a value's text by sign and digit count, and for texts whose
// digits are one run (no grouping) of up to 64 bytes, the whole text as a template by sign and digit
// count: a value is then three fixed-size copies (the template, its digits, the template's tail
// that the digits' copy overran), no loop over its parts.
struct spec_layout {
  static constexpr std::size_t template_bytes = 64, tail_bytes = 32;
  struct text_template {
    char bytes[template_bytes + tail_bytes];
    std::size_t digits_end = 0;  // where the digits end in it
    bool usable = false;
    bool short_text = false;     // 32 bytes at most: one 32-byte copy holds it
  };

  format_spec spec;
  decorator d{spec};
  std::array<std::array<std::size_t, 65>, 2> lengths{};  // [negative][digits]
  std::array<std::array<text_template, 65>, 2> templates{};

  explicit spec_layout(const format_spec& s) : spec(s) {
    if (spec.floating()) return;  // float_spec_values: no tables by digit count
    const char zeros[64 + digits_slack] = {};
    for (int negative = 0; negative < 2; ++negative)
      for (std::size_t digits = 1; digits <= 64; ++digits) {
        const std::size_t length = lengths[negative][digits] = d.length(negative, digits);
        text_template& t = templates[negative][digits];
        t.digits_end = d.parts_of(negative, digits).body_end(d);
        t.usable = spec.grouping == '\0' && digits <= digits_slack && length <= template_bytes &&
                   length - t.digits_end <= tail_bytes;
        if (t.usable) d.write(t.bytes, negative, zeros, digits);
        t.short_text = length <= 32;
      }
  }
  bool decimal() const noexcept { return spec.type == 'd'; }

  // Writes a value's text at p, which has room for its length (and `room` bytes in all); returns the end.
  [[gnu::always_inline]] char* put(char* p, std::size_t room, bool negative, const char* digits_text,
                                   std::size_t digits) const noexcept {
    const text_template& t = templates[negative][digits];
    if (!t.usable || room < template_bytes + tail_bytes) return d.write(p, negative, digits_text, digits);
    if (t.short_text) std::memcpy(p, t.bytes, 32);
    else std::memcpy(p, t.bytes, template_bytes);
    std::memcpy(p + t.digits_end - digits, digits_text, digits_slack);
    std::memcpy(p + t.digits_end, t.bytes + t.digits_end, tail_bytes);
    return p + lengths[negative][digits];
  }
};

// Whether values under `spec` take a spec_layout: under any spec but plain decimal, and floats under
// that one too (their 'd' is printf's %d, the integer part, not the shortest digits written without).
inline bool takes_layout(const format_spec& spec, bool floats) noexcept { return floats || !spec.plain(); }

template <class E> bool is_negative(E v) noexcept {
  if constexpr (std::is_signed_v<E>) return v < 0;
  else return false;
}

template <class E> std::uint64_t magnitude_of(E v) noexcept {
  if constexpr (std::is_signed_v<E>) return v < 0 ? std::uint64_t(0) - std::uint64_t(v) : std::uint64_t(v);
  else return std::uint64_t(v);
}

// Values run at most this long go through the scratch texts at once.
inline constexpr std::size_t spec_run = 512;

template <class Values> struct spec_values {
  Values values;
  const spec_layout* layout;
  static constexpr bool length_in_closed_form = false;

  // Calls chunk(values, n) on runs of at most spec_run native values and text(view) on an
  // integer_list's wide values, in order.
  template <class Chunk, class Text>
  bool for_each_chunk(std::size_t from, std::size_t count, Chunk&& chunk, Text&& text) const noexcept {
    return for_each_part(
        values, from, count,
        [&](const auto* p, std::size_t k) {
          for (std::size_t at = 0; at < k; at += spec_run)
            if (!chunk(p + at, std::min(spec_run, k - at))) return false;
          return true;
        },
        text);
  }

  // Calls each(negative, digits, text) for the n values at p in order, text holding the digits of the
  // magnitude (with digits_slack bytes readable past them); false as soon as each is.
  template <class E, class Each>
  [[gnu::always_inline]] bool each_value(const E* p, std::size_t n, Each&& each) const noexcept {
    if (layout->decimal()) {
      char scratch[spec_run * 20 + digits_slack];
      std::uint8_t lengths[spec_run];
      active().lengths<E>()(p, n, lengths);
      std::size_t total = 0;
      for (std::size_t j = 0; j < n; ++j) total += lengths[j];
      if (active().join<E>()(p, n, "", scratch, scratch + total, destination::fresh) != scratch + total) return false;
      const char* t = scratch;
      for (std::size_t j = 0; j < n; t += lengths[j++]) {
        const bool negative = is_negative(p[j]);
        if (!each(negative, std::size_t(lengths[j]) - negative, t + negative)) return false;
      }
      return true;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint64_t m = magnitude_of(p[j]);
      const std::size_t digits = base_digits(m, layout->spec.type);
      char buffer[64 + digits_slack];
      if (!each(is_negative(p[j]), digits, base_text(buffer, m, digits, layout->spec.type))) return false;
    }
    return true;
  }

  // Calls each(length) with the text length of values [from, from + count), in order.
  template <class Each> void for_each_length(std::size_t from, std::size_t count, Each&& each) const noexcept {
    for_each_chunk(
        from, count,
        [&](const auto* p, std::size_t n) {
          using E = std::remove_cv_t<std::remove_pointer_t<decltype(p)>>;
          if (layout->decimal()) {
            std::uint8_t lengths[spec_run];
            active().lengths<E>()(p, n, lengths);
            for (std::size_t j = 0; j < n; ++j) {
              const bool negative = is_negative(p[j]);
              each(layout->lengths[negative][lengths[j] - negative]);
            }
          } else {
            for (std::size_t j = 0; j < n; ++j)
              each(layout->lengths[is_negative(p[j])][base_digits(magnitude_of(p[j]), layout->spec.type)]);
          }
          return true;
        },
        [&](std::string_view text) { return each(text.size()), true; });
  }

  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t total = 0;
    for_each_length(from, count, [&](std::size_t length) { total += length; });
    return total;
  }

  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end,
              destination) const noexcept {
    return with_separator(sep, [&](auto s) { return write_joined(from, count, s, out, end); });
  }

  // write() for each shape of separator (streams.hpp). Each chunk's values are written through locals
  // (the output pointer is not reloaded after every store through it).
  template <class Sep> char* write_joined(std::size_t from, std::size_t count, Sep sep, char* out, char* end) const noexcept {
    bool first = true;
    const bool ok = for_each_chunk(
        from, count,
        [&](const auto* p, std::size_t n) {
          char* o = out;
          char* const e = end;
          bool f = first;
          const bool done = each_value(p, n, [&](bool negative, std::size_t digits, const char* text) {
            if (std::size_t(e - o) < layout->lengths[negative][digits] + (f ? 0 : sep.size())) return false;
            if (!f) o = sep.put(o);
            f = false;
            o = layout->put(o, std::size_t(e - o), negative, text, digits);
            return true;
          });
          out = o, first = f;
          return done;
        },
        [&](std::string_view text) {
          if (!first) {
            if (std::size_t(end - out) < sep.size()) return false;
            out = sep.put(out);
          }
          first = false;
          return (out = put_bytes(out, end, text)) != nullptr;
        });
    return ok ? out : nullptr;
  }

  // Writes the values one after another and the end of each, counted from `at`, to ends[0..count) (as
  // values.hpp's write_with_ends does for plain values).
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at, Offset* ends) const noexcept {
    char* const start = out;
    const bool ok = for_each_chunk(
        from, count,
        [&](const auto* p, std::size_t n) {
          char* o = out;
          char* const e = end;
          Offset* next = ends;
          const bool done = each_value(p, n, [&](bool negative, std::size_t digits, const char* text) {
            if (std::size_t(e - o) < layout->lengths[negative][digits]) return false;
            o = layout->put(o, std::size_t(e - o), negative, text, digits);
            *next++ = at + Offset(o - start);
            return true;
          });
          out = o, ends = next;
          return done;
        },
        [&](std::string_view text) {
          if ((out = put_bytes(out, end, text)) == nullptr) return false;
          *ends++ = at + Offset(out - start);
          return true;
        });
    return ok ? out : nullptr;
  }
};

template <class T> double as_double(T v) noexcept {
  if constexpr (std::is_same_v<T, float16>) return double(widen(v));
  else return double(v);
}

// Values under a float type (format_spec::floating): each as the double it equals. Floats under 'd'
// (printf's %d, %i, %u) are written as their integer part (finite values only: the plans check).
template <class Values> struct float_spec_values {
  Values values;
  const spec_layout* layout;
  static constexpr bool length_in_closed_form = false;

  // Calls each(v) with values [from, from + count) as doubles, in order; false as soon as each is (and
  // for an integer_list's wide values and floats, which the plan refuses under a float type).
  template <class Each> bool for_each_double(std::size_t from, std::size_t count, Each&& each) const noexcept {
    if constexpr (is_float_values<Values>) {
      for (std::size_t i = from; i < from + count; ++i)
        if (!each(as_double(values.at(i)))) return false;
      return true;
    } else {
      return for_each_part(
          values, from, count,
          [&](const auto* p, std::size_t k) {
            for (std::size_t j = 0; j < k; ++j)
              if (!each(double(p[j]))) return false;
            return true;
          },
          [](std::string_view) { return false; });
    }
  }

  std::size_t length_of(double v) const noexcept {
    if (layout->spec.floating()) return float_text(v, layout->spec, true).length;
    const integer_part whole(v);
    return layout->d.length(whole.negative, whole.count);
  }
  template <class Each> void for_each_length(std::size_t from, std::size_t count, Each&& each) const noexcept {
    for_each_double(from, count, [&](double v) { return each(length_of(v)), true; });
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t total = 0;
    for_each_length(from, count, [&](std::size_t length) { total = add_length(total, length); });
    return total;
  }
  // Value v's text at out, or nullptr when it does not fit before end.
  char* put(double v, char* out, char* end) const noexcept {
    if (out == nullptr) return nullptr;
    if (layout->spec.floating()) {
      const float_text text(v, layout->spec);
      return std::size_t(end - out) >= text.length ? text.write(out, layout->spec) : nullptr;
    }
    const integer_part whole(v);
    if (std::size_t(end - out) < layout->d.length(whole.negative, whole.count)) return nullptr;
    return layout->d.write(out, whole.negative, whole.digits, whole.count);
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end, destination) const noexcept {
    bool first = true;
    const bool ok = for_each_double(from, count, [&](double v) {
      if (!first) out = put_bytes(out, end, sep);
      first = false;
      return (out = put(v, out, end)) != nullptr;
    });
    return ok ? out : nullptr;
  }
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at, Offset* ends) const noexcept {
    char* const start = out;
    const bool ok = for_each_double(from, count, [&](double v) {
      if ((out = put(v, out, end)) == nullptr) return false;
      *ends++ = at + Offset(out - start);
      return true;
    });
    return ok ? out : nullptr;
  }
};

// Calls f with values under the spec: spec_values, or float_spec_values under a float type and for
// floats (which take float types and 'd' of finite values: the plans refuse the others before).
// Whether floats can be written under the spec: a float type, or 'd' and every value finite.
template <class V> bool floats_take(const V& values, std::size_t from, std::size_t count, const format_spec& spec) noexcept {
  if (spec.floating()) return true;
  if (spec.type != 'd') return false;
  for (std::size_t i = from; i < from + count; ++i)
    if (!std::isfinite(as_double(values.at(i)))) return false;
  return true;
}

template <class V, class F> void with_spec(const V& values, const spec_layout* layout, F&& f) {
  if constexpr (is_float_values<V>) f(float_spec_values<V>{values, layout});  // 'd' too
  else if (layout->spec.floating()) f(float_spec_values<V>{values, layout});
  else f(spec_values<V>{values, layout});
}

} // namespace simdigits::detail
