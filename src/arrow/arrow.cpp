// Arrow's C stream interface read into table columns (arrow.hpp).
#include "simdigits/arrow.hpp"

#include <cstring>
#include <utility>

#include "../table/null_rows.hpp"

namespace simdigits {

namespace {

// The integer type of an Arrow format string, or none.
bool float_type_of_format(std::string_view format, float_type& type) {
  if (format == "e") type = float_type::f16;
  else if (format == "f") type = float_type::f32;
  else if (format == "g") type = float_type::f64;
  else return false;
  return true;
}

bool integer_type_of_format(std::string_view format, integer_type& type) {
  static constexpr std::pair<std::string_view, integer_type> types[] = {
      {"c", integer_type::i8},  {"C", integer_type::u8},  {"s", integer_type::i16}, {"S", integer_type::u16},
      {"i", integer_type::i32}, {"I", integer_type::u32}, {"l", integer_type::i64}, {"L", integer_type::u64},
  };
  for (const auto& [f, t] : types)
    if (format == f) return type = t, true;
  return false;
}

// The temporal column of an Arrow format string without its values ("tdD" date32, "tsu:" a timestamp in
// microseconds without a time zone, "tsu:Europe/Berlin" with one: a view into `format`), or none.
bool temporal_of_format(std::string_view format, temporal_column& c) {
  if (format.size() < 3 || format[0] != 't') return false;
  const std::size_t unit = std::string_view("smun").find(format[2]);
  if (format.substr(0, 2) == "td" && (format[2] == 'D' || format[2] == 'm')) {
    c.kind = temporal_kind::date;
    c.unit = format[2] == 'D' ? time_unit::day : time_unit::ms;
    c.narrow = format[2] == 'D';
  } else if (format.substr(0, 2) == "ts" && format.size() >= 4 && format[3] == ':' && unit < 4) {
    c.kind = temporal_kind::timestamp;
    c.unit = time_unit(1 + unit);
    c.zone = format.substr(4);
  } else if (format.substr(0, 2) == "tt" && format.size() == 3 && unit < 4) {
    c.kind = temporal_kind::time_of_day;
    c.unit = time_unit(1 + unit);
    c.narrow = unit < 2;  // time32[s], time32[ms]
  } else if (format.substr(0, 2) == "tD" && format.size() == 3 && unit < 4) {
    c.kind = temporal_kind::duration;
    c.unit = time_unit(1 + unit);
  } else {
    return false;
  }
  c.stride = c.narrow ? 4 : 8;
  return true;
}

// A view of utf8_view: 4 bytes of length, then the string itself when it fits 12 bytes, else 4 bytes of
// prefix, the index of its data buffer and its offset there.
std::string_view view_at(const ArrowArray& a, std::size_t i) {
  const auto* view = static_cast<const unsigned char*>(a.buffers[1]) + 16 * (std::size_t(a.offset) + i);
  std::int32_t length, buffer, offset;
  std::memcpy(&length, view, 4);
  if (length <= 12) return {reinterpret_cast<const char*>(view + 4), std::size_t(length)};
  std::memcpy(&buffer, view + 8, 4);
  std::memcpy(&offset, view + 12, 4);
  return {static_cast<const char*>(a.buffers[2 + buffer]) + offset, std::size_t(length)};
}

// The scale and width of Arrow's decimal128 or decimal256 format ("d:10,2", "d:10,2,128", "d:60,2,256"),
// or false. polars' Int128 comes under polars' own format "_pli128": 16-byte little-endian integers,
// which are decimal128's of scale 0.
bool decimal_of_format(std::string_view format, std::int32_t& scale, unsigned& bits) {
  if (format == "_pli128") return scale = 0, bits = 128, true;
  if (format.substr(0, 2) != "d:") return false;
  const std::size_t comma = format.find(',');
  if (comma == std::string_view::npos) return false;
  std::string_view rest = format.substr(comma + 1);
  const std::size_t width = rest.find(',');
  bits = 128;
  if (width != std::string_view::npos) {
    if (rest.substr(width + 1) == "256") bits = 256;
    else if (rest.substr(width + 1) != "128") return false;
  }
  rest = rest.substr(0, width);
  int sign = 1, value = 0;
  std::size_t i = 0;
  if (!rest.empty() && rest[0] == '-') sign = -1, i = 1;
  if (i == rest.size() || rest.size() - i > 3) return false;
  for (; i < rest.size(); ++i) {
    if (rest[i] < '0' || rest[i] > '9') return false;
    value = value * 10 + (rest[i] - '0');
  }
  scale = sign * value;
  return true;
}

// Whether values of Arrow format `f` are read (as integers, floats when styled, dates and times, durations
// but in polars' style, strings, booleans, or the null type).
bool readable(std::string_view f, const arrow_styles& styles) {
  integer_type type;
  float_type floating;
  temporal_column times;
  std::int32_t scale;
  unsigned bits;
  if (temporal_of_format(f, times)) return times.kind != temporal_kind::duration || styles.times != temporal_style::iso;
  return decimal_of_format(f, scale, bits) || integer_type_of_format(f, type) ||
         (styles.floats && float_type_of_format(f, floating)) || f == "u" || f == "U" || f == "vu" || f == "n" || f == "b";
}

// The name of the Arrow extension type a field's metadata gives ("ARROW:extension:name": pandas'
// periods and intervals, arrow.json, arrow.uuid, ...), or empty. The metadata: an int32 count, then of each
// pair an int32 length and the key's bytes, an int32 length and the value's (native byte order).
std::string_view extension_name(const char* metadata) {
  if (metadata == nullptr) return {};
  const auto read_int = [&](const char*& p) {
    std::int32_t v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  };
  const char* p = metadata;
  for (std::int32_t pairs = read_int(p); pairs > 0; --pairs) {
    const std::int32_t key_size = read_int(p);
    if (key_size < 0) return {};
    const std::string_view key(p, std::size_t(key_size));
    p += key_size;
    const std::int32_t value_size = read_int(p);
    if (value_size < 0) return {};
    const std::string_view value(p, std::size_t(value_size));
    p += value_size;
    if (key == "ARROW:extension:name") return value;
  }
  return {};
}

} // namespace

std::string arrow_type_name(std::string_view f) {
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"n", "null"},        {"b", "bool"},          {"c", "int8"},          {"C", "uint8"},        {"s", "int16"},
      {"S", "uint16"},      {"i", "int32"},         {"I", "uint32"},        {"l", "int64"},        {"L", "uint64"},
      {"e", "float16"},     {"f", "float32"},       {"g", "float64"},       {"z", "binary"},       {"Z", "large_binary"},
      {"vz", "binary_view"}, {"u", "string"},       {"U", "large_string"},  {"vu", "string_view"}, {"tdD", "date32[day]"},
      {"tdm", "date64[ms]"}, {"tts", "time32[s]"},  {"ttm", "time32[ms]"},  {"ttu", "time64[us]"}, {"ttn", "time64[ns]"},
      {"tDs", "duration[s]"}, {"tDm", "duration[ms]"}, {"tDu", "duration[us]"}, {"tDn", "duration[ns]"},
      {"+l", "list"},       {"+L", "large_list"},   {"+s", "struct"},       {"+m", "map"},
  };
  for (const auto& [format, name] : names)
    if (f == format) return std::string(name);
  if (f.size() >= 4 && f.substr(0, 2) == "ts") {  // tsu:zone
    static constexpr std::string_view units[] = {"s", "ms", "us", "ns"};
    const std::size_t unit = std::string_view("smun").find(f[2]);
    std::string name = "timestamp[" + std::string(unit < 4 ? units[unit] : f.substr(2, 1));
    if (f.size() > 4) name += ", tz=" + std::string(f.substr(4));
    return name + "]";
  }
  if (f.substr(0, 2) == "d:") return "decimal(" + std::string(f.substr(2)) + ")";
  if (f.substr(0, 2) == "w:") return "fixed_size_binary[" + std::string(f.substr(2)) + "]";
  return "Arrow format '" + std::string(f) + "'";
}

