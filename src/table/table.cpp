// Tables as delimited text: the rows of table.hpp as a source of the engine (plan.hpp). Integer tables
// of one type, one spec and no nulls are written as one join of their values in row order (read in
// place from a C-order matrix, or gathered a block of rows at a time); others a block of rows at a
// time, each integer column through the batch kernels into a scratch text with every value's end,
// then assembled row by row from each field's text by fixed-size moves (or, with strings and quoted
// fields, field by field: delimiters, quoting, nulls).
#include "simdigits/table.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "../engine/plan.hpp"
#include "../engine/values.hpp"
#include "../spec/spec_values.hpp"
#include "decimal_values.hpp"
#include "null_rows.hpp"
#include "temporal_values.hpp"

namespace simdigits {

namespace detail {

// Rows formatted together: their scratch texts stay in L1/L2 between formatting and assembly.
inline constexpr std::size_t block_rows = 512;
// Values formatted together in dense tables (see table_layout).
inline constexpr std::size_t block_values = 4096;
// Bytes readable past every scratch text, so that a short field is copied with one fixed-size move.
inline constexpr std::size_t copy_slack = 32;

inline std::size_t item_size(integer_type type) noexcept { return std::size_t(1) << (std::size_t(type) / 2); }


// ---- string fields and CSV quoting ----------------------------------------------------------------------

struct string_at {
  const string_column& c;
  std::size_t start(std::size_t i) const noexcept {
    return c.large ? std::size_t(static_cast<const std::int64_t*>(c.offsets)[i])
                   : std::size_t(static_cast<const std::int32_t*>(c.offsets)[i]);
  }
  std::string_view operator[](std::size_t i) const noexcept {
    const std::size_t from = start(i);
    return {c.data + from, start(i + 1) - from};
  }
};

// When fields are quoted (table_format): the bytes that call for quotes, and the empty-field rules.
struct quoting {
  char quote = '\0';
  std::string_view delimiter;  // looked for as a whole when longer than a byte
  bool special[256] = {};
  bool empty = false;  // empty strings are quoted

