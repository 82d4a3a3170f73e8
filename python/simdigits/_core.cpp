// The Python binding: argument checks first, then the exact length, one allocation of the final
// str/bytes, and the write into it with the GIL released.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../src/backends/backend.hpp"
#include "../../src/engine/threads.hpp"
#include "simdigits/simdigits.hpp"

namespace py = pybind11;
namespace sd = simdigits;
namespace detail = simdigits::detail;

namespace {

// Above this many items the length pass and the write release the GIL.
constexpr std::size_t gil_free_items = 4096;

class gil_release_if {
public:
  explicit gil_release_if(bool release) : state_(release ? PyEval_SaveThread() : nullptr) {}
  ~gil_release_if() {
    if (state_) PyEval_RestoreThread(state_);
  }
  gil_release_if(const gil_release_if&) = delete;
  gil_release_if& operator=(const gil_release_if&) = delete;

private:
  PyThreadState* state_;
};

[[noreturn]] void raise(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

// Every text here goes to fresh memory (a new str or bytes) or to a small buffer that stays in cache
// (seq's pieces, the wide-separator path): plain stores suit both (see detail::destination).
constexpr auto output_memory = detail::destination::fresh;

// Asks for 2 MB pages for the untouched pages of a new result of `bytes` bytes at `data`: filling fresh
// memory is page faults first, and 2 MB pages fault 512 times less often. From 4 MB on, as NumPy does
// for its arrays; only whole 2 MB pages inside the result are advised, and where the kernel gives no
// such pages (transparent huge pages off) the advice changes nothing.
void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t(2) << 20;
  if (bytes < (std::size_t(4) << 20)) return;
  const std::uintptr_t from = (std::uintptr_t(data) + huge - 1) & ~(huge - 1);
  const std::uintptr_t to = (std::uintptr_t(data) + bytes) & ~(huge - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#else
  (void)data, (void)bytes;
#endif
}

// Copies bytes to out unless they would pass end; nullptr in (an earlier piece that did not fit) or
// out means the text does not fit.
char* put_bytes(char* out, char* end, std::string_view bytes) noexcept {
  if (out == nullptr || std::size_t(end - out) < bytes.size()) return nullptr;
  std::memcpy(out, bytes.data(), bytes.size());
  return out + bytes.size();
}

// ---- sources: what is formatted, in items [from, from + count) -------------------------------------
//
// Each source gives the digits (signs included) of a slice of its items and writes a slice joined by
// sep into [out, end), returning the end or nullptr when it does not fit.

// A typed 1-D buffer: contiguous native order straight to the kernel; strided or byte-swapped through a
// small gather buffer, so no full-size copy is ever made.
template <class E> struct buffer_source {
  const char* base;
  std::ptrdiff_t stride;
  bool swap;

  // Straight to the kernels only when it is what a C++ E array is: native order, contiguous, aligned.
  bool direct() const noexcept {
    return !swap && stride == std::ptrdiff_t(sizeof(E)) && reinterpret_cast<std::uintptr_t>(base) % alignof(E) == 0;
  }
  const E* at(std::size_t i) const noexcept { return reinterpret_cast<const E*>(base + std::ptrdiff_t(i) * stride); }

  static E byteswap(E v) noexcept {
    if constexpr (sizeof(E) == 1) return v;
    else if constexpr (sizeof(E) == 2) return E(__builtin_bswap16(std::uint16_t(v)));
    else if constexpr (sizeof(E) == 4) return E(__builtin_bswap32(std::uint32_t(v)));
    else return E(__builtin_bswap64(std::uint64_t(v)));
  }

  static constexpr std::size_t gather_size = 1024;
  // Calls f(pointer, count) for native-order contiguous pieces of [from, from + count).
  template <class F> bool for_each_piece(std::size_t from, std::size_t count, F&& f) const {
    if (direct()) return f(at(from), count);
    E gathered[gather_size];
    for (std::size_t done = 0; done < count;) {
      const std::size_t piece = std::min(gather_size, count - done);
      for (std::size_t k = 0; k < piece; ++k) {
        E v;
        std::memcpy(&v, at(from + done + k), sizeof(E));  // buffers need not be aligned
        gathered[k] = swap ? byteswap(v) : v;
      }
      if (!f(static_cast<const E*>(gathered), piece)) return false;
      done += piece;
    }
    return true;
  }

  std::size_t digits(std::size_t from, std::size_t count) const {
    std::size_t total = 0;
    for_each_piece(from, count, [&](const E* p, std::size_t k) {
      total += detail::active().digits<E>()(p, k);
      return true;
    });
    return total;
  }

  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end) const {
    const auto join = detail::active().join<E>();
    bool first = true;
    const bool ok = for_each_piece(from, count, [&](const E* p, std::size_t k) {
      if (!first && (out = put_bytes(out, end, sep)) == nullptr) return false;
      first = false;
      out = join(p, k, sep, out, end, output_memory);
      return out != nullptr;
    });
    return ok ? out : nullptr;
  }
};

// range(start, stop, step) as its n numbers.
struct range_source {
  std::int64_t start, step;

