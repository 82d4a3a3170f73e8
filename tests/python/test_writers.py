"""The data writers against the libraries they stand in for: numpy.savetxt, pandas' to_csv, polars'
write_csv, orjson, numpy's astype, pyarrow's cast; every integer dtype and layout, nulls, strings that
need quotes, files (paths, .gz, text and binary objects), atomic writes and bounded memory."""

from __future__ import annotations

import csv
import gzip
import io
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simdigits as sd

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
orjson = pytest.importorskip("orjson")
import pyarrow.compute as pc  # noqa: E402

DTYPES = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]


def sample(dtype: str, shape, seed: int = 0) -> np.ndarray:
    """Values of every length: uniform over the dtype, small counts, and each type's extremes."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(seed)
    x = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    flat = x.reshape(-1)
    flat[::3] = rng.integers(0, min(100, info.max), size=flat[::3].shape)
    if flat.size > 2:
        flat[0], flat[1] = info.min, info.max
    return x


def layouts(x: np.ndarray):
    """The same values as C-order, Fortran-order, strided, byte-swapped and unaligned arrays."""
    yield x
    yield np.asfortranarray(x)
    big = np.zeros((x.shape[0] * 2,) + x.shape[1:], dtype=x.dtype)
    big[::2] = x
    yield big[::2]
    yield x.astype(x.dtype.newbyteorder())
    raw = np.zeros(x.nbytes + 1, dtype=np.uint8)[1:].view(x.dtype).reshape(x.shape)
    raw[...] = x
    yield raw


def numpy_savetxt_text(X, **kw) -> str:
    out = io.StringIO()
    np.savetxt(out, X, **kw)
    return out.getvalue()


def our_savetxt_text(X, **kw) -> str:
    out = io.StringIO()
    sd.savetxt(out, X, **kw)
    return out.getvalue()


# ---- savetxt ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_savetxt_every_dtype_and_layout(dtype):
    x = sample(dtype, (300, 4), seed=DTYPES.index(dtype))
    for X in layouts(x):
        assert our_savetxt_text(X) == numpy_savetxt_text(X, fmt="%d")
        assert our_savetxt_text(X[:, 1]) == numpy_savetxt_text(X[:, 1], fmt="%d")  # 1-D: a column


@pytest.mark.parametrize("fmt", ["%d", "%i", "%u", "%5d", "%-7d", "%+d", "% d", "%08d", "%.3d", "%x", "%X", "%#x",
                                 "%#o", "%o", "%ld", "<%d>", "%d%%", "%s", "%-6s",
                                 ["%d", "%x", "%+05d"], ("%3d", "%-3d", "%d"), "%d, %d; %d", "[%d|%x|%o]"])
@pytest.mark.parametrize("delimiter", [" ", ",", "\t", " | ", ""])
def test_savetxt_formats(fmt, delimiter):
    X = sample("i8", (50, 3), seed=1) // 1000
    kw = dict(fmt=fmt, delimiter=delimiter)
    try:
        expected = numpy_savetxt_text(X, **kw)
    except (TypeError, ValueError) as e:  # "%d%%" on 3 columns: as numpy, the same error
        with pytest.raises(type(e)):
            our_savetxt_text(X, **kw)
        return
    assert our_savetxt_text(X, **kw) == expected


def test_savetxt_header_footer_comments_newline():
    X = sample("i4", (20, 2))
    for kw in [dict(header="one\ntwo", footer="end"), dict(header="h", comments="% ", newline="\r\n"),
               dict(footer="a\nb\n", comments="", newline=";"), dict(header="ünï", footer="€")]:
        assert our_savetxt_text(X, **kw) == numpy_savetxt_text(X, fmt="%d", **kw)


def test_savetxt_empty_and_booleans():
    for X in [np.zeros((0, 3), dtype="i8"), np.zeros(0, dtype="u2"), np.zeros((4, 0), dtype="i8"), np.zeros((0, 0), "i8")]:
        assert our_savetxt_text(X, header="h") == numpy_savetxt_text(X, fmt="%d", header="h")
    B = np.array([[True, False], [False, True]])
    assert our_savetxt_text(B) == numpy_savetxt_text(B, fmt="%d")


def test_savetxt_array_likes():
    rows = [[1, -2, 3], [4, 5, -6]]
    assert our_savetxt_text(rows) == numpy_savetxt_text(rows, fmt="%d")


def test_savetxt_paths_and_files(tmp_path):
    X = sample("i8", (500, 5))
    kw = dict(header="head", footer="foot", delimiter=",")
    ours, theirs = tmp_path / "ours.txt", tmp_path / "theirs.txt"
    sd.savetxt(ours, X, **kw)
    np.savetxt(theirs, X, fmt="%d", **kw)
    assert ours.read_bytes() == theirs.read_bytes()
    sd.savetxt(str(tmp_path / "ours.gz"), X, **kw)
    np.savetxt(str(tmp_path / "theirs.gz"), X, fmt="%d", **kw)
    assert gzip.decompress((tmp_path / "ours.gz").read_bytes()) == gzip.decompress((tmp_path / "theirs.gz").read_bytes())
    sd.savetxt(tmp_path / "latin.txt", X[:5], delimiter="§", header="é", encoding="latin1")
    np.savetxt(tmp_path / "latin-numpy.txt", X[:5], fmt="%d", delimiter="§", header="é", encoding="latin1")
    assert (tmp_path / "latin.txt").read_bytes() == (tmp_path / "latin-numpy.txt").read_bytes()
    binary_ours, binary_theirs = io.BytesIO(), io.BytesIO()
    sd.savetxt(binary_ours, X, header="é", encoding="latin1")
    np.savetxt(binary_theirs, X, fmt="%d", header="é", encoding="latin1")
    assert binary_ours.getvalue() == binary_theirs.getvalue()
    with open(tmp_path / "text.txt", "w") as f:
        sd.savetxt(f, X)
    assert (tmp_path / "text.txt").read_text() == numpy_savetxt_text(X, fmt="%d")


def test_savetxt_bad_input_writes_nothing(tmp_path):
    path = tmp_path / "kept.txt"
    path.write_text("old")
    with pytest.raises(ValueError, match="Expected 1D or 2D array, got 3D"):
        sd.savetxt(path, np.zeros((2, 2, 2), dtype="i8"))
    with pytest.raises(ValueError, match="wrong number of % formats"):
        sd.savetxt(path, np.zeros((2, 3), dtype="i8"), fmt="%d %d")
    with pytest.raises(AttributeError, match="wrong shape"):
        sd.savetxt(path, np.zeros((2, 3), dtype="i8"), fmt=["%d"])
    with pytest.raises(TypeError, match="integers or floats"):
        sd.savetxt(path, np.zeros((2, 3), dtype=complex))
    with pytest.raises(ValueError, match="NaN"):
        sd.savetxt(path, np.array([[1.5, np.nan]]), fmt="%d")
    with pytest.raises(OverflowError, match="infinity"):
        sd.savetxt(path, np.array([[1.5, np.inf]]), fmt="%d")
    with pytest.raises(TypeError, match="Mismatch"):
        sd.savetxt(path, np.array([[1.5, 2.5]]), fmt="%x")
    with pytest.raises(ValueError, match="invalid fmt"):
        sd.savetxt(path, np.zeros((2, 3), dtype="i8"), fmt=3)
    assert path.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["kept.txt"]
    with pytest.raises(OSError):
        sd.savetxt(tmp_path / "missing" / "x.txt", np.zeros(3, dtype="i8"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=3, max_size=3), max_size=30),
       st.sampled_from(["%d", "%+d", "%6d", "%-5d", "%x", "%#o", "%05d"]), st.sampled_from([" ", ",", "::"]))
def test_savetxt_property(rows, fmt, delimiter):
    X = np.array(rows, dtype="i8").reshape(-1, 3)
    assert our_savetxt_text(X, fmt=fmt, delimiter=delimiter) == numpy_savetxt_text(X, fmt=fmt, delimiter=delimiter)


# ---- to_csv ------------------------------------------------------------------------------------------------

STRINGS = ["plain", "", "with,comma", 'with "quote"', "line\nbreak", "carriage\rreturn", "ünïcödé", " spaced ", None]


def frame_columns(rows: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    columns = {dtype: sample(dtype, rows, seed) for dtype in DTYPES}
    columns["text"] = [STRINGS[i] for i in rng.integers(0, len(STRINGS), rows)]
    return columns


def pandas_frame(rows: int, seed: int = 0):
    cols = frame_columns(rows, seed)
    df = pd.DataFrame({k: pd.Series(v, dtype=None if isinstance(v, np.ndarray) else object) for k, v in cols.items()})
    mask = np.random.default_rng(seed + 1).random(rows) < 0.2
    df["nullable"] = pd.array(np.where(mask, 0, cols["i8"]), dtype="Int64")
    df.loc[mask, "nullable"] = pd.NA
    return df


@pytest.mark.parametrize("rows", [0, 1, 7, 1000])
def test_to_csv_pandas_frames(rows):
    df = pandas_frame(rows)
    assert sd.to_csv(df) == df.to_csv(index=False)
    for kw in [dict(sep=";", na_rep="NA"), dict(lineterminator="\r\n"), dict(header=False), dict(sep="\t", quotechar="'"),
               dict(columns=["text", "u1"]), dict(header=[f"h{i}" for i in range(df.shape[1])]),
               dict(lineterminator="\t")]:
        assert sd.to_csv(df, **kw) == df.to_csv(index=False, **kw), kw


@pytest.mark.parametrize("rows", [0, 1, 9, 1500])
def test_to_csv_pandas_frames_of_numpy_columns(rows, tmp_path):
    """A frame whose every column is a NumPy one (integers, float64, bools, naive datetime64 of every
    unit and timedelta64, with NaN and NaT) is read from NumPy, not converted to Arrow: pandas' bytes
    still, whatever the arguments."""
    rng = np.random.default_rng(rows)
    df = pd.DataFrame(rng.integers(-10**6, 10**6, (rows, 3)), columns=["a", "b", "c"])  # one 2-D block: strided columns
    df["u8"] = rng.integers(0, 2**64 - 1, rows, dtype=np.uint64, endpoint=True)
    df["i1"] = rng.integers(-128, 128, rows).astype(np.int8)
    df["f"] = np.where(rng.random(rows) < 0.1, np.nan, rng.normal(size=rows) * 1e3)
    df["flag"] = rng.random(rows) < 0.5
    for unit, per_second in (("s", 1), ("ms", 1000), ("us", 10**6), ("ns", 10**9)):
        when = (np.datetime64("2020-01-01", unit) + rng.integers(0, 400 * 86400 * per_second, rows)).astype(f"datetime64[{unit}]")
        when[rng.random(rows) < 0.1] = np.datetime64("NaT")
        df[f"when_{unit}"] = when
    day = np.datetime64("1999-12-30", "D") + rng.integers(0, 1000, rows)
    day[rng.random(rows) < 0.1] = np.datetime64("NaT")
    df["day"] = day.astype("datetime64[ns]")  # midnights: written as dates
    lasted = rng.integers(-10**9, 10**9, rows).astype("timedelta64[ms]")
    lasted[rng.random(rows) < 0.1] = np.timedelta64("NaT")
    df["lasted"] = lasted
    assert sd.to_csv(df) == df.to_csv(index=False)
    for kw in [dict(sep=";", na_rep="NA"), dict(columns=["flag", "a", "when_ms", "day"]), dict(header=False),
               dict(header=[f"h{i}" for i in range(df.shape[1])]), dict(float_format="%.3f"),
               dict(date_format="%Y/%m/%d %H:%M:%S.%f"), dict(lineterminator="\r\n", quotechar="'")]:
        assert sd.to_csv(df, **kw) == df.to_csv(index=False, **kw), kw
    assert sd.to_csv(df["when_us"]) == df["when_us"].to_csv(index=False)
    path = tmp_path / "frame.csv"
    assert sd.to_csv(df, path) == path.stat().st_size
    assert path.read_text() == df.to_csv(index=False)


def test_to_csv_pandas_frames_of_numpy_columns_need_no_pyarrow():
    code = textwrap.dedent("""
        import sys
        sys.modules["pyarrow"] = None  # (an import of it fails)
        import numpy as np, pandas as pd, simdigits
        df = pd.DataFrame({"a": [3, -1], "when": np.array(["2020-01-01T10:00", "NaT"], "datetime64[ns]"), "f": [0.5, np.nan]})
        assert simdigits.to_csv(df) == df.to_csv(index=False), simdigits.to_csv(df)
        try:
            simdigits.to_csv(pd.DataFrame({"s": ["x"]}))  # a column of objects: pandas' conversion to Arrow
        except (TypeError, ImportError):
            print("ok")
    """)
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert ran.stdout == "ok\n", ran.stderr


def test_to_csv_pandas_index_and_single_columns():
    df = pd.DataFrame({"a": [3, 1, 2], "s": ["x", "", "z"]}, index=[10, 20, 30])
    assert sd.to_csv(df) == df.to_csv(index=False)
    lone = pd.DataFrame({"s": ["", "x", None]})
    assert sd.to_csv(lone) == lone.to_csv(index=False)  # a row of one empty field is quoted
    nulls = pd.DataFrame({"a": pd.array([None, 1], dtype="Int32")})
    assert sd.to_csv(nulls) == nulls.to_csv(index=False)
    assert sd.to_csv(nulls, na_rep="-") == nulls.to_csv(index=False, na_rep="-")


def test_to_csv_pandas_columns_written_as_each_values_str():
    # object columns whose values Arrow would not keep as their str (midnight Timestamps made dates, Decimals
    # brought to one scale, ints mixed with floats made floats, ints past 64 bits), complex and sparse columns
    import datetime
    import decimal

    frame = pd.DataFrame({
        "ts": pd.Series([pd.Timestamp("2020-01-01"), None, pd.Timestamp("2020-01-02 03:04:05.000001")], dtype=object),
        "dt": [datetime.datetime(2021, 5, 6), datetime.datetime(2021, 5, 6, 7, 8, 9, 10), None],
        "dec": [decimal.Decimal("1.5"), decimal.Decimal("2.25"), decimal.Decimal("1E+5")],
        "mixed": [1, 2.5, None],
        "big": [1, 2**70, None],
        "any": [1, "x,y", b"z"],
        "complex": np.array([1 + 2j, -0.5j, np.nan]),
        "sparse": pd.arrays.SparseArray([0, 3, 0]),
        "dates": [datetime.date(2020, 1, 2), None, datetime.date(1, 1, 1)],
        "floats": [0.1, 1e16, None],
        "ints": [1, None, -(2**63)],
    })
    for kw in ({}, {"na_rep": "NA"}, {"sep": ";"}, {"date_format": "%Y"}):
        assert sd.to_csv(frame, **kw) == frame.to_csv(index=False, **kw), kw


def test_to_csv_mappings_of_other_values_as_pandas_frames_of_them():
    # values the mapping path does not take (datetime and date objects, Decimals, NumPy strings, objects,
    # complex numbers, ints past 64 bits, lists) are written as pandas' frame of the mapping
    import datetime
    import decimal

    mapping = {"dt": [datetime.datetime(2020, 1, 1), datetime.datetime(2020, 1, 2, 3)], "d": [datetime.date(2020, 1, 1), None],
               "dec": [decimal.Decimal("1.5"), decimal.Decimal("2.25")], "s": np.array(["x", "y,z"]),
               "o": np.array([1, "x"], dtype=object), "c": np.array([1 + 2j, 3]), "big": [1, 2**70], "l": [[1], [2, 3]],
               "i": np.arange(2)}
    for kw in ({}, {"na_rep": "NA", "sep": ";"}, {"date_format": "%d.%m.%Y"}, {"columns": ["i", "dt"]}, {"header": list("abcdefghi")}):
        assert sd.to_csv(mapping, **kw) == pd.DataFrame(mapping).to_csv(index=False, **kw), kw
    for kw in ({}, {"header": False}):
        assert sd.to_csv({}, **kw) == pd.DataFrame({}).to_csv(index=False, **kw)


def test_to_csv_pandas_columns_of_several_levels_and_of_none():
    frame = pd.DataFrame([[1, 2, pd.Timestamp("2020-01-01 01:00")]],
                         columns=pd.MultiIndex.from_tuples([("a,x", "b"), ("a", 'c"q'), ("t", "")], names=["L0", "L1"]))
    for kw in ({}, {"sep": ";", "lineterminator": "\r\n", "quotechar": "'"}, {"header": False}, {"header": ["p", "q", "r"]}):
        assert sd.to_csv(frame, **kw) == frame.to_csv(index=False, **kw), kw
    with pytest.raises(TypeError, match="several levels"):
        sd.to_csv(frame, columns=[("a", 'c"q')])
    for empty in (pd.DataFrame(index=[1, 2]), pd.DataFrame()):
        for kw in ({}, {"header": False}, {"lineterminator": "\r\n"}):
            assert sd.to_csv(empty, **kw) == empty.to_csv(index=False, **kw), kw


@pytest.mark.parametrize("rows", [0, 1, 9, 1500])
def test_to_csv_polars_frames(rows):
    cols = frame_columns(rows, seed=3)
    pf = pl.DataFrame({k: (pl.Series(k, v) if isinstance(v, np.ndarray) else pl.Series(k, v, dtype=pl.String))
                       for k, v in cols.items()})
    pf = pf.with_columns(pl.when(pl.col("i4") % 5 == 0).then(None).otherwise(pl.col("i4")).alias("nullable"))
    assert sd.to_csv(pf) == pf.write_csv()
    assert sd.to_csv(pf, sep=";", na_rep="null", lineterminator="\r\n") == pf.write_csv(
        separator=";", null_value="null", line_terminator="\r\n")
    assert sd.to_csv(pf, header=False, quotechar="'") == pf.write_csv(include_header=False, quote_char="'")
    # batches: a frame of several chunks is a stream of several record batches
    chunked = pl.concat([pf, pf, pf], rechunk=False)
    assert sd.to_csv(chunked) == chunked.write_csv()


def test_to_csv_arrow_tables_and_batches():
    cols = frame_columns(800, seed=4)
    table = pa.table({k: pa.array(v) for k, v in cols.items()})
    table = table.append_column("large", table["text"].cast(pa.large_string()))
    table = table.append_column("view", table["text"].cast(pa.string_view()))
    expected = pl.from_arrow(table).write_csv()
    assert sd.to_csv(table) == expected
    sliced = table.slice(100, 500)
    assert sd.to_csv(sliced) == pl.from_arrow(sliced).write_csv()
    batches = pa.Table.from_batches(table.to_batches(max_chunksize=77))
    assert sd.to_csv(batches) == expected
    assert sd.to_csv(table.to_batches()[0]) == expected


def test_to_csv_arrays_mappings_masked():
    X = sample("i8", (100, 4))
    assert sd.to_csv(X) == pd.DataFrame(X).to_csv(index=False, header=False)
    names = ["a", "b", "c", "d"]
    assert sd.to_csv(X, header=names) == pd.DataFrame(X, columns=names).to_csv(index=False)
    for Y in layouts(X):
        assert sd.to_csv(Y, sep="|") == pd.DataFrame(X).to_csv(index=False, header=False, sep="|")
    mapping = {"x": sample("u2", 100), "y": list(range(100)), "z": [None if i % 7 == 0 else str(i) for i in range(100)]}
    assert sd.to_csv(mapping, na_rep="NA") == pd.DataFrame(mapping).to_csv(index=False, na_rep="NA")
    masked = np.ma.masked_array(X, mask=X % 3 == 0)
    expected = pd.DataFrame(X).astype("Int64").mask(X % 3 == 0).to_csv(index=False, header=False, na_rep="NA")
    assert sd.to_csv(masked, na_rep="NA") == expected
    lone = pd.DataFrame({"m": pd.array([1, None, 3], dtype="Int64")}).to_csv(index=False)
    assert sd.to_csv({"m": np.ma.masked_array([1, 2, 3], mask=[0, 1, 0])}) == lone  # 1\n""\n3: a lone empty field


def csv_field(text: str) -> str:
    """A field as Python's csv module writes it (QUOTE_MINIMAL, ',' and '"')."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text])
    return buffer.getvalue()[:-1]


