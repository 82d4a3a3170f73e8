// Internal: the integers of sources.hpp as the engine's sources (see plan.hpp): a join's items are its
// values, each but the first with the separator before it. Each kind of values gives the digits of a
// slice of them, writes a slice joined by a separator, and hands out runs of native values (or of
// decimal text, for an integer_list's wide values) for writers that need each value's own end.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "simdigits/simdigits.hpp"
#include "../backends/backend.hpp"
#include "plan.hpp"

namespace simdigits::detail {

// Copies bytes to out unless they would pass end; nullptr in or out means the text does not fit.
inline char* put_bytes(char* out, char* end, std::string_view bytes) noexcept {
  if (out == nullptr || std::size_t(end - out) < bytes.size()) return nullptr;
  if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());  // an empty view's data may be null
  return out + bytes.size();
}

template <class E> E byteswap(E v) noexcept {
  if constexpr (sizeof(E) == 1) return v;
  else if constexpr (sizeof(E) == 2) return E(__builtin_bswap16(std::uint16_t(v)));
  else if constexpr (sizeof(E) == 4) return E(__builtin_bswap32(std::uint32_t(v)));
  else return E(__builtin_bswap64(std::uint64_t(v)));
}

// Values gathered this many at a time (strided or byte-swapped columns, ranges' runs) into a buffer on
// the stack: no full-size copy is ever made.
inline constexpr std::size_t gather_size = 1024;

// An integer_column of E: contiguous native-order values straight to the kernels, others gathered.
template <class E> struct column_values {
  using value_type = E;
  const char* base;
  std::ptrdiff_t stride;
  bool swap;
  static constexpr bool length_in_closed_form = false;

  // Straight to the kernels only when it is what a C++ E array is: native order, contiguous, aligned.
  bool direct() const noexcept {
    return !swap && stride == std::ptrdiff_t(sizeof(E)) && reinterpret_cast<std::uintptr_t>(base) % alignof(E) == 0;
  }
  const char* at(std::size_t i) const noexcept { return base + std::ptrdiff_t(i) * stride; }

  // Calls f(values, count) on native-order contiguous runs of [from, from + count) until it returns false.
  template <class F> bool for_each_run(std::size_t from, std::size_t count, F&& f) const noexcept {
    if (direct()) return f(reinterpret_cast<const E*>(at(from)), count);
    E gathered[gather_size];
    for (std::size_t done = 0; done < count;) {
      const std::size_t k = std::min(gather_size, count - done);
      for (std::size_t j = 0; j < k; ++j) {
        E v;
        std::memcpy(&v, at(from + done + j), sizeof(E));  // buffers need not be aligned
        gathered[j] = swap ? byteswap(v) : v;
      }
      if (!f(static_cast<const E*>(gathered), k)) return false;
      done += k;
    }
    return true;
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    const auto digits_of = active().digits<E>();
    std::size_t total = 0;
    for_each_run(from, count, [&](const E* p, std::size_t k) { return (total += digits_of(p, k)), true; });
    return total;
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end,
              destination to) const noexcept {
    const auto join = active().join<E>();
    bool first = true;
    const bool ok = for_each_run(from, count, [&](const E* p, std::size_t k) {
      if (!first) out = put_bytes(out, end, sep);
      first = false;
      return out != nullptr && (out = join(p, k, sep, out, end, to)) != nullptr;
    });
    return ok ? out : nullptr;
  }
};

// The parts (packed) and lengths in `style` of n values of type U, given with their bits: by the
// backend's kernel where it has one, the rest (and what it leaves) one value at a time.
template <class U>
void parts_block(const U* values, const std::uint64_t* bits, std::size_t n, float_style style, packed_parts* parts,
                 std::uint8_t* lengths) noexcept {
  std::size_t done = 0;
  if (const simd::float_parts_fn kernel = active().float_parts)
    done = kernel(bits, n, simd::float_type_of<U>(), style, parts, lengths);
  for (std::size_t i = 0; i < n; ++i) {
    if (i < done && lengths[i] != 0) continue;
    const float_parts f = parts_of(values[i]);
    parts[i] = pack(f);
    lengths[i] = std::uint8_t(length_of(f, style));
  }
}

