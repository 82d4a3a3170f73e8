// The objects the core's text goes into: a new str or bytes of exactly the text's length.
#pragma once

#include "arguments.hpp"

namespace simdigits::python {

// `values` joined by `sep` as a new str (or bytes), allocated once at its exact length and written in
// place with the GIL released when the values are many.
py::object new_text(const values_argument& values, const separator& sep, bool as_bytes, unsigned threads);

// The length of new_text's result, in its units (code points for str, bytes for bytes).
std::size_t text_length(const values_argument& values, const separator& sep);

} // namespace simdigits::python
