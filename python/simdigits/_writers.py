"""The data writers: savetxt, to_csv, dumps_json, to_strings, to_numpy_strings and to_arrow.

Each describes its columns to the native core (``_core.table``, ``_core.strings``), which measures the
exact text, then writes it into one new object, a file at exact offsets (every core, memory bounded), or
bounded pieces for a file object. Arguments are checked here, before anything is written; NumPy,
pyarrow and tqdm are imported only by the calls that need them.
"""

from __future__ import annotations

import array
import contextlib
import csv
import functools
import gzip
import importlib.util
import io
import json
import locale
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, BinaryIO, TextIO

from . import _core


def _tzdata_zones() -> None:
    """Python's tzdata package's zone files, searched after the system's as Python's zoneinfo searches
    them: the zones pandas and polars take are known where the system has no tz database (slim images)."""
    spec = importlib.util.find_spec("tzdata")  # (found, not imported)
    if spec is not None and spec.submodule_search_locations:
        _core._add_time_zone_directory(os.path.join(list(spec.submodule_search_locations)[0], "zoneinfo"))


_tzdata_zones()
# ---- destinations ------------------------------------------------------------------------------------


def _is_path(target: object) -> bool:
    return isinstance(target, (str, os.PathLike))


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _atomic_file(path: str | os.PathLike):
    """(fd, name) of a new file beside ``path`` that becomes ``path`` when the block ends without an
    exception; after one, it is removed and whatever was at ``path`` stays as it was. As open() would:
    through a symbolic link to its target, with an existing file's permissions, or the umask's."""
    path = os.path.realpath(os.fsdecode(os.fspath(path)))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix=".simdigits-", suffix=".tmp", dir=os.path.dirname(path))
    try:
        os.fchmod(fd, mode)
        yield fd, temporary
        os.close(fd)
        fd = -1
        _core._replace_file(temporary, path)  # (os.replace, without ext4's write-back of a file renamed over another)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class _Progress:
    """A sink of pieces that passes them on and shows a tqdm bar by bytes (or no bar): the core calls
    expect() with the length before the first piece."""

    def __init__(self, enabled: bool, what: str, write) -> None:
        self.bar = None
        self.what = what
        self.write = write
        self.enabled = enabled
        if enabled and importlib.util.find_spec("tqdm") is None:
            raise ImportError("progress=True needs tqdm: pip install 'simdigits[progress]'")

    def expect(self, total: int) -> None:
        if self.enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, unit="B", unit_scale=True, desc=self.what)

    def __call__(self, piece: bytes) -> None:
        self.write(piece)
        if self.bar is not None:
            self.bar.update(len(piece))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _fd_writer(fd: int):
    def write(piece: bytes) -> None:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view):]
    return write


class _FileSink:
    """Pieces of UTF-8 text to a file object: as str to a text file, as bytes (re-encoded when the
    encoding is not UTF-8) to a binary one; the first write finds out which, as numpy.savetxt does."""

    def __init__(self, file: Any, encoding: str | None) -> None:
        self.file = file
        self.encoding = encoding
        self.text: bool | None = None if not isinstance(file, io.TextIOBase) else True
        self.written = 0

    def __call__(self, piece: bytes) -> None:
        if self.text is None:
            try:
                self.file.write(piece.decode("utf-8"))
                self.text = True
                self.written += len(piece)
            except TypeError:
                self.text = False
                self._write_bytes(piece)
            return
        if self.text:
            self.file.write(piece.decode("utf-8"))
            self.written += len(piece)
        else:
            self._write_bytes(piece)

    def _write_bytes(self, piece: bytes) -> None:
        if self.encoding and not _is_utf8(self.encoding) and not piece.isascii():
            piece = piece.decode("utf-8").encode(self.encoding)
        self.file.write(piece)
        self.written += len(piece)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig") or encoding.lower() == "u8"


# ---- CSV dialects ------------------------------------------------------------------------------------


@functools.cache
def _python_csv_always_quotes() -> str:
    """The characters Python's csv module quotes whatever the line terminator (none on 3.11; CR and LF
    on versions that quote them always), found by asking it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\t").writerow(["a\nb", "a\rb"])
    text = out.getvalue()
    return ("\n" if text.startswith('"a\nb"') else "") + ("\r" if '"a\rb"' in text else "")


def _library_of(data: object) -> str:
    return type(data).__module__.split(".")[0]


def _float_style(library: str) -> str:
    """How the writer whose output is matched writes floats: str's text (pandas; NaN is its null), or
    polars' (orjson's layout, NaN as NaN)."""
    return "python" if library in ("pandas", "numpy", "builtins") else "polars"


def _dialect(library: str, lineterminator: str) -> tuple[str, bool, bool, bool]:
    """(quote_chars, quote_empty, quote_empty_row, quote_numbers) of the writer whose output is matched:
    Python's csv module (pandas' writer) for pandas frames, arrays and mappings, which quotes numbers
    and nulls as it quotes strings; polars for polars frames and other Arrow sources."""
    if library in ("pandas", "numpy", "builtins"):
        return lineterminator + _python_csv_always_quotes(), False, True, True
    return "\r\n", True, False, False


# ---- columns -----------------------------------------------------------------------------------------


def _buffer(values: object) -> memoryview | None:
    try:
        return memoryview(values)  # type: ignore[arg-type]
    except TypeError:
        return None


_INTEGER_CODES = frozenset("bBhHiIlLqQnN")
_FLOAT_CODES = frozenset("efd")


def _item_code(view: memoryview) -> str:
    """The struct code of a buffer's items, without its byte-order prefix ('q' for int64, '?' for bool)."""
    return view.format.lstrip("@=<>!")


def _spec(fmt: object, name: str | None = None) -> object:
    if fmt is None or isinstance(fmt, str):
        return fmt
    what = "fmt" if name is None else f"fmt of column {name!r}"
    raise TypeError(f"{what} must be str or None, not {type(fmt).__name__}")


def _string_column(values: Sequence[object], name: str) -> tuple:
    """A column of str (and None for nulls) in Arrow's layout: 64-bit offsets, UTF-8 data."""
    encoded = []
    mask = bytearray(len(values))
    for i, v in enumerate(values):
        if v is None:
            mask[i] = 1
            encoded.append(b"")
        elif isinstance(v, str):
            encoded.append(v.encode("utf-8"))
        else:
            raise TypeError(f"column {name!r} mixes str and {type(v).__name__}")
    offsets = array.array("q", [0])
    total = 0
    for e in encoded:
        total += len(e)
        offsets.append(total)
    return ("s", (offsets, b"".join(encoded)), name, mask if any(mask) else None, None)


def _sequence_column(values: Sequence[object], name: str, spec: object, float_spec: object = None) -> tuple:
    """A column from a Python sequence: ints, floats (None for nulls) or strs. Numbers with a float or
    a None among them are float64 as pandas infers them (NaN and None its nulls); ints alone are ints."""
    values = list(values)
    if any(isinstance(v, str) for v in values):
        return _string_column(values, name)
    if values and all(v is None or isinstance(v, bool) for v in values) and any(v is not None for v in values):
        nulls = bytes(v is None for v in values)
        return ("b", bytes(v is True for v in values), name, nulls if any(nulls) else None, _PANDAS_BOOLS)
    if any(v is None or isinstance(v, float) for v in values):
        return _float_sequence_column(values, name, float_spec)
    mask = bytearray(len(values))
    ints = []
    for i, v in enumerate(values):
        if v is None:
            mask[i] = 1
            ints.append(0)
        elif isinstance(v, bool) or not hasattr(v, "__index__"):
            raise TypeError(f"column {name!r} holds {type(v).__name__}, not integers")
        else:
            ints.append(v.__index__())
    for code in ("q", "Q"):
        try:
            column = array.array(code, ints)
            break
        except OverflowError:
            continue
    else:
        raise OverflowError(f"column {name!r} holds integers past 64 bits")
    return ("i", column, name, mask if any(mask) else None, spec)


def _float_sequence_column(values: list, name: str, spec: object) -> tuple:
    floats = array.array("d")
    mask = bytearray(len(values))
    for i, v in enumerate(values):
        if v is None:
            mask[i] = 1
            floats.append(0.0)
        elif isinstance(v, bool) or not isinstance(v, (float, int)) and not hasattr(v, "__float__"):
            raise TypeError(f"column {name!r} holds {type(v).__name__}, not numbers")
        else:
            f = float(v)
            mask[i] = f != f  # NaN: pandas' null
            floats.append(f)
    return _float_column(floats, name, mask if any(mask) else None, spec)


