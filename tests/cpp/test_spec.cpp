// Format specs: parsing (faults named with their position), single values against snprintf where
// Python's printf agrees with C's, and batches and table columns under a spec against the single-value
// text on every backend. (Python's format() and % are the oracle of the Python tests.)
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <utility>
#include <limits>
#include <cmath>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "harness.hpp"
#include "oracle.hpp"

namespace {

using simdigits::format_spec;
using simdigits::parse_format_spec;
using simdigits::parse_printf_spec;

struct fault_case {
  std::string_view spec;
  std::size_t position;
  std::string_view says;
};

void expect_faults(std::span<const fault_case> faults, simdigits::spec_for values) {
  for (const auto& f : faults) {
    const auto r = parse_format_spec(f.spec, values);
    EXPECT_EQ(r.code, simdigits::status::invalid_argument) << f.spec;
    EXPECT_EQ(r.position, f.position) << f.spec;
    EXPECT_NE(r.message.find(f.says), std::string::npos) << r.message;
    std::string quoted(1, '\'');
    quoted.append(f.spec).push_back('\'');
    EXPECT_NE(r.message.find(quoted), std::string::npos) << "quotes the spec: " << r.message;
  }
}

TEST(Spec, FaultsAndTheirPositions) {
  const fault_case faults[] = {
      {",x", 1, "Cannot specify ',' with 'x'."},
      {",b", 1, "Cannot specify ',' with 'b'."},
      {"_n", 1, "Cannot specify '_' with 'n'."},
      {".2d", 0, "Precision not allowed"},
      {".2", 0, "Precision not allowed"},
      {"5.", 1, "missing precision"},
      {"z5d", 0, "Negative zero coercion"},
      {"1e3", 1, "Invalid format specifier '1e3'"},
      {"__d", 1, "Invalid format specifier"},
      {"_,d", 1, "Cannot specify both ',' and '_'."},
      {"q", 0, "Unknown format code 'q'"},
      {"c", 0, "'c'"},
      {"99999999999", 0, "Too many decimal digits"},
  };
  expect_faults(faults, simdigits::spec_for::integers);
  const fault_case float_faults[] = {
      {"d", 0, "Unknown format code 'd' for object of type 'float'"},
      {",x", 1, "Cannot specify ',' with 'x'."},
      {",n", 1, "Cannot specify ',' with 'n'."},
      {"5.f", 1, "missing precision"},
      {".2ff", 2, "Invalid format specifier '.2ff' for object of type 'float'"},
      {"c", 0, "Unknown format code 'c' for object of type 'float'"},
  };
  expect_faults(float_faults, simdigits::spec_for::floats);
  const struct {
    std::string_view spec;
    std::size_t position;
  } printf_faults[] = {{"%5%", 2}, {"%q", 1}, {"%*d", 1}, {"%d%d", 2}, {"plain", 5}, {"%", 0}, {"%.*d", 2}, {"%5.2s", 4}, {"%c", 1}};
  for (const auto& f : printf_faults) {
    const auto r = parse_printf_spec(f.spec);
    EXPECT_EQ(r.code, simdigits::status::invalid_argument) << f.spec;
    EXPECT_EQ(r.position, f.position) << f.spec << ": " << r.message;
  }
  for (std::string_view ok : {"", "d", "x<12,", "é^9_x", "+#010_b", "n", "0=8,", " 5", "#X"}) EXPECT_TRUE(parse_format_spec(ok)) << ok;
  for (std::string_view ok : {"%d", "%-08ld", "x=%+5i;", "%%%#o%%", "%.3u", "%hX", "%.18e", "%10.3f", "%#G", "%-+08.2f"}) EXPECT_TRUE(parse_printf_spec(ok)) << ok;
}

std::string c_printf(const std::string& spec, long long v) {
  char buffer[128];
  std::string conversion = spec;
  conversion.insert(conversion.size() - 1, "ll");  // %5d -> %5lld
  std::snprintf(buffer, sizeof buffer, conversion.c_str(), v);
  return buffer;
}

TEST(Spec, PrintfAgainstSnprintf) {
  // Where C and Python agree: no '#' (Python writes 0o, 0x for it), no '0' with a precision, and for
  // o, x, X neither signs nor sign flags (C prints the two's complement, and no '+' or ' ').
  std::mt19937_64 rng(3);
  std::vector<long long> values = oracle::boundary_values<long long>();
  for (int i = 0; i < 200; ++i) values.push_back(oracle::random_value<long long>(rng));
  for (std::string flags : {"", "-", "+", " ", "0", "-0", "+0", " 0", "+ ", "-+"})
    for (std::string width : {"", "1", "7", "25"})
      for (std::string precision : {"", ".1", ".12"})
        for (char conversion : {'d', 'i', 'x', 'X', 'o'}) {
          if (!precision.empty() && flags.find('0') != std::string::npos) continue;
          const std::string spec = "%" + flags + width + precision + conversion;
          const auto parsed = parse_printf_spec(spec);
          ASSERT_TRUE(parsed) << spec << ": " << parsed.message;
          for (long long v : values) {
            if (conversion != 'd' && conversion != 'i' && (v < 0 || flags.find_first_of("+ ") != std::string::npos)) continue;
            ASSERT_EQ(simdigits::format(std::int64_t(v), parsed.spec), c_printf(spec, v)) << spec << " " << v;
          }
        }
}

const char* const batch_specs[] = {"08d", "+,", "x<12", "é^9_x", "#010_b", "0=15,", "-#o", " X", "40,"};

template <class T> class SpecBatch : public ::testing::Test {};
using SpecTypes = ::testing::Types<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t,
                                   std::int64_t, std::uint64_t>;
TYPED_TEST_SUITE(SpecBatch, SpecTypes);

template <class T> std::string formatted(T v, const format_spec& spec) {
  if constexpr (std::is_signed_v<T>) return simdigits::format(std::int64_t(v), spec);
  else return simdigits::format(std::uint64_t(v), spec);
}

TYPED_TEST(SpecBatch, JoinsAndTablesAsSingleValues) {
  using T = TypeParam;
  std::mt19937_64 rng(9);
  std::vector<T> values = oracle::boundary_values<T>();
  while (values.size() < 1500) values.push_back(oracle::random_value<T>(rng));
  for (const char* text : batch_specs) {
    const auto parsed = parse_format_spec(text);
    ASSERT_TRUE(parsed) << parsed.message;
    std::string expected, expected_csv;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string field = formatted(values[i], parsed.spec);
      expected += (i ? ";" : "") + field;
      expected_csv += field + "|" + oracle::decimal(values[i]) + "\n";
    }
    for_each_backend([&] {
      SCOPED_TRACE(text);
      for (unsigned threads : {1u, 3u}) {
        const simdigits::join_plan plan(simdigits::integer_column::of(std::span<const T>(values)), ";", parsed.spec, threads);
        ASSERT_EQ(plan.length(), expected.size());
        guarded buffer(expected.size(), 1);
        ASSERT_TRUE(plan.write(std::span<char>(buffer.out(), expected.size())));
        ASSERT_EQ(buffer.text(expected.size()), expected);
        ASSERT_TRUE(buffer.guards_intact(expected.size()));
      }
      const auto column = simdigits::integer_column::of(std::span<const T>(values));
      const simdigits::table_column columns[] = {{column, "a", {}, &parsed.spec}, {column, "b"}};
      const simdigits::table_format csv{"|", "\n"};
      std::string out(simdigits::table_length(columns, csv), '#');
      ASSERT_EQ(simdigits::write_table(columns, csv, out.data(), 2), out.data() + out.size());
      ASSERT_EQ(out, expected_csv);
    });
  }
}

