// Internal: cutting a long output into slices that threads write at once. The offset of any item is
// known once the digits before it are counted (for ranges, in closed form), so each slice is written
// independently into its own exact part of the text. Shared by concat_range's threads and the Python
// binding's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace simdigits::detail {

// Outputs from this size up are written by several threads when the caller leaves the count to us:
// below it, starting threads costs more than it saves.
inline constexpr std::size_t parallel_bytes = std::size_t(1) << 22;
// Nor is a thread started for fewer items than this when the count is ours to choose.
inline constexpr std::size_t min_task_items = std::size_t(1) << 16;

inline std::size_t hardware_threads() noexcept {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// How many slices n items are cut into: `threads` when the caller gave a count (0: ours to choose), at
// most one per item; ours is one per hardware thread, with at least min_task_items items each. The
// hardware threads are asked for only when there are items for two: glibc reads them from /sys, an
// open, a read and a close on every call, more than a short join takes.
inline std::size_t task_count(std::size_t n, std::size_t threads) noexcept {
  if (threads) return std::max<std::size_t>(1, std::min(n, threads));
  const std::size_t by_size = n / min_task_items;
  return by_size < 2 ? 1 : std::min(hardware_threads(), by_size);
}

// Whether a text of `length` bytes is written by several threads: always when the caller gave a count,
// from parallel_bytes on when the count is ours (threads == 0).
inline bool write_in_parallel(std::size_t threads, std::size_t length) noexcept {
  return threads != 0 || length >= parallel_bytes;
}

// The first item of slice i of `tasks` over n items (slice i is [slice_start(i), slice_start(i + 1))).
inline std::size_t slice_start(std::size_t n, std::size_t tasks, std::size_t i) noexcept {
  __extension__ using u128 = unsigned __int128;  // n * i can pass 2^64: a range has up to 2^64 - 1 items
  return std::size_t(u128(n) * i / tasks);
}

// Runs f(0..tasks-1) (tasks >= 1), task 0 on this thread. A task no thread could be started for runs
// here too, so it never fails for want of threads.
template <class F> void run_tasks(std::size_t tasks, const F& f) {
  std::vector<std::thread> workers;
  std::size_t next = 1;
  try {
    workers.reserve(tasks - 1);
    for (; next < tasks; ++next) workers.emplace_back([&f, i = next] { f(i); });
  } catch (const std::exception&) {
  }
  for (std::size_t i = next; i < tasks; ++i) f(i);
  f(0);
  for (std::thread& w : workers) w.join();
}

} // namespace simdigits::detail
