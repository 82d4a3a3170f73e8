// Tables: random tables of integer columns of every type and layout and of string columns that need
// quoting, with nulls by bitmap and by mask, headers, delimiters and terminators of any length, against
// a reference writer built on std::to_chars; into memory with guard bytes, by threads, into files at
// offsets, and in pieces; on every backend.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "harness.hpp"
#include "oracle.hpp"

namespace {

using simdigits::status;
using simdigits::table_column;
using simdigits::table_format;
using simdigits::table_plan;

// A random table and everything its columns point to.
struct random_table {
  std::vector<std::vector<unsigned char>> memory;  // values, offsets, bitmaps, masks
  std::vector<std::string> texts;                  // string data and names
  std::vector<table_column> columns;
  std::vector<std::vector<std::string>> fields;    // fields[c][r], std::nullopt-free: nulls in `null`
  std::vector<std::vector<bool>> null;

  std::vector<std::size_t> null_entries;  // rows of the last dictionary column with a negative index

  template <class T> void add_integers(std::mt19937_64& rng, std::size_t rows) {
    std::vector<T> values(rows);
    for (T& v : values) v = rng() % 3 ? oracle::random_value<T>(rng) : T(rng() % 100);
    columns.push_back({laid_out(rng, values)});
    auto& f = fields.emplace_back();
    for (T v : values) f.push_back(oracle::decimal(v));
  }

  // Values in memory as columns hold them: strided, unaligned, byte-swapped at random.
  template <class T> simdigits::integer_column laid_out(std::mt19937_64& rng, const std::vector<T>& values) {
    const std::size_t rows = values.size();
    const std::size_t spread = 1 + rng() % 3;
    const bool swapped = rng() % 4 == 0;
    auto& bytes = memory.emplace_back(rows * spread * sizeof(T) + 1, 0xa5);
    for (std::size_t r = 0; r < rows; ++r) {
      unsigned char* at = bytes.data() + 1 + r * spread * sizeof(T);  // unaligned on purpose
      std::memcpy(at, &values[r], sizeof(T));
      if (swapped) std::reverse(at, at + sizeof(T));
    }
    return {bytes.data() + 1, rows, simdigits::integer_type_of<T>, std::ptrdiff_t(spread * sizeof(T)), swapped};
  }

  // Random strings that call for quotes now and then, and their column.
  template <class Offset> simdigits::string_column strings(std::mt19937_64& rng, std::size_t rows, std::vector<std::string>& f) {
    static constexpr std::string_view pieces[] = {"a", "bc", ",", "\"", "\n", "\r", "\t", "||", ";", " ", "12", "é", "'"};
    std::string data;
    auto& bytes = memory.emplace_back((rows + 1) * sizeof(Offset), 0);
    Offset* offsets = reinterpret_cast<Offset*>(bytes.data());
    offsets[0] = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      std::string s;
      for (std::size_t k = rng() % 5; k > 0; --k) s += pieces[rng() % std::size(pieces)];
      data += s;
      f.push_back(s);
      offsets[r + 1] = Offset(data.size());
    }
    texts.push_back(data);
    return {offsets, sizeof(Offset) == 8, texts.back().data(), rows};
  }

  template <class Offset> void add_strings(std::mt19937_64& rng, std::size_t rows) {
    auto& f = fields.emplace_back();
    columns.push_back({strings<Offset>(rng, rows, f)});
  }

  // A dictionary of up to 40 entries; signed indices are -1 (a null) now and then.
  template <class Index> void add_dictionary(std::mt19937_64& rng, std::size_t rows) {
    std::vector<std::string> entries;
    const simdigits::string_column e = strings<std::int32_t>(rng, 1 + rng() % 40, entries);
    std::vector<Index> indices(rows);
    auto& f = fields.emplace_back();
    for (std::size_t r = 0; r < rows; ++r) {
      const bool none = std::is_signed_v<Index> && rng() % 6 == 0;
      indices[r] = none ? Index(-1) : Index(rng() % entries.size());
      if (none) null_entries.push_back(r);
      f.push_back(none ? std::string() : entries[std::size_t(indices[r])]);
    }
    columns.push_back({simdigits::dictionary_column{laid_out(rng, indices), e}});
  }