  // The sub-range of items [from, from + count) as its own range(first, stop, step); stop is one past
  // the last number, which always fits in int64 since the last number lies strictly inside the range.
  std::int64_t first(std::size_t from) const noexcept {
    return std::int64_t(std::uint64_t(start) + std::uint64_t(from) * std::uint64_t(step));
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    if (count == 0) return 0;
    const std::int64_t last = first(from + count - 1);
    return sd::range_length(first(from), last + (step > 0 ? 1 : -1), step, "");
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end) const noexcept {
    return detail::active().range(first(from), count, step, sep, out, end, output_memory);
  }
};

// Python ints collected from an iterable: int64 values, and the decimal text of those beyond int64
// (their slot in `values` holds 0).
struct int_list_source {
  std::vector<std::int64_t> values;
  std::vector<std::pair<std::size_t, std::string>> big;  // sorted by index

  template <class F> void for_each_big(std::size_t from, std::size_t count, F&& f) const {
    auto it = std::lower_bound(big.begin(), big.end(), from, [](const auto& b, std::size_t i) { return b.first < i; });
    for (; it != big.end() && it->first < from + count; ++it) f(*it);
  }
  std::size_t digits(std::size_t from, std::size_t count) const {
    std::size_t total = detail::sum_digit_counts(values.data() + from, count);
    for_each_big(from, count, [&](const auto& b) { total += b.second.size() - 1; });  // replaces the 0
    return total;
  }
  char* write(std::size_t from, std::size_t count, std::string_view sep, char* out, char* end) const {
    const auto join = detail::active().join<std::int64_t>();
    std::size_t i = from;
    const std::size_t stop = from + count;
    for_each_big(from, count, [&](const auto& b) {
      if (out == nullptr) return;
      if (b.first > i)  // the int64 run before it
        out = put_bytes(join(values.data() + i, b.first - i, sep, out, end, output_memory), end, sep);
      out = put_bytes(out, end, b.second);
      i = b.first + 1;
      if (i < stop) out = put_bytes(out, end, sep);
    });
    if (out != nullptr && i < stop) out = join(values.data() + i, stop - i, sep, out, end, output_memory);
    return out;
  }
};

// ---- separators and output --------------------------------------------------------------------------

// The separator as the output will hold it. Text that is Latin-1 (ASCII included) is written byte for
// byte into a 1-byte-kind str; wider text is written as code units of its kind.
struct separator {
  std::string bytes;        // ASCII / Latin-1 / UTF-8 bytes, for byte outputs
  std::size_t units = 0;    // length in output units (code points for str, bytes for bytes)
  int kind = PyUnicode_1BYTE_KIND;
  Py_UCS4 max_char = 127;
  PyObject* text = nullptr; // the str, for wide kinds (borrowed)
};

separator parse_separator(const py::handle& sep, bool as_bytes) {
  separator s;
  if (PyUnicode_Check(sep.ptr())) {
    PyObject* text = sep.ptr();
    if (as_bytes) {
      Py_ssize_t size;
      const char* utf8 = PyUnicode_AsUTF8AndSize(text, &size);
      if (!utf8) throw py::error_already_set();
      s.bytes.assign(utf8, std::size_t(size));
      s.units = s.bytes.size();
      return s;
    }
    s.kind = PyUnicode_KIND(text);
    s.max_char = std::max<Py_UCS4>(127, PyUnicode_MAX_CHAR_VALUE(text));
    s.units = std::size_t(PyUnicode_GET_LENGTH(text));
    s.text = text;
    if (s.kind == PyUnicode_1BYTE_KIND) s.bytes.assign(static_cast<const char*>(PyUnicode_DATA(text)), s.units);
    return s;
  }
  if (PyBytes_Check(sep.ptr()) || PyByteArray_Check(sep.ptr())) {
    if (!as_bytes) raise(PyExc_TypeError, "sep must be str (bytes are accepted only with as_bytes=True)");
    const std::string_view view = PyBytes_Check(sep.ptr())
                                      ? std::string_view(PyBytes_AS_STRING(sep.ptr()), std::size_t(PyBytes_GET_SIZE(sep.ptr())))
                                      : std::string_view(PyByteArray_AS_STRING(sep.ptr()), std::size_t(PyByteArray_GET_SIZE(sep.ptr())));
    s.bytes.assign(view);
    s.units = s.bytes.size();
    return s;
  }
  raise(PyExc_TypeError, std::string("sep must be str or bytes, not ") + Py_TYPE(sep.ptr())->tp_name);
}

std::size_t total_length(std::size_t digits, std::size_t n, std::size_t sep_units) {
  std::size_t total;
  if (n == 0) return 0;
  if (digits == sd::npos || __builtin_mul_overflow(n - 1, sep_units, &total) ||
      __builtin_add_overflow(total, digits, &total) || total > std::size_t(PY_SSIZE_T_MAX))
    raise(PyExc_MemoryError, "the result would be longer than any str or bytes can be");
  return total;
}

[[noreturn]] void raise_changed() {
  raise(PyExc_RuntimeError, "the values changed while they were being formatted (another thread wrote to them)");
}

// ---- slices and threads ---------------------------------------------------------------------------
//
// Long inputs are cut into slices that threads measure and then write independently, each into its own
// exact part of the result (src/tasks.hpp).
using detail::run_tasks;

struct slice {
  std::size_t from, count, digits;
};

// Cuts [0, n) into slices (at most `threads`, or by size when threads == 0) and counts their digits.
template <class Source> std::vector<slice> measure(const Source& src, std::size_t n, std::size_t threads) {
  const std::size_t count = detail::task_count(n, threads);
  std::vector<slice> slices(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t from = detail::slice_start(n, count, i);
    slices[i] = {from, detail::slice_start(n, count, i + 1) - from, 0};
  }
  gil_release_if nogil(n >= gil_free_items);
  run_tasks(count, [&](std::size_t i) { slices[i].digits = src.digits(slices[i].from, slices[i].count); });
  return slices;
}

std::size_t text_length(const std::vector<slice>& slices, std::size_t n, std::size_t sep_units) {
  std::size_t digits = 0;
  for (const slice& s : slices) digits += s.digits;
  return total_length(digits, n, sep_units);
}

// Formats items [0, n) of src joined by sep into a new str or bytes of exactly the computed length.
template <class Source>
py::object format_source(const Source& src, std::size_t n, const separator& sep, bool as_bytes, std::size_t threads) {
  const std::vector<slice> slices = measure(src, n, threads);
  const std::size_t length = text_length(slices, n, sep.units);
  // A str must be of the narrowest kind its characters allow: with fewer than two items the separator
  // does not appear, and the text is ASCII whatever it is.
  const bool sep_appears = n > 1 && sep.units > 0;
  PyObject* result = as_bytes ? PyBytes_FromStringAndSize(nullptr, Py_ssize_t(length))
                              : PyUnicode_New(Py_ssize_t(length), sep_appears ? sep.max_char : 127);
  if (!result) throw py::error_already_set();
  py::object owner = py::reinterpret_steal<py::object>(result);
  if (as_bytes) advise_huge_pages(PyBytes_AS_STRING(result), length);
  else advise_huge_pages(PyUnicode_DATA(result), length * std::size_t(PyUnicode_KIND(result)));
  if (as_bytes || sep.kind == PyUnicode_1BYTE_KIND || !sep_appears) {
    char* out = as_bytes ? PyBytes_AS_STRING(result) : static_cast<char*>(PyUnicode_DATA(result));
    // Slice i's text: the separator before it (but for the first), then its items.
    std::vector<char*> starts(slices.size() + 1, out + length);
    char* at = out;
    for (std::size_t i = 0; i < slices.size(); ++i) {
      starts[i] = at;
      at += slices[i].digits + slices[i].count * sep.units - (i == 0 ? sep.units : 0);
    }
    std::vector<char> ok(slices.size(), 0);
    auto write_slice = [&](std::size_t i) {
      char* stop = starts[i + 1];
      char* p = i == 0 ? starts[i] : put_bytes(starts[i], stop, sep.bytes);
      ok[i] = p != nullptr && src.write(slices[i].from, slices[i].count, sep.bytes, p, stop) == stop;
    };
    {
      gil_release_if nogil(n >= gil_free_items);
      if (detail::write_in_parallel(threads, length)) run_tasks(slices.size(), write_slice);
      else for (std::size_t i = 0; i < slices.size(); ++i) write_slice(i);
    }
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) raise_changed();
    return owner;
  }
  // A separator wider than Latin-1: the digits go through a small byte buffer with a one-byte stand-in
  // separator ('\0', never in a number), then widen into the str's 2- or 4-byte units.
  const int kind = PyUnicode_KIND(result);
  void* data = PyUnicode_DATA(result);
  std::size_t at = 0;
  auto put = [&](Py_UCS4 c) {
    if (at >= length) raise_changed();
    PyUnicode_WRITE(kind, data, at++, c);
  };
  auto put_sep = [&] {
    for (std::size_t k = 0; k < sep.units; ++k) put(PyUnicode_READ_CHAR(sep.text, Py_ssize_t(k)));
  };
  constexpr std::size_t piece = 4096;
  std::string bytes;
  for (std::size_t from = 0; from < n; from += piece) {
    const std::size_t count = std::min(piece, n - from);
    bytes.resize(src.digits(from, count) + count - 1);
    char* end = src.write(from, count, std::string_view("\0", 1), bytes.data(), bytes.data() + bytes.size());
    if (end != bytes.data() + bytes.size()) raise_changed();
    if (from != 0) put_sep();
    for (char c : bytes) {
      if (c == '\0') put_sep();
      else put(Py_UCS4(c));
    }
  }
  if (at != length) raise_changed();
  return owner;
}

