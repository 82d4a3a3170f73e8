"""`simdigits bench --writers`: the data writers against the tools they stand in for, side by side in one
run: 1,000,000 x 10 int64 values (uniform over +-10^15, in 0..9999, and columns as real tables hold
them) and 1,000,000 rows of a timestamp and a date, default threads on both sides, files written to a
fresh path each time."""

from __future__ import annotations

import gc
import json
import os
import platform
import sys
import tempfile
import time
from typing import Callable

import simdigits

# What the writers aim for (docs/benchmarks.md): the ratio to each peer.
GOALS = {"numpy.savetxt": 100, "pandas.to_csv": 50, "polars.write_csv": 3, "pyarrow.csv.write_csv": 6,
         "orjson.dumps": 5, "pyarrow.compute.cast": 5, "ndarray.astype(str)": 20}
# ... and for the temporal and categorical columns (by data set and peer).
TEMPORAL = "timestamp + date"
ZONED = "zoned timestamp + category"
DURATION = "duration"
for data in (TEMPORAL, ZONED, DURATION):
    GOALS.update({(data, "pandas.to_csv"): 100, (data, "polars.write_csv"): 10, (data, "pyarrow.csv.write_csv"): 10})


def _best(fn: Callable[[], object], runs: int, setup: Callable[[], object] = lambda: None,
          budget: float = 3.0) -> float:
    """The best of `runs` runs, or of as many as `budget` seconds allow (one at least)."""
    best, spent = float("inf"), 0.0
    for _ in range(runs):
        setup()
        gc.disable()
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        gc.enable()
        best, spent = min(best, elapsed), spent + elapsed
        if spent > budget:
            break
    return best


def datasets(rows: int) -> dict:
    """1-D columns of int64 for each data set: 10 columns of `rows` values."""
    import numpy as np

    rng = np.random.default_rng(7)
    real = {
        "year": rng.integers(1950, 2030, rows),
        "count": rng.geometric(0.3, rows),
        "code": rng.integers(0, 100, rows),
        "cents": np.exp(rng.uniform(0, np.log(10**7), rows)).astype(np.int64),
        "id": np.arange(10**9, 10**9 + rows),
        "quantity": rng.integers(1, 1000, rows),
        "zip": rng.integers(10000, 99999, rows),
        "flag": rng.integers(0, 2, rows),
        "epoch_s": rng.integers(1_600_000_000, 1_800_000_000, rows),
        "delta": rng.integers(-500, 500, rows),
    }
    return {
        "uniform +-10^15": {f"c{i}": rng.integers(-10**15, 10**15, rows) for i in range(10)},
        "0..9999": {f"c{i}": rng.integers(0, 10_000, rows) for i in range(10)},
        "real columns": real,
    }


def temporal_columns(rows: int) -> dict:
    """A timestamp and a date a row, as logs and orders hold them: instants of 2020..2025 to the
    millisecond, days of the same years, 1% nulls (NumPy: NaT)."""
    import numpy as np

    rng = np.random.default_rng(11)
    start = np.datetime64("2020-01-01T00:00:00", "ms").astype(np.int64)
    instants = (start + rng.integers(0, 6 * 365 * 86400 * 1000, rows)).view("datetime64[ms]")
    days = (np.datetime64("2020-01-01", "D").astype(np.int64) + rng.integers(0, 6 * 365, rows)).view("datetime64[D]")
    instants[rng.random(rows) < 0.01] = np.datetime64("NaT")
    days[rng.random(rows) < 0.01] = np.datetime64("NaT")
    return {"timestamp": instants, "date": days}


def zoned_columns(rows: int) -> dict:
    """An instant in a time zone and a category a row, as event logs hold them: milliseconds of
    2020..2025 in Europe/Berlin (DST changes every year), one of 60 city names (some with a comma), 1%
    nulls; and a duration: session lengths of seconds to days, to the millisecond."""
    import numpy as np

    rng = np.random.default_rng(12)
    start = np.datetime64("2020-01-01T00:00:00", "ms").astype(np.int64)
    instants = (start + rng.integers(0, 6 * 365 * 86400 * 1000, rows)).view("datetime64[ms]")
    instants[rng.random(rows) < 0.01] = np.datetime64("NaT")
    cities = [f"city {i}" if i % 7 else f"city {i}, north" for i in range(60)]
    codes = rng.integers(0, 60, rows)
    codes[rng.random(rows) < 0.01] = -1
    durations = (rng.pareto(1.2, rows) * 60_000).astype(np.int64).view("timedelta64[ms]")
    return {"instants": instants, "cities": cities, "codes": codes, "durations": durations}


