// simdigits — tables as delimited text (CSV and its relatives): columns of integers, floats, strings, dates,
// times or booleans, with nulls, written row by row into memory, a file at an offset, or bounded pieces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "simdigits/batch.hpp"
#include "simdigits/spec.hpp"
#include "simdigits/temporal.hpp"

namespace simdigits {

/// Strings in Arrow's layout: string i is data[offsets[i] .. offsets[i + 1]), with 32-bit offsets
/// (Arrow's utf8) or 64-bit ones (large_utf8); `size` strings, so size + 1 offsets.
struct string_column {
  const void* offsets = nullptr;
  bool large = false;  ///< 64-bit offsets
  const char* data = nullptr;
  std::size_t size = 0;

  static string_column of(std::span<const std::int32_t> offsets, const char* data) noexcept {
    return {offsets.data(), false, data, offsets.empty() ? 0 : offsets.size() - 1};
  }
  static string_column of(std::span<const std::int64_t> offsets, const char* data) noexcept {
    return {offsets.data(), true, data, offsets.empty() ? 0 : offsets.size() - 1};
  }
};

/// Whether every byte of the strings, data[offsets[0] .. offsets[size]), is ASCII (below 0x80): a
/// table whose strings, names and texts are ASCII has ASCII text (a Python str written in place).
/// False for offsets that run backwards.
bool is_ascii(const string_column& strings) noexcept;

/// Categorical values (Arrow's dictionary arrays, pandas' categoricals, polars' Categorical): row i is
/// entry indices[i] of `entries`, each entry's text quoted once as a string field is; a negative index
/// (pandas' code -1) is a null. An index past the entries is invalid_argument.
struct dictionary_column {
  integer_column indices;
  string_column entries;
};

/// Decimals as Arrow's decimal128 and decimal256 hold them: little-endian two's complement integers of
/// `bits` (128 or 256) bits, each the value times 10^scale (scale -76..76); written with `scale` digits
/// after the point as polars writes them ("-0.05", "0.0000005"; a negative scale: the integer with that
/// many zeros), or as Python's str of a Decimal (pandas' text: "5E-7", "1E+2" where Python writes
/// exponents).
struct decimal_column {
  const void* data = nullptr;
  std::size_t size = 0;
  std::int32_t scale = 0;
  bool python = false;
  unsigned bits = 128;
};

/// Which rows of a column are null: an Arrow validity bitmap (bit `bitmap_offset + i`, least
/// significant bit first, clear when row i is null) or a byte mask (byte i nonzero when row i is null,
/// as NumPy's masked arrays keep it); both null: no nulls. Given both, a row is null when either says so.
struct null_rows {
  const std::uint8_t* bitmap = nullptr;
  std::size_t bitmap_offset = 0;
  const std::uint8_t* mask = nullptr;
};

/// A column of a table: its values (integers, floats in their column's style, strings, dates and times in
/// their style or format, booleans: temporal.hpp, categoricals, decimals), its name (the header's
/// field), its null rows, and for numbers the format spec of their fields (spec.hpp; nullptr: plain
/// decimal).
struct table_column {
  std::variant<integer_column, string_column, float_column, temporal_column, bool_column, dictionary_column, decimal_column>
      values;
  std::string_view name = {};
  null_rows nulls = {};
  const format_spec* spec = nullptr;
};

/// How a table is written. Fields are separated by `delimiter` and rows end with `terminator` (any
/// strings, the last row's too; the delimiter may be empty). String fields and names are quoted as CSV's
/// "minimal" quoting does: a field holding the delimiter, the quote character or one of `quote_chars` is
/// put in quotes, its quotes doubled (quote = '\0': never quoted). Null fields are `null_text`, as it is.
struct table_format {
  std::string_view delimiter = ",";
  std::string_view terminator = "\n";
  bool header = false;  ///< a first row of the columns' names
  std::string_view null_text = {};
  char quote = '"';
  /// The characters, besides the delimiter and the quote, that make a field quoted: CR and LF for RFC
  /// 4180 and polars; Python's csv module (so pandas) quotes for the characters of its line terminator.
  std::string_view quote_chars = "\r\n";
  bool quote_empty = false;      ///< empty strings written "" (as polars tells them from nulls)
  bool quote_empty_row = false;  ///< a row of one empty field (string or null) written "" (Python's csv)
  /// Numbers and nulls quoted as strings are when their text holds what calls for quotes (Python's csv
  /// module quotes every field so, pandas' "1,234" under sep ","); false: strings only (polars).
  bool quote_numbers = false;
};

/// The integer columns of a 2-D array of `rows` x `columns` values of `type`: value (r, c) at
/// data + r * row_stride + c * column_stride bytes (C order: row_stride = columns * item size, column
/// stride = item size; Fortran order the other way round; any strides).
std::vector<table_column> matrix_columns(const void* data, integer_type type, std::size_t rows, std::size_t columns,
                                         std::ptrdiff_t row_stride, std::ptrdiff_t column_stride);

namespace detail {
struct table_layout;  // the checked columns and format, shared by the plan's writes
struct batched_rows;
}

/// A table measured once: its exact length, then the text written into memory, a file at an offset, or
/// pieces. `threads` as for join_plan (0: the library chooses). Construction checks and measures (it
/// throws std::bad_alloc only); the plan refers to the columns' memory and the format's strings, which
/// must outlive it and not change.
class table_plan : public measured_text {
public:
  table_plan(std::span<const table_column> columns, const table_format& format, unsigned threads = 0);
  /// A table given as batches of rows, one after another, each with the same number of columns (the
  /// record batches of an Arrow stream, the partitions of a frame); the header has the first's names.
  table_plan(std::span<const std::span<const table_column>> batches, const table_format& format, unsigned threads = 0);
  ~table_plan();
  table_plan(table_plan&&) noexcept;
  table_plan& operator=(table_plan&&) noexcept;

