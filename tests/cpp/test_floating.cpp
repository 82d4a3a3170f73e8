// Floats: single values in every style and the batch functions over float_column, against
// std::to_chars (libstdc++'s, Ryu-based) as the oracle of the shortest digits.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "simdigits/simdigits.hpp"

namespace {

using simdigits::float_style;

template <class T> std::string oracle_chars(T v, std::chars_format format = std::chars_format{}) {
  char buffer[64];
  const auto r = format == std::chars_format{} ? std::to_chars(buffer, buffer + sizeof buffer, v)
                                               : std::to_chars(buffer, buffer + sizeof buffer, v, format);
  return std::string(buffer, r.ptr);
}

// The oracle's shortest digits of a finite v, from its scientific form: sign, digits, decimal exponent.
struct scientific {
  bool negative;
  std::string digits;
  int exponent;
};
template <class T> scientific scientific_of(T v) {
  const std::string sci = oracle_chars(v, std::chars_format::scientific);  // [-]d[.ddd]e±XX
  scientific r{sci[0] == '-', "", 0};
  const std::size_t e_at = sci.find('e');
  for (std::size_t i = r.negative; i < e_at; ++i)
    if (sci[i] != '.') r.digits += sci[i];
  r.exponent = std::atoi(sci.c_str() + e_at + 1);
  return r;
}

// Fixed notation of s (".0" after integral values when point_zero), or d.ddde±X with at least
// exponent_digits digits of exponent.
std::string fixed_text(const scientific& s, bool point_zero) {
  const std::string& d = s.digits;
  if (s.exponent < 0) return "0." + std::string(std::size_t(-s.exponent - 1), '0') + d;
  const std::size_t point = std::size_t(s.exponent) + 1;
  if (point >= d.size()) return d + std::string(point - d.size(), '0') + (point_zero ? ".0" : "");
  return d.substr(0, point) + "." + d.substr(point);
}
std::string scientific_text(const scientific& s, std::size_t exponent_digits) {
  std::string e = std::to_string(std::abs(s.exponent));
  if (e.size() < exponent_digits) e.insert(0, exponent_digits - e.size(), '0');
  std::string text(1, s.digits[0]);  // appended piece by piece: GCC 12 misreads a chain of operator+
  if (s.digits.size() > 1) text.append(".").append(s.digits, 1);
  text.append(s.exponent < 0 ? "e-" : "e+").append(e);
  return text;
}

// Arrow's cast to string (double-conversion's shortest form): fixed for decimal exponents -6..9 without
// ".0", else an unpadded exponent. Python's repr (NumPy's str for float32): fixed notation from 1e-4
// up to 1e16 (1e6 for float32), else d.ddde±XX. JSON (orjson) fixed for decimal exponents -5..15
// (float32: -6..12), else an exponent without padding; polars' CSV as JSON with NaN.
template <class T> std::string oracle_style(T v, float_style style) {
  if (std::isnan(v)) return style == float_style::json ? "null" : style == float_style::polars ? "NaN" : "nan";
  if (std::isinf(v)) return style == float_style::json ? "null" : v < 0 ? "-inf" : "inf";
  const scientific s = scientific_of(v);
  const bool json = style == float_style::json || style == float_style::polars;
  const int json_from = std::is_same_v<T, double> ? -5 : -6, json_below = std::is_same_v<T, double> ? 16 : 13;
  const T magnitude = std::fabs(v);
  const double limit = std::is_same_v<T, double> ? 1e16 : 1e6;
  bool fixed = v == 0;
  if (style == float_style::arrow) fixed = fixed || (s.exponent >= -6 && s.exponent < 10);
  else if (json) fixed = fixed || (s.exponent >= json_from && s.exponent < json_below);
  else fixed = fixed || (double(magnitude) >= 1e-4 && double(magnitude) < limit);
  const std::string body = v == 0 && style == float_style::arrow ? "0"
                           : fixed ? fixed_text(s, style != float_style::arrow)
                                   : scientific_text(s, json || style == float_style::arrow ? 1 : 2);
  return (s.negative ? "-" : "") + body;
}

template <class T> std::string ours(T v, float_style style) {
  char buffer[simdigits::max_float_chars<T> + 8];
  return std::string(buffer, simdigits::write(buffer, v, style));
}

// Checks v in every style: text, length, and to_chars' bounds. Returns whether all matched.
template <class T> bool check_value(T v) {
  bool ok = true;
  for (float_style style : {float_style::cpp, float_style::python, float_style::json, float_style::polars, float_style::arrow}) {
    const std::string expected = style == float_style::cpp ? oracle_chars(v) : oracle_style(v, style);
    const std::string got = ours(v, style);
    if (got != expected || simdigits::float_length(v, style) != int(got.size()) ||
        got.size() > std::size_t(simdigits::max_float_chars<T>)) {
      ADD_FAILURE() << std::hexfloat << double(v) << " style " << int(style) << ": " << got << " expected " << expected;
      ok = false;
    }
  }
  return ok;
}

template <class T, class Bits> T from_bits(Bits b) { return std::bit_cast<T>(b); }

// Doubles whose digits are most easily wrong: powers of two and ten, exponent boundaries, subnormals,
// integers around 2^53, values with 15 to 17 digits.
std::vector<double> hard_doubles() {
  std::vector<double> v = {0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
                           1.7976931348623157e308, 9007199254740992.0, 9007199254740993.0, 1e23, 9.999999999999999e22,
                           0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 123456789012345680.0, 1e-4, 9.999999999999999e-5, 1e16,
                           9999999999999998.0, 1e15, 1e21, 1e22, 5e-5, 0.00001};
  for (int e = -1074; e <= 1023; ++e) {
    const double p = std::ldexp(1.0, e);
    for (double x : {p, std::nextafter(p, 0.0), std::nextafter(p, std::numeric_limits<double>::infinity())}) v.push_back(x);
  }
  for (int e = -323; e <= 308; ++e) {
    const double p = std::strtod(("1e" + std::to_string(e)).c_str(), nullptr);
    for (double x : {p, std::nextafter(p, 0.0), std::nextafter(p, std::numeric_limits<double>::infinity())}) v.push_back(x);
  }
  for (std::uint64_t bits = 0; bits < 4096; ++bits) v.push_back(from_bits<double>(bits));  // subnormals
  std::mt19937_64 rng(15);
  for (int i = 0; i < 20000; ++i) {
    v.push_back(double(rng() >> 11));                          // integers up to 2^53
    v.push_back(double(rng() % 1000000000) / 100);             // prices
    char text[40];  // a decimal of up to 17 digits
    std::snprintf(text, sizeof text, "%llue-16", static_cast<unsigned long long>(rng() % 100000000000000000ULL));
    v.push_back(std::strtod(text, nullptr));
  }
  return v;
}

TEST(Floating, DoublesAsToChars) {
  for (double v : hard_doubles()) ASSERT_TRUE(check_value(v)) << std::hexfloat << v;
  std::mt19937_64 rng(42);
  for (int i = 0, n = light() ? 60000 : 300000; i < n; ++i) ASSERT_TRUE(check_value(from_bits<double>(rng())));
  constexpr double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  for (double v : {inf, -inf, nan, -nan})
    ASSERT_TRUE(check_value(v));
}

TEST(Floating, FloatsAsToChars) {
  std::mt19937 rng(7);
  for (int i = 0, n = light() ? 60000 : 300000; i < n; ++i) ASSERT_TRUE(check_value(from_bits<float>(std::uint32_t(rng()))));
  for (std::uint32_t bits = 0; bits < 65536; ++bits) ASSERT_TRUE(check_value(from_bits<float>(bits)));
  for (int e = -149; e <= 127; ++e) ASSERT_TRUE(check_value(std::ldexp(1.0f, e)));
}

// Every float32 (SIMDIGITS_FLOAT32_SWEEP=1; a few minutes on every core): the C++ style against the
// oracle, one value at a time and in batches on the default backend.
TEST(Floating, EveryFloat32) {
  if (!std::getenv("SIMDIGITS_FLOAT32_SWEEP")) GTEST_SKIP() << "set SIMDIGITS_FLOAT32_SWEEP=1 to run";
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::uint64_t> wrong(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // Blocks of consecutive values: one value at a time and joined (the batch kernels).
      constexpr std::uint64_t block = 4096;
      std::vector<float> values(block);
      std::string expected, single;
      char a[64], b[64];
      for (std::uint64_t first = t * block; first < (std::uint64_t(1) << 32); first += threads * block) {
        expected.clear();
        single.clear();
        for (std::uint64_t j = 0; j < block; ++j) {
          const float v = values[j] = from_bits<float>(std::uint32_t(first + j));
          expected.append(a, std::to_chars(a, a + 64, v).ptr).push_back(',');
          single.append(b, simdigits::to_chars(b, b + 64, v).ptr).push_back(',');
        }
        expected.pop_back();
        single.pop_back();
        if (single != expected || simdigits::join(std::span<const float>(values), ",") != expected) ++wrong[t];
      }
    });
  for (auto& thread : pool) thread.join();
  for (unsigned t = 0; t < threads; ++t) EXPECT_EQ(wrong[t], 0u);
}