// The digits of n values' parts into slots (digit_slot bytes apart, fill_digits' layout), by the
// backend's kernel where it has one.
inline void fill_block_digits(const packed_parts* parts, std::size_t n, char* slots) noexcept {
  std::size_t done = 0;
  if (const simd::float_digits_fn kernel = active().float_digits) done = kernel(parts, n, slots);
  for (std::size_t i = done; i < n; ++i) fill_digits(slots + i * digit_slot, parts[i].digits);
}

// A float_column of T: each value's shortest digits in the column's style (floating.hpp), found a block
// at a time. With a cache (join_plan's), measuring keeps each value's digits for writing; without,
// writing finds them again.
template <class T> struct float_values {
  using bits_type = typename float_traits<T>::bits_type;
  static constexpr std::size_t max_length = max_float_chars<T>;
  static constexpr std::size_t block = 64;
  const char* base;
  std::ptrdiff_t stride;
  bool swap;
  float_style style;
  packed_parts* cache = nullptr;  // one entry a value, filled by digits()
  static constexpr bool length_in_closed_form = false;

  T at(std::size_t i) const noexcept {
    bits_type bits;
    std::memcpy(&bits, base + std::ptrdiff_t(i) * stride, sizeof bits);
    return std::bit_cast<T>(swap ? byteswap(bits) : bits);
  }

  // Calls f(b, k, parts, lengths) for blocks [b, b + k) of [from, from + count) in order, until it
  // returns false (then false), the parts packed into `into` (count entries) or a block's scratch: of
  // the value the style writes (parts_in's: a float16 in JSON as its float, in Arrow's style as its
  // double).
  template <class F> bool each_found(std::size_t from, std::size_t count, packed_parts* into, F&& f) const noexcept {
    if constexpr (std::is_same_v<T, float16>) {
      if (json_layout(style)) return each_found_as<float>(from, count, into, f, [](float16 v) { return widen(v); });
      if (style == float_style::arrow)
        return each_found_as<double>(from, count, into, f, [](float16 v) { return double(widen(v)); });
    }
    return each_found_as<T>(from, count, into, f, [](T v) { return v; });
  }
  template <class U, class F, class As>
  bool each_found_as(std::size_t from, std::size_t count, packed_parts* into, F& f, As as) const noexcept {
    U values[block];
    std::uint64_t bits[block];
    packed_parts scratch[block];
    std::uint8_t lengths[block];
    for (std::size_t b = from; b < from + count; b += block) {
      const std::size_t k = std::min(block, from + count - b);
      for (std::size_t j = 0; j < k; ++j) bits[j] = float_traits<U>::bits(values[j] = as(at(b + j)));
      packed_parts* const parts = into ? into + (b - from) : scratch;
      parts_block(values, bits, k, style, parts, lengths);
      if (!f(b, k, static_cast<const packed_parts*>(parts), static_cast<const std::uint8_t*>(lengths))) return false;
    }
    return true;
  }
  // Blocks of parts (f(b, k, parts)), from the cache when there is one.
  template <class F> bool each_block(std::size_t from, std::size_t count, F&& f) const noexcept {
    if (!cache) return each_found(from, count, nullptr, [&](std::size_t b, std::size_t k, const packed_parts* parts, const std::uint8_t*) { return f(b, k, parts); });
    for (std::size_t b = from; b < from + count; b += block)
      if (!f(b, std::min(block, from + count - b), static_cast<const packed_parts*>(cache + b))) return false;
    return true;
  }

  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t total = 0;
    each_found(from, count, cache ? cache + from : nullptr, [&](std::size_t, std::size_t k, const packed_parts*, const std::uint8_t* lengths) {
      for (std::size_t j = 0; j < k; ++j) total += lengths[j];
      return true;
    });
    return total;
  }

  // Calls put(i, parts, digits) for each value of [from, from + count) until it returns false (then
  // false), with its digits as layout() takes them: a block's digits filled at once.
  template <class F> bool each_with_digits(std::size_t from, std::size_t count, F&& put) const noexcept {
    char slots[(block + 1) * digit_slot];
    return each_block(from, count, [&](std::size_t b, std::size_t k, const packed_parts* parts) {
      fill_block_digits(parts, k, slots);
      for (std::size_t j = 0; j < k; ++j) {
        const float_parts f = unpack(parts[j], style == float_style::cpp ? binary_of_value(at(b + j)) : binary_value{});
        if (!put(b + j, f, digits_in(slots + j * digit_slot, f.digit_count))) return false;
      }
      return true;
    });
  }
  // A value's text at out, or nullptr when it does not fit before end.
  char* put(const float_parts& f, const char* digits, char* out, char* end) const noexcept {
    if (out == nullptr) return nullptr;
    if (end - out >= layout_room) return layout(out, f, style, digits);
    char buffer[layout_room];
    return put_bytes(out, end, std::string_view(buffer, std::size_t(layout(buffer, f, style, digits) - buffer)));
  }
  char* put(std::size_t i, char* out, char* end) const noexcept {
    each_with_digits(i, 1, [&](std::size_t, const float_parts& f, const char* digits) { return (out = put(f, digits, out, end)) != nullptr; });
    return out;
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end,
              destination) const noexcept {
    return with_separator(sep, [&](auto s) {
      each_with_digits(from, count, [&](std::size_t i, const float_parts& f, const char* digits) {
        if (i != from) {
          if (out == nullptr || std::size_t(end - out) < s.size()) {
            out = nullptr;
            return false;
          }
          out = s.put(out);
        }
        return (out = put(f, digits, out, end)) != nullptr;
      });
      return out;
    });
  }
  // The values one after another, the end of each (counted from `at`) to ends[0..count).
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at, Offset* ends) const noexcept {
    char* const start = out;
    each_with_digits(from, count, [&](std::size_t, const float_parts& f, const char* digits) {
      if ((out = put(f, digits, out, end)) == nullptr) return false;
      *ends++ = at + Offset(out - start);
      return true;
    });
    return out;
  }
};
template <class V> inline constexpr bool is_float_values = false;
template <class T> inline constexpr bool is_float_values<float_values<T>> = true;