def zoned_cases(rows: int, pd, pl, pa, ours_path: str, theirs_path: str) -> dict:
    """{data set: (ours, peer) pairs}: a zoned timestamp and a category on each library's own frame
    (pandas' datetime64[ms, Europe/Berlin] and Categorical, polars' Datetime and Categorical, pyarrow's
    timestamp with a zone and dictionary); a duration column of pandas' (polars writes none)."""
    c = zoned_columns(rows)
    cases: dict = {ZONED: [], DURATION: []}
    if pd is not None:
        df = pd.DataFrame({"when": pd.Series(c["instants"]).dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin"),
                           "city": pd.Categorical.from_codes(c["codes"], c["cities"])})
        cases[ZONED].append(("to_csv(pandas frame, path)", lambda: simdigits.to_csv(df, ours_path),
                             "pandas.to_csv", lambda: df.to_csv(theirs_path, index=False)))
        lengths = pd.DataFrame({"duration": c["durations"]})
        cases[DURATION].append(("to_csv(pandas frame, path)", lambda: simdigits.to_csv(lengths, ours_path),
                                "pandas.to_csv", lambda: lengths.to_csv(theirs_path, index=False)))
    if pl is not None and pd is not None:
        pf = pl.from_pandas(df)
        cases[ZONED].append(("to_csv(polars frame, path)", lambda: simdigits.to_csv(pf, ours_path),
                             "polars.write_csv", lambda: pf.write_csv(theirs_path)))
    if pa is not None and pd is not None:
        import pyarrow.csv as pacsv

        table = pa.Table.from_pandas(df, preserve_index=False)
        cases[ZONED].append(("to_csv(pyarrow table, path)", lambda: simdigits.to_csv(table, ours_path),
                             "pyarrow.csv.write_csv", lambda: pacsv.write_csv(table, theirs_path)))
    return cases


def temporal_cases(rows: int, pd, pl, pa, ours_path: str, theirs_path: str) -> list:
    """(ours, peer) pairs for a timestamp and a date column on each library's own frame: pandas'
    datetime64[ns] (its dates are midnights), polars' Datetime(us) and Date, pyarrow's timestamp[us] and
    date32."""
    columns = temporal_columns(rows)
    cases = []
    if pd is not None:
        df = pd.DataFrame({k: v.astype("datetime64[ns]") for k, v in columns.items()})
        cases.append(("to_csv(pandas frame, path)", lambda: simdigits.to_csv(df, ours_path),
                      "pandas.to_csv", lambda: df.to_csv(theirs_path, index=False)))
    if pl is not None:
        pf = pl.DataFrame({"timestamp": columns["timestamp"].astype("datetime64[us]"), "date": columns["date"]})
        cases.append(("to_csv(polars frame, path)", lambda: simdigits.to_csv(pf, ours_path),
                      "polars.write_csv", lambda: pf.write_csv(theirs_path)))
    if pa is not None:
        import pyarrow.csv as pacsv

        table = pa.table({"timestamp": pa.array(columns["timestamp"].astype("datetime64[us]")),
                          "date": pa.array(columns["date"])})
        cases.append(("to_csv(pyarrow table, path)", lambda: simdigits.to_csv(table, ours_path),
                      "pyarrow.csv.write_csv", lambda: pacsv.write_csv(table, theirs_path)))
    return cases