  quoting() = default;
  quoting(const table_format& f, std::size_t columns) : quote(f.quote), delimiter(f.delimiter) {
    if (quote == '\0') return;
    special[std::uint8_t(quote)] = true;
    for (char ch : f.quote_chars) special[std::uint8_t(ch)] = true;
    if (delimiter.size() == 1) special[std::uint8_t(delimiter[0])] = true;
    empty = f.quote_empty || (f.quote_empty_row && columns == 1);
  }
  bool needs(std::string_view field) const noexcept {
    if (quote == '\0') return false;
    if (field.empty()) return empty;
    for (char ch : field)
      if (special[std::uint8_t(ch)]) return true;
    return delimiter.size() > 1 && field.find(delimiter) != std::string_view::npos;
  }
  std::size_t length(std::string_view field) const noexcept {
    if (!needs(field)) return field.size();
    return field.size() + 2 + std::size_t(std::count(field.begin(), field.end(), quote));
  }
  // Writes the field, quoted when it needs to be; nullptr when it does not fit.
  char* put(char* p, char* end, std::string_view field) const noexcept {
    if (!needs(field)) return put_bytes(p, end, field);
    if (std::size_t(end - p) < length(field)) return nullptr;
    *p++ = quote;
    for (char ch : field) {
      *p++ = ch;
      if (ch == quote) *p++ = ch;
    }
    *p++ = quote;
    return p;
  }
};

// A dictionary column's entries, each written once as its field (quoted where needed), one after another,
// copy_slack bytes of padding after the last.
struct entry_fields {
  std::string text;
  std::vector<std::size_t> starts;  // entry k is text[starts[k], starts[k + 1])
  std::string_view operator[](std::size_t k) const noexcept { return {text.data() + starts[k], starts[k + 1] - starts[k]}; }
};

// Calls f(row, entry) for rows [from, from + count) of a dictionary column's indices, the entry npos for
// a negative index (a null).
template <class F> void for_each_entry(const integer_column& indices, std::size_t from, std::size_t count, F&& f) {
  with_integer_type(indices.type, [&](auto tag) {
    using E = typename decltype(tag)::type;
    const column_values<E> v{static_cast<const char*>(indices.data), indices.stride, indices.byte_swapped};
    std::size_t row = from;
    v.for_each_run(from, count, [&](const E* p, std::size_t k) {
      for (std::size_t j = 0; j < k; ++j) {
        std::size_t entry = std::size_t(p[j]);
        if constexpr (std::is_signed_v<E>) entry = p[j] < 0 ? npos : entry;
        else entry = entry == npos ? npos - 1 : entry;  // past every dictionary, not a null
        f(row + j, entry);
      }
      row += k;
      return true;
    });
  }, integer_types{});
}

// Strings and dictionaries: fields copied as they are (quoted where needed), not formatted.
inline bool is_text(const table_column& c) noexcept {
  return std::holds_alternative<string_column>(c.values) || std::holds_alternative<dictionary_column>(c.values);
}

struct table_layout {
  std::vector<table_column> columns;
  std::vector<std::unique_ptr<spec_layout>> specs;  // by column: null for plain decimal (and strings)
  std::vector<std::shared_ptr<std::byte[]>> float_parts;  // by column: a float column's digits, kept
                                                          // from measuring to writing (or null)
  std::vector<time_format> times;  // by column: a temporal column's compiled format
  std::vector<time_unit> finest;   // by column: a temporal column's finest value (pandas' default format)
  std::vector<entry_fields> entries;  // by column: a dictionary column's entries as fields
  std::vector<std::shared_ptr<const zone_rules>> zones;  // by column: a temporal column's time zone, if any
  std::vector<char> inside;  // by column: a temporal column's non-null values all in its fixed width's years
  std::vector<char> whole_days;  // by column: a timestamp column's non-null values all midnights, no zone
  table_format format;
  quoting quotes;
  std::string null_field;  // what a null is written as: null_text, quoted when a lone empty field must be
  std::string header;  // the header row, terminator included (empty without one)
  std::size_t rows = 0;
  std::size_t row_bytes = 0;  // the delimiters and terminator of every row
  // Dense: the values are one C-order matrix (row r's values one after another, rows one after
  // another: the columns of matrix_columns), of one native-order type, without nulls, under one spec
  // (or none). The rows are then the matrix joined by the delimiter, each row's last delimiter
  // replaced by the terminator.
  bool dense = false;
  integer_column flat{};       // the matrix as one column, when dense
  const spec_layout* flat_spec = nullptr;  // its spec, if any (dense or gathered)
  // Gathered: the same but for the layout (columns apart, as DataFrames and Arrow hold them, or any
  // strides): each block of rows is gathered row by row into a buffer, then written as a dense one.
  bool gathered = false;
  // By column: a number column whose fields may call for quotes (quote_numbers, and a character its
  // text can hold is one that calls for them): each field is then written, looked at and quoted as a
  // string field is, in the length pass too.
  std::vector<char> checked;
};

// ---- lengths -------------------------------------------------------------------------------------------

// The text of column c's fields in rows [from, from + count).
// Temporal column i's values (not a duration's) under its compiled format and zone.
inline temporal_values temporal_values_of(const table_layout& t, std::size_t i) noexcept {
  temporal_values v(std::get<temporal_column>(t.columns[i].values), t.times[i], t.zones[i].get());
  v.inside = t.inside[i];
  v.whole_days = t.whole_days[i];
  return v;
}

// f(from, count) of each slice of n rows, on threads, a slice each (one slice for fewer rows than a
// task takes, as a stream's batches have): the slices' results, in order. (Not bool results: a
// vector<bool> packs them into bits that the threads would share.)
template <class F> auto by_slices(std::size_t n, unsigned threads, const F& f) {
  const std::size_t tasks = n < min_task_items ? 1 : task_count(n, threads);
  std::vector<decltype(f(std::size_t(0), std::size_t(0)))> results(tasks);
  run_tasks(tasks, [&](std::size_t k) {
    const std::size_t from = slice_start(n, tasks, k);
    results[k] = f(from, slice_start(n, tasks, k + 1) - from);
  });
  return results;
}

// Whether every value of temporal column i (of `rows`) but the nulls lies in its format's fixed-width
// years (one scan on threads, so that measuring and each block's write need none).
bool all_inside(const table_layout& t, std::size_t i, std::size_t rows, unsigned threads) {
  const temporal_values v = temporal_values_of(t, i);
  const time_format& f = *v.format;
  if (f.layout.empty() && (f.per_value || (!f.date && v.zone == nullptr))) return false;  // (no scan to skip)
  const std::vector<char> inside = by_slices(rows, threads, [&](std::size_t from, std::size_t count) {
    bool in = true;
    v.for_each_outside(from, count, [&](std::size_t r) { in &= is_null(t.columns[i].nulls, r); });
    return char(in);
  });
  return std::find(inside.begin(), inside.end(), false) == inside.end();
}

// Calls f(values) with the values of number column i: column_values<E>, under its spec when it has one;
// float_values, temporal_values or bool_values.
template <class F> void with_column_values(const table_layout& t, std::size_t i, F&& f) {
  if (const auto* times = std::get_if<temporal_column>(&t.columns[i].values)) {
    if (times->kind == temporal_kind::duration) return f(duration_values(*times, t.finest[i], times->own_digits));
    return f(temporal_values_of(t, i));
  }
  if (const auto* bools = std::get_if<bool_column>(&t.columns[i].values)) return f(bool_values(*bools));
  if (const auto* decimals = std::get_if<decimal_column>(&t.columns[i].values)) return f(decimal_values(*decimals));
  if (const auto* floats = std::get_if<float_column>(&t.columns[i].values)) {
    with_float_values(*floats, [&](auto v) {
      if (t.specs[i]) return with_spec(v, t.specs[i].get(), f);
      if (i < t.float_parts.size()) v.cache = reinterpret_cast<packed_parts*>(t.float_parts[i].get());
      f(v);
    });
    return;
  }
  const auto& ints = std::get<integer_column>(t.columns[i].values);
  with_integer_type(ints.type, [&](auto tag) {
    using E = typename decltype(tag)::type;
    const column_values<E> v{static_cast<const char*>(ints.data), ints.stride, ints.byte_swapped};
    if (t.specs[i]) with_spec(v, t.specs[i].get(), f);
    else f(v);
  }, integer_types{});
}

// A number column's fields for a block of rows, one after another, and the end of each; a dictionary
// column's entries for them.
struct scratch {
  std::string text;
  std::vector<std::uint32_t> ends;  // ends[k + 1]: the end of row k's field; ends[0] = 0
  std::vector<std::size_t> entries;
};

// Copies n bytes from `from` (which has copy_slack readable bytes past n) to p; nullptr when they do
// not fit before end.
inline char* put_field(char* p, char* end, const char* from, std::size_t n) noexcept {
  if (n <= copy_slack && std::size_t(end - p) >= copy_slack) {
    std::memcpy(p, from, copy_slack);
    return p + n;
  }
  if (std::size_t(end - p) < n) return nullptr;
  std::memcpy(p, from, n);
  return p + n;
}

// Formats number column i's fields of rows [from, from + k) into s, k <= block_rows.
// (Fields under a spec can be as wide as it says: the scratch grows to the block's text.)
inline bool format_fields(const table_layout& t, std::size_t i, std::size_t from, std::size_t k, scratch& s) {
  if (s.ends.size() < block_rows + 1) {
    s.text.resize(block_rows * 20 + copy_slack);
    s.ends.resize(block_rows + 1);
  }
  s.ends[0] = 0;
  bool ok = true;
  with_column_values(t, i, [&](const auto& v) {
    if constexpr (requires { v.layout; }) {
      const std::size_t length = v.digits(from, k);
      if (s.text.size() < length + copy_slack) s.text.resize(length + copy_slack);
      ok = v.write_with_ends(from, k, s.text.data(), s.text.data() + length, std::uint32_t(0), s.ends.data() + 1) != nullptr;
    } else {
      if constexpr (requires { v.max_length; })  // floats, dates, booleans: fields of a bounded size
        if (s.text.size() < k * v.max_length + copy_slack) s.text.resize(k * v.max_length + copy_slack);
      char* const out = s.text.data();
      ok = write_with_ends(v, from, k, out, out + s.text.size() - copy_slack, std::uint32_t(0), s.ends.data() + 1,
                           destination::fresh) != nullptr;
    }
  });
  return ok;
}
inline std::string_view field_of(const scratch& s, std::size_t r) noexcept {
  return std::string_view(s.text.data() + s.ends[r], s.ends[r + 1] - s.ends[r]);
}

inline std::size_t field_lengths(const table_layout& t, std::size_t i, std::size_t from, std::size_t count) {
  const table_column& c = t.columns[i];
  std::size_t total = 0;
  // Written to be looked at, a block of rows at a time. Measuring runs on worker threads, where nothing
  // may throw: no memory for the scratch (or values changed under the plan) is a length past measure.
  if (t.checked[i]) try {
    scratch s;
    for (std::size_t at = from; at < from + count; at += block_rows) {
      const std::size_t k = std::min(block_rows, from + count - at);
      with_column_values(t, i, [&](const auto& v) {  // a float column's parts, kept for the write
        if constexpr (is_float_values<std::remove_cvref_t<decltype(v)>>) v.digits(at, k);
      });
      if (!format_fields(t, i, at, k, s)) return npos;
      for (std::size_t r = 0; r < k; ++r)
        total += is_null(c.nulls, at + r) ? t.null_field.size() : t.quotes.length(field_of(s, r));
    }
    return total;
  } catch (const std::exception&) {
    return npos;
  }
  if (const auto* d = std::get_if<dictionary_column>(&c.values)) {
    const entry_fields& e = t.entries[i];
    for_each_entry(d->indices, from, count, [&](std::size_t row, std::size_t k) {
      total += k == npos || is_null(c.nulls, row) ? t.null_field.size() : e.starts[k + 1] - e.starts[k];
    });
    return total;
  }
  if (!std::holds_alternative<string_column>(c.values)) {
    with_column_values(t, i, [&](const auto& v) {
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, temporal_values>) {  // (nulls not measured)
        total = v.digits(from, count, [&](std::size_t r) { return is_null(c.nulls, r); });
        for_each_null(c.nulls, from, count, [&](std::size_t) { total = total - v.format->fixed + t.null_field.size(); });
        return;
      }
      total = v.digits(from, count);
      for_each_null(c.nulls, from, count, [&](std::size_t r) {  // the value's field is not written
        total = total - v.digits(r, 1) + t.null_field.size();
      });
    });
    return total;
  }
  const string_at s{std::get<string_column>(c.values)};
  for (std::size_t r = from; r < from + count; ++r)
    total += is_null(c.nulls, r) ? t.null_field.size() : t.quotes.length(s[r]);
  return total;
}

// ---- writing --------------------------------------------------------------------------------------------

struct table_rows {
  const table_layout& t;
  static constexpr bool length_in_closed_form = false;