arrow_batches::arrow_batches(ArrowArrayStream& stream, const arrow_styles& styles) : styles_(styles) {
  if (stream.release == nullptr) {
    fail(status::invalid_argument, "the Arrow stream was released already");
    return;
  }
  if (stream.get_schema(&stream, &schema_) != 0) {
    const char* message = stream.get_last_error(&stream);
    fail(status::io_error, message ? message : "the Arrow stream gave no schema");
    return;
  }
  if (std::string_view(schema_.format) != "+s") {
    fail(status::invalid_argument, "the Arrow stream is not of record batches (its type is " +
                                       arrow_type_name(schema_.format) + ")");
    return;
  }
  for (std::int64_t i = 0; i < schema_.n_children; ++i) {
    const ArrowSchema& child = *schema_.children[i];
    names_.emplace_back(child.name ? child.name : "");
    formats_.emplace_back(child.format);
    dictionary_formats_.emplace_back(child.dictionary ? child.dictionary->format : "");
    integer_type type;
    // A dictionary's entries are any type read but a dictionary; its indices integers.
    const std::string_view f = child.dictionary ? std::string_view(child.dictionary->format) : std::string_view(child.format);
    temporal_column times;
    if (temporal_of_format(f, times) && !times.zone.empty() && !time_zone_known(times.zone) && status_ == status::ok)
      fail(status::invalid_argument, "column '" + names_.back() + "' is of type " + arrow_type_name(f) + ": time zone '" +
                                         std::string(times.zone) + "' is not in the tz database ($TZDIR, /usr/share/zoneinfo)");
    // An extension type's text is its library's: neither pyarrow's nor polars' writer takes one, and its
    // storage (a period's ordinal, an interval's struct) is not its value's text.
    if (const std::string_view extension = extension_name(child.metadata); !extension.empty() && status_ == status::ok)
      fail(status::invalid_argument, "column '" + names_.back() + "' is of type extension<" + std::string(extension) +
                                         "> (storage " + arrow_type_name(child.format) +
                                         "): an Arrow extension type is not written as text");
    const bool supported = readable(f, styles_) &&
                           (!child.dictionary || (child.dictionary->dictionary == nullptr &&
                                                  integer_type_of_format(child.format, type)));
    if (!supported && status_ == status::ok)
      fail(status::invalid_argument,
           "column '" + names_.back() + "' is of type " +
               (child.dictionary ? "dictionary<values=" + arrow_type_name(f) + ", indices=" + arrow_type_name(child.format) + ">"
                                 : arrow_type_name(f)) +
               (f.substr(0, 2) == "tD" ? ": polars' style has no text for durations (polars does not write them to CSV)"
                : styles_.floats       ? ", not numbers, strings, dates, times or booleans"
                                       : ", not integers, strings, dates, times or booleans"));
  }
  if (status_ != status::ok) return;
  for (;;) {
    ArrowArray batch{};
    if (stream.get_next(&stream, &batch) != 0) {
      const char* message = stream.get_last_error(&stream);
      fail(status::io_error, message ? message : "the Arrow stream failed");
      return;
    }
    if (batch.release == nullptr) break;  // the end
    arrays_.push_back(batch);
    if (read_batch(arrays_.back(), columns_.emplace_back()) != status::ok) return;
  }
  if (columns_.empty()) {  // no batch: one of no rows, for the header
    static constexpr std::int64_t no_offsets[1] = {0};
    auto& columns = columns_.emplace_back();
    for (std::size_t c = 0; c < names_.size(); ++c) {
      integer_type type;
      float_type floating;
      temporal_column times;
      table_column column{};
      column.name = names_[c];
      if (integer_type_of_format(formats_[c], type)) column.values = integer_column{nullptr, 0, type, 8, false};
      else if (float_type_of_format(formats_[c], floating)) column.values = float_column{nullptr, 0, floating, 8, false, *styles_.floats};
      else if (temporal_of_format(formats_[c], times)) times.style = styles_.times, column.values = times;
      else column.values = string_column{no_offsets, true, "", 0};
      columns.push_back(column);
    }
  }
  for (const auto& c : columns_) spans_.emplace_back(c);
}

