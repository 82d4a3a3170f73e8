"""concat_range and range_length against their pure-Python definitions, on every backend."""

import functools
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simdigits

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

separators = st.one_of(
    st.sampled_from(["", ",", ", ", "<->", "\n", "é", "→", "😀", "a😀b"]),
    st.text(max_size=4),
)


def reference(*args, sep=""):
    return sep.join(map(str, range(*args)))


@st.composite
def ranges(draw):
    """Ranges of at most ~3000 numbers anywhere in int64, often across digit-length boundaries."""
    anchor = draw(st.one_of(
        st.integers(INT64_MIN, INT64_MAX),
        st.sampled_from([0, 10**draw(st.integers(0, 18)), -(10**draw(st.integers(0, 18)))]),
    ))
    step = draw(st.integers(-10**6, 10**6).filter(lambda s: s != 0))
    count = draw(st.integers(0, 3000))
    start = min(max(anchor, INT64_MIN), INT64_MAX)
    stop = min(max(start + step * count, INT64_MIN), INT64_MAX)
    return start, stop, step


@settings(max_examples=300, deadline=None)
@given(r=ranges(), sep=separators)
def test_concat_range_matches_python(backend, r, sep):
    start, stop, step = r
    expected = reference(start, stop, step, sep=sep)
    assert simdigits.concat_range(start, stop, step, sep=sep) == expected
    assert simdigits.range_length(start, stop, step, sep=sep) == len(expected)
    assert simdigits.concat_range(start, stop, step, sep=sep, as_bytes=True) == expected.encode()


@pytest.mark.parametrize("args", [(0,), (1,), (10,), (1234,), (-5,), (5, 5), (7, 3), (3, 7, -1),
                                  (-20, 20, 3), (20, -20, -3), (INT64_MAX - 30, INT64_MAX),
                                  (INT64_MIN, INT64_MIN + 30), (INT64_MAX, INT64_MAX - 30, -7),
                                  (INT64_MIN, INT64_MAX, 2**62), (INT64_MAX, INT64_MIN, -(2**62)),
                                  (-(10**18), 10**18, 10**17), (0, 10**5)])
@pytest.mark.parametrize("sep", ["", ",", " | "])
def test_edges(backend, args, sep):
    expected = sep.join(map(str, range(*args)))
    assert simdigits.concat_range(*args, sep=sep) == expected
    assert simdigits.range_length(*args, sep=sep) == len(expected)


@functools.cache
def large_reference():
    return reference(9_999_000, 16_000_000, sep=",")


@pytest.mark.parametrize("threads", [1, 2])
def test_outputs_past_the_caches(backend, threads):
    # Text larger than the caches on each thread: the block engine's decade edges and block reuse over
    # millions of numbers, into fresh memory (which is written with plain stores; C++'s tests cover the
    # streamed path that buffers in use take).
    args = (9_999_000, 16_000_000)
    expected = large_reference()
    assert len(expected) // threads > 24 << 20
    assert simdigits.concat_range(*args, sep=",", threads=threads) == expected


def test_result_is_a_compact_ascii_str(backend):
    s = simdigits.concat_range(1000, sep=",")
    assert type(s) is str and s.isascii()
    assert sys.getsizeof(s) == sys.getsizeof("x" * len(s))
    b = simdigits.concat_range(1000, as_bytes=True)
    assert type(b) is bytes and b == reference(0, 1000).encode()


@pytest.mark.parametrize("sep", ["é", "→", "😀", "ab→"])
def test_non_ascii_separators(backend, sep):
    for args in [(0,), (1,), (5000,), (-3, 9000, 7)]:
        expected = reference(*args, sep=sep)
        assert simdigits.concat_range(*args, sep=sep) == expected
        assert simdigits.concat_range(*args, sep=sep, as_bytes=True) == expected.encode()
        assert simdigits.range_length(*args, sep=sep) == len(expected)


def test_bytes_separator_with_as_bytes():
    assert simdigits.concat_range(4, sep=b"\x00", as_bytes=True) == b"0\x001\x002\x003"
    with pytest.raises(TypeError):
        simdigits.concat_range(4, sep=b",")


def test_range_length_in_closed_form_for_huge_ranges():
    # 0..10^15-1: every d-digit number, 9*10^(d-1) of them, plus the single 0.
    expected = 1 + sum(d * 9 * 10 ** (d - 1) for d in range(1, 16))
    assert simdigits.range_length(10**15) == expected
    assert simdigits.range_length(-(10**15) + 1, 1) == expected + sum(9 * 10 ** (d - 1) for d in range(1, 16))
    assert simdigits.range_length(0, 10**15, 1, sep="ab") == expected + 2 * (10**15 - 1)


class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


def test_arguments_take_what_range_takes():
    assert simdigits.concat_range(np.int64(5)) == "01234"
    assert simdigits.concat_range(np.uint8(3), np.int16(6)) == "345"
    assert simdigits.concat_range(Index(2), Index(9), Index(3)) == "258"
    assert simdigits.concat_range(True) == "0"


@pytest.mark.parametrize("bad", [1.0, "3", None, 2.5, np.float64(3), [3]])
def test_arguments_refused_like_range(bad):
    with pytest.raises(TypeError):
        range(bad)
    with pytest.raises(TypeError):
        simdigits.concat_range(bad)
    with pytest.raises(TypeError):
        simdigits.range_length(0, bad)


def test_argument_errors():
    with pytest.raises(ValueError, match="zero"):
        simdigits.concat_range(0, 10, 0)
    with pytest.raises(ValueError):
        simdigits.range_length(0, 10, 0)
    with pytest.raises(TypeError):
        simdigits.concat_range()
    with pytest.raises(TypeError):
        simdigits.concat_range(1, 2, 3, 4)
    with pytest.raises(TypeError):
        simdigits.concat_range(5, bogus=1)
    with pytest.raises(TypeError):
        simdigits.concat_range(5, sep=3)
    with pytest.raises(OverflowError):
        simdigits.concat_range(2**63)
    with pytest.raises(OverflowError):
        simdigits.concat_range(-(2**63) - 1, 0)


@pytest.mark.parametrize("args", [(10**18,), (INT64_MIN, INT64_MAX), (0, 10**13, 1)])
def test_too_large_fails_at_once(args):
    with pytest.raises((MemoryError, OverflowError)):
        simdigits.concat_range(*args)
