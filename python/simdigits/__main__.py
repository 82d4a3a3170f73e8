"""Command line: `python -m simdigits bench [--quick]`, `python -m simdigits seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`."""

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"bench": "simdigits._bench", "seq": "simdigits._seq"}
    if not argv or argv[0] not in commands:
        print("usage: simdigits {bench,seq} [options]   (simdigits bench --help, simdigits seq --help)", file=sys.stderr)
        return 2
    import importlib

    return importlib.import_module(commands[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