// ---- arguments --------------------------------------------------------------------------------------

std::int64_t range_argument(const py::handle& value, const char* name) {
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

struct range_args {
  std::int64_t start = 0, stop = 0, step = 1;
};

// range(start, stop, step)'s arguments (the package maps range(stop) to range(0, stop, 1)).
range_args parse_range(const char* function, const py::handle& start, const py::handle& stop, const py::handle& step) {
  const range_args r{range_argument(start, "start"), range_argument(stop, "stop"), range_argument(step, "step")};
  if (r.step == 0) raise(PyExc_ValueError, std::string(function) + " arg 3 must not be zero");
  return r;
}

// A flag argument: True or False (0 and 1 too, as Python's own flags take them).
bool flag_argument(const py::handle& value, const char* name) {
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (PyLong_CheckExact(value.ptr())) {
    const long v = PyLong_AsLong(value.ptr());
    if (v == 0 || v == 1) return v == 1;
  }
  raise(PyExc_TypeError, std::string(name) + " must be True or False, not " + Py_TYPE(value.ptr())->tp_name);
}

std::size_t range_count(const range_args& r) { return detail::range_count(r.start, r.stop, r.step); }

// Calls f(source, n) with the source that fits `values`.
template <class F> auto with_values(const py::handle& values, F&& f) -> decltype(f(int_list_source{}, 0)) {
  PyObject* obj = values.ptr();
  if (PyRange_Check(obj)) {  // join(range(...)): the numbers in closed form, never materialised
    range_args r;
    bool fits = true;
    try {
      r = {range_argument(values.attr("start"), "start"), range_argument(values.attr("stop"), "stop"),
           range_argument(values.attr("step"), "step")};
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_OverflowError)) throw;
      fits = false;  // bounds beyond int64: iterated below, like any iterable
    }
    if (fits) return f(range_source{r.start, r.step}, range_count(r));
  }
  Py_buffer view;
  // Objects that refuse to export (NumPy datetimes, say) are taken as iterables, like object arrays.
  const bool exported = PyObject_CheckBuffer(obj) && PyObject_GetBuffer(obj, &view, PyBUF_RECORDS_RO) == 0;
  if (!exported) PyErr_Clear();
  if (exported) {
    struct releaser {
      Py_buffer* v;
      ~releaser() { PyBuffer_Release(v); }
    } release{&view};
    std::string_view format = view.format ? view.format : "B";
    char order = '@';
    if (!format.empty() && std::string_view("@=<>!").find(format[0]) != std::string_view::npos) {
      order = format[0];
      format.remove_prefix(1);
    }
    if (format != "O") {  // object arrays: iterate instead
      if (view.ndim != 1)
        raise(PyExc_ValueError, "values must be 1-dimensional, got " + std::to_string(view.ndim) + " dimensions");
      if (format.size() != 1 || std::string_view("bBhHiIlLqQnN").find(format[0]) == std::string_view::npos) {
        const char* what = format == "?" ? "booleans are not integers" : "values must hold integers";
        raise(PyExc_TypeError, std::string(what) + " (buffer format '" + std::string(view.format ? view.format : "B") + "')");
      }
      const bool is_signed = format[0] >= 'a';  // lower case: signed
      const bool big_endian = order == '>' || order == '!';
      const bool swap = big_endian != (std::endian::native == std::endian::big);
      const auto n = std::size_t(view.shape[0]);
      const std::ptrdiff_t stride = view.strides ? view.strides[0] : view.itemsize;
      const char* base = static_cast<const char*>(view.buf);
      auto typed = [&](auto tag) {
        using E = decltype(tag);
        return f(buffer_source<E>{base, stride, swap}, n);
      };
      switch (view.itemsize * (is_signed ? 1 : -1)) {
      case 1: return typed(std::int8_t{});
      case -1: return typed(std::uint8_t{});
      case 2: return typed(std::int16_t{});
      case -2: return typed(std::uint16_t{});
      case 4: return typed(std::int32_t{});
      case -4: return typed(std::uint32_t{});
      case 8: return typed(std::int64_t{});
      case -8: return typed(std::uint64_t{});
      default: raise(PyExc_TypeError, "unsupported integer item size " + std::to_string(view.itemsize));
      }
    }
  }
  // Any iterable of integers: collected once (the length must be known before the output exists).
  // A tuple of our own: __index__ of an item may run code that resizes a list we would be reading.
  if (!PyIter_Check(obj) && !PySequence_Check(obj) && !PyObject_HasAttrString(obj, "__iter__"))
    raise(PyExc_TypeError, std::string("values must be an iterable of integers or a 1-D buffer of integers, not ") +
                               Py_TYPE(obj)->tp_name);
  py::object items = py::reinterpret_steal<py::object>(PySequence_Tuple(obj));
  if (!items) throw py::error_already_set();
  const Py_ssize_t n = PyTuple_GET_SIZE(items.ptr());
  PyObject** array = &PyTuple_GET_ITEM(items.ptr(), 0);
  int_list_source src;
  src.values.resize(std::size_t(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = array[i];
    if (PyBool_Check(item)) raise(PyExc_TypeError, "values must be integers, got bool at index " + std::to_string(i));
    if (!PyLong_Check(item) && !PyIndex_Check(item))
      raise(PyExc_TypeError, std::string("values must be integers, got ") + Py_TYPE(item)->tp_name + " at index " + std::to_string(i));
    py::object integer = py::reinterpret_steal<py::object>(PyNumber_Index(item));
    if (!integer) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(integer.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow == 0) {
      src.values[std::size_t(i)] = v;
    } else {
      py::object text = py::reinterpret_steal<py::object>(PyObject_Str(integer.ptr()));
      if (!text) throw py::error_already_set();
      Py_ssize_t size;
      const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
      if (!utf8) throw py::error_already_set();
      src.big.emplace_back(std::size_t(i), std::string(utf8, std::size_t(size)));
    }
  }
  return f(src, std::size_t(n));
}

