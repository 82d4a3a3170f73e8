// The one place where a backend is chosen: the backends, the CPU checks, the active pointer.
#include <algorithm>
#include <atomic>
#include <type_traits>

#include "kernels.hpp"
#include "simdigits/simdigits.hpp"

#if SIMDIGITS_X86_KERNELS || SIMDIGITS_NEON_KERNELS
#define SIMDIGITS_SIMD_KERNELS 1
#include "simd/glue.hpp"
#endif

namespace simdigits::detail {

namespace {

constexpr bool always() noexcept { return true; }

const backend scalar_backend{"scalar", always, joins_of<scalar_groups>(), join_range<scalar_groups>,
                             scalar_digit_counts()};

#if SIMDIGITS_SIMD_KERNELS

// 64-bit values that all fit 32 bits (ids, counts, codes, years, prices in cents: most int64 columns)
// take the 32-bit kernels, a run at a time: OR-reductions over the run decide, one a group, so no
// branch depends on one value, and the run is narrowed into a buffer that stays in L1. A run that does
// not fit sends the next wide_runs runs the 64-bit way unchecked: columns of wide values stay wide, and
// they then pay neither the check nor a kernel call per run. Runs are multiples of every kernel's
// group, so only the array's tail is left to the caller's scalar finish.
inline constexpr std::size_t narrowing_run = 512;
inline constexpr std::size_t wide_runs = 8;

template <class E> using narrow_of = std::conditional_t<std::is_signed_v<E>, std::int32_t, std::uint32_t>;

template <class E> bool fits_narrow(const E* values, std::size_t n) noexcept {
  constexpr std::uint64_t bias = std::is_signed_v<E> ? std::uint64_t(1) << 31 : 0;  // [-2^31, 2^31) -> [0, 2^32)
  std::size_t i = 0;
  for (; i + group_size <= n; i += group_size) {
    std::uint64_t high = 0;
    for (std::size_t k = 0; k < group_size; ++k) high |= (std::uint64_t(values[i + k]) + bias) >> 32;
    if (high != 0) return false;
  }
  std::uint64_t high = 0;
  for (; i < n; ++i) high |= (std::uint64_t(values[i]) + bias) >> 32;
  return high == 0;
}

template <class E> void narrow(const E* values, std::size_t n, narrow_of<E>* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = narrow_of<E>(values[i]);
}

template <class Source> inline constexpr bool is_wide_array = false;
template <> inline constexpr bool is_wide_array<array_source<std::int64_t>> = true;
template <> inline constexpr bool is_wide_array<array_source<std::uint64_t>> = true;

// The groups policy that calls instruction set I's kernels (writing into a stage: with its sink).
template <simd::isa I> struct simd_groups {
  simd::line_sink* sink = nullptr;
  template <class Source, class Sep>
  std::size_t operator()(Source& src, std::size_t count, Sep sep, char*& p, char* end) const noexcept {
    if constexpr (is_wide_array<Source>) return by_runs(src, count, sep, p, end);
    else return simd::groups<Source, Sep>(simd::table_of<I>())(src, count, sep, p, end, sink);
  }

  template <class E, class Sep>
  std::size_t by_runs(array_source<E>& src, std::size_t count, Sep sep, char*& p, char* end) const noexcept {
    using N = narrow_of<E>;
    const auto wide = simd::groups<array_source<E>, Sep>(simd::table_of<I>());
    const auto narrow_groups = simd::groups<array_source<N>, Sep>(simd::table_of<I>());
    alignas(64) N narrowed[narrowing_run];
    std::size_t done = 0;
    while (count - done >= group_size) {
      std::size_t k = std::min(narrowing_run, count - done), written;
      if (fits_narrow(src.p, k)) {
        narrow(src.p, k, narrowed);
        array_source<N> from{narrowed};
        written = narrow_groups(from, k, sep, p, end, sink);
        src.p += written;
      } else {
        k = std::min(wide_runs * narrowing_run, count - done);
        written = wide(src, k, sep, p, end, sink);
      }
      done += written;
      if (written < k) break;  // the room ran out, or the tail is shorter than a kernel's group
    }
    return done;
  }
};

// Outputs larger than the caches: a plain store to a line that is not cached first reads that line in
// (read for ownership), so past the caches text costs twice its bytes in memory traffic. Large texts
// are therefore written into a stage that stays in L1, and leave it a whole cache line at a time with
// non-temporal stores, which keep their speed at every size where plain stores lose most of theirs
// past the last-level cache (docs/design.md, "Past the caches"). 24 MB is where plain stores stopped
// fitting on every host measured. Smaller outputs stay on the direct path: their text is usually read
// next, and should still be in cache then. A join counts its values' bytes too: they pass through the
// same caches. Fresh memory never streams (see destination).
constexpr std::size_t streaming_bytes = std::size_t(24) << 20;

constexpr std::size_t stage_bytes = 16384;

// Writes text at p, into at most `room` bytes (npos: unbounded), through a stage of Size bytes:
// fill(q, limit, done, sink) writes the next piece at q, never past limit, and returns its end
// (nullptr: it did not fit); it sets `done` after the last piece. The whole lines a piece completes go
// out by non-temporal stores, at the latest after the piece; the kernels send them sooner through the
// sink, as they go (see line_sink). Only text leaves the stage, so no byte past its end is written:
// the first line, part of which may be another's, is copied, not streamed, and so is the last.
// Returns the end of the text, or nullptr when it would not fit in `room`.
template <simd::isa I, std::size_t Size, class Fill>
char* through_stage(char* p, std::size_t room, Fill fill) noexcept {
  alignas(64) char stage[Size];
  const simd::table& t = simd::table_of<I>();
  // The stage shares the output's alignment: stage[k] goes to sink.to + (k - (sink.from - stage)).
  // (A kernel may also send lines that never were in the stage: only sink.to says where the text is.)
  const std::size_t start = std::uintptr_t(p) % 64;
  char* const room_end = room == npos ? nullptr : p + room;
  bool head_pending = start != 0;
  simd::line_sink sink{stage + (head_pending ? 64 : 0), p - start + (head_pending ? 64 : 0)};
  char* q = stage + start;
  char* text_end = nullptr;
  for (bool done = false; q != nullptr;) {
    const std::size_t stage_room =
        room_end == nullptr ? Size : std::size_t(room_end - sink.to) + std::size_t(sink.from - stage);
    q = fill(q, stage + std::min(Size, stage_room), done, &sink);
    if (q == nullptr) break;
    if (head_pending && (q - stage >= 64 || done)) {
      std::memcpy(p, stage + start, std::min<std::size_t>(std::size_t(q - stage), 64) - start);
      head_pending = false;
    }
    t.send_lines(&sink, q);
    if (done) {
      if (q > sink.from) std::memcpy(sink.to, sink.from, std::size_t(q - sink.from));
      text_end = sink.to + (q - sink.from);
      break;
    }
    if (head_pending) continue;  // the first line is not complete yet: the stage keeps it
    // The partial last line moves to the front of the stage.
    const auto partial = std::size_t(q - sink.from);
    std::memcpy(stage, sink.from, partial);
    q = stage + partial;
    sink.from = stage;
  }
  t.stream_fence();  // the text is complete before anyone is told
  return text_end;
}

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

// Elements up to 32 bits are counted in vectors, 64-bit ones where the instruction set has a vector
// count; the remainder (fewer than one vector) by the scalar code. Where it has none for 64-bit
// elements, runs of them that fit 32 bits are counted as 32-bit values (see narrowing_run).
template <simd::isa I, class E> std::size_t simd_digits(const E* values, std::size_t n) noexcept {
  if (const simd::count_fn<E> count = std::get<simd::count_fn<E>>(simd::table_of<I>().counts)) {
    std::size_t done = 0;
    const std::size_t digits = count(values, n, done);
    return digits + sum_digit_counts(values + done, n - done);
  }
  if constexpr (sizeof(E) == 8) {
    using N = narrow_of<E>;
    if (const simd::count_fn<N> count = std::get<simd::count_fn<N>>(simd::table_of<I>().counts)) {
      alignas(64) N narrowed[narrowing_run];
      std::size_t digits = 0;
      for (std::size_t from = 0; from < n; from += narrowing_run) {
        const std::size_t k = std::min(narrowing_run, n - from);
        if (fits_narrow(values + from, k)) {
          narrow(values + from, k, narrowed);
          std::size_t done = 0;
          digits += count(narrowed, k, done);
          digits += sum_digit_counts(narrowed + done, k - done);
        } else {
          digits += sum_digit_counts(values + from, k);
        }
      }
      return digits;
    }
  }
  return sum_digit_counts(values, n);
}

// Joins stream as large ranges do, a bounded number of units per piece: their longest text, and the room
// the kernels check for before each group, always fit in the stage.
constexpr std::size_t max_streamed_separator = 64;
constexpr std::size_t join_piece_room = stage_bytes - 2048;

template <simd::isa I, class E, class Sep>
char* stream_join(const E* values, std::size_t n, Sep sep, char* out, std::size_t room) noexcept {
  // Whole groups of units: a piece's tail would go through the scalar code.
  const std::size_t units_per_piece = join_piece_room / (std::size_t(max_chars<E>) + sep.size()) / group_size * group_size;
  array_source<E> src{values};
  std::size_t left = n;
  return through_stage<I, stage_bytes>(out, room, [&](char* q, char* limit, bool& done, simd::line_sink* sink) {
    if (left == n) {
      q = put_checked(q, limit, src.next());
      --left;
    }
    const std::size_t k = std::min(left, units_per_piece);
    left -= k;
    done = left == 0;
    return q == nullptr ? q : put_units(src, k, sep, q, limit, simd_groups<I>{sink});
  });
}

// Memory in use streams when the values and at least their text (a byte each, when the end is not
// known) pass the caches: the text is then written exactly, and a caller without its end needs no
// length pass.
template <simd::isa I, class E>
char* simd_join(const E* values, std::size_t n, std::string_view sep, char* out, char* end,
                destination to) noexcept {
  if (to == destination::in_use && n > 0 && sep.size() <= max_streamed_separator) {
    const std::size_t room = end != nullptr ? std::size_t(end - out) : npos;
    const std::size_t text = room != npos ? room : n + (n - 1) * sep.size();
    if (n * sizeof(E) + text >= streaming_bytes) {
      return with_separator(sep, [&](auto s) { return stream_join<I>(values, n, s, out, room); });
    }
  }
  if (end == nullptr) end = text_end(values, n, sep, out, simd_digits<I, E>);
  return join_array<simd_groups<I>>(values, n, sep, out, end);
}

template <simd::isa I, class... E> constexpr join_table simd_joins() noexcept { return {simd_join<I, E>...}; }
template <simd::isa I, class... E> constexpr digits_table simd_digit_counts() noexcept {
  return {simd_digits<I, E>...};
}

template <simd::isa I> constexpr backend simd_backend(std::string_view name, bool (*supported)() noexcept) {
  using namespace std;
  return {name, supported,
          simd_joins<I, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t>(),
          simd_range<I>,
          simd_digit_counts<I, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t>()};
}

#endif

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