  /// check(): invalid_argument for columns of different lengths, an unknown type, a null pointer,
  /// string offsets that run backwards, a spec on a column not of numbers, a temporal format with a
  /// directive not taken (unsupported_time_directive), batches of different widths. The
  /// number of rows (the header not counted):
  std::size_t rows() const noexcept { return starts_.back(); }

  /// Writes the text at out.data(): exactly length() bytes (out must hold them, or nothing is written).
  write_result write(std::span<char> out, memory to = memory::in_use) const noexcept;
  /// Writes the text into file `fd` from byte `offset` on by pwrite, each thread formatting its rows a
  /// buffer of about `buffer_bytes` at a time: memory stays bounded whatever the table's size.
  write_result write(int fd, std::uint64_t offset, std::size_t buffer_bytes = std::size_t(1) << 20) const noexcept;
  /// Hands the text to `sink` in order, a piece of about `piece_bytes` (whole rows) at a time.
  write_result write_pieces(const std::function<bool(std::string_view piece)>& sink,
                            std::size_t piece_bytes = std::size_t(1) << 20) const;

private:
  detail::batched_rows source() const noexcept;
  void keep_float_digits();
  void unify_time_formats();
  std::vector<std::unique_ptr<detail::table_layout>> batches_;
  std::vector<std::size_t> starts_;  // the first row of each batch, then rows()
};

/// The exact length of the table's text; npos when the arguments are invalid or it exceeds std::size_t.
std::size_t table_length(std::span<const table_column> columns, const table_format& format, unsigned threads = 0);

/// Writes the table's text at `out` (which holds table_length(...) bytes) and returns its end; nullptr
/// when the arguments are invalid (nothing written), the values changed meanwhile, or no memory was left.
char* write_table(std::span<const table_column> columns, const table_format& format, char* out,
                  unsigned threads = 0) noexcept;

/// Writes the table's text into file `fd` from byte `offset` on (pwrite by every thread, memory bounded):
/// several writers, e.g. one per partition of a cluster's data, can fill one file at offsets they add up
/// from table_length. `threads` 0: the library chooses (every core from 128 Ki rows on).
write_result write_table(std::span<const table_column> columns, const table_format& format, int fd,
                         std::uint64_t offset, unsigned threads = 0) noexcept;

} // namespace simdigits
