"""One CSV from every partition of a Dask DataFrame, written in parallel at exact offsets.

    >>> import simdigits.dask
    >>> simdigits.dask.to_csv(ddf, "/shared/out.csv")  # doctest: +SKIP

The workers measure each partition's exact text (the header counts in the first), the client adds the
lengths up into offsets and sizes the file, and each worker writes its partition at its offset: one
file, every partition at once, with bytes identical to ``ddf.compute().to_csv(index=False)``. Workers
on several machines need the path on a filesystem they share.
"""

from __future__ import annotations

import os
from typing import Any

from . import _writers

__all__ = ["to_csv"]


def _table(frame: Any, first: bool, options: dict, target: Any) -> int:
    """The partition's table (the header in the first only) measured ("length") or written (fd, offset)."""
    keywords = {k: v for k, v in options.items() if k not in ("header", "threads")}
    columns, form = _writers.csv_table(frame, header=options["header"] if first else False, **keywords)
    return _writers._core.table(columns, form, options["threads"], target, "", "")


def _finest_digits(frame: Any, datetimes: bool) -> dict:
    """The digits after the point pandas would give each duration column of this partition, and each
    datetime column's when `datetimes` (a column with a time zone: its UTC values', never dates
    alone): {name: (kind, digits, zoned)}."""
    found = {}
    own = set(_writers._own_digits_columns(frame))  # (each value its own digits: no finest)
    for name, dtype in frame.dtypes.items():
        kind = getattr(dtype, "kind", None)
        if kind not in ("M", "m") or (kind == "M" and not datetimes) or str(name) in own:
            continue
        zoned = getattr(dtype, "tz", None) is not None
        column = frame[name].dt.tz_convert("UTC").dt.tz_localize(None) if zoned else frame[name]
        digits = _writers.datetime_digits(column.to_numpy())
        found[str(name)] = (kind, max(digits, 0) if zoned else digits, zoned)
    return found


_DURATION_UNITS = {-1: "D", 0: "s", 3: "ms", 6: "us", 9: "ns"}  # by the digits pandas shows


def _partition_length(frame: Any, first: bool, options: dict) -> int:
    return _table(frame, first, options, "length")


def _write_partition(frame: Any, first: bool, path: str, offset: int, options: dict) -> int:
    fd = os.open(path, os.O_WRONLY)
    try:
        return _table(frame, first, options, (fd, offset))
    finally:
        os.close(fd)


def to_csv(ddf: Any, path: str | os.PathLike, *, sep: str = ",", na_rep: str = "", header: Any = True,
           lineterminator: str = "\n", quotechar: str = '"', columns: Any = None, fmt: Any = None,
           float_format: Any = None, date_format: str | None = None, threads: int | None = 1) -> int:
    """Writes the Dask DataFrame ``ddf`` as one CSV file at ``path`` (the keywords of
    simdigits.to_csv), every partition at once; returns the number of bytes written.

    The file is written under a temporary name beside ``path`` and renamed at the end: after an error,
    nothing is left and an existing file at ``path`` is untouched. ``threads`` is per partition (1: the
    scheduler's parallelism across partitions does the work).
    """
    import dask

    options = dict(sep=sep, na_rep=na_rep, header=header, lineterminator=lineterminator, quotechar=quotechar,
                   columns=columns, fmt=fmt, float_format=float_format, date_format=date_format, threads=threads)
    parts = ddf.to_delayed()
    # pandas gives a datetime or duration column the digits of its finest value in the whole frame:
    # found in every partition, then given to each (a datetime column's format; a duration column's
    # finest unit).
    datetimes = date_format is None
    if any(getattr(t, "kind", None) == "m" or (datetimes and getattr(t, "kind", None) == "M") for t in ddf.dtypes):
        digits: dict = {}
        for found in dask.compute(*[dask.delayed(_finest_digits)(p, datetimes) for p in parts]):
            for name, (kind, d, zoned) in found.items():
                digits[name] = (kind, max(digits.get(name, (kind, -1, zoned))[1], d), zoned)
        options["column_formats"] = {name: _DURATION_UNITS[d] if kind == "m" else _writers.pandas_datetime_format(d, zoned)
                                     for name, (kind, d, zoned) in digits.items()}
    lengths = dask.compute(*[dask.delayed(_partition_length)(p, i == 0, options) for i, p in enumerate(parts)])
    offsets = [0]
    for n in lengths:
        offsets.append(offsets[-1] + n)
    with _writers._atomic_file(path) as (fd, temporary):
        os.ftruncate(fd, offsets[-1])
        written = dask.compute(*[dask.delayed(_write_partition)(p, i == 0, temporary, offsets[i], options)
                                 for i, p in enumerate(parts)])
        if sum(written) != offsets[-1]:
            raise OSError(f"the partitions wrote {sum(written)} bytes, not the {offsets[-1]} they measured")
    return offsets[-1]