  std::size_t length(std::size_t from, std::size_t count) const {
    std::size_t total = add_lengths(0, count, t.row_bytes);
    if (t.dense) {
      with_flat_values([&](const auto& v) { total = add_length(total, v.digits(from * t.columns.size(), count * t.columns.size())); });
      return total;
    }
    // A block of rows at a time, every column: the block's values stay in cache across the columns.
    for (std::size_t at = from; at < from + count; at += block_rows) {
      const std::size_t k = std::min(block_rows, from + count - at);
      for (std::size_t i = 0; i < t.columns.size(); ++i) total = add_length(total, field_lengths(t, i, at, k));
    }
    return total;
  }

  // Calls f(values) with the dense matrix as one column's values, under its spec if it has one.
  template <class F> void with_flat_values(F&& f) const {
    with_integer_type(t.flat.type, [&](auto tag) {
      using E = typename decltype(tag)::type;
      const column_values<E> v{static_cast<const char*>(t.flat.data), t.flat.stride, false};
      if (t.flat_spec) with_spec(v, t.flat_spec, f);
      else f(v);
    }, integer_types{});
  }

  // The ends of rows [row, row + k) of the dense matrix in the text from the first of them (each row's
  // terminator included), into row_ends; returns the last.
  // What write_dense reuses from block to block: the values' lengths, and the text of a block whose
  // terminator is not as long as the delimiter.
  struct dense_scratch {
    std::vector<std::uint8_t> lengths;
    std::string text;
  };

  template <class V>
  std::size_t row_ends_of(const V& v, std::size_t row, std::size_t k, std::vector<std::uint8_t>& lengths,
                          std::size_t* row_ends) const noexcept {
    const std::size_t n = t.columns.size(), d = t.format.delimiter.size();
    std::size_t length = 0;
    if constexpr (requires { v.layout; }) {
      std::size_t r = 0, left = n;  // values left in the row
      v.for_each_length(row * n, k * n, [&](std::size_t l) {
        length += l + d;
        if (--left == 0) row_ends[r++] = length, left = n;
      });
    } else {
      using E = typename V::value_type;
      active().lengths<E>()(reinterpret_cast<const E*>(v.at(row * n)), k * n, lengths.data());
      for (std::size_t r = 0; r < k; ++r) {
        for (std::size_t c = 0; c < n; ++c) length += lengths[r * n + c];
        row_ends[r] = length += n * d;
      }
    }
    return length;
  }

  // Dense rows: the matrix's values joined by the delimiter, then each row's last delimiter overwritten
  // by the terminator, at the end that the lengths of its values give. A terminator of another length
  // than the delimiter's: the block is joined into scratch (in cache), then copied row by row.
  template <class V>
  char* write_dense(const V& v, std::size_t from, std::size_t count, char* p, char* end, dense_scratch& s) const {
    const std::size_t n = t.columns.size(), d = t.format.delimiter.size();
    const std::string_view terminator = t.format.terminator;
    // Rows of block_rows at most, and of no more values than `lengths` holds.
    const std::size_t rows_per_block = std::max<std::size_t>(1, std::min(block_rows, block_values / n));
    std::size_t row_ends[block_rows];
    std::vector<std::uint8_t>& lengths = s.lengths;
    if (lengths.size() < std::max(block_values, n)) lengths.resize(std::max(block_values, n));
    std::string& scratch = s.text;
    for (std::size_t at = from; at < from + count; at += rows_per_block) {
      const std::size_t k = std::min(rows_per_block, from + count - at);
      const std::size_t length = row_ends_of(v, at, k, lengths, row_ends);
      if (terminator.size() == d) {
        if (std::size_t(end - p) < length) return nullptr;
        if (v.write(at * n, k * n, t.format.delimiter, p, p + length - d, destination::in_use) != p + length - d) return nullptr;
        for (std::size_t r = 0; r < k; ++r) std::memcpy(p + row_ends[r] - d, terminator.data(), d);
        p += length;
        continue;
      }
      if (std::size_t(end - p) < length - k * d + k * terminator.size()) return nullptr;
      if (scratch.size() < length) scratch.resize(length);
      if (v.write(at * n, k * n, t.format.delimiter, scratch.data(), scratch.data() + length - d, destination::in_use) !=
          scratch.data() + length - d)
        return nullptr;
      std::size_t row_start = 0;
      for (std::size_t r = 0; r < k; ++r) {
        const std::size_t size = row_ends[r] - d - row_start;
        std::memcpy(p, scratch.data() + row_start, size);
        std::memcpy(p + size, terminator.data(), terminator.size());
        p += size + terminator.size();
        row_start = row_ends[r];
      }
    }
    return p;
  }

