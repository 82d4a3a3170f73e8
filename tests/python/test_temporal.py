"""Dates, times and booleans in to_csv against the writers they stand in for: pandas' to_csv for pandas
frames and mappings, polars' write_csv for polars frames and other Arrow sources (pyarrow tables read as
polars reads them); every unit, nulls and NaT in every position, years outside 0..9999, formats. NumPy
datetime64 arrays through join, to_strings and to_numpy_strings against NumPy's own text."""

from __future__ import annotations

import os
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simdigits as sd

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

UNITS = ["s", "ms", "us", "ns"]
NS_PER = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


def instants(unit: str, n: int, seed: int, *, round_to: int = 1, nat: bool = True) -> np.ndarray:
    """datetime64 values of `unit` that pandas and polars both take (years 1678..2261 for ns, wider for
    coarser units), a few NaT; rounded down to multiples of `round_to` units."""
    rng = np.random.default_rng(seed)
    # years -5900..9900 (ns: 1823..2116), within what both take
    span = {"s": 250_000_000_000, "ms": 250_000_000_000_000, "us": 250_000_000_000_000_000, "ns": 2**62}[unit]
    x = rng.integers(-span, span, size=n, dtype=np.int64)
    x[::4] = rng.integers(-10**6, 10**6, size=x[::4].shape)  # near the epoch
    x = x // round_to * round_to
    values = x.view(f"datetime64[{unit}]").copy()
    if nat:
        values[rng.random(n) < 0.1] = np.datetime64("NaT")
    return values


def pandas_frame(**columns) -> "pd.DataFrame":
    return pd.DataFrame(columns)


# ---- pandas ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", UNITS)
def test_pandas_datetimes_of_every_unit_and_resolution(unit):
    day = 86400 * 10**9 // NS_PER[unit]
    rounds = [1, 10**9 // NS_PER[unit] or 1, 10**6 // NS_PER[unit] or 1, 1000 // NS_PER[unit] or 1, day]
    for seed, round_to in enumerate(rounds):
        df = pandas_frame(t=instants(unit, 500, seed, round_to=round_to), n=np.arange(500))
        for na_rep in ("", "NaT"):
            assert sd.to_csv(df, na_rep=na_rep) == df.to_csv(index=False, na_rep=na_rep), (unit, round_to)
        lone = df[["t"]]  # a lone column: empty fields quoted as pandas' csv module does
        assert sd.to_csv(lone) == lone.to_csv(index=False)
        t = df["t"].to_numpy()  # the finest value found in every layout: strided, byte-swapped
        assert sd.to_csv({"t": t[::-2]}) == pandas_frame(t=t[::-2]).to_csv(index=False)
        assert sd.to_csv({"t": t.astype(t.dtype.newbyteorder())}) == lone.to_csv(index=False)


def test_pandas_years_outside_0_to_9999_and_edges():
    values = np.array(["-0221-09-04T01:02:03", "10000-01-01", "0001-01-01", "0000-12-31T23:59:59", "9999-12-31T23:59:59",
                       "-0001-01-01", "1969-12-31T23:59:59", "1970-01-01", "NaT"], dtype="datetime64[s]")
    for frame in (pandas_frame(t=values), pandas_frame(t=values.astype("datetime64[D]").astype("datetime64[s]"))):
        assert sd.to_csv(frame) == frame.to_csv(index=False)


def test_pandas_booleans_dates_and_mixed_frames():
    rng = np.random.default_rng(3)
    n = 300
    flags = rng.random(n) < 0.5
    nullable = pd.array([None if i % 7 == 0 else bool(f) for i, f in enumerate(flags)], dtype="boolean")
    df = pd.DataFrame({"b": flags, "nb": nullable, "t": instants("us", n, 4), "d": instants("ns", n, 5, round_to=86400 * 10**9),
                       "s": [f"x,{i}" if i % 3 else None for i in range(n)], "f": rng.random(n)})
    for kw in ({}, {"na_rep": "NA", "sep": ";"}, {"lineterminator": "\r\n"}):
        assert sd.to_csv(df, **kw) == df.to_csv(index=False, **kw)


def test_pandas_date_format():
    # (pandas' strftime takes only Python's years 1..9999: ns values keep within them)
    df = pandas_frame(t=instants("ns", 200, 6), d=instants("ns", 200, 7, round_to=86400 * 10**9))
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%d/%m/%Y", "%Y%m%dT%H%M%S", "%j %a %b %% %F %T", "%Y-%m-%d %H:%M:%S",
                "%y %h %e %D %R|%I %p", "%A, %B %d, %Y", "%B%A|%b %a"):
        assert sd.to_csv(df, date_format=fmt) == df.to_csv(index=False, date_format=fmt), fmt


