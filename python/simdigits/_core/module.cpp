// The extension module: each function converts its arguments (arguments.hpp), calls the core, and
// returns its text as a Python object (outputs.hpp).
#include <pybind11/stl.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "outputs.hpp"
#include "tables.hpp"

namespace simdigits::python {
namespace {

py::object concat_range(const py::handle& start, const py::handle& stop, const py::handle& step, const py::handle& sep,
                        const py::handle& as_bytes_flag, const py::handle& threads, const py::handle& fmt) {
  const arithmetic_range r = range_arguments("concat_range()", start, stop, step);
  const bool as_bytes = flag_argument(as_bytes_flag, "as_bytes");
  const separator s = separator_argument(sep, as_bytes);
  const unsigned t = thread_count(threads);
  return new_text(values_argument(r), s, sep, as_bytes, t, spec_of(fmt));
}

std::size_t range_length(const py::handle& start, const py::handle& stop, const py::handle& step, const py::handle& sep,
                         const py::handle& fmt) {
  const arithmetic_range r = range_arguments("range_length()", start, stop, step);
  const separator s = separator_argument(sep, false);
  const spec_argument spec = spec_of(fmt);
  if (spec.spec) return text_length(values_argument(r), s, sep, spec);
  const std::size_t length = simdigits::range_length(r.start, r.stop, r.step, s.bytes);
  if (length == npos || length > std::size_t(PY_SSIZE_T_MAX)) raise_status({status::too_long});
  return length;
}

py::object join(const py::handle& values, const py::handle& sep, const py::handle& as_bytes_flag, const py::handle& threads,
                const py::handle& fmt) {
  const bool as_bytes = flag_argument(as_bytes_flag, "as_bytes");
  const separator s = separator_argument(sep, as_bytes);
  const unsigned t = thread_count(threads);
  spec_argument spec = spec_of(fmt, spec_grammar::python, values_kind::any);
  const values_argument v(values, spec);
  return new_text(v, s, sep, as_bytes, t, spec);
}

std::size_t formatted_length(const py::handle& values, const py::handle& sep, const py::handle& fmt) {
  const separator s = separator_argument(sep, false);
  spec_argument spec = spec_of(fmt, spec_grammar::python, values_kind::any);
  const values_argument v(values, spec);
  return text_length(v, s, sep, spec);
}

// For `simdigits seq`: range(start, stop, step) joined by sep and a newline, written to a file
// descriptor in pieces that the threads fill in turn; signals are checked between pieces (Ctrl-C stops
// a long run).
void write_range_to_fd(int fd, std::int64_t start, std::int64_t stop, std::int64_t step, const py::bytes& sep,
                       unsigned threads) {
  if (step == 0) raise(PyExc_ValueError, "step must not be zero");
  const std::string separator = sep;
  const join_plan plan(arithmetic_range{start, stop, step}, separator, std::max(threads, 1u));
  if (plan.check() != status::ok && plan.check() != status::too_long) raise_status({plan.check()});
  int error = 0;
  bool interrupted = false;
  std::size_t pieces = 0;
  auto put = [&](std::string_view text) {
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t k = ::write(fd, text.data() + done, text.size() - done);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) {
        error = k < 0 ? errno : EIO;
        return false;
      }
      done += std::size_t(k);
    }
    if (++pieces % 16 == 0) {  // signals need the GIL
      PyGILState_STATE gil = PyGILState_Ensure();
      interrupted = PyErr_CheckSignals() != 0;
      PyGILState_Release(gil);
    }
    return !interrupted;
  };
  write_result written;
  {
    gil_release_if nogil(true);
    written = plan.write_pieces(put, std::size_t(1) << 20);
    if (written && plan.size() > 0) put("\n");
  }
  if (interrupted) throw py::error_already_set();
  if (error != 0) raise_status({status::io_error, 0, error});
  if (!written) raise_status(written);
}

void set_backend(const py::handle& value) {
  if (!PyUnicode_Check(value.ptr()))
    raise(PyExc_TypeError, std::string("name must be str, not ") + Py_TYPE(value.ptr())->tp_name);
  const std::string name = value.cast<std::string>();
  if (!simdigits::set_backend(name)) {
    std::string names;
    for (std::string_view b : available_backends()) names += (names.empty() ? "" : ", ") + std::string(b);
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
} // namespace simdigits::python

PYBIND11_MODULE(_core, m) {
  namespace sp = simdigits::python;
  m.doc() = "simdigits' native core; use the functions of the simdigits package.";
  m.attr("__version__") = SIMDIGITS_VERSION;
  // The public functions are Python functions in __init__.py, which give them their signatures and
  // documentation; these take every argument positionally. They are registered by hand, without
  // pybind11's overload dispatch, since a call of a few values costs little more than its dispatch.
  static PyMethodDef functions[] = {
      sp::fastcall<"concat_range", &sp::concat_range>(),
      sp::fastcall<"range_length", &sp::range_length>(),
      sp::fastcall<"join", &sp::join>(),
      sp::fastcall<"formatted_length", &sp::formatted_length>(),
      sp::fastcall<"table", &sp::table>(),
      sp::fastcall<"strings", &sp::strings>(),
      {nullptr, nullptr, 0, nullptr},
  };
  if (PyModule_AddFunctions(m.ptr(), functions) != 0) throw pybind11::error_already_set();
  m.def("_write_range_to_fd", &sp::write_range_to_fd, pybind11::arg("fd"), pybind11::arg("start"), pybind11::arg("stop"),
        pybind11::arg("step"), pybind11::arg("sep"), pybind11::arg("threads"),
        "Internal (simdigits seq): a range, newline-terminated, written to fd.");
  m.def("_replace_file", &sp::replace_file, pybind11::arg("source"), pybind11::arg("destination"),
        "Internal: os.replace(source, destination), an existing file exchanged with the new one, then removed.");
  m.def(
      "_add_time_zone_directory", [](const std::string& directory) { simdigits::add_time_zone_directory(directory); },
      pybind11::arg("directory"), "Internal: a directory of tz database files searched after the system's.");
  m.def("backends", [] {
    std::vector<std::string> names;
    for (std::string_view b : simdigits::available_backends()) names.emplace_back(b);
    return names;
  });
  m.def("get_backend", [] { return std::string(simdigits::active_backend()); });
  m.def("set_backend", &sp::set_backend);
}
