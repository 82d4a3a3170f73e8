// join_plan and write_string_array over every kind of integers (columns of every type, strided,
// reversed, byte-swapped and unaligned; ranges; lists with values past 64 bits), into memory with guard
// bytes, into files at offsets (past 4 GiB in a sparse file), and in pieces; on every backend, against
// the oracle.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "harness.hpp"
#include "oracle.hpp"

namespace {

using simdigits::integer_column;
using simdigits::join_plan;
using simdigits::status;

// A column's values laid out in memory as the column says: every `spread`-th slot of a byte buffer
// (reversed: last value first, read with a negative stride), byte-swapped when asked, from an odd
// address when misaligned. The slots between hold bytes that would show if read.
template <class T> struct laid_out {
  std::vector<unsigned char> bytes;
  integer_column column;

  laid_out(const std::vector<T>& values, std::size_t spread, bool reversed, bool swapped, bool misaligned) {
    const std::size_t slot = sizeof(T) * spread, start = misaligned ? 1 : 0;
    bytes.assign(start + slot * std::max<std::size_t>(values.size(), 1) + 8, 0x5a);
    for (std::size_t i = 0; i < values.size(); ++i) {
      unsigned char* at = bytes.data() + start + slot * (reversed ? values.size() - 1 - i : i);
      std::memcpy(at, &values[i], sizeof(T));
      if (swapped) std::reverse(at, at + sizeof(T));
    }
    const std::ptrdiff_t stride = std::ptrdiff_t(slot) * (reversed ? -1 : 1);
    const unsigned char* first = bytes.data() + start + (reversed && !values.empty() ? slot * (values.size() - 1) : 0);
    column = {first, values.size(), simdigits::integer_type_of<T>, stride, swapped};
  }
};

void check_plan(const simdigits::integers& values, std::string_view sep, const std::string& expected, unsigned threads) {
  const join_plan plan(values, sep, threads);
  ASSERT_EQ(plan.check(), status::ok);
  ASSERT_EQ(plan.length(), expected.size());
  guarded buffer(expected.size(), 3);
  const auto written = plan.write(std::span<char>(buffer.out(), expected.size()));
  ASSERT_EQ(written.code, status::ok);
  ASSERT_EQ(written.bytes, expected.size());
  ASSERT_EQ(buffer.text(expected.size()), expected);
  ASSERT_TRUE(buffer.guards_intact(expected.size()));
}

template <class T> std::vector<T> sample_values(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> values = oracle::boundary_values<T>();
  while (values.size() < n) values.push_back(oracle::random_value<T>(rng));
  values.resize(n);
  std::shuffle(values.begin(), values.end(), rng);
  return values;
}

template <class T> class Engine : public ::testing::Test {};
using ColumnTypes = ::testing::Types<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t,
                                     std::uint32_t, std::int64_t, std::uint64_t>;
TYPED_TEST_SUITE(Engine, ColumnTypes);

TYPED_TEST(Engine, ColumnsInEveryLayout) {
  using T = TypeParam;
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(17), std::size_t(light() ? 700 : 3000)}) {
    const std::vector<T> values = sample_values<T>(n, n);
    for (std::string_view sep : {std::string_view(""), std::string_view(","), std::string_view("-0-0-0-0")}) {
      const std::string expected = oracle::joined(values, sep);
      for_each_backend([&] {
        for (int layout = 0; layout < 16; ++layout) {
          SCOPED_TRACE(::testing::Message() << "n " << n << " sep '" << sep << "' layout " << layout);
          const laid_out<T> memory(values, layout & 1 ? 3 : 1, layout & 2, layout & 4, layout & 8);
          check_plan(memory.column, sep, expected, 1);
          check_plan(memory.column, sep, expected, 3);
        }
      });
    }
  }
}

