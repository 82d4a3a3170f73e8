// The public functions over any integers: join_plan and the buffers of Arrow string arrays, each a
// source of values.hpp (or spec_values.hpp) driven through plan.hpp.
#include <limits>

#include "../spec/spec_values.hpp"
#include "plan.hpp"
#include "values.hpp"
#include "simdigits/spec.hpp"

namespace simdigits {

join_plan::join_plan(const integers& values, std::string_view sep, unsigned threads)
    : measured_text(threads), values_(values), sep_(sep) {
  measure_all();
}

join_plan::join_plan(const integers& values, std::string_view sep, const format_spec& spec, unsigned threads)
    : measured_text(threads), values_(values), sep_(sep) {
  if (!spec.plain()) spec_ = std::make_shared<detail::spec_layout>(spec);
  measure_all();
}

// Calls f(source, n) with the plan's source: its values joined by its separator, under its spec if any.
template <class F> status join_plan::with_source(F&& f) const {
  return detail::with_values(values_, [&](const auto& v, std::size_t n) {
    using V = std::remove_cvref_t<decltype(v)>;
    if (spec_) f(detail::joined<detail::spec_values<V>>{{v, spec_.get()}, sep_}, n);
    else f(detail::joined<V>{v, sep_}, n);
  });
}

void join_plan::measure_all() {
  status_ = with_source([&](const auto& src, std::size_t n) {
    size_ = n;
    length_ = detail::measure(src, n, threads_, first_, slices_);
  });
  if (status_ == status::ok && length_ == npos) status_ = status::too_long;
}

write_result join_plan::write(std::span<char> out, memory to) const noexcept {
  if (status_ != status::ok) return {status_};
  if (out.size() < length_) return {status::invalid_argument};
  bool ok = false;
  with_source([&](const auto& src, std::size_t) {
    ok = detail::write_slices(src, slices(), out.data(), detail::destination_of(to),
                              detail::parallel_write(threads_, length_, slices().size()));
  });
  return ok ? write_result{status::ok, length_} : write_result{status::values_changed};
}

write_result join_plan::write(int fd, std::uint64_t offset, std::size_t buffer_bytes) const noexcept {
  if (status_ != status::ok) return {status_};
  if (offset > std::uint64_t(std::numeric_limits<off_t>::max()) - length_) return {status::too_long};
  write_result result;
  with_source([&](const auto& src, std::size_t) {
    result = detail::write_slices_to_file(src, slices(), fd, offset, std::max<std::size_t>(buffer_bytes, 1),
                                          slices().size() > 1);
  });
  return result;
}

write_result join_plan::write_pieces(const std::function<bool(std::string_view)>& sink, std::size_t piece_bytes) const {
  if (status_ != status::ok && status_ != status::too_long) return {status_};
  write_result result;
  with_source([&](const auto& src, std::size_t n) {
    result = detail::write_in_pieces(src, n, length(), slices().size(), std::max<std::size_t>(piece_bytes, 1), sink);
  });
  return result;
}

// ---- Arrow string arrays ------------------------------------------------------------------------------

namespace detail {

template <class Offset>
write_result write_string_array(const integers& values, std::span<char> chars, std::span<Offset> offsets,
                                unsigned threads) noexcept try {
  write_result result;
  const status valid = with_values(values, [&](const auto& v, std::size_t n) {
    std::vector<text_slice> slices;
    text_slice first;
    const std::size_t length = measure(joined<std::remove_cvref_t<decltype(v)>>{v, ""}, n, threads, first, slices);
    if (length > std::size_t(std::numeric_limits<Offset>::max())) return void(result = {status::too_long});
    if (chars.size() < length || offsets.size() != n + 1) return void(result = {status::invalid_argument});
    if (slices.empty()) slices.push_back(first);
    std::vector<std::size_t> starts(slices.size() + 1, 0);
    for (std::size_t i = 0; i < slices.size(); ++i) starts[i + 1] = starts[i] + slices[i].length;
    std::vector<char> done(slices.size(), 0);
    offsets[0] = 0;
    auto write_slice = [&](std::size_t i) {
      char* const stop = chars.data() + starts[i + 1];
      done[i] = write_with_ends(v, slices[i].from, slices[i].count, chars.data() + starts[i], stop, Offset(starts[i]),
                                offsets.data() + slices[i].from + 1, destination::in_use) == stop;
    };
    if (parallel_write(threads, length, slices.size())) run_tasks(slices.size(), write_slice);
    else
      for (std::size_t i = 0; i < slices.size(); ++i) write_slice(i);
    result = std::find(done.begin(), done.end(), 0) == done.end() ? write_result{status::ok, length}
                                                                   : write_result{status::values_changed};
  });
  return valid == status::ok ? result : write_result{valid};
} catch (const std::bad_alloc&) {
  return {status::no_memory};
}

} // namespace detail

std::size_t string_array_length(const integers& values, unsigned threads) {
  return join_plan(values, "", threads).length();
}

write_result write_string_array(const integers& values, std::span<char> chars, std::span<std::int32_t> offsets,
                                unsigned threads) noexcept {
  return detail::write_string_array(values, chars, offsets, threads);
}
write_result write_string_array(const integers& values, std::span<char> chars, std::span<std::int64_t> offsets,
                                unsigned threads) noexcept {
  return detail::write_string_array(values, chars, offsets, threads);
}

} // namespace simdigits