@pytest.mark.parametrize("sep", [",", ".", "2", "e", "n", "-", ";", "|"])
@pytest.mark.parametrize("na_rep", ["", "x,y", ".", "NA"])
@pytest.mark.parametrize("float_format", [None, "%.2f", "%.2f USD", "%g"])
def test_to_csv_quotes_numbers_as_pandas(sep, na_rep, float_format):
    # Python's csv module quotes any field holding the delimiter, the quote or a line break: numbers and
    # nulls too. polars quotes only strings.
    df = pd.DataFrame({"f": [1234.5, -2.0, np.nan, 0.001, 1e20], "i": [1234567, -5, 7, 0, 12],
                       "s": ["x", "y,z", None, "", "1.5"]})
    assert sd.to_csv(df, sep=sep, na_rep=na_rep, float_format=float_format) == df.to_csv(
        index=False, sep=sep, na_rep=na_rep, float_format=float_format)
    mapping = {"f": df.f.to_numpy(), "i": df.i.to_numpy()}
    assert sd.to_csv(mapping, sep=sep, na_rep=na_rep, float_format=float_format) == pd.DataFrame(mapping).to_csv(
        index=False, sep=sep, na_rep=na_rep, float_format=float_format)
    pf = pl.from_pandas(df)
    assert sd.to_csv(pf, sep=sep, na_rep=na_rep) == pf.write_csv(separator=sep, null_value=na_rep)