TYPED_TEST(Engine, StringArraysOfColumns) {
  using T = TypeParam;
  const std::vector<T> values = sample_values<T>(2500, 7);
  std::string chars;
  std::vector<std::int64_t> ends{0};
  for (T v : values) ends.push_back(std::int64_t((chars += oracle::decimal(v)).size()));
  for_each_backend([&] {
    for (int layout : {0, 1, 6, 9}) {
      const laid_out<T> memory(values, layout & 1 ? 2 : 1, layout & 2, layout & 4, layout & 8);
      for (unsigned threads : {1u, 4u}) {
        ASSERT_EQ(simdigits::string_array_length(memory.column, threads), chars.size());
        guarded buffer(chars.size(), 1);
        std::vector<std::int32_t> offsets32(values.size() + 1, -1);
        auto r = simdigits::write_string_array(memory.column, std::span<char>(buffer.out(), chars.size()), offsets32, threads);
        ASSERT_EQ(r.code, status::ok);
        ASSERT_EQ(buffer.text(chars.size()), chars);
        ASSERT_TRUE(buffer.guards_intact(chars.size()));
        ASSERT_TRUE(std::equal(offsets32.begin(), offsets32.end(), ends.begin()));
        std::vector<std::int64_t> offsets64(values.size() + 1, -1);
        r = simdigits::write_string_array(memory.column, std::span<char>(buffer.out(), chars.size()), offsets64, threads);
        ASSERT_EQ(r.code, status::ok);
        ASSERT_EQ(offsets64, ends);
      }
    }
  });
}

// Under a spec the ends come from the spec's lengths: the single-value format() is the oracle.
TYPED_TEST(Engine, StringArraysUnderSpecs) {
  using T = TypeParam;
  using Wide = std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>;
  const std::vector<T> values = sample_values<T>(1500, 11);
  for (std::string_view text : {"08d", ">+7", "#x", "_b", ",", "*^12X"}) {
    const simdigits::spec_result spec = simdigits::parse_format_spec(text);
    ASSERT_TRUE(spec) << text;
    std::string chars;
    std::vector<std::int64_t> ends{0};
    for (T v : values) ends.push_back(std::int64_t((chars += simdigits::format(Wide(v), spec.spec)).size()));
    for_each_backend([&] {
      for (int layout : {0, 1, 6}) {
        const laid_out<T> memory(values, layout & 1 ? 2 : 1, layout & 2, layout & 4, layout & 8);
        for (unsigned threads : {1u, 3u}) {
          ASSERT_EQ(simdigits::string_array_length(memory.column, spec.spec, threads), chars.size());
          std::string out(chars.size(), '#');
          std::vector<std::int64_t> offsets(values.size() + 1, -1);
          ASSERT_EQ(simdigits::write_string_array(memory.column, spec.spec, out, offsets, threads).code, status::ok);
          ASSERT_EQ(out, chars) << text;
          ASSERT_EQ(offsets, ends) << text;
          std::vector<std::int32_t> offsets32(values.size() + 1, -1);
          ASSERT_EQ(simdigits::write_string_array(memory.column, spec.spec, out, offsets32, threads).code, status::ok);
          ASSERT_TRUE(std::equal(offsets32.begin(), offsets32.end(), ends.begin()));
        }
      }
    });
  }
}

