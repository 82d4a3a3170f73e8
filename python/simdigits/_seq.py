"""`simdigits seq`: the integer subset of GNU seq, with the same output and the same errors.

    simdigits seq [-s SEP] [-w] [--threads N] [FIRST [INCREMENT]] LAST

Prints FIRST, FIRST+INCREMENT, ... up to LAST, separated by SEP (default a newline) and ended by a
newline. -w pads with leading zeros to equal width. Output goes to stdout in large writes.
"""

from __future__ import annotations

import os
import signal
import sys

from . import _core

PROG = "seq"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class _Usage(Exception):
    pass


def _fail(message: str) -> int:
    sys.stderr.write(f"{PROG}: {message}\nTry '{PROG} --help' for more information.\n")
    return 1


def _parse(argv: list[str]):
    sep, equal_width, threads, operands = b"\n", False, None, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            operands += argv[i + 1:]
            break
        if a in ("-s", "--separator") or a.startswith("--separator="):
            if "=" in a:
                value = a.split("=", 1)[1]
            else:
                i += 1
                if i == len(argv):
                    raise _Usage("option requires an argument -- 's'")
                value = argv[i]
            sep = os.fsencode(value)
        elif a.startswith("-s") and len(a) > 2:
            sep = os.fsencode(a[2:])
        elif a in ("-w", "--equal-width"):
            equal_width = True
        elif a == "--threads" or a.startswith("--threads="):
            if "=" in a:
                value = a.split("=", 1)[1]
            else:
                i += 1
                value = argv[i] if i < len(argv) else ""
            if not value.isdigit() or int(value) < 1:
                raise _Usage(f"invalid thread count: '{value}'")
            threads = int(value)
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__.split("\n\n", 1)[1])
            raise SystemExit(0)
        elif a.startswith("-") and len(a) > 1 and not _is_number(a):
            raise _Usage(f"invalid option -- '{a.lstrip('-')[:1]}'")
        else:
            operands.append(a)
        i += 1
    return sep, equal_width, threads, operands


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _integer(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        if _is_number(text):
            raise _Usage(f"only integer arguments are supported: '{text}'") from None
        raise _Usage(f"invalid floating point argument: '{text}'") from None


def _generic(first: int, step: int, last: int, sep: bytes, width: int, out) -> None:
    """Any integers (beyond int64 too) and -w: Python's own formatting, in batches."""
    numbers = range(first, last + (1 if step > 0 else -1), step)
    if not numbers:
        return
    batch = 1 << 16
    for k in range(0, len(numbers), batch):
        part = numbers[k:k + batch]
        text = sep.join(f"{v:0{width}d}".encode() for v in part) if width else sep.join(str(v).encode() for v in part)
        out.write((sep if k else b"") + text)
    out.write(b"\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        sep, equal_width, threads, operands = _parse(argv)
        if not operands:
            raise _Usage("missing operand")
        if len(operands) > 3:
            raise _Usage(f"extra operand '{operands[3]}'")
        values = [_integer(t) for t in operands]
    except _Usage as e:
        return _fail(str(e))
    first, step, last = 1, 1, values[-1]
    if len(values) >= 2:
        first = values[0]
    if len(values) == 3:
        step = values[1]
    if step == 0:
        return _fail(f"invalid Zero increment value: '{operands[1]}'")
    # Like GNU seq, die quietly on a closed pipe (`simdigits seq 1 1000000 | head`).
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    out = sys.stdout.buffer
    width = max(len(str(first)), len(str(last))) if equal_width else 0
    if equal_width or not all(INT64_MIN < v < INT64_MAX for v in (first, last)) or abs(step) > INT64_MAX:
        _generic(first, step, last, sep, width, out)
    else:
        out.flush()
        # LAST is inclusive; LAST +- 1 stays in int64 since LAST is not an int64 end.
        _core._write_range_to_fd(out.fileno(), first, last + (1 if step > 0 else -1), step, sep, threads or 1)
    out.flush()
    return 0