TEST(Floating, HalvesRoundTripAndAreShortest) {
  // Every binary16 value: its text reads back (as a double) to exactly its value when the value is a
  // shortest decimal's nearest half; the oracle of its digits is NumPy (tests/python).
  for (std::uint32_t bits = 0; bits < 65536; ++bits) {
    const simdigits::float16 h{std::uint16_t(bits)};
    for (float_style style : {float_style::cpp, float_style::python, float_style::json, float_style::polars, float_style::arrow}) {
      char buffer[simdigits::max_float_chars<simdigits::float16> + 8];
      const char* end = simdigits::write(buffer, h, style);
      ASSERT_EQ(end - buffer, simdigits::float_length(h, style)) << bits;
      ASSERT_LE(end - buffer, simdigits::max_float_chars<simdigits::float16>) << bits;
    }
  }
}

TEST(Floating, ToCharsWritesNothingWhenTooSmall) {
  char buffer[32];
  std::memset(buffer, '#', sizeof buffer);
  const auto r = simdigits::to_chars(buffer, buffer + 5, 0.125);  // "0.125": 5 fits
  EXPECT_EQ(std::string_view(buffer, std::size_t(r.ptr - buffer)), "0.125");
  std::memset(buffer, '#', sizeof buffer);
  const auto small = simdigits::to_chars(buffer, buffer + 4, 0.125);
  EXPECT_EQ(small.ec, std::errc::value_too_large);
  EXPECT_EQ(small.ptr, buffer + 4);
  EXPECT_EQ(std::string_view(buffer, 8), "########");
}