// ---- the functions -----------------------------------------------------------------------------------

// threads=None: chosen by size; otherwise a count >= 1.
std::size_t thread_count(const py::handle& threads) {
  if (threads.is_none()) return 0;
  const std::int64_t n = range_argument(threads, "threads");
  if (n < 1) raise(PyExc_ValueError, "threads must be at least 1 (or None to choose by size)");
  return std::size_t(n);
}

py::object concat_range(const py::handle& start, const py::handle& stop, const py::handle& step, const py::handle& sep,
                        const py::handle& as_bytes_flag, const py::handle& threads) {
  const range_args r = parse_range("concat_range()", start, stop, step);
  const bool as_bytes = flag_argument(as_bytes_flag, "as_bytes");
  const separator s = parse_separator(sep, as_bytes);
  return format_source(range_source{r.start, r.step}, range_count(r), s, as_bytes, thread_count(threads));
}

std::size_t range_length(const py::handle& start, const py::handle& stop, const py::handle& step, const py::handle& sep) {
  const range_args r = parse_range("range_length()", start, stop, step);
  const separator s = parse_separator(sep, false);
  const std::size_t n = range_count(r);
  return text_length(measure(range_source{r.start, r.step}, n, 1), n, s.units);
}

py::object join(const py::handle& values, const py::handle& sep, const py::handle& as_bytes_flag, const py::handle& threads) {
  const bool as_bytes = flag_argument(as_bytes_flag, "as_bytes");
  const separator s = parse_separator(sep, as_bytes);
  const std::size_t t = thread_count(threads);
  return with_values(values, [&](const auto& src, std::size_t n) { return format_source(src, n, s, as_bytes, t); });
}

