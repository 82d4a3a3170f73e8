// The one place where a backend is chosen: the backends, the CPU checks, the active pointer.
#include <algorithm>
#include <atomic>
#include <type_traits>

#include "backend.hpp"
#include "simdigits/simdigits.hpp"

#if SIMDIGITS_X86_KERNELS || SIMDIGITS_NEON_KERNELS
#define SIMDIGITS_SIMD_KERNELS 1
#include "simd_backend.hpp"
#endif

namespace simdigits::detail {

namespace {

constexpr bool always() noexcept { return true; }

const backend scalar_backend{"scalar", always, joins_of<scalar_groups>(integer_types{}), join_range<scalar_groups>,
                             scalar_digit_counts(integer_types{}), scalar_value_lengths(integer_types{}), nullptr, nullptr};

#if SIMDIGITS_X86_KERNELS
// __builtin_cpu_supports rather than xsimd's detection: an inline function of xsimd's, compiled into a
// kernel file with AVX2 flags, could be the copy the linker keeps for this file too.
bool has_sse41() noexcept { return __builtin_cpu_supports("sse4.1"); }
bool has_avx2() noexcept { return __builtin_cpu_supports("avx2"); }
bool has_avx512() noexcept {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd");
}

// VBMI2 with VBMI, VL and IFMA, which every CPU with VBMI2 so far has (Ice Lake and later, Zen 4).
bool has_avx512vbmi2() noexcept {
  return has_avx512() && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vbmi") &&
         __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("avx512ifma");
}

const backend sse41_backend = simd_backend<simd::isa::sse41>("sse4.1", has_sse41);
const backend avx2_backend = simd_backend<simd::isa::avx2>("avx2", has_avx2);
const backend avx512_backend = simd_backend<simd::isa::avx512>("avx512", has_avx512);
const backend avx512vbmi2_backend = simd_backend<simd::isa::avx512vbmi2>("avx512vbmi2", has_avx512vbmi2);

// Worst to best: the default is the last one this CPU supports. AVX-512 without VBMI2 comes before
// AVX2: on the CPUs that have the one without the other (Skylake-SP, Cascade Lake) 512-bit code pays
// a frequency penalty, and the generic kernels' stores are 16 bytes either way.
const backend* const all_backends[] = {&scalar_backend, &sse41_backend, &avx512_backend, &avx2_backend,
                                       &avx512vbmi2_backend};
#elif SIMDIGITS_NEON_KERNELS
const backend neon_backend = simd_backend<simd::isa::neon>("neon", always);  // AArch64 baseline
const backend* const all_backends[] = {&scalar_backend, &neon_backend};
#else
const backend* const all_backends[] = {&scalar_backend};
#endif

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
