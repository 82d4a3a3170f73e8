// Joining 10 M integers into a preallocated buffer: simdigits (every backend) against std::to_chars
// and memset of the same bytes, in one run. bench/report.py turns the JSON into ratios.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "simdigits/simdigits.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if SIMDIGITS_BENCH_FMT
#include <fmt/format.h>
#endif

namespace {

constexpr std::size_t count = 10'000'000;

// The data sets of the classic itoa benchmarks.
template <class T> std::vector<T> uniform_values() {
  std::mt19937_64 rng(42);
  std::vector<T> v(count);
  for (T& x : v) x = T(rng());
  return v;
}

template <class T> int max_digits() { return simdigits::digit_count(std::numeric_limits<T>::max()); }

// A random non-negative value of exactly d digits.
template <class T> T value_of_length(std::mt19937_64& rng, int d) {
  unsigned long long low = 1;
  for (int i = 1; i < d; ++i) low *= 10;
  const unsigned long long high =
      d == max_digits<T>() ? (unsigned long long)std::numeric_limits<T>::max() : low * 10 - 1;
  return T(low == 1 ? rng() % 10 : low + rng() % (high - low + 1));
}

// Digit lengths uniform over 1..max ("shuffled": lengths in random order).
template <class T> std::vector<T> mixed_length_values() {
  std::mt19937_64 rng(43);
  std::vector<T> v(count);
  for (T& x : v) x = value_of_length<T>(rng, int(rng() % unsigned(max_digits<T>())) + 1);
  return v;
}

// The columns people have (10 M values each): uniform over 0..bound (small counts, codes, quantities,
// years and counts below 10^6 or 10^9), sequential ids from 10^6, and prices in cents (log-uniform over
// 1 cent .. 10^5 currency units, rounded).
template <class T> std::vector<T> upto_values(std::uint64_t bound) {
  std::mt19937_64 rng(45 + bound % 1000);
  std::vector<T> v(count);
  for (T& x : v) x = T(rng() % (bound + 1));
  return v;
}
template <class T> std::vector<T> id_values() {
  std::vector<T> v(count);
  for (std::size_t i = 0; i < count; ++i) v[i] = T(1'000'000 + i);
  return v;
}
template <class T> std::vector<T> cents_values() {
  std::mt19937_64 rng(46);
  std::uniform_real_distribution<double> exponent(0.0, 7.0);
  std::vector<T> v(count);
  for (T& x : v) x = T(std::pow(10.0, exponent(rng)));
  return v;
}

// Data sets by index: the 10 M sets stream through memory; their first 100 k values ("in-cache": ~1 MB of
// text, which stays in L2) measure the kernels themselves; "sequential" is the mixed set with all values
// of one length together; then the real columns; "digits-d" are 100 k values of exactly d digits (the
// sweep).
enum { uniform, mixed, sequential, uniform_in_cache, mixed_in_cache, upto_9, upto_99, upto_9999, upto_1e6, upto_1e9,
       ids, cents, first_sweep };
constexpr std::size_t in_cache_count = 100'000;

std::string dataset_name(int which) {
  static const char* const names[] = {"uniform", "mixed", "sequential", "uniform-in-cache", "mixed-in-cache",
                                      "0..9", "0..99", "0..9999", "0..10^6", "0..10^9", "ids", "cents"};
  return which < first_sweep ? names[which] : "digits-" + std::to_string(which - first_sweep + 1);
}

template <class T> const std::vector<T>& dataset(int which) {
  static std::vector<std::vector<T>> sets = [] {
    std::vector<std::vector<T>> s{uniform_values<T>(), mixed_length_values<T>()};
    s.push_back(s[mixed]);
    std::stable_sort(s[sequential].begin(), s[sequential].end(),
                     [](T a, T b) { return simdigits::digit_count(a) < simdigits::digit_count(b); });
    s.emplace_back(s[uniform].begin(), s[uniform].begin() + in_cache_count);
    s.emplace_back(s[mixed].begin(), s[mixed].begin() + in_cache_count);
    for (std::uint64_t bound : {9ull, 99ull, 9999ull, 1'000'000ull, 1'000'000'000ull})
      s.push_back(upto_values<T>(bound));
    s.push_back(id_values<T>());
    s.push_back(cents_values<T>());
    std::mt19937_64 rng(44);
    for (int d = 1; d <= max_digits<T>(); ++d) {
      std::vector<T> v(in_cache_count);
      for (T& x : v) x = value_of_length<T>(rng, d);
      s.push_back(std::move(v));
    }
    return s;
  }();
  return sets[std::size_t(which)];
}

std::string& output_buffer(std::size_t size) {
  static std::string buffer;
  if (buffer.size() < size) buffer.assign(size, '\0');  // warm: allocated and touched once
  return buffer;
}

void set_counters(benchmark::State& state, std::size_t numbers, std::size_t bytes) {
  state.counters["ns/number"] = benchmark::Counter(double(numbers), benchmark::Counter::kIsIterationInvariantRate |
                                                                        benchmark::Counter::kInvert);
  state.counters["bytes/s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1024);
}

// Checked before timing: every contender must produce the reference text.
template <class T> void verify(const std::vector<T>& values, std::string_view text) {
  if (text != simdigits::join(values, ",")) throw std::runtime_error("benchmark output differs from reference");
}

// The baselines and the header-only path, each in the same loop: one value at a time, then ','.
struct to_chars_writer {
  template <class T> char* operator()(char* p, char* end, T v) const { return std::to_chars(p, end, v).ptr; }
};
struct simdigits_writer {
  template <class T> char* operator()(char* p, char*, T v) const { return simdigits::write(p, v); }
};
struct snprintf_writer {
  template <class T> char* operator()(char* p, char* end, T v) const {
    const int n = std::is_signed_v<T> ? std::snprintf(p, std::size_t(end - p), "%lld", (long long)v)
                                      : std::snprintf(p, std::size_t(end - p), "%llu", (unsigned long long)v);
    return p + n;
  }
};
#if SIMDIGITS_BENCH_FMT
struct fmt_writer {
  template <class T> char* operator()(char* p, char*, T v) const {
    const fmt::format_int text(v);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }
};
#endif

template <class T, class Writer> void BM_loop(benchmark::State& state, int which) {
  const auto& values = dataset<T>(which);
  const std::size_t length = simdigits::formatted_length(values, ",");
  std::string& buffer = output_buffer(length + 64);
  char* const end = buffer.data() + buffer.size();
  auto run = [&] {
    char* p = buffer.data();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) *p++ = ',';
      p = Writer{}(p, end, values[i]);
    }
    return p;
  };
  verify(values, std::string_view(buffer.data(), std::size_t(run() - buffer.data())));  // before timing
  for (auto _ : state) {
    benchmark::DoNotOptimize(run());
    benchmark::ClobberMemory();
  }
  set_counters(state, values.size(), length);
}

template <class T> void BM_join(benchmark::State& state, int which, std::string backend, unsigned threads) {
  const auto& values = dataset<T>(which);
  if (!simdigits::set_backend(backend)) {
    state.SkipWithError("backend not available on this CPU");
    return;
  }
  const std::size_t length = simdigits::formatted_length(values, ",");
  std::string& buffer = output_buffer(length + 64);
  verify(values, std::string_view(buffer.data(),
                                  std::size_t(simdigits::join(values, ",", buffer.data(), threads) - buffer.data())));
  for (auto _ : state) {
    benchmark::DoNotOptimize(simdigits::join(values, ",", buffer.data(), threads));
    benchmark::ClobberMemory();
  }
  set_counters(state, values.size(), length);
  simdigits::set_backend(simdigits::available_backends().back());
}

// The walls: filling the text's bytes with plain stores (memset), and with non-temporal stores
// (stream_fill: what text that streams past the caches can at best reach).
void plain_fill(char* p, std::size_t length) { std::memset(p, '7', length); }
#if defined(__SSE2__)
void stream_fill(char* p, std::size_t length) {
  char* const end = p + length;
  for (; p < end && std::uintptr_t(p) % 16 != 0; ++p) *p = '7';
  const __m128i sevens = _mm_set1_epi8('7');
  for (; end - p >= 16; p += 16) _mm_stream_si128(reinterpret_cast<__m128i*>(p), sevens);
  _mm_sfence();
  std::memset(p, '7', std::size_t(end - p));
}
#endif
using fill_fn = void (*)(char*, std::size_t);

void time_fill(benchmark::State& state, fill_fn fill, std::size_t length, std::size_t numbers) {
  std::string& buffer = output_buffer(length + 64);
  for (auto _ : state) {
    fill(buffer.data(), length);
    benchmark::ClobberMemory();
  }
  set_counters(state, numbers, length);
}

template <class T> void BM_fill(benchmark::State& state, int which, fill_fn fill) {
  const auto& values = dataset<T>(which);
  time_fill(state, fill, simdigits::formatted_length(values, ","), values.size());
}

// The other wall: one read of the values (a summing loop), which for short 64-bit values (8 bytes in, a
// few out) outweighs the text's stores.
template <class T> void BM_read(benchmark::State& state, int which) {
  const auto& values = dataset<T>(which);
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (T v : values) sum += std::uint64_t(v);
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state, values.size(), simdigits::formatted_length(values, ","));
}

void BM_range_to_chars(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const std::size_t length = simdigits::range_length(0, n);
  std::string& buffer = output_buffer(length + 64);
  char* const end = buffer.data() + buffer.size();
  char* p = nullptr;
  for (auto _ : state) {
    p = buffer.data();
    for (std::int64_t i = 0; i < n; ++i) p = std::to_chars(p, end, i).ptr;
    benchmark::DoNotOptimize(p);
    benchmark::ClobberMemory();
  }
  if (std::string_view(buffer.data(), std::size_t(p - buffer.data())) != simdigits::concat_range(0, n))
    throw std::runtime_error("range output differs");
  set_counters(state, std::size_t(n), length);
}

// threads > 1: concat_range's own threads, each writing a slice (the best backend only).
void BM_concat_range(benchmark::State& state, std::string backend, unsigned threads) {
  const std::int64_t n = state.range(0);
  if (!simdigits::set_backend(backend)) {
    state.SkipWithError("backend not available on this CPU");
    return;
  }
  const std::size_t length = simdigits::range_length(0, n);
  std::string& buffer = output_buffer(length + 64);
  char* p = nullptr;
  for (auto _ : state) {
    p = simdigits::concat_range(0, n, 1, "", buffer.data(), threads);
    benchmark::DoNotOptimize(p);
    benchmark::ClobberMemory();
  }
  simdigits::set_backend("scalar");
  if (std::string_view(buffer.data(), std::size_t(p - buffer.data())) != simdigits::concat_range(0, n))
    throw std::runtime_error("range output differs");
  simdigits::set_backend(simdigits::available_backends().back());
  set_counters(state, std::size_t(n), length);
}

void BM_range_fill(benchmark::State& state, fill_fn fill) {
  time_fill(state, fill, simdigits::range_length(0, state.range(0)), std::size_t(state.range(0)));
}

// The walls for the threaded range: each fill by `fill_threads` threads, each filling its own slice
// (cut at cache lines), the threads started and joined within the timing as concat_range's are.
unsigned fill_threads = 1;
template <fill_fn Fill> void fill_in_threads(char* p, std::size_t length) {
  std::vector<std::thread> workers;
  auto cut = [&](unsigned i) { return i == fill_threads ? length : length * i / fill_threads / 64 * 64; };
  for (unsigned i = 1; i < fill_threads; ++i) workers.emplace_back([=] { Fill(p + cut(i), cut(i + 1) - cut(i)); });
  Fill(p, cut(1));
  for (std::thread& w : workers) w.join();
}

// The fills, by name.
std::vector<std::pair<std::string, fill_fn>> fills() {
  return {{"memset", plain_fill},
#if defined(__SSE2__)
          {"stream_fill", stream_fill}
#endif
  };
}

// Every contender on the main data sets; the digit-count sweep with the baseline and simdigits only.
template <class T> void register_type(const char* type) {
  auto configure = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMicrosecond)->UseRealTime(); };
  for (int which = 0; which < first_sweep + max_digits<T>(); ++which) {
    const std::string suffix = std::string("/") + type + "/" + dataset_name(which);
    const bool sweep = which >= first_sweep;
    configure(benchmark::RegisterBenchmark(("to_chars" + suffix).c_str(), BM_loop<T, to_chars_writer>, which));
    configure(benchmark::RegisterBenchmark(("write_loop" + suffix).c_str(), BM_loop<T, simdigits_writer>, which));
    if (!sweep) {
      configure(benchmark::RegisterBenchmark(("snprintf" + suffix).c_str(), BM_loop<T, snprintf_writer>, which));
#if SIMDIGITS_BENCH_FMT
      configure(benchmark::RegisterBenchmark(("fmt_format_int" + suffix).c_str(), BM_loop<T, fmt_writer>, which));
#endif
    }
    for (std::string_view name : simdigits::available_backends()) {
      const std::string b(name);
      configure(benchmark::RegisterBenchmark(("join/" + b + suffix).c_str(), BM_join<T>, which, b, 1u));
    }
    if (!sweep) {
      for (const auto& [name, fill] : fills())
        configure(benchmark::RegisterBenchmark((name + suffix).c_str(), BM_fill<T>, which, fill));
      configure(benchmark::RegisterBenchmark(("read" + suffix).c_str(), BM_read<T>, which));
    }
  }
}

