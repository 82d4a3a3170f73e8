"""simdigits: integers to decimal text, as fast as the hardware allows.

Each function gives exactly what the obvious Python expression gives, only faster (with fmt,
what ``format(v, fmt)`` gives for each value):

    >>> import simdigits
    >>> simdigits.concat_range(5)
    '01234'
    >>> simdigits.join([3, -1, 2**70], sep=", ")
    '3, -1, 1180591620717411303424'
    >>> simdigits.formatted_length(range(1000), sep="")
    2890

Every function computes the exact length of its result first, allocates the str (or bytes) once at
that size, and writes it in place with SIMD kernels chosen for the CPU (see backends()), with the GIL
released for large inputs and every core for outputs of 4 MB and more.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from typing import SupportsIndex

from . import _core, _writers
from ._core import __version__
from ._writers import dumps_json, savetxt, to_arrow, to_csv, to_numpy_strings, to_strings

__all__ = [
    "__version__",
    "backends",
    "concat_range",
    "dumps_json",
    "formatted_length",
    "get_backend",
    "join",
    "range_length",
    "savetxt",
    "set_backend",
    "to_arrow",
    "to_csv",
    "to_numpy_strings",
    "to_strings",
    "use_backend",
]


class _Omitted:
    """The default of stop: range()'s one-argument form, concat_range(stop). A None there is refused,
    as range() refuses it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<omitted>"


_OMITTED = _Omitted()


def concat_range(start: SupportsIndex, stop: SupportsIndex = _OMITTED, step: SupportsIndex = 1, /, *,
                 sep: str | bytes = "", as_bytes: bool = False, threads: int | None = None,
                 fmt: str | None = None) -> str | bytes:
    """The numbers of range(start, stop, step) joined by sep: ``sep.join(map(str, range(...)))``.

    Called like range(): ``concat_range(stop)`` or ``concat_range(start, stop[, step])``; the range
    arguments are positional and must fit in a signed 64-bit integer.

    Args:
        sep: text between the numbers (str, or bytes with as_bytes=True).
        as_bytes: return bytes (ASCII digits, sep encoded as UTF-8) instead of str.
        threads: how many threads write the text; None uses every core for 4 MB and more, 1 none.
        fmt: each number as ``format(n, fmt)`` (Python's format-spec mini-language: "08d", "+d",
            "<6", ",", "_x", "#b", ...); None for str(n).

    Returns:
        str (bytes with as_bytes=True) of exactly range_length(...) characters.

    Raises:
        TypeError: an argument of the wrong type (a float for stop, bytes sep without as_bytes, fmt
            not a str).
        ValueError: step is 0, threads < 1, or fmt is not a spec for integers (the message quotes it).
        OverflowError: a range argument outside the signed 64-bit range.

    >>> concat_range(8, 14, 2, sep=",")
    '8,10,12'
    >>> concat_range(3, as_bytes=True)
    b'012'
    >>> concat_range(9, 12, sep=" ", fmt="03d")
    '009 010 011'
    """
    if stop is _OMITTED:
        start, stop = 0, start
    return _core.concat_range(start, stop, step, sep, as_bytes, threads, fmt)


def range_length(start: SupportsIndex, stop: SupportsIndex = _OMITTED, step: SupportsIndex = 1, /, *,
                 sep: str = "", fmt: str | None = None) -> int:
    """``len(concat_range(...))`` in closed form, without building the text.

    Takes the range arguments of concat_range(); sep is a str, counted in characters. With fmt, the
    numbers are measured one pass over them (no text is built).

    Raises:
        TypeError, ValueError, OverflowError: as concat_range().

    >>> range_length(10**9)
    8888888890
    >>> range_length(-5, 5, sep=", ")
    33
    """
    if stop is _OMITTED:
        start, stop = 0, start
    return _core.range_length(start, stop, step, sep, fmt)