  // `strings` false: no string columns (dictionaries still), so that the rows are assembled from their
  // fields' texts.
  random_table(std::uint64_t seed, std::size_t rows, std::size_t ncolumns, bool strings = true) {
    std::mt19937_64 rng(seed);
    texts.reserve(2 * ncolumns + 1);  // views into them stay valid
    for (std::size_t c = 0; c < ncolumns; ++c) {
      null_entries.clear();
      const std::uint64_t kind = rng() % 12;
      switch (!strings && (kind == 5 || kind == 6) ? 11 : kind) {
      case 0: add_integers<std::int8_t>(rng, rows); break;
      case 1: add_integers<std::uint16_t>(rng, rows); break;
      case 2: add_integers<std::int32_t>(rng, rows); break;
      case 3: add_integers<std::uint32_t>(rng, rows); break;
      case 4: add_integers<std::uint64_t>(rng, rows); break;
      case 5: add_strings<std::int32_t>(rng, rows); break;
      case 6: add_strings<std::int64_t>(rng, rows); break;
      case 7: add_dictionary<std::int8_t>(rng, rows); break;
      case 8: add_dictionary<std::uint32_t>(rng, rows); break;
      default: add_integers<std::int64_t>(rng, rows); break;
      }
      std::string name = std::to_string(c);
      if (rng() % 3 == 0) name.insert(0, "col \"").append("\", x");  // needs quotes
      texts.push_back(name);
      columns.back().name = texts.back();
      auto& n = null.emplace_back(rows, false);
      for (std::size_t r : null_entries) n[r] = true;
      switch (rng() % 3) {
      case 0: {  // a bitmap starting at a random bit
        const std::size_t offset = rng() % 8;
        auto& bits = memory.emplace_back((rows + offset) / 8 + 1, 0xff);
        for (std::size_t r = 0; r < rows; ++r)
          if (rng() % 5 == 0) n[r] = true, bits[(r + offset) / 8] &= std::uint8_t(~(1u << ((r + offset) % 8)));
        columns.back().nulls = {bits.data(), offset, nullptr};
        break;
      }
      case 1: {  // a byte mask
        auto& mask = memory.emplace_back(rows + 1, 0);
        for (std::size_t r = 0; r < rows; ++r)
          if (rng() % 4 == 0) n[r] = true, mask[r] = std::uint8_t(1 + rng() % 255);
        columns.back().nulls = {nullptr, 0, mask.data()};
        break;
      }
      default: break;
      }
    }
  }
};

// Empty fields are quoted by quote_empty, or by quote_empty_row where a row has one field.
bool quotes_empty(const table_format& f, std::size_t columns) { return f.quote_empty || (f.quote_empty_row && columns == 1); }
std::string quoted(std::string_view field, const table_format& f, std::size_t columns) {
  return oracle::quoted(field, f.delimiter, f.quote, f.quote_chars, quotes_empty(f, columns));
}

std::string reference(const random_table& t, const table_format& f) {
  std::string s;
  if (t.columns.empty()) return s;
  if (f.header) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) s += (c ? std::string(f.delimiter) : "") + quoted(t.columns[c].name, f, t.columns.size());
    s += f.terminator;
  }
  for (std::size_t r = 0; r < t.fields[0].size(); ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) s += f.delimiter;
      const bool is_string = std::holds_alternative<simdigits::string_column>(t.columns[c].values) ||
                             std::holds_alternative<simdigits::dictionary_column>(t.columns[c].values);
      if (t.null[c][r] && f.quote_numbers) s += quoted(f.null_text, f, t.columns.size());
      else if (t.null[c][r]) s += f.null_text.empty() && f.quote != '\0' && f.quote_empty_row && t.columns.size() == 1
                                      ? std::string(2, f.quote) : std::string(f.null_text);
      else s += is_string || f.quote_numbers ? quoted(t.fields[c][r], f, t.columns.size()) : t.fields[c][r];
    }
    s += f.terminator;
  }
  return s;
}

