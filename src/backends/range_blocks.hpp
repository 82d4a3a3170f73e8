// Internal: ranges of step 1 written a block of 100 numbers at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "simd_groups.hpp"
#include "stage.hpp"

namespace simdigits::detail {

// Consecutive non-negative numbers, step 1: within a decade, blocks of 100 numbers share everything but
// their prefix (the number / 100), so one block of text is kept and each next block is the last plus a
// mask that adds 1 to every slot's prefix (with the carry pattern of its trailing 9s). Numbers below 100,
// negative ones and the partial blocks at decade edges go through the per-value kernel.
template <simd::isa I, class Sep>
char* blocks_of_hundred(range_source& src, std::uint64_t left, Sep sep, char* p, char* end,
                        destination to) noexcept {
  constexpr std::size_t max_slot = 16 + 19;  // separator (block path only up to 16 bytes) + digits
  constexpr std::size_t max_padded = (100 * max_slot + 63) / 64 * 64;
  alignas(64) std::uint8_t block[max_padded + 64];
  alignas(64) std::uint8_t masks[18 * max_padded];  // up to 17 carry levels and a zero one
  std::uint64_t block_holds = 0;  // the first number of the text in `block` (0: none)
  // Writes the next numbers up to a block edge one by one, or as many whole blocks as fit (at most to
  // the decade's end); returns the end of the text.
  auto step = [&](char* p, char* end, simd::line_sink* sink) -> char* {
    const auto x = std::int64_t(src.value);
    const int d = x >= 100 ? count_digits(std::uint64_t(x)) : 0;
    // Negative numbers go 100 at a time, as the stage has room for (to 0 at once they overflowed it).
    const std::uint64_t to_block =
        x < 0 ? 100 : x < 100 ? 100 - std::uint64_t(x) : (100 - std::uint64_t(x) % 100) % 100;
    const std::uint64_t decade_end = d > 0 ? zero_or_pow10<std::uint64_t>.values[d - 1] * 10 : 0;
    const std::size_t slot = sep.size() + std::size_t(d);
    const std::size_t length = 100 * slot;
    const std::size_t padded = (length + 63) / 64 * 64;
    std::uint64_t blocks = 0;
    if (x >= 100 && to_block == 0) {
      blocks = std::min<std::uint64_t>(left / 100, (decade_end - std::uint64_t(x)) / 100);
      const std::size_t room = std::size_t(end - p);
      blocks = room > padded ? std::min<std::uint64_t>(blocks, (room - padded) / length) : 0;
    }
    if (blocks == 0) {  // up to the next block edge, one value at a time
      const std::uint64_t k = std::min(left, to_block == 0 ? 100 : to_block);
      left -= k;
      return put_units(src, k, sep, p, end, simd_groups<I>{sink});
    }
    if (block_holds != std::uint64_t(x)) {
      // The block for prefix x/100, and one mask per carry level: +1 on the prefix's last digit, or on
      // the digit before `level` trailing 9s, which wrap to 0 (-9, i.e. +247 modulo 256).
      for (std::size_t j = 0; j < 100; ++j)
        write_with_slack(sep.put(reinterpret_cast<char*>(block) + j * slot), std::uint64_t(x) + j);
      std::memset(block + length, 0, padded - length);
      // The block after a decade's last one is never stored: its level (all 9s) gets the zero mask.
      const std::size_t levels = std::size_t(d) - 2;
      std::memset(masks, 0, (levels + 1) * padded);
      for (std::size_t level = 0; level < levels; ++level) {
        std::uint8_t* mask = masks + level * padded;
        const std::size_t last = sep.size() + std::size_t(d) - 3;  // the prefix's last digit in a slot
        for (std::size_t j = 0; j < 100; ++j) {
          mask[j * slot + last - level] = 1;
          for (std::size_t k = 1; k <= level; ++k) mask[j * slot + last - level + k] = std::uint8_t(-9);
        }
      }
    }
    p = simd::table_of<I>().emit_blocks(p, block, length, padded, masks, std::uint64_t(x) / 100, blocks, sink);
    src.value += 100 * blocks;
    left -= 100 * blocks;
    // emit_blocks left the next block's text there, which is stale past the decade.
    block_holds = src.value == decade_end ? 0 : src.value;
    return p;
  };
  if (to == destination::fresh || std::size_t(end - p) < streaming_bytes) {
    while (left > 0 && p != nullptr) p = step(p, end, nullptr);
    return p;
  }
  // Each step needs room for a block of up to 3.5 KB and its padding, or 100 single units.
  return through_stage<I, stage_bytes>(p, std::size_t(end - p), [&](char* q, char* limit, bool& done,
                                                                     simd::line_sink* sink) {
    q = step(q, limit, sink);
    done = left == 0;
    return q;
  });
}

template <simd::isa I>
char* simd_range(std::int64_t first, std::uint64_t n, std::int64_t step, std::string_view sep, char* out,
                 char* end, destination to) noexcept {
  if (step != 1 || sep.size() > 16 || n == 0) return join_range<simd_groups<I>>(first, n, step, sep, out, end);
  range_source src{std::uint64_t(first), 1};
  return with_separator(sep, [&](auto s) {
    char* p = put_checked(out, end, src.next());
    return p == nullptr ? p : blocks_of_hundred<I>(src, n - 1, s, p, end, to);
  });
}

} // namespace simdigits::detail