def _float_column(values: Any, name: str | None, nulls: Any, spec: object) -> tuple:
    """A float column as _core.table takes it: str's text (pandas' writer), or its spec's (a callable
    float_format: each value's text from it, as a string column)."""
    if callable(spec):
        np = sys.modules.get("numpy")
        items = np.asarray(values).tolist() if np is not None else list(values)
        if nulls is not None:
            items = [None if null else v for v, null in zip(items, bytes(memoryview(nulls).cast("B")))]
        texts = [None if v is None else spec(v) for v in items]
        if not all(t is None or isinstance(t, str) for t in texts):
            raise TypeError(f"float_format must return str for column {name!r}")
        return _string_column(texts, name)
    if isinstance(spec, tuple) and _buffer(values).itemsize < 8 and re.search(r"%[-0-9]*s", spec[1].replace("%%", "")):
        raise ValueError(f"float_format {spec[1]!r} of column {name!r}: '%s' of a float32 or float16 is NumPy's "
                         "str, of its own digits; use %e, %f or %g (or '%s' alone)")
    return ("f", values, name, nulls, "python", spec)


def _float_nulls(view: memoryview, mask: Any) -> Any:
    """The rows of a float column pandas writes as na_rep: NaN, and masked ones."""
    np = sys.modules["numpy"]
    nulls = np.isnan(np.asarray(view))
    if mask is not None:
        nulls |= mask
    return nulls.view("uint8") if nulls.any() else None


def _masked_parts(values: Any) -> tuple[Any, Any]:
    """The data and the mask (True: null) of a NumPy masked array, or (values, None)."""
    if type(values).__name__ == "MaskedArray" and hasattr(values, "mask"):
        np = sys.modules["numpy"]
        return np.ma.getdata(values), np.ma.getmaskarray(values)
    return values, None


def _dtype_text(values: Any) -> str:
    dtype = getattr(values, "dtype", None)
    return str(dtype) if dtype is not None else type(values).__name__


def _integer_buffer(values: Any, name: str) -> memoryview:
    view = _buffer(values)
    if view is None:
        raise TypeError(f"column {name!r} is a {type(values).__name__}, not an array or sequence of integers")
    if _item_code(view) not in _INTEGER_CODES:
        raise TypeError(f"column {name!r} is of type {_dtype_text(values)}, not integers")
    if view.ndim != 1:
        raise ValueError(f"column {name!r} must be 1-dimensional, got {view.ndim} dimensions")
    return view


def _float_spec(fmt: object, key: object, name: str, float_format: object) -> object:
    """The spec of a float column: its own entry of a fmt mapping (the mini-language, read for floats),
    else float_format as a printf conversion ("%.2f", as pandas applies it) or a callable."""
    if isinstance(fmt, Mapping) and (key in fmt or name in fmt):
        return _spec(fmt.get(key, fmt.get(name)), name)
    if float_format is None or callable(float_format) or float_format == "%s":  # "%s": str(), as None
        return None if float_format == "%s" else float_format
    return ("%", float_format)


_PANDAS_BOOLS = ("True", "False")
_DATETIME_UNITS = frozenset(("s", "ms", "us", "ns"))


def _datetime_column(values: Any, name: str, mask: Any, date_format: str | None) -> tuple:
    """A NumPy datetime64 column as pandas writes it (NaT and masked values are nulls). pandas holds
    seconds at the coarsest: dates, hours and minutes are seconds to it."""
    np = sys.modules["numpy"]
    if values.ndim != 1:
        raise ValueError(f"column {name!r} must be 1-dimensional, got {values.ndim} dimensions")
    unit = np.datetime_data(values.dtype)[0]
    if unit in ("ps", "fs", "as"):
        raise TypeError(f"column {name!r} is of type {values.dtype}: units finer than ns are not supported")
    unit = unit if unit in _DATETIME_UNITS else "s"
    ints, nulls = _datetime_values(values, unit, mask)
    return ("t", ints, name, nulls, ("timestamp", unit, "pandas", date_format))


def _duration_column(values: Any, name: str, mask: Any) -> tuple:
    """A NumPy timedelta64 column as pandas writes it (pandas holds seconds at the coarsest)."""
    np = sys.modules["numpy"]
    if values.ndim != 1:
        raise ValueError(f"column {name!r} must be 1-dimensional, got {values.ndim} dimensions")
    unit = np.datetime_data(values.dtype)[0]
    if unit not in _DATETIME_UNITS and unit not in ("W", "D", "h", "m"):
        raise TypeError(f"column {name!r} is of type {values.dtype}: pandas holds no durations of {unit!r}")
    unit = unit if unit in _DATETIME_UNITS else "s"
    ints, nulls = _datetime_values(values, unit, mask)
    return ("t", ints, name, nulls, ("duration", unit, "pandas", None))


def _datetime_values(values: Any, unit: str, mask: Any = None) -> tuple:
    """(the int64 values of a datetime64 or timedelta64 array in `unit`, converted when the array's unit
    is another, byte order kept; the nulls, NaT and masked values, as a byte mask or None)."""
    np = sys.modules["numpy"]
    if np.datetime_data(values.dtype) != (unit, 1):
        values = values.astype(f"{values.dtype.kind}8[{unit}]")
    ints = values.view(np.dtype("int64").newbyteorder(values.dtype.byteorder))
    nulls = ints == np.iinfo(np.int64).min
    if mask is not None:
        nulls |= mask
    return ints, nulls.view("uint8") if nulls.any() else None


def _bool_column(values: Any, name: str, mask: Any) -> tuple:
    np = sys.modules["numpy"]
    if values.ndim != 1:
        raise ValueError(f"column {name!r} must be 1-dimensional, got {values.ndim} dimensions")
    nulls = None if mask is None or not mask.any() else mask.astype("uint8")
    return ("b", np.ascontiguousarray(values).view("uint8"), name, nulls, _PANDAS_BOOLS)


def _mapping_columns(data: Mapping, fmt: object, float_format: object = None, date_format: str | None = None) -> list:
    columns = []
    for key, values in data.items():
        name = str(key)
        spec = _spec(fmt.get(key) if isinstance(fmt, Mapping) else fmt, name)
        float_spec = _float_spec(fmt, key, name, float_format)
        values, mask = _masked_parts(values)
        kind = getattr(getattr(values, "dtype", None), "kind", None)
        if kind == "M":
            columns.append(_datetime_column(values, name, mask, date_format))
        elif kind == "m":
            columns.append(_duration_column(values, name, mask))
        elif kind == "b":
            columns.append(_bool_column(values, name, mask))
        elif _buffer(values) is not None and _item_code(_buffer(values)) in _FLOAT_CODES:
            view = _buffer(values)
            if view.ndim != 1:
                raise ValueError(f"column {name!r} must be 1-dimensional, got {view.ndim} dimensions")
            columns.append(_float_column(view, name, _float_nulls(view, mask), float_spec))
        elif _buffer(values) is not None:
            view = _integer_buffer(values, name)
            nulls = None
            if mask is not None and mask.any():
                nulls = mask.view("uint8") if mask.flags.c_contiguous else mask.astype("uint8")
            columns.append(("i", view, name, nulls, spec))
        elif isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"column {name!r} is a {type(values).__name__}, not an array or sequence")
        else:
            columns.append(_sequence_column(values, name, spec, float_spec))
    lengths = {}
    for (kind, values, name, *_rest) in columns:
        lengths[name] = len(values[0]) - 1 if kind == "s" else len(values)
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{n!r}: {k}" for n, k in lengths.items())
        raise ValueError(f"the columns have different lengths ({described})")
    return columns


