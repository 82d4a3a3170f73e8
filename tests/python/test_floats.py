"""Floats through join, formatted_length, to_strings, to_numpy_strings and to_arrow, against Python's
repr (float64) and NumPy's str (float32, float16) as the oracles, on every backend."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import simdigits

SEPS = ["", ",", ", ", "é", "😀"]


def oracle(values):
    """Each value as Python writes it: repr of a float (str of a NumPy float32/float16 scalar), str of an int."""
    if isinstance(values, np.ndarray):
        return [str(v) for v in values] if values.dtype != np.float64 else [repr(v) for v in values.tolist()]
    return [str(v) for v in values]


def check(values, sep=","):
    expected = sep.join(oracle(values))
    assert simdigits.join(values, sep) == expected
    assert simdigits.formatted_length(values, sep) == len(expected)
    assert simdigits.join(values, sep, as_bytes=True) == expected.encode()
    return expected


def random_bits(dtype, n, seed):
    width = np.dtype(dtype).itemsize
    raw = np.random.default_rng(seed).integers(0, 256, size=n * width, dtype=np.uint8)
    return raw.view(dtype)


# Values whose digits are most easily wrong, and what each range of notation switches at.
HARD_DOUBLES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
                9007199254740992.0, 9007199254740993.0, 1e23, 9.999999999999999e22, 0.1, 0.2, 0.3, 1 / 3, 2 / 3,
                123456789012345680.0, 1e-4, 9.999999999999999e-5, 1e16, 9999999999999998.0, 1e15, 1e21, 1e22, 5e-5,
                1e-5, math.inf, -math.inf, math.nan, 100.0, 1.5, -1234.5678]
HARD_DOUBLES += [math.ldexp(1.0, e) for e in range(-1074, 1024)]
HARD_DOUBLES += [float(f"1e{e}") for e in range(-323, 309)]


def test_hard_doubles(backend):
    check(np.array(HARD_DOUBLES))
    check(HARD_DOUBLES)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_random_bit_patterns(backend, dtype):
    values = random_bits(dtype, 20000, seed=np.dtype(dtype).itemsize)
    check(values)
    check(values, "😀")


def test_every_float16():
    values = np.arange(65536, dtype=np.uint16).view(np.float16)
    assert simdigits.to_strings(values) == [str(v) for v in values]


def test_float32_around_every_power_of_two():
    bits = np.array([(e << 23) + d for e in range(255) for d in (-2, -1, 0, 1, 2)], dtype=np.int64)
    values = (bits[(bits >= 0) & (bits < 2**31)]).astype(np.uint32).view(np.float32)
    check(values)
    check(-values)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(), max_size=60), sep=st.sampled_from(SEPS))
def test_python_floats(values, sep):
    check(values, sep)
    check(np.array(values, dtype=np.float64), sep)


@settings(max_examples=150, deadline=None)
@given(values=hnp.arrays(st.sampled_from([np.float16, np.float32, np.float64]), st.integers(0, 40),
                         elements=st.floats(width=16)))
def test_numpy_floats(values):
    check(values)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.integers(), st.floats()), max_size=50), sep=st.sampled_from(SEPS))
def test_lists_mixing_ints_and_floats(values, sep):
    check(values, sep)
    assert simdigits.to_strings(values) == [str(v) for v in values]


@pytest.mark.parametrize("dtype", ["<f8", ">f8", "<f4", ">f4", "<f2", ">f2"])
def test_strides_and_byte_orders(dtype):
    base = random_bits(np.dtype(dtype), 3000, seed=5)
    for values in (base, base[::3], base[::-1], base[1::2]):
        check(values)


def test_large_arrays_on_threads():
    rng = np.random.default_rng(9)
    values = np.concatenate([rng.integers(0, 10**6, 300000) / 100, rng.random(300000), random_bits(np.float64, 300000, 1)])
    expected = ",".join(map(repr, values.tolist()))
    for threads in (None, 1, 2, 5):
        assert simdigits.join(values, ",", threads=threads) == expected
    assert simdigits.formatted_length(values) == len(expected)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_string_outputs(dtype):
    values = np.concatenate([random_bits(dtype, 500, 3), np.array([0, -0.0, np.inf, -np.inf, np.nan, 1e-5, 0.1], dtype=dtype)])
    assert simdigits.to_strings(values) == oracle(values)
    for kind in ("U", "S", "T"):
        with np.errstate(invalid="ignore"):  # NumPy's astype("S") of NaN warns
            expected = values.astype(kind)
        got = simdigits.to_numpy_strings(values, kind)
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert simdigits.to_numpy_strings([1, 2.5, -3]).tolist() == np.asarray([1, 2.5, -3]).astype(str).tolist()


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_to_arrow_as_arrow_casts(dtype):
    pa = pytest.importorskip("pyarrow")
    pc = pytest.importorskip("pyarrow.compute")
    with np.errstate(over="ignore"):
        values = np.concatenate([random_bits(dtype, 3000, 11), float_values(500, 12).astype(dtype)])
    assert simdigits.to_arrow(values) == pc.cast(pa.array(values), pa.string())
    assert simdigits.to_arrow(values[::-3]) == pc.cast(pa.array(values[::-3]), pa.string())
    assert simdigits.to_arrow(values.tolist()) == pc.cast(pa.array(values.tolist(), pa.float64()), pa.string())
    assert simdigits.to_arrow([1, 2.5, 2**70]) == pa.array(["1", "2.5", str(2**70)], pa.string())


def test_fmt_for_floats_is_format_for_a_float():
    values = np.array([1.5, -0.0, 2.5, 1e16, np.nan])
    for fmt in ("5", ".2f", "+.3e", ",g", "%", "z.0f"):
        assert simdigits.join(values, fmt=fmt) == ",".join(format(v, fmt) for v in values.tolist())
    with pytest.raises(ValueError, match="Unknown format code 'd' for object of type 'float'"):
        simdigits.join(values, fmt="d")
    with pytest.raises(ValueError, match="Precision not allowed in integer format specifier"):
        simdigits.join(np.arange(3), fmt=".2")
    # A list mixing ints and floats: a float type treats both alike; another type means two things.
    assert simdigits.to_strings([1, 2.5, 2**70], fmt=".2f") == [format(v, ".2f") for v in [1, 2.5, 2**70]]
    with pytest.raises(ValueError, match="one thing for ints and another for floats"):
        simdigits.to_strings([1, 2.5], fmt="5")
    with pytest.raises(OverflowError):
        simdigits.join([10**400], fmt=".1f")


# ---- writers: to_csv as pandas and polars write floats, dumps_json as orjson ------------------------------

def float_values(n, seed):
    rng = np.random.default_rng(seed)
    bits = random_bits(np.float64, n, seed)
    return np.concatenate([bits, rng.integers(0, 10**7, n) / 100, rng.random(n), np.array(HARD_DOUBLES)])


def test_to_csv_floats_as_pandas():
    pd = pytest.importorskip("pandas")
    values = float_values(2000, 21)
    frame = pd.DataFrame({"f8": values, "f4": values.astype(np.float32), "i": np.arange(len(values)),
                          "s": [f"x{i}" for i in range(len(values))]})
    assert simdigits.to_csv(frame) == frame.to_csv(index=False)
    assert simdigits.to_csv(frame, na_rep="NA", sep=";") == frame.to_csv(index=False, na_rep="NA", sep=";")
    mapping = {"a": values, "b": list(values[:10]) * (len(values) // 10) + list(values[: len(values) % 10]),
               "c": ([1, None, 2.5] * len(values))[: len(values)]}
    assert simdigits.to_csv(mapping) == pd.DataFrame(mapping).to_csv(index=False)
    matrix = values[: len(values) // 4 * 4].reshape(-1, 4)
    assert simdigits.to_csv(matrix) == pd.DataFrame(matrix).to_csv(index=False, header=False)
    assert simdigits.to_csv(matrix.T.copy().T, header=list("abcd")) == pd.DataFrame(matrix, columns=list("abcd")).to_csv(index=False)
    masked = np.ma.masked_array(matrix, mask=np.arange(matrix.size).reshape(matrix.shape) % 5 == 0)
    assert simdigits.to_csv(masked, na_rep="-") == pd.DataFrame(masked.filled(np.nan)).to_csv(index=False, header=False, na_rep="-")


def test_to_csv_floats_as_polars():
    pl = pytest.importorskip("polars")
    values = float_values(2000, 22)
    frame = pl.DataFrame({"f8": values, "f4": values.astype(np.float32), "n": [None if i % 9 == 0 else v for i, v in enumerate(values.tolist())]})
    assert simdigits.to_csv(frame) == frame.write_csv()
    assert simdigits.to_csv(frame.to_arrow()) == frame.write_csv()
    assert simdigits.to_csv(frame, na_rep="NULL") == frame.write_csv(null_value="NULL")


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_dumps_json_floats_as_orjson(dtype):
    orjson = pytest.importorskip("orjson")
    values = float_values(3000, 23).astype(dtype)
    values = values[: len(values) // 6 * 6]
    option = orjson.OPT_SERIALIZE_NUMPY
    for obj in (values, values.reshape(-1, 6), values[:0], values.reshape(-1, 6)[:0], values[0]):
        assert simdigits.dumps_json(obj) == orjson.dumps(obj, option=option)
    python_floats = values.astype(np.float64).tolist()
    for obj in (python_floats, {"a": python_floats[:50], "b": [1, 2.5, None, "x"], "c": 1e16}):
        assert simdigits.dumps_json(obj) == orjson.dumps(obj, option=option)