  // Gathered rows (see table_layout): blocks of rows copied value by value into a row-major buffer, of
  // gather_values values: it stays in L1 while the columns are copied in with a stride of a row.
  template <class E> char* write_gathered(std::size_t from, std::size_t count, char* p, char* end) const {
    constexpr std::size_t gather_values = 1024;
    const std::size_t n = t.columns.size();
    const std::size_t rows_per_block = std::max<std::size_t>(1, std::min(block_rows, gather_values / n));
    dense_scratch scratch;
    std::vector<E> rowwise(rows_per_block * n);
    const column_values<E> block{reinterpret_cast<const char*>(rowwise.data()), std::ptrdiff_t(sizeof(E)), false};
    for (std::size_t at = from; at < from + count && p != nullptr; at += rows_per_block) {
      const std::size_t k = std::min(rows_per_block, from + count - at);
      for (std::size_t i = 0; i < n; ++i) {
        const auto& ints = std::get<integer_column>(t.columns[i].values);
        const column_values<E> column{static_cast<const char*>(ints.data), ints.stride, ints.byte_swapped};
        E* to = rowwise.data() + i;
        column.for_each_run(at, k, [&to, n](const E* __restrict values, std::size_t m) {
          E* __restrict out = to;  // (locals: the stores cannot be taken to change n or the source)
          // The next block's values of this column, fetched while this one is copied: ten and more
          // interleaved streams are more than the hardware prefetchers follow.
          for (std::size_t j = 0; j < m; j += 64 / sizeof(E)) __builtin_prefetch(values + m + j);
          for (std::size_t j = 0; j < m; ++j) out[j * n] = values[j];
          to = out + m * n;
          return true;
        });
      }
      if (t.flat_spec) with_spec(block, t.flat_spec, [&](const auto& v) { p = write_dense(v, 0, k, p, end, scratch); });
      else p = write_dense(block, 0, k, p, end, scratch);
    }
    return p;
  }

  // Formats the number columns of rows [from, from + k) into their scratch texts; reads the
  // dictionary columns' entries.
  // (`direct`: columns written straight into their rows, not formatted here; or empty.)
  bool format_block(std::size_t from, std::size_t k, std::vector<scratch>& block, const std::vector<char>& direct = {}) const {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (!direct.empty() && direct[i]) continue;
      if (const auto* d = std::get_if<dictionary_column>(&t.columns[i].values)) {
        block[i].entries.resize(k);
        for_each_entry(d->indices, from, k, [&](std::size_t row, std::size_t e) { block[i].entries[row - from] = e; });
      } else if (!is_text(t.columns[i]) && !format_fields(t, i, from, k, block[i])) {
        return false;
      }
    }
    return true;
  }

  // Each field of a block of rows as a text to copy: fields[i * block_rows + r] of column i, row r.
  struct field_text {
    const char* from;  // copy_slack bytes readable past the field; null: written into its row later
    std::size_t size;
  };

  // Whether temporal column i's fields in rows [from, from + k) are all of its fixed layout's width
  // (nulls aside): they are then written straight into their rows once the rows are assembled.
  bool fixed_width(std::size_t i, std::size_t from, std::size_t k) const noexcept {
    const auto* times = std::get_if<temporal_column>(&t.columns[i].values);
    if (!times || times->kind == temporal_kind::duration) return false;
    return temporal_values_of(t, i)
        .fixed_width(from, k, [&](std::size_t row) { return is_null(t.columns[i].nulls, row); });
  }

  // Whether a block's rows can be assembled from field_texts: no field is quoted or copied from a
  // string column (whose bytes have no slack), and the delimiter and terminator fit a padded copy.
  bool assembled_from_texts() const noexcept {
    if (t.format.delimiter.size() > copy_slack / 2 || t.format.terminator.size() > copy_slack / 2) return false;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (t.checked[i] || std::holds_alternative<string_column>(t.columns[i].values)) return false;
    return true;
  }

  // The fields of rows [from, from + k) as texts (after format_block), and the bytes of their rows.
  std::size_t field_texts(std::size_t from, std::size_t k, const std::vector<scratch>& block, const std::vector<char>& direct,
                          const char* null_text, field_text* fields) const noexcept {
    const std::size_t n = t.columns.size();
    std::size_t total = k * t.row_bytes;
    for (std::size_t i = 0; i < n; ++i) {
      const table_column& c = t.columns[i];
      const scratch& s = block[i];
      field_text* const out = fields + i * block_rows;
      if (direct[i]) {
        const std::size_t width = t.times[i].fixed;
        for (std::size_t r = 0; r < k; ++r) out[r] = {nullptr, width};
      } else if (std::holds_alternative<dictionary_column>(c.values)) {
        const entry_fields& e = t.entries[i];
        for (std::size_t r = 0; r < k; ++r) {
          const std::size_t entry = s.entries[r];
          out[r] = entry == npos ? field_text{null_text, t.null_field.size()}
                                 : field_text{e.text.data() + e.starts[entry], e.starts[entry + 1] - e.starts[entry]};
        }
      } else {
        for (std::size_t r = 0; r < k; ++r) out[r] = {s.text.data() + s.ends[r], s.ends[r + 1] - s.ends[r]};
      }
      for_each_null(c.nulls, from, k, [&](std::size_t row) { out[row - from] = {null_text, t.null_field.size()}; });
      for (std::size_t r = 0; r < k; ++r) total += out[r].size;
    }
    return total;
  }

  // Rows assembled from their fields' texts: a fixed-size copy for each field, delimiter and terminator
  // (end - p has copy_slack bytes past the rows); the place of each field with no text into places.
  char* assemble(std::size_t k, const field_text* fields, const char* separators, char** places, char* p) const noexcept {
    const std::size_t n = t.columns.size(), d = t.format.delimiter.size(), e = t.format.terminator.size();
    for (std::size_t r = 0; r < k; ++r) {
      for (std::size_t i = 0; i < n; ++i) {
        const field_text f = fields[i * block_rows + r];
        places[i * block_rows + r] = f.from == nullptr ? p : nullptr;
        if (f.from != nullptr) {
          if (f.size <= copy_slack) [[likely]]
            std::memcpy(p, f.from, copy_slack);
          else
            std::memcpy(p, f.from, f.size);
        }
        p += f.size;
        const bool last = i + 1 == n;
        std::memcpy(p, separators + (last ? copy_slack / 2 : 0), copy_slack / 2);
        p += last ? e : d;
      }
    }
    return p;
  }

  // Whether every column's layout has room for the delimiter after its value: the blocks whose columns
  // are all fixed_width can then be written by write_fixed_rows.
  bool fixed_rows_possible() const noexcept {
    const std::size_t separator = std::max(t.format.delimiter.size(), t.format.terminator.size());
    return !t.columns.empty() &&
           std::all_of(t.times.begin(), t.times.end(), [&](const time_format& f) { return f.fixed + separator <= layout_bytes; });
  }

