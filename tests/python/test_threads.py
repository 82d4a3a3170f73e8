"""Outputs written by several threads: exact slices, same bytes as one thread, on every backend."""

import threading

import numpy as np
import pytest

import simdigits


@pytest.mark.parametrize("threads", [1, 2, 3, 7, None])
@pytest.mark.parametrize("sep", ["", ",", "é", "→"])
def test_concat_range_threads(backend, threads, sep):
    for args in [(300_000,), (-150_000, 150_000, 1), (10**12, 10**12 - 10**6, -7), (5,)]:
        expected = sep.join(map(str, range(*args)))
        assert simdigits.concat_range(*args, sep=sep, threads=threads) == expected


@pytest.mark.parametrize("threads", [1, 2, 5, None])
def test_join_threads(backend, threads):
    rng = np.random.default_rng(3)
    a = rng.integers(-(2**63), 2**63 - 1, size=200_003, dtype=np.int64)
    expected = ",".join(map(str, a.tolist()))
    assert simdigits.join(a, ",", threads=threads) == expected
    assert simdigits.join(a[::-3], ";", threads=threads) == ";".join(map(str, a[::-3].tolist()))
    assert simdigits.join(a.tolist()[:70_001], " ", threads=threads) == " ".join(map(str, a.tolist()[:70_001]))


def test_large_output_takes_the_parallel_path():
    n = 2_000_000  # ~13 MB: above the size where threads=None uses every core
    assert simdigits.concat_range(n) == "".join(map(str, range(n)))


@pytest.mark.parametrize("bad", [0, -1])
def test_threads_must_be_positive(bad):
    with pytest.raises(ValueError):
        simdigits.concat_range(10, threads=bad)
    with pytest.raises(ValueError):
        simdigits.join([1, 2], threads=bad)


def test_threads_must_be_an_integer():
    with pytest.raises(TypeError):
        simdigits.concat_range(10, threads=1.5)


def test_many_threads_formatting_while_backends_switch():
    arrays = [np.arange(i * 1000, i * 1000 + 50_000, dtype=np.int64) * (-1) ** i for i in range(6)]
    expected = [",".join(map(str, a.tolist())) for a in arrays]
    errors = []
    stop = threading.Event()

    def switcher():
        names = simdigits.backends()
        i = 0
        while not stop.is_set():
            simdigits.set_backend(names[i % len(names)])
            i += 1

    def worker(k):
        for _ in range(20):
            if simdigits.join(arrays[k]) != expected[k]:
                errors.append(k)

    previous = simdigits.get_backend()
    s = threading.Thread(target=switcher)
    s.start()
    workers = [threading.Thread(target=worker, args=(k,)) for k in range(len(arrays))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    s.join()
    simdigits.set_backend(previous)
    assert errors == []
