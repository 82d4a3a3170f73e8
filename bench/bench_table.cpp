// Tables: 1,000,000 rows x 10 int64 columns as CSV, simdigits' write_table against a std::to_chars loop
// that writes the same CSV, memset of the same bytes, and (for files in /dev/shm) write() of the ready
// bytes, in one run; and the same columns under the specs "08d" (zero-filled to 8) and "x" (hex)
// against a std::to_chars loop that pads as Python does. bench/report.py turns the JSON into ratios.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "simdigits/simdigits.hpp"

namespace {

constexpr std::size_t rows = 1'000'000, columns = 10;

// The data sets, each a C-order rows x columns matrix: uniform over +-10^15 and in 0..9999 (the writers
// issue's), and "real": a column each of ids, years, small counts, prices in cents (log-uniform), codes,
// Unix times, signed changes, zip codes, flags and full-range values.
enum { uniform, small, real, datasets };
const char* const dataset_names[] = {"uniform", "0..9999", "real"};

std::vector<std::int64_t> make_matrix(int which) {
  std::mt19937_64 rng(50 + which);
  std::vector<std::int64_t> m(rows * columns);
  auto in = [&](std::int64_t lo, std::int64_t hi) { return lo + std::int64_t(rng() % std::uint64_t(hi - lo + 1)); };
  for (std::size_t r = 0; r < rows; ++r) {
    std::int64_t* row = m.data() + r * columns;
    for (std::size_t c = 0; c < columns; ++c) {
      if (which == uniform) row[c] = in(-1'000'000'000'000'000, 1'000'000'000'000'000);
      else if (which == small) row[c] = in(0, 9999);
      else {
        const double u = std::uniform_real_distribution<double>(0, 7)(rng);
        const std::int64_t real_columns[columns] = {
            std::int64_t(1'000'000 + r),                 in(1990, 2030),
            rng() % 4 ? in(0, 9) : in(10, 999),          std::int64_t(std::pow(10.0, u)),
            in(0, 999),                                  in(1'600'000'000, 1'800'000'000),
            in(-1'000'000, 1'000'000),                   in(10000, 99999),
            in(0, 1),                                    std::int64_t(rng())};
        row[c] = real_columns[c];
      }
    }
  }
  return m;
}

const std::vector<std::int64_t>& matrix(int which) {
  static std::vector<std::vector<std::int64_t>> sets = [] {
    std::vector<std::vector<std::int64_t>> s;
    for (int w = 0; w < datasets; ++w) s.push_back(make_matrix(w));
    return s;
  }();
  return sets[std::size_t(which)];
}

std::vector<simdigits::table_column> table_of(int which) {
  return simdigits::matrix_columns(matrix(which).data(), simdigits::integer_type::i64, rows, columns,
                                   columns * sizeof(std::int64_t), sizeof(std::int64_t));
}

const simdigits::table_format csv{",", "\n"};

std::string& output_buffer(std::size_t size) {
  static std::string buffer;
  if (buffer.size() < size) buffer.assign(size, '\0');  // warm: allocated and touched once
  return buffer;
}

void set_counters(benchmark::State& state, std::size_t bytes) {
  state.counters["ns/number"] = benchmark::Counter(double(rows * columns), benchmark::Counter::kIsIterationInvariantRate |
                                                                               benchmark::Counter::kInvert);
  state.counters["bytes/s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1024);
}

// The specs of the spec'd shapes, and their baseline: std::to_chars, then Python's zero padding after
// the sign ("08d"), or base 16 ("x", as format(v, "x"): '-' before the digits).
// "apart": the plain CSV of the same values held a column to an array (as DataFrames and Arrow hold
// them: a Fortran-order matrix), read so by both sides.
enum shape { plain, zero_filled, hex, apart, shapes };
const char* const shape_names[] = {"i64x10", "i64x10-08d", "i64x10-x", "i64x10-apart"};
const char* const shape_specs[] = {"", "08d", "x", ""};

const std::vector<std::int64_t>& by_columns(int which) {
  static std::vector<std::vector<std::int64_t>> sets(datasets);
  auto& f = sets[std::size_t(which)];
  if (f.empty()) {
    const auto& m = matrix(which);
    f.resize(m.size());
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < columns; ++c) f[c * rows + r] = m[r * columns + c];
  }
  return f;
}

inline char* put_value(char* p, char* end, std::int64_t v, int s) {
  if (s == hex) return std::to_chars(p, end, v, 16).ptr;
  if (s == plain || s == apart) return std::to_chars(p, end, v).ptr;
  char digits[24];
  const char* const e = std::to_chars(digits, digits + sizeof digits, v).ptr;
  const bool negative = v < 0;
  const std::size_t n = std::size_t(e - digits) - negative;
  if (negative) *p++ = '-';
  const std::size_t width = 8 - negative;
  if (n < width) p = static_cast<char*>(std::memset(p, '0', width - n)) + (width - n);
  std::memcpy(p, digits + negative, n);
  return p + n;
}

// The reference text, from the std::to_chars loop; every contender is checked against it before timing.
char* to_chars_csv(int which, char* p, char* end, int s = plain) {
  const std::int64_t* const m = s == apart ? by_columns(which).data() : matrix(which).data();
  const std::size_t row_step = s == apart ? 1 : columns, column_step = s == apart ? rows : 1;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      p = put_value(p, end, m[r * row_step + c * column_step], s);
      *p++ = c + 1 < columns ? ',' : '\n';
    }
  }
  return p;
}

