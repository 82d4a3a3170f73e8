// Internal: how the generic code reaches the per-instruction-set kernels. No xsimd here: the generic
// translation units never see a SIMD type, only these function tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>

#include "../streams.hpp"
#include "simdigits/floating.hpp"
#include "simdigits/integer_types.hpp"

namespace simdigits::detail::simd {

enum class isa { sse41, avx2, avx512, avx512vbmi2, neon };

// Text staged in L1 on its way out (see through_stage): the whole lines from `from` (64-byte aligned,
// as is `to`) are final and go to `to` with stores that bypass the caches. Kernels writing into a stage
// send the lines each group or block completes at once: streamed a few lines at a time, the stores
// overlap the formatting, where a burst of them stalls it.
struct line_sink {
  char* from;
  char* to;
};

// Writes whole groups of units (separator, value) while they have room; returns how many units it
// wrote and advances p. The tail is left to the scalar put_units. With a sink, p is in its stage.
template <class Source, class Sep>
using groups_fn = std::size_t (*)(Source& src, std::size_t count, Sep sep, char*& p, char* end,
                                  line_sink* sink) noexcept;

template <class Source>
using groups_by_sep = std::tuple<groups_fn<Source, no_separator>, groups_fn<Source, byte_separator>,
                                 groups_fn<Source, bytes_separator>>;

template <class... Sources> using groups_of = std::tuple<groups_by_sep<Sources>...>;
template <class List> struct groups_over;
template <class... E> struct groups_over<type_list<E...>> {
  using type = groups_of<array_source<E>..., range_source>;
};
// The groups of an array of each of integer_types, and of a range.
using all_groups = groups_over<integer_types>::type;

// Consecutive numbers in blocks of 100: stores `count` copies of block (its `length` text bytes, as
// `padded` bytes of whole vectors) at out, adding masks[level] to the block after each, where level is
// the number of trailing 9s of the block's prefix (the carry into the next block). Returns the end.
// With a sink, out is in its stage.
using blocks_fn = char* (*)(char* out, std::uint8_t* block, std::size_t length, std::size_t padded,
                            const std::uint8_t* masks, std::uint64_t prefix, std::size_t count,
                            line_sink* sink) noexcept;

// Digits (signs included) of values[0..n), in vectors; `done` is how many it counted. nullptr where the
// instruction set has no count faster than the scalar one (64-bit elements without AVX-512).
template <class E> using count_fn = std::size_t (*)(const E* values, std::size_t n, std::size_t& done) noexcept;
using counts_table = tuple_over_t<count_fn>;

// The text length (digits and sign) of each of values[0..n) into lengths[0..n), in vectors; returns how
// many it did (a multiple of the lane count). nullptr where count_fn is.
template <class E> using lengths_fn = std::size_t (*)(const E* values, std::size_t n, std::uint8_t* lengths) noexcept;
using lengths_table = tuple_over_t<lengths_fn>;

// Sends the whole lines of the sink's stage below `upto` (none without a sink). Where the instruction set
// has them, the stores bypass the caches and are weakly ordered until a fence_fn call (a fence each
// time costs a third of the range engine's speed).
using send_fn = void (*)(line_sink* sink, const char* upto) noexcept;
using fence_fn = void (*)() noexcept;

// Each of n values of a floating-point type, given by its bits (zero-extended to 64): its parts, packed
// (floating.hpp's pack of parts_of), and its length in `style` (length_of); a length of 0 where the
// kernel leaves a value to the scalar code. Returns how many it did (a multiple of the lane count).
struct float_type {
  int significand_bits, exponent_bits;
  int positional_below, json_from, json_below;  // where the python and json styles change notation
};
template <class T> constexpr float_type float_type_of() noexcept {
  using traits = float_traits<T>;
  return {traits::significand_bits, traits::exponent_bits, traits::positional_below, traits::json_from, traits::json_below};
}
using float_parts_fn = std::size_t (*)(const std::uint64_t* bits, std::size_t n, float_type type, float_style style,
                                       packed_parts* parts, std::uint8_t* lengths) noexcept;
// The digits of n values' parts into slots digit_slot bytes apart (floating.hpp's fill_digits; whole
// slots written); returns how many it did (a multiple of the lane count).
using float_digits_fn = std::size_t (*)(const packed_parts* parts, std::size_t n, char* slots) noexcept;

struct table {
  all_groups groups;
  blocks_fn emit_blocks;
  send_fn send_lines;
  fence_fn stream_fence;
  counts_table counts;
  lengths_table lengths;
};

// The float kernels of each instruction set with them, by address: nothing of an instruction set runs
// before the CPU is known to have it.
template <isa I> inline constexpr float_parts_fn float_parts_kernel = nullptr;
template <isa I> inline constexpr float_digits_fn float_digits_kernel = nullptr;
#if defined(__x86_64__)
std::size_t float_parts_avx512(const std::uint64_t* bits, std::size_t n, float_type type, float_style style,
                               packed_parts* parts, std::uint8_t* lengths) noexcept;  // avx512.cpp
std::size_t float_digits_avx512(const packed_parts* parts, std::size_t n, char* slots) noexcept;
template <> inline constexpr float_parts_fn float_parts_kernel<isa::avx512> = &float_parts_avx512;
template <> inline constexpr float_parts_fn float_parts_kernel<isa::avx512vbmi2> = &float_parts_avx512;
template <> inline constexpr float_digits_fn float_digits_kernel<isa::avx512> = &float_digits_avx512;
template <> inline constexpr float_digits_fn float_digits_kernel<isa::avx512vbmi2> = &float_digits_avx512;
#endif

// Instruction sets whose kernels for 64-bit values send runs that fit 32 bits to narrower slots
// themselves, reading them in place; the others get such runs narrowed into a copy (simd_groups.hpp).
template <isa I> inline constexpr bool narrows_wide_runs = I == isa::avx512vbmi2;

// Defined in the kernel file of each instruction set (x86-64: sse41, avx2, avx512, avx512vbmi2;
// AArch64: neon).
template <isa I> const table& table_of() noexcept;
template <> const table& table_of<isa::sse41>() noexcept;
template <> const table& table_of<isa::avx2>() noexcept;
template <> const table& table_of<isa::avx512>() noexcept;
template <> const table& table_of<isa::avx512vbmi2>() noexcept;
template <> const table& table_of<isa::neon>() noexcept;

template <class Source, class Sep> groups_fn<Source, Sep> groups(const table& t) noexcept {
  return std::get<groups_fn<Source, Sep>>(std::get<groups_by_sep<Source>>(t.groups));
}

} // namespace simdigits::detail::simd
