"""Python float benchmarks: simdigits against the peers on the same arrays, side by side in one run, as
a Markdown table (best of a few runs each; default threads on every side).

    .venv/bin/python bench/floats.py [--values N] [--out bench/results/floats-python.md]

Needs the test extra's peers (numpy, pandas, polars, pyarrow, orjson).
"""

from __future__ import annotations

import argparse
import io
import pathlib
import time

import numpy as np
import orjson
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

import simdigits

from report import cpu_name  # bench/report.py, beside this file


def data_sets(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    bits = rng.integers(0, 2**64, n, dtype=np.uint64).view(np.float64)
    return {
        "random bits": np.where(np.isfinite(bits), bits, 0.5),
        "uniform [0, 1)": rng.random(n),
        "prices (2 decimals)": rng.integers(0, 10**7, n) / 100,
        "integral": rng.integers(0, 10**6, n).astype(np.float64),
        "prices, 10% NaN": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 10**7, n) / 100),
    }


def best(f, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    n = args.values
    rows = ["| data set | task | baseline | baseline ns/value | simdigits ns/value | speed-up |", "|---|---|---|---:|---:|---:|"]

    def row(name: str, task: str, baseline: str, theirs: float, ours: float, count: int) -> None:
        rows.append(f"| {name} | {task} | {baseline} | {theirs / count * 1e9:.1f} | {ours / count * 1e9:.1f} | "
                    f"{theirs / ours:.1f}× |")

    option = orjson.OPT_SERIALIZE_NUMPY
    sets = data_sets(n)
    for name, a in sets.items():
        values = a.tolist()
        ours = best(lambda: simdigits.join(a), 5)
        row(name, "`join(a)`", "`\",\".join(map(repr, a.tolist()))`", best(lambda: ",".join(map(repr, values)), 1), ours, n)
        row(name, "`join(a)`", "`orjson.dumps(a)`", best(lambda: orjson.dumps(a, option=option), 5), ours, n)
        row(name, "`dumps_json(a)`", "`orjson.dumps(a)`", best(lambda: orjson.dumps(a, option=option), 5),
            best(lambda: simdigits.dumps_json(a), 5), n)
        row(name, "`to_arrow(a)`", "`pyarrow.compute.cast(a, pa.string())`",
            best(lambda: pc.cast(pa.array(a), pa.string()), 5), best(lambda: simdigits.to_arrow(a), 5), n)
        row(name, "`join(a, fmt=\".2f\")`", "`\",\".join(format(v, \".2f\") for v in a.tolist())`",
            best(lambda: ",".join([format(v, ".2f") for v in values]), 1), best(lambda: simdigits.join(a, fmt=".2f"), 3), n)
        matrix = a[: n // 5 * 5].reshape(-1, 5)
        row(name, "`savetxt(f, X)` (`%.18e`)", "`numpy.savetxt(f, X)`",
            best(lambda: np.savetxt(io.StringIO(), matrix), 1), best(lambda: simdigits.savetxt(io.StringIO(), matrix), 3),
            matrix.size)
    rows_of_frame = max(n // 5, 1)
    frame = pd.DataFrame({f"c{i}": list(sets.values())[i % len(sets)][:rows_of_frame] for i in range(10)})
    polars_frame = pl.from_pandas(frame)
    cells = rows_of_frame * 10
    row("all five, 10 columns", "`to_csv(df)`", "`df.to_csv(index=False)` (pandas)",
        best(lambda: frame.to_csv(index=False), 1), best(lambda: simdigits.to_csv(frame), 3), cells)
    row("all five, 10 columns", "`to_csv(pf)`", "`pf.write_csv()` (polars)",
        best(lambda: polars_frame.write_csv(), 3), best(lambda: simdigits.to_csv(polars_frame), 3), cells)
    row("all five, 10 columns", "`to_csv(df, float_format=\"%.2f\")`", "the same in pandas",
        best(lambda: frame.to_csv(index=False, float_format="%.2f"), 1),
        best(lambda: simdigits.to_csv(frame, float_format="%.2f"), 3), cells)
    text = (f"Machine: {cpu_name()}. {n:,} float64 values a data set ({rows_of_frame:,} rows x 10 columns for "
            f"to_csv), into memory; best of several runs each, side by side in one run.\n\n" + "\n".join(rows) + "\n")
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