def _matrix_columns(data: Any, header: object, fmt: object, float_format: object = None) -> list:
    """A 2-D array (masked too) as a matrix, or column by column when it has masked values."""
    values, mask = _masked_parts(data)
    view = _buffer(values)
    if view is None:
        raise TypeError(f"data must be a 2-D array of numbers, a mapping or an Arrow stream, not {type(data).__name__}")
    if view.ndim != 2:
        raise ValueError(f"data must be 2-dimensional, got {view.ndim} dimensions")
    floats = _item_code(view) in _FLOAT_CODES
    if _item_code(view) not in _INTEGER_CODES and not floats:
        raise TypeError(f"data is of type {_dtype_text(values)}, not numbers")
    width = view.shape[1]
    names = None
    if isinstance(header, (list, tuple)):
        if len(header) != width:
            raise ValueError(f"header has {len(header)} names for {width} columns")
        names = [str(h) for h in header]
    if floats:  # column by column, NaN (and masked values) as nulls
        return [_float_column(values[:, c], names[c] if names else None,
                              _float_nulls(_buffer(values[:, c]), None if mask is None else mask[:, c]),
                              _float_spec(fmt, c, names[c] if names else str(c), float_format)) for c in range(width)]
    if isinstance(fmt, Mapping):
        specs: object = [_spec(fmt.get(i, fmt.get(names[i] if names else i))) for i in range(width)]
    else:
        specs = _spec(fmt)
    if mask is None or not mask.any():
        return [("m", view, names, None, specs)]
    columns = []
    for c in range(width):
        spec = specs[c] if isinstance(specs, list) else specs
        columns.append(("i", values[:, c], names[c] if names else None, mask[:, c].astype("uint8"), spec))
    return columns


def datetime_digits(values: Any) -> int:
    """The digits after the point pandas gives a datetime64 column (of s, ms, us or ns): those of its
    finest non-NaT value (0, 3, 6 or 9), or -1 when every value is a midnight (dates alone)."""
    np = sys.modules["numpy"]
    unit_digits = {"s": 0, "ms": 3, "us": 6, "ns": 9}[np.datetime_data(values.dtype)[0]]
    ints = values.view("int64")
    ints = ints[ints != np.iinfo(np.int64).min]
    if not (ints % (86400 * 10**unit_digits)).any():
        return -1
    nanos = ints % 10**unit_digits * 10**(9 - unit_digits)
    for digits in (9, 6, 3):
        if (nanos % 10**(12 - digits)).any():
            return digits
    return 0


def pandas_datetime_format(digits: int, zoned: bool = False) -> tuple[str, str]:
    """(style, format) that writes a datetime column as pandas does with `digits` after the point (and
    the offset of its time zone, if it has one)."""
    if digits < 0:
        return ("numpy", "%Y-%m-%d")
    return ("numpy", "%Y-%m-%d %H:%M:%S" + (f"%.{digits}f" if digits else "") + ("%:z" if zoned else ""))


def _own_digits_columns(frame: Any) -> list[str]:
    """The names of a pandas frame's columns of pyarrow timestamps and durations (``pd.ArrowDtype``):
    pandas writes each of their values as its own str (its own digits after the point, no date_format),
    not as a datetime64 column's."""
    return [str(name) for name, dtype in frame.dtypes.items()
            if type(dtype).__name__ == "ArrowDtype" and getattr(dtype, "kind", None) in ("M", "m")]


# What pandas' Arrow export keeps of an object column's values, by pandas.api.types.infer_dtype: their
# str (strings, bools, datetime.date and datetime.time objects; floats, whose str is their repr; ints in
# 64 bits). Other object columns (Timestamps, whose midnights Arrow makes a datetime column's; Decimals,
# which it brings to one scale; ints mixed with floats, made floats; bytes; mixtures) are written as
# pandas writes them: each value's str.
_ARROW_KEEPS_TEXT = {"string", "empty", "boolean", "floating", "date", "time"}


def _with_value_texts(frame: Any, date_format: str | None) -> Any:
    """The frame with the columns pandas writes as each value's own text replaced by that text (None where
    null): periods (their strftime(date_format) with one), intervals, complex numbers and object columns
    of values Arrow would not keep as their str (_ARROW_KEEPS_TEXT); sparse columns made dense."""
    np = sys.modules["numpy"]
    api = sys.modules["pandas"].api.types
    texts = {}
    for i, dtype in enumerate(frame.dtypes):
        kind = type(dtype).__name__
        column = frame.iloc[:, i]
        if kind == "SparseDtype":
            texts[i] = column.sparse.to_dense()
            continue
        if kind == "PeriodDtype" and date_format:
            text = column.dt.strftime(date_format)
        elif kind in ("PeriodDtype", "IntervalDtype") or (isinstance(dtype, np.dtype) and dtype.kind == "c"):
            text = column.astype(str)
        elif isinstance(dtype, np.dtype) and dtype.kind == "O":
            inferred = api.infer_dtype(column, skipna=True)
            if inferred in _ARROW_KEEPS_TEXT or (inferred == "integer" and _fits_int64(np, column)):
                continue
            text = column.map(_pandas_object_text(date_format))
        else:
            continue
        texts[i] = text.astype(object).where(column.notna(), None)
    if not texts:
        return frame
    frame = frame.copy(deep=False)
    for i, text in texts.items():
        frame.isetitem(i, text)
    return frame


def _pandas_object_text(date_format: str | None) -> Callable[[object], str]:
    """The text pandas writes of a value of an object column: its str (b'z' of bytes, which astype(str)
    would decode), a datetime's strftime(date_format) with one."""
    if not date_format:
        return str
    import datetime

    return lambda v: v.strftime(date_format) if isinstance(v, datetime.datetime) else str(v)


def _fits_int64(np: Any, column: Any) -> bool:
    try:
        np.asarray(column.dropna(), dtype=np.int64)
        return True
    except (OverflowError, ValueError, TypeError):
        return False


def _arrow_source(data: Any, columns: Sequence[str] | None, header: object, fmt: object,
                  float_format: object = None, date_formats: tuple = (None, None, None),
                  column_formats: Mapping | None = None) -> tuple:
    library = _library_of(data)
    if library == "pandas":
        if type(data).__name__ == "Series":
            data = data.to_frame()
        data = data.reset_index(drop=True)  # to_csv(index=False): the index is not written
    if columns is not None:
        columns = list(columns)
        data = data[columns] if library == "pandas" else data.select(columns)
    original = None  # a pandas frame's names where some repeat (pandas writes them; Arrow takes no repeats)
    if library == "pandas":
        data = _with_value_texts(data, date_formats[0])
        if not data.columns.is_unique:
            original = [str(n) for n in data.columns]
            data = data.set_axis([str(i) for i in range(len(original))], axis=1)
    try:
        capsule = data.__arrow_c_stream__()
    except Exception as e:  # the producer's own conversion failed (pyarrow's ArrowTypeError, ...)
        raise TypeError(f"data could not be read as Arrow: {e}") from e
    names = [str(h) for h in header] if isinstance(header, (list, tuple)) else original

    def by_position(formats: Mapping) -> dict:  # a mapping by name, read by the columns' new names
        formats = {str(k): v for k, v in formats.items()}
        if original is None:
            return formats
        return {str(i): formats[name] for i, name in enumerate(original) if name in formats}

    specs = by_position(fmt) if isinstance(fmt, Mapping) else _spec(fmt)
    if callable(float_format):
        raise TypeError("float_format of an Arrow source must be a str such as '%.2f', not a callable")
    float_spec = None if float_format is None else ("%", float_format)
    if library == "pandas":  # date_format formats its datetime columns
        by_column = by_position(column_formats or {})
        for name in _own_digits_columns(data):
            by_column.setdefault(name, "own")
        dialect = ("pandas", *_PANDAS_BOOLS, None, date_formats[0], None, by_column)
    else:
        dialect = ("polars", "true", "false", *date_formats)
    return ("arrow", capsule, specs, names, _float_style(library), float_spec, dialect), library


def _pandas_numpy_columns(data: Any, columns: Sequence[str] | None, fmt: object, float_format: object,
                          column_formats: Mapping | None) -> dict | None:
    """A pandas DataFrame's (or Series') columns as name -> NumPy array, when each is one the mapping path
    writes as pandas does (NumPy integers, float64, bools, naive datetime64 and timedelta64) and their
    names are unique strs: the frame is then read from NumPy, not converted to Arrow first (a copy of
    every column). None otherwise, or where arguments are read by the Arrow path alone (a mapping fmt,
    a callable float_format, simdigits.dask's column formats)."""
    np = sys.modules.get("numpy")
    if (np is None or _library_of(data) != "pandas" or type(data).__name__ not in ("DataFrame", "Series")
            or isinstance(fmt, Mapping) or callable(float_format) or column_formats is not None):
        return None
    frame = data.to_frame() if type(data).__name__ == "Series" else data
    names = list(frame.columns)
    if not names or not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        return None
    if columns is not None:
        columns = list(columns)
        if len(set(columns)) != len(columns) or not all(isinstance(c, str) and c in names for c in columns):
            return None  # (the Arrow path says what is missing)
        names = columns
    arrays = {}
    for name in names:
        dtype = frame.dtypes[name]
        if not isinstance(dtype, np.dtype) or not (dtype.kind in "iubMm" or (dtype.kind == "f" and dtype.itemsize == 8)):
            return None
        arrays[name] = frame[name].to_numpy()
    return arrays


