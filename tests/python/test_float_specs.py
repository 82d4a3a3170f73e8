"""Floats under format specs — Python's mini-language (format(v, spec)) and printf conversions
(spec % v) — through join, to_strings, savetxt and to_csv, against Python's own format() and %,
numpy.savetxt and pandas' to_csv(float_format=) as the oracles, on every backend."""

import io
import math
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simdigits

MINI = ["", ".0", ".1", ".3", ".17", "e", ".0e", ".18e", "E", ".3e", "f", ".0f", ".2f", ".20f", "F", "g", ".0g",
        ".1g", ".3g", ".17g", "G", "#g", "#.3g", "#.0f", "#.0e", "#", "%", ".1%", ".0%", "n", ".3n", "z", "z.2f",
        "z.0e", "+", " ", "+.2f", ",", ",.2f", "_.3f", ",.3e", ",g", "020", "020,", "020,.2f", "013,.1f",
        "014_.1f", "=+15.3e", "^15g", "*<12.3G", "x>20.5f", "é^21,.3f", "<10", "010%", "#10.0f", "z020.3f",
        ".40e", ".100f"]
PRINTF = ["%.18e", "%e", "%.0e", "%#.0e", "%f", "%.2f", "%.0f", "%#.0f", "%10.3f", "%-10.3f|", "%+f", "% f",
          "%010.2f", "%-08.2f", "%g", "%.3g", "%#g", "%#.3g", "%G", "%E", "%F", "%.30g", "%.17g", "x=%5.1e%%",
          "%lf", "%.f", "%+.3e", "%.25f", "%d", "%+06i", "%-5u|", "%.3d"]

# Ties of every kind (halves, binary fractions), carries across powers of ten, notation switches,
# subnormals, the extremes, and non-finite values.
HARD = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 9.5, 99.5, 999.5, 9.9995, 99.995, 0.05, 0.15, 0.25, 0.35,
        0.45, 1e16, 1e-5, 1e-4, 9.999e-5, 1234.5, 999999.5, 1e22, 1e23, 0.1, 0.001, 123456789.0, 5e-324,
        2.2250738585072014e-308, 1.7976931348623157e308, 1e300, 4503599627370495.5, 9007199254740993.0,
        math.inf, -math.inf, math.nan]


def random_doubles(n, seed):
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2**63, n, dtype=np.int64).view(np.float64) * rng.choice([-1.0, 1.0], n)
    return np.concatenate([np.array(HARD), bits, np.round(rng.uniform(-1e4, 1e4, n), 2),
                           rng.integers(-10**6, 10**6, n) / 2.0 ** rng.integers(0, 12, n)])


def python_format(v, spec):
    try:
        return format(v, spec)
    except Exception as e:
        return e


def python_printf(spec, v):
    try:
        return spec % v
    except Exception as e:
        return e


VALUES = random_doubles(400, 1)


@pytest.mark.parametrize("spec", MINI)
def test_mini_language_as_format(spec, backend):
    expected = [format(v, spec) for v in VALUES.tolist()]
    assert simdigits.to_strings(VALUES, fmt=spec) == expected
    assert simdigits.join(VALUES, ";", fmt=spec) == ";".join(expected)
    assert simdigits.formatted_length(VALUES, ";", fmt=spec) == len(";".join(expected))
    strided = VALUES[::-3].astype(">f8")  # reversed, strided, byte-swapped
    assert simdigits.to_strings(strided, fmt=spec) == [format(v, spec) for v in strided.tolist()]


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_narrow_floats_are_formatted_as_the_double_they_equal(dtype):
    with np.errstate(over="ignore"):
        values = VALUES.astype(dtype)
    for spec in (".3f", ".18e", "g", "", ",.2%"):
        # NumPy's scalars format as the Python float they equal.
        assert simdigits.to_strings(values, fmt=spec) == [format(v, spec) for v in values.tolist()]
        assert simdigits.to_numpy_strings(values, fmt=spec).tolist() == [format(v, spec) for v in values.tolist()]


def test_integers_under_a_float_type_are_floats():
    ints = np.array([0, 1, -7, 2**53 + 1, -(2**63), 123456789], dtype=np.int64)
    for spec in (".2f", "e", ",.1f", "g", "%"):
        assert simdigits.to_strings(ints, fmt=spec) == [format(v, spec) for v in ints.tolist()]
    assert simdigits.join(range(-5, 5), fmt=".1e") == ",".join(format(v, ".1e") for v in range(-5, 5))
    big = np.array([2**64 - 1, 2**63 + 1025], dtype=np.uint64)
    assert simdigits.to_strings(big, fmt=".3e") == [format(v, ".3e") for v in big.tolist()]


