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

// strings(values, fmt, kind, option): each value's text (format(v, fmt) with a spec), as kind says:
//   "list": a list of str;
//   "U" / "S": (bytearray, width, count) of fixed-width items as NumPy's str_ (UCS4) and bytes_ hold
//     them, zero-padded to the longest or to `option` (a width, or None) if wider; (None, 0, 0) for "U"
//     when a spec adds text past ASCII;
//   "arrow": (large, offsets bytes, chars bytes, count), Arrow's string array buffers (64-bit offsets
//     when `option` is True, or None and the text passes 2^31 - 1 bytes).
py::object strings(const py::handle& values, const py::handle& fmt, const py::handle& kind, const py::handle& option);

// Moves file `from` to path `to` in one atomic step, as os.replace (OSError on failure), where `to` is
// a regular file by exchanging the two and removing the old one.
void replace_file(const std::string& from, const std::string& to);

} // namespace simdigits::python
