// The binding's shared pieces: raising Python exceptions from C++, releasing the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>

#include "simdigits/simdigits.hpp"

namespace simdigits::python {

namespace py = pybind11;

[[noreturn]] inline void raise(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

// The Python exception for a status of the core that is not ok (stopped excepted: the caller knows why).
[[noreturn]] void raise_status(const write_result& result);

// Asks the kernel for 2 MB pages for a new result's memory (4 MB and more), before it is first written.
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

// Inputs from this many items on are measured and written with the GIL released.
inline constexpr std::size_t gil_free_items = 4096;

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

} // namespace simdigits::python