// NumPy's fixed-width items: the text then NULs, as bytes and as UCS4 code points (widened in place
// by threads past min_task_items bytes: 30000 values of 21 bytes are several rounds).
TYPED_TEST(Engine, FixedWidthItemsAsNumPyHoldsThem) {
  using T = TypeParam;
  const std::vector<T> values = sample_values<T>(30000, 13);
  constexpr std::size_t width = 21;
  std::string bytes, ucs4;
  for (T v : values) {
    std::string item = oracle::decimal(v);
    item.resize(width, '\0');
    bytes += item;
    for (char ch : item) ucs4.append(1, ch).append(3, '\0');
  }
  for_each_backend([&] {
    for (int layout : {0, 1, 6}) {
      const laid_out<T> memory(values, layout & 1 ? 2 : 1, layout & 2, layout & 4, layout & 8);
      ASSERT_EQ(simdigits::value_count(memory.column), values.size());
      for (unsigned threads : {1u, 2u, 5u}) {
        std::string out(bytes.size(), '#');
        ASSERT_EQ(simdigits::write_fixed_width(memory.column, width, false, out, simdigits::memory::in_use, threads).code,
                  status::ok);
        ASSERT_EQ(out, bytes);
        std::string wide(ucs4.size(), '#');
        ASSERT_EQ(simdigits::write_fixed_width(memory.column, width, true, wide, simdigits::memory::fresh, threads).code,
                  status::ok);
        ASSERT_EQ(wide, ucs4);
      }
    }
  });
  // Too narrow for the widest value: nothing written. A buffer of the wrong size: refused.
  const std::size_t widest = oracle::decimal(std::numeric_limits<T>::min()).size();
  const auto column = simdigits::integer_column::of(std::span<const T>(values));
  const std::vector<T> extremes{std::numeric_limits<T>::min(), 1};
  std::string small(2 * (widest - 1), '#');
  EXPECT_EQ(simdigits::write_fixed_width(simdigits::integer_column::of(std::span<const T>(extremes)), widest - 1, false, small).code,
            status::too_long);
  EXPECT_EQ(small, std::string(small.size(), '#'));
  std::string wrong(bytes.size() - 1, '#');
  EXPECT_EQ(simdigits::write_fixed_width(column, width, false, wrong).code, status::invalid_argument);
  EXPECT_EQ(simdigits::value_count(simdigits::arithmetic_range{0, 10, 3}), 4u);
  EXPECT_EQ(simdigits::value_count(simdigits::arithmetic_range{0, 10, 0}), simdigits::npos);
}

TEST(Engine, RangesAsConcatRange) {
  const simdigits::arithmetic_range ranges[] = {{0, 0, 1},       {0, 1000, 1},        {-500, 500, 7},
                                                {999, -1001, -3}, {INT64_MAX - 10, INT64_MAX, 1},
                                                {INT64_MIN, INT64_MIN + 300, 1}, {0, 200000, 1}};
  for_each_backend([&] {
    for (const auto& r : ranges) {
      for (std::string_view sep : {std::string_view(""), std::string_view("\n"), std::string_view(", ")}) {
        SCOPED_TRACE(::testing::Message() << r.start << ":" << r.stop << ":" << r.step << " sep '" << sep << "'");
        const std::string expected = simdigits::concat_range(r.start, r.stop, r.step, sep);
        check_plan(r, sep, expected, 1);
        check_plan(r, sep, expected, 3);
        check_plan(r, sep, expected, 0);
      }
    }
  });
}

TEST(Engine, RangeStringArrays) {
  const simdigits::arithmetic_range r{-1234, 98765, 37};
  std::string chars;
  std::vector<std::int32_t> ends{0};
  for (std::int64_t v = r.start; v < r.stop; v += r.step) ends.push_back(std::int32_t((chars += oracle::decimal(v)).size()));
  for_each_backend([&] {
    std::string out(chars.size(), '#');
    std::vector<std::int32_t> offsets(ends.size());
    ASSERT_EQ(simdigits::write_string_array(r, out, offsets, 2).code, status::ok);
    ASSERT_EQ(out, chars);
    ASSERT_EQ(offsets, ends);
  });
}

// A list: int64 values, and wide ones (given as text) at the first, last, consecutive and scattered places.
struct wide_list {
  std::vector<std::int64_t> values;
  std::vector<std::string> texts;
  std::vector<simdigits::wide_integer> wide;
  std::vector<std::string> all;  // every value's text, in order

  explicit wide_list(std::size_t n) {
    std::mt19937_64 rng(n);
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < n; ++i)
      if (i == 0 || i == n - 1 || (i >= 5 && i <= 7) || rng() % 9 == 0) at.push_back(i);
    values.resize(n);
    for (std::size_t i = 0, k = 0; i < n; ++i) {
      if (k < at.size() && at[k] == i) {
        std::string text = std::to_string(rng() % 1000000007);
        text.append(20 + rng() % 30, '7');
        if (rng() & 1) text.insert(text.begin(), '-');
        texts.push_back(text);
        all.push_back(texts.back());
        ++k;
      } else {
        values[i] = oracle::random_value<std::int64_t>(rng);
        all.push_back(oracle::decimal(values[i]));
      }
    }
    for (std::size_t k = 0; k < at.size(); ++k) wide.push_back({at[k], texts[k]});
  }
  simdigits::integer_list list() const { return {values, wide}; }
  std::string joined(std::string_view sep) const {
    std::string s;
    for (std::size_t i = 0; i < all.size(); ++i) s += (i ? std::string(sep) : "") + all[i];
    return s;
  }
};