const std::string& reference(int which, int s = plain) {
  static std::vector<std::string> texts(std::size_t(datasets) * std::size_t(shapes));
  std::string& text = texts[std::size_t(which * shapes + s)];
  if (text.empty()) {
    text.assign(rows * columns * 21, '\0');
    text.resize(std::size_t(to_chars_csv(which, text.data(), text.data() + text.size(), s) - text.data()));
  }
  return text;
}

void BM_to_chars(benchmark::State& state, int which, int s) {
  const std::string& expected = reference(which, s);
  std::string& buffer = output_buffer(expected.size() + 64);
  for (auto _ : state) {
    benchmark::DoNotOptimize(to_chars_csv(which, buffer.data(), buffer.data() + buffer.size(), s));
    benchmark::ClobberMemory();
  }
  set_counters(state, expected.size());
}

void BM_memset(benchmark::State& state, int which) {
  const std::size_t length = reference(which).size();
  std::string& buffer = output_buffer(length + 64);
  for (auto _ : state) {
    std::memset(buffer.data(), '7', length);
    benchmark::ClobberMemory();
  }
  set_counters(state, length);
}

bool use_backend(benchmark::State& state, const std::string& backend) {
  if (simdigits::set_backend(backend)) return true;
  state.SkipWithError("backend not available on this CPU");
  return false;
}

void BM_write_table(benchmark::State& state, int which, std::string backend, unsigned threads, int s) {
  if (!use_backend(state, backend)) return;
  auto table = s == apart ? simdigits::matrix_columns(by_columns(which).data(), simdigits::integer_type::i64, rows,
                                                      columns, sizeof(std::int64_t), rows * sizeof(std::int64_t))
                          : table_of(which);
  const simdigits::format_spec spec = simdigits::parse_format_spec(shape_specs[s]).spec;
  if (!spec.plain())
    for (auto& column : table) column.spec = &spec;
  const std::string& expected = reference(which, s);
  std::string& buffer = output_buffer(expected.size() + 64);
  if (simdigits::table_length(table, csv) != expected.size() ||
      simdigits::write_table(table, csv, buffer.data(), threads) != buffer.data() + expected.size() ||
      std::string_view(buffer.data(), expected.size()) != expected)
    throw std::runtime_error("write_table output differs from the reference");
  for (auto _ : state) {
    benchmark::DoNotOptimize(simdigits::write_table(table, csv, buffer.data(), threads));
    benchmark::ClobberMemory();
  }
  set_counters(state, expected.size());
  simdigits::set_backend(simdigits::available_backends().back());
}