// Uniform values joined on every core by the best backend, against the fills split across as many.
template <class T> void register_threaded(const char* type) {
  if (fill_threads < 2) return;
  const std::string threads = "/threads:" + std::to_string(fill_threads);
  const std::string suffix = threads + "/" + type + "/" + dataset_name(uniform);
  const std::string best(simdigits::available_backends().back());
  auto configure = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMicrosecond)->UseRealTime(); };
  configure(benchmark::RegisterBenchmark(("join/" + best + suffix).c_str(), BM_join<T>, int(uniform), best,
                                         fill_threads));
  configure(benchmark::RegisterBenchmark(("memset" + suffix).c_str(), BM_fill<T>, int(uniform),
                                         fill_in_threads<plain_fill>));
#if defined(__SSE2__)
  configure(benchmark::RegisterBenchmark(("stream_fill" + suffix).c_str(), BM_fill<T>, int(uniform),
                                         fill_in_threads<stream_fill>));
#endif
}

} // namespace

int main(int argc, char** argv) {
  fill_threads = std::max(1u, std::thread::hardware_concurrency());
  register_type<std::uint32_t>("u32");
  register_type<std::int32_t>("i32");
  register_type<std::uint64_t>("u64");
  register_type<std::int64_t>("i64");
  register_threaded<std::uint32_t>("u32");
  register_threaded<std::uint64_t>("u64");
  auto range_args = [](benchmark::internal::Benchmark* b) {
    b->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
  };
  range_args(benchmark::RegisterBenchmark("range_to_chars", BM_range_to_chars));
  for (std::string_view name : simdigits::available_backends()) {
    const std::string b(name);
    range_args(benchmark::RegisterBenchmark(("concat_range/" + b).c_str(), BM_concat_range, b, 1u));
  }
  for (const auto& [name, fill] : fills())
    range_args(benchmark::RegisterBenchmark(("range_" + name).c_str(), BM_range_fill, fill));
  // The range on every core, against fills on as many.
  if (fill_threads > 1) {
    const std::string threads = "/threads:" + std::to_string(fill_threads);
    const std::string best(simdigits::available_backends().back());
    range_args(
        benchmark::RegisterBenchmark(("concat_range/" + best + threads).c_str(), BM_concat_range, best, fill_threads));
    range_args(
        benchmark::RegisterBenchmark(("range_memset" + threads).c_str(), BM_range_fill, fill_in_threads<plain_fill>));
#if defined(__SSE2__)
    range_args(benchmark::RegisterBenchmark(("range_stream_fill" + threads).c_str(), BM_range_fill,
                                            fill_in_threads<stream_fill>));
#endif
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
