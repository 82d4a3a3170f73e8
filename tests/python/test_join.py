"""join and formatted_length against sep.join(map(str, values)), on every backend."""

import array
import functools
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import simdigits

INT_DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64,
              np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong, np.intp, np.uintp]
SEPS = ["", ",", ", ", "<->", "é", "→", "😀"]


def reference(values, sep=","):
    return sep.join(map(str, values))


def check(values, sep=","):
    expected = reference(values.tolist() if isinstance(values, np.ndarray) else values, sep)
    assert simdigits.join(values, sep) == expected
    assert simdigits.formatted_length(values, sep) == len(expected)
    assert simdigits.join(values, sep, as_bytes=True) == expected.encode()
    return expected


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(), max_size=80), sep=st.sampled_from(SEPS) | st.text(max_size=3))
def test_python_ints_of_any_size(backend, values, sep):
    check(values, sep)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(-(2**63), 2**64 - 1), max_size=200), sep=st.sampled_from(SEPS))
def test_python_ints_around_64_bits(backend, values, sep):
    check(values, sep)


@pytest.mark.parametrize("dtype", INT_DTYPES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_numpy_dtype(backend, dtype, data):
    values = data.draw(hnp.arrays(dtype, st.integers(0, 70)))
    sep = data.draw(st.sampled_from(SEPS))
    check(values, sep)


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int32, np.uint32, np.int64, np.uint64])
def test_extremes_and_boundaries(backend, dtype):
    info = np.iinfo(dtype)
    values = [info.min, info.min + 1, info.max - 1, info.max, 0, 1]
    p = 10
    while p <= info.max:
        values += [p - 1, p, min(p + 1, info.max)]
        if info.min < 0:
            values += [-p + 1, -p]
        p *= 10
    check(np.array(values, dtype=dtype), ",")


@pytest.mark.parametrize("dtype", [np.int16, np.uint32, np.int64, np.uint64])
def test_non_contiguous_and_byte_swapped(backend, dtype):
    rng = np.random.default_rng(5)
    info = np.iinfo(dtype)
    base = rng.integers(info.min, info.max, size=5000, dtype=dtype, endpoint=True)
    views = [base[::3], base[::-1], base[5:4000:7], base.astype(base.dtype.newbyteorder(">")),
             base.astype(base.dtype.newbyteorder(">"))[::-2], np.asfortranarray(base.reshape(50, 100))[:, 3]]
    for v in views:
        check(v, ",")
        check(v, "→")


@pytest.mark.parametrize("dtype", [np.int16, np.uint32, np.int64])
def test_unaligned_buffers(backend, dtype):
    values = np.arange(-500, 500, 3, dtype=np.int64).astype(dtype)
    raw = b"\x00" + values.tobytes()
    unaligned = np.frombuffer(raw, dtype=dtype, offset=1)
    assert unaligned.ctypes.data % np.dtype(dtype).alignment != 0
    check(unaligned, ",")


def test_large_array_crosses_gil_release_threshold(backend):
    rng = np.random.default_rng(1)
    for dtype in (np.uint32, np.int64):
        info = np.iinfo(dtype)
        check(rng.integers(info.min, info.max, size=100_000, dtype=dtype), ", ")


@functools.cache
def large_array():
    values = np.random.default_rng(5).integers(0, 2**32, size=6_000_000, dtype=np.uint32)
    return values, reference(values.tolist(), "; ")


@pytest.mark.parametrize("threads", [1, 2])
def test_joins_past_the_caches(backend, threads):
    # Values and text larger than the caches on each thread, into fresh memory (written with plain
    # stores; C++'s tests cover the streamed path that buffers in use take), unaligned values too.
    values, expected = large_array()
    assert (values.nbytes + len(expected)) // threads > 24 << 20
    assert simdigits.join(values, "; ", threads=threads) == expected
    rest = expected.partition("; ")[2].encode()
    assert simdigits.join(values[1:], "; ", as_bytes=True, threads=threads) == rest


@pytest.mark.parametrize("code", list("bBhHiIlLqQ"))
def test_array_module(backend, code):
    a = array.array(code, [0, 1, 2, 100, 127])
    check(a, ";")
    check(memoryview(a), ";")


@pytest.mark.parametrize("r", [range(0), range(10), range(-50, 50, 7), range(10**6, -10**6, -99991),
                               range(2**63 - 5, 2**63 - 1)])
def test_range_objects_take_the_closed_form_path(backend, r):
    check(r, ",")


def test_range_objects_beyond_int64_are_iterated():
    check(range(2**70, 2**70 + 5), ",")
    with pytest.raises((OverflowError, MemoryError)):
        simdigits.join(range(2**64))


def test_bytes_like_are_unsigned_bytes():
    assert simdigits.join(b"\x00\x7f\xff") == "0,127,255" == reference(b"\x00\x7f\xff")
    assert simdigits.join(bytearray(b"ab"), "") == "9798"


def test_iterables_and_index_objects():
    assert simdigits.join(iter(range(5))) == "0,1,2,3,4"
    assert simdigits.join((x * x for x in range(4)), " ") == "0 1 4 9"
    assert simdigits.join([np.int64(-3), np.uint64(2**64 - 1)]) == "-3,18446744073709551615"
    assert simdigits.join(np.array([1, 2**70, -(2**80)], dtype=object)) == reference([1, 2**70, -(2**80)])
    assert simdigits.join([]) == "" and simdigits.join(np.array([], dtype=np.int32)) == ""
    assert simdigits.formatted_length([]) == 0


def test_output_is_compact_ascii():
    s = simdigits.join(np.arange(1000), ",")
    assert sys.getsizeof(s) == sys.getsizeof("x" * len(s))


@pytest.mark.parametrize("bad", [
    [1j], [1, "2"], [None], [True, 2], np.array([1 + 1j]), np.array([True, False]),
    np.array(["1"]), np.array([1], dtype=np.complex64), 5, 3.0, object(),
    np.array([True, False], dtype=object),  # (datetime64 and timedelta64 are written as NumPy writes them)
])
def test_non_numbers_raise_type_error(bad):
    with pytest.raises(TypeError):
        simdigits.join(bad)
    with pytest.raises(TypeError):
        simdigits.formatted_length(bad)


def test_strings_are_not_integer_iterables():
    with pytest.raises(TypeError):
        simdigits.join("123")


@pytest.mark.parametrize("bad", [np.zeros((2, 2), dtype=np.int32), np.int64(5).reshape(())])
def test_not_one_dimensional_raises_value_error(bad):
    with pytest.raises(ValueError):
        simdigits.join(bad)


def test_huge_ints_follow_python_str_limits():
    big = 10**5000
    try:
        expected = str(big)
    except ValueError:
        with pytest.raises(ValueError):
            simdigits.join([big])
    else:
        assert simdigits.join([big]) == expected
