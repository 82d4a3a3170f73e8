"""Turns a Google Benchmark JSON run of simdigits_bench into a Markdown table of ratios, each against
the baseline measured in the same run (std::to_chars on the same data; memset of the same bytes).

    python bench/report.py build/bench/bench/simdigits_bench  [--out bench/results] [-- extra args]
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


def table(results: dict) -> str:
    """One row per data set: std::to_chars in ns/number, then every other contender as its speed-up over
    std::to_chars in the same run (memset: how much faster merely filling the same bytes is)."""
    rows = {b["name"].removesuffix("/real_time"): b for b in results["benchmarks"] if "error_occurred" not in b}
    sets: dict[str, dict[str, dict]] = {}
    for name, b in rows.items():
        parts = name.split("/")
        if parts[0].startswith("range"):            # range_to_chars/N, range_memset/N
            key, who = f"range 0..{parts[-1]}", parts[0].removeprefix("range_")
        elif parts[0] == "concat_range":            # concat_range/<backend>/N
            key, who = f"range 0..{parts[-1]}", f"simdigits/{parts[1]}"
        elif parts[0] == "join":                    # join/<backend>/<type>/<set>
            key, who = "/".join(parts[2:]), f"simdigits/{parts[1]}"
        else:                                       # to_chars|write_loop|memset/<type>/<set>
            key, who = "/".join(parts[1:]), parts[0]
        sets.setdefault(key, {})[who] = b
    columns = ["write_loop"] + sorted({w for s in sets.values() for w in s if w.startswith("simdigits/")},
                                      key=lambda w: (w != "simdigits/scalar", w)) + ["memset"]
    header = "| data set | std::to_chars ns/number | " + " | ".join(f"{c} ×" for c in columns) + " |"
    lines = [header, "|---|---:|" + "---:|" * len(columns)]
    for key, who in sets.items():
        base = who.get("to_chars")
        if not base:
            continue
        ns = base["ns/number"] * 1e9 if base["ns/number"] < 1e-3 else base["ns/number"]
        cells = [f"{base['real_time'] / who[c]['real_time']:.2f}" if c in who else "" for c in columns]
        lines.append(f"| {key} | {ns:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("extra", nargs="*", help="arguments for the benchmark binary")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "cpp.json"
    subprocess.run([args.binary, f"--benchmark_out={json_path}", "--benchmark_out_format=json", *args.extra],
                   check=True, stdout=sys.stderr)
    results = json.loads(json_path.read_text())
    md = (f"Machine: {cpu_name()}, {results['context'].get('num_cpus')} CPUs. Values joined with ',' into a "
          f"warm preallocated buffer (10 M values; 'in-cache': their first 100 k); every × is the speed-up over "
          f"std::to_chars on the same data in the same run.\n\n" + table(results) + "\n")
    (out / "cpp.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
