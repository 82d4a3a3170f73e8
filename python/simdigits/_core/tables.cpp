#include "tables.hpp"

#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"

namespace simdigits::python {
namespace {

std::string utf8_of(const py::handle& text, const char* what) {
  if (!PyUnicode_Check(text.ptr()))
    raise(PyExc_TypeError, std::string(what) + " must be str, not " + Py_TYPE(text.ptr())->tp_name);
  Py_ssize_t size;
  const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (!utf8) throw py::error_already_set();
  return std::string(utf8, std::size_t(size));
}

bool ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// A by-column dialect entry "own": each value's text on its own (temporal_column::own_digits: pandas'
// columns of pyarrow timestamps and durations).
bool is_own_digits(PyObject* entry) {
  return PyUnicode_Check(entry) && PyUnicode_CompareWithASCIIString(entry, "own") == 0;
}

// Whether a strftime-style format writes a zone's offset or abbreviation (%z, %:z, %Z).
bool has_offset_directive(std::string_view format) {
  for (std::size_t i = 0; i + 1 < format.size(); ++i)
    if (format[i] == '%') {
      if (format[i + 1] == 'z' || format[i + 1] == 'Z' || (format[i + 1] == ':' && i + 2 < format.size() && format[i + 2] == 'z'))
        return true;
      ++i;  // (%% is a literal %)
    }
  return false;
}

// Everything a table refers to, held for the call: buffers, strings, specs, Arrow batches.
class table_arguments {
public:
  std::vector<table_column> columns;
  std::unique_ptr<arrow_batches> arrow;
  std::vector<std::vector<table_column>> arrow_columns;  // the batches' columns, with their specs
  std::vector<std::span<const table_column>> batches;
  bool ascii_only = true;  // whether the text is surely ASCII (ASCII strings, names and specs)

  ~table_arguments() {
    arrow.reset();
    if (stream_.release) stream_.release(&stream_);
    for (Py_buffer& view : views_) PyBuffer_Release(&view);
  }

  const Py_buffer& buffer(const py::handle& obj, const char* what) {
    Py_buffer& view = views_.emplace_back();
    if (PyObject_GetBuffer(obj.ptr(), &view, PyBUF_RECORDS_RO) != 0) {
      views_.pop_back();
      if (!PyErr_ExceptionMatches(PyExc_TypeError)) throw py::error_already_set();
      PyErr_Clear();
      raise(PyExc_TypeError, std::string(what) + " must be a buffer, not " + Py_TYPE(obj.ptr())->tp_name);
    }
    return view;
  }

  std::string_view text(const py::handle& obj, const char* what) {
    const std::string& s = texts_.emplace_back(utf8_of(obj, what));
    if (!python::ascii(s)) ascii_only = false;
    return s;
  }

  // A column's spec: ("%", text) for a printf conversion, else Python's mini-language, read for the
  // column's values (integers or floats).
  const format_spec* spec(const py::handle& obj, bool floats = false) {
    if (obj.is_none()) return nullptr;
    spec_argument parsed = PyTuple_Check(obj.ptr()) ? spec_of(obj[py::int_(1)], spec_grammar::printf)
                                                    : spec_of(obj, spec_grammar::python, floats ? values_kind::any : values_kind::integers);
    if (floats) parsed.use_for_floats();
    if (!parsed.ascii()) ascii_only = false;
    return &specs_.emplace_back(std::move(*parsed.spec));
  }

