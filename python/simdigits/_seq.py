"""`simdigits seq`: GNU seq for integer arguments, with the same output, errors and exit status."""

from __future__ import annotations

import errno
import locale
import os
import re
import signal
import sys
import unicodedata

from . import _core

PROG = "seq"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

USAGE = """\
Usage: seq [OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print integers from FIRST to LAST, in steps of INCREMENT (simdigits: GNU seq for integer arguments).

  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --threads=N          format with N threads (default 1)
      --help               display this help and exit
      --version            output version information and exit

If FIRST or INCREMENT is omitted, it defaults to 1. An omitted INCREMENT
defaults to 1 even when LAST is smaller than FIRST. FIRST, INCREMENT and LAST
are decimal integers of any size; INCREMENT must not be 0. Output is what GNU
seq prints for the same arguments; -f/--format and non-integer arguments are
refused.
"""

# GNU seq's options as getopt_long sees them: name -> takes an argument. --threads is ours.
LONG_OPTIONS = {"format": True, "separator": True, "equal-width": False, "help": False, "version": False,
                "threads": True}
SHORT_OPTIONS = {"f": "format", "s": "separator", "w": "equal-width"}

# What strtold accepts (so GNU seq reads as a number), in ASCII; of those, seq here takes integers.
_SPACE = " \t\n\v\f\r"
_INTEGER = re.compile(rf"[{_SPACE}]*[+-]?[0-9]+\Z")
_NUMBER = re.compile(
    rf"[{_SPACE}]*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?|inf(?:inity)?)\Z", re.IGNORECASE)
_NAN = re.compile(rf"[{_SPACE}]*[+-]?nan(?:\([0-9a-zA-Z_]*\))?\Z", re.IGNORECASE)


class _Usage(Exception):
    """A mistake on the command line: GNU prints the message and a pointer to --help, and exits 1."""


class _Version(Exception):
    pass


def _utf8_locale() -> bool:
    try:
        locale.setlocale(locale.LC_ALL, "")
        return locale.nl_langinfo(locale.CODESET).upper().replace("-", "") == "UTF8"
    except (locale.Error, AttributeError):
        return False


_ESCAPES = {0x07: "a", 0x08: "b", 0x0C: "f", 0x0A: "n", 0x0D: "r", 0x09: "t", 0x0B: "v", 0x5C: "\\"}


def _characters(raw: bytes, utf8: bool):
    """The argument's characters as (bytes, str or None when not a character of the locale)."""
    i = 0
    while i < len(raw):
        n = 1
        if utf8 and raw[i] >= 0xC0:
            n = 2 if raw[i] < 0xE0 else 3 if raw[i] < 0xF0 else 4
        try:
            char = raw[i:i + n].decode("utf-8" if utf8 else "ascii")
        except UnicodeDecodeError:
            n, char = 1, None
        yield raw[i:i + n], char
        i += n


def _quote(text: str) -> str:
    """GNU's quote() (gnulib's locale quoting): curly quotes where the locale's charset is UTF-8, else
    ASCII ones; backslash escapes for control characters, the closing quote and backslash, octal for
    bytes that are no printable character of the locale."""
    utf8 = _utf8_locale()
    left, right = ("\u2018", "\u2019") if utf8 else ("'", "'")
    out = []
    for unit, char in _characters(os.fsencode(text), utf8):
        if len(unit) == 1 and unit[0] in _ESCAPES:
            out.append("\\" + _ESCAPES[unit[0]])
        elif char is None or not (char.isprintable() or unicodedata.category(char) == "Cf" and ord(char) > 0x7F):
            out.append("".join(f"\\{b:03o}" for b in unit))
        else:
            out.append("\\" + char if char == right else char)
    return left + "".join(out) + right


def _parse(argv: list[str]):
    """GNU seq's getopt_long("+f:s:w") loop: options until the first operand or a negative number."""
    opts: dict[str, str | None] = {}
    i = 0

    def separate_argument(missing: str) -> str:
        """The option's argument as the next word (-s ',' or --separator ','), which i then skips."""
        nonlocal i
        i += 1
        if i == len(argv):
            raise _Usage(missing)
        return argv[i]

    while i < len(argv):
        a = argv[i]
        if a.startswith("-") and len(a) > 1 and (a[1] == "." or a[1].isascii() and a[1].isdigit()):
            break  # a negative number: the operands start here
        if a == "--":
            i += 1
            break
        if a.startswith("--"):
            name, eq, value = a[2:].partition("=")
            matches = [name] if name in LONG_OPTIONS else [n for n in LONG_OPTIONS if n.startswith(name)]
            if not matches:
                raise _Usage(f"unrecognized option '{a}'")
            if len(matches) > 1:
                raise _Usage(f"option '{a}' is ambiguous; possibilities:" + "".join(f" '--{m}'" for m in matches))
            full = matches[0]
            if LONG_OPTIONS[full]:
                opts[full] = value if eq else separate_argument(f"option '--{full}' requires an argument")
            elif eq:
                raise _Usage(f"option '--{full}' doesn't allow an argument")
            else:
                opts[full] = None
            if full in ("help", "version"):
                return opts, []
        elif not a.startswith("-") or a == "-":
            break  # "+" in the option string: the first operand ends the options
        else:
            for k, c in enumerate(a[1:], 1):
                if c not in SHORT_OPTIONS:
                    raise _Usage(f"invalid option -- '{c}'")
                name = SHORT_OPTIONS[c]
                if not LONG_OPTIONS[name]:
                    opts[name] = None
                    continue
                opts[name] = a[k + 1:] or separate_argument(f"option requires an argument -- '{c}'")
                break
        i += 1
    return opts, argv[i:]


