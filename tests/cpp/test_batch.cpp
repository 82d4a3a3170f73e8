// Batch functions (formatted_length, join, range_length, concat_range) on every backend this CPU runs,
// against the oracle, with guard bytes around every output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "harness.hpp"
#include "integer_types.hpp"
#include "oracle.hpp"

namespace {

template <class T>
void check_join(const std::vector<T>& values, std::string_view sep, std::size_t misalign, unsigned threads,
                const std::string& expected) {
  const std::size_t length = simdigits::formatted_length(values, sep);
  ASSERT_EQ(length, expected.size());
  guarded buffer(length, misalign);
  char* end = simdigits::join(values, sep, buffer.out(), threads);
  ASSERT_EQ(end, buffer.out() + length);
  ASSERT_EQ(buffer.text(length), expected);
  ASSERT_TRUE(buffer.guards_intact(length)) << "join wrote outside its " << length << " bytes";
  ASSERT_EQ(simdigits::join(values, sep), expected);
}
template <class T>
void check_join(const std::vector<T>& values, std::string_view sep, std::size_t misalign, unsigned threads = 1) {
  check_join(values, sep, misalign, threads, oracle::joined(values, sep));
}

template <class T> class Batch : public ::testing::Test {};
TYPED_TEST_SUITE(Batch, oracle::IntegerTypes);

TYPED_TEST(Batch, JoinEveryLengthUpTo70EverySeparator) {
  using T = TypeParam;
  for_each_backend([] {
    std::mt19937_64 rng(7);
    for (std::size_t n = 0; n <= 70; ++n) {
      for (std::string_view sep : separators) {
        std::vector<T> values(n);
        for (T& v : values) v = oracle::random_value<T>(rng);
        check_join(values, sep, n % 8);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  });
}

TYPED_TEST(Batch, JoinBoundaries) {
  using T = TypeParam;
  for_each_backend([] {
    const auto values = oracle::boundary_values<T>();
    for (std::string_view sep : separators) check_join(values, sep, 3);
  });
}

TYPED_TEST(Batch, JoinLargeRandomArray) {
  using T = TypeParam;
  std::mt19937_64 rng(11);
  std::vector<T> values(100'000);
  for (T& v : values) v = oracle::random_value<T>(rng);
  for_each_backend([&] { check_join(values, ",", 1); });
}

TYPED_TEST(Batch, ThreadsWriteTheSameBytes) {
  // Each thread writes its slice from the offset the digits before it give: slices of one value, more
  // threads than values, no values, every separator length up to 3.
  using T = TypeParam;
  std::mt19937_64 rng(17);
  std::vector<T> values(3000);
  for (T& v : values) v = oracle::random_value<T>(rng);
  const std::vector<T> three(values.begin(), values.begin() + 3), none;
  for_each_backend([&] {
    for (unsigned threads : {2u, 3u, 7u, 64u}) {
      if (light() && (threads == 2 || threads == 7)) continue;
      for (std::string_view sep : {std::string_view(""), std::string_view(","), std::string_view("<->")}) {
        check_join(values, sep, 1, threads);
        check_join(three, sep, 0, threads);
        check_join(none, sep, 0, threads);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  });
}

TEST(Batch, ThreadsChosenBySize) {
  // threads = 0: below 4 MB of text one thread writes, once the slices are counted (200 k bytes);
  // above, every core, each slice streaming past the caches where it passes 24 MB itself (3.5 M u32
  // with ", ": 55 MB of values and text).
  std::mt19937_64 rng(19);
  std::vector<std::uint8_t> bytes(200'000);
  for (auto& v : bytes) v = std::uint8_t(rng());
  std::vector<std::uint32_t> words(light() ? 700'000 : 3'500'000);  // (light: threads, not streaming)
  for (auto& v : words) v = std::uint32_t(rng());
  for_each_backend([&] {
    check_join(bytes, "", 3, 0);
    check_join(words, ", ", 5, 0);
  });
}

// n values of T with sep whose bytes and text together certainly pass the 24 MB from which joins
// stream (the least text is a byte a value).
// Values drawn as Narrow (for 64-bit T: runs that fit 32 bits, which take the 32-bit kernels).
template <class T, class Narrow = T> void check_streamed_join(std::string_view sep, std::size_t misalign) {
  const std::size_t n = (std::size_t(24) << 20) / (sizeof(T) + 1 + sep.size()) + 1000;
  std::mt19937_64 rng(n);
  std::vector<T> values(n);
  for (T& v : values) v = T(oracle::random_value<Narrow>(rng));
  const std::string expected = oracle::joined(values, sep);  // (once: the slow part under emulation)
  for_each_backend([&] { check_join(values, sep, misalign, 1, expected); });
}

TEST(Batch, JoinsPastTheCachesStreamExactly) {
  // Large joins are staged in L1 and leave it by whole cache lines, without the length pass: each
  // element kernel, output alignment and separator up to the 64 bytes that stream (65 do not) must
  // still come out exact, and nothing be written past the text.
  const std::string sep64(64, ';'), sep65(65, ';');
  check_streamed_join<std::int32_t>("0-0-0", 33);
  check_streamed_join<std::int64_t>(sep64, 5);
  check_streamed_join<std::uint64_t, std::uint16_t>("", 0);
  if (light()) return;
  check_streamed_join<std::int8_t>("", 0);
  check_streamed_join<std::uint16_t>(",", 7);
  check_streamed_join<std::uint32_t>("<->", 63);
  check_streamed_join<std::uint64_t>(sep65, 1);
  check_streamed_join<std::int64_t, std::int32_t>(",", 3);
}

// 64-bit values go through the 32-bit kernels a run at a time when the whole run fits 32 bits: one
// value that does not, at every position of the first runs, must send its run the 64-bit way, and
// the values at the edges of the 32-bit range must stay narrow.
template <class T> void check_runs_of_narrow_and_wide_values() {
  using N = std::conditional_t<std::is_signed_v<T>, std::int32_t, std::uint32_t>;
  std::mt19937_64 rng(sizeof(T) * 7 + std::is_signed_v<T>);
  std::vector<T> narrow(1200);
  for (T& v : narrow) v = T(oracle::random_value<N>(rng));
  narrow[3] = T(std::numeric_limits<N>::max()), narrow[700] = T(std::numeric_limits<N>::min());
  std::vector<T> wide = {T(std::uint64_t(std::numeric_limits<N>::max()) + 1), std::numeric_limits<T>::max(),
                         std::numeric_limits<T>::min()};
  if constexpr (std::is_signed_v<T>) wide.push_back(T(std::numeric_limits<N>::min()) - 1);
  for_each_backend([&] {
    for (std::size_t n : {std::size_t(15), std::size_t(16), std::size_t(511), std::size_t(512), std::size_t(513),
                          std::size_t(1024), std::size_t(1040), narrow.size()})
      check_join(std::vector<T>(narrow.begin(), narrow.begin() + std::ptrdiff_t(n)), ",", 1);
    for (std::size_t at = 0; at < 1100; at += at < 40 || (at > 490 && at < 530) ? 1 : 13) {
      std::vector<T> values = narrow;
      values[at] = wide[at % wide.size()];
      check_join(values, at % 2 ? ", " : "", at % 5);
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

TEST(Batch, SixtyFourBitRunsThatFitThirtyTwoBits) {
  check_runs_of_narrow_and_wide_values<std::int64_t>();
  check_runs_of_narrow_and_wide_values<std::uint64_t>();
}

TEST(Batch, SixtyFourBitValuesNextToMultiplesOfTenToTheEight) {
  // Kernels that split 64-bit values at 10^8 from an estimate (doubles: the AVX-512 ones) are
  // off by one exactly next to multiples of 10^8, or halfway between two (rounded to the nearest):
  // random multiples of 10^8 and of 10^16 at every magnitude, either side of them and of the halves.
  std::mt19937_64 rng(13);
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 10'000; ++i) {
    const std::uint64_t unit = i % 4 == 0 ? 10'000'000'000'000'000ull : 100'000'000ull;
    const std::uint64_t multiple = (rng() >> (rng() % 40)) / unit * unit;
    for (std::uint64_t d : {0ull, 1ull, 49'999'999ull, 50'000'000ull, 50'000'001ull, 99'999'999ull})
      values.insert(values.end(), {multiple + d, multiple - d});
  }
  std::vector<std::int64_t> signed_values(values.begin(), values.end());
  // The estimates must not follow the caller's rounding mode (one below under FE_TOWARDZERO, say).
  for (int mode : {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD}) {
    ASSERT_EQ(std::fesetround(mode), 0);
    SCOPED_TRACE(::testing::Message() << "rounding mode " << mode);
    for_each_backend([&] {
      check_join(values, ",", 0);
      check_join(signed_values, ",", 0);
    });
    std::fesetround(FE_TONEAREST);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(Batch, ThirtyTwoBitValuesAtEverySplitOfTenToTheFour) {
  // Kernels that split 32-bit values at 10^4 and then 10^8 by multiplying with reciprocals: for every
  // quotient q = x / 10^4 a 32-bit value can have, the first and last x with it (signed: negated too).
  std::vector<std::uint32_t> values;
  std::vector<std::int32_t> signed_values;
  for (std::uint64_t q = 0; q * 10'000 <= UINT32_MAX; ++q)
    for (std::uint64_t x : {q * 10'000, std::min<std::uint64_t>(q * 10'000 + 9'999, UINT32_MAX)}) {
      values.push_back(std::uint32_t(x));
      if (x <= std::uint64_t(INT32_MAX) + 1) signed_values.push_back(std::int32_t(-std::int64_t(x)));
    }
  for_each_backend([&] {
    check_join(values, ",", 0);
    check_join(signed_values, "", 3);
  });
}

// Runs of short values ([-9999, 9999]) take narrower slots than others: every short value of T, in order
// and shuffled, with every separator (those past the short slot's 3 bytes go the long way); every
// 16-bit value; and one long value (the nearest ones, and the extremes) at every position of the first
// runs, which must send its run the long way and leave the runs around it short.
template <class T> void check_short_runs() {
  constexpr long long low = std::is_signed_v<T> ? -9999 : 0;
  std::vector<T> values;
  for (long long v = low; v <= 9999; ++v) values.push_back(T(v));
  std::vector<T> shuffled = values;
  std::mt19937_64 rng(sizeof(T) * 3 + std::is_signed_v<T>);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<T> longs = {T(10000), std::numeric_limits<T>::max()};
  if constexpr (std::is_signed_v<T>) longs.insert(longs.end(), {T(-10000), std::numeric_limits<T>::min()});
  for_each_backend([&] {
    for (std::string_view sep : separators) {
      check_join(values, sep, sep.size());
      check_join(shuffled, sep, 1);
      if (::testing::Test::HasFatalFailure()) return;
    }
    if constexpr (sizeof(T) == 2) {
      std::vector<T> every(65536);
      for (std::size_t i = 0; i < every.size(); ++i) every[i] = T(std::uint16_t(i));
      check_join(every, ",", 0);
      check_join(every, "", 5);
    }
    for (std::size_t at = 0; at < 600; at += at < 40 || (at > 240 && at < 280) || at > 500 ? 1 : 7) {
      std::vector<T> mixed(shuffled.begin(), shuffled.begin() + 700);
      mixed[at] = longs[at % longs.size()];
      check_join(mixed, at % 3 ? "," : "", at % 5);
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

#if SIMDIGITS_HAS_INT128
// 128-bit values are short only as a whole: ones whose low 64 bits are short (2^64 + k, -2^64 - k) are
// not, beside short ones at every position.
template <class T> void check_short_runs_128() {
  std::vector<T> values;
  for (int k = 0; k < 64; ++k) {
    values.push_back(T(k % 7) - (simdigits::detail::is_signed<T> ? T(3) : T(0)));
    values.push_back(((T(1) << 64) + T(k)) * (simdigits::detail::is_signed<T> && k % 2 ? T(-1) : T(1)));
  }
  std::vector<T> shorts(values.size());
  for (std::size_t i = 0; i < shorts.size(); ++i) shorts[i] = T(int(i) % 9999);
  for_each_backend([&] {
    check_join(values, ",", 0);
    for (std::size_t at = 0; at < 40; ++at) {
      std::vector<T> one = shorts;
      one[at] = (T(1) << 64) + T(at);
      check_join(one, at % 2 ? "" : ",", 1);
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

#endif

TEST(Batch, ShortValuesInRuns) {
#if SIMDIGITS_HAS_INT128
  check_short_runs_128<simdigits::detail::int128>();
  check_short_runs_128<simdigits::detail::uint128>();
#endif
  check_short_runs<std::int16_t>();
  check_short_runs<std::uint16_t>();
  check_short_runs<std::int32_t>();
  check_short_runs<std::uint32_t>();
  check_short_runs<std::int64_t>();
  check_short_runs<std::uint64_t>();
}

TEST(Batch, LengthOverflowIsNpos) {
  const std::vector<int> values(3);
  const std::string_view huge(static_cast<const char*>(nullptr) + 1, simdigits::npos / 2);
  EXPECT_EQ(simdigits::formatted_length(values, huge), simdigits::npos);
}

TEST(Batch, SpansVectorsAndArraysAgree) {
  const std::vector<int> v{-3, 0, 42};
  const int a[] = {-3, 0, 42};
  std::span<const int> s(v);
  std::span<int> ms(const_cast<int*>(a), 3);
  EXPECT_EQ(simdigits::join(v), "-3,0,42");
  EXPECT_EQ(simdigits::join(a, " "), "-3 0 42");
  EXPECT_EQ(simdigits::join(s, ""), "-3042");
  EXPECT_EQ(simdigits::join(ms), "-3,0,42");
  EXPECT_EQ(simdigits::formatted_length(std::span<const int>{}), 0u);
}

// ---- ranges ----------------------------------------------------------------------------------------

std::vector<std::int64_t> python_range(std::int64_t start, std::int64_t stop, std::int64_t step) {
  std::vector<std::int64_t> values;
  if (step > 0)
    for (simdigits::detail::int128 v = start; v < stop; v += step) values.push_back(std::int64_t(v));
  else
    for (simdigits::detail::int128 v = start; v > stop; v += step) values.push_back(std::int64_t(v));
  return values;
}

void check_range(std::int64_t start, std::int64_t stop, std::int64_t step, std::string_view sep, unsigned threads = 1) {
  SCOPED_TRACE(::testing::Message() << "range(" << start << ", " << stop << ", " << step << ") sep '" << sep
                                    << "' threads " << threads);
  const std::string expected = oracle::joined(python_range(start, stop, step), sep);
  const std::size_t length = simdigits::range_length(start, stop, step, sep);
  ASSERT_EQ(length, expected.size());
  guarded buffer(length, std::size_t(start & 7));
  char* end = simdigits::concat_range(start, stop, step, sep, buffer.out(), threads);
  ASSERT_EQ(end, buffer.out() + length);
  ASSERT_EQ(buffer.text(length), expected);
  ASSERT_TRUE(buffer.guards_intact(length));
  ASSERT_EQ(simdigits::concat_range(start, stop, step, sep), expected);
}

TEST(Range, SmallRangesExhaustively) {
  const std::int64_t edge = light() ? 12 : 25;
  for_each_backend([edge] {
    for (std::int64_t start = -edge; start <= edge; ++start)
      for (std::int64_t stop = -edge; stop <= edge; ++stop)
        for (std::int64_t step : {-7, -3, -1, 1, 2, 10})
          for (std::string_view sep : separators) {
            check_range(start, stop, step, sep);
            if (::testing::Test::HasFatalFailure()) return;
          }
  });
}

TEST(Range, RandomRangesAgainstLoop) {
  std::mt19937_64 rng(3);
  for_each_backend([&] {
    for (int i = 0, n = light() ? 600 : 3000; i < n; ++i) {
      // Anchor near a random power of ten (and its negative) so ranges cross digit-length boundaries.
      std::int64_t anchor = 1;
      for (int k = int(rng() % 19); k > 0; --k) anchor *= 10;
      if (rng() & 1) anchor = -anchor;
      const std::int64_t start = anchor + std::int64_t(rng() % 2001) - 1000;
      const std::int64_t span = std::int64_t(rng() % 3000) - 1000;
      std::int64_t step = std::int64_t(rng() % 13) + 1;
      if (rng() % 3 == 0) step = std::int64_t(rng() % 100000) + 1;
      if (span < 0) step = -step;
      check_range(start, start + span * (step > 0 ? 1 : -1) * (rng() % 3 == 0 ? 50 : 1), step,
                  separators[rng() % 4]);
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

TEST(Range, ExtremesOfInt64) {
  constexpr std::int64_t max = INT64_MAX, min = INT64_MIN;
  for_each_backend([] {
    check_range(max - 50, max, 1, ",");
    check_range(min, min + 50, 1, ",");
    check_range(max, max - 50, -1, ";");
    check_range(min + 50, min, -3, "");
    check_range(min, max, max / 3, " ");
    check_range(max, min, -(max / 5), " ");
    check_range(min, max, max, ",");
    check_range(max, min, min, ",");
    check_range(-5, 5, max, ",");
  });
}

TEST(Range, ConsecutiveNumbersAcrossDecadesAndCarries) {
  // Step 1 is where backends write blocks of 100 from a template: every decade edge, every carry depth
  // of the block prefix (…99 → …00), starts and stops off block edges, and the int64 ceiling.
  for_each_backend([] {
    for (std::string_view sep : {std::string_view(""), std::string_view(","), std::string_view(" -- "),
                                 std::string_view("0123456789abcdefXYZ")}) {
      check_range(-250, 123'457, 1, sep);
      for (std::int64_t p = 1000;; p *= 10) {  // up to 10^18, without overflowing past it
        check_range(p - 20'017, p + 10'042, 1, sep);
        if (p == 1'000'000'000'000'000'000) break;
      }
      check_range(99'999'937, 100'100'003, 1, sep);
      check_range(INT64_MAX - 100'000, INT64_MAX, 1, sep);
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

TEST(Range, OutputsPastTheCachesStreamExactly) {
  // From 24 MB of text up, step-1 ranges are staged in L1 and leave it by whole cache lines: each
  // start (so each alignment of the output), decade edge and separator must still come out exact, and
  // negative numbers, more of them than the stage holds.
  const struct { std::int64_t start, stop; std::string_view sep; } ranges[] = {
      {0, 4'000'000, ""},
      {-1'000'003, 3'000'000, ""},
      {7'999'993, 12'000'017, ", "},
      {INT64_MAX - 1'500'001, INT64_MAX, "0123456789abcdef"}};
  for (const auto& r : ranges) {
    if (light() && r.start != -1'000'003) continue;  // the one with both signs
    for_each_backend([&] { check_range(r.start, r.stop, 1, r.sep); });
  }
}

TEST(Range, ThreadsWriteTheSameBytes) {
  // Each thread writes its slice from the offset the closed form gives: slices of one number, slices
  // across decade edges and signs, more threads than numbers, and 0 (the library's choice, which is
  // every core for the last range's 27 MB).
  for_each_backend([] {
    for (unsigned threads : {2u, 3u, 7u, 64u}) {
      if (light() && (threads == 2 || threads == 7)) continue;
      for (std::string_view sep : {std::string_view(""), std::string_view(","), std::string_view("<->")}) {
        check_range(0, 5, 1, sep, threads);
        check_range(-1003, 998, 1, sep, threads);
        check_range(999'999'000, 1'000'003'000, 7, sep, threads);
        check_range(5000, -5000, -13, sep, threads);
        check_range(INT64_MIN, INT64_MAX, INT64_MAX / 50, sep, threads);
        check_range(INT64_MAX - 10'000, INT64_MAX, 1, sep, threads);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
    check_range(0, 0, 1, ",", 3);
    if (light()) check_range(-400'000, 400'000, 1, ",", 0);  // past the 4 MB from which threads share a text
    else check_range(-2'000'000, 2'000'000, 1, ",", 0);
  });
  char out[4] = {'#', '#', '#', '#'};
  EXPECT_EQ(simdigits::concat_range(0, 10, 0, "", out, 2), nullptr);
  EXPECT_EQ(std::string_view(out, 4), "####");
}

TEST(Range, EveryBackendAgreesWithScalarOnMillionsOfValues) {
  // Steps other than 1 go through the per-value kernels: these ranges put every 8-digit group of the
  // SIMD conversion through many residues, each compared with the scalar backend (itself checked above).
  const struct { std::int64_t start, stop, step; } ranges[] = {
      {0, 3'000'000, 1 + 2}, {-99'999'999, 99'999'999, 97}, {0, INT64_MAX - 1000, INT64_MAX / 1'000'003},
      {INT64_MIN, 0, INT64_MAX / 700'001}, {4'294'967'295, 0, -4'297}};
  for (const auto& r : ranges) {
    ASSERT_TRUE(simdigits::set_backend("scalar"));
    const std::string expected = simdigits::concat_range(r.start, r.stop, r.step, ",");
    for_each_backend([&] { ASSERT_EQ(simdigits::concat_range(r.start, r.stop, r.step, ","), expected); });
  }
  ASSERT_TRUE(simdigits::set_backend(simdigits::available_backends().back()));
}

TEST(Range, LengthWithoutLoopingOverHugeRanges) {
  // 0..10^18-1 in closed form: sum over d of 9*10^(d-1) numbers of d digits, plus the single 0.
  std::size_t expected = 1;
  std::size_t count = 9;
  for (std::size_t d = 1; d <= 18; ++d, count *= 10) expected += d * count;
  EXPECT_EQ(simdigits::range_length(0, 1'000'000'000'000'000'000, 1, ""), expected);
  // Past std::size_t: every int64 (2^64 numbers of ~19 digits, separators included).
  EXPECT_EQ(simdigits::range_length(INT64_MIN, INT64_MAX, 1, ","), simdigits::npos);
}

TEST(Range, StepZeroIsAnError) {
  EXPECT_EQ(simdigits::range_length(0, 10, 0), simdigits::npos);
  char out[4] = {'#', '#', '#', '#'};
  EXPECT_EQ(simdigits::concat_range(0, 10, 0, "", out), nullptr);
  EXPECT_EQ(std::string_view(out, 4), "####");
  EXPECT_THROW(simdigits::concat_range(0, 10, 0), std::invalid_argument);
  EXPECT_THROW(simdigits::concat_range(INT64_MIN, INT64_MAX), std::length_error);
}

TEST(Backends, ScalarAlwaysAvailableAndSelectable) {
  const auto names = simdigits::available_backends();
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "scalar");
  EXPECT_EQ(simdigits::active_backend(), names.back());
  EXPECT_FALSE(simdigits::set_backend("no-such-backend"));
  EXPECT_EQ(simdigits::active_backend(), names.back());
  EXPECT_TRUE(simdigits::set_backend("scalar"));
  EXPECT_EQ(simdigits::active_backend(), "scalar");
  EXPECT_TRUE(simdigits::set_backend(names.back()));
  // The kernels this CPU can run are offered, so the suites above really ran them.
  auto offered = [&](std::string_view name) { return std::find(names.begin(), names.end(), name) != names.end(); };
#if defined(__aarch64__)
  EXPECT_TRUE(offered("neon"));
#elif defined(__x86_64__)
  EXPECT_EQ(offered("sse4.1"), bool(__builtin_cpu_supports("sse4.1")));
  EXPECT_EQ(offered("avx2"), bool(__builtin_cpu_supports("avx2")));
  EXPECT_EQ(offered("avx512"), bool(__builtin_cpu_supports("avx512bw")));
  EXPECT_EQ(offered("avx512vbmi2"),
            bool(__builtin_cpu_supports("avx512vbmi")) && bool(__builtin_cpu_supports("avx512vbmi2")) &&
                bool(__builtin_cpu_supports("avx512ifma")));
#endif
}

} // namespace