  void add(const py::handle& item) {
    if (!PyTuple_Check(item.ptr()) || PyTuple_GET_SIZE(item.ptr()) < 2)
      raise(PyExc_TypeError, "a column must be a tuple (kind, values, ...)");
    const std::string kind = utf8_of(item[py::int_(0)], "kind");
    if (arrow || (kind == "arrow" && !columns.empty()))
      raise(PyExc_ValueError, "an Arrow stream is a table of its own: no other columns beside it");
    if (kind == "arrow")
      return add_arrow(item[py::int_(1)], item[py::int_(2)], item[py::int_(3)], item[py::int_(4)],
                       PyTuple_GET_SIZE(item.ptr()) > 5 ? py::object(item[py::int_(5)]) : py::object(py::none()),
                       PyTuple_GET_SIZE(item.ptr()) > 6 ? py::object(item[py::int_(6)]) : py::object(py::none()));
    const py::handle values = item[py::int_(1)], name = item[py::int_(2)], nulls = item[py::int_(3)],
                     spec = item[py::int_(4)];
    if (kind == "m") return add_matrix(values, name, spec);
    table_column c;
    if (!name.is_none()) c.name = text(name, "a column name");
    if (kind == "i") {
      const Py_buffer& v = buffer(values, "a column");
      if (v.ndim != 1) raise(PyExc_ValueError, "a column must be 1-dimensional");
      const integer_layout layout = integer_layout_of(v, "a column", true);
      c.values = integer_column{v.buf, std::size_t(v.shape[0]), layout.type, v.strides ? v.strides[0] : v.itemsize,
                                layout.byte_swapped};
      c.spec = spec_for(spec);
    } else if (kind == "f") {  // the spec's place holds the float style, a spec may follow
      const Py_buffer& v = buffer(values, "a column");
      const std::optional<float_layout> layout = float_layout_of(v);
      if (v.ndim != 1 || !layout) raise(PyExc_ValueError, "a float column must be a 1-dimensional buffer of floats");
      c.values = float_column{v.buf, std::size_t(v.shape[0]), layout->type, v.strides ? v.strides[0] : v.itemsize,
                              layout->byte_swapped, float_style_of(spec)};
      if (PyTuple_GET_SIZE(item.ptr()) > 5) c.spec = this->spec(item[py::int_(5)], true);
    } else if (kind == "s") {
      const Py_buffer& offsets = buffer(values[py::int_(0)], "string offsets");
      const Py_buffer& data = buffer(values[py::int_(1)], "string data");
      if (offsets.ndim != 1 || (offsets.itemsize != 4 && offsets.itemsize != 8) || !PyBuffer_IsContiguous(&offsets, 'C') ||
          offsets.shape[0] < 1)
        raise(PyExc_ValueError, "string offsets must be a contiguous 1-D buffer of int32 or int64");
      const std::size_t n = std::size_t(offsets.shape[0]) - 1;
      const std::int64_t last = offsets.itemsize == 8 ? static_cast<const std::int64_t*>(offsets.buf)[n]
                                                      : static_cast<const std::int32_t*>(offsets.buf)[n];
      if (last > std::int64_t(data.len)) raise(PyExc_ValueError, "string offsets run past their data");
      const string_column strings{offsets.buf, offsets.itemsize == 8, static_cast<const char*>(data.buf), n};
      c.values = strings;
      if (ascii_only && !is_ascii(strings)) ascii_only = false;
    } else if (kind == "t") {  // the spec's place holds (kind, unit, style, format)
      const Py_buffer& v = buffer(values, "a column");
      if (v.ndim != 1 || (v.itemsize != 4 && v.itemsize != 8))
        raise(PyExc_ValueError, "a temporal column must be a 1-dimensional buffer of 32- or 64-bit integers");
      const integer_layout layout = integer_layout_of(v, "a column", true);
      if (!PyTuple_Check(spec.ptr()) || PyTuple_GET_SIZE(spec.ptr()) != 4)
        raise(PyExc_TypeError, "a temporal column's description must be (kind, unit, style, format)");
      temporal_column t;
      t.data = v.buf, t.size = std::size_t(v.shape[0]), t.stride = v.strides ? v.strides[0] : v.itemsize;
      t.narrow = v.itemsize == 4, t.byte_swapped = layout.byte_swapped;
      t.kind = temporal_kind(index_of(spec[py::int_(0)], {"timestamp", "date", "time", "duration"}, "a temporal kind"));
      t.unit = time_unit(index_of(spec[py::int_(1)], {"D", "s", "ms", "us", "ns"}, "a time unit"));
      t.style = temporal_style_of(spec[py::int_(2)]);
      if (!spec[py::int_(3)].is_none()) t.format = time_format_of(spec[py::int_(3)], t.style);
      c.values = t;
    } else if (kind == "b") {  // the spec's place holds (true_text, false_text)
      const Py_buffer& v = buffer(values, "a column");
      if (v.ndim != 1 || v.itemsize != 1 || !PyBuffer_IsContiguous(&v, 'C'))
        raise(PyExc_ValueError, "a boolean column must be a contiguous 1-dimensional buffer of bytes");
      c.values = bool_column{static_cast<const std::uint8_t*>(v.buf), std::size_t(v.shape[0]), false, 0,
                             text(spec[py::int_(0)], "true_text"), text(spec[py::int_(1)], "false_text")};
    } else {
      raise(PyExc_ValueError, "unknown column kind '" + kind + "'");
    }
    if (!nulls.is_none()) c.nulls = null_rows_of(nulls, rows_of(c));
    columns.push_back(c);
  }

private:
  static std::size_t rows_of(const table_column& c) {
    return std::visit([](const auto& values) {
      if constexpr (requires { values.indices; }) return values.indices.size;
      else return values.size;
    }, c.values);
  }

