// Internal: which rows a table column's null_rows (table.hpp) marks null.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "simdigits/table.hpp"

namespace simdigits::detail {

inline bool is_null(const null_rows& n, std::size_t row) noexcept {
  if (n.mask && n.mask[row]) return true;
  if (n.bitmap) {
    const std::size_t bit = n.bitmap_offset + row;
    return !((n.bitmap[bit / 8] >> (bit % 8)) & 1);
  }
  return false;
}

inline bool has_nulls(const null_rows& n) noexcept { return n.mask != nullptr || n.bitmap != nullptr; }

// Calls f(row) for each null row of [from, from + count) in order; a bitmap alone is read 64 rows a
// word, its set bits skipped, and a mask alone 8 rows a word, its words of zeros skipped (nulls are few).
template <class F> void for_each_null(const null_rows& n, std::size_t from, std::size_t count, F&& f) {
  const std::size_t to = from + count;
  if (n.mask != nullptr && n.bitmap == nullptr) {
    std::size_t r = from;
    for (; r + 8 <= to; r += 8) {
      std::uint64_t bytes;
      std::memcpy(&bytes, n.mask + r, 8);
      if (bytes != 0) [[unlikely]]
        for (std::size_t j = r; j < r + 8; ++j)
          if (n.mask[j]) f(j);
    }
    for (; r < to; ++r)
      if (n.mask[r]) f(r);
    return;
  }
  if (n.mask != nullptr || n.bitmap == nullptr) {
    if (has_nulls(n))
      for (std::size_t r = from; r < to; ++r)
        if (is_null(n, r)) f(r);
    return;
  }
  for (std::size_t r = from; r < to;) {
    const std::size_t bit = n.bitmap_offset + r;
    if (bit % 8 != 0 || to - r < 64) {
      if (is_null(n, r)) f(r);
      ++r;
      continue;
    }
    std::uint64_t valid;
    std::memcpy(&valid, n.bitmap + bit / 8, 8);
    if constexpr (std::endian::native == std::endian::big) valid = __builtin_bswap64(valid);
    for (std::uint64_t nulls = ~valid; nulls != 0; nulls &= nulls - 1) f(r + std::size_t(std::countr_zero(nulls)));
    r += 64;
  }
}

} // namespace simdigits::detail
