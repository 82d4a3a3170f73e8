// Internal: which rows a table column's null_rows (table.hpp) marks null.
#pragma once

#include <cstddef>

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

} // namespace simdigits::detail