def run(rows: int = 1_000_000, runs: int = 7, peer_runs: int = 5, out=sys.stdout) -> list[dict]:
    import numpy as np

    optional = {}
    for name in ("pandas", "polars", "pyarrow", "orjson"):
        try:
            optional[name] = __import__(name)
        except ImportError:
            optional[name] = None
    pd, pl, pa, orjson = optional["pandas"], optional["polars"], optional["pyarrow"], optional["orjson"]
    folder = tempfile.mkdtemp(prefix="simdigits-bench-")
    ours_path, theirs_path = os.path.join(folder, "ours.csv"), os.path.join(folder, "theirs.csv")

    def fresh():
        for p in (ours_path, theirs_path):
            if os.path.exists(p):
                os.unlink(p)

    results = []
    print(f"\nData writers: {rows:,} x 10 int64 (and {rows:,} x a timestamp and a date; a zoned timestamp and a "
          f"category; a duration), default threads on both sides, "
          f"ns a value, best of up to {runs} runs "
          f"(peers {peer_runs}) within a few seconds; files: a fresh path each run\n", file=out)
    print("| data | simdigits | peer | simdigits ns | peer ns | ratio | goal |", file=out)
    print("|---|---|---|---:|---:|---:|---:|", file=out)
    data_sets = list(datasets(rows).items()) + [(TEMPORAL, None), (ZONED, None), (DURATION, None)]
    zoned = None
    for data_name, columns in data_sets:
        if columns is None:  # the timestamp and date columns; the zoned ones; the durations
            if data_name == TEMPORAL:
                cases, n = temporal_cases(rows, pd, pl, pa, ours_path, theirs_path), 2 * rows
            else:
                zoned = zoned or zoned_cases(rows, pd, pl, pa, ours_path, theirs_path)
                cases, n = zoned[data_name], (2 if data_name == ZONED else 1) * rows
            for ours_name, ours, peer_name, peer in cases:
                results.append(_compare(data_name, ours_name, ours, peer_name, peer, n, runs, peer_runs, fresh, out))
            continue
        X = np.column_stack(list(columns.values()))
        n = X.size
        cases = [("savetxt(path, X)", lambda: simdigits.savetxt(ours_path, X),
                  "numpy.savetxt", lambda: np.savetxt(theirs_path, X, fmt="%d"))]
        if pd is not None:
            df = pd.DataFrame(columns)
            cases.append(("to_csv(pandas frame, path)", lambda: simdigits.to_csv(df, ours_path),
                          "pandas.to_csv", lambda: df.to_csv(theirs_path, index=False)))
        if pl is not None:
            pf = pl.DataFrame(columns)
            cases.append(("to_csv(polars frame, path)", lambda: simdigits.to_csv(pf, ours_path),
                          "polars.write_csv", lambda: pf.write_csv(theirs_path)))
        if pa is not None:
            import pyarrow.compute as pc
            import pyarrow.csv as pacsv

            table = pa.table(columns)
            cases.append(("to_csv(pyarrow table, path)", lambda: simdigits.to_csv(table, ours_path),
                          "pyarrow.csv.write_csv", lambda: pacsv.write_csv(table, theirs_path)))
            flat = pa.array(X.reshape(-1))
            cases.append(("to_arrow(array)", lambda: simdigits.to_arrow(flat),
                          "pyarrow.compute.cast", lambda: pc.cast(flat, pa.string())))
        if orjson is not None:
            cases.append(("dumps_json(X)", lambda: simdigits.dumps_json(X),
                          "orjson.dumps", lambda: orjson.dumps(X, option=orjson.OPT_SERIALIZE_NUMPY)))
        flat_np = X.reshape(-1)
        cases.append(("to_numpy_strings(array)", lambda: simdigits.to_numpy_strings(flat_np),
                      "ndarray.astype(str)", lambda: flat_np.astype(str)))
        for ours_name, ours, peer_name, peer in cases:
            results.append(_compare(data_name, ours_name, ours, peer_name, peer, n, runs, peer_runs, fresh, out))
    fresh()
    os.rmdir(folder)
    print(" " * 70, end="\r", file=sys.stderr)
    return results


