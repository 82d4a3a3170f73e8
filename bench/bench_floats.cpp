// Joining 5 M floats into a warm buffer: simdigits::join (each style) against a std::to_chars loop and a
// {fmt} format_to loop (when libfmt-dev is installed) writing the same text, in one run, on data sets
// of real columns as well as random bits. bench/report.py turns the JSON into ratios.
#include <benchmark/benchmark.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "simdigits/simdigits.hpp"

#if SIMDIGITS_BENCH_FMT
#include <fmt/format.h>
#endif

namespace {

constexpr std::size_t count = 5'000'000;

// The data sets: random bit patterns (finite), uniform [0, 1), prices with 2 decimals, integral values.
template <class T> std::vector<T> data_set(int kind) {
  std::mt19937_64 rng(42 + unsigned(kind));
  std::vector<T> v(count);
  for (T& x : v) {
    switch (kind) {
    case 0:
      do {
        if constexpr (sizeof(T) == 8) x = std::bit_cast<double>(rng());
        else x = std::bit_cast<float>(std::uint32_t(rng()));
      } while (!std::isfinite(x));
      break;
    case 1: x = T(double(rng() >> 11) * 0x1p-53); break;
    case 2: x = T(double(rng() % 10000000) / 100); break;
    default: x = T(double(rng() % 1000000)); break;
    }
  }
  return v;
}
const char* const set_names[] = {"random-bits", "uniform-0-1", "prices", "integral"};

template <class T> const std::vector<T>& values(int kind) {
  static std::vector<T> sets[4];
  if (sets[kind].empty()) sets[kind] = data_set<T>(kind);
  return sets[kind];
}

// The buffer, written once before timing (warm).
std::string& buffer() {
  static std::string b(count * 32, '\0');
  return b;
}

void set_counters(benchmark::State& state, std::size_t bytes) {
  state.counters["ns/number"] =
      benchmark::Counter(double(count), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(bytes));
}

// One value at a time by `put(out, v)`, each followed by ','.
template <class T, class Put> void one_at_a_time(benchmark::State& state, int set, Put put) {
  const auto& v = values<T>(set);
  char* const out = buffer().data();
  char* p = out;
  for (auto _ : state) {
    p = out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      p = put(p, v[i]);
      *p++ = ',';
    }
    benchmark::DoNotOptimize(p);
  }
  set_counters(state, std::size_t(p - out));
}

template <class T> void BM_to_chars(benchmark::State& state, int set) {
  one_at_a_time<T>(state, set, [](char* p, T x) { return std::to_chars(p, p + 32, x).ptr; });
}

#if SIMDIGITS_BENCH_FMT
template <class T> void BM_fmt(benchmark::State& state, int set) {
  one_at_a_time<T>(state, set, [](char* p, T x) { return fmt::format_to(p, "{}", x); });
}
#endif

template <class T> void BM_join(benchmark::State& state, int set, simdigits::float_style style) {
  const auto& v = values<T>(set);
  const std::size_t length = simdigits::formatted_length(std::span<const T>(v), ",", style);
  if (length == simdigits::npos || length > buffer().size()) throw std::runtime_error("too long");
  for (auto _ : state) benchmark::DoNotOptimize(simdigits::join(std::span<const T>(v), ",", buffer().data(), 1, style));
  set_counters(state, length);
}

template <class T> void BM_length(benchmark::State& state, int set) {
  const auto& v = values<T>(set);
  std::size_t length = 0;
  for (auto _ : state) benchmark::DoNotOptimize(length = simdigits::formatted_length(std::span<const T>(v), ","));
  set_counters(state, length);
}

// Fixed precision: a snprintf loop of one conversion, and join_plan under the same printf spec (its
// length pass included), each value followed by ','.
template <class T> void BM_snprintf(benchmark::State& state, int set, const char* conversion) {
  one_at_a_time<T>(state, set, [conversion](char* p, T x) { return p + std::snprintf(p, 32, conversion, double(x)); });
}

template <class T> void BM_spec(benchmark::State& state, int set, const char* conversion) {
  const auto& v = values<T>(set);
  const simdigits::format_spec spec = simdigits::parse_printf_spec(conversion).spec;
  const auto column = simdigits::float_column::of(std::span<const T>(v));
  std::size_t length = 0;
  for (auto _ : state) {
    const simdigits::join_plan plan(column, ",", spec, 1);
    length = plan.length();
    if (length > buffer().size() || !plan.write(std::span<char>(buffer().data(), length))) throw std::runtime_error("too long");
  }
  set_counters(state, length);
}

// Names as bench/report.py reads them: <contender>/<type>/<set>, join/<style>/<type>/<set>, and
// <contender>/<type>/<set>/<conversion> for fixed precision.
template <class T> void register_all(const char* type) {
  using simdigits::float_style;
  for (int set = 0; set < 4; ++set) {
    const std::string suffix = std::string("/") + type + "/" + set_names[set];
    auto add = [&](const std::string& name, auto fn) {
      benchmark::RegisterBenchmark(name.c_str(), [fn, set](benchmark::State& state) { fn(state, set); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    };
    add("to_chars" + suffix, [](benchmark::State& s, int k) { BM_to_chars<T>(s, k); });
#if SIMDIGITS_BENCH_FMT
    add("fmt" + suffix, [](benchmark::State& s, int k) { BM_fmt<T>(s, k); });
#endif
    for (auto [style, name] : {std::pair{float_style::cpp, "cpp"}, {float_style::python, "python"}, {float_style::json, "json"}})
      add(std::string("join/") + name + suffix, [style](benchmark::State& s, int k) { BM_join<T>(s, k, style); });
    add("formatted_length" + suffix, [](benchmark::State& s, int k) { BM_length<T>(s, k); });
    for (const char* conversion : {"%.18e", "%.6f", "%g"}) {
      if (set == 0 && conversion[2] == '6') continue;  // random bits under %f: hundreds of digits
      add("snprintf" + suffix + "/" + conversion, [conversion](benchmark::State& s, int k) { BM_snprintf<T>(s, k, conversion); });
      add(std::string("simdigits") + suffix + "/" + conversion, [conversion](benchmark::State& s, int k) { BM_spec<T>(s, k, conversion); });
    }
  }
}

} // namespace

int main(int argc, char** argv) {
  register_all<double>("f64");
  register_all<float>("f32");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