  // Rows [from, from + k) of fields all of their fixed widths (or null): each row's place follows from
  // the nulls before it, and each column's values are written with the delimiter after them (the last
  // column's, the terminator), so no pass assembles the rows; only rows with a null are walked field by
  // field. Every write is exact. places: block_rows for each column. Null without room.
  char* write_fixed_rows(std::size_t from, std::size_t k, char* p, char* end, char** places) const noexcept {
    const std::size_t n = t.columns.size();
    const std::string_view delimiter = t.format.delimiter, terminator = t.format.terminator, null = t.null_field;
    const auto tail = [&](std::size_t i) { return i + 1 == n ? terminator : delimiter; };
    std::size_t full = 0;  // bytes of a row without nulls
    for (std::size_t i = 0; i < n; ++i) full += t.times[i].fixed + tail(i).size();
    std::ptrdiff_t less[block_rows];  // bytes a row's nulls take off a full row (or add to it)
    bool has_null[block_rows];
    static_assert(block_rows <= 65536);
    std::uint16_t rows_with_null[block_rows];  // each once
    std::size_t nulls = 0;
    std::fill_n(less, k, 0), std::fill_n(has_null, k, false);
    for (std::size_t i = 0; i < n; ++i) {
      const std::ptrdiff_t by = std::ptrdiff_t(t.times[i].fixed) - std::ptrdiff_t(null.size());
      for_each_null(t.columns[i].nulls, from, k, [&](std::size_t row) {
        const std::size_t r = row - from;
        less[r] += by;
        if (!has_null[r]) has_null[r] = true, rows_with_null[nulls++] = std::uint16_t(r);
      });
    }
    std::ptrdiff_t total = 0;
    for (std::size_t r = 0; r < k; ++r) total += std::ptrdiff_t(full) - less[r];
    if (total > end - p) return nullptr;
    char** const starts = places;  // column 0's places are the rows' starts
    for (std::size_t r = 0; r < k; ++r) starts[r] = p, p += std::ptrdiff_t(full) - less[r];
    std::size_t offset = 0;
    for (std::size_t i = 1; i < n; ++i) {
      offset += t.times[i - 1].fixed + delimiter.size();
      char** const column = places + i * block_rows;
      for (std::size_t r = 0; r < k; ++r) column[r] = starts[r] + offset;
    }
    for (std::size_t j = 0; j < nulls; ++j) {
      const std::size_t r = rows_with_null[j];
      char* q = starts[r];
      for (std::size_t i = 0; i < n; ++i) {
        char*& place = places[i * block_rows + r];
        if (is_null(t.columns[i].nulls, from + r)) {
          place = nullptr;
          std::memcpy(q, null.data(), null.size()), q += null.size();
          std::memcpy(q, tail(i).data(), tail(i).size()), q += tail(i).size();
        } else {
          place = q, q += t.times[i].fixed + tail(i).size();
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) temporal_values_of(t, i).write_at(from, k, places + i * block_rows, tail(i));
    return p;
  }

  char* write(std::size_t from, std::size_t count, char* out, char* end, destination) const noexcept try {
    const table_format& f = t.format;
    char* p = out;
    if (t.dense) {
      dense_scratch scratch;
      with_flat_values([&](const auto& v) { p = write_dense(v, from, count, p, end, scratch); });
      return p;
    }
    if (t.gathered) {
      with_integer_type(std::get<integer_column>(t.columns[0].values).type,
                        [&](auto tag) { p = write_gathered<typename decltype(tag)::type>(from, count, p, end); },
                        integer_types{});
      return p;
    }
    std::vector<scratch> block(t.columns.size());
    const bool byte_delimiter = f.delimiter.size() == 1;
    const bool assembled = assembled_from_texts();
    std::vector<field_text> fields(assembled ? t.columns.size() * block_rows : 0);
    std::vector<char*> places(fields.size());
    std::vector<char> direct(t.columns.size());  // of this block
    char separators[copy_slack] = {};  // the delimiter, then the terminator, each padded to copy_slack / 2
    std::string null_text(t.null_field.size() + copy_slack, '\0');
    if (assembled) {
      std::memcpy(separators, f.delimiter.data(), f.delimiter.size());
      std::memcpy(separators + copy_slack / 2, f.terminator.data(), f.terminator.size());
      std::memcpy(null_text.data(), t.null_field.data(), t.null_field.size());
    }
    const bool fixed_rows = assembled && fixed_rows_possible();
    for (std::size_t at = from; at < from + count;) {
      const std::size_t k = std::min(block_rows, from + count - at);
      if (assembled)
        for (std::size_t i = 0; i < t.columns.size(); ++i) direct[i] = fixed_width(i, at, k);
      if (fixed_rows && std::all_of(direct.begin(), direct.end(), [](char d) { return d != 0; })) {
        if ((p = write_fixed_rows(at, k, p, end, places.data())) == nullptr) return nullptr;
        at += k;
        continue;
      }
      if (!format_block(at, k, block, direct)) return nullptr;
      if (assembled) {
        const std::size_t length = field_texts(at, k, block, direct, null_text.data(), fields.data());
        if (std::size_t(end - p) >= length + copy_slack) {  // (the last block of a text in its exact room: below)
          p = assemble(k, fields.data(), separators, places.data(), p);
          for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (direct[i])
              temporal_values_of(t, i).write_at(at, k, places.data() + i * block_rows);
          at += k;
          continue;
        }
        for (std::size_t i = 0; i < t.columns.size(); ++i)  // formatted after all
          if (direct[i] && !format_fields(t, i, at, k, block[i])) return nullptr;
      }
      for (std::size_t r = 0; r < k && p != nullptr; ++r) {
        const std::size_t row = at + r;
        for (std::size_t i = 0; i < t.columns.size() && p != nullptr; ++i) {
          const table_column& c = t.columns[i];
          if (i != 0) {
            if (byte_delimiter && p != end) *p++ = f.delimiter[0];
            else if ((p = put_bytes(p, end, f.delimiter)) == nullptr) break;
          }
          if (is_null(c.nulls, row)) p = put_bytes(p, end, t.null_field);
          else if (t.checked[i]) {
            p = t.quotes.put(p, end, field_of(block[i], r));
          } else if (std::holds_alternative<dictionary_column>(c.values)) {
            const std::size_t e = block[i].entries[r];
            if (e == npos) p = put_bytes(p, end, t.null_field);
            else p = put_field(p, end, t.entries[i].text.data() + t.entries[i].starts[e], t.entries[i].starts[e + 1] - t.entries[i].starts[e]);
          } else if (!std::holds_alternative<string_column>(c.values)) {
            const scratch& s = block[i];
            p = put_field(p, end, s.text.data() + s.ends[r], s.ends[r + 1] - s.ends[r]);
          } else {
            p = t.quotes.put(p, end, string_at{std::get<string_column>(c.values)}[row]);
          }
        }
        if (p != nullptr) p = put_bytes(p, end, f.terminator);
      }
      if (p == nullptr) return nullptr;
      at += k;
    }
    return p;
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
};

// The rows of a table's batches, one after another, the header before the first (see table_plan).
struct batched_rows {
  std::span<const std::unique_ptr<table_layout>> batches;
  std::span<const std::size_t> starts;  // the first row of each batch, then the number of rows
  static constexpr bool length_in_closed_form = false;

  // f(rows of batch b, from, count) for the parts of rows [from, from + count) in each batch.
  template <class F> bool for_each_part(std::size_t from, std::size_t count, F&& f) const {
    std::size_t b = std::size_t(std::upper_bound(starts.begin(), starts.end() - 1, from) - starts.begin()) - 1;
    for (; count > 0; ++b) {
      const std::size_t k = std::min(count, starts[b + 1] - from);
      if (k > 0 && !f(table_rows{*batches[b]}, from - starts[b], k)) return false;
      from += k, count -= k;
    }
    return true;
  }
  std::string_view header() const noexcept { return batches.empty() ? std::string_view() : batches[0]->header; }

  std::size_t length(std::size_t from, std::size_t count) const {
    std::size_t total = from == 0 ? header().size() : 0;
    for_each_part(from, count, [&](const table_rows& rows, std::size_t at, std::size_t k) {
      return (total = add_length(total, rows.length(at, k))) != npos;
    });
    return total;
  }
  char* write(std::size_t from, std::size_t count, char* out, char* end, destination to) const noexcept {
    char* p = out;
    if (from == 0 && (p = put_bytes(p, end, header())) == nullptr) return nullptr;
    for_each_part(from, count, [&](const table_rows& rows, std::size_t at, std::size_t k) {
      return (p = rows.write(at, k, p, end, to)) != nullptr;
    });
    return p;
  }
};

// Whether number column i's text can hold a character that calls for quotes: one of those numbers are
// written with in any style (digits, signs, point, exponents, inf, nan, null) or that its spec adds
// (fill, literal text, a space sign, '%', grouping, prefixes and hexadecimal digits); of dates, their
// format's; of booleans, their texts'. A delimiter of several bytes counts by each of its bytes.
bool may_need_quotes(const table_layout& t, std::size_t i, const table_format& format) {
  std::string chars = "0123456789+-.eEinfaulINFAN";
  if (const auto* times = std::get_if<temporal_column>(&t.columns[i].values)) {
    if (times->kind == temporal_kind::duration) {
      chars = "0123456789+-.: dayseconmilirn";
    } else {  // the format's text, and the names' first 3 letters or the names in full
      chars = "0123456789+-.:" + t.times[i].texts;
      const std::size_t letters = t.times[i].full_months || t.times[i].full_weekdays ? full_name_most : 3;
      for (std::string_view name : month_names) chars += name.substr(0, letters);
      for (std::string_view name : weekday_names) chars += name.substr(0, letters);
    }
  }
  if (const auto* bools = std::get_if<bool_column>(&t.columns[i].values))
    chars = std::string(bools->true_text) + std::string(bools->false_text);
  if (std::holds_alternative<decimal_column>(t.columns[i].values)) chars = "0123456789-+.E";
  if (const spec_layout* s = t.specs[i].get()) {
    const format_spec& spec = s->spec;
    chars += spec.fill + spec.before + spec.after + " %";
    if (spec.grouping) chars += spec.grouping;
    if (spec.type != 'd' || spec.alternate) chars += "xXobABCDEFabcdef";
  }
  for (char ch : chars)
    if (t.quotes.special[std::uint8_t(ch)]) return true;
  return format.delimiter.size() > 1 && format.delimiter.find_first_of(chars) != std::string_view::npos;
}

// Whether strings' offsets are there, never below 0 nor running backwards, and their bytes there.
bool valid_strings(const string_column& s) {
  if (s.offsets == nullptr && s.size != 0) return false;
  const string_at at{s};
  for (std::size_t i = 0; i < s.size; ++i)
    if ((s.large && std::int64_t(at.start(i)) < 0) || (!s.large && std::int32_t(at.start(i)) < 0) ||
        at.start(i + 1) < at.start(i))
      return false;
  return s.data != nullptr || s.size == 0 || at.start(s.size) == at.start(0);
}

// Checks the columns and the format and lays them out; invalid_argument when they do not make a table.
// `threads` (the plan's): those that read a whole column (pandas' finest values) at once.
status lay_out(std::span<const table_column> columns, const table_format& format, unsigned threads, table_layout& t) {
  t.columns.assign(columns.begin(), columns.end());
  t.format = format;
  t.specs.resize(t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].spec && takes_layout(*t.columns[i].spec, std::holds_alternative<float_column>(t.columns[i].values))) {
      if (!std::holds_alternative<integer_column>(t.columns[i].values) && !std::holds_alternative<float_column>(t.columns[i].values))
        return status::invalid_argument;
      t.specs[i] = std::make_unique<spec_layout>(*t.columns[i].spec);
    }
  t.times.resize(t.columns.size());
  t.zones.resize(t.columns.size());
  t.inside.assign(t.columns.size(), false);
  t.whole_days.assign(t.columns.size(), false);
  t.finest.assign(t.columns.size(), time_unit::day);
  bool first = true;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const table_column& c = t.columns[i];
    std::size_t size;
    if (const auto* times = std::get_if<temporal_column>(&c.values)) {
      // Dates count days (or, as Arrow's date64, milliseconds); instants and times of day a unit of
      // seconds; durations any unit, in 64 bits, in the text of pandas or NumPy only.
      const bool duration = times->kind == temporal_kind::duration;
      const bool unit_taken = times->kind == temporal_kind::date ? times->unit == time_unit::day || times->unit == time_unit::ms
                              : duration                         ? times->unit <= time_unit::ns && !times->narrow
                                                                 : times->unit != time_unit::day && times->unit <= time_unit::ns;
      if ((times->data == nullptr && times->size != 0) || times->kind > temporal_kind::duration || !unit_taken ||
          times->style > temporal_style::arrow || (duration && (times->style == temporal_style::iso || !times->format.empty())) ||
          (times->finest && *times->finest > time_unit::ns))
        return status::invalid_argument;
      // pandas' text: the finer of the column's finest value (slices of it on threads) and the finest it
      // is given; and whether a value but the nulls lies outside `window`, found by the same scan
      const auto finest_of = [&](const value_window& window, bool& outside) {
        const auto found = by_slices(times->size, threads, [&](std::size_t from, std::size_t count) {
          const char* const values = static_cast<const char*>(times->data) + std::ptrdiff_t(from) * times->stride;
          bool o = false;
          // (inlined: the scan reads every value of a column of midnights or of whole units)
          const time_unit unit = with_reader(values, times->stride, times->narrow, times->byte_swapped, [&](auto read) {
            return finest_unit(count, times->unit, read, [&](std::size_t r) { return is_null(c.nulls, from + r); }, window, o);
          });
          return std::pair{unit, o};
        });
        time_unit finest = times->finest.value_or(time_unit::day);
        outside = false;
        for (const auto& [unit, o] : found) finest = std::max(finest, unit), outside |= o;
        return finest;
      };
      if (!times->zone.empty()) {
        if (times->kind != temporal_kind::timestamp || !(t.zones[i] = find_zone(times->zone))) return status::invalid_argument;
      }
      std::string_view bad;
      bool outside = false, scanned = false;  // (found by the finest unit's scan, where it ran with a window)
      if (duration) {  // (no window)
        if (times->style == temporal_style::pandas && !times->own_digits)
          t.finest[i] = finest_of({}, outside);
      } else if (!times->format.empty()) {
        if (!compile_time_format(times->format, times->style != temporal_style::pandas, t.times[i], bad))
          return status::invalid_argument;
        // Without a zone, Python's strftime writes %z as nothing; chrono refuses it.
        if (times->zone.empty() && drop_offsets(t.times[i]) && times->style != temporal_style::pandas)
          return status::invalid_argument;
        if (times->style == temporal_style::iso && !misplaced_time_directive(times->format, times->kind).empty())
          return status::invalid_argument;
        if (t.zones[i] && t.zones[i]->fixed) name_fixed_zone(t.times[i], t.zones[i]->offsets[0], times->style);
        set_years(t.times[i], times->style);
      } else {
        if (times->style == temporal_style::pandas && times->kind == temporal_kind::timestamp && !times->own_digits) {
          // (the window of the fixed width's years is the same whatever the finest unit: one scan finds both)
          const time_format any = default_time_format(times->kind, times->unit, times->style, time_unit::ns, times->zone);
          t.finest[i] = finest_of(temporal_values(*times, any, t.zones[i].get()).window(), outside);
          scanned = true;
          t.whole_days[i] = t.finest[i] == time_unit::day && !t.zones[i];
        }
        t.times[i] = default_time_format(times->kind, times->unit, times->style, t.finest[i], times->zone, times->own_digits);
      }
      if (!duration) t.inside[i] = scanned ? !outside : all_inside(t, i, times->size, threads);
      size = times->size;
    } else if (const auto* bools = std::get_if<bool_column>(&c.values)) {
      if (bools->data == nullptr && bools->size != 0) return status::invalid_argument;
      size = bools->size;
    } else if (const auto* decimals = std::get_if<decimal_column>(&c.values)) {
      // (scales as far as Arrow's decimal256 reaches: the text stays in a value's bounded room)
      if ((decimals->data == nullptr && decimals->size != 0) || decimals->scale < -76 || decimals->scale > 76 ||
          (decimals->bits != 128 && decimals->bits != 256))
        return status::invalid_argument;
      size = decimals->size;
    } else if (const auto* ints = std::get_if<integer_column>(&c.values)) {
      if ((ints->data == nullptr && ints->size != 0) || std::size_t(ints->type) >= 8) return status::invalid_argument;
      size = ints->size;
    } else if (const auto* floats = std::get_if<float_column>(&c.values)) {
      if ((floats->data == nullptr && floats->size != 0) || floats->type > float_type::f64) return status::invalid_argument;
      if (c.spec && !c.spec->floating()) {  // 'd' (printf's %d) of finite values, nulls aside
        bool valid = c.spec->type == 'd';
        with_float_values(*floats, [&](const auto& v) {
          for (std::size_t r = 0; r < floats->size && valid; ++r)
            valid = is_null(c.nulls, r) || std::isfinite(as_double(v.at(r)));
        });
        if (!valid) return status::invalid_argument;
      }
      size = floats->size;
    } else if (const auto* d = std::get_if<dictionary_column>(&c.values)) {
      const integer_column& ints = d->indices;
      if ((ints.data == nullptr && ints.size != 0) || std::size_t(ints.type) >= 8 || !valid_strings(d->entries))
        return status::invalid_argument;
      bool inside = true;
      for_each_entry(ints, 0, ints.size, [&](std::size_t, std::size_t e) { inside &= e == npos || e < d->entries.size; });
      if (!inside) return status::invalid_argument;
      size = ints.size;
    } else {
      const auto& s = std::get<string_column>(c.values);
      if (!valid_strings(s)) return status::invalid_argument;
      size = s.size;
    }
    if (!first && size != t.rows) return status::invalid_argument;
    t.rows = size, first = false;
  }
  if (t.columns.empty()) return status::ok;
  t.quotes = quoting(format, t.columns.size());
  t.null_field = format.null_text;
  if (t.null_field.empty() && format.quote != '\0' && format.quote_empty_row && t.columns.size() == 1)
    t.null_field.assign(2, format.quote);
  t.checked.assign(t.columns.size(), false);
  if (format.quote_numbers && format.quote != '\0') {
    if (t.quotes.needs(format.null_text)) {
      t.null_field.assign(t.quotes.length(format.null_text), '\0');
      t.quotes.put(t.null_field.data(), t.null_field.data() + t.null_field.size(), format.null_text);
    }
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (!is_text(t.columns[i])) t.checked[i] = may_need_quotes(t, i, format);
  }
  t.entries.resize(t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const auto* d = std::get_if<dictionary_column>(&t.columns[i].values);
    if (!d) continue;
    entry_fields& e = t.entries[i];
    const string_at entry{d->entries};
    e.starts.resize(d->entries.size + 1);
    for (std::size_t k = 0; k < d->entries.size; ++k) e.starts[k + 1] = e.starts[k] + t.quotes.length(entry[k]);
    e.text.resize(e.starts.back() + copy_slack);
    for (std::size_t k = 0; k < d->entries.size; ++k)
      t.quotes.put(e.text.data() + e.starts[k], e.text.data() + e.starts[k + 1], entry[k]);
  }
  t.row_bytes = (t.columns.size() - 1) * format.delimiter.size() + format.terminator.size();
  t.dense = t.rows > 0 && std::find(t.checked.begin(), t.checked.end(), true) == t.checked.end();
  const auto* first_ints = std::get_if<integer_column>(&t.columns[0].values);
  t.gathered = t.dense;
  for (std::size_t i = 0; i < t.columns.size() && t.gathered; ++i) {
    const auto* ints = std::get_if<integer_column>(&t.columns[i].values);
    const bool same_spec = t.specs[i] ? t.specs[0] && t.specs[i]->spec == t.specs[0]->spec : !t.specs[0];
    t.gathered = ints && same_spec && !has_nulls(t.columns[i].nulls) && ints->type == first_ints->type;
    t.dense = t.gathered && t.dense && !ints->byte_swapped &&
              ints->stride == std::ptrdiff_t(t.columns.size() * item_size(ints->type)) &&
              static_cast<const char*>(ints->data) ==
                  static_cast<const char*>(first_ints->data) + i * item_size(ints->type);
  }
  t.flat_spec = t.gathered ? t.specs[0].get() : nullptr;
  // A dense matrix's values are read in place by the length kernel: they must be aligned.
  if (t.dense && reinterpret_cast<std::uintptr_t>(first_ints->data) % item_size(first_ints->type) != 0) t.dense = false;
  if (t.dense) {
    t.flat = {first_ints->data, t.rows * t.columns.size(), first_ints->type, std::ptrdiff_t(item_size(first_ints->type)), false};
    t.gathered = false;
  }
  if (format.header) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i) t.header += format.delimiter;
      const std::string_view name = t.columns[i].name;
      std::string quoted(t.quotes.length(name), '\0');
      t.quotes.put(quoted.data(), quoted.data() + quoted.size(), name);
      t.header += quoted;
    }
    t.header += format.terminator;
  }
  return status::ok;
}

} // namespace detail