def _compare(data_name: str, ours_name: str, ours: Callable, peer_name: str, peer: Callable, n: int, runs: int,
             peer_runs: int, fresh: Callable, out) -> dict:
    """One row of the table: ours and the peer's best times, side by side."""
    print(f"  {data_name}: {ours_name} ...", end="\r", file=sys.stderr, flush=True)
    ours_s = _best(ours, runs, fresh)
    peer_s = _best(peer, peer_runs, fresh)
    row = {"data": data_name, "simdigits": ours_name, "peer": peer_name, "values": n,
           "ns_simdigits": ours_s / n * 1e9, "ns_peer": peer_s / n * 1e9, "ratio": peer_s / ours_s,
           "goal": GOALS.get((data_name, peer_name), GOALS.get(peer_name))}
    print(f"| {data_name} | {ours_name} | {peer_name} | {row['ns_simdigits']:.2f} | {row['ns_peer']:.1f} | "
          f"{row['ratio']:.1f}x | {row['goal']}x |", file=out)
    return row


def run_dask(rows: int = 1_000_000, partitions: int = 8, out=sys.stdout) -> dict | None:
    """simdigits.dask.to_csv against dask's own single-file to_csv, on a 2-worker LocalCluster."""
    try:
        import dask.dataframe as dd
        import distributed
        import pandas as pd
    except ImportError:
        print("\n(dask or distributed not installed: the Dask comparison is skipped)", file=out)
        return None
    import simdigits.dask

    frame = pd.DataFrame(datasets(rows)["real columns"])
    ddf = dd.from_pandas(frame, npartitions=partitions)
    folder = tempfile.mkdtemp(prefix="simdigits-bench-")
    ours, theirs = os.path.join(folder, "ours.csv"), os.path.join(folder, "theirs.csv")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = ddf.persist()
        ours_s = _best(lambda: simdigits.dask.to_csv(ddf, ours), 2)
        theirs_s = _best(lambda: ddf.to_csv(theirs, single_file=True, index=False), 1)
    same = open(ours, "rb").read() == open(theirs, "rb").read()
    for p in (ours, theirs):
        os.unlink(p)
    os.rmdir(folder)
    print(f"\nDask, {rows:,} x 10 real columns in {partitions} partitions on a 2-worker LocalCluster (processes):\n",
          file=out)
    print("| simdigits.dask.to_csv | dask to_csv(single_file=True) | ratio | same bytes |", file=out)
    print("|---:|---:|---:|---|", file=out)
    print(f"| {ours_s:.2f} s | {theirs_s:.2f} s | {theirs_s / ours_s:.1f}x | {same} |", file=out)
    return {"rows": rows, "partitions": partitions, "s_simdigits": ours_s, "s_dask": theirs_s, "same": same}


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, backend {simdigits.get_backend()}"


def plot(results: list[dict], path: str) -> None:
    """Each writer's speed-up over its peer, by data set, as horizontal bars (matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SystemExit("--plot needs matplotlib: pip install 'simdigits[bench]'") from None
    pairs = list(dict.fromkeys((r["simdigits"], r["peer"]) for r in results))
    data_sets = list(dict.fromkeys(r["data"] for r in results))
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(pairs) * len(data_sets) / 2 + 1.5))
    height = 0.8 / len(data_sets)
    for k, data in enumerate(data_sets):
        ratios = [next((r["ratio"] for r in results if (r["simdigits"], r["peer"]) == p and r["data"] == data), 0)
                  for p in pairs]
        ax.barh([i + k * height for i in range(len(pairs))], ratios, height, label=data)
    ax.set_yticks([i + height * (len(data_sets) - 1) / 2 for i in range(len(pairs))])
    ax.set_yticklabels([f"{ours} vs {peer}" for ours, peer in pairs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("speed-up over the peer, same run (log scale)")
    ax.set_title(f"simdigits {simdigits.__version__} writers: {machine()}", fontsize=9)
    ax.grid(True, axis="x", which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"\nplot written to {path}")


def main(rows: int, quick: bool, dask: bool, json_path: str | None, plot_path: str | None = None,
         out=sys.stdout) -> None:
    print(f"Machine: {machine()}", file=out)
    results = run(rows, runs=2 if quick else 7, peer_runs=1 if quick else 5, out=out)
    dask_result = run_dask(rows // 4 if quick else rows, out=out) if dask else None
    if plot_path:
        plot(results, plot_path)
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"machine": machine(), "rows": rows, "writers": results, "dask": dask_result}, f, indent=1)