# ---- to_csv ------------------------------------------------------------------------------------------


def to_csv(data: Any, path_or_buf: str | os.PathLike | TextIO | BinaryIO | None = None, *, sep: str = ",",
           na_rep: str = "", header: bool | Sequence[str] = True, lineterminator: str = "\n",
           quotechar: str = '"', columns: Sequence[str] | None = None, fmt: str | Mapping[Any, str] | None = None,
           float_format: str | Callable[[float], str] | None = None, date_format: str | None = None,
           datetime_format: str | None = None, time_format: str | None = None, threads: int | None = None,
           progress: bool = False) -> str | int:
    """A table of integer, float, string, date, time and boolean columns as CSV, byte for byte what
    pandas' ``DataFrame.to_csv(index=False)`` writes (polars' ``write_csv()`` for polars frames and other
    Arrow sources; floats, dates and booleans as each of them writes them, NaN and NaT as na_rep).

    Args:
        data: a 2-D integer or float array (no header row unless ``header`` is a list of names; a NumPy
            masked array writes its masked values as ``na_rep``), a mapping of name -> 1-D integer or
            float array or sequence (ints; floats, or ints with None, as pandas' float64; or str), or
            any object with the Arrow PyCapsule stream interface (``__arrow_c_stream__``: pyarrow Tables
            and RecordBatches, polars and pandas DataFrames, DuckDB results) with integer and float
            columns of any width, string columns (utf8, large, view), booleans, dates, timestamps
            (in their time zone's local time and offset), times of day, durations (pandas' only:
            polars writes none), decimal128 and decimal256, categoricals / dictionaries, and nulls. Mappings take
            NumPy datetime64, timedelta64 and bool arrays and sequences of bools too (as pandas'
            columns); a mapping of other values is written as pandas' frame of it (pandas installed).
        path_or_buf: None to return the text; a path (written atomically: a temporary file beside it,
            renamed at the end, by every core at exact offsets); or a text or binary file object.
        sep, lineterminator: between fields, after every row.
        na_rep: the text of nulls.
        header: write the names as a first row; a list of names replaces them.
        quotechar: quotes fields holding sep, quotechar or a line break: strings, and for pandas'
            output (not polars') numbers and na_rep, as Python's csv module does ("" : never quoted).
        columns: write only these columns, in this order (mappings and Arrow sources).
        fmt: Python's format-spec mini-language for every integer column ("08d", "+d", ",", "x", ...),
            or a mapping of column -> spec (a float column's entry is read as format() reads it for a
            float: ".2f", ",.3e", "g", ...).
        float_format: how float columns are written, as pandas takes it: a printf conversion applied as
            ``float_format % v`` ("%.2f", "%.6e", "%g", literal text around it), correctly rounded, or a
            callable of a float returning str (slow: Python is called for each value). None: each value's
            shortest text, as pandas (or polars) writes it.
        date_format, datetime_format, time_format: strftime-style formats (%Y %y %m %d %e %H %I %p %M %S %f
            %j %b %h %a %B %A %F %T %D %R %z %:z %Z %%, and for polars' %.f %.3f %.6f %.9f) as the data's library
            takes them: pandas' (and mappings') date_format formats datetime columns, %f as microseconds;
            polars' formats Date, Datetime and Time columns, %f as nanoseconds. None: the library's own text
            (pandas: a datetime column of midnights as dates, else as many fraction digits as its finest value).
        threads: None: every core for large tables; 1: this thread only.
        progress: show a tqdm progress bar by bytes while writing a file.

    Returns:
        The text (str) when path_or_buf is None, else the number of bytes written.

    Raises:
        TypeError: a column of a type not supported yet (lists, durations of a polars
            frame, a time zone not in the tz database: named with its type), data of an unsupported
            kind, arguments of the wrong type.
        ValueError: ragged columns, arrays that are not 2-D, a bad fmt, a date format directive not
            supported (named).
        OSError: the file cannot be written (nothing is left at the path).
    """
    data, columns, header, prefix = _pandas_header_rows(data, columns, header, sep, lineterminator, quotechar)
    columns_of, form = csv_table(data, sep=sep, na_rep=na_rep, header=header, lineterminator=lineterminator,
                                 quotechar=quotechar, columns=columns, fmt=fmt, float_format=float_format,
                                 date_format=date_format, datetime_format=datetime_format, time_format=time_format)
    return _write_table(columns_of, form, threads, path_or_buf, progress, prefix, "", "utf-8")


def _pandas_header_rows(data: Any, columns: Any, header: object, sep: str, lineterminator: str,
                        quotechar: str) -> tuple[Any, Any, object, str]:
    """(data, columns, header, text before the rows) for to_csv: a pandas frame whose columns have several
    levels has a header row a level (the levels' own names not written, as with index=False); one of no
    columns, an empty line a row (and for its header). Other data as given, with no text before."""
    if isinstance(data, Mapping) and not data and columns is None and isinstance(lineterminator, str):
        return data, columns, False, lineterminator if header is not False else ""  # (pandas' frame of it)
    if _library_of(data) != "pandas" or type(data).__name__ != "DataFrame" or \
            not isinstance(sep, str) or not isinstance(lineterminator, str) or not isinstance(quotechar, str):
        return data, columns, header, ""
    if len(data.columns) == 0 and columns is None:
        return data, columns, False, lineterminator * (len(data) + (header is not False))
    if header is not True:
        return data, columns, header, ""
    if columns is not None:
        if data.columns.nlevels > 1:
            raise TypeError("columns cannot be given for a frame whose columns have several levels (pandas refuses it too)")
        data, columns = data[list(columns)], None
    if len(data.columns) == 0:
        return data, columns, False, lineterminator * (len(data) + 1)
    if data.columns.nlevels == 1:
        return data, columns, header, ""

    def field(name: object) -> str:  # quoted as Python's csv module quotes (QUOTE_MINIMAL): pandas' header
        text = str(name)
        if quotechar and any(c in text for c in (sep, quotechar, "\r", "\n")) and text:
            return quotechar + text.replace(quotechar, quotechar * 2) + quotechar
        return text

    levels = [data.columns.get_level_values(k) for k in range(data.columns.nlevels)]
    rows = "".join(sep.join(field(n) for n in level) + lineterminator for level in levels)
    return data.set_axis([str(i) for i in range(len(data.columns))], axis=1), None, False, rows