def test_to_csv_fmt():
    df = pd.DataFrame({"a": [5, -42, 1234567], "b": [1, 2, 3], "s": ["x", "y", "z"]})
    expected = "a,b,s\n" + "".join(f"{format(a, '08d')},{format(b, '08d')},{s}\n" for a, b, s in zip(df.a, df.b, df.s))
    assert sd.to_csv(df, fmt="08d") == expected
    by_column = sd.to_csv(df, fmt={"a": "+,"})  # "+1,234,567" holds the delimiter: quoted, as pandas' csv quotes
    assert by_column == "a,b,s\n" + "".join(f'{csv_field(format(a, "+,"))},{b},{s}\n' for a, b, s in zip(df.a, df.b, df.s))
    assert sd.to_csv(df.to_numpy()[:, :2].astype("i8"), fmt="x") == "5,1\n-2a,2\n12d687,3\n"
    assert sd.to_csv(df, fmt="08.1f") == "a,b,s\n" + "".join(
        f"{format(a, '08.1f')},{format(b, '08.1f')},{s}\n" for a, b, s in zip(df.a, df.b, df.s))
    with pytest.raises(ValueError, match="08q"):
        sd.to_csv(df, fmt="08q")


def test_to_csv_files(tmp_path):
    df = pandas_frame(3000, seed=5)
    expected = df.to_csv(index=False)
    for threads in (None, 1, 2):
        path = tmp_path / f"out{threads}.csv"
        assert sd.to_csv(df, path, threads=threads) == len(expected.encode())
        assert path.read_bytes().decode() == expected  # (read_text() would turn '\r' into '\n')
    text, binary = io.StringIO(), io.BytesIO()
    assert sd.to_csv(df, text) == len(expected.encode())
    assert sd.to_csv(df, binary) == len(expected.encode())
    assert text.getvalue() == expected and binary.getvalue() == expected.encode()
    pytest.importorskip("tqdm")
    assert sd.to_csv(df, tmp_path / "bar.csv", progress=True) == len(expected.encode())
    assert (tmp_path / "bar.csv").read_bytes().decode() == expected