void check_table(const random_table& t, const table_format& f, const std::string& expected) {
  ASSERT_EQ(simdigits::table_length(t.columns, f), expected.size());
  guarded buffer(expected.size(), 5);
  ASSERT_EQ(simdigits::write_table(t.columns, f, buffer.out()), buffer.out() + expected.size());
  ASSERT_EQ(buffer.text(expected.size()), expected);
  ASSERT_TRUE(buffer.guards_intact(expected.size()));
  for (unsigned threads : {2u, 5u}) {
    const table_plan plan(t.columns, f, threads);
    ASSERT_EQ(plan.length(), expected.size());
    std::string out(expected.size(), '#');
    ASSERT_EQ(plan.write(out).code, status::ok);
    ASSERT_EQ(out, expected);
    std::string pieces;
    ASSERT_EQ(plan.write_pieces([&](std::string_view p) { return (pieces += p), true; }, 333).code, status::ok);
    ASSERT_EQ(pieces, expected);
  }
}
void check_table(const random_table& t, const table_format& f) { check_table(t, f, reference(t, f)); }

const table_format formats[] = {
    {",", "\n", true, "", '"'},        {"\t", "\r\n", false, "NA", '"'}, {"||", "\n", true, "null", '\''},
    {";", "", true, "", '"'},          {",", "\n", true, "", '\0'},      {", ", "<end>\n", false, "-", '"'},
    {"", "", true, "", '"'},
};

// The writers' dialects: pandas (Python's csv: quotes for the terminator's characters, a lone empty
// field quoted, numbers and nulls quoted as strings are) and polars (empty strings quoted). Quoting
// does not depend on the backend. Delimiters, quotes and null texts that numbers hold call for quotes
// in numbers' fields.
const table_format dialects[] = {
    {",", "\r\n", true, "", '"', "\r\n", false, true},
    {"\t", "\n", true, "", '\'', "\n", false, true},
    {";", "\n", true, "", '"', "\r\n", true, false},
    {",", "\n", true, "NA", '"', "\r\n", true, true},
    {",", "\n", true, "", '"', "\n", false, true, true},
    {"5", "\n", true, "a,5", '"', "\n", false, true, true},
    {"-", "\r\n", false, "", '7', "\r\n", false, true, true},
    {"1|", "\n", true, "-", '"', "\n", true, false, true},
    {"5", "\n", true, "a,5", '"', "\n", false, true, false},
};

TEST(Table, RandomTablesAgainstReference) {
  std::uint64_t seed = 1;
  const std::size_t sizes[] = {0, 1, 7, 300, 600, 2100};
  for (std::size_t rows : std::span(sizes, light() ? 4 : 6)) {
    for (std::size_t ncolumns : {0, 1, 2, 5, 9}) {
      const random_table t(seed++, rows, ncolumns);
      std::vector<std::string> expected;  // (the reference once: it is the slow part under emulation)
      for (const table_format& f : formats) expected.push_back(reference(t, f));
      for_each_backend([&] {
        for (std::size_t k = 0; k < std::size(formats); ++k) {
          const table_format& f = formats[k];
          SCOPED_TRACE(::testing::Message() << "rows " << rows << " columns " << ncolumns << " delimiter '"
                                            << f.delimiter << "' header " << f.header);
          check_table(t, f, expected[k]);
        }
      });
    }
  }
}

// Tables of numbers and dictionaries over several blocks of rows, assembled from their fields' texts by
// fixed-size moves (a last block in its exact room field by field; delimiters and terminators too
// long for those moves, and the rows of every table, field by field), in the light runs too.
TEST(Table, RowsAssembledFromFieldTexts) {
  // (light runs: one size and width, the first two formats besides the long separators)
  std::vector<table_format> assembled(std::begin(formats), light() ? std::begin(formats) + 2 : std::end(formats));
  assembled.push_back({"<a delimiter of 20 >", "\n", true, "", '"'});
  assembled.push_back({",", "<a terminator of 21>\n", false, "NA", '"'});
  const std::size_t sizes[] = {1100, 1537}, widths[] = {3, 5, 1, 6};
  std::uint64_t seed = 100;
  for (std::size_t rows : std::span(sizes, light() ? 1 : 2)) {
    for (std::size_t ncolumns : std::span(widths, light() ? 1 : 4)) {
      const random_table t(seed++, rows, ncolumns, false);
      for_each_backend([&] {
        for (const table_format& f : assembled) {
          SCOPED_TRACE(::testing::Message() << "rows " << rows << " columns " << ncolumns << " delimiter '" << f.delimiter << "'");
          check_table(t, f);
        }
      });
    }
  }
}