// Ties and near-ties of every precision: halves of small integers and of their binary fractions.
std::vector<double> tie_doubles() {
  std::vector<double> v;
  for (int k = 1; k < 200; k += 2)
    for (int j = 1; j <= 12; ++j) v.push_back(std::ldexp(double(k), -j)), v.push_back(-std::ldexp(double(k), -j));
  for (double x : {0.5, 1.5, 2.5, 9.5, 99.5, 999.5, 0.05, 0.15, 0.25, 0.35, 0.45, 9.995, 99.995, 1e15 + 0.5, 4503599627370495.5})
    v.push_back(x);
  return v;
}

std::string c_printf(const std::string& spec, double v) {
  const int n = std::snprintf(nullptr, 0, spec.c_str(), v);
  std::string s(std::size_t(n) + 1, '\0');
  std::snprintf(s.data(), s.size(), spec.c_str(), v);
  s.resize(std::size_t(n));
  return s;
}

// printf conversions of floats against the C library's (glibc rounds correctly, ties to even on the exact
// value, as Python's % does): every flag, widths, precisions, on hard, tied and random doubles.
// (C pads inf and nan with spaces under '0' where Python pads with zeros, and glibc's '#' with g drops
// the zeros of a value that rounds up to a power of ten, "%#.3g" of 999.5 "1.e+03" where Python writes
// "1.00e+03": those are the Python tests'.)
TEST(Floating, PrintfSpecsAsTheCLibrary) {
  const std::vector<double> hard = hard_doubles();
  std::vector<double> values = tie_doubles();
  for (std::size_t i = 0; i < hard.size(); i += hard.size() / 300) values.push_back(hard[i]);
  for (double x : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN()})
    values.push_back(x);
  for (std::string_view flags : {"", "-", "+", " ", "0", "#", "+0", "- #"}) {
    if (light() && flags.size() == 1 && flags != "0") continue;
    for (const char* width : {"", "25"})
      for (std::string_view precision : {"", ".0", ".1", ".3", ".17", ".18", ".30"}) {
        if (light() && (precision == ".1" || precision == ".17" || precision == ".30")) continue;
        for (char conversion : {'e', 'E', 'f', 'F', 'g', 'G'}) {
          const std::string spec = std::string("%").append(flags).append(width).append(precision) + conversion;
          const auto parsed = simdigits::parse_printf_spec(spec);
          ASSERT_TRUE(parsed) << spec << ": " << parsed.message;
          if (flags.find('#') != std::string_view::npos && (conversion == 'g' || conversion == 'G')) continue;
          for (double v : values) {
            if (!std::isfinite(v) && flags.find('0') != std::string_view::npos) continue;
            ASSERT_EQ(simdigits::format(v, parsed.spec), c_printf(spec, v)) << spec << " " << std::hexfloat << v;
          }
        }
      }
  }
  // The digits themselves, on every hard double: 17 significant digits (what round trips) and 19
  // (numpy.savetxt's %.18e) and a fixed precision past the value's own digits.
  for (const char* spec : {"%.16e", "%.18e", "%.25f"}) {
    const auto parsed = simdigits::parse_printf_spec(spec);
    for (double v : hard) ASSERT_EQ(simdigits::format(v, parsed.spec), c_printf(spec, v)) << spec << " " << std::hexfloat << v;
  }
}

