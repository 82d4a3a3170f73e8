"""simdigits: integers to decimal text, as fast as the hardware allows.

    >>> import simdigits
    >>> simdigits.concat_range(5)
    '01234'
    >>> simdigits.join([3, -1, 2**70], sep=", ")
    '3, -1, 1180591620717411303424'

Every function computes the exact length of its result first, allocates the str (or bytes) once at
that size, and writes it in place with the GIL released for large inputs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from ._core import (
    __version__,
    backends,
    concat_range,
    formatted_length,
    get_backend,
    join,
    range_length,
    set_backend,
)

__all__ = [
    "__version__",
    "backends",
    "concat_range",
    "formatted_length",
    "get_backend",
    "join",
    "range_length",
    "set_backend",
    "use_backend",
]


@contextlib.contextmanager
def use_backend(name: str) -> Iterator[str]:
    """Use backend `name` inside a `with` block (process-wide), then restore the previous one."""
    previous = get_backend()
    set_backend(name)
    try:
        yield name
    finally:
        set_backend(previous)


def _backend_from_environment() -> None:
    name = os.environ.get("SIMDIGITS_BACKEND")
    if name:
        set_backend(name)  # ValueError names the backends this CPU has


_backend_from_environment()
