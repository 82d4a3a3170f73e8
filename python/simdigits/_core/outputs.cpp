#include "outputs.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>

namespace simdigits::python {

void raise_status(const write_result& result) {
  switch (result.code) {
  case status::too_long:
    raise(PyExc_MemoryError, "the result would be longer than any str or bytes can be");
  case status::values_changed:
    raise(PyExc_RuntimeError, "the values changed while they were being formatted (another thread wrote to them)");
  case status::no_memory: PyErr_NoMemory(); throw py::error_already_set();
  case status::io_error:
    errno = result.error;
    PyErr_SetFromErrno(PyExc_OSError);
    throw py::error_already_set();
  default: raise(PyExc_ValueError, "invalid arguments");
  }
}

namespace {
// Whether `to`, a regular file, and `from` had their files exchanged (renameat2's RENAME_EXCHANGE, one
// atomic step: a reader sees the old file or the new). The system call itself, not glibc's renameat2:
// the manylinux wheel takes glibc's older symbols only.
bool exchanged(const std::string& from, const std::string& to) noexcept {
#if defined(SYS_renameat2) && defined(RENAME_EXCHANGE)
  struct stat old;
  return ::lstat(to.c_str(), &old) == 0 && S_ISREG(old.st_mode) &&
         ::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0;
#else
  return false;
#endif
}
} // namespace

// (outputs.hpp) Not a rename over the old file where it can be helped: ext4 (auto_da_alloc) answers
// that by writing the new file's blocks back before the rename returns, which holds the call up about
// as long as formatting the file took. The files are exchanged and the old one's new name removed.
void replace_file(const std::string& from, const std::string& to) {
  if (exchanged(from, to) ? ::unlink(from.c_str()) == 0 : ::rename(from.c_str(), to.c_str()) == 0) return;
  const int error = errno;  // (as os.replace reports it: both names)
  const py::str source(from), destination(to);
  errno = error;
  PyErr_SetFromErrnoWithFilenameObjects(PyExc_OSError, source.ptr(), destination.ptr());
  throw py::error_already_set();
}

// (common.hpp) Asks for 2 MB pages for the untouched pages of a new result of `bytes` bytes at `data`: filling fresh
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

namespace {


join_plan measured(const values_argument& values, const separator& sep, unsigned threads, const spec_argument& fmt) {
  gil_release_if nogil(values.long_to_measure());
  return fmt.spec ? join_plan(values.get(), sep.bytes, *fmt.spec, threads) : join_plan(values.get(), sep.bytes, threads);
}

void check(const join_plan& plan) {
  if (plan.check() != status::ok) raise_status({plan.check()});
  if (plan.length() > std::size_t(PY_SSIZE_T_MAX)) raise_status({status::too_long});
}

// Writes the plan's text into the str `result` of a 2- or 4-byte kind, each run of the separator's
// stand-in ('\0' bytes, never in a number) replaced by the separator's code points. Pieces hold whole
// values with the separators before them, so no separator spans two.
void widen_into(const join_plan& plan, const separator& sep, PyObject* result) {
  const int kind = PyUnicode_KIND(result);
  void* data = PyUnicode_DATA(result);
  const std::size_t length = std::size_t(PyUnicode_GET_LENGTH(result));
  std::size_t at = 0;
  bool fits = true;
  const write_result written = plan.write_pieces(
      [&](std::string_view piece) {
        for (std::size_t i = 0; i < piece.size() && fits; ++i) {
          if (at >= length) fits = false;
          else if (piece[i] != '\0') PyUnicode_WRITE(kind, data, at++, Py_UCS4(piece[i]));
          else {
            for (std::size_t k = 0; k < sep.units; ++k) PyUnicode_WRITE(kind, data, at++, PyUnicode_READ_CHAR(sep.text, Py_ssize_t(k)));
            i += sep.units - 1;
          }
        }
        return fits;
      },
      std::size_t(1) << 16);
  if (!written || at != length) raise_status({status::values_changed});
}

// `values` joined by `sep` into a new str or bytes of exactly the text's length.
py::object new_text(const values_argument& values, const separator& sep, bool as_bytes, unsigned threads,
                    const spec_argument& fmt) {
  const join_plan plan = measured(values, sep, threads, fmt);
  check(plan);
  const std::size_t length = plan.length();
  // A str must be of the narrowest kind its characters allow: with fewer than two values the separator
  // does not appear, and the text is ASCII whatever it is.
  const bool sep_appears = plan.size() > 1 && sep.units > 0;
  PyObject* result = as_bytes ? PyBytes_FromStringAndSize(nullptr, Py_ssize_t(length))
                              : PyUnicode_New(Py_ssize_t(length), sep_appears ? sep.max_char : 127);
  if (!result) throw py::error_already_set();
  py::object owner = py::reinterpret_steal<py::object>(result);
  if (sep.wide() && sep_appears) {
    widen_into(plan, sep, result);
    return owner;
  }
  char* out = as_bytes ? PyBytes_AS_STRING(result) : static_cast<char*>(PyUnicode_DATA(result));
  advise_huge_pages(out, length);
  write_result written;
  {
    gil_release_if nogil(plan.size() >= gil_free_items);
    written = plan.write(std::span<char>(out, length), memory::fresh);
  }
  if (!written) raise_status(written);
  return owner;
}

// A spec that adds non-ASCII text, or '\0' beside a wide separator: the text is written as UTF-8 (the
// separator too) and decoded.
py::object decoded_text(const values_argument& values, const py::handle& sep, unsigned threads, const spec_argument& fmt) {
  const py::object bytes = new_text(values, separator_argument(sep, true), true, threads, fmt);
  PyObject* text = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(bytes.ptr()), PyBytes_GET_SIZE(bytes.ptr()), "strict");
  if (!text) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(text);
}

} // namespace