def join(values: Iterable[SupportsIndex | float], sep: str | bytes = ",", *, as_bytes: bool = False,
         threads: int | None = None, fmt: str | None = None) -> str | bytes:
    """The numbers of values joined by sep: ``sep.join(map(str, values))``.

    Args:
        values: a 1-D buffer of integers or floats (a NumPy array of any integer dtype or of float16,
            float32, float64, strided or byte-swapped; array.array; memoryview), a range, or any
            iterable of ints (of any size) and floats. Floats are written as str writes them: their
            shortest round-trip digits (NumPy's str for float32 and float16). A NumPy datetime64
            array (years to nanoseconds) or timedelta64 array is written as NumPy's str writes each
            value, NaT too.
        sep: text between the numbers (str, or bytes with as_bytes=True).
        as_bytes: return bytes instead of str.
        threads: how many threads write the text; None uses every core for 4 MB and more, 1 none.
        fmt: each integer as ``format(v, fmt)`` (Python's format-spec mini-language: "08d", "+d",
            "<6", ",", "_x", "#b", ...); None for str(v).

    Returns:
        str (bytes with as_bytes=True) of exactly formatted_length(values, sep) characters.

    Raises:
        TypeError: values hold something other than integers and floats (bools, strings), sep has
            the wrong type, or fmt is not a str.
        ValueError: a buffer that is not 1-dimensional, threads < 1, fmt is not a spec for integers
            (the message quotes it), or fmt with floats among the values.

    >>> join([1, 22, -333])
    '1,22,-333'
    >>> join(range(3), " ", as_bytes=True)
    b'0 1 2'
    >>> join([5, -42, 1234567], fmt=">+9,")
    '       +5,      -42,+1,234,567'
    """
    try:
        return _core.join(values, sep, as_bytes, threads, fmt)
    except (TypeError, ValueError):
        if not _writers.is_datetime_array(values):
            raise
    return _writers.join_datetimes(values, sep, as_bytes, threads, fmt)


def formatted_length(values: Iterable[SupportsIndex | float], sep: str = ",", *, fmt: str | None = None) -> int:
    """``len(join(values, sep, fmt=fmt))``, without building the text.

    Takes the values and fmt of join(); sep is a str, counted in characters.

    Raises:
        TypeError, ValueError: as join().

    >>> formatted_length([1, 22, -333])
    9
    """
    try:
        return _core.formatted_length(values, sep, fmt)
    except (TypeError, ValueError):
        if not _writers.is_datetime_array(values):
            raise
    return _writers.datetimes_length(values, sep, fmt)


def backends() -> list[str]:
    """The kernel sets this CPU can run, 'scalar' first and the one chosen by default last.

    >>> backends()[0]
    'scalar'
    """
    return _core.backends()


def get_backend() -> str:
    """The backend every call uses now (the last of backends() unless set_backend() chose another).

    >>> get_backend() in backends()
    True
    """
    return _core.get_backend()


def set_backend(name: str) -> None:
    """Use the backend ``name`` for every call, process-wide (the environment variable
    SIMDIGITS_BACKEND does the same at import).

    Raises:
        ValueError: this CPU cannot run it; the message lists the ones it can.
        TypeError: name is not a str.

    >>> set_backend("scalar"); get_backend()
    'scalar'
    >>> set_backend(backends()[-1])
    """
    _core.set_backend(name)


def use_backend(name: str) -> contextlib.AbstractContextManager[str]:
    """Use backend ``name`` inside a ``with`` block (process-wide), then restore the previous one.

    Raises:
        ValueError, TypeError: as set_backend(), on entering the block.

    >>> with use_backend("scalar"):
    ...     join([1, 2])
    '1,2'
    """
    return _BackendScope(name)


class _BackendScope(contextlib.AbstractContextManager):
    def __init__(self, name: str) -> None:
        self.name = name
        self.previous: list[str] = []

    def __enter__(self) -> str:
        self.previous.append(get_backend())
        set_backend(self.name)
        return self.name

    def __exit__(self, *exc_info: object) -> None:
        set_backend(self.previous.pop())


def _backend_from_environment() -> None:
    name = os.environ.get("SIMDIGITS_BACKEND")
    if name:
        set_backend(name)  # ValueError names the backends this CPU has


_backend_from_environment()
