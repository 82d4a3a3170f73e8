// The public functions over any integers: join_plan and the buffers of Arrow string arrays, each a
// source of values.hpp (or spec_values.hpp) driven through plan.hpp.
#include <cstring>
#include <limits>
#include <memory>

#include "../spec/spec_values.hpp"
#include "plan.hpp"
#include "values.hpp"
#include "simdigits/spec.hpp"

namespace simdigits {

namespace detail {
// Calls f(values, n) with the values, under the spec when there is one; invalid_argument for floats
// under an integer type other than 'd' (or with one not finite) and for a list's floats under any spec
// and its wide values under a float type.
template <class F> status with_spec_values(const numbers& values, const spec_layout* spec, F&& f) {
  const auto* list = std::get_if<integer_list>(&values);
  if (spec && list && (!list->floats.empty() || (spec->spec.floating() && !list->wide.empty()))) return status::invalid_argument;
  bool refused = false;
  const status valid = with_values(values, [&](const auto& v, std::size_t n) {
    using V = std::remove_cvref_t<decltype(v)>;
    if (!spec) return f(v, n);
    if constexpr (is_float_values<V>)
      if (!floats_take(v, 0, n, spec->spec)) return void(refused = true);
    with_spec(v, spec, [&](const auto& under) { f(under, n); });
  });
  return refused ? status::invalid_argument : valid;
}
} // namespace detail

join_plan::join_plan(const numbers& values, std::string_view sep, unsigned threads)
    : measured_text(threads), values_(values), sep_(sep) {
  measure_all();
}

join_plan::join_plan(const numbers& values, std::string_view sep, const format_spec& spec, unsigned threads)
    : measured_text(threads), values_(values), sep_(sep) {
  if (detail::takes_layout(spec, std::holds_alternative<float_column>(values))) spec_ = std::make_shared<detail::spec_layout>(spec);
  measure_all();
}

// Calls f(source, n) with the plan's source: its values joined by its separator, under its spec if any
// (invalid_argument for floats under a spec).
template <class F> status join_plan::with_source(F&& f) const {
  return detail::with_spec_values(values_, spec_.get(), [&](const auto& v, std::size_t n) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (detail::is_float_values<V>) {
      V cached = v;
      cached.cache = reinterpret_cast<detail::packed_parts*>(float_parts_.get());
      f(detail::joined<V>{cached, sep_}, n);
    } else {
      f(detail::joined<V>{v, sep_}, n);
    }
  });
}

void join_plan::measure_all() {
  if (const auto* floats = std::get_if<float_column>(&values_); floats && !spec_ && floats->size <= detail::cached_floats)
    float_parts_ = detail::float_parts_cache(floats->size);
  status_ = with_source([&](const auto& src, std::size_t n) {
    size_ = n;
    length_ = detail::measure(src, n, threads_, first_, slices_);
  });
  if (status_ == status::ok && length_ == npos) status_ = status::too_long;
}

write_result join_plan::write(std::span<char> out, memory to) const noexcept {
  if (status_ != status::ok) return {status_};
  write_result result;
  with_source([&](const auto& src, std::size_t) { result = detail::write_measured(src, slices(), length_, threads_, out, to); });
  return result;
}

write_result join_plan::write(int fd, std::uint64_t offset, std::size_t buffer_bytes) const noexcept {
  if (status_ != status::ok) return {status_};
  write_result result;
  with_source([&](const auto& src, std::size_t) {
    result = detail::write_measured(src, slices(), length_, fd, offset, buffer_bytes);
  });
  return result;
}

// (A text too long for memory can still be written in pieces.)
write_result join_plan::write_pieces(const std::function<bool(std::string_view)>& sink, std::size_t piece_bytes) const {
  if (status_ != status::ok && status_ != status::too_long) return {status_};
  write_result result;
  with_source([&](const auto& src, std::size_t n) {
    result = detail::write_measured(src, slices(), n, length(), sink, piece_bytes);
  });
  return result;
}

// ---- Arrow string arrays ------------------------------------------------------------------------------