arrow_batches::~arrow_batches() {
  for (ArrowArray& a : arrays_)
    if (a.release) a.release(&a);
  if (schema_.release) schema_.release(&schema_);
}

status arrow_batches::fail(status code, std::string message) {
  status_ = code;
  error_ = std::move(message);
  return code;
}

status arrow_batches::read_batch(const ArrowArray& batch, std::vector<table_column>& out) {
  if (batch.n_children != std::int64_t(names_.size()))
    return fail(status::invalid_argument, "an Arrow record batch has a different number of columns than its schema");
  for (std::size_t c = 0; c < names_.size(); ++c) {
    const ArrowArray& a = *batch.children[c];
    table_column column{};
    column.name = names_[c];
    // Each child's rows start at its own offset plus the batch's.
    if (read_column(formats_[c], dictionary_formats_[c], a, std::size_t(a.offset + batch.offset),
                    std::size_t(batch.length), column) != status::ok)
      return status_;
    out.push_back(column);
  }
  return status::ok;
}

status arrow_batches::read_column(std::string_view f, std::string_view entries, const ArrowArray& a, std::size_t offset,
                                  std::size_t rows, table_column& column) {
  if (f != "n" && a.n_buffers > 0 && a.null_count != 0 && a.buffers[0] != nullptr)  // the null type has no buffers
    column.nulls = {static_cast<const std::uint8_t*>(a.buffers[0]), offset, nullptr};
  if (!entries.empty()) return read_dictionary(f, entries, a, offset, rows, column);
  {
    integer_type type;
    float_type floating;
    temporal_column times;
    std::int32_t scale;
    unsigned bits;
    if (temporal_of_format(f, times)) {
      times.data = static_cast<const char*>(a.buffers[1]) + offset * std::size_t(times.stride);
      times.size = rows;
      times.style = styles_.times;
      column.values = times;
    } else if (decimal_of_format(f, scale, bits)) {
      column.values = decimal_column{static_cast<const char*>(a.buffers[1]) + offset * (bits / 8), rows, scale,
                                     styles_.python_decimals, bits};
    } else if (f == "b") {
      column.values = bool_column{static_cast<const std::uint8_t*>(a.buffers[1]), rows, true, offset, styles_.true_text,
                                  styles_.false_text};
    } else if (integer_type_of_format(f, type)) {
      const std::size_t size = std::size_t(1) << (std::size_t(type) / 2);
      column.values = integer_column{static_cast<const char*>(a.buffers[1]) + offset * size, rows, type,
                                     std::ptrdiff_t(size), false};
    } else if (float_type_of_format(f, floating)) {
      const std::size_t size = std::size_t(2) << std::size_t(floating);
      column.values = float_column{static_cast<const char*>(a.buffers[1]) + offset * size, rows, floating,
                                   std::ptrdiff_t(size), false, *styles_.floats};
    } else if (f == "u" || f == "U") {
      column.values = string_column{static_cast<const char*>(a.buffers[1]) + offset * (f == "U" ? 8 : 4), f == "U",
                                    static_cast<const char*>(a.buffers[2]), rows};
    } else if (f == "n") {  // Arrow's null type: every row null, as empty strings under a mask
      auto& s = *strings_.emplace_back(std::make_unique<owned_strings>());
      s.offsets.assign(rows + 1, 0);
      s.nulls.assign(rows, 1);
      column.values = string_column{s.offsets.data(), true, s.data.data(), rows};
      column.nulls = {nullptr, 0, s.nulls.data()};
    } else {  // utf8_view: copied into one buffer with 64-bit offsets
      auto& s = *strings_.emplace_back(std::make_unique<owned_strings>());
      s.offsets.resize(rows + 1);
      std::size_t bytes = 0;
      for (std::size_t i = 0; i < rows; ++i) bytes += view_at(a, offset - std::size_t(a.offset) + i).size();
      s.data.reserve(bytes);
      for (std::size_t i = 0; i < rows; ++i) {
        s.data += view_at(a, offset - std::size_t(a.offset) + i);
        s.offsets[i + 1] = std::int64_t(s.data.size());
      }
      column.values = string_column{s.offsets.data(), true, s.data.data(), rows};
    }
  }
  return status::ok;
}