def csv_table(data: Any, *, sep: str = ",", na_rep: str = "", header: bool | Sequence[str] = True,
              lineterminator: str = "\n", quotechar: str = '"', columns: Sequence[str] | None = None,
              fmt: str | Mapping[Any, str] | None = None,
              float_format: str | Callable[[float], str] | None = None, date_format: str | None = None,
              datetime_format: str | None = None, time_format: str | None = None,
              column_formats: Mapping | None = None) -> tuple[list, tuple]:
    """to_csv's arguments checked and described for _core.table: (columns, format). column_formats:
    (style, format) of named datetime columns of a pandas frame (simdigits.dask: one for every
    partition)."""
    for name, text in (("date_format", date_format), ("datetime_format", datetime_format), ("time_format", time_format)):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{name} must be str or None, not {type(text).__name__}")
    for name, text in (("sep", sep), ("na_rep", na_rep), ("lineterminator", lineterminator), ("quotechar", quotechar)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be str, not {type(text).__name__}")
    if len(quotechar) > 1 or not quotechar.isascii():
        raise TypeError("quotechar must be a 1-character ASCII string")
    if not isinstance(header, (bool, list, tuple)):
        raise TypeError(f"header must be a bool or a list of names, not {type(header).__name__}")
    if fmt is not None and not isinstance(fmt, (str, Mapping)):
        raise TypeError(f"fmt must be str, a mapping of column -> str, or None, not {type(fmt).__name__}")
    if float_format is not None and not isinstance(float_format, str) and not callable(float_format):
        raise TypeError(f"float_format must be str, a callable or None, not {type(float_format).__name__}")
    if isinstance(data, (str, bytes)):
        raise TypeError(f"data must be a 2-D array of numbers, a mapping or an Arrow stream, not {type(data).__name__}")
    arrays = _pandas_numpy_columns(data, columns, fmt, float_format, column_formats)
    if arrays is not None:
        data, columns = arrays, None
    if hasattr(data, "__arrow_c_stream__") and _buffer(data) is None:
        source, library = _arrow_source(data, columns, header, fmt, float_format,
                                        (date_format, datetime_format, time_format), column_formats)
        described = [source]
    elif isinstance(data, Mapping):
        if columns is not None:
            missing = [c for c in columns if c not in data]
            if missing:
                raise KeyError(f"columns not in data: {missing}")
            data = {c: data[c] for c in columns}
        try:
            described = _mapping_columns(data, fmt, float_format, date_format)
        except (TypeError, OverflowError):
            # values of other kinds (datetime objects, Decimals, NumPy strings, ints past 64 bits, ...):
            # written as pandas' frame of the mapping, where pandas is installed
            np = sys.modules.get("numpy")
            times = np is not None and any(isinstance(v, np.ndarray) and v.dtype.kind in "mM" for v in data.values())
            frame = None if times else _pandas_frame_of(data)  # (units pandas would change are refused)
            if frame is None:
                raise
            return csv_table(frame, sep=sep, na_rep=na_rep, header=header, lineterminator=lineterminator,
                             quotechar=quotechar, fmt=fmt, float_format=float_format, date_format=date_format)
        if isinstance(header, (list, tuple)):
            if len(header) != len(described):
                raise ValueError(f"header has {len(header)} names for {len(described)} columns")
            described = [(k, v, str(h), *rest) for (k, v, _, *rest), h in zip(described, header)]
        library = "builtins"
    else:
        if _buffer(_masked_parts(data)[0]) is None and hasattr(data, "__len__") and "numpy" in sys.modules:
            data = sys.modules["numpy"].asarray(data)
        described = _matrix_columns(data, header, fmt, float_format)
        header = isinstance(header, (list, tuple))
        library = "numpy"
    return described, (sep, lineterminator, bool(header), na_rep, quotechar, *_dialect(library, lineterminator))


def _pandas_frame_of(mapping: Mapping) -> Any:
    """pandas' DataFrame of a mapping of columns, or None where pandas is not installed or refuses it."""
    if importlib.util.find_spec("pandas") is None:
        return None
    import pandas

    try:
        return pandas.DataFrame(mapping)
    except Exception:
        return None


def _write_table(columns: list, form: tuple, threads: int | None, target: Any, progress: bool, prefix: str,
                 suffix: str, encoding: str | None) -> str | int:
    """The table's text as a str (target None), into a path (atomically), or to a file object; prefix
    and suffix around it."""
    if target is None:
        return _core.table(columns, form, threads, "str", prefix, suffix)
    if _is_path(target):
        path = os.fspath(target)
        encoding_of_file = encoding or locale.getpreferredencoding(False)
        head, tail = prefix.encode(encoding_of_file), suffix.encode(encoding_of_file)
        if not _is_utf8(encoding_of_file) and not all(str(t).isascii() for t in form if isinstance(t, str)):
            # text past ASCII in an encoding other than UTF-8: the pieces are re-encoded on their way
            with _atomic_file(path) as (fd, _), os.fdopen(os.dup(fd), "wb") as raw:
                raw.write(head)
                sink = _FileSink(raw, encoding_of_file)
                sink.text = False
                _core.table(columns, form, threads, sink, "", "")
                raw.write(tail)
            return len(head) + sink.written + len(tail)
        name = os.path.basename(str(path))
        if str(path).endswith(".gz"):
            with _atomic_file(path) as (fd, _), os.fdopen(os.dup(fd), "wb") as raw, gzip.GzipFile(
                    filename=name[:-3], mode="wb", fileobj=raw) as zipped:
                zipped.write(head)
                sink = _Progress(progress, name, zipped.write)
                length = _core.table(columns, form, threads, sink, "", "")
                sink.close()
                zipped.write(tail)
            return len(head) + length + len(tail)
        with _atomic_file(path) as (fd, _):
            os.write(fd, head)
            if progress:
                sink = _Progress(True, name, _fd_writer(fd))
                length = _core.table(columns, form, threads, sink, "", "")
                sink.close()
            else:
                length = _core.table(columns, form, threads, (fd, len(head)), "", "")
            os.pwrite(fd, tail, len(head) + length)
        return len(head) + length + len(tail)
    if not hasattr(target, "write"):
        raise TypeError(f"path_or_buf must be a path, a file object or None, not {type(target).__name__}")
    sink = _FileSink(target, encoding)
    if prefix:
        sink(prefix.encode("utf-8"))
    _core.table(columns, form, threads, sink, "", "")
    if suffix:
        sink(suffix.encode("utf-8"))
    return sink.written


# ---- savetxt -----------------------------------------------------------------------------------------

# A printf conversion as Python's % reads one: %[(key)][flags][width][.precision][length]type.
_CONVERSION = re.compile(r"%(\([^)]*\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.S)


def _row_conversions(row_format: str, floats: bool) -> tuple[list[str], list[str]]:
    """The conversions of a row's printf format and the literal text around them (one more literal
    than conversions; '%%' stays as it is in the literals). '%s' becomes what str() writes: %d of an
    int, and of a float nothing but its shortest text (None)."""
    conversions, literals, start = [], [], 0
    for m in _CONVERSION.finditer(row_format):
        key, flags, width, precision, kind = m.groups()
        if kind == "%" and not (key or flags or width or precision is not None):
            continue  # '%%': part of the literal text
        literals.append(row_format[start:m.start()])
        start = m.end()
        if key:
            raise TypeError(f"fmt {row_format!r}: a mapping key in {m.group(0)!r} takes a dict, not an array row")
        if kind == "s":  # str(int) is %d, as long as neither '0', '+', ' ' nor a precision changes it
            if (set(flags) - {"-"} and not floats) or precision is not None:
                raise ValueError(f"fmt {row_format!r}: {m.group(0)!r} is not supported; use %d, %e, %f or %g")
            conversions.append((None if m.group(0) == "%s" else m.group(0)) if floats else m.group(0)[:-1] + "d")
            continue
        conversions.append(m.group(0))
    literals.append(row_format[start:])
    return conversions, literals


def _check_integer_conversions(X: Any, conversions: list, row_format: str) -> None:
    """Python's % refuses a float for o, x, X and c, and NaN and inf for d, i, u: as numpy.savetxt
    raises for them, before anything is written."""
    np = sys.modules["numpy"]
    for c, conversion in enumerate(conversions):
        kind = conversion[-1] if conversion else "s"
        if kind in "oxXc":
            raise TypeError(f"Mismatch between array dtype ('{X.dtype}') and format specifier ('{row_format}')")
        if kind in "diu":
            column = X if X.ndim == 1 else X[:, c]
            if np.isnan(column).any():
                raise ValueError("cannot convert float NaN to integer")
            if np.isinf(column).any():
                raise OverflowError("cannot convert float infinity to integer")


class _DefaultFormat(str):
    """savetxt's default fmt: "%d" for integers; for floats numpy's own, "%.18e"."""


_DEFAULT_FMT = _DefaultFormat("%d")


def savetxt(fname: str | os.PathLike | TextIO | BinaryIO, X: Any, fmt: str | Sequence[str] = _DEFAULT_FMT,
            delimiter: str = " ", newline: str = "\n", header: str = "", footer: str = "",
            comments: str = "# ", encoding: str | None = None) -> None:
    """``numpy.savetxt`` for 1-D and 2-D integer and float arrays: the same arguments, byte for byte the
    same file.

    Integers default to ``fmt="%d"``: numpy's own default, ``"%.18e"``, prints them as floats and loses
    their digits past 2**53. Floats default to numpy's ``"%.18e"``, correctly rounded as Python's % is.
    ``fmt`` is one printf conversion for every column (``"%d"``, ``"%5i"``, ``"%-4d"``, ``"%+d"``,
    ``"%08d"``, ``"%x"``, ``"%#X"``, ``"%o"``; ``"%.6f"``, ``"%10.3e"``, ``"%g"``, ``"%#.3G"``, ``%d`` of
    a float writing its integer part; literal text around it), a sequence of one per column, or a whole
    row's format ("%d, %.2f; %d"), as numpy takes them.

    Args:
        fname: a path (``.gz`` compressed, as numpy does; written atomically, by every core), or a
            text or binary file object.
        X: a 1-D (one value a row) or 2-D array of integers (or booleans) or floats (float16, 32, 64),
            of any dtype, strides and byte order; array-likes through numpy.asarray.
        delimiter, newline: between columns, after every row.
        header, footer: text before and after the rows, each line prefixed by ``comments``.
        encoding: of a path's header and footer (None: the locale's, as open() uses), or of a binary
            file object's (None: latin-1, as numpy).

    Raises:
        ValueError: X is not 1-D or 2-D, fmt has the wrong number of conversions, a conversion that is
            not supported; NaN under %d (OverflowError for inf), as Python's % raises.
        TypeError: X holds no numbers; fmt of the wrong type; %x, %o of floats.
    """
    view = _buffer(X)
    if view is None or _item_code(view) == "O":
        import numpy

        X = numpy.asarray(X)
        view = memoryview(X) if X.dtype.kind in "biuf" else None
        if view is None:
            raise TypeError(f"X must hold integers or floats, not {X.dtype}")
    if view.ndim == 0 or view.ndim > 2:
        raise ValueError(f"Expected 1D or 2D array, got {view.ndim}D array instead")
    floats = _item_code(view) in _FLOAT_CODES
    if _item_code(view) not in _INTEGER_CODES | {"?"} and not floats:
        raise TypeError(f"X must hold integers or floats, not {_dtype_text(X)} (buffer format {view.format!r})")
    if floats:
        import numpy

        X = numpy.asarray(X)  # its columns, as 1-D views
        if fmt is _DEFAULT_FMT:
            fmt = "%.18e"
    width = 1 if view.ndim == 1 else view.shape[1]
    for name, text in (("delimiter", delimiter), ("newline", newline), ("header", header), ("footer", footer),
                       ("comments", comments)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be str, not {type(text).__name__}")
    if type(fmt) in (list, tuple):
        if len(fmt) != width:
            raise AttributeError(f"fmt has wrong shape.  {str(fmt)}")
        row_format = delimiter.join(fmt)
    elif isinstance(fmt, str):
        count = fmt.count("%")
        if count == 1:
            row_format = delimiter.join([fmt] * width)
        elif count != width:
            raise ValueError(f"fmt has wrong number of % formats:  {fmt}")
        else:
            row_format = fmt
    else:
        raise ValueError(f"invalid fmt: {fmt!r}")
    conversions, literals = _row_conversions(row_format, floats)
    if len(conversions) != width:
        raise TypeError(f"Mismatch between array dtype ('{_dtype_text(X)}') and format specifier ('{row_format}')")
    middle = set(literals[1:-1])
    fast = width and len(set(conversions)) == 1 and literals[0] == literals[-1] == "" and len(middle) <= 1
    if floats:
        _check_integer_conversions(X, conversions, row_format)
        if X.dtype.itemsize < 8 and any(c is None or c[-1] == "s" for c in conversions) and not (fast and conversions[0] is None):
            raise ValueError(f"fmt {row_format!r}: '%s' of {X.dtype} is supported alone: str() of a float32 or "
                             "float16 is NumPy's, of its own digits; use %e, %f or %g")
    if fast:
        # one conversion, one delimiter: the fast table
        between = (middle.pop() if middle else "").replace("%%", "%")
        specs: object = None if conversions[0] is None else ("%", conversions[0])
    else:
        between = ""
        specs = []
        for i in range(width):
            before, after = literals[i], literals[-1] if i == width - 1 else ""
            if conversions[i] is None and not (before or after):
                specs.append(None)  # a float's str, as the column's style writes it (NumPy's for float32)
            else:
                specs.append(("%", before + (conversions[i] or "%s") + after))

    prefix = comments + header.replace("\n", "\n" + comments) + newline if header else ""
    suffix = comments + footer.replace("\n", "\n" + comments) + newline if footer else ""
    if width == 0:  # rows without values: a newline each, as numpy writes them
        prefix += newline * view.shape[0]
    if width == 0:
        columns = []
    elif floats:
        columns = [("f", X if X.ndim == 1 else X[:, c], None, None, "python", specs if isinstance(specs, tuple) or specs is None
                    else specs[c]) for c in range(width)]
    elif view.ndim == 1:
        spec = specs if isinstance(specs, tuple) else specs[0]
        columns = [("i", view, None, None, spec)]
    else:
        columns = [("m", view, None, None, specs)]
    form = (between, newline, False, "", "", "", False, False, False)
    if _is_path(fname):
        _write_table(columns, form, None, fname, False, prefix, suffix, encoding)
    elif hasattr(fname, "write"):
        _write_table(columns, form, None, fname, False, prefix, suffix, encoding or "latin1")
    else:
        raise ValueError("fname must be a string or file handle")


# ---- strings -----------------------------------------------------------------------------------------


# ---- NumPy datetime64: join, formatted_length, to_strings, to_numpy_strings -----------------------------

# How NumPy writes each datetime64 unit: the unit its values are read in, and the format (None: the numpy
# style's own: dates, or the unit's digits after the seconds).
_NUMPY_DATETIME = {"Y": ("D", "%Y"), "M": ("D", "%Y-%m"), "W": ("D", None), "D": ("D", None), "h": ("s", "%Y-%m-%dT%H"),
                   "m": ("s", "%Y-%m-%dT%H:%M"), "s": ("s", None), "ms": ("ms", None), "us": ("us", None), "ns": ("ns", None)}


def is_datetime_array(values: object) -> bool:
    return getattr(getattr(values, "dtype", None), "kind", None) in ("M", "m")


# NumPy's names of the timedelta64 units in its str of one ("5 seconds").
_NUMPY_DURATION_NAMES = {"Y": "years", "M": "months", "W": "weeks", "D": "days", "h": "hours", "m": "minutes",
                         "s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds",
                         "ps": "picoseconds", "fs": "femtoseconds", "as": "attoseconds", "generic": "generic time units"}


def _numpy_datetime_column(values: Any, fmt: object) -> tuple:
    np = sys.modules["numpy"]
    if fmt is not None:
        raise TypeError(f"fmt formats numbers; {values.dtype.name} values are written as NumPy writes them")
    if values.ndim != 1:
        raise ValueError(f"values must be 1-dimensional, got {values.ndim} dimensions")
    unit = np.datetime_data(values.dtype)[0]  # (a count of units, "10s", is read in the unit)
    if values.dtype.kind == "m":  # the count of units, then their name: an integer under a printf spec
        ints, nulls = _datetime_values(values, unit)
        return ("i", ints, None, nulls, ("%", "%d " + _NUMPY_DURATION_NAMES[unit]))
    if unit not in _NUMPY_DATETIME:
        raise TypeError(f"values of type {values.dtype}: only units from years to nanoseconds are supported")
    read, text_format = _NUMPY_DATETIME[unit]
    ints, nulls = _datetime_values(values, read)
    return ("t", ints, None, nulls, ("date" if read == "D" else "timestamp", read, "numpy", text_format))


def _datetime_table(values: Any, sep: str | bytes, threads: int | None, fmt: object, target: str) -> Any:
    """The datetime64 values' text joined by sep, NaT as NumPy writes it: a one-column table whose rows
    end with sep, the last one's trimmed (bytes), or its length ("length")."""
    column = _numpy_datetime_column(values, fmt)
    if isinstance(sep, bytes):
        sep = sep.decode("utf-8")
    if not isinstance(sep, str):
        raise TypeError(f"sep must be str or bytes, not {type(sep).__name__}")
    form = (",", sep, False, "NaT", "", "", False, False, False)
    if len(column[1]) == 0:
        return 0 if target == "length" else b""
    if target == "length":
        return _core.table([column], form, threads, "length", "", "")
    return _core.table([column], form, threads, "bytes", "", ("", len(sep.encode("utf-8"))))


def join_datetimes(values: Any, sep: str | bytes, as_bytes: bool, threads: int | None, fmt: object) -> str | bytes:
    """join() of a NumPy datetime64 array: each value as NumPy's str writes it ('NaT' too)."""
    text = _datetime_table(values, sep, threads, fmt, "bytes")
    return text if as_bytes else text.decode("utf-8")


def datetimes_length(values: Any, sep: str, fmt: object) -> int:
    """formatted_length() of a NumPy datetime64 array (sep counted in characters)."""
    length = _datetime_table(values, sep, None, fmt, "length")  # (each value's sep after it, in bytes)
    n = len(values)
    return length - n * len(sep.encode("utf-8")) + (n - 1) * len(sep) if n else 0


def to_strings(values: Iterable[Any], fmt: str | None = None) -> list[str]:
    """``[str(v) for v in values]`` (``format(v, fmt)`` with fmt), from the values join() takes.

    >>> to_strings([1, -22, 333], fmt="04d")
    ['0001', '-022', '0333']
    """
    if is_datetime_array(values):
        return join_datetimes(values, "\n", False, None, fmt).split("\n") if len(values) else []
    return _core.strings(values, fmt, "list", None)


# The width numpy gives astype(str) of each integer dtype: its longest value.
_NUMPY_WIDTHS = {"b": 4, "B": 3, "h": 6, "H": 5, "i": 11, "I": 10, "l": 21, "L": 20, "q": 21, "Q": 20, "n": 21, "N": 20,
                 "e": 32, "f": 32, "d": 32}


def to_numpy_strings(values: Iterable[Any], dtype: Any = "U", fmt: str | None = None) -> Any:
    """A NumPy array of the values' text: equal to ``numpy.asarray(values).astype(dtype)`` for dtype "U"
    (str), "S" (bytes) or "T" (NumPy 2's StringDType); with fmt, each value as ``format(v, fmt)``.

    >>> to_numpy_strings([7, -10]).tolist()
    ['7', '-10']
    """
    import numpy

    try:
        wanted = numpy.dtype(dtype)
    except TypeError:
        raise ValueError(f"dtype must be 'U', 'S' or 'T' (or str, bytes, StringDType()), not {dtype!r}") from None
    if wanted.kind not in "UST":
        raise ValueError(f"dtype must be 'U', 'S' or 'T' (or str, bytes, StringDType()), not {dtype!r}")
    if wanted.kind == "T":
        return to_numpy_strings(values, "U", fmt).astype(wanted)
    if wanted.itemsize:  # a width of its own ("U5", "S3"): astype's truncation, from the full text
        return to_numpy_strings(values, wanted.kind, fmt).astype(wanted)
    kind = wanted.kind
    if is_datetime_array(values):  # as wide as NumPy's astype makes them
        return numpy.array(to_strings(values, fmt), dtype=values[:0].astype(kind).dtype)
    view = _buffer(values)
    if view is None and fmt is None and isinstance(values, (list, tuple)):  # as NumPy reads it: ints among floats as floats
        array = numpy.asarray(values)
        if array.dtype.kind in "iuf":
            values, view = array, _buffer(array)
    width = None
    if fmt is None and view is not None and view.ndim == 1:
        width = _NUMPY_WIDTHS.get(_item_code(view))
    elif fmt is None:
        width = 21  # numpy.asarray of ints: int64
    text, width, count = _core.strings(values, fmt, kind, width)
    if text is None:  # text past ASCII (a fill) in UCS4: through str
        return numpy.array(to_strings(values, fmt), dtype=kind)
    return numpy.frombuffer(text, dtype=f"{'<U' if kind == 'U' else 'S'}{width}", count=count)


def to_arrow(values: Any, fmt: str | None = None, large: bool | None = None) -> Any:
    """A ``pyarrow.StringArray`` of the values' text, equal to ``pyarrow.compute.cast(values,
    pa.string())``; a ``LargeStringArray`` past 2 GiB of text or with ``large=True``. Nulls of an Arrow
    array are kept. Built from the exact offsets, with no Python object per value. Arrow integer, float,
    boolean, decimal, date, time, timestamp (zoned too), duration and dictionary arrays are written as
    Arrow's cast writes them (a dictionary's entries formatted once).

    Raises:
        ImportError: pyarrow is not installed (``pip install 'simdigits[arrow]'``).
    """
    try:
        import pyarrow as pa
    except ImportError as e:
        raise ImportError("to_arrow needs pyarrow: pip install 'simdigits[arrow]'") from e
    if isinstance(values, pa.ChunkedArray):
        chunks = [to_arrow(c, fmt, large) for c in values.chunks]
        if not chunks:
            return pa.chunked_array([], pa.large_string() if large else pa.string())
        if large is None and len({c.type for c in chunks}) > 1:
            chunks = [c.cast(pa.large_string()) for c in chunks]
        return pa.chunked_array(chunks)
    validity, null_count = None, 0
    if isinstance(values, pa.Array) and (pa.types.is_temporal(values.type) or pa.types.is_boolean(values.type)
                                         or pa.types.is_decimal(values.type)):
        if fmt is not None:
            raise TypeError(f"fmt formats numbers; {values.type} values are written as Arrow's cast writes them")
        return _arrow_table_strings(pa, values, large)
    if isinstance(values, pa.Array) and pa.types.is_dictionary(values.type):  # each entry's text once, then taken
        entries = values.dictionary
        if pa.types.is_string(entries.type) or pa.types.is_large_string(entries.type) or pa.types.is_string_view(entries.type):
            return entries.take(values.indices).cast(pa.large_string() if large else pa.string())
        return to_arrow(entries, fmt, large).take(values.indices)
    if isinstance(values, pa.Array):
        if pa.types.is_integer(values.type):
            code = {8: "b", 16: "h", 32: "i", 64: "q"}[values.type.bit_width]
            code = code.upper() if pa.types.is_unsigned_integer(values.type) else code
        elif pa.types.is_floating(values.type):
            code = {16: "e", 32: "f", 64: "d"}[values.type.bit_width]
        else:
            raise TypeError(f"values must be integers, floats, booleans, dates or times, not {values.type}")
        null_count = values.null_count
        if null_count:
            validity = values.is_valid().buffers()[1]
        data = values.buffers()[1]
        n = len(values)
        if code == "e":  # (memoryview has no half floats: NumPy reads them)
            import numpy as np

            values = np.frombuffer(data, dtype=np.float16, count=values.offset + n)[values.offset:] if data is not None \
                else np.empty(0, np.float16)
        else:
            values = memoryview(data).cast(code)[values.offset:values.offset + n] if data is not None else array.array(code)
    is_large, offsets, text, count = _core.strings(values, fmt, "arrow", large)
    kind = pa.large_string() if is_large else pa.string()
    return pa.Array.from_buffers(kind, count, [validity, pa.py_buffer(offsets), pa.py_buffer(text)], null_count)


def _date64_days_toward_zero(pa: Any, np: Any, values: Any) -> Any:
    """A date64 array whose milliseconds that are not a whole day are moved to the day toward 0, as Arrow's
    cast reads them (-1 ms is 1970-01-01), where their day (down) is in Arrow's years -32767..32767; values
    outside it are kept (Arrow writes their count)."""
    ms = values.cast(pa.int64()).fill_null(0).to_numpy()
    day = 86_400_000
    days = np.floor_divide(ms, day)
    moved = (ms % day != 0) & (ms < 0) & (days >= -12_687_428) & (days <= 11_248_737)
    if not moved.any():
        return values
    ms = np.where(moved, (days + 1) * day, ms)
    nulls = ~values.is_valid().to_numpy(zero_copy_only=False) if values.null_count else None
    return pa.array(ms, pa.int64(), mask=nulls).cast(pa.date64())


def _arrow_table_strings(pa: Any, values: Any, large: bool | None) -> Any:
    """to_arrow() of an Arrow date, time, timestamp, duration, boolean or decimal array: each value's text as Arrow's
    cast writes it, by the table engine (a one-column table, a line a value), then its offsets from the line
    ends."""
    import numpy as np

    if pa.types.is_date64(values.type):
        values = _date64_days_toward_zero(pa, np, values)
    source = ("arrow", pa.table({"v": values}).__arrow_c_stream__(), None, None, None, None,
              ("arrow", "true", "false", None, None, None))
    form = (",", "\n", False, "", "", "", False, False, False)
    text = _core.table([source], form, None, "bytes", "", "")
    ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == 10)
    n = len(values)
    is_large = large if large is not None else len(text) - n >= 2**31
    offsets = np.empty(n + 1, dtype=np.int64 if is_large else np.int32)
    offsets[0] = 0
    offsets[1:] = ends - np.arange(n)  # (each line's end, less the line ends before it)
    validity = values.is_valid().buffers()[1] if values.null_count else None
    kind = pa.large_string() if is_large else pa.string()
    return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(offsets), pa.py_buffer(text.replace(b"\n", b""))],
                                 values.null_count)


