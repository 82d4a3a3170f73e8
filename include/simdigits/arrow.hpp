// simdigits — Arrow's C data interface: the record batches of an Arrow stream (pyarrow, polars, pandas,
// DuckDB, ...) read as table columns, without Arrow's libraries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/table.hpp"

// The ABI structs, as https://arrow.apache.org/docs/format/CDataInterface.html defines them (guarded so
// that a program including Arrow's own definitions sees one copy).
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
extern "C" {
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};
struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
}
#endif
#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
extern "C" {
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
}
#endif

namespace simdigits {

/// How an Arrow stream's columns other than integers and strings are written (temporal.hpp).
struct arrow_styles {
  std::optional<float_style> floats = float_style::cpp;  ///< none: float columns are refused as not supported
  temporal_style times = temporal_style::iso;             ///< dates, timestamps, times of day
  std::string_view true_text = "true", false_text = "false";  ///< booleans
  bool python_decimals = false;  ///< decimals as Python's str of a Decimal (pandas, Arrow's cast), else as polars
};

/// The record batches of an Arrow stream, read to its end and kept (released with this object), each as
/// the columns of a table_plan. Columns of integers of any width, floats (halffloat, float, double),
/// strings (utf8, large_utf8 and utf8_view, whose strings are copied into one buffer), booleans, dates
/// (date32, date64), timestamps (their time zones' names kept), times of day (time32, time64), durations
/// (but in the iso style), decimal128, of Arrow's null type (every row null), and dictionaries of any of
/// these (each entry formatted once), with their validity bitmaps. The stream itself stays its owner's
/// to release.
class arrow_batches {
public:
  /// `floats`: the style float columns are written in, or none to refuse them as not supported.
  explicit arrow_batches(ArrowArrayStream& stream, std::optional<float_style> floats = float_style::cpp)
      : arrow_batches(stream, arrow_styles{floats}) {}
  /// The styles' texts must outlive this object.
  arrow_batches(ArrowArrayStream& stream, const arrow_styles& styles);
  ~arrow_batches();
  arrow_batches(const arrow_batches&) = delete;
  arrow_batches& operator=(const arrow_batches&) = delete;

  /// ok; invalid_argument when the stream is not of record batches or holds a column of a type not
  /// supported (error() names the column and its type); io_error when the stream failed (error() has
  /// its message).
  status check() const noexcept { return status_; }
  const std::string& error() const noexcept { return error_; }

  /// The columns' names and Arrow format strings ("l" int64, "u" utf8, ...; see the Arrow docs).
  const std::vector<std::string>& names() const noexcept { return names_; }
  /// Each batch's columns, for table_plan's batches.
  std::span<const std::span<const table_column>> batches() const noexcept { return spans_; }

private:
  struct owned_strings {  // a utf8_view column made contiguous, a dictionary's entries formatted, or nulls made
    std::vector<std::int64_t> offsets;
    std::string data;
    std::vector<std::uint8_t> nulls;
  };
  status read_batch(const ArrowArray& batch, std::vector<table_column>& out);
  status read_column(std::string_view format, std::string_view entries_format, const ArrowArray& array,
                     std::size_t offset, std::size_t rows, table_column& column);
  status read_dictionary(std::string_view format, std::string_view entries_format, const ArrowArray& array,
                         std::size_t offset, std::size_t rows, table_column& column);
  status fail(status code, std::string message);

  ArrowSchema schema_{};
  std::vector<ArrowArray> arrays_;
  std::vector<std::string> names_;
  std::vector<std::string> formats_;
  std::vector<std::string> dictionary_formats_;  // by column: its entries' format, empty when not a dictionary
  arrow_styles styles_;
  std::vector<std::vector<table_column>> columns_;
  std::vector<std::span<const table_column>> spans_;
  std::vector<std::unique_ptr<owned_strings>> strings_;
  status status_ = status::ok;
  std::string error_;
};

/// A readable name of an Arrow format string ("l" -> "int64", "tsu:UTC" -> "timestamp[us, tz=UTC]").
std::string arrow_type_name(std::string_view format);

} // namespace simdigits