// Float columns of each type, and integers, under float specs: joins on threads and table columns as
// the single values (each value as the double it equals).
TEST(Spec, FloatsInBatchesAsSingleValues) {
  std::mt19937_64 rng(21);
  std::vector<double> doubles;
  std::vector<float> floats;
  std::vector<std::uint16_t> halves;
  std::vector<std::int64_t> ints;
  for (std::size_t i = 0; i < 3000; ++i) {
    const double v = i % 3 == 0 ? double(std::int64_t(rng() % 2000000) - 1000000) / 100
                                : i % 3 == 1 ? std::bit_cast<double>(rng()) : double(rng() % 1000);
    doubles.push_back(v);
    floats.push_back(float(v));
    halves.push_back(std::uint16_t(rng()));
    ints.push_back(std::int64_t(rng()) >> (rng() % 64));
  }
  // Where rounding carries the exponent to three digits or back to two (lengths measured without digits).
  for (double v : {9.99999999999999e99, 9.9999e99, 1e100, 9.99999999999999e-100, 9.9999e-100, 1e-99, 1e-100, 9.5e96, 1e97})
    for (double sign : {1.0, -1.0}) doubles.push_back(sign * v), floats.push_back(float(sign * v));
  const auto as_double = [](std::uint16_t bits) { return double(simdigits::detail::widen(simdigits::float16{bits})); };
  for (const char* text : {".3f", "+,.2f", "g", "", "z.1%", "*^14.4e", "%.18e", "%10.3f", "%#g"}) {
    const auto parsed = text[0] == '%' ? parse_printf_spec(text) : parse_format_spec(text, simdigits::spec_for::floats);
    ASSERT_TRUE(parsed) << parsed.message;
    const format_spec& spec = parsed.spec;
    auto check = [&](const simdigits::numbers& column, auto value_at, std::size_t n) {
      std::string expected, expected_csv;
      for (std::size_t i = 0; i < n; ++i) {
        const std::string field = simdigits::format(value_at(i), spec);
        expected += (i ? ";" : "") + field;
        expected_csv += field + "|" + field + "\n";
      }
      for_each_backend([&] {
        SCOPED_TRACE(text);
        for (unsigned threads : {1u, 3u}) {
          const simdigits::join_plan plan(column, ";", spec, threads);
          ASSERT_EQ(plan.length(), expected.size());
          guarded buffer(expected.size(), 1);
          ASSERT_TRUE(plan.write(std::span<char>(buffer.out(), expected.size())));
          ASSERT_EQ(buffer.text(expected.size()), expected);
          ASSERT_TRUE(buffer.guards_intact(expected.size()));
        }
        if (const auto* ints = std::get_if<simdigits::integer_column>(&column)) {
          const simdigits::table_column columns[] = {{*ints, "a", {}, &spec}, {*ints, "b", {}, &spec}};
          std::string out(simdigits::table_length(columns, {"|", "\n"}), '#');
          ASSERT_EQ(simdigits::write_table(columns, {"|", "\n"}, out.data(), 2), out.data() + out.size());
          ASSERT_EQ(out, expected_csv);
        } else {
          const auto& floats = std::get<simdigits::float_column>(column);
          const simdigits::table_column columns[] = {{floats, "a", {}, &spec}, {floats, "b", {}, &spec}};
          std::string out(simdigits::table_length(columns, {"|", "\n"}), '#');
          ASSERT_EQ(simdigits::write_table(columns, {"|", "\n"}, out.data(), 2), out.data() + out.size());
          ASSERT_EQ(out, expected_csv);
        }
      });
    };
    check(simdigits::float_column::of(std::span<const double>(doubles)), [&](std::size_t i) { return doubles[i]; }, doubles.size());
    check(simdigits::float_column::of(std::span<const float>(floats)), [&](std::size_t i) { return double(floats[i]); }, floats.size());
    check(simdigits::float_column{halves.data(), halves.size(), simdigits::float_type::f16, 2},
          [&](std::size_t i) { return as_double(halves[i]); }, halves.size());
    check(simdigits::integer_column::of(std::span<const std::int64_t>(ints)), [&](std::size_t i) { return double(ints[i]); }, ints.size());
  }
  // Floats under printf's %d: their integer part as Python's '%d' % v writes it (every finite value);
  // another integer type, or a value not finite, is refused.
  std::vector<double> finite;
  for (double v : doubles)
    if (std::isfinite(v)) finite.push_back(v);
  const std::pair<double, const char*> truncated[] = {{-0.5, "0"}, {-1.5, "-1"}, {2.999, "2"}, {-0.0, "0"}, {1e20, "100000000000000000000"}};
  for (const auto& [v, text] : truncated) EXPECT_EQ(simdigits::format(v, parse_printf_spec("%d").spec), text);
  for (const char* text : {"%d", "%+08i", "%-6u|", "%.3d"}) {
    const format_spec spec = parse_printf_spec(text).spec;
    std::string expected;
    for (double v : finite) expected += simdigits::format(v, spec) + ",";
    expected.pop_back();
    const simdigits::join_plan plan(simdigits::float_column::of(std::span<const double>(finite)), ",", spec, 2);
    std::string out(plan.length(), '#');
    ASSERT_TRUE(plan.write(out));
    EXPECT_EQ(out, expected) << text;
  }
  EXPECT_EQ(simdigits::format(1e300, parse_printf_spec("%d").spec).size(), 301u);
  finite.push_back(std::numeric_limits<double>::quiet_NaN());
  for (const char* text : {"%d", "%x"})
    EXPECT_EQ(simdigits::join_plan(simdigits::float_column::of(std::span<const double>(finite)), ",", parse_printf_spec(text).spec).check(),
              simdigits::status::invalid_argument) << text;
  EXPECT_EQ(simdigits::join_plan(simdigits::float_column::of(std::span<const double>(doubles)), ",", parse_format_spec("x").spec).check(),
            simdigits::status::invalid_argument);
  // A float type refuses a list's wide integers (the caller converts them).
  const std::vector<std::int64_t> values{1, 0};
  const simdigits::wide_integer wide[] = {{1, "100000000000000000000"}};
  EXPECT_EQ(simdigits::join_plan(simdigits::integer_list{values, wide}, ",", parse_format_spec(".2f").spec).check(),
            simdigits::status::invalid_argument);
}

