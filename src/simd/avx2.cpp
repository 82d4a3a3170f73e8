// The avx2 kernels (compiled with -mavx2).
#include "generic.hpp"

namespace simdigits::detail::simd {
template <> const table& table_of<isa::avx2>() noexcept { return make_table<xsimd::avx2>(); }
} // namespace simdigits::detail::simd