  static std::size_t index_of(const py::handle& name, std::initializer_list<std::string_view> names, const char* what) {
    const std::string given = utf8_of(name, what);
    std::size_t i = 0;
    for (std::string_view n : names) {
      if (given == n) return i;
      ++i;
    }
    raise(PyExc_ValueError, "unknown " + std::string(what) + " '" + given + "'");
  }
  // "polars" (the iso style), "pandas" or "numpy".
  static temporal_style temporal_style_of(const py::handle& name) {
    return temporal_style(index_of(name, {"polars", "pandas", "numpy", "arrow"}, "a temporal style"));
  }
  // A strftime-style format, checked: a directive not taken is a ValueError naming it.
  std::string_view time_format_of(const py::handle& format, temporal_style style) {
    const std::string_view f = text(format, "a date format");
    const std::string_view bad = unsupported_time_directive(f, style);
    if (!bad.empty())
      raise(PyExc_ValueError, "date format " + py::repr(format).cast<std::string>() + ": the directive '" + std::string(bad) +
                                  "' is not supported");
    return f;
  }

  const format_spec* spec_for(const py::handle& spec) { return this->spec(spec); }

  null_rows null_rows_of(const py::handle& nulls, std::size_t rows) {
    if (PyTuple_Check(nulls.ptr())) {  // (bitmap, bit offset)
      const Py_buffer& bits = buffer(nulls[py::int_(0)], "a validity bitmap");
      const std::int64_t offset = int64_argument(nulls[py::int_(1)], "the bitmap's offset");
      if (offset < 0 || std::size_t(bits.len) * 8 < std::size_t(offset) + rows)
        raise(PyExc_ValueError, "a validity bitmap is shorter than its column");
      return {static_cast<const std::uint8_t*>(bits.buf), std::size_t(offset), nullptr};
    }
    const Py_buffer& mask = buffer(nulls, "a null mask");
    if (mask.itemsize != 1 || mask.ndim != 1 || !PyBuffer_IsContiguous(&mask, 'C') || std::size_t(mask.shape[0]) != rows)
      raise(PyExc_ValueError, "a null mask must be a contiguous 1-D buffer of bytes as long as its column");
    return {nullptr, 0, static_cast<const std::uint8_t*>(mask.buf)};
  }

  void add_matrix(const py::handle& values, const py::handle& names, const py::handle& spec) {
    const Py_buffer& v = buffer(values, "X");
    if (v.ndim != 2) raise(PyExc_ValueError, "expected a 2-D array, got " + std::to_string(v.ndim) + " dimensions");
    const integer_layout layout = integer_layout_of(v, "X", true);
    const std::size_t rows = std::size_t(v.shape[0]), width = std::size_t(v.shape[1]);
    const std::ptrdiff_t row_stride = v.strides ? v.strides[0] : v.shape[1] * v.itemsize;
    const std::ptrdiff_t column_stride = v.strides ? v.strides[1] : v.itemsize;
    std::vector<table_column> matrix = matrix_columns(v.buf, layout.type, rows, width, row_stride, column_stride);
    const bool by_column = PyList_Check(spec.ptr()) || (PyTuple_Check(spec.ptr()) && !is_printf(spec));
    if (by_column && std::size_t(py::len(spec)) != width) raise(PyExc_ValueError, "one fmt for each column, please");
    const format_spec* shared = by_column ? nullptr : spec_for(spec);
    for (std::size_t c = 0; c < width; ++c) {
      matrix[c].spec = by_column ? spec_for(spec[py::int_(c)]) : shared;
      std::get<integer_column>(matrix[c].values).byte_swapped = layout.byte_swapped;
      if (!names.is_none()) matrix[c].name = text(names[py::int_(c)], "a column name");
      columns.push_back(matrix[c]);
    }
  }
  static bool is_printf(const py::handle& spec) {
    return PyTuple_Check(spec.ptr()) && PyTuple_GET_SIZE(spec.ptr()) == 2 && PyUnicode_Check(PyTuple_GET_ITEM(spec.ptr(), 0)) &&
           PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(spec.ptr(), 0), "%") == 0;
  }