std::vector<table_column> matrix_columns(const void* data, integer_type type, std::size_t rows, std::size_t columns,
                                         std::ptrdiff_t row_stride, std::ptrdiff_t column_stride) {
  std::vector<table_column> result;
  result.reserve(columns);
  for (std::size_t c = 0; c < columns; ++c)
    result.push_back({integer_column{static_cast<const char*>(data) + std::ptrdiff_t(c) * column_stride, rows, type,
                                     row_stride, false}});
  return result;
}

table_plan::table_plan(std::span<const table_column> columns, const table_format& format, unsigned threads)
    : table_plan(std::span<const std::span<const table_column>>(&columns, 1), format, threads) {}

table_plan::table_plan(std::span<const std::span<const table_column>> batches, const table_format& format,
                       unsigned threads)
    : measured_text(threads) {
  starts_.push_back(0);
  for (std::span<const table_column> columns : batches) {
    auto& t = *batches_.emplace_back(std::make_unique<detail::table_layout>());
    status_ = detail::lay_out(columns, format, threads, t);
    if (status_ == status::ok && t.columns.size() != batches_[0]->columns.size()) status_ = status::invalid_argument;
    if (status_ != status::ok) return;
    if (batches_.size() > 1) t.header.clear();
    starts_.push_back(starts_.back() + t.rows);
  }
  unify_time_formats();
  keep_float_digits();
  if (batches_.empty() || batches_[0]->columns.empty()) return;
  length_ = detail::measure(source(), rows(), threads_, first_, slices_);
  if (length_ == npos) status_ = status::too_long;
}