# ---- JSON --------------------------------------------------------------------------------------------

_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1


def dumps_json(obj: Any) -> bytes:
    """JSON of integer and float arrays (1-D, 2-D), (nested) lists and tuples of ints and floats, dicts
    of those: byte for byte ``orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY)``. Floats have their
    shortest digits in orjson's layout (NaN and infinities as null); datetime64 values are RFC 3339
    strings ("2020-01-31T12:00:00.500000"); strings, bools and None inside are written as orjson writes
    them.

    Raises:
        TypeError: a value of another type, a dict key that is not a str, an integer past 64 bits, NaT
            or a year outside 1..9999 (as orjson).

    >>> dumps_json({"a": [1, 2], "b": [[3], []]})
    b'{"a":[1,2],"b":[[3],[]]}'
    """
    parts: list[bytes] = []
    _json(obj, parts)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _json(obj: Any, out: list[bytes]) -> None:
    if obj is None:
        out.append(b"null")
    elif obj is True or obj is False:
        out.append(b"true" if obj else b"false")
    elif isinstance(obj, str):
        out.append(json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    elif isinstance(obj, int):
        if not _INT64_MIN <= obj <= _UINT64_MAX:
            raise TypeError("Integer exceeds 64-bit range")
        out.append(str(int(obj)).encode())
    elif isinstance(obj, float):
        out.append(_json_floats(array.array("d", [obj]), "", ""))
    elif isinstance(obj, Mapping):
        out.append(b"{")
        for i, (key, value) in enumerate(obj.items()):
            if not isinstance(key, str):
                raise TypeError("Dict key must be str")
            if i:
                out.append(b",")
            out.append(json.dumps(key, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.append(b":")
            _json(value, out)
        out.append(b"}")
    elif isinstance(obj, (list, tuple)):
        if obj and all(type(v) is int for v in obj):
            if min(obj) < _INT64_MIN or max(obj) > _UINT64_MAX:
                raise TypeError("Integer exceeds 64-bit range")
            out.append(b"[" + _core.join(obj, ",", True, None, None) + b"]")
            return
        if obj and all(type(v) is float for v in obj):
            out.append(_json_floats(array.array("d", obj), "[", "]"))
            return
        _json_items(obj, _json, out)
    elif is_datetime_array(obj):
        _json_datetimes(obj, out)
    elif _buffer(obj) is not None and getattr(obj, "ndim", None) is not None or hasattr(obj, "dtype"):
        _json_array(obj, out)
    elif hasattr(obj, "__index__") and _library_of(obj) == "numpy":
        out.append(str(obj.__index__()).encode())
    else:
        raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")


# One column, each value followed by ',', the last one by ']' (the table's format for JSON arrays).
_JSON_ROW = ("", ",", False, "", "", "", False, False, False)
# The rows of a 2-D JSON array: fields joined by ',', rows by "],[" (inside "[[" and "]]").
_JSON_ROWS = (",", "],[", False, "", "", "", False, False, False)


def _json_items(items: Any, write: Callable[[Any, list[bytes]], None], out: list[bytes]) -> None:
    """A JSON array of the items, each written by write(item, out)."""
    out.append(b"[")
    for i, item in enumerate(items):
        if i:
            out.append(b",")
        write(item, out)
    out.append(b"]")


def _json_table(shape: tuple, columns: Callable[[], list], prefix: str = "[", suffix: str = "]") -> bytes:
    """A 1-D or 2-D array's JSON written by the table engine from columns(): a 1-D array's one column,
    each value followed by ',', the last by suffix; a 2-D array's table, rows joined by "],[". Empty
    arrays without the engine."""
    if len(shape) == 1:
        if shape[0] == 0:
            return (prefix + suffix).encode()
        return _core.table(columns(), _JSON_ROW, None, "bytes", prefix, (suffix, 1))
    rows, width = shape
    if rows == 0:
        return b"[]"
    if width == 0:
        return b"[" + b",".join([b"[]"] * rows) + b"]"
    return _core.table(columns(), _JSON_ROWS, None, "bytes", "[[", ("]]", 3))


def _json_floats(values: Any, prefix: str, suffix: str) -> bytes:
    """1-D floats as orjson writes them, joined by ',' between prefix and suffix."""
    return _json_table((len(values),), lambda: [("f", values, None, None, "json")], prefix, suffix)


def _json_float_array(obj: Any, view: memoryview, out: list[bytes]) -> None:
    if view.ndim == 0:  # a NumPy scalar (float32, float16)
        out.append(_json_floats(obj.reshape(1), "", ""))
    elif view.ndim == 1:
        out.append(_json_floats(obj, "[", "]"))
    else:  # one float column per array column
        out.append(_json_table(view.shape, lambda: [("f", obj[:, c], None, None, "json") for c in range(view.shape[1])]))


# orjson's units of datetime64 (coarser ones read as seconds; nanoseconds cut to microseconds, as it does)
_JSON_TIME_UNITS = {"Y": "s", "M": "s", "W": "s", "D": "s", "h": "s", "m": "s", "s": "s", "ms": "ms", "us": "us",
                    "ns": "us"}


def _json_datetimes(obj: Any, out: list[bytes]) -> None:
    """datetime64 values as orjson writes them: RFC 3339 strings, "2020-01-31T12:00:00" and ".ffffff" when
    the microseconds are not 0; NaT, years outside 1..9999 and units finer than nanoseconds are a TypeError."""
    np = sys.modules["numpy"]
    if obj.dtype.kind == "m":
        raise TypeError(f"Type is not JSON serializable: numpy {type(obj).__name__} of {obj.dtype}")
    unit = np.datetime_data(obj.dtype)[0]
    if unit not in _JSON_TIME_UNITS:
        raise TypeError(f"unsupported numpy.datetime64 unit: {_NUMPY_DURATION_NAMES.get(unit, unit)}")
    read = _JSON_TIME_UNITS[unit]
    values = np.asarray(obj)
    if values.size:
        if np.isnat(values).any():
            raise TypeError("unrepresentable numpy.datetime64: NaT")
        if unit != "ns":  # (nanoseconds reach 1678..2262 alone)
            first, last = values.min(), values.max()
            before = first < np.datetime64("0001-01-01", unit)
            if before or last >= np.datetime64("10000-01-01", unit):
                raise TypeError(f"unrepresentable numpy.datetime64: {first if before else last}")
    if values.ndim > 2:  # an array of the arrays of one fewer dimension
        _json_items(values, _json_datetimes, out)
        return

    # every value with its 6 digits, then ".000000" taken off where the microseconds are 0 (each value
    # ends with a quote: the only place those bytes are)
    def column(of: Any) -> tuple:
        return ("t", _datetime_values(of, read)[0], None, None, ("timestamp", read, "pandas", '"%Y-%m-%dT%H:%M:%S.%f"'))

    if values.ndim == 0:
        text = _json_table((1,), lambda: [column(values.reshape(1))], "", "")
    elif values.ndim == 1:
        text = _json_table(values.shape, lambda: [column(values)])
    else:
        text = _json_table(values.shape, lambda: [column(values[:, c]) for c in range(values.shape[1])])
    out.append(text.replace(b'.000000"', b'"'))


def _json_array(obj: Any, out: list[bytes]) -> None:
    view = _buffer(obj)
    if view is None:
        raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")
    code = _item_code(view)
    if code == "?":
        _json(obj.tolist(), out)
        return
    if code in _FLOAT_CODES and view.ndim <= 2:
        _json_float_array(obj, view, out)
        return
    if code not in _INTEGER_CODES:
        raise TypeError(f"Type is not JSON serializable: numpy array of {_dtype_text(obj)}")
    if view.ndim == 0:
        out.append(str(obj.item()).encode())
    elif view.ndim == 1:  # written once, in place
        out.append(_json_table(view.shape, lambda: [("i", view, None, None, None)]))
    elif view.ndim == 2:  # one matrix column
        out.append(_json_table(view.shape, lambda: [("m", view, None, None, None)]))
    else:
        _json(obj.tolist(), out)