// Correct rounding at every precision on values of every kind — random bits, prices, [0, 1), and
// binary fractions with real ties — against glibc's printf: the table's product and the exact
// expansion behind it must agree with an exact reference on each.
TEST(Floating, RoundingAtEveryPrecisionAsTheCLibrary) {
  std::mt19937_64 rng(23);
  for (int i = 0; i < 100000; ++i) {
    double v;
    switch (i % 4) {
    case 0: v = from_bits<double>(rng() >> 1); break;
    case 1: v = double(rng() % 10000000) / 100; break;
    case 2: v = double(rng() >> 11) / double(1ULL << 53); break;
    default: v = std::ldexp(double(rng() % 2000 + 1), -int(rng() % 12)); break;  // ties at some precision
    }
    if (!std::isfinite(v)) continue;
    const int digits = int(rng() % 25);
    const int places = std::abs(v) < 1e25 ? int(rng() % 14) : 0;
    for (const std::string& spec : {"%." + std::to_string(digits) + "e", "%." + std::to_string(places) + "f"})
      ASSERT_EQ(simdigits::format(v, simdigits::parse_printf_spec(spec).spec), c_printf(spec, v)) << spec << " " << std::hexfloat << v;
  }
}

template <class T> std::string expected_join(const std::vector<T>& values, std::string_view sep, float_style style) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s += sep;
    s += style == float_style::cpp ? oracle_chars(values[i]) : oracle_style(values[i], style);
  }
  return s;
}