def test_mappings_of_numpy_datetimes_and_bools():
    rng = np.random.default_rng(8)
    data = {
        "days": np.array(["2020-01-31", "NaT", "1999-12-31"], dtype="datetime64[D]"),
        "hours": np.array(["2020-01-31T05", "NaT", "1999-12-31T23"], dtype="datetime64[h]"),
        "ms": np.array(["2020-01-31T05:00:00.125", "1970-01-01", "NaT"], dtype="datetime64[ms]"),
        "flags": np.array([True, False, True]),
        "listed": [True, None, False],
        "masked": np.ma.masked_array(np.array([True, False, False]), mask=[False, True, False]),
    }
    assert sd.to_csv(data) == pd.DataFrame(data).to_csv(index=False)
    strided = np.array(["2020-01-01T00:00:01"] * 6, dtype="datetime64[s]")[::2]
    swapped = rng.integers(0, 10**9, 3).astype(">i8").view(">M8[s]")
    assert sd.to_csv({"a": strided, "b": swapped}) == pd.DataFrame({"a": strided, "b": swapped.astype("M8[s]")}).to_csv(index=False)


# ---- polars and Arrow --------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
def test_polars_datetimes_dates_times_booleans(unit):
    n = 400
    rng = np.random.default_rng(9)
    frame = pl.DataFrame({
        "t": pl.Series(instants(unit, n, 10)),
        "d": pl.Series(instants("ms", n, 11, round_to=86400_000)).cast(pl.Date),
        "tod": pl.Series((rng.integers(0, 86400 * 10**9, n) // [1, 1000, 10**9][n % 3]).astype("timedelta64[ns]"))
        .cast(pl.Int64).cast(pl.Time),
        "b": pl.Series([None if i % 5 == 0 else bool(i % 3) for i in range(n)], dtype=pl.Boolean),
    })
    assert frame["t"].dtype == pl.Datetime(unit)
    for kw in ({}, {"na_rep": "null"}):
        polars_kw = {"null_value": kw["na_rep"]} if kw else {}
        assert sd.to_csv(frame, **kw) == frame.write_csv(**polars_kw)


def test_polars_formats():
    frame = pl.DataFrame({"t": pl.Series(instants("ns", 100, 12)), "d": pl.Series(instants("ms", 100, 13, round_to=86400_000)).cast(pl.Date),
                          "tod": pl.Series(np.arange(100, dtype=np.int64) * 999_999_937).cast(pl.Time)})
    formats = [dict(datetime_format="%Y/%m/%d %H:%M:%S%.3f"), dict(date_format="%d.%m.%Y"),
               dict(time_format="%H%M%S%.9f"), dict(datetime_format="%F %T|%f|%6f|%.6f %j %a %b %%"),
               dict(datetime_format="%A, %B %e %Y %T", date_format="%a %d %B %Y")]
    for f in formats:
        assert sd.to_csv(frame, **f) == frame.write_csv(**f), f


def test_polars_own_fractions_padded_days_and_repeated_years():
    # %.f: as few of 3, 6, 9 digits as the value needs (none on a whole second); %e: the day padded with a
    # space; each %Y of a year past 9999 as long as the year
    ns = np.array([0, 1, 10**6, 5 * 10**8, 1000, 123456789, 86399 * 10**9 + 10**6 * 7], dtype=np.int64)
    frame = pl.DataFrame({
        "t": pl.Series(np.concatenate([instants("ns", 60, 21, nat=False), ns.view("datetime64[ns]")])),
        "us": pl.Series(np.concatenate([instants("us", 65, 22), np.array(["12000-03-04T05:06:07.000001", "-0044-03-15"],
                                                                        dtype="datetime64[us]")])),
        "d": pl.Series(instants("ms", 67, 23, round_to=86400_000)).cast(pl.Date),
        "tod": pl.Series(np.concatenate([ns, np.arange(60, dtype=np.int64) * 999_999_937])).cast(pl.Time),
    })
    for f in ("%H:%M:%S%.f", "%.f|%.f", "%e.%m.%Y", "%Y|%Y %e", "%F %T%.f %e", "%y %h %D", "%I:%M %p|%R"):
        kw = {"datetime_format": f}
        if not any(d in f for d in ("%H", "%.f", "%I", "%p", "%R")):
            kw["date_format"] = f
        if not any(d in f for d in ("%Y", "%e", "%y", "%h", "%D")):
            kw["time_format"] = f
        assert sd.to_csv(frame, **kw) == frame.write_csv(**kw), f


def test_polars_formats_refused_where_the_kind_has_no_such_part():
    frame = pl.DataFrame({"d": pl.Series(instants("ms", 3, 24, round_to=86400_000)).cast(pl.Date),
                          "tod": pl.Series([1, 2, 3]).cast(pl.Time)})
    for kw, directive in ((dict(date_format="%Y %H"), "%H"), (dict(date_format="%d%.3f"), "%.3f"),
                          (dict(time_format="%T %e"), "%e"), (dict(time_format="%j"), "%j")):
        with pytest.raises(Exception):
            frame.write_csv(**kw)
        with pytest.raises(ValueError, match=f"its format's {directive} has no value there"):
            sd.to_csv(frame, **kw)


def test_arrow_tables_as_polars_reads_them():
    table = pa.table({
        "s": pa.array([0, -1, 86399, 253402300799, -62135596801, None], pa.timestamp("s")),
        "ms": pa.array([0, -1, 1, 2, None, 3], pa.timestamp("ms")),
        "ns": pa.array([0, -1, 1, 2**62, -(2**62), None], pa.timestamp("ns")),
        "d64": pa.array([0, -86400000, 86400000 * 5, None, 1, 2], pa.date64()),
        "d32": pa.array([0, -1, 2932896, -719528, None, -800000], pa.date32()),
        "b": pa.array([True, False, None, True, False, True]),
        "t64": pa.array([0, 1, 86399999999999, 3600 * 10**9 + 500, None, 5], pa.time64("ns")),
        "t32": pa.array([0, 1, 86399999, 3600, None, 7], pa.time32("ms")),
    })
    expected = pl.from_arrow(table).write_csv()
    assert sd.to_csv(table) == expected
    assert sd.to_csv(table.to_batches(max_chunksize=4)[0]) == pl.from_arrow(table.slice(0, 4)).write_csv()
    sliced = table.slice(1, 4)  # arrays at an offset, bitmaps too
    assert sd.to_csv(sliced) == pl.from_arrow(sliced).write_csv()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62)), min_size=1, max_size=25), st.sampled_from(UNITS),
       st.sampled_from(["", "NA"]))
