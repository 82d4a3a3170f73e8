// The avx512bw kernels (compiled with -mavx512f -mavx512bw -mavx512dq -mavx512cd).
#include "generic.hpp"

namespace simdigits::detail::simd {
template <> const table& table_of<isa::avx512>() noexcept { return make_table<xsimd::avx512bw>(); }
} // namespace simdigits::detail::simd
