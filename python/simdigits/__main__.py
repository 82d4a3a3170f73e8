"""The `simdigits` command (also `python -m simdigits`): `simdigits seq ...`, `simdigits bench ...`."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys

COMMANDS = {
    "seq": ("simdigits._seq", "print a sequence of integers, as GNU seq does for integer arguments"),
    "bench": ("simdigits._bench", "time simdigits against pure Python and the peers, side by side"),
}


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="simdigits",
        description="Integers to decimal text, as fast as the hardware allows.",
        epilog="Run 'simdigits COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"simdigits {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (_, summary) in COMMANDS.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            # Each command parses its own options: seq as GNU's getopt_long does, bench with argparse.
            return importlib.import_module(COMMANDS[argv[0]][0]).main(argv[1:])
        parser = _parser()
        parser.parse_args(argv)  # exits for --help, --version and mistakes; what is left has no command
        parser.error(f"a command is required ({', '.join(COMMANDS)})")
    except KeyboardInterrupt:
        # Ctrl-C ends the program as the signal would, with no traceback.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.raise_signal(signal.SIGINT)
        return 130


if __name__ == "__main__":
    sys.exit(main())
