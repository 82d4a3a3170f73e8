// Internal: the plan every output follows, once: a source's items cut into slices, each slice's exact
// length measured (by threads), the slices' offsets, then the slices written at once to a destination —
// memory, a file by pwrite at exact offsets, or bounded pieces handed on in order.
//
// A source is any type with
//   std::size_t length(std::size_t from, std::size_t count) const;
//     the exact length of the text of items [from, from + count); npos when it exceeds std::size_t.
//   char* write(std::size_t from, std::size_t count, char* out, char* end, destination to) const;
//     writes that text into [out, end) and returns its end; nullptr when it does not fit (the items
//     changed since they were measured).
//   static constexpr bool length_in_closed_form;
//     whether length() is cheap enough to measure every slice on the calling thread.
// The text of consecutive item ranges concatenates: a join's items carry the separator before them
// (all but item 0), a table's rows their terminator.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/simdigits.hpp"
#include "../backends/backend.hpp"
#include "threads.hpp"

namespace simdigits::detail {

// `size` bytes in huge pages where the system has them: a cache written once, then read once, costs
// little more than its page faults.
inline std::shared_ptr<std::byte[]> huge_page_bytes(std::size_t size) {
  constexpr std::size_t page = std::size_t(2) << 20;
  const std::size_t rounded = (size + page - 1) / page * page;
  void* p = std::aligned_alloc(page, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return std::shared_ptr<std::byte[]>(static_cast<std::byte*>(p), [](std::byte* b) { std::free(b); });
}

// Floats' digits are kept from measuring to writing (one search for them a value, not two) up to
// this many values; past it, 16 bytes a value is more memory than the time saved is worth.
inline constexpr std::size_t cached_floats = std::size_t(1) << 24;

// Room for `n` floats' digits (floating.hpp's packed_parts) between measuring and writing.
inline std::shared_ptr<std::byte[]> float_parts_cache(std::size_t n) { return huge_page_bytes(n * sizeof(packed_parts)); }

// Sums lengths, npos when the sum exceeds std::size_t (npos in, npos out).
inline std::size_t add_length(std::size_t a, std::size_t b) noexcept {
  std::size_t sum;
  return a == npos || b == npos || __builtin_add_overflow(a, b, &sum) ? npos : sum;
}

// The length of `digits` digits with `separators` separators of sep_size bytes; npos past std::size_t.
inline std::size_t add_lengths(std::size_t digits, std::size_t separators, std::size_t sep_size) noexcept {
  std::size_t total;
  if (__builtin_mul_overflow(separators, sep_size, &total)) return npos;
  return add_length(total, digits);
}

// A source (see the top) seen through two function pointers: the plan's steps below are compiled once
// for every source, each source compiling only its own length and write.
struct source_ref {
  const void* self;
  std::size_t (*length_of)(const void*, std::size_t, std::size_t);
  char* (*write_to)(const void*, std::size_t, std::size_t, char*, char*, destination) noexcept;
  bool length_in_closed_form;  // cheap enough to measure on the calling thread

  template <class Source>
  source_ref(const Source& src) noexcept  // (implicit: the steps below take any source as it is)
      : self(&src),
        length_of([](const void* s, std::size_t from, std::size_t count) {
          return static_cast<const Source*>(s)->length(from, count);
        }),
        write_to([](const void* s, std::size_t from, std::size_t count, char* out, char* end, destination to) noexcept {
          return static_cast<const Source*>(s)->write(from, count, out, end, to);
        }),
        length_in_closed_form(Source::length_in_closed_form) {}

  std::size_t length(std::size_t from, std::size_t count) const { return length_of(self, from, count); }
  char* write(std::size_t from, std::size_t count, char* out, char* end, destination to) const noexcept {
    return write_to(self, from, count, out, end, to);
  }
};

// The slices of items [0, n): task_count's, measured on as many threads (on this one when the source
// measures in closed form). Writes the first slice to `first` and, when there are several, all of them
// to `more`; returns the total length (npos: past std::size_t).
std::size_t measure(const source_ref& src, std::size_t n, std::size_t threads, text_slice& first,
                    std::vector<text_slice>& more);

// Whether slices are written by one thread each: when the caller gave a thread count, or the text is
// long enough to pay for them (see write_in_parallel).
inline bool parallel_write(unsigned threads, std::size_t length, std::size_t slices) noexcept {
  return slices > 1 && write_in_parallel(threads, length);
}

// ---- the writes of a plan (join_plan, table_plan): their checks, then the destination -------------------

// Into out, which must hold the text's `length` bytes.
write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t length,
                            unsigned threads, std::span<char> out, memory to) noexcept;

// Into file fd from `offset` on: one thread a slice, each formatting its slice a piece of about
// buffer_bytes at a time and writing it with pwrite at its place (memory bounded by buffer_bytes a thread).
write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t length, int fd,
                            std::uint64_t offset, std::size_t buffer_bytes) noexcept;

// To sink in order, in pieces of about piece_bytes: each round as many threads as there are slices
// format consecutive pieces into their own buffers, then this thread hands them on. The text need not
// fit std::size_t (`length`: npos).
write_result write_measured(const source_ref& src, std::span<const text_slice> slices, std::size_t n, std::size_t length,
                            const std::function<bool(std::string_view)>& sink, std::size_t piece_bytes);

} // namespace simdigits::detail