table_plan::~table_plan() = default;

// pandas' format of a timestamp or duration column (without a format of its own) follows the finest
// value in any of its batches.
void table_plan::unify_time_formats() {
  if (batches_.size() < 2) return;
  for (std::size_t i = 0; i < batches_[0]->columns.size(); ++i) {
    const auto* times = std::get_if<temporal_column>(&batches_[0]->columns[i].values);
    if (!times || !times->format.empty() || times->style != temporal_style::pandas || times->own_digits ||
        (times->kind != temporal_kind::timestamp && times->kind != temporal_kind::duration))
      continue;
    time_unit finest = time_unit::day;
    for (const auto& t : batches_) finest = std::max(finest, t->finest[i]);
    for (const auto& t : batches_)
      if (const auto* c = std::get_if<temporal_column>(&t->columns[i].values)) {
        t->finest[i] = finest;
        if (c->kind != temporal_kind::duration)  // (its years and offsets as before: `inside` holds)
          t->times[i] = detail::default_time_format(c->kind, c->unit, c->style, finest, c->zone);
      }
  }
}

// Each float column's digits are kept from measuring to writing when the table's floats are few enough
// (detail::cached_floats).
void table_plan::keep_float_digits() {
  std::size_t floats = 0;
  for (const auto& t : batches_)
    for (std::size_t i = 0; i < t->columns.size(); ++i)
      if (std::holds_alternative<float_column>(t->columns[i].values) && !t->specs[i]) floats += t->rows;
  if (floats == 0 || floats > detail::cached_floats) return;
  for (const auto& t : batches_) {
    t->float_parts.resize(t->columns.size());
    for (std::size_t i = 0; i < t->columns.size(); ++i)
      if (std::holds_alternative<float_column>(t->columns[i].values) && !t->specs[i] && t->rows > 0)
        t->float_parts[i] = detail::float_parts_cache(t->rows);
  }
}

