"""`python -m simdigits bench`: the classic problem, concatenating the integers 0..n-1, timed with the
pure-Python ways and with simdigits on every backend, side by side in one run."""

from __future__ import annotations

import argparse
import gc
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
    parser.add_argument("--sizes", type=lambda s: [int(float(x)) for x in s.split(",")],
                        help="comma-separated n values, e.g. 1e3,1e5")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10**3, 10**5] if args.quick else [10**3, 10**5, 10**6, 10**7])
    budget = 0.5 if args.quick else 3.0
    print(f"simdigits {simdigits.__version__}; backends on this CPU: {', '.join(simdigits.backends())}")
    print("Concatenating the integers 0..n-1 (the classic problem); best of several runs each.\n")
    run_classic(sizes, budget)
    if args.seq:
        run_seq()
    return 0
