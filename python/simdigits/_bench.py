"""`python -m simdigits bench`: the classic problem, concatenating the integers 0..n-1, timed with the
pure-Python ways and with simdigits on every backend, side by side in one run."""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
from typing import Callable

import simdigits


def _plus_equals(n: int) -> str:
    s = ""
    for i in range(n):
        s += str(i)
    return s


def _list_append_join(n: int) -> str:
    parts = []
    for i in range(n):
        parts.append(str(i))
    return "".join(parts)


def _comprehension_join(n: int) -> str:
    return "".join([str(i) for i in range(n)])


def _map_join(n: int) -> str:
    return "".join(map(str, range(n)))


PURE_PYTHON: dict[str, Callable[[int], str]] = {
    "s += str(i) loop": _plus_equals,
    "list.append + join": _list_append_join,
    "[str(i) for i] + join": _comprehension_join,
    "''.join(map(str, range))": _map_join,
}


def _best_time(fn: Callable[[], object], budget: float) -> float:
    """Best of several runs, as many as fit in `budget` seconds (at least one, at most 7)."""
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < 7 and (runs == 0 or spent + best < budget):
        gc.disable()
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        gc.enable()
        best = min(best, elapsed)
        spent += elapsed
        runs += 1
    return best


def _methods(n: int) -> list[tuple[str, Callable[[], object]]]:
    methods: list[tuple[str, Callable[[], object]]] = [
        (name, (lambda f=f: f(n))) for name, f in PURE_PYTHON.items()
    ]
    length = simdigits.range_length(n)
    # Not a way to solve the problem: the cost of merely allocating and touching that much fresh memory,
    # the floor under any function that returns a new str of this size.
    methods.append(("b'7' * length (fresh-memory floor)", lambda: b"7" * length))
    for backend in simdigits.backends():
        def run(backend: str = backend) -> object:
            with simdigits.use_backend(backend):
                return simdigits.concat_range(n)
        methods.append((f"simdigits.concat_range [{backend}]", run))
    return methods


def run_classic(sizes: list[int], budget: float, out=sys.stdout) -> list[dict]:
    rows: list[dict] = []
    for n in sizes:
        expected = _map_join(n)
        results = []
        for name, fn in _methods(n):
            if not name.startswith("b'7'") and fn() != expected:  # correctness before timing
                raise SystemExit(f"{name} gave a wrong result for n={n}")
            print(f"  n={n:>10,}  {name} ...", end="\r", file=sys.stderr, flush=True)
            results.append((name, _best_time(fn, budget)))
        best_python = min(t for name, t in results if name in PURE_PYTHON)
        for name, t in results:
            rows.append({"n": n, "method": name, "seconds": t, "ns_per_number": t / n * 1e9,
                         "speedup": best_python / t})
    print(" " * 70, end="\r", file=sys.stderr)
    _print_table(rows, out)
    return rows


def _print_table(rows: list[dict], out) -> None:
    header = f"| {'n':>10} | {'method':<34} | {'time':>10} | {'ns/number':>9} | {'vs best pure Python':>19} |"
    print(header, file=out)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|", file=out)
    for r in rows:
        t = r["seconds"]
        shown = f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.3f} s"
        print(f"| {r['n']:>10,} | {r['method']:<34} | {shown:>10} | {r['ns_per_number']:>9.1f} | "
              f"{r['speedup']:>18.2f}x |", file=out)


def _array_methods(a, backends_too: bool = True):
    """Ways to turn an integer array into text: Python's own, NumPy's, peers when installed, simdigits."""
    import io

    import numpy as np

    methods = [("','.join(map(str, a.tolist()))", lambda: ",".join(map(str, a.tolist()))),
               ("numpy.savetxt(fmt='%d')", lambda: np.savetxt(io.BytesIO(), a, fmt="%d"))]
    try:
        import orjson
        methods.append(("orjson.dumps (OPT_SERIALIZE_NUMPY)", lambda: orjson.dumps(a, option=orjson.OPT_SERIALIZE_NUMPY)))
    except ImportError:
        methods.append(("orjson.dumps (OPT_SERIALIZE_NUMPY)", None))
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        table = pa.table({"v": a})
        methods.append(("pyarrow.csv.write_csv", lambda: pa_csv.write_csv(table, io.BytesIO())))
    except ImportError:
        methods.append(("pyarrow.csv.write_csv", None))
    for backend in simdigits.backends():
        def run(backend: str = backend) -> object:
            with simdigits.use_backend(backend):
                return simdigits.join(a, ",")
        methods.append((f"simdigits.join [{backend}]", run))
    return methods


