"""fmt= (Python's format-spec mini-language) against format(v, fmt), on every backend: specs drawn from the
grammar, values of every dtype and Python ints of any size, and refusals exactly where Python refuses."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import simdigits

DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", ">i8", "<u4"]

# [[fill]align][sign][z][#][0][width][grouping][.precision][type], the pieces Python's grammar has, so
# that valid and invalid specs are both drawn (z and precision are invalid for ints).
SPECS = st.builds(
    lambda fill, align, sign, z, alt, zero, width, grouping, precision, kind: (fill + align if align else "")
    + sign + z + alt + zero + width + grouping + precision + kind,
    fill=st.sampled_from(["", "x", "0", "*", "é", " ", "€", "_", ",", "\x00"]),
    align=st.sampled_from(["", "", "<", ">", "^", "="]),
    sign=st.sampled_from(["", "", "+", "-", " "]),
    z=st.sampled_from([""] * 9 + ["z"]),
    alt=st.sampled_from(["", "", "#"]),
    zero=st.sampled_from(["", "", "0"]),
    width=st.sampled_from(["", "", "1", "4", "8", "13", "25", "40"]),
    grouping=st.sampled_from(["", "", ",", "_"]),
    precision=st.sampled_from([""] * 9 + [".2"]),
    kind=st.sampled_from(["", "d", "d", "b", "o", "x", "X", "n"]),
)


def expected(values, fmt, sep=","):
    """The oracle: Python's format() for each value, or the ValueError it raises."""
    try:
        return sep.join(format(v, fmt) for v in values)
    except ValueError:
        return ValueError


@given(values=st.lists(st.integers(), max_size=40), fmt=SPECS)
def test_python_ints_of_any_size(backend, values, fmt):
    want = expected(values or [0], fmt)
    if want is ValueError:
        with pytest.raises(ValueError, match="format spec '"):
            simdigits.join(values, fmt=fmt)
        return
    assert simdigits.join(values, fmt=fmt) == expected(values, fmt)
    assert simdigits.formatted_length(values, fmt=fmt) == len(expected(values, fmt))
    assert simdigits.join(values, ";", as_bytes=True, fmt=fmt) == expected(values, fmt, ";").encode()


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data(), fmt=SPECS)
def test_every_dtype(backend, dtype, data, fmt):
    info = np.iinfo(np.dtype(dtype))
    values = data.draw(st.lists(st.integers(int(info.min), int(info.max)), max_size=60))
    array = np.array(values, dtype=dtype)
    want = expected([int(v) for v in array] or [0], fmt)
    if want is ValueError:
        with pytest.raises(ValueError):
            simdigits.join(array, fmt=fmt)
        return
    assert simdigits.join(array, " | ", fmt=fmt) == expected([int(v) for v in array], fmt, " | ")
    assert simdigits.join(array[::-2], fmt=fmt) == expected([int(v) for v in array[::-2]], fmt)


@pytest.mark.parametrize("fmt", ["08d", "+,", "x<12", "é^9_x", "#010_b", "0=15,", "-#o", " X", "_", "40,", "n"])
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint64"])
def test_long_arrays_on_threads(backend, fmt, dtype):
    rng = np.random.default_rng(7)
    info = np.iinfo(np.dtype(dtype))
    array = rng.integers(info.min, info.max, 20_000, dtype=dtype, endpoint=True)
    array[:50] = rng.integers(-100 if info.min < 0 else 0, 100, 50)
    want = ",".join(format(int(v), fmt) for v in array)
    assert simdigits.join(array, fmt=fmt, threads=3) == want
    assert simdigits.formatted_length(array, fmt=fmt) == len(want)


@given(start=st.integers(-(2**40), 2**40), count=st.integers(0, 300), step=st.integers(-1000, 1000).filter(bool),
       fmt=SPECS.filter(lambda f: expected([0, -1], f) is not ValueError))
def test_ranges(backend, start, count, step, fmt):
    stop = start + count * step
    want = " ".join(format(v, fmt) for v in range(start, stop, step))
    assert simdigits.concat_range(start, stop, step, sep=" ", fmt=fmt) == want
    assert simdigits.range_length(start, stop, step, sep=" ", fmt=fmt) == len(want)
    assert simdigits.join(range(start, stop, step), " ", fmt=fmt) == want


# Python refuses these for ints, but 'c' (ints as characters), which simdigits refuses too.
@pytest.mark.parametrize("fmt", ["c", ".3", "z", "__", "_,", ",x", ",n", "5.", "1e3", "q"])
def test_refusals_quote_the_spec(fmt):
    with pytest.raises(ValueError) as refused:
        simdigits.join([1, 2], fmt=fmt)
    assert f"'{fmt}'" in str(refused.value)
    with pytest.raises(ValueError):
        simdigits.formatted_length([1], fmt=fmt)
    with pytest.raises(ValueError):
        simdigits.concat_range(3, fmt=fmt)


@pytest.mark.parametrize("fmt", [5, b"d", ["d"]])
def test_fmt_must_be_a_str(fmt):
    with pytest.raises(TypeError, match="fmt must be str or None"):
        simdigits.join([1], fmt=fmt)


def test_wide_separators_and_fills_together():
    values = [3, -40, 2**80]
    for sep, fmt in [("—", "é>6"), ("→", "+_x"), ("", "€^7,"), ("\U0001f600", "08"), ("—", "\x00>5"), ("\x00", "\x00^4")]:
        assert simdigits.join(values, sep, fmt=fmt) == sep.join(format(v, fmt) for v in values)
        assert simdigits.formatted_length(values, sep, fmt=fmt) == len(sep.join(format(v, fmt) for v in values))
        assert simdigits.join(values, sep, as_bytes=True, fmt=fmt) == sep.join(format(v, fmt) for v in values).encode()


# The float types write ints as Python does: as float(v), correctly rounded.
@pytest.mark.parametrize("fmt", ["10f", "e", "%", ".2f", ",.1e", "+g", "z.0f", "#.3G", "012,.2f"])
def test_float_types_of_ints(fmt):
    values = [0, 1, -7, 2**53 + 1, 2**62 + 12345, -(2**63), 10**18 - 1]
    assert simdigits.join(values, fmt=fmt) == ",".join(format(v, fmt) for v in values)
    assert simdigits.concat_range(-3, 4, sep=" ", fmt=fmt) == " ".join(format(v, fmt) for v in range(-3, 4))
    assert simdigits.range_length(-3, 4, sep=" ", fmt=fmt) == len(" ".join(format(v, fmt) for v in range(-3, 4)))