// Rows [from, from + count) of a column, as a batch of a larger table holds them.
table_column rows_of(table_column c, std::size_t from, std::size_t count) {
  auto* ints = std::get_if<simdigits::integer_column>(&c.values);
  if (auto* d = std::get_if<simdigits::dictionary_column>(&c.values)) ints = &d->indices;
  if (ints) {
    ints->data = static_cast<const char*>(ints->data) + std::ptrdiff_t(from) * ints->stride;
    ints->size = count;
  } else {
    auto& s = std::get<simdigits::string_column>(c.values);
    s.offsets = static_cast<const char*>(s.offsets) + from * (s.large ? 8 : 4);
    s.size = count;
  }
  if (c.nulls.mask) c.nulls.mask += from;
  c.nulls.bitmap_offset += from;
  return c;
}

TEST(Table, BatchesMakeOneTable) {
  const random_table t(7, 3000, 4);
  std::vector<table_format> all(std::begin(formats), std::end(formats));
  all.insert(all.end(), std::begin(dialects), std::end(dialects));
  for (const table_format& f : all) {
    const std::string expected = reference(t, f);
    for (std::size_t cuts : {1, 2, 5}) {
      if (light() && cuts != 5) continue;
      std::vector<std::vector<table_column>> parts;
      std::vector<std::span<const table_column>> batches;
      std::size_t from = 0;
      for (std::size_t b = 0; b < cuts + 1; ++b) {  // an empty batch among them
        const std::size_t to = b == cuts ? 3000 : b * b * 3000 / (cuts * cuts);
        auto& part = parts.emplace_back();
        for (const table_column& c : t.columns) part.push_back(rows_of(c, from, to - from));
        from = to;
      }
      for (const auto& part : parts) batches.push_back(part);
      for (unsigned threads : {1u, 3u}) {
        const table_plan plan(batches, f, threads);
        ASSERT_EQ(plan.rows(), 3000u);
        ASSERT_EQ(plan.length(), expected.size());
        std::string out(expected.size(), '#'), pieces;
        ASSERT_EQ(plan.write(out).code, status::ok);
        ASSERT_EQ(out, expected) << "cuts " << cuts;
        ASSERT_EQ(plan.write_pieces([&](std::string_view p) { return (pieces += p), true; }, 1000).code, status::ok);
        ASSERT_EQ(pieces, expected);
      }
    }
  }
  const table_plan none(std::span<const std::span<const table_column>>(), table_format{}, 2);
  EXPECT_EQ(none.length(), 0u);
  std::string nothing;
  EXPECT_EQ(none.write(nothing).code, status::ok);
  std::vector<table_column> narrow(t.columns.begin(), t.columns.begin() + 2);
  const std::span<const table_column> mismatched[] = {t.columns, narrow};
  EXPECT_EQ(table_plan(mismatched, table_format{}).check(), status::invalid_argument);
}

TEST(Table, DialectsAgainstReference) {
  std::uint64_t seed = 100;
  for (std::size_t rows : {0, 1, 7, light() ? 150 : 600}) {
    for (std::size_t ncolumns : {1, 2, 5}) {
      const random_table t(seed++, rows, ncolumns);
      for (const table_format& f : dialects) {
        SCOPED_TRACE(::testing::Message() << "rows " << rows << " columns " << ncolumns << " delimiter '"
                                          << f.delimiter << "' quote_empty " << f.quote_empty);
        check_table(t, f);
      }
    }
  }
}