table_plan::table_plan(table_plan&&) noexcept = default;
table_plan& table_plan::operator=(table_plan&&) noexcept = default;

detail::batched_rows table_plan::source() const noexcept { return {batches_, starts_}; }

write_result table_plan::write(std::span<char> out, memory to) const noexcept {
  if (status_ != status::ok) return {status_};
  return detail::write_measured(source(), slices(), length_, threads_, out, to);
}

write_result table_plan::write(int fd, std::uint64_t offset, std::size_t buffer_bytes) const noexcept {
  if (status_ != status::ok) return {status_};
  return detail::write_measured(source(), slices(), length_, fd, offset, buffer_bytes);
}

write_result table_plan::write_pieces(const std::function<bool(std::string_view)>& sink, std::size_t piece_bytes) const {
  if (status_ != status::ok) return {status_};
  return detail::write_measured(source(), slices(), rows(), length_, sink, piece_bytes);
}

bool is_ascii(const string_column& strings) noexcept {
  if (strings.size == 0 || strings.offsets == nullptr) return true;
  const detail::string_at at{strings};  // (its offsets as signed again: a negative one is refused)
  const std::int64_t first = std::int64_t(at.start(0)), last = std::int64_t(at.start(strings.size));
  if (first < 0 || last < first) return false;
  const char* p = strings.data + first;
  std::size_t n = std::size_t(last - first);
  constexpr std::uint64_t high = 0x8080808080808080;
  constexpr std::size_t stride = 4096;  // bytes between the tests that stop at a non-ASCII byte
  while (n >= 64) {
    const std::size_t run = std::min(n, stride) / 64 * 64;
    std::uint64_t seen = 0;  // the bytes OR-ed together, a word at a time (a loop compilers vectorize)
    for (std::size_t i = 0; i < run; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      seen |= word;
    }
    if (seen & high) return false;
    p += run, n -= run;
  }
  unsigned char rest = 0;
  for (std::size_t i = 0; i < n; ++i) rest |= static_cast<unsigned char>(p[i]);
  return rest < 0x80;
}

std::size_t table_length(std::span<const table_column> columns, const table_format& format, unsigned threads) {
  return table_plan(columns, format, threads).length();
}

char* write_table(std::span<const table_column> columns, const table_format& format, char* out,
                  unsigned threads) noexcept try {
  const table_plan plan(columns, format, threads);
  return plan.write(std::span<char>(out, plan.length() == npos ? 0 : plan.length())) ? out + plan.length() : nullptr;
} catch (const std::bad_alloc&) {
  return nullptr;
}

write_result write_table(std::span<const table_column> columns, const table_format& format, int fd,
                         std::uint64_t offset, unsigned threads) noexcept try {
  return table_plan(columns, format, threads).write(fd, offset);
} catch (const std::bad_alloc&) {
  return {status::no_memory};
}

} // namespace simdigits