namespace detail {

// The values one after another (a join without separator), each value's end also written to
// ends[from + 1 ...], counted from `chars` (plan.hpp's source: the plan cuts, measures and threads it).
template <class Values, class Offset> struct values_with_ends {
  joined<Values> text;
  const char* chars;
  Offset* ends;
  static constexpr bool length_in_closed_form = Values::length_in_closed_form;

  std::size_t length(std::size_t from, std::size_t count) const noexcept { return text.length(from, count); }
  char* write(std::size_t from, std::size_t count, char* out, char* end, destination to) const noexcept {
    return write_with_ends(text.values, from, count, out, end, Offset(out - chars), ends + from + 1, to);
  }
};

template <class Offset>
write_result write_string_array(const numbers& values, const format_spec* spec, std::span<char> chars,
                                std::span<Offset> offsets, unsigned threads) noexcept try {
  write_result result;
  const std::unique_ptr<spec_layout> layout =
      spec && takes_layout(*spec, std::holds_alternative<float_column>(values)) ? std::make_unique<spec_layout>(*spec) : nullptr;
  const status valid = with_spec_values(values, layout.get(), [&](const auto& values_of, std::size_t n) {
    using V = std::remove_cvref_t<decltype(values_of)>;
    V v = values_of;
    std::shared_ptr<std::byte[]> cache;
    if constexpr (is_float_values<V>)
      if (n <= cached_floats) v.cache = reinterpret_cast<packed_parts*>((cache = float_parts_cache(n)).get());
    const values_with_ends<V, Offset> src{{v, ""}, chars.data(), offsets.data()};
    text_slice first;
    std::vector<text_slice> more;
    const std::size_t length = measure(src, n, threads, first, more);
    if (length > std::size_t(std::numeric_limits<Offset>::max())) return void(result = {status::too_long});
    if (chars.size() < length || offsets.size() != n + 1) return void(result = {status::invalid_argument});
    offsets[0] = 0;
    result = write_measured(src, slices_of(first, more), length, threads, chars, memory::in_use);
  });
  return valid == status::ok ? result : write_result{valid};
} catch (const std::bad_alloc&) {
  return {status::no_memory};
}

// Widens bytes [from, to) of `data` to UCS4 code points in place: byte i to bytes 4i..4i+3, from the
// end, a block read whole before it is written (so the bytes a block writes over are behind it).
inline void widen(char* data, std::size_t from, std::size_t to) noexcept {
  constexpr std::size_t step = 64;
  std::size_t i = to;
  for (; i >= from + step; i -= step) {
    std::uint32_t wide[step];
    const auto* bytes = reinterpret_cast<const unsigned char*>(data) + i - step;
    for (std::size_t k = 0; k < step; ++k) wide[k] = bytes[k];
    std::memcpy(data + 4 * (i - step), wide, sizeof wide);
  }
  while (i-- > from) {
    const std::uint32_t code = static_cast<unsigned char>(data[i]);
    std::memcpy(data + 4 * i, &code, 4);
  }
}

// Widens the first n bytes of `data` in place, in rounds: round by round the bytes [a, b) with
// a = ceil(b / 4), b the previous round's a (n first). A round's writes, [4a, 4b), start at or past b:
// clear of every byte still to be read, so its bytes are widened by as many threads as pay.
inline void widen_in_place(char* data, std::size_t n, unsigned threads) {
  std::size_t b = n;
  while (b >= min_task_items) {
    const std::size_t a = (b + 3) / 4, count = b - a;
    const std::size_t tasks = task_count(count, threads);
    run_tasks(tasks, [&](std::size_t t) {
      widen(data, a + slice_start(count, tasks, t), a + slice_start(count, tasks, t + 1));
    });
    b = a;
  }
  widen(data, 0, b);
}

// Floats in fixed-width items: each value's text, then NULs to the width (plan.hpp's source).
template <class Floats> struct fixed_width_floats {
  Floats values;
  std::size_t width;
  static constexpr bool length_in_closed_form = true;

  std::size_t length(std::size_t, std::size_t count) const noexcept { return count * width; }
  char* write(std::size_t from, std::size_t count, char* out, char* end, destination) const noexcept {
    if (std::size_t(end - out) < count * width) return nullptr;
    for (std::size_t i = 0; i < count; ++i) {
      char* const item = out + i * width;
      char* const text = values.put(from + i, item, item + width);
      if (text == nullptr) return nullptr;
      std::memset(text, 0, std::size_t(item + width - text));
    }
    return out + count * width;
  }
};

// The items of `values` at `width` units each, bytes or (ucs4) widened in place; nothing written unless
// every value fits.
write_result write_fixed_width(const numbers& values, std::size_t width, bool ucs4, std::span<char> out,
                               memory to, unsigned threads) noexcept try {
  std::size_t bytes = 0;
  write_result result{status::ok};
  bool floats = false;
  // Whether `out` is not exactly the items' `bytes` units.
  auto wrong_size = [&](std::size_t items_bytes) {
    return out.size() != (ucs4 ? 4 : 1) * items_bytes || (ucs4 && out.size() / 4 != items_bytes);
  };
  const status valid = with_values(values, [&](const auto& v, std::size_t count) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (is_float_values<V>) {
      floats = true;
      if (__builtin_mul_overflow(count, width, &bytes)) return void(result = {status::too_long});
      if (wrong_size(bytes)) return void(result = {status::invalid_argument});
      if (V::max_length > width)  // a text may not fit: measured first
        for (std::size_t i = 0; i < count; ++i)
          if (std::size_t(float_length(v.at(i), v.style)) > width) return void(result = {status::too_long});
      const fixed_width_floats<V> src{v, width};
      text_slice first;
      std::vector<text_slice> more;
      measure(src, count, threads, first, more);
      result = write_measured(src, slices_of(first, more), bytes, threads, out.first(bytes), to);
    }
  });
  if (valid != status::ok) return {valid};
  if (!floats) {
    format_spec padded;  // each value's digits, then NULs to the width
    padded.fill.assign(1, '\0');
    padded.alignment = format_spec::align::left;
    padded.width = width;
    const join_plan plan(values, "", padded, threads);
    if (plan.check() != status::ok) return {plan.check()};
    if (__builtin_mul_overflow(plan.size(), width, &bytes)) return {status::too_long};
    if (plan.length() != bytes) return {status::too_long};  // a value wider than the width
    if (wrong_size(bytes)) return {status::invalid_argument};
    result = plan.write(out.first(bytes), to);
  }
  if (result && ucs4) widen_in_place(out.data(), bytes, threads);
  return result && ucs4 ? write_result{status::ok, out.size()} : result;
} catch (const std::bad_alloc&) {
  return {status::no_memory};
}

} // namespace detail