TEST(Table, MatricesInCAndFortranOrder) {
  constexpr std::size_t rows = 1000, columns = 7;
  std::mt19937_64 rng(5);
  std::vector<std::int64_t> c_order(rows * columns), fortran(rows * columns);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c)
      c_order[r * columns + c] = fortran[c * rows + r] = oracle::random_value<std::int64_t>(rng);
  std::string expected;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c) expected += oracle::decimal(c_order[r * columns + c]) + (c + 1 < columns ? " " : "\n");
  const table_format f{" ", "\n"};
  // Terminators longer and shorter than the delimiter (JSON rows, CRLF, none), under a spec or not.
  const simdigits::spec_result spec = simdigits::parse_format_spec("+05");
  for (const auto& [delimiter, terminator] : {std::pair{",", "],["}, {",", "\r\n"}, {", ", ""}, {"", "\n"}}) {
    for (const simdigits::format_spec* s : {static_cast<const simdigits::format_spec*>(nullptr), &spec.spec}) {
      std::string want;
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < columns; ++c) {
          const std::int64_t v = c_order[r * columns + c];
          want += s ? simdigits::format(v, *s) : oracle::decimal(v);
          want += c + 1 < columns ? delimiter : terminator;
        }
      auto cols = simdigits::matrix_columns(c_order.data(), simdigits::integer_type::i64, rows, columns, columns * 8, 8);
      for (auto& c : cols) c.spec = s;
      const table_format g{delimiter, terminator};
      for (unsigned threads : {1u, 3u}) {
        const table_plan plan(cols, g, threads);
        std::string out(plan.length(), '#');
        ASSERT_EQ(plan.write(out).code, status::ok);
        ASSERT_EQ(out, want) << "terminator '" << terminator << "'";
      }
    }
  }
  const auto by_rows = simdigits::matrix_columns(c_order.data(), simdigits::integer_type::i64, rows, columns, columns * 8, 8);
  const auto by_columns = simdigits::matrix_columns(fortran.data(), simdigits::integer_type::i64, rows, columns, 8, rows * 8);
  // The same C-order matrix from an odd address: read where it lies, as any unaligned column.
  std::vector<unsigned char> bytes(c_order.size() * 8 + 1);
  std::memcpy(bytes.data() + 1, c_order.data(), c_order.size() * 8);
  const auto unaligned = simdigits::matrix_columns(bytes.data() + 1, simdigits::integer_type::i64, rows, columns, columns * 8, 8);
  for (const auto& cols : {by_rows, by_columns, unaligned}) {
    std::string out(simdigits::table_length(cols, f), '#');
    ASSERT_EQ(simdigits::write_table(cols, f, out.data(), 2), out.data() + out.size());
    ASSERT_EQ(out, expected);
  }
}

TEST(Table, FilesAtOffsets) {
  const random_table t(99, 40000, 6);
  const table_format f{",", "\n", true, "NA"};
  const std::string expected = reference(t, f);
  for (std::uint64_t offset : {std::uint64_t(0), std::uint64_t(4) << 30 | 7}) {
    for (unsigned threads : {1u, 3u}) {
      std::string path = "/tmp/simdigits-table-XXXXXX";
      const int fd = mkstemp(path.data());
      ASSERT_GE(fd, 0);
      const auto r = simdigits::write_table(t.columns, f, fd, offset, threads);
      std::string back(expected.size(), '\0');
      const ssize_t read = pread(fd, back.data(), back.size(), off_t(offset));
      close(fd);
      unlink(path.c_str());
      ASSERT_EQ(r.code, status::ok);
      ASSERT_EQ(r.bytes, expected.size());
      ASSERT_EQ(read, ssize_t(expected.size()));
      ASSERT_EQ(back, expected);
    }
  }
}

