// The objects the core's text goes into: a new str or bytes of exactly the text's length.
#pragma once

#include "arguments.hpp"

namespace simdigits::python {

// `values` joined by `sep` as a new str (or bytes), allocated once at its exact length and written in
// place with the GIL released when the values are many.
// Each value as `fmt` says, when it has a spec. `sep` is the separator argument `object` as
// separator_argument(object, as_bytes) gave it.
py::object new_text(const values_argument& values, const separator& sep, const py::handle& object, bool as_bytes,
                    unsigned threads, const spec_argument& fmt);

// The length of new_text's result as a str, in code points (`sep` as for a str).
std::size_t text_length(const values_argument& values, const separator& sep, const py::handle& object,
                        const spec_argument& fmt);

} // namespace simdigits::python
