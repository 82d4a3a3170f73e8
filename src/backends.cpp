// The one place where a backend is chosen: the list of backends, the CPU check, the active pointer.
#include <atomic>

#include "kernels.hpp"
#include "simdigits/simdigits.hpp"

namespace simdigits::detail {

char* scalar_range(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep, char* out,
                   char* end) noexcept {
  range_source src{std::uint64_t(first), std::uint64_t(step)};
  return with_separator(sep, [&](auto s) { return join_scalar(src, n, s, out, end); });
}

namespace {

constexpr bool always() noexcept { return true; }

const backend scalar_backend{
    "scalar", always,
    join_table{scalar_join<std::int8_t>, scalar_join<std::uint8_t>, scalar_join<std::int16_t>,
               scalar_join<std::uint16_t>, scalar_join<std::int32_t>, scalar_join<std::uint32_t>,
               scalar_join<std::int64_t>, scalar_join<std::uint64_t>},
    scalar_range};

// Worst to best: the default is the last one this CPU supports.
const backend* const all_backends[] = {&scalar_backend};

const backend* best_supported() noexcept {
  const backend* best = &scalar_backend;
  for (const backend* b : all_backends)
    if (b->supported()) best = b;
  return best;
}

// A function-local static: initialised on first use, whatever the order of static initialisers.
std::atomic<const backend*>& active_slot() noexcept {
  static std::atomic<const backend*> slot{best_supported()};
  return slot;
}

} // namespace

const backend& active() noexcept { return *active_slot().load(std::memory_order_relaxed); }

} // namespace simdigits::detail

namespace simdigits {

std::vector<std::string_view> available_backends() {
  std::vector<std::string_view> names;
  for (const detail::backend* b : detail::all_backends)
    if (b->supported()) names.push_back(b->name);
  return names;
}

std::string_view active_backend() noexcept { return detail::active().name; }

bool set_backend(std::string_view name) noexcept {
  for (const detail::backend* b : detail::all_backends) {
    if (b->name == name && b->supported()) {
      detail::active_slot().store(b, std::memory_order_relaxed);
      return true;
    }
  }
  return false;
}

} // namespace simdigits
