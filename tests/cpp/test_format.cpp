// Single-value functions (digit_count, write, to_chars) against the oracle, for every integer type.
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "harness.hpp"
#include "integer_types.hpp"
#include "oracle.hpp"

namespace {

template <class T> class Format : public ::testing::Test {};
TYPED_TEST_SUITE(Format, oracle::IntegerTypes);

// Checks one value through all three functions; returns false (after reporting) on the first mismatch.
template <class T> bool check_value(T v) {
  const std::string expected = oracle::decimal(v);
  const int n = int(expected.size());
  if (simdigits::digit_count(v) != n) {
    ADD_FAILURE() << "digit_count(" << expected << ") = " << simdigits::digit_count(v);
    return false;
  }
  // write: into exactly max_chars bytes, followed by guard bytes that must survive.
  std::array<char, simdigits::max_chars<T> + 16> buffer;
  buffer.fill('#');
  char* end = simdigits::write(buffer.data(), v);
  if (std::string_view(buffer.data(), std::size_t(end - buffer.data())) != expected) {
    ADD_FAILURE() << "write(" << expected << ") gave " << std::string_view(buffer.data(), std::size_t(end - buffer.data()));
    return false;
  }
  for (std::size_t i = simdigits::max_chars<T>; i < buffer.size(); ++i) {
    if (buffer[i] != '#') {
      ADD_FAILURE() << "write(" << expected << ") wrote past max_chars";
      return false;
    }
  }
  // to_chars: exact room fits and writes nothing after; one byte less fails and writes nothing.
  buffer.fill('#');
  auto r = simdigits::to_chars(buffer.data(), buffer.data() + n, v);
  if (r.ec != std::errc{} || r.ptr != buffer.data() + n || std::string_view(buffer.data(), std::size_t(n)) != expected ||
      buffer[std::size_t(n)] != '#') {
    ADD_FAILURE() << "to_chars(" << expected << ") into exactly " << n << " bytes";
    return false;
  }
  buffer.fill('#');
  r = simdigits::to_chars(buffer.data(), buffer.data() + n - 1, v);
  if (r.ec != std::errc::value_too_large || r.ptr != buffer.data() + n - 1 ||
      std::string_view(buffer.data(), buffer.size()).find_first_not_of('#') != std::string_view::npos) {
    ADD_FAILURE() << "to_chars(" << expected << ") into " << n - 1 << " bytes must fail and write nothing";
    return false;
  }
  return true;
}

TYPED_TEST(Format, MaxCharsIsTheLongestValue) {
  using T = TypeParam;
  std::size_t longest = 0;
  for (T v : oracle::boundary_values<T>()) longest = std::max(longest, oracle::decimal(v).size());
  EXPECT_EQ(std::size_t(simdigits::max_chars<T>), longest);
}

TYPED_TEST(Format, EverySixteenBitValue) {
  using T = TypeParam;
  using U = simdigits::detail::unsigned_of<T>;
  // Types of 16 bits and less: every value. Wider types: every value of [-2^16, 2^16].
  if constexpr (sizeof(T) <= 2) {
    for (std::uint32_t bits = 0; bits <= U(~U(0)); ++bits)
      if (!check_value(T(bits))) return;
  } else {
    const long long low = simdigits::detail::is_signed<T> ? -65536 : 0;
    for (long long v = low; v <= 65536; ++v)
      if (!check_value(T(v))) return;
  }
}

TYPED_TEST(Format, BoundariesMinAndMax) {
  using T = TypeParam;
  const auto values = oracle::boundary_values<T>();
  EXPECT_GT(values.size(), 8u);
  for (T v : values)
    if (!check_value(v)) return;
}

TYPED_TEST(Format, MillionRandomValues) {
  using T = TypeParam;
  std::mt19937_64 rng(20261125 + sizeof(T));
  for (int i = 0, n = light() ? 200'000 : 1'000'000; i < n; ++i)
    if (!check_value(oracle::random_value<T>(rng))) return;
}

TEST(Format, EightDigitWordForEveryValueBelowTenToTheEight) {
  // ascii8 is the heart of every wide write: check its whole domain against an ASCII odometer.
  char expected[8] = {'0', '0', '0', '0', '0', '0', '0', '0'};
  char buffer[8];
  for (std::uint32_t v = 0; v < 100'000'000; ++v) {
    simdigits::detail::store8(buffer, simdigits::detail::ascii8(v));
    if (std::memcmp(buffer, expected, 8) != 0) FAIL() << "ascii8(" << v << ")";
    for (int i = 7; i >= 0 && ++expected[i] > '9'; --i) expected[i] = '0';
  }
}

TEST(Format, ConstexprDigitCount) {
  static_assert(simdigits::digit_count(0) == 1);
  static_assert(simdigits::digit_count(-1) == 2);
  static_assert(simdigits::digit_count(18446744073709551615ULL) == 20);
  static_assert(simdigits::max_chars<int> == 11);
  static_assert(simdigits::max_chars<unsigned char> == 3);
  static_assert(simdigits::max_chars<long long> == 20);
  SUCCEED();
}

} // namespace