def test_property_pandas_and_polars(values, unit, na_rep):
    ints = np.array([v // NS_PER[unit] if v is not None else np.iinfo(np.int64).min for v in values], dtype=np.int64)
    times = ints.view(f"datetime64[{unit}]")
    df = pd.DataFrame({"t": times, "i": np.arange(len(values))})
    assert sd.to_csv(df, na_rep=na_rep) == df.to_csv(index=False, na_rep=na_rep)
    if unit != "s":
        pf = pl.DataFrame({"t": pl.Series(times), "i": np.arange(len(values))})
        assert sd.to_csv(pf, na_rep=na_rep) == pf.write_csv(null_value=na_rep)


def test_dask_partitions_write_datetimes_as_the_whole_frame(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    import dask
    import simdigits.dask

    # Partitions of midnights, of whole seconds and of milliseconds: pandas gives the whole column the
    # digits of its finest value, and so must every partition; durations the same, in either order
    # (whole days, seconds, nanoseconds; microseconds, whole days, seconds).
    t = np.concatenate([instants("ns", 40, 15, round_to=86400 * 10**9), instants("ns", 40, 16, round_to=10**9),
                        instants("ns", 40, 17, round_to=10**6)])
    rng = np.random.default_rng(19)
    days, seconds = rng.integers(-10**4, 10**4, 40) * 86400, rng.integers(-10**8, 10**8, 40)
    nanos = np.concatenate([days * 10**9, seconds * 10**9, rng.integers(-10**17, 10**17, 40)])
    micros = np.concatenate([rng.integers(-10**14, 10**14, 40), days * 10**6, seconds * 10**6])
    frame = pd.DataFrame({"t": t, "d": instants("s", 120, 18, round_to=86400), "b": np.arange(120) % 3 == 0,
                          "z": pd.Series(t).dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin"),
                          "l": nanos.view("timedelta64[ns]"), "m": micros.view("timedelta64[us]")})
    frame.loc[5, "l"] = frame.loc[77, "m"] = pd.NaT
    ddf = dd.from_pandas(frame, npartitions=3, sort=False)
    with dask.config.set(scheduler="threads"):
        for kw in ({}, {"date_format": "%d.%m.%Y %H:%M"}, {"na_rep": "NA"}):
            simdigits.dask.to_csv(ddf, tmp_path / "out.csv", **kw)
            assert (tmp_path / "out.csv").read_text() == ddf.compute().to_csv(index=False, **kw)
        # each partition on its own: its own digits
        part = ddf.partitions[0].compute()
        assert sd.to_csv(part) == part.to_csv(index=False)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_pandas_arrow_columns_each_value_its_own_digits(unit, tmp_path):
    """A pandas frame's columns of pyarrow timestamps (naive and zoned) and durations: pandas writes each
    value as its own str (its own digits after the point; midnights as times; no date_format), not as
    a datetime64 column; Dask's partitions too."""
    rng = np.random.default_rng(len(unit))
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
    v = rng.integers(-10**9 * per_second, 3 * 10**9 * per_second, 300)
    v[::3] = v[::3] // per_second * per_second  # whole seconds
    v[1::7] = v[1::7] // (86400 * per_second) * (86400 * per_second)  # midnights
    if unit == "ns":
        v[2::5] = v[2::5] // 1000 * 1000  # microseconds
    nulls = rng.random(300) < 0.1
    frame = pd.DataFrame({
        "t": pd.array(pa.array(v, pa.timestamp(unit), mask=nulls), dtype=pd.ArrowDtype(pa.timestamp(unit))),
        "z": pd.array(pa.array(v, pa.timestamp(unit, "Europe/Berlin"), mask=nulls), dtype=pd.ArrowDtype(pa.timestamp(unit, "Europe/Berlin"))),
        "d": pd.array(pa.array(v, pa.duration(unit), mask=nulls), dtype=pd.ArrowDtype(pa.duration(unit))),
        "n": np.arange(300),
    })
    for kw in ({}, {"na_rep": "NA"}, {"date_format": "%Y/%m/%d"}):
        assert sd.to_csv(frame, **kw) == frame.to_csv(index=False, **kw), kw
    dd = pytest.importorskip("dask.dataframe")
    import dask
    import simdigits.dask

    with dask.config.set(scheduler="threads"):
        ddf = dd.from_pandas(frame, npartitions=3, sort=False)
        simdigits.dask.to_csv(ddf, tmp_path / "out.csv")
        assert (tmp_path / "out.csv").read_text() == frame.to_csv(index=False)


# ---- NumPy datetime64: join, to_strings, to_numpy_strings -------------------------------------------------

NUMPY_UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "10s", "3D"]


def numpy_datetimes(unit: str, n: int, seed: int) -> np.ndarray:
    """datetime64 values of `unit` within NumPy's printable range, a few NaT, one of each layout."""
    rng = np.random.default_rng(seed)
    bound = {"Y": 10**5, "M": 10**6, "W": 10**6, "D": 10**7, "h": 10**8, "m": 10**9}.get(unit.lstrip("0123456789"), 2**62)
    x = rng.integers(-bound, bound, size=n, dtype=np.int64)
    x[::3] = rng.integers(-1000, 1000, size=x[::3].shape)
    values = x.view(f"datetime64[{unit}]").copy()
    values[rng.random(n) < 0.1] = np.datetime64("NaT")
    return values


@pytest.mark.parametrize("unit", NUMPY_UNITS)
def test_numpy_datetimes_as_numpy_writes_them(unit):
    values = numpy_datetimes(unit, 300, len(unit))
    for layout in (values, values[::-2], values.astype(values.dtype.newbyteorder())):
        expected = layout.astype(str)
        assert sd.join(layout) == ",".join(expected)
        assert sd.join(layout, " | ", as_bytes=True) == " | ".join(expected).encode()
        assert sd.formatted_length(layout, "→") == len("→".join(expected))
        assert sd.to_strings(layout) == expected.tolist()
        for kind in ("U", "S"):
            ours, theirs = sd.to_numpy_strings(layout, kind), layout.astype(kind)
            assert ours.dtype == theirs.dtype and (ours == theirs).all()
    assert sd.join(values[:0]) == "" and sd.to_strings(values[:0]) == []


@pytest.mark.parametrize("unit", ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "as", "5s", ""])
def test_numpy_timedeltas_as_numpy_writes_them(unit):
    rng = np.random.default_rng(len(unit))
    values = rng.integers(-2**62, 2**62, 500).astype(f"timedelta64[{unit}]" if unit else "timedelta64")
    values[::7] = np.timedelta64("NaT")
    values[1::9] = rng.integers(-100, 100, values[1::9].shape)
    for layout in (values, values[::-3], values.astype(values.dtype.newbyteorder())):
        expected = [str(v) for v in layout]
        assert sd.join(layout, "; ") == "; ".join(expected)
        assert sd.formatted_length(layout, "→") == len("→".join(expected))
        assert sd.to_strings(layout) == expected
        for kind in ("U", "S"):  # (astype cuts them to 21 characters)
            ours, theirs = sd.to_numpy_strings(layout, kind), layout.astype(kind)
            assert ours.dtype == theirs.dtype and (ours == theirs).all()


@pytest.mark.parametrize("unit", UNITS)
def test_pandas_durations_of_every_unit_and_resolution(unit):
    rng = np.random.default_rng(len(unit) + 7)
    span = {"s": 9 * 10**9, "ms": 9 * 10**12, "us": 9 * 10**15, "ns": 2**62}[unit]  # what pandas takes: int64 ns
    per_day = 86400 * 10**9 // NS_PER[unit]
    rounds = [1, 10**9 // NS_PER[unit] or 1, 10**6 // NS_PER[unit] or 1, 1000 // NS_PER[unit] or 1, per_day]
    for round_to in rounds:
        x = rng.integers(-span, span, 400) // round_to * round_to
        x[::5] = rng.integers(-3, 3, x[::5].shape) * per_day  # whole days, a few
        values = x.astype(f"timedelta64[{unit}]")
        values[::11] = np.timedelta64("NaT")
        df = pd.DataFrame({"d": values, "n": np.arange(400)})
        for na_rep in ("", "NaT"):
            assert sd.to_csv(df, na_rep=na_rep) == df.to_csv(index=False, na_rep=na_rep), (unit, round_to)
            assert sd.to_csv({"d": values, "n": np.arange(400)}, na_rep=na_rep) == df.to_csv(index=False, na_rep=na_rep)
        batches = pa.Table.from_pandas(df).to_batches(max_chunksize=97)  # the finest value in any batch
        assert sd.to_csv(pd.concat([b.to_pandas() for b in batches], ignore_index=True)) == df.to_csv(index=False)


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns",
         "Europe/Dublin", "Pacific/Chatham", "Africa/Casablanca", "America/Sao_Paulo"]


def zoned_instants(unit: str, n: int, seed: int) -> np.ndarray:
    """UTC instants of `unit`: years 1900..2150 (where both pandas and polars take them), the hours around
    the DST changes of 2020..2040, whole seconds or with fractions, NaT now and then."""
    rng = np.random.default_rng(seed)
    per_second = 10**9 // NS_PER[unit]
    seconds = rng.integers(-2208988800, 5680281600, n)
    changes = np.array(["2020-03-08T07", "2020-03-29T01", "2020-10-25T01", "2021-04-04T16", "2031-03-30T01",
                        "2040-11-04T06", "2039-09-25T14"], dtype="datetime64[s]").astype(np.int64)
    near = rng.choice(changes, n // 2) + rng.integers(-7200, 7200, n // 2) // 900 * 900
    seconds[: n // 2] = near
    x = seconds * per_second + (rng.integers(0, per_second, n) if rng.random() < 0.5 else 0)
    values = x.astype(f"datetime64[{unit}]")
    values[rng.random(n) < 0.05] = np.datetime64("NaT")
    return values


@pytest.mark.parametrize("zone", ZONES)
def test_time_zones_as_pandas_and_polars_write_them(zone):
    for k, unit in enumerate(UNITS):
        utc = pd.Series(zoned_instants(unit, 800, k)).dt.tz_localize("UTC")
        df = pd.DataFrame({"t": utc.dt.tz_convert(zone), "n": np.arange(800)})
        assert sd.to_csv(df) == df.to_csv(index=False), (zone, unit)
        assert sd.to_csv(df, date_format="%Y-%m-%d %H:%M %z") == df.to_csv(index=False, date_format="%Y-%m-%d %H:%M %z")
        frame = pl.from_pandas(df)
        assert sd.to_csv(frame) == frame.write_csv(), (zone, unit)
        for fmt in ("%Y-%m-%d %H:%M:%S%z", "%F %T%.3f %:z"):
            assert sd.to_csv(frame, datetime_format=fmt) == frame.write_csv(datetime_format=fmt), (zone, fmt)


def test_frames_of_no_rows_read_from_arrow():
    # (an Arrow stream of no batches: its columns' types from the schema alone, in the frame's style)
    frame = pd.DataFrame({"d": np.array([], "timedelta64[ns]"), "c": pd.Categorical([]), "t": np.array([], "datetime64[s]"),
                          "z": pd.Series([], dtype="datetime64[ns, Europe/Berlin]")})
    assert sd.to_csv(frame) == frame.to_csv(index=False) == "d,c,t,z\n"
    assert sd.to_csv(pl.from_pandas(frame[["c", "t", "z"]])) == pl.from_pandas(frame[["c", "t", "z"]]).write_csv()


def test_zones_of_an_added_directory(tmp_path):
    # Python's tzdata package's zone files are searched after the system's (registered at import, as
    # zoneinfo falls back to them); a directory of our own, the same way
    import importlib.util
    import shutil

    spec = importlib.util.find_spec("tzdata")
    if spec is None:
        pytest.skip("tzdata is not installed")
    source = os.path.join(list(spec.submodule_search_locations)[0], "zoneinfo", "Asia", "Tokyo")
    os.makedirs(tmp_path / "Test_Region")
    shutil.copyfile(source, tmp_path / "Test_Region" / "Tokyo_Copy")
    table = pa.table({"t": pa.array([0, 1700000000, None], pa.timestamp("s", tz="Test_Region/Tokyo_Copy"))})
    with pytest.raises(TypeError, match="'Test_Region/Tokyo_Copy' is not in the tz database"):
        sd.to_csv(table)
    sd._writers._core._add_time_zone_directory(str(tmp_path))
    assert sd.to_csv(table) == sd.to_csv(table.cast(pa.schema([("t", pa.timestamp("s", tz="Asia/Tokyo"))])))
    assert sd.to_csv(table) == "t\n1970-01-01T09:00:00.000+0900\n2023-11-15T07:13:20.000+0900\n\n"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata", "Africa/Casablanca", "UTC", "Etc/UTC",
                                  "GMT", "+01:00", "-03:30"])
def test_zone_abbreviations_as_pandas_and_polars_write_them(zone):
    # %Z: the tz database's abbreviation at each instant (LMT before a zone's first change, DST's own);
    # Python's name of a fixed offset's timezone ("UTC-03:30"), chrono's ("+01")
    seconds = np.concatenate([np.arange(-2**31, 2**31, 2**31 // 400), [1585445400, 1603587600, 4102444800 + 86400 * 180]])
    table = pa.table({"t": pa.array(seconds, pa.timestamp("s", tz=zone), mask=np.arange(len(seconds)) % 17 == 3)})
    frame = table.to_pandas()
    for f in ("%Z", "%Y-%m-%d %H:%M:%S %Z|%z", "%Z%Z"):
        assert sd.to_csv(frame, date_format=f) == frame.to_csv(index=False, date_format=f), f
        if zone != "-03:30":  # (polars takes no offset of part of an hour as a zone)
            assert sd.to_csv(pl.from_arrow(table), datetime_format=f) == pl.from_arrow(table).write_csv(datetime_format=f), f
    naive = pd.DataFrame({"t": frame["t"].dt.tz_localize(None)})
    assert sd.to_csv(naive, date_format="%H%Z|") == naive.to_csv(index=False, date_format="%H%Z|")  # no zone: nothing


def test_fixed_offsets_as_pandas_and_pyarrow_name_them():
    import datetime

    utc = pd.Series(zoned_instants("us", 300, 9)).dt.tz_localize("UTC")
    for hours, minutes in ((-3, -30), (5, 45), (0, 0), (14, 0)):
        zone = datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))
        df = pd.DataFrame({"t": utc.dt.tz_convert(zone)})
        assert sd.to_csv(df) == df.to_csv(index=False)
    values = zoned_instants("ms", 300, 10)
    table = pa.table({"t": pa.array(values.astype(np.int64), pa.timestamp("ms", tz="+05:30"), mask=np.isnat(values))})
    # (polars reads no offsets of minutes: Python's datetime is the reference, in polars' text)
    zone = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    expected = ["" if np.isnat(v) else (epoch + datetime.timedelta(milliseconds=int(v.astype(np.int64)))).astimezone(zone)
                .strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0530" for v in values]
    assert sd.to_csv(table) == "t\n" + "".join(e + "\n" for e in expected)


ARROW_TEMPORAL = ["timestamp[s]", "timestamp[ms]", "timestamp[us]", "timestamp[ns]", "timestamp[ms, tz=Europe/Berlin]",
                  "timestamp[s, tz=UTC]", "timestamp[us, tz=America/St_Johns]", "timestamp[s, tz=+05:30]",
                  "timestamp[ns, tz=Etc/UTC]", "date32", "date64", "time32[s]", "time32[ms]", "time64[us]",
                  "time64[ns]", "duration[s]", "duration[ms]", "duration[ns]"]


def arrow_type(name: str) -> "pa.DataType":
    kind, _, rest = name.partition("[")
    if kind == "timestamp":
        unit, _, zone = rest.rstrip("]").partition(", tz=")
        return pa.timestamp(unit, tz=zone or None)
    if kind in ("time32", "time64", "duration"):
        return getattr(pa, kind)(rest.rstrip("]"))
    return getattr(pa, kind)()


@pytest.mark.parametrize("name", ARROW_TEMPORAL)
def test_to_arrow_of_temporal_arrays_as_arrow_casts_them(name):
    t = arrow_type(name)
    rng = np.random.default_rng(len(name))
    n = 2000
    if pa.types.is_time(t):
        x = rng.integers(0, 86400 * {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[t.unit], n)
    elif pa.types.is_date32(t):
        x = rng.integers(-719528 * 10, 2932896 * 3, n)  # years -7000..30000 (Arrow's own reach: +-32767)
        x[::50] = rng.integers(-2**31, 2**31, x[::50].shape)  # past it: Arrow writes the count
    elif pa.types.is_date64(t):
        x = rng.integers(-719528 * 10, 2932896 * 3, n) * 86400000
        x[::4] += rng.integers(-86400000, 86400000, x[::4].shape)  # not whole days: the day toward 0
        x[::50] = rng.integers(-2**63, 2**63 - 1, x[::50].shape, dtype=np.int64)
    else:
        per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[t.unit]
        # years -26000..30000 (naive ones -36000..40000, past Arrow's +-32767: their counts), as far as 64
        # bits reach; pyarrow refuses zoned values past it
        span = min((9 if getattr(t, "tz", None) else 12) * 10**11 * per_second, 2**63 - 1)
        x = rng.integers(-span, span, n) // rng.choice([1, per_second, 86400 * per_second], n)
        x[::3] = rng.integers(-2**31, 2**31, x[::3].shape) * per_second  # 1901..2038: the zones' changes
    values = pa.array(x.astype(np.int32 if t.bit_width == 32 else np.int64), t, mask=rng.random(n) < 0.1)
    for v in (values, values.slice(7, 1500), pa.chunked_array([values.slice(0, 5), values.slice(5)])):
        ours, theirs = sd.to_arrow(v), pc.cast(v, pa.string())
        assert ours.equals(theirs), [(a, b) for a, b in zip(ours.to_pylist(), theirs.to_pylist()) if a != b][:3]
    assert sd.to_arrow(values, large=True).equals(pc.cast(values, pa.large_string()))
    with pytest.raises(TypeError, match="fmt formats numbers"):
        sd.to_arrow(values, fmt="d")


def test_numpy_datetimes_refused():
    with pytest.raises(TypeError, match="fmt formats numbers"):
        sd.join(np.array([1], dtype="timedelta64[s]"), fmt="d")
    with pytest.raises(TypeError, match="years to nanoseconds"):
        sd.to_strings(np.array([1], dtype="datetime64[ps]"))
    with pytest.raises(TypeError, match="fmt formats numbers"):
        sd.join(np.array([1], dtype="datetime64[s]"), fmt="d")
    with pytest.raises(ValueError, match="1-dimensional"):
        sd.join(np.zeros((2, 2), dtype="datetime64[s]"))


# ---- bad input ---------------------------------------------------------------------------------------------


def test_unsupported_directives_and_types_write_nothing(tmp_path):
    path = tmp_path / "kept.csv"
    path.write_text("old")
    df = pandas_frame(t=instants("ns", 3, 14))
    for fmt in ("%Y %Q", "%Y%.3f", "%Y %"):
        with pytest.raises(ValueError, match="directive '" + fmt.split()[-1][-4:].replace("%Y", "").replace(".", r"\.")):
            sd.to_csv(df, path, date_format=fmt)
    with pytest.raises(ValueError, match="'%U'"):
        sd.to_csv(pl.from_pandas(df), path, datetime_format="%Y %U")
    with pytest.raises(ValueError, match=r"'t' has no time zone for the offset \(%z\) or its name \(%Z\)"):
        sd.to_csv(pl.from_pandas(df), path, datetime_format="%Y %Z")
    with pytest.raises(TypeError, match="date_format must be str"):
        sd.to_csv(df, path, date_format=1)
    with pytest.raises(ValueError, match="'t' has no time zone for the offset"):
        sd.to_csv(pl.from_pandas(df), path, datetime_format="%Y %:z")
    assert sd.to_csv(df, date_format="%H%z|%%z") == df.to_csv(index=False, date_format="%H%z|%%z")  # no zone: nothing
    with pytest.raises(TypeError, match="time zone 'Mars/Olympus' is not in the tz database"):
        sd.to_csv(pa.table({"t": pa.array([0], pa.timestamp("s", tz="Mars/Olympus"))}), path)
    with pytest.raises(TypeError, match="pandas holds no durations of 'M'"):
        sd.to_csv({"d": np.array([1], dtype="timedelta64[M]")}, path)
    with pytest.raises(TypeError, match="finer than ns"):
        sd.to_csv({"d": np.array([1], dtype="datetime64[ps]")}, path)
    # extension types (a pandas period's storage is its ordinal): refused, as pyarrow and polars refuse them
    with pytest.raises(TypeError, match=r"'p' is of type extension<pandas.period> \(storage int64\)"):
        sd.to_csv(pa.table(pd.DataFrame({"p": pd.period_range("2020-01", periods=2, freq="M")})), path)
    with pytest.raises(TypeError, match=r"extension<arrow.json>"):
        sd.to_csv(pa.table({"j": pa.array(["{}"], type=pa.json_())}), path)
    assert path.read_text() == "old"


@pytest.mark.parametrize("freq", ["Y", "Q", "M", "W", "D", "h", "min", "s", "ms"])
def test_pandas_periods_and_intervals_as_pandas_writes_them(freq):
    periods = pd.Series(pd.period_range("1999-12-31 23:59", periods=5, freq=freq)).astype(object)
    periods[2] = None
    frame = pd.DataFrame({"p": periods.astype(f"period[{freq}]"), "n": range(5),
                          "i": pd.arrays.IntervalArray.from_tuples([(0, 1), None, (2.5, 3), (-1, 0), (4, 9)], closed="left"),
                          "j": pd.interval_range(0, 5)})
    for kw in ({}, {"na_rep": "NA"}, {"sep": ";"}, {"date_format": "%Y|%m|%d %H"}, {"columns": ["i", "p"]}):
        assert sd.to_csv(frame, **kw) == frame.to_csv(index=False, **kw), kw


def test_pandas_frames_of_repeated_names():
    frame = pd.DataFrame(np.arange(6).reshape(2, 3), columns=["a", "a", "b"])
    frame["t"] = pd.to_datetime(["2020-01-01 01:00", "2021-01-01 00:00"])
    frame.insert(1, "s", ["x,y", None])
    for kw in ({}, {"header": ["v", "w", "x", "y", "z"]}, {"header": False}, {"columns": ["a", "t"]}, {"na_rep": "-"}):
        assert sd.to_csv(frame, **kw) == frame.to_csv(index=False, **kw), kw
    assert sd.to_csv(frame, fmt={"a": "03d"}).splitlines()[1] == "000,x,y,001,2,2020-01-01 01:00:00".replace("x,y", '"x,y"')