TEST(Spec, RangesAndWideListValuesUnderASpec) {
  const auto spec = parse_format_spec("+08_x").spec;
  std::string expected;
  for (std::int64_t v = -300; v < 5000; v += 7) {
    if (!expected.empty()) expected.push_back(',');
    expected.append(simdigits::format(v, spec));
  }
  const simdigits::join_plan plan(simdigits::arithmetic_range{-300, 5000, 7}, ",", spec);
  std::string out(plan.length(), '#');
  ASSERT_TRUE(plan.write(out));
  EXPECT_EQ(out, expected);
  // Wide values are taken as already formatted (the caller formats what does not fit 64 bits).
  const std::vector<std::int64_t> values{1, 0, 255};
  const simdigits::wide_integer wide[] = {{1, "+1_0000_0000_0000_0000"}};
  const simdigits::join_plan list(simdigits::integer_list{values, wide}, " ", spec);
  std::string text(list.length(), '#');
  ASSERT_TRUE(list.write(text));
  EXPECT_EQ(text, "+00_0001 +1_0000_0000_0000_0000 +00_00ff");  // format(v, "+08_x") in Python
}

} // namespace

namespace {

// A C-order matrix whose columns share one spec is written as one run of values (the dense path), a
// Fortran-order one gathered into rows first; one column's spec differing goes field by field; all as
// the single values.
TEST(Spec, MatricesUnderOneSpec) {
  constexpr std::size_t rows = 700, columns = 5;
  std::mt19937_64 rng(12);
  std::vector<std::int32_t> m(rows * columns);
  for (auto& v : m) v = oracle::random_value<std::int32_t>(rng);
  for (const char* text : {"08d", "x", "+,", ">12", "#o", "é<7"}) {
    const format_spec spec = parse_format_spec(text).spec, other = parse_format_spec("d").spec;
    std::string expected;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < columns; ++c)
        expected.append(simdigits::format(std::int64_t(m[r * columns + c]), spec)).push_back(c + 1 < columns ? ';' : '\n');
    for_each_backend([&] {
      SCOPED_TRACE(text);
      auto cols = simdigits::matrix_columns(m.data(), simdigits::integer_type::i32, rows, columns, columns * 4, 4);
      for (auto& c : cols) c.spec = &spec;
      const simdigits::table_format f{";", "\n"};
      for (unsigned threads : {1u, 2u}) {
        std::string out(simdigits::table_length(cols, f, threads), '#');
        ASSERT_EQ(simdigits::write_table(cols, f, out.data(), threads), out.data() + out.size());
        ASSERT_EQ(out, expected);
      }
      // The same values in Fortran order: gathered a block of rows at a time, then as dense.
      std::vector<std::int32_t> fortran(rows * columns);
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) fortran[c * rows + r] = m[r * columns + c];
      auto by_columns = simdigits::matrix_columns(fortran.data(), simdigits::integer_type::i32, rows, columns, 4, rows * 4);
      for (auto& c : by_columns) c.spec = &spec;
      std::string gathered(simdigits::table_length(by_columns, f), '#');
      ASSERT_EQ(simdigits::write_table(by_columns, f, gathered.data(), 2), gathered.data() + gathered.size());
      ASSERT_EQ(gathered, expected);
      cols[2].spec = &other;  // not one spec: row by row
      std::string out(simdigits::table_length(cols, f), '#');
      simdigits::write_table(cols, f, out.data());
      std::string mixed;
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c)
          mixed.append(simdigits::format(std::int64_t(m[r * columns + c]), c == 2 ? other : spec)).push_back(c + 1 < columns ? ';' : '\n');
      ASSERT_EQ(out, mixed);
    });
  }
}

} // namespace
