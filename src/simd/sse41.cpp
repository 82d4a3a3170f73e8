// The sse4_1 kernels (compiled with -msse4.1).
#include "generic.hpp"

namespace simdigits::detail::simd {
template <> const table& table_of<isa::sse41>() noexcept { return make_table<xsimd::sse4_1>(); }
} // namespace simdigits::detail::simd
