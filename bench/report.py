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
    rows = {b["name"].removesuffix("/real_time"): b for b in results["benchmarks"] if "error_occurred" not in b}
    lines = ["| benchmark | ns/number | vs std::to_chars | vs memset (same bytes) |", "|---|---:|---:|---:|"]
    for name, b in rows.items():
        ns = b["ns/number"] * 1e9 if b["ns/number"] < 1e-3 else b["ns/number"]
        parts = name.split("/")
        if parts[0] in ("to_chars", "write_loop", "join", "memset"):
            suffix = "/".join(parts[-2:])  # type/dataset
            base = rows.get(f"to_chars/{suffix}")
            fill = rows.get(f"memset/{suffix}")
        else:  # ranges
            base = rows.get(f"range_to_chars/{parts[-1]}")
            fill = rows.get(f"range_memset/{parts[-1]}")
        ratio = f"{base['real_time'] / b['real_time']:.2f}x" if base else ""
        vs_fill = f"{b['real_time'] / fill['real_time']:.2f}x slower" if fill and fill is not b else ""
        lines.append(f"| `{name}` | {ns:.2f} | {ratio} | {vs_fill} |")
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
    md = (f"Machine: {cpu_name()}, {results['context'].get('num_cpus')} CPUs; "
          f"10 M values joined with ',' into a warm preallocated buffer; ratios from the same run.\n\n"
          + table(results) + "\n")
    (out / "cpp.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