def test_to_csv_bad_input_writes_nothing(tmp_path):
    path = tmp_path / "kept.csv"
    path.write_text("old")
    bad = [
        (pl.DataFrame({"a": [1], "d": pl.Series([1], dtype=pl.Duration("us"))}), TypeError,
         r"'d' is of type duration\[us\]: polars' style has no text for durations"),
        (pa.table({"a": [1], "t": pa.array([0], pa.timestamp("s", tz="Mars/Olympus"))}), TypeError,
         r"'t' is of type timestamp\[s, tz=Mars/Olympus\]: time zone 'Mars/Olympus' is not in the tz database"),
        (pl.DataFrame({"c": [[1]]}), TypeError, "'c' is of type large_list"),
        ({"a": [1, 2], "b": [1]}, ValueError, "different lengths"),
        (np.zeros((2, 2, 2), dtype="i8"), ValueError, "2-dimensional"),
        (np.zeros((2, 2), dtype=complex), TypeError, "complex128"),
        ("text", TypeError, "str"),
    ]
    for data, error, message in bad:
        with pytest.raises(error, match=message):
            sd.to_csv(data, path)
    with pytest.raises(TypeError):
        sd.to_csv({"a": [1]}, path, sep=1)
    assert path.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["kept.csv"]
    with pytest.raises(OSError):
        sd.to_csv({"a": [1]}, tmp_path / "missing" / "x.csv")