def run_arrays(sizes: list[int], budget: float, out=sys.stdout) -> list[dict]:
    """NumPy int64 arrays (uniform over int64) to comma-separated text; peers not installed are listed
    as skipped. Speed-ups are against ','.join(map(str, a.tolist()))."""
    try:
        import numpy as np
    except ImportError:
        print("\n(NumPy not installed: array benchmarks skipped)", file=out)
        return []
    print("\nNumPy int64 arrays to text (uniform over int64):\n", file=out)
    rows = []
    for n in sizes:
        a = np.random.default_rng(7).integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, size=n, dtype=np.int64)
        expected = ",".join(map(str, a.tolist()))
        base = None
        for name, fn in _array_methods(a):
            if fn is None:
                rows.append({"n": n, "method": name, "seconds": None})
                continue
            if name.startswith("simdigits") and fn() != expected:
                raise SystemExit(f"{name} gave a wrong result for n={n}")
            print(f"  n={n:>10,}  {name} ...", end="\r", file=sys.stderr, flush=True)
            t = _best_time(fn, budget)
            base = base or t
            rows.append({"n": n, "method": name, "seconds": t, "ns_per_number": t / n * 1e9, "speedup": base / t})
    print(" " * 70, end="\r", file=sys.stderr)
    header = f"| {'n':>10} | {'method':<46} | {'time':>10} | {'ns/number':>9} | {'vs tolist join':>14} |"
    print(header, file=out)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|", file=out)
    for r in rows:
        if r["seconds"] is None:
            print(f"| {r['n']:>10,} | {r['method']:<46} | {'skipped':>10} | {'':>9} | {'not installed':>14} |", file=out)
            continue
        t = r["seconds"]
        shown = f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.3f} s"
        print(f"| {r['n']:>10,} | {r['method']:<46} | {shown:>10} | {r['ns_per_number']:>9.1f} | "
              f"{r['speedup']:>13.2f}x |", file=out)
    return rows


def _columns(n: int) -> dict:
    """Integer columns as users have them: counts and codes, years, ids, prices in cents, and uniform."""
    import numpy as np

    rng = np.random.default_rng(11)
    return {
        "int64 in 0..9": rng.integers(0, 10, n),
        "int64 in 0..99": rng.integers(0, 100, n),
        "int64 in 0..9999": rng.integers(0, 10_000, n),
        "int32 in 0..9999": rng.integers(0, 10_000, n).astype(np.int32),
        "int64 in 0..10^6": rng.integers(0, 10**6, n),
        "int64 in 0..10^9": rng.integers(0, 10**9, n),
        "int64 sequential ids from 10^9": np.arange(10**9, 10**9 + n),
        "int64 prices in cents, log-uniform to 10^7": np.exp(rng.uniform(0, np.log(10**7), n)).astype(np.int64),
        "int64 uniform": rng.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, n, dtype=np.int64),
    }


def run_columns(n: int, budget: float, out=sys.stdout) -> list[dict]:
    """Each column joined with ',' on one thread: simdigits' default backend (and avx2 where it is not
    the default) against the tolist join and orjson, in ns a value."""
    if importlib.util.find_spec("numpy") is None:
        return []
    try:
        import orjson
    except ImportError:
        orjson = None
    backends = [simdigits.backends()[-1]] + [b for b in ("avx2",) if b in simdigits.backends()[:-1]]
    print(f"\nNumPy integer columns of {n:,} values joined with ',', one thread, ns a value:\n", file=out)
    header = ["column", "tolist join", "orjson.dumps"] + [f"simdigits [{b}]" for b in backends] + \
             ["vs tolist join", "vs orjson"]
    print("| " + " | ".join(header) + " |", file=out)
    print("|---|" + "---:|" * (len(header) - 1), file=out)
    rows = []
    for name, a in _columns(n).items():
        print(f"  {name} ...", end="\r", file=sys.stderr, flush=True)
        expected = ",".join(map(str, a.tolist()))
        times = {"tolist": _best_time(lambda: ",".join(map(str, a.tolist())), budget)}
        if orjson is not None:
            times["orjson"] = _best_time(lambda: orjson.dumps(a, option=orjson.OPT_SERIALIZE_NUMPY), budget)
        for b in backends:
            with simdigits.use_backend(b):
                if simdigits.join(a, ",", threads=1) != expected:
                    raise SystemExit(f"simdigits.join [{b}] gave a wrong result for {name}")
                times[b] = _best_time(lambda: simdigits.join(a, ",", threads=1), budget)
        ns = {k: t / n * 1e9 for k, t in times.items()}
        best = ns[backends[0]]
        cells = [f"{ns['tolist']:.1f}", f"{ns['orjson']:.2f}" if "orjson" in ns else "not installed"]
        cells += [f"{ns[b]:.2f}" for b in backends]
        cells += [f"{ns['tolist'] / best:.0f}x", f"{ns['orjson'] / best:.1f}x" if "orjson" in ns else ""]
        print(f"| {name} | " + " | ".join(cells) + " |", file=out)
        rows.append({"column": name, **ns})
    print(" " * 70, end="\r", file=sys.stderr)
    return rows