// A file in /dev/shm (memory, so the disk does not set the pace), truncated before each write.
struct shm_file {
  std::string path = "/dev/shm/simdigits-bench-XXXXXX";
  int fd = mkstemp(path.data());
  ~shm_file() {
    close(fd);
    unlink(path.c_str());
  }
};

void BM_write_table_file(benchmark::State& state, int which, std::string backend, unsigned threads) {
  if (!use_backend(state, backend)) return;
  const auto table = table_of(which);
  const std::string& expected = reference(which);
  shm_file file;
  if (file.fd < 0) return state.SkipWithError("no /dev/shm");
  auto run = [&] {
    if (ftruncate(file.fd, 0) != 0 || !simdigits::write_table(table, csv, file.fd, 0, threads))
      throw std::runtime_error("write_table to a file failed");
  };
  run();
  std::string back(expected.size(), '\0');
  if (pread(file.fd, back.data(), back.size(), 0) != ssize_t(back.size()) || back != expected)
    throw std::runtime_error("the file differs from the reference");
  for (auto _ : state) run();
  set_counters(state, expected.size());
  simdigits::set_backend(simdigits::available_backends().back());
}

// The file wall: write() of the ready text, in 4 MB calls, into the same kind of file.
void BM_write_ready(benchmark::State& state, int which) {
  const std::string& text = reference(which);
  shm_file file;
  if (file.fd < 0) return state.SkipWithError("no /dev/shm");
  for (auto _ : state) {
    if (ftruncate(file.fd, 0) != 0 || lseek(file.fd, 0, SEEK_SET) != 0) throw std::runtime_error("ftruncate");
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t k = ::write(file.fd, text.data() + done, std::min<std::size_t>(text.size() - done, 4 << 20));
      if (k <= 0) throw std::runtime_error("write failed");
      done += std::size_t(k);
    }
  }
  set_counters(state, text.size());
}

} // namespace

int main(int argc, char** argv) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::string best(simdigits::available_backends().back());
  auto configure = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond)->UseRealTime(); };
  for (int which = 0; which < datasets; ++which) {
    const std::string suffix = std::string("/i64x10/") + dataset_names[which];
    configure(benchmark::RegisterBenchmark(("to_chars" + suffix).c_str(), BM_to_chars, which, int(plain)));
    configure(benchmark::RegisterBenchmark(("memset" + suffix).c_str(), BM_memset, which));
    for (std::string_view name : simdigits::available_backends()) {
      const std::string b(name);
      configure(benchmark::RegisterBenchmark(("write_table/" + b + suffix).c_str(), BM_write_table, which, b, 1u, int(plain)));
    }
    configure(benchmark::RegisterBenchmark(("write_ready" + suffix).c_str(), BM_write_ready, which));
    configure(benchmark::RegisterBenchmark(("write_table_file/" + best + suffix).c_str(), BM_write_table_file, which,
                                           best, 1u));
    if (cores > 1) {
      const std::string threads = "/threads:" + std::to_string(cores);
      configure(benchmark::RegisterBenchmark(("write_table/" + best + threads + suffix).c_str(), BM_write_table, which,
                                             best, cores, int(plain)));
      configure(benchmark::RegisterBenchmark(("write_table_file/" + best + threads + suffix).c_str(),
                                             BM_write_table_file, which, best, cores));
    }
  }
  // The columns held apart and the spec'd shapes: the baseline and the default backend, one thread.
  for (int s : {int(apart), int(zero_filled), int(hex)})
    for (int which = 0; which < datasets; ++which) {
      const std::string suffix = std::string("/") + shape_names[s] + "/" + dataset_names[which];
      configure(benchmark::RegisterBenchmark(("to_chars" + suffix).c_str(), BM_to_chars, which, s));
      configure(benchmark::RegisterBenchmark(("write_table/" + best + suffix).c_str(), BM_write_table, which, best, 1u, s));
    }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