@pytest.mark.parametrize("fmt", PRINTF)
def test_printf_as_numpy_savetxt(fmt, backend):
    X = VALUES[:-1].reshape(-1, 3) if (len(VALUES) - 1) % 3 == 0 else VALUES[: len(VALUES) // 3 * 3].reshape(-1, 3)
    if fmt[-1] in "diu":
        X = X[np.isfinite(X).all(axis=1)]
    with np.errstate(over="ignore"):
        narrow = X.astype(np.float32)
    for data in (X, X[:, 1], X[::2, ::-1], narrow):
        theirs, ours = io.StringIO(), io.StringIO()
        try:
            np.savetxt(theirs, data, fmt=fmt, delimiter=",")
        except (TypeError, ValueError, OverflowError) as e:  # "x=%5.1e%%" on 3 columns, inf under %d: as numpy
            with pytest.raises(type(e)):
                simdigits.savetxt(ours, data, fmt=fmt, delimiter=",")
            continue
        simdigits.savetxt(ours, data, fmt=fmt, delimiter=",")
        assert ours.getvalue() == theirs.getvalue()


def test_savetxt_float_default_is_numpys():
    X = random_doubles(50, 3)[:150].reshape(-1, 3)
    with np.errstate(over="ignore"):
        half, single = X.astype(np.float16), X.astype(np.float32)
    for data in (X, half, X[:, 0]):
        theirs, ours = io.StringIO(), io.StringIO()
        np.savetxt(theirs, data)
        simdigits.savetxt(ours, data)
        assert ours.getvalue() == theirs.getvalue()
    for fmt in (["%.2f", "%s", "%g"], "[%s] %-25s %g", "%s", "%12s"):
        theirs, ours = io.StringIO(), io.StringIO()
        np.savetxt(theirs, X, fmt=fmt, delimiter=" | ")
        simdigits.savetxt(ours, X, fmt=fmt, delimiter=" | ")
        assert ours.getvalue() == theirs.getvalue()
    with pytest.raises(ValueError, match="'%s' of float32 is supported alone"):
        simdigits.savetxt(io.StringIO(), single, fmt="[%s] %s %s")


def test_to_csv_float_format_as_pandas():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    a = random_doubles(100, 6)
    n = len(a)
    df = pd.DataFrame({"a": a, "b": rng.random(n).astype(np.float32), "i": rng.integers(-100, 100, n),
                       "s": rng.choice(["x", "y,z", "w"], n)})
    df.loc[df.index % 7 == 0, "b"] = np.nan
    mapping = {"a": df["a"].to_numpy(), "b": df["b"].to_numpy(), "i": df["i"].to_numpy(), "s": df["s"].tolist()}
    for float_format in ("%.2f", "%.3e", "%g", "[%.1f]", "%d", "%+010.3f", lambda v: f"<{v:.1f}>"):
        expected = df.replace([np.inf, -np.inf], np.nan).to_csv(index=False, float_format=float_format, na_rep="NA") \
            if float_format == "%d" else df.to_csv(index=False, float_format=float_format, na_rep="NA")
        frame = df.replace([np.inf, -np.inf], np.nan) if float_format == "%d" else df
        if not callable(float_format):
            assert simdigits.to_csv(frame, float_format=float_format, na_rep="NA") == expected
        columns = {k: (frame[k].to_numpy() if k != "s" else v) for k, v in mapping.items()}
        assert simdigits.to_csv(columns, float_format=float_format, na_rep="NA") == expected
    # A fmt mapping's entry for a float column: format() of a float.
    rows = ["a,b,i,s"]
    for x, y, i, text in zip(df["a"].tolist(), df["b"].to_numpy(), df["i"].tolist(), df["s"]):
        rows.append(",".join(["" if math.isnan(x) else format(x, "+.2e"), "" if np.isnan(y) else str(y),
                              format(i, "04d"), f'"{text}"' if "," in text else text]))
    assert simdigits.to_csv(mapping, fmt={"a": "+.2e", "i": "04d"}) == "\n".join(rows) + "\n"


def test_float_format_errors():
    with pytest.raises(TypeError, match="float_format"):
        simdigits.to_csv({"a": np.array([1.5])}, float_format=3)
    with pytest.raises(TypeError, match="integer is required"):
        simdigits.to_csv({"a": np.array([1.5])}, float_format="%x")
    with pytest.raises(ValueError):
        simdigits.to_csv({"a": np.array([1.5])}, float_format="%.2q")


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(2**62), 2**62).map(lambda k: k / 2**20),
       st.sampled_from(MINI + ["10.4", "+.5", "08.3f", "_"]))
def test_mini_language_property(v, spec):
    expected = python_format(v, spec)
    if isinstance(expected, Exception):
        with pytest.raises(type(expected)):
            simdigits.to_strings([v], fmt=spec)
    else:
        assert simdigits.to_strings([v], fmt=spec) == [expected]
        assert simdigits.join(np.array([v, v]), fmt=spec) == expected + "," + expected


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**64 - 1).map(lambda b: struct.unpack("<d", struct.pack("<Q", b))[0]),
       st.sampled_from(PRINTF))
def test_printf_property(v, spec):
    # to_csv applies float_format as pandas does, float_format % v (NaN is a null: na_rep).
    expected = "" if math.isnan(v) else python_printf(spec, v)
    column = {"a": np.array([v]), "b": np.array([1])}
    if isinstance(expected, Exception):
        with pytest.raises((type(expected), ValueError)):
            simdigits.to_csv(column, float_format=spec, header=False)
    else:
        assert simdigits.to_csv(column, float_format=spec, header=False) == expected + ",1\n"