// range(start, stop, step) as its numbers: digits in closed form, text by the range kernels.
struct range_values {
  std::int64_t start, step;
  static constexpr bool length_in_closed_form = true;

  std::int64_t number(std::size_t i) const noexcept {
    return std::int64_t(std::uint64_t(start) + std::uint64_t(i) * std::uint64_t(step));
  }
  template <class F> bool for_each_run(std::size_t from, std::size_t count, F&& f) const noexcept {
    std::int64_t numbers[gather_size];
    for (std::size_t done = 0; done < count;) {
      const std::size_t k = std::min(gather_size, count - done);
      for (std::size_t j = 0; j < k; ++j) numbers[j] = number(from + done + j);
      if (!f(static_cast<const std::int64_t*>(numbers), k)) return false;
      done += k;
    }
    return true;
  }
  // npos past std::size_t; the last number lies inside the range, so one past it fits int64.
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    if (count == 0) return 0;
    return range_length(number(from), number(from + count - 1) + (step > 0 ? 1 : -1), step, "");
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end,
              destination to) const noexcept {
    return active().range(number(from), count, step, sep, out, end, to);
  }
};

// An integer_list: int64 runs through the kernels, wide values and floats as their text.
struct list_values {
  const std::int64_t* values;
  std::span<const wide_integer> wide;
  std::span<const listed_float> floats;
  float_style style;
  static constexpr bool length_in_closed_form = false;