py::object new_text(const values_argument& values, const separator& sep, const py::handle& object, bool as_bytes,
                    unsigned threads, const spec_argument& fmt) {
  if (!as_bytes && (!fmt.ascii() || (sep.wide() && fmt.adds_nul()))) return decoded_text(values, object, threads, fmt);
  return new_text(values, sep, as_bytes, threads, fmt);
}

std::size_t text_length(const values_argument& values, const separator& sep, const py::handle& object,
                        const spec_argument& fmt) {
  if (!fmt.ascii()) return std::size_t(PyUnicode_GET_LENGTH(decoded_text(values, object, 0, fmt).ptr()));
  const join_plan plan = measured(values, sep, 0, fmt);
  check(plan);
  return plan.length();
}

} // namespace simdigits::python

namespace simdigits::python {
namespace {

// The values' texts as an Arrow string array's buffers: chars and offsets (int32 or int64).
template <class Offset> write_result string_array(const values_argument& v, const spec_argument& spec, std::span<char> chars,
                                                  std::span<Offset> offsets) {
  gil_release_if nogil(v.long_to_measure());
  return spec.spec ? write_string_array(v.get(), *spec.spec, chars, offsets) : write_string_array(v.get(), chars, offsets);
}

py::object new_bytes(std::size_t size) {
  PyObject* b = PyBytes_FromStringAndSize(nullptr, Py_ssize_t(size));
  if (!b) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(b);
}

char* bytes_data(const py::object& b) { return PyBytes_AS_STRING(b.ptr()); }

// A bytearray of `size` bytes, left unwritten (NumPy's frombuffer takes it without a copy).
py::object new_bytearray(std::size_t size) {
  PyObject* b = PyByteArray_FromStringAndSize(nullptr, 0);
  if (!b) throw py::error_already_set();
  py::object result = py::reinterpret_steal<py::object>(b);
  if (PyByteArray_Resize(b, Py_ssize_t(size)) != 0) throw py::error_already_set();
  advise_huge_pages(PyByteArray_AS_STRING(b), size);
  return result;
}

// NumPy's fixed-width items (write_fixed_width) in a new bytearray: (bytearray, width, count), or None
// when a value is wider than `width`.
py::object fixed_width(const values_argument& v, bool ucs4, std::size_t width) {
  const std::size_t n = value_count(v.get());
  if (n == npos) raise_status({status::invalid_argument});
  std::size_t bytes;
  if (__builtin_mul_overflow(n, width * (ucs4 ? 4 : 1), &bytes) || bytes > std::size_t(PY_SSIZE_T_MAX))
    raise_status({status::too_long});
  py::object result = new_bytearray(bytes);
  char* out = PyByteArray_AS_STRING(result.ptr());
  write_result written;
  {
    gil_release_if nogil(n >= gil_free_items);
    written = write_fixed_width(v.get(), width, ucs4, std::span<char>(out, bytes), memory::fresh);
  }
  if (written.code == status::too_long) return py::none();
  if (!written) raise_status(written);
  return py::make_tuple(result, py::int_(width), py::int_(n));
}

} // namespace

py::object strings(const py::handle& values, const py::handle& fmt, const py::handle& kind_argument,
                   const py::handle& large_argument) {
  spec_argument spec = spec_of(fmt, spec_grammar::python, values_kind::any);
  values_argument v(values, spec);
  const std::string kind = py::str(kind_argument);
  if (kind == "arrow") v.write_floats_as(float_style::arrow);  // as Arrow's cast to string writes them
  // NumPy's width for the dtype holds every value: items padded by the kernels, no scratch.
  if ((kind == "U" || kind == "S") && !spec.spec && !large_argument.is_none() && !v.has_wide()) {
    py::object items = fixed_width(v, kind == "U", std::size_t(std::max<std::int64_t>(1, int64_argument(large_argument, "width"))));
    if (!items.is_none()) return items;
  }
  std::optional<join_plan> plan;
  {
    gil_release_if nogil(v.long_to_measure());
    if (spec.spec) plan.emplace(v.get(), "", *spec.spec);
    else plan.emplace(v.get(), "");
  }
  if (plan->check() != status::ok) raise_status({plan->check()});
  const std::size_t length = plan->length(), n = plan->size();
  if (length > std::size_t(PY_SSIZE_T_MAX) || n > std::size_t(PY_SSIZE_T_MAX) / 8) raise_status({status::too_long});
  if (kind == "arrow") {
    const bool large = large_argument.is_none() ? length > std::size_t(std::numeric_limits<std::int32_t>::max())
                                                : flag_argument(large_argument, "large");
    py::object chars = new_bytes(length), offsets = new_bytes((n + 1) * (large ? 8 : 4));
    advise_huge_pages(bytes_data(chars), length);
    advise_huge_pages(bytes_data(offsets), (n + 1) * (large ? 8 : 4));
    const std::span<char> text(bytes_data(chars), length);
    const write_result r = large ? string_array(v, spec, text, std::span(reinterpret_cast<std::int64_t*>(bytes_data(offsets)), n + 1))
                                 : string_array(v, spec, text, std::span(reinterpret_cast<std::int32_t*>(bytes_data(offsets)), n + 1));
    if (!r) raise_status(r);
    return py::make_tuple(py::bool_(large), offsets, chars, py::int_(n));
  }
  // Scratch, left unzeroed: the core writes every byte of it.
  const std::unique_ptr<char[]> chars(new char[length + 1]);
  const std::unique_ptr<std::int64_t[]> ends(new std::int64_t[n + 1]);
  advise_huge_pages(chars.get(), length);
  advise_huge_pages(ends.get(), (n + 1) * 8);
  const write_result r = string_array(v, spec, std::span<char>(chars.get(), length), std::span<std::int64_t>(ends.get(), n + 1));
  if (!r) raise_status(r);
  if (kind == "list") {
    PyObject* list = PyList_New(Py_ssize_t(n));
    if (!list) throw py::error_already_set();
    py::object result = py::reinterpret_steal<py::object>(list);
    const bool ascii = spec.ascii();
    for (std::size_t i = 0; i < n; ++i) {
      const char* text = chars.get() + ends[i];
      const Py_ssize_t size = Py_ssize_t(ends[i + 1] - ends[i]);
      PyObject* s;
      if (ascii) {
        s = PyUnicode_New(size, 127);
        if (s) std::memcpy(PyUnicode_DATA(s), text, std::size_t(size));
      } else {
        s = PyUnicode_DecodeUTF8(text, size, "strict");
      }
      if (!s) throw py::error_already_set();
      PyList_SET_ITEM(list, Py_ssize_t(i), s);
    }
    return result;
  }
  // Fixed width, as NumPy's "S" (bytes, zero-padded) and "U" (UCS4 code points, zero-padded) hold them.
  std::size_t width = large_argument.is_none() ? 0 : std::size_t(std::max<std::int64_t>(0, int64_argument(large_argument, "width")));
  for (std::size_t i = 0; i < n; ++i) width = std::max(width, std::size_t(ends[i + 1] - ends[i]));
  const std::size_t unit = kind == "U" ? 4 : 1;
  if (unit == 4 && !spec.ascii()) return py::make_tuple(py::none(), 0, 0);  // code points past ASCII: through str
  const std::size_t item = std::max<std::size_t>(width, 1) * unit;
  py::object result = new_bytearray(item * n);
  char* out = PyByteArray_AS_STRING(result.ptr());
  {
    gil_release_if nogil(n >= gil_free_items);
    const std::size_t units = item / unit;
    for (std::size_t i = 0; i < n; ++i) {
      const auto* text = reinterpret_cast<const unsigned char*>(chars.get()) + ends[i];
      const std::size_t size = std::size_t(ends[i + 1] - ends[i]);
      char* to = out + i * item;
      if (unit == 1) {
        std::memcpy(to, text, size);
        std::memset(to + size, 0, item - size);
      } else if (units <= 64) {
        std::uint32_t wide[64];  // a fixed count of branch-free steps, which compilers vectorize
        for (std::size_t k = 0; k < units; ++k) wide[k] = k < size ? text[k] : 0;
        std::memcpy(to, wide, item);
      } else {
        for (std::size_t k = 0; k < units; ++k) {
          const std::uint32_t code = k < size ? text[k] : 0;
          std::memcpy(to + 4 * k, &code, 4);
        }
      }
    }
  }
  return py::make_tuple(result, py::int_(std::max<std::size_t>(width, 1)), py::int_(n));
}

} // namespace simdigits::python