// A dictionary column: its indices as they are; its entries, strings as they are, others formatted once
// each (as a column of that type would be, nulls empty) into owned strings. Rows whose entry is null are
// null rows.
status arrow_batches::read_dictionary(std::string_view f, std::string_view entries_format, const ArrowArray& a,
                                      std::size_t offset, std::size_t rows, table_column& column) {
  if (a.dictionary == nullptr) return fail(status::invalid_argument, "an Arrow dictionary array has no dictionary");
  const ArrowArray& d = *a.dictionary;
  table_column entries{};
  if (read_column(entries_format, {}, d, std::size_t(d.offset), std::size_t(d.length), entries) != status::ok)
    return status_;
  integer_type type;
  integer_type_of_format(f, type);
  const std::size_t size = std::size_t(1) << (std::size_t(type) / 2);
  dictionary_column dictionary{{static_cast<const char*>(a.buffers[1]) + offset * size, rows, type, std::ptrdiff_t(size), false},
                               {}};
  if (const auto* strings = std::get_if<string_column>(&entries.values)) {
    dictionary.entries = *strings;
  } else {
    auto& s = *strings_.emplace_back(std::make_unique<owned_strings>());
    const table_column one[] = {table_column{entries.values}};
    table_format lines;
    lines.delimiter = "";
    lines.quote = '\0';
    const table_plan plan(one, lines, 1);  // no text but digits, signs, points, letters, colons and spaces
    if (plan.check() != status::ok) return fail(plan.check(), "the dictionary of an Arrow column could not be formatted");
    s.data.resize(plan.length());
    plan.write(s.data);
    s.offsets.assign(1, 0);
    for (std::size_t i = 0; i < s.data.size(); ++i)
      if (s.data[i] == '\n') s.offsets.push_back(std::int64_t(i + 1) - std::int64_t(s.offsets.size()));
    std::erase(s.data, '\n');
    dictionary.entries = string_column{s.offsets.data(), true, s.data.data(), s.offsets.size() - 1};
  }
  if (entries.nulls.bitmap != nullptr) {  // a byte a row: null row or null entry
    auto& s = *strings_.emplace_back(std::make_unique<owned_strings>());
    s.nulls.resize(rows);
    const bool is_signed = std::size_t(type) % 2 == 0;  // i8, i16, i32, i64
    for (std::size_t r = 0; r < rows; ++r) {
      std::uint64_t e = 0;  // little-endian, as Arrow's buffers are here
      std::memcpy(&e, static_cast<const char*>(dictionary.indices.data) + r * size, size);
      if (is_signed && size < 8 && (e >> (8 * size - 1))) e |= ~std::uint64_t(0) << (8 * size);  // negative: no entry
      s.nulls[r] = detail::is_null(column.nulls, r) ||
                   (e < dictionary.entries.size && detail::is_null(entries.nulls, std::size_t(e)));
    }
    column.nulls = {nullptr, 0, s.nulls.data()};
  }
  column.values = dictionary;
  return status::ok;
}

} // namespace simdigits