TEST(Table, InvalidTablesWriteNothing) {
  const std::vector<std::int32_t> three{1, 2, 3}, two{1, 2};
  const std::int32_t backwards[] = {0, 4, 2};
  const char data[] = "abcd";
  const table_column mismatched[] = {{simdigits::integer_column::of(std::span(three))},
                                     {simdigits::integer_column::of(std::span(two))}};
  const table_column bad_type[] = {{simdigits::integer_column{three.data(), 3, simdigits::integer_type(9), 4}}};
  const table_column bad_offsets[] = {{simdigits::string_column::of(std::span(backwards), data)}};
  const table_column null_data[] = {{simdigits::integer_column{nullptr, 3, simdigits::integer_type::i32, 4}}};
  const std::int32_t entry_offsets[] = {0, 1, 2}, entries_backwards[] = {0, 2, 1};
  const std::vector<std::uint8_t> past_entries{0, 1, 2};  // 2 entries
  const std::vector<std::int64_t> far_past{0, std::int64_t(1) << 40};
  const table_column bad_index[] = {{simdigits::dictionary_column{simdigits::integer_column::of(std::span(past_entries)),
                                                                  simdigits::string_column::of(std::span(entry_offsets), data)}}};
  const table_column far_index[] = {{simdigits::dictionary_column{simdigits::integer_column::of(std::span(far_past)),
                                                                  simdigits::string_column::of(std::span(entry_offsets), data)}}};
  const table_column bad_entries[] = {{simdigits::dictionary_column{
      simdigits::integer_column::of(std::span(two)), simdigits::string_column::of(std::span(entries_backwards), data)}}};
  for (std::span<const table_column> columns :
       {std::span<const table_column>(mismatched), std::span<const table_column>(bad_type),
        std::span<const table_column>(bad_offsets), std::span<const table_column>(null_data),
        std::span<const table_column>(bad_index), std::span<const table_column>(far_index),
        std::span<const table_column>(bad_entries)}) {
    const table_plan plan(columns, table_format{});
    EXPECT_EQ(plan.check(), status::invalid_argument);
    EXPECT_EQ(simdigits::table_length(columns, table_format{}), simdigits::npos);
    char out[64];
    std::memset(out, '#', sizeof out);
    EXPECT_EQ(simdigits::write_table(columns, table_format{}, out), nullptr);
    EXPECT_EQ(std::string_view(out, sizeof out), std::string(sizeof out, '#'));
  }
}

// is_ascii looks at the strings' bytes alone, every one of them: a byte of 0x80 and up at each place of
// a text of every length around the words and runs it reads at a time, in 32- and 64-bit offsets, and
// outside the strings (not looked at).
TEST(Table, StringsFoundAsciiOrNot) {
  for (const std::size_t length : {0, 1, 7, 8, 9, 63, 64, 65, 200, 4095, 4096, 4097, 9000}) {
    const std::size_t before = 3, after = 5;
    std::string data(before + length + after, 'a');
    data[0] = data[data.size() - 1] = char(0xC3);  // outside: not the strings' bytes
    const std::int32_t narrow[] = {std::int32_t(before), std::int32_t(before + length / 2), std::int32_t(before + length)};
    const std::int64_t wide[] = {std::int64_t(before), std::int64_t(before + length)};
    const simdigits::string_column columns[] = {simdigits::string_column::of(std::span(narrow), data.data()),
                                                simdigits::string_column::of(std::span(wide), data.data())};
    for (const simdigits::string_column& strings : columns) {
      EXPECT_TRUE(simdigits::is_ascii(strings)) << length;
      for (std::size_t i = 0; i < length; ++i) {
        for (const unsigned char c : {0x80, 0xFF}) {
          data[before + i] = char(c);
          ASSERT_FALSE(simdigits::is_ascii(strings)) << length << " " << i;
        }
        data[before + i] = char(0x7F);
        ASSERT_TRUE(simdigits::is_ascii(strings)) << length << " " << i;
        data[before + i] = 'a';
      }
    }
  }
  const std::int32_t backwards[] = {4, 2};
  EXPECT_FALSE(simdigits::is_ascii(simdigits::string_column::of(std::span(backwards), "abcd")));
  EXPECT_TRUE(simdigits::is_ascii(simdigits::string_column{}));
}

} // namespace