template <class T> std::vector<T> mixed_floats(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (rng() % 4) {
    case 0: v[i] = T(double(rng() % 100000) / 100); break;  // prices
    case 1: v[i] = T(double(rng() % 1000)); break;           // integral
    case 2: v[i] = T(double(rng() >> 11) / double(1ULL << 53)); break;  // [0, 1)
    default:
      if constexpr (sizeof(T) == 8) v[i] = from_bits<double>(rng());
      else v[i] = from_bits<float>(std::uint32_t(rng()));
    }
  }
  return v;
}

template <class T> void check_batches() {
  for (std::size_t n : {0, 1, 2, 17, 1000, light() ? 20000 : 100000}) {
    const std::vector<T> values = mixed_floats<T>(n, unsigned(n));
    for (std::string_view sep : separators)
      for (float_style style : {float_style::cpp, float_style::python, float_style::json, float_style::polars, float_style::arrow}) {
        const std::string expected = expected_join(values, sep, style);
        const std::span<const T> span(values);
        ASSERT_EQ(simdigits::formatted_length(span, sep, style), expected.size());
        ASSERT_EQ(simdigits::join(span, sep, style), expected);
        for (unsigned threads : {1u, 3u}) {
          guarded buffer(expected.size(), 3);
          ASSERT_EQ(simdigits::join(span, sep, buffer.out(), threads, style), buffer.out() + expected.size());
          ASSERT_EQ(buffer.text(expected.size()), expected);
          ASSERT_TRUE(buffer.guards_intact(expected.size()));
        }
        if (n > 1000) break;  // one separator and style suffice for the long text
      }
  }
}

TEST(Floating, JoinOfDoubles) { for_each_backend(check_batches<double>); }
TEST(Floating, JoinOfFloats) { for_each_backend(check_batches<float>); }

// The batch path (blocks of digits from each backend's kernel) on the values most easily wrong, in
// every style: hard doubles against the oracle, every half against its single-value text.
TEST(Floating, HardValuesInBatches) {
  std::vector<double> hard = hard_doubles();
  for (int i = 0; i < 4096; ++i) hard.push_back(double(i % 3 == 0 ? -i : i * 37));  // whole registers of integers
  for (int i = 0; i < 64; ++i) hard.push_back(i % 8 == 0 ? 0.0 : std::ldexp(double(i), 40));  // zeros among them
  std::vector<float> floats;
  for (double v : hard) floats.push_back(float(v));
  std::vector<simdigits::float16> halves(65536);
  for (std::uint32_t bits = 0; bits < 65536; ++bits) halves[bits] = {std::uint16_t(bits)};
  const float_style styles[] = {float_style::cpp, float_style::python, float_style::json, float_style::polars, float_style::arrow};
  std::vector<std::string> doubles_text, floats_text, halves_text;
  for (float_style style : styles) {
    doubles_text.push_back(expected_join(hard, ",", style));
    floats_text.push_back(expected_join(floats, ",", style));
    std::string expected;
    for (const simdigits::float16 h : halves) {
      char buffer[simdigits::max_float_chars<simdigits::float16> + 8];
      expected.append(buffer, simdigits::write(buffer, h, style)).push_back(',');
    }
    expected.pop_back();
    halves_text.push_back(expected);
  }
  for_each_backend([&] {
    for (std::size_t i = 0; i < std::size(styles); ++i) {
      SCOPED_TRACE(int(styles[i]));
      ASSERT_EQ(simdigits::formatted_length(std::span<const double>(hard), ",", styles[i]), doubles_text[i].size());
      ASSERT_EQ(simdigits::join(std::span<const double>(hard), ",", styles[i]), doubles_text[i]);
      ASSERT_EQ(simdigits::join(std::span<const float>(floats), ",", styles[i]), floats_text[i]);
      ASSERT_EQ(simdigits::join(std::span<const simdigits::float16>(halves), ",", styles[i]), halves_text[i]);
    }
  });
}