TEST(Engine, ListsWithValuesPastSixtyFourBits) {
  for (std::size_t n : {1, 2, 9, 5000}) {
    const wide_list l(n);
    for_each_backend([&] {
      for (std::string_view sep : {std::string_view(""), std::string_view(";"), std::string_view(" | ")}) {
        check_plan(l.list(), sep, l.joined(sep), 1);
        check_plan(l.list(), sep, l.joined(sep), 3);
      }
      std::string chars(l.joined("").size(), '#');
      std::vector<std::int64_t> offsets(n + 1), ends{0};
      for (const std::string& t : l.all) ends.push_back(ends.back() + std::int64_t(t.size()));
      ASSERT_EQ(simdigits::write_string_array(l.list(), chars, offsets, 2).code, status::ok);
      ASSERT_EQ(chars, l.joined(""));
      ASSERT_EQ(offsets, ends);
    });
  }
}

TEST(Engine, InvalidArgumentsWriteNothing) {
  const std::vector<std::int64_t> values{1, 2, 3};
  const std::string texts[] = {"123456789012345678901", "-98765432109876543210"};
  const simdigits::wide_integer unsorted[] = {{2, texts[0]}, {1, texts[1]}};
  const simdigits::wide_integer out_of_range[] = {{3, texts[0]}};
  const simdigits::integers invalid[] = {
      simdigits::arithmetic_range{0, 10, 0},
      simdigits::integer_list{values, unsorted},
      simdigits::integer_list{values, out_of_range},
      integer_column{nullptr, 4, simdigits::integer_type::i32, 4, false},
      integer_column{values.data(), 3, simdigits::integer_type(200), 8, false},
  };
  for (const auto& v : invalid) {
    const join_plan plan(v, ",");
    EXPECT_EQ(plan.check(), status::invalid_argument);
    EXPECT_EQ(plan.length(), simdigits::npos);
    std::string out(64, '#');
    EXPECT_EQ(plan.write(out).code, status::invalid_argument);
    EXPECT_EQ(out, std::string(64, '#'));
    std::vector<std::int32_t> offsets(4);
    EXPECT_EQ(simdigits::write_string_array(v, out, offsets).code, status::invalid_argument);
  }
  // Outputs too small for the text, offsets of the wrong size.
  const join_plan plan(integer_column::of(std::span(values)), ",");
  std::string small(plan.length() - 1, '#');
  EXPECT_EQ(plan.write(small).code, status::invalid_argument);
  EXPECT_EQ(small, std::string(plan.length() - 1, '#'));
  std::string chars(3, '#');
  std::vector<std::int32_t> offsets(3, -1), enough(4, -1);
  EXPECT_EQ(simdigits::write_string_array(integer_column::of(std::span(values)), chars, offsets).code, status::invalid_argument);
  EXPECT_EQ(simdigits::write_string_array(integer_column::of(std::span(values)), std::span(chars).first(2), enough).code,
            status::invalid_argument);
  EXPECT_EQ(chars, "###");
  EXPECT_EQ(offsets, std::vector<std::int32_t>(3, -1));
  EXPECT_EQ(enough, std::vector<std::int32_t>(4, -1));
}

TEST(Engine, TooLongTexts) {
  // Every int64: about 2^64 numbers of 19 digits, past std::size_t; 2^31 bytes past 32-bit offsets.
  const join_plan every(simdigits::arithmetic_range{INT64_MIN, INT64_MAX, 1}, ",");
  EXPECT_EQ(every.check(), status::too_long);
  EXPECT_EQ(every.length(), simdigits::npos);
  std::vector<std::int32_t> offsets(2);
  EXPECT_EQ(simdigits::write_string_array(simdigits::arithmetic_range{0, 300000000, 1}, std::span<char>(), offsets).code,
            status::too_long);
  // Pieces need no total length: the first ones of a text too long for memory.
  std::string first;
  const auto r = every.write_pieces([&](std::string_view piece) { return (first += piece), first.size() < 100000; }, 4096);
  EXPECT_EQ(r.code, status::stopped);
  EXPECT_EQ(first.substr(0, 41), "-9223372036854775808,-9223372036854775807");
}

