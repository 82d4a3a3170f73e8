// Tables for the writers (to_csv, savetxt, dumps_json): columns described by Python, written by the
// core's table_plan into a new str or bytes, a file descriptor at an offset, or pieces for a callable.
#pragma once

#include "common.hpp"

namespace simdigits::python {

// table(columns, format, threads, target, prefix, suffix):
//   columns: a list of (kind, values, name, nulls, spec) or ("arrow", capsule, specs, names):
//     "i": values a 1-D buffer of integers; nulls None, a byte mask buffer, or (bitmap buffer, bit offset)
//     "s": values (offsets buffer of int32 or int64, data buffer of UTF-8)
//     "m": values a 2-D buffer of integers, its columns named by `name` (a list) or none
//     spec: None, a str of Python's mini-language, ("%", str) a printf conversion; for "m" one of them
//     or a list by column; for "arrow" one, or a dict by column name, and names None or a list that
//     replaces the stream's.
//   format: (delimiter, terminator, header, null_text, quote, quote_chars, quote_empty, quote_empty_row)
//   target: "length" (the length in bytes), "str", "bytes", (fd, offset) (bytes written), or a
//     callable taking each piece as bytes (returns the length; its method `expect`, if it has one, is
//     called with the length first); prefix and suffix (str) go around the text in a str or bytes (a
//     suffix (str, k) replaces the last k bytes of the text, for bytes).
py::object table(const py::handle& columns, const py::handle& format, const py::handle& threads,
                 const py::handle& target, const py::handle& prefix, const py::handle& suffix);

} // namespace simdigits::python