std::size_t value_count(const numbers& values) noexcept {
  std::size_t count = 0;
  return detail::with_values(values, [&](const auto&, std::size_t n) { count = n; }) == status::ok ? count : npos;
}

write_result write_fixed_width(const numbers& values, std::size_t width, bool ucs4, std::span<char> out,
                               memory to, unsigned threads) noexcept {
  return detail::write_fixed_width(values, width, ucs4, out, to, threads);
}

std::size_t string_array_length(const numbers& values, unsigned threads) {
  return join_plan(values, "", threads).length();
}
std::size_t string_array_length(const numbers& values, const format_spec& spec, unsigned threads) {
  return join_plan(values, "", spec, threads).length();
}

write_result write_string_array(const numbers& values, std::span<char> chars, std::span<std::int32_t> offsets,
                                unsigned threads) noexcept {
  return detail::write_string_array(values, nullptr, chars, offsets, threads);
}
write_result write_string_array(const numbers& values, std::span<char> chars, std::span<std::int64_t> offsets,
                                unsigned threads) noexcept {
  return detail::write_string_array(values, nullptr, chars, offsets, threads);
}
write_result write_string_array(const numbers& values, const format_spec& spec, std::span<char> chars,
                                std::span<std::int32_t> offsets, unsigned threads) noexcept {
  return detail::write_string_array(values, &spec, chars, offsets, threads);
}
write_result write_string_array(const numbers& values, const format_spec& spec, std::span<char> chars,
                                std::span<std::int64_t> offsets, unsigned threads) noexcept {
  return detail::write_string_array(values, &spec, chars, offsets, threads);
}

} // namespace simdigits
