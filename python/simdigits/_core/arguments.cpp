#include "arguments.hpp"

#include <algorithm>
#include <bit>
#include <string_view>

namespace simdigits::python {

std::int64_t int64_argument(const py::handle& value, const char* name) {
  PyObject* index = PyNumber_Index(value.ptr());  // what range() accepts: int, __index__
  if (!index) {
    if (!PyErr_ExceptionMatches(PyExc_TypeError)) throw py::error_already_set();
    PyErr_Clear();
    raise(PyExc_TypeError, std::string(name) + " must be an integer, not " + Py_TYPE(value.ptr())->tp_name);
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index, &overflow);
  Py_DECREF(index);
  if (overflow) raise(PyExc_OverflowError, std::string(name) + " must fit in a signed 64-bit integer");
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

bool flag_argument(const py::handle& value, const char* name) {
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (PyLong_CheckExact(value.ptr())) {
    const long v = PyLong_AsLong(value.ptr());
    if (v == 0 || v == 1) return v == 1;
  }
  raise(PyExc_TypeError, std::string(name) + " must be True or False, not " + Py_TYPE(value.ptr())->tp_name);
}

unsigned thread_count(const py::handle& threads) {
  if (threads.is_none()) return 0;
  const std::int64_t n = int64_argument(threads, "threads");
  if (n < 1) raise(PyExc_ValueError, "threads must be at least 1 (or None to choose by size)");
  return unsigned(std::min<std::int64_t>(n, 1 << 16));
}

arithmetic_range range_arguments(const char* function, const py::handle& start, const py::handle& stop,
                                 const py::handle& step) {
  const arithmetic_range r{int64_argument(start, "start"), int64_argument(stop, "stop"), int64_argument(step, "step")};
  if (r.step == 0) raise(PyExc_ValueError, std::string(function) + " arg 3 must not be zero");
  return r;
}

separator separator_argument(const py::handle& sep, bool as_bytes) {
  separator s;
  PyObject* obj = sep.ptr();
  if (PyUnicode_Check(obj)) {
    if (as_bytes) {
      Py_ssize_t size;
      const char* utf8 = PyUnicode_AsUTF8AndSize(obj, &size);
      if (!utf8) throw py::error_already_set();
      s.bytes.assign(utf8, std::size_t(size));
      s.units = s.bytes.size();
      return s;
    }
    s.kind = PyUnicode_KIND(obj);
    s.max_char = std::max<Py_UCS4>(127, PyUnicode_MAX_CHAR_VALUE(obj));
    s.units = std::size_t(PyUnicode_GET_LENGTH(obj));
    if (s.kind == PyUnicode_1BYTE_KIND) {
      s.bytes.assign(static_cast<const char*>(PyUnicode_DATA(obj)), s.units);
    } else {
      s.text = obj;
      s.bytes.assign(s.units, '\0');
    }
    return s;
  }
  if (PyBytes_Check(obj) || PyByteArray_Check(obj)) {
    if (!as_bytes) raise(PyExc_TypeError, "sep must be str (bytes are accepted only with as_bytes=True)");
    if (PyBytes_Check(obj)) s.bytes.assign(PyBytes_AS_STRING(obj), std::size_t(PyBytes_GET_SIZE(obj)));
    else s.bytes.assign(PyByteArray_AS_STRING(obj), std::size_t(PyByteArray_GET_SIZE(obj)));
    s.units = s.bytes.size();
    return s;
  }
  raise(PyExc_TypeError, std::string("sep must be str or bytes, not ") + Py_TYPE(obj)->tp_name);
}

bool spec_argument::ascii() const noexcept {
  if (!spec) return true;
  for (const std::string* text : {&spec->fill, &spec->before, &spec->after})
    for (char c : *text)
      if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool spec_argument::adds_nul() const noexcept {
  if (!spec) return false;
  for (const std::string* text : {&spec->fill, &spec->before, &spec->after})
    if (text->find('\0') != std::string::npos) return true;
  return false;
}

spec_argument spec_of(const py::handle& fmt, spec_grammar grammar, values_kind values) {
  spec_argument s;
  if (fmt.is_none()) return s;
  if (!PyUnicode_Check(fmt.ptr()))
    raise(PyExc_TypeError, std::string("fmt must be str or None, not ") + Py_TYPE(fmt.ptr())->tp_name);
  Py_ssize_t size;
  const char* utf8 = PyUnicode_AsUTF8AndSize(fmt.ptr(), &size);
  if (!utf8) throw py::error_already_set();
  const std::string_view text(utf8, std::size_t(size));
  const bool python = grammar == spec_grammar::python;
  spec_result parsed = python ? parse_format_spec(text) : parse_printf_spec(text);
  spec_result as_floats = python ? parse_format_spec(text, spec_for::floats) : parsed;
  if (!parsed && (values == values_kind::integers || !as_floats)) raise(PyExc_ValueError, parsed.message);
  if (parsed) s.spec = std::move(parsed.spec);
  else s.integer_fault = std::move(parsed.message);
  if (as_floats) s.float_spec = std::move(as_floats.spec);
  else s.float_fault = std::move(as_floats.message);
  s.object = fmt.ptr();
  return s;
}

void spec_argument::check_for_integers() const {
  if (object && !spec) raise(PyExc_ValueError, integer_fault);
}

void spec_argument::use_for_floats() {
  if (!object) return;
  if (!float_spec) raise(PyExc_ValueError, float_fault);
  if (!float_spec->floating() && float_spec->type != 'd')  // Python's % takes %d of a float, not %x or %o
    raise(PyExc_TypeError, "%" + std::string(1, float_spec->type) + " format: an integer is required, not float");
  spec = float_spec;
}

// ---- values -----------------------------------------------------------------------------------------

values_argument::values_argument(const py::handle& values, spec_argument& fmt) {
  PyObject* obj = values.ptr();
  if (PyRange_Check(obj)) {  // join(range(...)): the numbers in closed form, never materialised
    try {
      integers_ = arithmetic_range{int64_argument(values.attr("start"), "start"),
                                   int64_argument(values.attr("stop"), "stop"),
                                   int64_argument(values.attr("step"), "step")};
      return;
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_OverflowError)) throw;  // bounds beyond int64: iterated below, like any iterable
    }
  }
  // Objects that refuse to export (NumPy datetimes, say) are taken as iterables, like object arrays.
  has_view_ = PyObject_CheckBuffer(obj) && PyObject_GetBuffer(obj, &view_, PyBUF_RECORDS_RO) == 0;
  if (!has_view_) PyErr_Clear();
  std::string_view format = has_view_ && view_.format ? view_.format : "B";
  if (has_view_ && format != "O") from_buffer(fmt);
  else from_iterable(obj, fmt);  // object arrays too
}

// The items as the doubles Python's float() makes of them (an OverflowError for ints past a double).
void values_argument::from_doubles(const py::object& items) {
  const Py_ssize_t n = PyTuple_GET_SIZE(items.ptr());
  doubles_.resize(std::size_t(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyTuple_GET_ITEM(items.ptr(), i);
    if (PyBool_Check(item) || (!PyFloat_Check(item) && !PyLong_Check(item) && !PyIndex_Check(item)))
      raise(PyExc_TypeError, std::string("values must be integers or floats, got ") + Py_TYPE(item)->tp_name +
                                 " at index " + std::to_string(i));
    double v;
    if (PyFloat_Check(item) || PyLong_Check(item)) {
      v = PyFloat_AsDouble(item);
    } else {
      py::object integer = py::reinterpret_steal<py::object>(PyNumber_Index(item));
      if (!integer) throw py::error_already_set();
      v = PyLong_AsDouble(integer.ptr());
    }
    if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    doubles_[std::size_t(i)] = v;
  }
  items_ = doubles_.size();
  integers_ = float_column::of(std::span<const double>(doubles_), float_style::python);
}

void values_argument::write_floats_as(float_style style) noexcept {
  if (auto* floats = std::get_if<float_column>(&integers_)) floats->style = style;
  if (auto* list = std::get_if<integer_list>(&integers_)) list->style = style;
}

values_argument::~values_argument() {
  if (has_view_) PyBuffer_Release(&view_);
}

integer_layout integer_layout_of(const Py_buffer& view, const char* what, bool booleans) {
  std::string_view format = view.format ? view.format : "B";
  char order = '@';
  if (!format.empty() && std::string_view("@=<>!").find(format[0]) != std::string_view::npos) {
    order = format[0];
    format.remove_prefix(1);
  }
  if (booleans && format == "?") format = "B";
  if (format.size() != 1 || std::string_view("bBhHiIlLqQnN").find(format[0]) == std::string_view::npos) {
    const std::string kind = format == "?" ? "booleans, not integers" : format == "O" ? "objects, not integers"
                                                                                     : "no integers";
    raise(PyExc_TypeError, std::string(what) + " holds " + kind + " (buffer format '" +
                               std::string(view.format ? view.format : "B") + "')");
  }
  const bool is_signed = format[0] >= 'a';  // lower case: signed
  const bool big_endian = order == '>' || order == '!';
  integer_type type;
  switch (view.itemsize) {
  case 1: type = is_signed ? integer_type::i8 : integer_type::u8; break;
  case 2: type = is_signed ? integer_type::i16 : integer_type::u16; break;
  case 4: type = is_signed ? integer_type::i32 : integer_type::u32; break;
  case 8: type = is_signed ? integer_type::i64 : integer_type::u64; break;
  default: raise(PyExc_TypeError, std::string(what) + " has an unsupported integer item size " + std::to_string(view.itemsize));
  }
  return {type, big_endian != (std::endian::native == std::endian::big)};
}

std::optional<float_layout> float_layout_of(const Py_buffer& view) {
  std::string_view format = view.format ? view.format : "B";
  char order = '@';
  if (!format.empty() && std::string_view("@=<>!").find(format[0]) != std::string_view::npos) {
    order = format[0];
    format.remove_prefix(1);
  }
  if (format.size() != 1) return std::nullopt;
  float_type type;
  switch (format[0]) {
  case 'e': type = float_type::f16; break;
  case 'f': type = float_type::f32; break;
  case 'd': type = float_type::f64; break;
  default: return std::nullopt;
  }
  if (view.itemsize != (type == float_type::f16 ? 2 : type == float_type::f32 ? 4 : 8)) return std::nullopt;
  const bool big_endian = order == '>' || order == '!';
  return float_layout{type, big_endian != (std::endian::native == std::endian::big)};
}

void values_argument::from_buffer(spec_argument& fmt) {
  if (view_.ndim != 1)
    raise(PyExc_ValueError, "values must be 1-dimensional, got " + std::to_string(view_.ndim) + " dimensions");
  items_ = std::size_t(view_.shape[0]);
  const std::ptrdiff_t stride = view_.strides ? view_.strides[0] : view_.itemsize;
  if (const std::optional<float_layout> floats = float_layout_of(view_)) {
    fmt.use_for_floats();
    integers_ = float_column{view_.buf, items_, floats->type, stride, floats->byte_swapped, float_style::python};
    return;
  }
  const integer_layout layout = integer_layout_of(view_, "values");
  fmt.check_for_integers();
  integers_ = integer_column{view_.buf, items_, layout.type, stride, layout.byte_swapped};
}

void values_argument::from_iterable(PyObject* obj, spec_argument& spec) {
  if (!PyIter_Check(obj) && !PySequence_Check(obj) && !PyObject_HasAttrString(obj, "__iter__"))
    raise(PyExc_TypeError, std::string("values must be an iterable of integers or floats or a 1-D buffer of them, not ") +
                               Py_TYPE(obj)->tp_name);
  // A tuple of our own: __index__ of an item may run code that resizes a list we would be reading.
  py::object items = py::reinterpret_steal<py::object>(PySequence_Tuple(obj));
  if (!items) throw py::error_already_set();
  const Py_ssize_t n = PyTuple_GET_SIZE(items.ptr());
  // Under a spec, the values' kind chooses its meaning: floats (and ints under a float type) go as
  // doubles; ints with floats among them take only a float type, which treats both alike.
  if (spec.object) {
    Py_ssize_t floats = 0;
    for (Py_ssize_t i = 0; i < n; ++i) floats += PyFloat_Check(PyTuple_GET_ITEM(items.ptr(), i));
    if (floats == 0) spec.check_for_integers();
    if (floats == n && n > 0) spec.use_for_floats();
    if (floats != 0 && floats != n && !(spec.spec && spec.spec->floating()))
      raise(PyExc_ValueError, "fmt '" + std::string(PyUnicode_AsUTF8(spec.object)) +
                                  "' means one thing for ints and another for floats: give a float type (e, f, g, %) "
                                  "to format values of both kinds");
    if (spec.spec->floating()) return from_doubles(items);
  }
  PyObject* const fmt = spec.object;
  values_.resize(std::size_t(n));
  std::vector<std::size_t> wide_at;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyTuple_GET_ITEM(items.ptr(), i);
    if (PyBool_Check(item)) raise(PyExc_TypeError, "values must be integers or floats, got bool at index " + std::to_string(i));
    if (PyFloat_Check(item)) {  // written as repr() writes it (what str() of a float gives)
      floats_.push_back({std::size_t(i), PyFloat_AS_DOUBLE(item)});
      values_[std::size_t(i)] = 0;
      continue;
    }
    if (!PyLong_Check(item) && !PyIndex_Check(item))
      raise(PyExc_TypeError, std::string("values must be integers or floats, got ") + Py_TYPE(item)->tp_name +
                                 " at index " + std::to_string(i));
    py::object integer = py::reinterpret_steal<py::object>(PyNumber_Index(item));
    if (!integer) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(integer.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow == 0) {
      values_[std::size_t(i)] = v;
      continue;
    }
    py::object text = py::reinterpret_steal<py::object>(fmt ? PyObject_Format(integer.ptr(), fmt)
                                                            : PyObject_Str(integer.ptr()));
    if (!text) throw py::error_already_set();
    Py_ssize_t size;
    const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (!utf8) throw py::error_already_set();
    texts_.emplace_back(utf8, std::size_t(size));
    wide_at.push_back(std::size_t(i));
  }
  // The views are taken once every text is in place (a vector's growth moves short strings).
  for (std::size_t k = 0; k < texts_.size(); ++k) wide_.push_back({wide_at[k], texts_[k]});
  items_ = values_.size();
  integers_ = integer_list{values_, wide_, floats_, float_style::python};
}

} // namespace simdigits::python