std::size_t formatted_length(const py::handle& values, const py::handle& sep) {
  const separator s = parse_separator(sep, false);
  return with_values(values, [&](const auto& src, std::size_t n) { return text_length(measure(src, n, 0), n, s.units); });
}

// For `simdigits seq`: range(start, stop, step) joined by sep, written to a file descriptor in pieces
// from small per-thread buffers that stay in cache. Each round the threads fill consecutive pieces, then
// the first writes them out in order; signals are checked between rounds (Ctrl-C stops a long run).
void write_range_to_fd(int fd, std::int64_t start, std::int64_t stop, std::int64_t step, const py::bytes& sep,
                       std::size_t threads) {
  if (step == 0) raise(PyExc_ValueError, "step must not be zero");
  const std::string separator = sep;
  const std::size_t n = range_count(range_args{start, stop, step});
  const std::size_t slot = 20 + separator.size();
  const std::size_t buffer_size = std::max<std::size_t>(std::size_t(1) << 20, 16 * slot);
  const std::size_t per_piece = buffer_size / slot - 1;  // room for the separator before the piece too
  const std::size_t pieces = n / per_piece + (n % per_piece != 0);  // n may be near 2^64
  threads = std::max<std::size_t>(1, std::min(threads, pieces));
  std::vector<std::string> buffers(threads, std::string(buffer_size, '\0'));
  std::vector<std::size_t> filled(threads);
  const range_source src{start, step};
  auto fill = [&](std::size_t worker, std::size_t piece) {
    const std::size_t from = piece * per_piece, count = std::min(per_piece, n - from);
    char* out = buffers[worker].data();
    char* p = piece == 0 ? out : put_bytes(out, out + buffer_size, separator);
    const std::size_t length = src.digits(from, count) + (count - 1) * separator.size();
    p = src.write(from, count, separator, p, p + length);
    filled[worker] = p == nullptr ? 0 : std::size_t(p - out);
  };
  int error = 0;
  bool interrupted = false;
  {
    gil_release_if nogil(true);
    for (std::size_t round = 0; round * threads < pieces && error == 0 && !interrupted; ++round) {
      const std::size_t first = round * threads, active = std::min(threads, pieces - first);
      run_tasks(active, [&](std::size_t w) { fill(w, first + w); });
      for (std::size_t w = 0; w < active && error == 0; ++w) {
        for (std::size_t done = 0; done < filled[w];) {
          const ssize_t k = ::write(fd, buffers[w].data() + done, filled[w] - done);
          if (k < 0 && errno == EINTR) continue;
          if (k <= 0) {
            error = errno ? errno : EIO;
            break;
          }
          done += std::size_t(k);
        }
      }
      if (round % 16 == 15) {  // signals need the GIL
        PyGILState_STATE gil = PyGILState_Ensure();
        interrupted = PyErr_CheckSignals() != 0;
        PyGILState_Release(gil);
      }
    }
    if (error == 0 && !interrupted && n > 0) {
      const char newline = '\n';
      while (::write(fd, &newline, 1) < 0 && errno == EINTR) {}
    }
  }
  if (interrupted) throw py::error_already_set();
  if (error != 0) {
    errno = error;
    PyErr_SetFromErrno(PyExc_OSError);
    throw py::error_already_set();
  }
}