namespace {

__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;

TEST(Table, DecimalsAsPolarsAndPythonWriteThem) {
  std::mt19937_64 rng(41);
  for (int scale : {0, 1, 2, 6, 7, 8, 18, 19, 20, 38, -1, -5, -38, 76, -76}) {
    std::vector<i128> values;
    for (int i = 0; i < 600; ++i) {
      i128 v = static_cast<i128>(static_cast<u128>(rng()) << 64 | rng());
      switch (i % 6) {
      case 0: v >>= rng() % 127; break;  // any width
      case 1: v = i128(std::int64_t(rng()) % 1000); break;
      case 2: v = 0; break;
      default: break;
      }
      values.push_back(v);
    }
    values.push_back(static_cast<i128>(static_cast<u128>(1) << 127));  // the most negative
    for (bool python : {false, true}) {
      std::string expected;
      std::vector<std::uint8_t> mask(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        mask[i] = i % 11 == 3;
        expected += (mask[i] ? std::string("NA") : oracle::scaled_decimal(values[i], scale, python)) + "\n";
      }
      table_column column{simdigits::decimal_column{values.data(), values.size(), scale, python}};
      column.nulls.mask = mask.data();
      table_format format;
      format.null_text = "NA";
      const table_plan plan(std::span<const table_column>(&column, 1), format, 2);
      ASSERT_EQ(plan.check(), status::ok);
      std::string out(plan.length(), '#');
      ASSERT_TRUE(plan.write(out));
      EXPECT_EQ(out, expected) << scale << " " << python;
    }
  }
  const i128 one[2] = {1, 0};
  for (int bad : {77, -77}) {
    const table_column column{simdigits::decimal_column{&one, 1, bad}};
    EXPECT_EQ(simdigits::table_length(std::span<const table_column>(&column, 1), table_format{}), simdigits::npos);
  }
  for (unsigned bad : {0u, 64u, 127u, 512u}) {
    const table_column column{simdigits::decimal_column{&one, 1, 0, false, bad}};
    EXPECT_EQ(simdigits::table_length(std::span<const table_column>(&column, 1), table_format{}), simdigits::npos);
  }
}

// The 256-bit two's complement integer (words least significant first) of a decimal text.
std::array<std::uint64_t, 4> words_of(std::string_view text) {
  const bool negative = text[0] == '-';
  std::array<std::uint64_t, 4> words{};
  for (char c : text.substr(negative)) {
    u128 carry = u128(c - '0');
    for (std::uint64_t& w : words) {
      const u128 x = u128(w) * 10 + carry;
      w = std::uint64_t(x), carry = x >> 64;
    }
  }
  if (negative) {  // 0 - magnitude
    u128 borrow = 0;
    for (std::uint64_t& w : words) {
      const u128 x = u128(0) - w - borrow;
      w = std::uint64_t(x), borrow = (x >> 64) != 0;
    }
  }
  return words;
}

// Decimal256 values are given as their texts (of up to 76 digits, and both ends of 256 bits: 2^255 by
// doubling), their bits made from the text.
TEST(Table, Decimal256AsPolarsAndPythonWriteThem) {
  std::string power = "1";  // 2^255
  for (int i = 0; i < 255; ++i) {
    int carry = 0;
    for (auto d = power.rbegin(); d != power.rend(); ++d) {
      const int x = (*d - '0') * 2 + carry;
      *d = char('0' + x % 10), carry = x / 10;
    }
    if (carry) power.insert(power.begin(), char('0' + carry));
  }
  std::string most = power;
  --most.back();  // (2^255 ends in 8)
  std::vector<std::string> texts = {"0", "1", "-1", most, "-" + power, "-" + most, "10000000000000000000",
                                    "-340282366920938463463374607431768211456", "340282366920938463463374607431768211455",
                                    "18446744073709551616", "-18446744073709551615"};
  std::mt19937_64 rng(43);
  for (int i = 0; i < 500; ++i) {
    std::string t = rng() % 2 ? "-" : "";
    const std::size_t digits = 1 + rng() % 76;
    t += char('1' + rng() % 9);
    for (std::size_t k = 1; k < digits; ++k) t += char('0' + rng() % 10);
    if (rng() % 5 == 0) std::fill(t.end() - std::ptrdiff_t(std::min<std::size_t>(digits - 1, 1 + rng() % 40)), t.end(), '0');
    texts.push_back(t);
  }
  std::vector<std::array<std::uint64_t, 4>> words;
  for (const std::string& t : texts) words.push_back(words_of(t));
  for (int scale : {0, 2, 19, 38, 39, 76, -1, -40, -76})
    for (bool python : {false, true}) {
      std::string expected;
      for (const std::string& t : texts) expected += oracle::scaled_decimal(t, scale, python) + "\n";
      const table_column column{simdigits::decimal_column{words.data(), words.size(), scale, python, 256}};
      const table_plan plan(std::span<const table_column>(&column, 1), table_format{}, 3);
      ASSERT_EQ(plan.check(), status::ok);
      std::string out(plan.length(), '#');
      ASSERT_TRUE(plan.write(out));
      EXPECT_EQ(out, expected) << scale << " " << python;
    }
}

} // namespace