  // The first of `items` (sorted by index) at or after index i.
  template <class Item> static const Item* first_from(std::span<const Item> items, std::size_t i) noexcept {
    return std::lower_bound(items.data(), items.data() + items.size(), i,
                            [](const Item& item, std::size_t j) { return item.index < j; });
  }
  // Calls on_run(values, count) and on_wide(text) in order over [from, from + count); a float comes as
  // its text too.
  template <class Run, class Wide>
  bool for_each_part(std::size_t from, std::size_t count, Run&& on_run, Wide&& on_wide) const noexcept {
    const wide_integer* w = first_from(wide, from);
    const listed_float* f = first_from(floats, from);
    const std::size_t stop = from + count;
    for (std::size_t i = from;;) {
      const std::size_t next_wide = w != wide.data() + wide.size() && w->index < stop ? w->index : stop;
      const std::size_t next_float = f != floats.data() + floats.size() && f->index < stop ? f->index : stop;
      const std::size_t next = std::min(next_wide, next_float);
      if (next > i && !on_run(values + i, next - i)) return false;
      if (next == stop) return true;
      if (next == next_wide) {
        if (!on_wide((w++)->text)) return false;
      } else {
        char text[max_float_chars<double> + 8];
        const char* end = simdigits::write(text, (f++)->value, style);
        if (!on_wide(std::string_view(text, std::size_t(end - text)))) return false;
      }
      i = next + 1;
    }
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    const auto digits_of = active().digits<std::int64_t>();
    std::size_t total = 0;
    for_each_part(
        from, count, [&](const std::int64_t* p, std::size_t k) { return (total += digits_of(p, k)), true; },
        [&](std::string_view text) { return (total += text.size()), true; });
    return total;
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end,
              destination to) const noexcept {
    const auto join = active().join<std::int64_t>();
    bool first = true;
    auto before = [&] {
      if (!first) out = put_bytes(out, end, sep);
      first = false;
      return out != nullptr;
    };
    const bool ok = for_each_part(
        from, count,
        [&](const std::int64_t* p, std::size_t k) { return before() && (out = join(p, k, sep, out, end, to)) != nullptr; },
        [&](std::string_view text) { return before() && (out = put_bytes(out, end, text)) != nullptr; });
    return ok ? out : nullptr;
  }
};

// A join's items: the values, each but the first with the separator before it (plan.hpp's source).
template <class Values> struct joined {
  Values values;
  std::string_view sep;
  static constexpr bool length_in_closed_form = Values::length_in_closed_form;

  std::size_t length(std::size_t from, std::size_t count) const noexcept {
    if (count == 0) return 0;
    std::size_t separators;
    if (__builtin_mul_overflow(count - (from == 0), sep.size(), &separators)) return npos;
    return add_length(values.digits(from, count), separators);
  }
  char* write(std::size_t from, std::size_t count, char* out, char* end, destination to) const noexcept {
    if (count == 0) return out;
    if (from != 0) out = put_bytes(out, end, sep);
    return out == nullptr ? out : values.write(from, count, sep, out, end, to);
  }
};

// Runs of native values and, for lists, wide values' text, in order (see values.hpp).
template <class Values, class Run, class Text>
bool for_each_part(const Values& values, std::size_t from, std::size_t count, Run&& on_run, Text&& on_text) {
  if constexpr (std::is_same_v<Values, list_values>) return values.for_each_part(from, count, on_run, on_text);
  else return values.for_each_run(from, count, on_run);
}

