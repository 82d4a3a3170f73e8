#include "outputs.hpp"

#include <sys/mman.h>

#include <cerrno>

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