TEST(Engine, ValuesThatChangeAfterMeasuring) {
  for (std::int64_t change : {std::int64_t(5), std::int64_t(123456789)}) {  // shorter, longer
    std::vector<std::int64_t> values(1000, 12345);
    const join_plan plan(integer_column::of(std::span<const std::int64_t>(values)), ",", 2);
    values[500] = change;
    std::string out(plan.length(), '#');
    EXPECT_EQ(plan.write(out).code, status::values_changed);
  }
}

TEST(Engine, PiecesInOrderAndBounded) {
  const std::vector<std::int64_t> values = sample_values<std::int64_t>(100000, 3);
  const std::string expected = oracle::joined(values, ", ");
  for (unsigned threads : {1u, 3u}) {
    const join_plan plan(integer_column::of(std::span<const std::int64_t>(values)), ", ", threads);
    std::string text;
    std::size_t largest = 0, pieces = 0;
    const auto r = plan.write_pieces([&](std::string_view piece) {
      largest = std::max(largest, piece.size());
      ++pieces;
      return (text += piece), true;
    }, 10000);
    ASSERT_EQ(r.code, status::ok);
    ASSERT_EQ(r.bytes, expected.size());
    ASSERT_EQ(text, expected);
    EXPECT_GT(pieces, 100u);
    EXPECT_LT(largest, 20000u) << "pieces of about 10000 bytes asked for";
  }
}

// A temporary file, removed at the end.
struct temporary_file {
  std::string path = "/tmp/simdigits-engine-XXXXXX";
  int fd;
  temporary_file() : fd(mkstemp(path.data())) {}
  ~temporary_file() {
    close(fd);
    unlink(path.c_str());
  }
  std::string read(std::uint64_t offset, std::size_t size) const {
    std::string s(size, '\0');
    EXPECT_EQ(pread(fd, s.data(), size, off_t(offset)), ssize_t(size));
    return s;
  }
};

TEST(Engine, FilesAtOffsetsByThreads) {
  const std::vector<std::uint32_t> values = sample_values<std::uint32_t>(300000, 11);
  const std::string expected = oracle::joined(values, "\n");
  const auto column = integer_column::of(std::span<const std::uint32_t>(values));
  for (std::uint64_t offset : {std::uint64_t(0), std::uint64_t(13), std::uint64_t(5) << 30}) {
    for (unsigned threads : {1u, 4u}) {
      SCOPED_TRACE(::testing::Message() << "offset " << offset << " threads " << threads);
      temporary_file file;
      ASSERT_GE(file.fd, 0);
      const std::string before = offset >= 12 ? "header bytes" : "";  // other bytes stay as they were
      ASSERT_EQ(pwrite(file.fd, before.data(), before.size(), 0), ssize_t(before.size()));
      const join_plan plan(column, "\n", threads);
      const auto r = plan.write(file.fd, offset, 64 << 10);  // small buffers: many pieces a slice
      ASSERT_EQ(r.code, status::ok);
      ASSERT_EQ(r.bytes, expected.size());
      struct stat st;
      ASSERT_EQ(fstat(file.fd, &st), 0);
      ASSERT_EQ(std::uint64_t(st.st_size), offset + expected.size());
      ASSERT_EQ(file.read(0, before.size()), before);
      ASSERT_EQ(file.read(offset, expected.size()), expected);
    }
  }
}

TEST(Engine, FileErrorsAreReported) {
  temporary_file file;
  const int read_only = open(file.path.c_str(), O_RDONLY);
  ASSERT_GE(read_only, 0);
  const std::vector<std::int16_t> values(5000, -123);
  const join_plan plan(integer_column::of(std::span<const std::int16_t>(values)), ",", 2);
  const auto r = plan.write(read_only, 0);
  close(read_only);
  EXPECT_EQ(r.code, status::io_error);
  EXPECT_EQ(r.error, EBADF);
}

} // namespace