// Writes values [from, from + count) one after another into [out, end) and the end of each, counted
// from `at`, to ends[0..count); the end of the text, or nullptr when it does not fit.
template <class Values, class Offset>
char* write_with_ends(const Values& values, std::size_t from, std::size_t count, char* out, char* end,
                      Offset at, Offset* ends, destination to) noexcept {
  if constexpr (requires { values.write_with_ends(from, count, out, end, at, ends); })  // specs, floats
    return values.write_with_ends(from, count, out, end, at, ends);
  else {
    const bool ok = for_each_part(
        values, from, count,
        [&](const auto* p, std::size_t k) {
          using E = std::remove_cv_t<std::remove_pointer_t<decltype(p)>>;
          std::uint8_t lengths[gather_size];
          for (std::size_t done = 0; done < k;) {  // a run of at most gather_size values at a time
            const std::size_t n = std::min(gather_size, k - done);
            active().lengths<E>()(p + done, n, lengths);
            const Offset first = at;
            for (std::size_t j = 0; j < n; ++j) *ends++ = at += Offset(lengths[j]);
            if (std::size_t(end - out) < std::size_t(at - first)) return false;
            char* const stop = out + (at - first);
            if ((out = active().join<E>()(p + done, n, "", out, stop, to)) != stop) return false;
            done += n;
          }
          return true;
        },
        [&](std::string_view text) {
          *ends++ = at += Offset(text.size());
          return (out = put_bytes(out, end, text)) != nullptr;
        });
    return ok ? out : nullptr;
  }
}

// Calls f(type_identity<E>) for the element type E of integer_types that `type` names (false when it
// names none).
template <class F, class... E> bool with_integer_type(integer_type type, F&& f, type_list<E...>) {
  std::size_t i = 0;
  return ((std::size_t(type) == i++ ? (f(std::type_identity<E>{}), true) : false) || ...);
}

// Calls f(values) with the float_values of the column's type (false when its type is none of them).
template <class F> bool with_float_values(const float_column& c, F&& f) {
  const auto base = static_cast<const char*>(c.data);
  switch (c.type) {
  case float_type::f16: f(float_values<float16>{base, c.stride, c.byte_swapped, c.style}); return true;
  case float_type::f32: f(float_values<float>{base, c.stride, c.byte_swapped, c.style}); return true;
  case float_type::f64: f(float_values<double>{base, c.stride, c.byte_swapped, c.style}); return true;
  }
  return false;
}

// Calls f(values, n) with the values adapter for `values`, after checking them; invalid_argument when
// they are not valid (a range's step of 0, an unknown type, a null column, wide values out of order).
template <class F> status with_values(const numbers& values, F&& f) {
  if (const auto* c = std::get_if<integer_column>(&values)) {
    if (c->data == nullptr && c->size != 0) return status::invalid_argument;
    const bool known = with_integer_type(c->type, [&](auto tag) {
      using E = typename decltype(tag)::type;
      f(column_values<E>{static_cast<const char*>(c->data), c->stride, c->byte_swapped}, c->size);
    }, integer_types{});
    return known ? status::ok : status::invalid_argument;
  }
  if (const auto* c = std::get_if<float_column>(&values)) {
    if (c->data == nullptr && c->size != 0) return status::invalid_argument;
    return with_float_values(*c, [&](const auto& v) { f(v, c->size); }) ? status::ok : status::invalid_argument;
  }
  if (const auto* r = std::get_if<arithmetic_range>(&values)) {
    if (r->step == 0) return status::invalid_argument;
    f(range_values{r->start, r->step}, std::size_t(range_count(r->start, r->stop, r->step)));
    return status::ok;
  }
  const auto& l = std::get<integer_list>(values);
  auto in_order = [&](const auto& items) {
    for (std::size_t k = 0; k < items.size(); ++k)
      if (items[k].index >= l.values.size() || (k > 0 && items[k].index <= items[k - 1].index)) return false;
    return true;
  };
  if (!in_order(l.wide) || !in_order(l.floats)) return status::invalid_argument;
  for (const wide_integer& w : l.wide)  // no index in both
    if (const listed_float* same = list_values::first_from(l.floats, w.index);
        same != l.floats.data() + l.floats.size() && same->index == w.index)
      return status::invalid_argument;
  f(list_values{l.values.data(), l.wide, l.floats, l.style}, l.values.size());
  return status::ok;
}

} // namespace simdigits::detail
