"""Turns a Google Benchmark JSON run of simdigits_bench (or simdigits_bench_table, with --table) into a
Markdown table of ratios, each against the baseline measured in the same run (std::to_chars on the same
data; memset and stream_fill, plain and non-temporal stores of the same bytes; for tables, write() of
the ready bytes to a file).

    python bench/report.py build/bench/bench/simdigits_bench  [--out bench/results] [-- extra args]
    python bench/report.py --table build/bench/bench/simdigits_bench_table  [-- extra args]
    python bench/report.py --floats build/bench/bench/simdigits_bench_floats  [-- extra args]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import platform
import subprocess
import sys


def cpu_name() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _groups(results: dict) -> dict[str, dict[str, dict]]:
    """{data set: {contender: benchmark}} from benchmark names like join/avx2/u32/uniform."""
    rows = {b["name"].removesuffix("/real_time"): b for b in results["benchmarks"] if "error_occurred" not in b}
    sets: dict[str, dict[str, dict]] = {}
    for name, b in rows.items():
        parts = name.split("/")
        # ".../threads:T/...": the same work on T threads, a row of its own
        threads = next((p.removeprefix("threads:") for p in parts if p.startswith("threads:")), None)
        on_threads = f", {threads} threads" if threads else ""
        parts = [p for p in parts if not p.startswith("threads:")]
        if parts[0].startswith("range"):            # range_to_chars/N, range_memset[/threads:T]/N, ...
            key, who = f"range 0..{parts[-1]}{on_threads}", parts[0].removeprefix("range_")
        elif parts[0] == "concat_range":            # concat_range/<backend>[/threads:T]/N
            key, who = f"range 0..{parts[-1]}{on_threads}", f"simdigits/{parts[1]}"
        elif parts[0] == "join":                    # join/<backend>[/threads:T]/<type>/<set>
            key, who = "/".join(parts[2:]) + on_threads, f"simdigits/{parts[1]}"
        elif parts[0].startswith("write_table"):    # write_table[_file]/<backend>[/threads:T]/<shape>/<set>
            key, who = "/".join(parts[2:]) + on_threads, f"{parts[0]}/{parts[1]}"
        else:                                       # <contender>[/threads:T]/<type>/<set>
            key, who = "/".join(parts[1:]) + on_threads, parts[0]
        sets.setdefault(key, {})[who] = b
    # Threaded rows are measured against the one-thread std::to_chars loop of their data.
    for key, who in sets.items():
        if ", " in key and "to_chars" not in who:
            base = sets.get(key.split(", ")[0], {}).get("to_chars")
            if base:
                who["to_chars"] = base
    return sets


def _order(name: str) -> tuple:
    fixed = ["snprintf", "fmt_format_int", "fmt", "write_loop", "simdigits/scalar", "write_table/scalar"]
    rank = 5 if name.startswith(("simdigits/", "write_table/")) else 6 if name.startswith("write_table_file/") else 7
    return (fixed.index(name) if name in fixed else rank, name)


def table(results: dict, sweep: bool = False, baseline: str = "to_chars") -> str:
    """One row per data set: the baseline (std::to_chars) in ns/number, then every other contender as its
    speed-up over it in the same run (memset, stream_fill: how much faster merely filling the same bytes
    is). With sweep=True, only the digit-count sweep ("digits-d" sets); otherwise everything else."""
    sets = {k: v for k, v in _groups(results).items() if ("/digits-" in k) == sweep and baseline in v}
    columns = sorted({w for s in sets.values() for w in s if w != baseline}, key=_order)
    label = "std::to_chars" if baseline == "to_chars" else baseline
    header = f"| data set | {label} ns/number | " + " | ".join(f"{c} ×" for c in columns) + " |"
    lines = [header, "|---|---:|" + "---:|" * len(columns)]
    for key, who in sets.items():
        base = who[baseline]
        ns = base["ns/number"] * 1e9 if base["ns/number"] < 1e-3 else base["ns/number"]
        cells = [f"{base['real_time'] / who[c]['real_time']:.2f}" if c in who else "" for c in columns]
        lines.append(f"| {key} | {ns:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("--table", action="store_true", help="the table benchmark: table.json and table.md")
    parser.add_argument("--floats", action="store_true", help="the float benchmark: floats.json and floats.md")
    parser.add_argument("extra", nargs="*", help="arguments for the benchmark binary")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "table" if args.table else "floats" if args.floats else "cpp"
    json_path = out / f"{stem}.json"
    subprocess.run([args.binary, f"--benchmark_out={json_path}", "--benchmark_out_format=json", *args.extra],
                   check=True, stdout=sys.stderr)
    results = json.loads(json_path.read_text())
    if args.table:
        md = (f"Machine: {cpu_name()}, {results['context'].get('num_cpus')} CPUs. 1,000,000 rows x 10 int64 "
              f"columns (one C-order matrix) as CSV, ',' and '\\n', into a warm preallocated buffer; "
              f"write_table includes its length pass. Every × is the speed-up over a std::to_chars loop "
              f"writing the same CSV in the same run; memset fills the same bytes; write_ready writes the "
              f"ready text to a file in /dev/shm with write(), write_table_file the table into such a "
              f"file with pwrite.\n\n" + table(results) + "\n")
    elif args.floats:
        md = (f"Machine: {cpu_name()}, {results['context'].get('num_cpus')} CPUs. 5 M floats joined with ',' "
              f"into a warm preallocated buffer, one thread; simdigits/<style> is join() in that float_style, "
              f"its length pass included; formatted_length is that pass alone. Every × is the speed-up over a "
              f"std::to_chars loop on the same data in the same run (fmt: a {{fmt}} format_to loop).\n\n"
              + table(results) + "\n\nFixed precision: join_plan under a printf spec (its length pass "
              f"included), as the speed-up over a snprintf loop of the same conversion (glibc's) writing the "
              f"same text in the same run.\n\n" + table(results, baseline="snprintf") + "\n")
    else:
        md = (f"Machine: {cpu_name()}, {results['context'].get('num_cpus')} CPUs. Values joined with ',' into a "
              f"warm preallocated buffer (10 M values; 'in-cache': their first 100 k); every × is the speed-up "
              f"over std::to_chars on the same data in the same run; memset and stream_fill fill the same bytes "
              f"with plain and with non-temporal stores.\n\n" + table(results) + "\n\n"
              "Sweep by digit count (100 k values of exactly d digits each, in cache):\n\n"
              + table(results, sweep=True) + "\n")
    (out / f"{stem}.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
