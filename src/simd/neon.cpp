// The AArch64 NEON kernels (NEON is part of the AArch64 baseline: no extra flags).
#include "generic.hpp"

namespace simdigits::detail::simd {
template <> const table& table_of<isa::neon>() noexcept { return make_table<xsimd::neon64>(); }
} // namespace simdigits::detail::simd