void set_backend(const py::handle& value) {
  if (!PyUnicode_Check(value.ptr()))
    raise(PyExc_TypeError, std::string("name must be str, not ") + Py_TYPE(value.ptr())->tp_name);
  const std::string name = value.cast<std::string>();
  if (!sd::set_backend(name)) {
    std::string names;
    for (std::string_view b : sd::available_backends()) names += (names.empty() ? "" : ", ") + std::string(b);
    raise(PyExc_ValueError, "unknown or unsupported backend '" + name + "' (available on this CPU: " + names + ")");
  }
}

// ---- registration -------------------------------------------------------------------------------

template <std::size_t N> struct function_name {
  char text[N];
  constexpr function_name(const char (&name)[N]) { std::copy_n(name, N, text); }
};

template <class T> PyObject* to_python(T&& result) {
  if constexpr (std::is_same_v<std::decay_t<T>, py::object>) return result.release().ptr();
  else return PyLong_FromSize_t(result);
}

template <class F> struct arity;
template <class R, class... P> struct arity<R (*)(P...)> : std::integral_constant<std::size_t, sizeof...(P)> {};

// F (whose parameters are all `const py::handle&`) called with the positional arguments as they came,
// its C++ exceptions turned into Python ones.
template <function_name Name, auto F> PyObject* call_positional(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  constexpr std::size_t n = arity<decltype(F)>::value;
  if (nargs != Py_ssize_t(n)) {
    PyErr_Format(PyExc_TypeError, "%s() takes %zu arguments (%zd given)", Name.text, n, nargs);
    return nullptr;
  }
  try {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return to_python(F(py::handle(args[I])...));
    }(std::make_index_sequence<n>{});
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

template <function_name Name, auto F> PyMethodDef fastcall() {
  return {Name.text, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&call_positional<Name, F>)), METH_FASTCALL,
          nullptr};
}

} // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "simdigits' native core; use the functions of the simdigits package.";
  m.attr("__version__") = SIMDIGITS_VERSION;
  // The public functions are Python functions in __init__.py, which give them their signatures and
  // documentation; these take every argument positionally. They are registered by hand, without
  // pybind11's overload dispatch, since a call of a few values costs little more than its dispatch.
  static PyMethodDef functions[] = {
      fastcall<"concat_range", &concat_range>(),
      fastcall<"range_length", &range_length>(),
      fastcall<"join", &join>(),
      fastcall<"formatted_length", &formatted_length>(),
      {nullptr, nullptr, 0, nullptr},
  };
  if (PyModule_AddFunctions(m.ptr(), functions) != 0) throw py::error_already_set();
  m.def("_write_range_to_fd", &write_range_to_fd, py::arg("fd"), py::arg("start"), py::arg("stop"), py::arg("step"),
        py::arg("sep"), py::arg("threads"), "Internal (simdigits seq): a range, newline-terminated, written to fd.");
  m.def("backends", [] {
    std::vector<std::string> names;
    for (std::string_view b : sd::available_backends()) names.emplace_back(b);
    return names;
  });
  m.def("get_backend", [] { return std::string(sd::active_backend()); });
  m.def("set_backend", &set_backend);
}
