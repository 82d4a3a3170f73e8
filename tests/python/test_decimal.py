"""Decimal columns (Arrow's decimal128) in to_csv against the writers they stand in for: polars' Decimal
columns and pyarrow tables as polars writes them, pandas' ArrowDtype and object columns of Decimal as
pandas does (Python's str of each Decimal); every scale, nulls, the extremes of 38 digits."""

from __future__ import annotations

import decimal

import numpy as np
import pytest

import simdigits as sd

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")


def decimals(scale: int, n: int, seed: int, precision: int = 38) -> list:
    """Decimals of up to `precision` digits at `scale`: any width, small, zero, the extremes; None now and
    then."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        digits = int(rng.integers(1, precision + 1))
        magnitude = int("".join(str(d) for d in rng.integers(0, 10, size=digits)))
        top = 10**precision - 1
        magnitude = magnitude if i % 5 else [0, 1, top, 7, 10**(precision - 1), 2**64, 2**128 - 1][i // 5 % 7]
        magnitude = min(magnitude, top)
        negative = rng.random() < 0.5 and magnitude != 0  # (Arrow keeps no -0)
        value = decimal.Decimal(f"{'-' if negative else ''}{magnitude}E{-scale}")  # (exact: no context's rounding)
        out.append(None if i % 13 == 4 else value)
    return out


@pytest.mark.parametrize("scale", [0, 1, 2, 5, 6, 7, 9, 18, 19, 37, 38])
def test_decimals_as_polars_and_pandas_write_them(scale):
    values = decimals(scale, 600, scale)
    table = pa.table({"d": pa.array(values, pa.decimal128(38, scale)), "n": np.arange(600)})
    for batches in (table, pa.Table.from_batches(table.slice(5).to_batches(max_chunksize=97))):
        assert sd.to_csv(batches, na_rep="NA") == pl.from_arrow(batches).write_csv(null_value="NA"), scale
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert sd.to_csv(frame) == frame.to_csv(index=False)
    objects = pd.DataFrame({"d": pd.Series(values, dtype=object), "n": np.arange(600)})
    assert sd.to_csv(objects) == objects.to_csv(index=False)


def test_negative_scales_as_python_writes_them():
    values = [decimal.Decimal(f"{v}E+3") for v in (0, 1, -42, 10**30)] + [None]
    frame = pa.table({"d": pa.array(values, pa.decimal128(38, -3))}).to_pandas(types_mapper=pd.ArrowDtype)
    assert sd.to_csv(frame) == frame.to_csv(index=False)


@pytest.mark.parametrize("scale", [0, 2, 19, 38, 39, 75, 76, -5])
def test_decimal256_as_python_formats_them(scale):
    """Up to 76 digits: polars' text for Arrow sources (no polars frame holds them: Python's format(d, "f")
    is the oracle), pandas' ArrowDtype as its to_csv writes them."""
    values = decimals(scale, 400, 256 + scale, precision=76 if scale >= 0 else 70)  # (pyarrow's room to rescale)
    table = pa.table({"d": pa.array(values, pa.decimal256(76, scale)), "n": np.arange(400)})
    expected = "d,n\n" + "".join(f"{'NA' if v is None else format(v, 'f')},{i}\n" for i, v in enumerate(values))
    for batches in (table, pa.Table.from_batches(table.to_batches(max_chunksize=61))):
        assert sd.to_csv(batches, na_rep="NA") == expected
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert sd.to_csv(frame) == frame.to_csv(index=False)


def test_polars_int128_as_polars_writes_it():
    """polars exports Int128 under its own Arrow format, "_pli128" (16-byte integers: decimal128 of scale
    0): every magnitude to the extremes, nulls, slices of the frame."""
    rng = np.random.default_rng(128)
    values = [int(rng.integers(-10**18, 10**18)) * int(rng.integers(1, 10**18)) * 37 >> int(rng.integers(0, 100))
              for _ in range(500)]
    values[::7] = [None] * len(values[::7])
    values[1:8] = [-2**127, 2**127 - 1, 0, -1, 1, 2**64, -2**64]
    frame = pl.DataFrame({"i": pl.Series(values, dtype=pl.Int128), "n": np.arange(500)})
    for part in (frame, frame.slice(3, 400)):
        assert sd.to_csv(part) == part.write_csv()
        assert sd.to_csv(part, na_rep="NA") == part.write_csv(null_value="NA")