def _scan(text: str) -> int:
    """An operand as GNU's scan_arg reads it, for the integers seq here prints."""
    if _INTEGER.match(text):
        return int(text.lstrip(_SPACE))
    if _NAN.match(text):
        raise _Usage(f"invalid {_quote('not-a-number')} argument: {_quote(text)}")
    if _NUMBER.match(text):
        raise _Usage(f"only integer arguments are supported: {_quote(text)}")
    raise _Usage(f"invalid floating point argument: {_quote(text)}")


def _width(text: str) -> int:
    """-w's width of an integer operand, as GNU counts it: its text without leading blanks and '+'."""
    return len(text.lstrip(_SPACE + "+"))


def _is_negative_zero(text: str) -> bool:
    return text.lstrip(_SPACE).startswith("-") and int(text.lstrip(_SPACE)) == 0


def _caller_ignores_sigpipe() -> bool:
    """Whether SIGPIPE came ignored, as GNU seq would see it (it then reports 'Broken pipe').

    CPython ignores SIGPIPE before any of our code runs, so the disposition this process was started
    with is lost; the parent's is the best witness (a shell's `trap '' PIPE` is inherited). A Python
    parent always ignores it itself while its subprocess module restores the default in children, so
    there the default is assumed.
    """
    ppid = os.getppid()
    try:
        if os.path.basename(os.readlink(f"/proc/{ppid}/exe")).startswith("python"):
            return False
        with open(f"/proc/{ppid}/status") as status:
            for line in status:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) >> (signal.SIGPIPE - 1) & 1)
    except (OSError, ValueError):
        pass
    return False


def _ranges(first: int, step: int, last: int, size: int = 1 << 16):
    """range(first, last inclusive, step) in pieces of `size` numbers, never asking len() of the whole
    (which overflows past 2**63 numbers)."""
    end = last + (1 if step > 0 else -1)
    while (step > 0 and first < end) or (step < 0 and first > end):
        stop = first + size * step
        stop = min(stop, end) if step > 0 else max(stop, end)
        yield range(first, stop, step)
        first = stop


def _write_pieces(first: int, step: int, last: int, sep: bytes, width: int, negative_zero: bool, out) -> None:
    """Any integers (past int64 too), -w and -0: the range in pieces, each joined by the core."""
    started = False
    if negative_zero and (first <= last if step > 0 else first >= last):
        out.write(b"-" + b"0" * max(width - 1, 1))
        first += step
        started = True
    for numbers in _ranges(first, step, last):
        if width:
            text = sep.join(f"{v:0{width}d}".encode() for v in numbers)
        else:
            text = _core.join(numbers, sep, True, None, None)
        out.write((sep if started else b"") + text)
        started = True
    if started:
        out.write(b"\n")


def _fail(message: str) -> int:
    sys.stderr.write(f"{PROG}: {message}\nTry '{PROG} --help' for more information.\n")
    return 1


def _silence_stdout() -> None:
    """After a write error, point fd 1 at /dev/null so that the interpreter's last flush is quiet."""
    if sys.stdout is None:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts, operands = _parse(argv)
        if "help" in opts:
            sys.stdout.write(USAGE)
            return 0
        if "version" in opts:
            sys.stdout.write(f"seq (simdigits) {_core.__version__}\n")
            return 0
        if not operands:
            raise _Usage("missing operand")
        if len(operands) > 3:
            raise _Usage(f"extra operand {_quote(operands[3])}")
        if "format" in opts and "equal-width" in opts:
            raise _Usage("format string may not be specified when printing equal width strings")
        # GNU's order: LAST (or FIRST), then the increment's zero check, then LAST.
        values = []
        for k, text in enumerate(operands):
            values.append(_scan(text))
            if k == 1 and len(operands) == 3 and values[1] == 0:
                raise _Usage(f"invalid Zero increment value: {_quote(text)}")
        if "format" in opts:
            raise _Usage("-f/--format is not supported: simdigits seq prints integers as GNU's default format does")
        threads = 1
        if "threads" in opts:
            value = opts["threads"] or ""
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                raise _Usage(f"invalid thread count: {_quote(value)}")
            threads = int(value)
    except _Usage as e:
        return _fail(str(e))
    sep = os.fsencode(opts.get("separator", "\n"))
    first_text = operands[0] if len(operands) >= 2 else "1"
    first, step, last = (values[0] if len(values) >= 2 else 1), (values[1] if len(values) == 3 else 1), values[-1]
    width = max(_width(first_text), _width(operands[-1])) if "equal-width" in opts else 0
    negative_zero = _is_negative_zero(first_text)

    if not _caller_ignores_sigpipe():
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # like GNU seq: die quietly on a closed pipe
    try:
        if sys.stdout is None:  # started with fd 1 closed
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        out = sys.stdout.buffer
        if width or negative_zero or not all(INT64_MIN < v < INT64_MAX for v in (first, last)) or abs(step) > INT64_MAX:
            _write_pieces(first, step, last, sep, width, negative_zero, out)
        else:
            out.flush()
            # LAST is inclusive; LAST +- 1 stays in int64 since LAST is not an int64 end.
            _core._write_range_to_fd(out.fileno(), first, last + (1 if step > 0 else -1), step, sep, threads)
        out.flush()
    except OSError as e:
        _silence_stdout()
        sys.stderr.write(f"{PROG}: write error: {os.strerror(e.errno) if e.errno else e}\n")
        return 1
    return 0