  // names: None, or a list that replaces the columns' names.
  // A float style by name: "python", "polars", "json" or "cpp".
  static float_style float_style_of(const py::handle& name) {
    const std::string style = utf8_of(name, "a float style");
    if (style == "python") return float_style::python;
    if (style == "polars") return float_style::polars;
    if (style == "json") return float_style::json;
    if (style == "cpp") return float_style::cpp;
    raise(PyExc_ValueError, "unknown float style '" + style + "'");
  }

  // `floats`: the style of float columns, None to refuse them. `specs`: one spec for the integer columns
  // or a dict of column name -> spec (for floats too); `float_spec`: that of float columns without one.
  // `dialect`: (temporal style, true text, false text, date format, datetime format, time format[,
  // {column name: (temporal style, format) of a date or timestamp column, or the finest unit ("D", "s",
  // "ms", "us", "ns") of a duration column's text}]), or None.
  void add_arrow(const py::handle& capsule, const py::handle& specs, const py::handle& names, const py::handle& floats,
                 const py::handle& float_spec, const py::handle& dialect) {
    auto* exported = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream"));
    if (!exported) throw py::error_already_set();
    // The stream is moved out of the capsule (the PyCapsule protocol: its release is then ours to call),
    // so that a capsule read twice says so instead of reading a stream at its end.
    arrow_styles styles;
    styles.floats = floats.is_none() ? std::nullopt : std::optional(float_style_of(floats));
    std::string_view formats[3];  // of dates, timestamps, times of day
    py::handle by_column;         // a dict: those of named columns
    if (!dialect.is_none()) {
      if (PyTuple_GET_SIZE(dialect.ptr()) > 6) by_column = dialect[py::int_(6)];
      styles.times = temporal_style_of(dialect[py::int_(0)]);
      // (Arrow's cast writes decimals as Python's Decimal does: "1.0E+3" of a negative scale, "1E-9")
      styles.python_decimals = styles.times == temporal_style::pandas || styles.times == temporal_style::arrow;
      styles.true_text = text(dialect[py::int_(1)], "true_text");
      styles.false_text = text(dialect[py::int_(2)], "false_text");
      for (int k = 0; k < 3; ++k)
        if (!dialect[py::int_(3 + k)].is_none()) formats[k] = time_format_of(dialect[py::int_(3 + k)], styles.times);
    }
    stream_ = *exported;
    exported->release = nullptr;
    {
      gil_release_if nogil(true);  // the producer may compute its batches
      arrow = std::make_unique<arrow_batches>(stream_, styles);
    }
    if (arrow->check() == status::io_error) raise(PyExc_OSError, arrow->error());
    if (arrow->check() != status::ok) raise(PyExc_TypeError, arrow->error());
    const bool by_name = PyDict_Check(specs.ptr());
    const std::span<const table_column> first = arrow->batches().empty() ? std::span<const table_column>() : arrow->batches()[0];
    std::vector<const format_spec*> spec_of_column;
    for (std::size_t c = 0; c < arrow->names().size(); ++c) {
      const std::string& name = arrow->names()[c];
      if (!python::ascii(name)) ascii_only = false;
      const bool is_float = c < first.size() && std::holds_alternative<float_column>(first[c].values);
      py::handle given = by_name ? PyDict_GetItemString(specs.ptr(), name.c_str()) : is_float ? nullptr : specs.ptr();
      if (!given && is_float) given = float_spec;
      spec_of_column.push_back(given ? spec(given, is_float) : nullptr);
    }
    for (std::span<const table_column> batch : arrow->batches()) {
      auto& columns_of_batch = arrow_columns.emplace_back(batch.begin(), batch.end());
      for (std::size_t c = 0; c < columns_of_batch.size(); ++c) {
        table_column& column = columns_of_batch[c];
        if (auto* times = std::get_if<temporal_column>(&column.values); times && times->kind == temporal_kind::duration) {
          if (by_column && PyDict_Check(by_column.ptr())) {
            if (PyObject* unit = PyDict_GetItemString(by_column.ptr(), arrow->names()[c].c_str())) {
              if (is_own_digits(unit)) times->own_digits = true;
              else times->finest = time_unit(index_of(unit, {"D", "s", "ms", "us", "ns"}, "a duration's finest unit"));
            }
          }
        } else if (times) {
          const std::string_view format = formats[times->kind == temporal_kind::date && times->unit == time_unit::day ? 0
                                                  : times->kind == temporal_kind::time_of_day                        ? 2
                                                                                                                     : 1];
          if (!format.empty()) times->format = format;
          if (by_column && PyDict_Check(by_column.ptr())) {
            if (PyObject* own = PyDict_GetItemString(by_column.ptr(), arrow->names()[c].c_str()); own && is_own_digits(own)) {
              times->own_digits = true;
              times->format = {};  // (pandas applies no date_format to them)
            } else if (own) {
              if (!PyTuple_Check(own) || PyTuple_GET_SIZE(own) != 2)
                raise(PyExc_TypeError, "a column's date format must be (style, format)");
              times->style = temporal_style_of(PyTuple_GET_ITEM(own, 0));
              times->format = time_format_of(PyTuple_GET_ITEM(own, 1), times->style);
            }
          }
          if (times->zone.empty() && times->style == temporal_style::iso && has_offset_directive(times->format))
            raise(PyExc_ValueError, "column '" + arrow->names()[c] + "' has no time zone for the offset (%z) or its name (%Z) of format '" +
                                        std::string(times->format) + "' (polars refuses it too)");
          if (const std::string_view misplaced = times->style == temporal_style::iso ? misplaced_time_directive(times->format, times->kind)
                                                                                      : std::string_view();
              !misplaced.empty())
            raise(PyExc_ValueError, "column '" + arrow->names()[c] + "' is " +
                                        (times->kind == temporal_kind::date ? "a date: its format's " : "a time of day: its format's ") +
                                        std::string(misplaced) + " has no value there (format '" + std::string(times->format) +
                                        "'; polars refuses it too)");
        } else if (const auto* strings = std::get_if<string_column>(&column.values)) {
          if (ascii_only && !is_ascii(*strings)) ascii_only = false;
        } else if (const auto* categories = std::get_if<dictionary_column>(&column.values)) {
          if (ascii_only && !is_ascii(categories->entries)) ascii_only = false;
        } else if (!std::holds_alternative<bool_column>(column.values) &&  // (true and false texts: text() looked)
                   !std::holds_alternative<decimal_column>(column.values)) {
          column.spec = spec_of_column[c];
        }
      }
    }
    if (!names.is_none()) {
      if (std::size_t(py::len(names)) != arrow->names().size())
        raise(PyExc_ValueError, "header has " + std::to_string(py::len(names)) + " names for " +
                                    std::to_string(arrow->names().size()) + " columns");
      for (std::size_t c = 0; c < arrow->names().size(); ++c) {
        const std::string_view name = text(names[py::int_(c)], "a column name");
        for (auto& b : arrow_columns) b[c].name = name;
      }
    }
    for (const auto& b : arrow_columns) batches.emplace_back(b);
  }