// Strided and byte-swapped columns through join_plan, and Arrow string arrays of floats.
TEST(Floating, ColumnsInEveryLayout) {
  const std::vector<double> values = mixed_floats<double>(5000, 3);
  std::vector<std::uint64_t> swapped_every_other(2 * values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    swapped_every_other[2 * i] = __builtin_bswap64(std::bit_cast<std::uint64_t>(values[i]));
  const simdigits::float_column column{swapped_every_other.data(), values.size(), simdigits::float_type::f64, 16, true,
                                       float_style::python};
  const std::string expected = expected_join(values, ";", float_style::python);
  const simdigits::join_plan plan(column, ";", 2);
  ASSERT_EQ(plan.check(), simdigits::status::ok);
  ASSERT_EQ(plan.length(), expected.size());
  std::string text(plan.length(), '\0');
  ASSERT_TRUE(plan.write(std::span<char>(text)));
  EXPECT_EQ(text, expected);

  const simdigits::numbers contiguous = simdigits::float_column::of(std::span<const double>(values), float_style::json);
  const std::size_t length = simdigits::string_array_length(contiguous);
  ASSERT_EQ(length, expected_join(values, "", float_style::json).size());
  std::string chars(length, '\0');
  std::vector<std::int64_t> offsets(values.size() + 1);
  ASSERT_TRUE(simdigits::write_string_array(contiguous, std::span<char>(chars), std::span<std::int64_t>(offsets), 2));
  for (std::size_t i = 0; i < values.size(); ++i)
    ASSERT_EQ(chars.substr(std::size_t(offsets[i]), std::size_t(offsets[i + 1] - offsets[i])),
              oracle_style(values[i], float_style::json));

  simdigits::format_spec spec;
  spec.width = 10;
  EXPECT_EQ(simdigits::join_plan(contiguous, ",", spec).check(), simdigits::status::invalid_argument);
}

} // namespace

namespace {

// Tables with float columns beside integers and strings, with nulls: the fields as the oracle writes them.
TEST(Floating, TableColumns) {
  const std::vector<double> values = mixed_floats<double>(3000, 8);
  std::vector<float> narrow(values.begin(), values.end());
  std::vector<std::int32_t> ints(values.size());
  std::vector<std::uint8_t> nulls(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) ints[i] = std::int32_t(i * 7), nulls[i] = i % 5 == 0;
  for (float_style style : {float_style::python, float_style::polars}) {
    std::vector<simdigits::table_column> columns(3);
    columns[0].values = simdigits::float_column::of(std::span<const double>(values), style);
    columns[0].nulls.mask = nulls.data();
    columns[1].values = simdigits::integer_column::of(std::span<const std::int32_t>(ints));
    columns[2].values = simdigits::float_column::of(std::span<const float>(narrow), style);
    simdigits::table_format format;
    format.null_text = "NA";
    std::string expected;
    for (std::size_t i = 0; i < values.size(); ++i)
      expected += (nulls[i] ? std::string("NA") : oracle_style(values[i], style)) + "," + std::to_string(ints[i]) + "," +
                  oracle_style(narrow[i], style) + "\n";
    for (unsigned threads : {1u, 3u}) {
      const simdigits::table_plan plan(columns, format, threads);
      ASSERT_EQ(plan.check(), simdigits::status::ok);
      ASSERT_EQ(plan.length(), expected.size());
      std::string text(plan.length(), '\0');
      ASSERT_TRUE(plan.write(std::span<char>(text)));
      ASSERT_EQ(text, expected);
    }
    simdigits::format_spec spec;
    columns[0].spec = &spec;
    spec.width = 3;
    EXPECT_EQ(simdigits::table_plan(columns, format).check(), simdigits::status::invalid_argument);
  }
}

} // namespace
