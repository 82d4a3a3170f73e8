"""Categorical and dictionary columns in to_csv against the writers they stand in for: pandas'
Categorical (strings that call for quotes, integers, floats, booleans, datetimes, missing codes),
polars' Categorical and Enum, pyarrow's dictionary arrays of every index width with nulls in the
indices and in the dictionary; each entry formatted once, then copied."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simdigits as sd

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

# Entries that call for quotes under some dialect: the delimiter, quotes, line breaks, empties.
PIECES = ["a", "bc", ",", '"', "\n", "\r", ";", " ", "12", "é", "'", "NA", ""]
entry = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


@settings(max_examples=60, deadline=None)
@given(categories=st.lists(entry, min_size=1, max_size=12, unique=True),
       codes=st.lists(st.integers(-1, 11), min_size=1, max_size=60), sep=st.sampled_from([",", ";", "\t"]),
       na_rep=st.sampled_from(["", "NA"]))
def test_pandas_categorical_strings(categories, codes, sep, na_rep):
    codes = [c if c < len(categories) else c % len(categories) for c in codes]
    df = pd.DataFrame({"c": pd.Categorical.from_codes(codes, categories), "n": np.arange(len(codes))})
    assert sd.to_csv(df, sep=sep, na_rep=na_rep) == df.to_csv(index=False, sep=sep, na_rep=na_rep)
    lone = df[["c"]]  # a lone column: empty fields quoted as Python's csv module does
    assert sd.to_csv(lone, na_rep=na_rep) == lone.to_csv(index=False, na_rep=na_rep)


def test_pandas_categoricals_of_numbers_booleans_and_datetimes():
    rng = np.random.default_rng(3)
    n = 3000
    df = pd.DataFrame({
        "ints": pd.Categorical(rng.choice([1, -7, 2024, 10**12, None], n)),
        "floats": pd.Categorical(rng.choice([1.5, 2.0, -0.0, 1e20, float("nan")], n)),
        "bools": pd.Categorical(rng.choice([True, False, None], n)),
        "days": pd.Categorical(pd.to_datetime(rng.choice(["2020-01-01", "1999-12-31", None], n))),
        "instants": pd.Categorical(pd.to_datetime(rng.choice(["2020-01-01", "2020-01-02 00:00:01.5", None], n),
                                                  format="mixed")),
        "ordered": pd.Categorical(rng.choice(["lo", "mid, high", "hi"], n), ordered=True),
    })
    for na_rep in ("", "-"):
        assert sd.to_csv(df, na_rep=na_rep) == df.to_csv(index=False, na_rep=na_rep)
    assert sd.to_csv(df, fmt="+05d") == df.to_csv(index=False)  # fmt formats integer columns, not entries


@pytest.mark.parametrize("dtype", ["categorical", "enum"])
@pytest.mark.parametrize("last", ["é", "e"])  # (a str written in place when every entry is ASCII)
def test_polars_categorical_and_enum(dtype, last):
    rng = np.random.default_rng(4)
    words = ["a", "b,c", "", 'say "hi"', "line\nbreak", last]
    values = [None if v == "None" else v for v in rng.choice(words + ["None"], 2000)]
    kind = pl.Categorical if dtype == "categorical" else pl.Enum(words)
    df = pl.DataFrame({"c": pl.Series(values, dtype=kind), "n": np.arange(2000)})
    for null in ("", "NULL"):
        assert sd.to_csv(df, na_rep=null) == df.write_csv(null_value=null)


@pytest.mark.parametrize("index", [pa.int8(), pa.uint8(), pa.int16(), pa.int32(), pa.uint32(), pa.int64()])
def test_arrow_dictionaries_with_nulls_in_indices_and_entries(index):
    rng = np.random.default_rng(5)
    n = 1000
    indices = pa.array([None if i == 4 else int(i) for i in rng.integers(0, 5, n)], index)
    entries = [pa.array(["x", None, 'z"', "w,v"]), pa.array([10, -3, None, 7], pa.int32()),
               pa.array([0.5, None, 2.0, -1e-7]), pa.array([0, 1, None, 18000], pa.date32())]
    columns = {f"d{k}": pa.DictionaryArray.from_arrays(indices, e) for k, e in enumerate(entries)}
    table = pa.table(columns)
    batches = pa.Table.from_batches(table.slice(3).to_batches(max_chunksize=333))  # offsets and batches
    for t in (table, batches):
        assert sd.to_csv(t, na_rep="NA") == pl.from_arrow(t).write_csv(null_value="NA")


def test_dictionary_of_an_unsupported_type_is_named():
    d = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int8()), pa.array([b"x", b"y"]))
    with pytest.raises(TypeError, match="column 'd' is of type dictionary<values=binary, indices=int8>"):
        sd.to_csv(pa.table({"d": d}))