  ArrowArrayStream stream_{};
  std::deque<Py_buffer> views_;
  std::deque<std::string> texts_;
  std::deque<format_spec> specs_;
};

// Hands each piece to a Python callable as bytes; the first exception stops the writing and is kept.
struct python_sink {
  PyObject* callable;
  std::optional<py::error_already_set> error;
  bool operator()(std::string_view piece) {
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject* bytes = PyBytes_FromStringAndSize(piece.data(), Py_ssize_t(piece.size()));
    PyObject* result = bytes ? PyObject_CallOneArg(callable, bytes) : nullptr;
    Py_XDECREF(bytes);
    const bool ok = result != nullptr;
    Py_XDECREF(result);
    if (!ok) error.emplace();
    PyGILState_Release(gil);
    return ok;
  }
};

} // namespace

py::object table(const py::handle& columns, const py::handle& format, const py::handle& threads,
                 const py::handle& target, const py::handle& prefix, const py::handle& suffix) {
  table_arguments a;
  if (!PyList_Check(columns.ptr())) raise(PyExc_TypeError, "columns must be a list");
  for (const py::handle item : columns) a.add(item);
  if (!PyTuple_Check(format.ptr()) || PyTuple_GET_SIZE(format.ptr()) != 9)
    raise(PyExc_TypeError, "format must be a tuple of 9 items");
  table_format f;
  f.delimiter = a.text(format[py::int_(0)], "sep");
  f.terminator = a.text(format[py::int_(1)], "lineterminator");
  f.header = flag_argument(format[py::int_(2)], "header");
  f.null_text = a.text(format[py::int_(3)], "na_rep");
  const std::string_view quote = a.text(format[py::int_(4)], "quotechar");
  if (quote.size() > 1) raise(PyExc_TypeError, "quotechar must be one ASCII character (or empty: no quoting)");
  f.quote = quote.empty() ? '\0' : quote[0];
  f.quote_chars = a.text(format[py::int_(5)], "quote_chars");
  f.quote_empty = flag_argument(format[py::int_(6)], "quote_empty");
  f.quote_empty_row = flag_argument(format[py::int_(7)], "quote_empty_row");
  f.quote_numbers = flag_argument(format[py::int_(8)], "quote_numbers");
  const unsigned t = thread_count(threads);

  const bool many = true;  // tables are measured with the GIL released: each row is several values
  std::optional<table_plan> plan;
  {
    gil_release_if nogil(many);
    if (a.arrow) plan.emplace(a.batches, f, t);
    else plan.emplace(std::span<const table_column>(a.columns), f, t);
  }
  if (plan->check() != status::ok) {
    if (plan->check() == status::invalid_argument) raise(PyExc_ValueError, "the columns do not make a table (different lengths?)");
    raise_status({plan->check()});
  }
  const std::size_t length = plan->length();
  if (PyUnicode_Check(target.ptr())) {
    const std::string kind = utf8_of(target, "target");
    if (kind == "length") return py::int_(length);
    // suffix (text, k): the text's last k bytes give way to it (JSON's rows: "],[" after the last row).
    const bool trims = PyTuple_Check(suffix.ptr());
    const std::string before = utf8_of(prefix, "prefix"), after = utf8_of(trims ? suffix[py::int_(0)] : suffix, "suffix");
    const std::int64_t drop = trims ? int64_argument(suffix[py::int_(1)], "trim") : 0;
    if (drop < 0 || std::size_t(drop) > length || (drop && kind != "bytes"))
      raise(PyExc_ValueError, "the text is shorter than what is trimmed (or not bytes)");
    const bool as_str = kind == "str";
    const bool write_ascii = as_str && a.ascii_only && python::ascii(before) && python::ascii(after);
    const std::size_t total = before.size() + length + after.size();
    if (total > std::size_t(PY_SSIZE_T_MAX) || total < length) raise_status({status::too_long});
    PyObject* out = write_ascii ? PyUnicode_New(Py_ssize_t(total), 127) : PyBytes_FromStringAndSize(nullptr, Py_ssize_t(total));
    if (!out) throw py::error_already_set();
    py::object result = py::reinterpret_steal<py::object>(out);
    char* p = write_ascii ? static_cast<char*>(PyUnicode_DATA(out)) : PyBytes_AS_STRING(out);
    advise_huge_pages(p, total);
    std::memcpy(p, before.data(), before.size());
    std::memcpy(p + before.size() + length, after.data(), after.size());
    write_result written;
    {
      gil_release_if nogil(length >= (std::size_t(1) << 16));
      written = plan->write(std::span<char>(p + before.size(), length), memory::fresh);
    }
    if (!written) raise_status(written);
    if (drop > 0) {
      std::memmove(p + before.size() + length - std::size_t(drop), after.data(), after.size());
      PyObject* raw = result.release().ptr();
      if (_PyBytes_Resize(&raw, Py_ssize_t(total - std::size_t(drop))) != 0) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(raw);
    }
    if (as_str && !write_ascii) {
      PyObject* text = PyUnicode_DecodeUTF8(p, Py_ssize_t(total), "strict");
      if (!text) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(text);
    }
    return result;
  }
  if (PyTuple_Check(target.ptr())) {  // (fd, offset)
    const std::int64_t fd = int64_argument(target[py::int_(0)], "fd");
    const std::int64_t offset = int64_argument(target[py::int_(1)], "offset");
    if (fd < 0 || offset < 0) raise(PyExc_ValueError, "fd and offset must not be negative");
    write_result written;
    {
      gil_release_if nogil(true);
      written = plan->write(int(fd), std::uint64_t(offset));
    }
    if (!written) raise_status(written);
    return py::int_(written.bytes);
  }
  if (!PyCallable_Check(target.ptr())) raise(PyExc_TypeError, "target must be a str, (fd, offset) or a callable");
  // A sink that wants the length first (a progress bar's total) has a method `expect`.
  if (PyObject_HasAttrString(target.ptr(), "expect")) target.attr("expect")(py::int_(length));
  python_sink sink{target.ptr(), {}};
  write_result written;
  {
    gil_release_if nogil(true);
    written = plan->write_pieces(std::ref(sink));
  }
  if (sink.error) throw *sink.error;
  if (!written) raise_status(written);
  return py::int_(length);
}

} // namespace simdigits::python