def test_files_keep_their_mode_and_links(tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("old")
    os.chmod(target, 0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    sd.to_csv({"a": [1, 2]}, link)
    assert link.is_symlink() and target.read_text() == "a\n1\n2\n"
    assert os.stat(target).st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.txt"
    sd.savetxt(fresh, np.arange(3))
    umask = os.umask(0o022)
    os.umask(umask)
    assert os.stat(fresh).st_mode & 0o777 == 0o666 & ~umask


def test_files_replaced_as_os_replace_replaces_them(tmp_path):
    # An existing file is exchanged with the new one, then removed (not renamed over): the path holds
    # the new text, another hard link keeps the old file, nothing else is left; a directory is refused.
    target, other = tmp_path / "target.csv", tmp_path / "other.csv"
    target.write_text("old")
    os.link(target, other)
    old_inode = os.stat(target).st_ino
    assert sd.to_csv({"a": [1, 2]}, target) == 6
    assert target.read_text() == "a\n1\n2\n" and other.read_text() == "old"
    assert os.stat(target).st_ino != old_inode and os.stat(other).st_nlink == 1
    assert sorted(os.listdir(tmp_path)) == ["other.csv", "target.csv"]
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="folder"):
        sd.to_csv({"a": [1]}, folder)
    assert folder.is_dir() and not any(folder.iterdir())
    assert sorted(os.listdir(tmp_path)) == ["folder", "other.csv", "target.csv"]


def test_to_csv_failure_mid_write_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "kept.csv"
    path.write_text("old")

    def fail(*args):
        raise OSError("injected")

    monkeypatch.setattr(sd._writers._core, "_replace_file", fail)  # (the last step: the text is written)
    with pytest.raises(OSError, match="injected"):
        sd.to_csv({"a": list(range(10))}, path)
    assert path.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["kept.csv"]


def test_to_csv_bounded_memory(tmp_path):
    """A 2 GB CSV from an array that takes no memory (a broadcast row): the peak RSS grows by less than
    64 MB while it is written."""
    script = textwrap.dedent(f"""
        import resource, numpy as np, simdigits as sd
        X = np.broadcast_to(np.arange(10, dtype=np.int64) * 10**15 + 123456789, (13_000_000, 10))
        sd.to_csv(X[:10], None)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        n = sd.to_csv(X, {str(tmp_path / 'big.csv')!r})
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(n, after - before)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    size, grown_kb = int(out[0]), int(out[1])
    assert size == (tmp_path / "big.csv").stat().st_size > 2 * 10**9
    assert grown_kb < 64 * 1024, f"peak RSS grew by {grown_kb} kB"
    with open(tmp_path / "big.csv", "rb") as f:
        assert f.readline() == (",".join(str(i * 10**15 + 123456789) for i in range(10)) + "\n").encode()
    os.unlink(tmp_path / "big.csv")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), st.one_of(st.none(), st.text(max_size=6))), max_size=20),
       st.sampled_from([",", ";", "\t", " "]), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "NA"]))
def test_to_csv_property_pandas_polars(rows, sep, terminator, na_rep):
    ints = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    df = pd.DataFrame({"n": pd.array(ints, dtype="Int64"), "t": pd.array(texts, dtype=object)})
    assert sd.to_csv(df, sep=sep, lineterminator=terminator, na_rep=na_rep) == df.to_csv(
        index=False, sep=sep, lineterminator=terminator, na_rep=na_rep)
    pf = pl.DataFrame({"n": pl.Series(ints, dtype=pl.Int64), "t": pl.Series(texts, dtype=pl.String)})
    assert sd.to_csv(pf, sep=sep, lineterminator=terminator, na_rep=na_rep) == pf.write_csv(
        separator=sep, line_terminator=terminator, null_value=na_rep)


# ---- JSON --------------------------------------------------------------------------------------------------


def orjson_dumps(obj) -> bytes:
    """orjson's bytes (it takes only C-contiguous arrays: strided ones are given to it as copies)."""
    def contiguous(o):
        if isinstance(o, np.ndarray):
            return np.ascontiguousarray(o)
        if isinstance(o, dict):
            return {k: contiguous(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [contiguous(v) for v in o]
        return o
    return orjson.dumps(contiguous(obj), option=orjson.OPT_SERIALIZE_NUMPY)


@pytest.mark.parametrize("dtype", DTYPES)
def test_dumps_json_arrays(dtype):
    x = sample(dtype, (40, 3), seed=2)
    for X in (x, x[:, 0], x[:0], np.zeros((3, 0), dtype=dtype), x[:1]):
        assert sd.dumps_json(X) == orjson_dumps(X)
    assert sd.dumps_json({"a": x, "b": [x[:, 1], x[0]]}) == orjson_dumps({"a": x, "b": [x[:, 1], x[0]]})
    assert sd.dumps_json(x[0, 0]) == orjson_dumps(x[0, 0])


def test_dumps_json_values_and_errors():
    obj = {"ints": [1, -2, 2**64 - 1, -(2**63)], "nested": [[1, [2, []]], (3, 4)], "s": 'q"\\\n\x01é', "none": None,
           "flags": [True, False], "bools": np.array([True, False]), "": {}}
    assert sd.dumps_json(obj) == orjson_dumps(obj)
    for bad in ([2**64], {1: 2}, -(2**63) - 1):
        with pytest.raises(TypeError):
            orjson_dumps(bad)
        with pytest.raises(TypeError):
            sd.dumps_json(bad)
    with pytest.raises(TypeError, match="complex"):
        sd.dumps_json([1j])
    with pytest.raises(TypeError, match="timedelta64"):
        sd.dumps_json([np.timedelta64(1, "s")])


@pytest.mark.parametrize("unit", ["Y", "W", "D", "h", "m", "s", "ms", "us", "ns"])
def test_dumps_json_datetimes_as_orjson(unit):
    # RFC 3339 text, microseconds when not 0 (nanoseconds cut to them), arrays of any shape and in dicts
    # (datetime64[M] is left out: orjson aborts on some values of it)
    rng = np.random.default_rng(len(unit))
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}.get(unit)
    if per_second:  # years 1..9999 (ns: as far as it reaches), a fifth of them whole seconds
        low, high = (-2**63 + 1, 2**63 - 1) if unit == "ns" else (-62135596800 * per_second, 253402300800 * per_second)
        values = rng.integers(low, high, 300)
        values[::5] = values[::5] // per_second * per_second
    else:
        values = rng.integers(*{"Y": (-1969, 8029), "W": (-102737, 418985), "D": (-719162, 2932896),
                                "h": (-17259888, 70389527), "m": (-1035593280, 4223371679)}[unit], 300)
    a = values.astype(f"datetime64[{unit}]")
    for obj in (a, a.reshape(20, 15), a.reshape(5, 6, 10), a[:0], a[0], {"t": a[:7], "n": [a[1]]}, a[::-3]):
        assert sd.dumps_json(obj) == orjson_dumps(obj), unit
    for bad, message in ((np.array(["NaT"], "datetime64[s]"), "NaT"), (np.array(["10000-01-01"], "datetime64[D]"), "10000"),
                         (np.array(["-0001-01-01"], "datetime64[D]"), "-001-01-01"), (np.array([1], "datetime64[ps]"), "picoseconds")):
        with pytest.raises(TypeError):
            orjson_dumps(bad)
        with pytest.raises(TypeError, match=message):
            sd.dumps_json(bad)


json_values = st.recursive(st.one_of(st.integers(-(2**63), 2**64 - 1), st.none(), st.booleans(), st.text(max_size=5),
                                     st.floats()),
                           lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                   st.dictionaries(st.text(max_size=4), inner, max_size=4)),
                           max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_dumps_json_property(obj):
    assert sd.dumps_json(obj) == orjson_dumps(obj)


# ---- string arrays -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_to_strings_and_numpy_strings(dtype):
    x = sample(dtype, 500, seed=6)
    for X in layouts(x):
        assert sd.to_strings(X) == [str(v) for v in x.tolist()]
        for kind in ("U", "S"):
            ours, theirs = sd.to_numpy_strings(X, kind), x.astype(kind)
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
        assert np.array_equal(sd.to_numpy_strings(X, "T"), x.astype(np.dtypes.StringDType()))
    assert sd.to_strings(x, fmt="+08,") == [format(v, "+08,") for v in x.tolist()]
    assert sd.to_numpy_strings(x, fmt="x").tolist() == [format(v, "x") for v in x.tolist()]


def test_to_strings_of_lists_ranges_and_fills():
    values = [0, -1, 2**70, -(2**90), 12345]
    assert sd.to_strings(values) == [str(v) for v in values]
    assert sd.to_strings(values, fmt="_x") == [format(v, "_x") for v in values]
    assert sd.to_strings(range(-5, 100, 7), fmt="é^6") == [format(v, "é^6") for v in range(-5, 100, 7)]
    assert sd.to_numpy_strings([1, 22], "U", fmt="é>4").tolist() == ["éé 1".replace(" ", "é"), "éé22"]
    assert sd.to_numpy_strings([], "U").shape == (0,)
    x = sample("i8", 50)
    for dtype in (str, bytes, "U", "S", "T", np.dtypes.StringDType(), "U5", "S3", np.str_):
        ours, theirs = sd.to_numpy_strings(x, dtype), x.astype(dtype)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), dtype
    assert np.array_equal(sd.to_numpy_strings([3, -4]), np.asarray([3, -4]).astype("U"))
    with pytest.raises(ValueError, match="dtype"):
        sd.to_numpy_strings([1], "Q")
    with pytest.raises(TypeError):
        sd.to_strings([1j])


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"])
def test_to_arrow_equals_cast(dtype):
    x = sample(dtype[0] + dtype[-1] if False else np.dtype(dtype).str[1:], 700, seed=8)
    arrow = pa.array(x, mask=np.arange(700) % 9 == 0)
    for values in (arrow, arrow.slice(3, 500), arrow.slice(8, 0)):
        ours = sd.to_arrow(values)
        assert ours.type == pa.string()
        assert ours.equals(pc.cast(values, pa.string()))
        assert ours.null_count == values.null_count
    assert sd.to_arrow(x).equals(pc.cast(pa.array(x), pa.string()))
    large = sd.to_arrow(arrow, large=True)
    assert large.type == pa.large_string() and large.equals(pc.cast(arrow, pa.large_string()))
    chunked = pa.chunked_array([arrow, arrow.slice(1, 10)])
    assert sd.to_arrow(chunked).equals(pc.cast(chunked, pa.string()))
    assert sd.to_arrow(x, fmt="x").to_pylist() == [format(v, "x") for v in x.tolist()]


def test_import_brings_no_peer_and_to_arrow_names_its_extra(monkeypatch):
    script = ("import sys, simdigits; print(sorted(m for m in ('numpy', 'pandas', 'polars', 'pyarrow', 'orjson', "
              "'dask', 'tqdm') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout == "[]\n"
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'simdigits\[arrow\]'"):
        sd.to_arrow([1, 2])


@pytest.mark.parametrize("kind", ["float16", "float32", "float64", "bool", "dictionary", "decimal128", "decimal256"])
def test_to_arrow_of_arrow_arrays_as_arrow_casts_them(kind):
    rng = np.random.default_rng(len(kind))
    n = 3000
    nulls = rng.random(n) < 0.1
    if kind.startswith("float"):
        bits = rng.integers(0, 2**64, n, dtype=np.uint64)
        x = bits.astype(f"uint{kind[5:]}").view(kind)
        x[::3] = rng.integers(-10**6, 10**6, x[::3].shape) / 100  # prices
        values = pa.array(x, mask=nulls, from_pandas=False)
    elif kind == "bool":
        values = pa.array(rng.random(n) < 0.5, mask=nulls)
    elif kind == "dictionary":
        entries = [f"city {i}" if i % 3 else f"city, {i}" for i in range(40)]
        values = pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 40, n), pa.int16(), mask=nulls), entries)
        numbers = pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, 5, n), pa.int8()), pa.array([0.5, -1.0, 3e20, 7.0, 1e-7]))
        assert sd.to_arrow(numbers).equals(pc.cast(numbers, pa.string()))
    else:  # every scale Arrow takes, negative ones too; values of every length: Python's Decimal text
        bits, precision = (128, 38) if kind == "decimal128" else (256, 76)
        for scale in (-5, 0, 2, 6, 7, 9, precision):
            t = getattr(pa, kind)(precision, scale)
            ints = [int(rng.integers(-10**9, 10**9)) * 10**int(rng.integers(0, precision - 9)) for _ in range(200)] + [0, 1, -1]
            buffer = b"".join(i.to_bytes(bits // 8, "little", signed=True) for i in ints)
            column = pa.Array.from_buffers(t, len(ints), [None, pa.py_buffer(buffer)])
            for v in (column, column.slice(3)):
                assert sd.to_arrow(v).equals(pc.cast(v, pa.string())), scale
        return
    for v in (values, values.slice(7, 1500), pa.chunked_array([values.slice(0, 5), values.slice(5)])):
        ours, theirs = sd.to_arrow(v), pc.cast(v, pa.string())
        assert ours.equals(theirs), [(a, b) for a, b in zip(ours.to_pylist(), theirs.to_pylist()) if a != b][:3]


def test_to_arrow_refuses_other_types():
    with pytest.raises(TypeError, match="not list<item: int64>"):
        sd.to_arrow(pa.array([[1]]))
    with pytest.raises(TypeError, match="not string"):
        sd.to_arrow(pa.array(["a"]))


# ---- Dask ----------------------------------------------------------------------------------------------------


def dask_frame(partitions: int):
    dd = pytest.importorskip("dask.dataframe")
    df = pandas_frame(2000, seed=9)
    return dd.from_pandas(df, npartitions=partitions), df


def test_dask_to_csv_threaded(tmp_path):
    import dask
    import simdigits.dask

    ddf, df = dask_frame(5)
    path = tmp_path / "one.csv"
    with dask.config.set(scheduler="threads"):
        n = simdigits.dask.to_csv(ddf, path, na_rep="NA")
        expected = ddf.compute().to_csv(index=False, na_rep="NA")
        assert path.read_bytes().decode() == expected
        assert n == len(expected.encode())
        names = [f"n{i}" for i in range(len(df.columns))]
        simdigits.dask.to_csv(ddf, path, header=names, columns=None)
        assert path.read_bytes().decode() == ddf.compute().to_csv(index=False, header=names)
    assert sorted(os.listdir(tmp_path)) == ["one.csv"]


def test_dask_to_csv_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    import simdigits.dask

    ddf, df = dask_frame(4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        simdigits.dask.to_csv(ddf, tmp_path / "cluster.csv")
    assert (tmp_path / "cluster.csv").read_bytes().decode() == ddf.compute().to_csv(index=False)