def plot(rows: list[dict], path: str) -> None:
    """Log-log time vs n per method of the classic problem (matplotlib: pip install 'simdigits[bench]')."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SystemExit("--plot needs matplotlib: pip install 'simdigits[bench]'") from None
    fig, ax = plt.subplots(figsize=(8, 5))
    for method in dict.fromkeys(r["method"] for r in rows):
        points = [(r["n"], r["seconds"]) for r in rows if r["method"] == method]
        ax.loglog(*zip(*points), marker="o", label=method)
    ax.set_xlabel("n (integers 0..n-1 concatenated)")
    ax.set_ylabel("seconds (best of several runs)")
    ax.set_title(f"The classic problem: simdigits {simdigits.__version__} vs pure Python")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"\nplot written to {path}")


SEQ_CASES = [["1", "100000000"], ["-s", "", "0", "10000000"]]


def run_seq(out=sys.stdout) -> None:
    """`simdigits seq` against GNU seq, whole commands with output to /dev/null, best of 3 each."""
    import shutil
    import subprocess

    gnu = shutil.which("seq")
    print("\n`simdigits seq` vs GNU seq (whole command, stdout to /dev/null, best of 3):\n", file=out)
    print("| arguments | GNU seq | simdigits seq | speed-up |", file=out)
    print("|---|---:|---:|---:|", file=out)
    for args in SEQ_CASES:
        shown = " ".join(a if a else "''" for a in args)
        def command_time(cmd, argv0=None):
            def run():
                subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, executable=argv0)
            return _best_time(run, 3.0)
        ours = command_time([sys.executable, "-m", "simdigits", "seq", *args])
        if gnu is None:
            print(f"| {shown} | skipped (not installed) | {ours:.3f} s | |", file=out)
            continue
        theirs = command_time(["seq", *args], gnu)
        print(f"| {shown} | {theirs:.3f} s | {ours:.3f} s | {theirs / ours:.1f}x |", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="simdigits bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (a few seconds)")
    parser.add_argument("--seq", action="store_true", help="also time `simdigits seq` against GNU seq")
    parser.add_argument("--no-arrays", action="store_true", help="skip the NumPy array benchmarks")
    parser.add_argument("--writers", action="store_true",
                        help="only the data writers (savetxt, to_csv, dumps_json, to_arrow, ...) against their peers")
    parser.add_argument("--dask", action="store_true", help="with --writers: also simdigits.dask.to_csv on a LocalCluster")
    parser.add_argument("--rows", type=lambda s: int(float(s)), default=10**6, help="with --writers: rows of 10 columns")
    parser.add_argument("--json", metavar="FILE.json", help="with --writers: the figures as JSON too")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="draw time vs n of the classic problem (with --writers: the speed-ups) (matplotlib)")
    parser.add_argument("--sizes", type=lambda s: [int(float(x)) for x in s.split(",")],
                        help="comma-separated n values, e.g. 1e3,1e5")
    args = parser.parse_args(argv)
    if args.writers:
        from . import _bench_writers

        print(f"simdigits {simdigits.__version__}; backends on this CPU: {', '.join(simdigits.backends())}")
        _bench_writers.main(args.rows // 10 if args.quick else args.rows, args.quick, args.dask, args.json, args.plot)
        return 0
    sizes = args.sizes or ([10**3, 10**5] if args.quick else [10**3, 10**5, 10**6, 10**7])
    budget = 0.5 if args.quick else 3.0
    print(f"simdigits {simdigits.__version__}; backends on this CPU: {', '.join(simdigits.backends())}")
    print("Concatenating the integers 0..n-1 (the classic problem); best of several runs each.\n")
    rows = run_classic(sizes, budget)
    if not args.no_arrays:
        run_arrays([10**5] if args.quick else [10**5, 10**6], budget)
        run_columns(10**5 if args.quick else 10**6, budget / 3)
    if args.seq:
        run_seq()
    if args.plot:
        plot(rows, args.plot)
    return 0
