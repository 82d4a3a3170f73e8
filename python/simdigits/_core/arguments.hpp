// Python arguments as the core takes them: integers, flags, thread counts, separators, and values
// (buffers, ranges, iterables of ints of any size) described without copying where they allow it.
#pragma once

#include <Python.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace simdigits::python {

// An integer argument (int or __index__) that must fit int64: "NAME must be an integer, not T".
std::int64_t int64_argument(const py::handle& value, const char* name);

// A flag argument: True or False (0 and 1 too, as Python's own flags take them).
bool flag_argument(const py::handle& value, const char* name);

// threads=None: 0, chosen by size; otherwise a count >= 1.
unsigned thread_count(const py::handle& threads);

// range(start, stop, step)'s arguments (the package maps range(stop) to range(0, stop, 1)); a step of 0
// is a ValueError naming `function`.
arithmetic_range range_arguments(const char* function, const py::handle& start, const py::handle& stop,
                                 const py::handle& step);

// The separator as the output will hold it. Text that is Latin-1 (ASCII included) is written byte for
// byte into a 1-byte-kind str or as UTF-8 into bytes; wider text is written as code units of its kind,
// and the core sees a stand-in of as many '\0' bytes (never in a number), which the output replaces.
struct separator {
  std::string bytes;        // what the core writes: the bytes, or the stand-in
  std::size_t units = 0;    // length in output units (code points for str, bytes for bytes)
  int kind = PyUnicode_1BYTE_KIND;
  Py_UCS4 max_char = 127;
  PyObject* text = nullptr; // the str, for wide kinds (borrowed)
  bool wide() const noexcept { return text != nullptr; }
};
separator separator_argument(const py::handle& sep, bool as_bytes);

// fmt: None (plain str(v)), or Python's format-spec mini-language ("NAME must be str or None", and a
// ValueError quoting a bad spec). A mini-language spec means one thing for ints and another for floats:
// `spec` is the one for integers until values_argument, finding floats, makes it the one for floats.
// `object` keeps the str, for values formatted by Python itself.
struct spec_argument {
  std::optional<format_spec> spec;
  std::optional<format_spec> float_spec;   // the text read for floats
  std::string integer_fault, float_fault;  // why it is no spec for integers, for floats
  PyObject* object = nullptr;  // borrowed; null for None
  // Whether the text of a value can be written byte for byte into a 1-byte-kind str: the spec adds
  // only ASCII (a non-ASCII fill is written as UTF-8 and decoded).
  bool ascii() const noexcept;
  // Whether the spec adds '\0' bytes, which a wide separator's stand-in could not be told from.
  bool adds_nul() const noexcept;
  // A ValueError with Python's message when the text is no spec for integers (or for floats); else
  // `spec` is the one for them.
  void check_for_integers() const;
  void use_for_floats();
};
// The text is Python's mini-language, or a printf conversion (one spec for every value). A text that is
// no spec for integers is a ValueError at once, unless `values` may be floats and it is one for them
// (values_argument then raises if the values are integers).
enum class spec_grammar { python, printf };
enum class values_kind { integers, any };
spec_argument spec_of(const py::handle& fmt, spec_grammar grammar = spec_grammar::python,
                      values_kind values = values_kind::integers);

// The integer type and byte order of a buffer's items; a TypeError naming `what` when they are not
// integers (booleans are read as bytes when `booleans`).
struct integer_layout {
  integer_type type;
  bool byte_swapped;
};
integer_layout integer_layout_of(const Py_buffer& view, const char* what, bool booleans = false);

// The element type and byte order of a buffer of floats (formats 'e', 'f', 'd'); none for other items.
struct float_layout {
  float_type type;
  bool byte_swapped;
};
std::optional<float_layout> float_layout_of(const Py_buffer& view);

// The values of join and formatted_length: a 1-D buffer of integers or floats (any width, stride and byte
// order, read in place), a range (in closed form), or any iterable of ints and floats (collected once:
// the length must be known before the output exists; ints past int64 as their decimal text). Floats are
// written as Python's str writes them (NumPy's for float32 and float16) and take no spec.
class values_argument {
public:
  // With a spec, ints past int64 are given to the core already formatted, by Python's format().
  // A spec read from values_kind::any is checked for integers or made the one for floats here.
  explicit values_argument(const py::handle& values, spec_argument& fmt);
  explicit values_argument(const py::handle& values) : values_argument(values, no_spec_) {}
  explicit values_argument(const arithmetic_range& range) : integers_(range) {}
  ~values_argument();
  values_argument(const values_argument&) = delete;
  values_argument& operator=(const values_argument&) = delete;

  const numbers& get() const noexcept { return integers_; }
  // Floats among the values are written in `style` (str's text unless told).
  void write_floats_as(float_style style) noexcept;
  // Whether measuring them takes a pass over many values, worth releasing the GIL for.
  bool long_to_measure() const noexcept { return items_ >= gil_free_items; }
  // Whether some values are past int64, given as their text.
  bool has_wide() const noexcept { return !wide_.empty(); }

private:
  void from_buffer(spec_argument& fmt);
  void from_iterable(PyObject* obj, spec_argument& fmt);
  void from_doubles(const py::object& items);

  inline static spec_argument no_spec_;
  std::vector<double> doubles_;  // a sequence's values under a float type
  Py_buffer view_{};
  bool has_view_ = false;
  std::size_t items_ = 0;  // values read one by one to measure them (0 for a range)
  std::vector<std::int64_t> values_;
  std::vector<std::string> texts_;
  std::vector<wide_integer> wide_;
  std::vector<listed_float> floats_;
  numbers integers_;
};

} // namespace simdigits::python
